// Struct embedding: promoted fields and methods, a shadowing method, and an embedded pointer.
package main

import (
	"fmt"
	"strings"
)

type Address struct {
	City, Country string
}

func (a Address) Label() string { return a.City + ", " + a.Country }

type Person struct {
	Name string
	Age  int
	Address
}

func (p Person) Greeting() string { return "Hi, I'm " + p.Name }
func (p *Person) Birthday()       { p.Age++ }

type Employee struct {
	Person
	Title string
	*Team
}

type Team struct {
	Name    string
	Members int
}

func (t *Team) Join() { t.Members++ }

// Greeting shadows the promoted Person.Greeting but can still call it.
func (e Employee) Greeting() string {
	return e.Person.Greeting() + ", the " + strings.ToLower(e.Title)
}

func main() {
	backend := &Team{Name: "backend"}
	alice := Employee{
		Person: Person{Name: "Alice", Age: 30, Address: Address{"Lyon", "France"}},
		Title:  "Engineer",
		Team:   backend,
	}
	bob := Employee{Person: Person{Name: "Bob", Age: 41}, Title: "Manager", Team: backend}
	bob.City, bob.Country = "Oslo", "Norway"

	for _, e := range []*Employee{&alice, &bob} {
		e.Join()
		e.Birthday()
	}
	fmt.Println(alice.Greeting())
	fmt.Println(alice.Person.Greeting())
	fmt.Println(bob.Greeting())
	fmt.Println(alice.Label(), "|", bob.Address.Label())
	fmt.Println("ages:", alice.Age, bob.Person.Age)
	fmt.Println("shared team:", alice.Team.Name, "members:", bob.Members)
	// Person.Name and Team.Name are both promoted at depth 1, so Name must be qualified.
	fmt.Println("names:", alice.Person.Name, alice.Team.Name)

	copyOfAlice := alice
	copyOfAlice.City = "Paris"
	copyOfAlice.Join()
	fmt.Println("original city:", alice.City, "copy city:", copyOfAlice.City, "members:", alice.Members)
	fmt.Printf("%+v\n", alice.Person)
}
