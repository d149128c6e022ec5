// A state machine whose String method reads a table in a package-level map, printed from func main.
package main

import (
	"fmt"
	"os"
	"strings"
	"unicode"
)

type State int

const (
	Idle State = iota
	Running
	Done
)

var names = map[State]string{Idle: "idle", Running: "running", Done: "done"}

func (s State) String() string { return names[s] }

type Shape interface {
	Area() float64
	Perimeter() float64
}

type Rect struct{ W, H float64 }
type Circle struct{ R float64 }

func (r Rect) Area() float64        { return r.W * r.H }
func (r Rect) Perimeter() float64   { return 2 * (r.W + r.H) }
func (c Circle) Area() float64      { return 3 * c.R * c.R }
func (c Circle) Perimeter() float64 { return 6 * c.R }

func describe(s Shape) string {
	switch v := s.(type) {
	case Rect:
		return fmt.Sprintf("rect %vx%v", v.W, v.H)
	case Circle:
		return fmt.Sprintf("circle r=%v", v.R)
	default:
		return "?"
	}
}

func divide(a, b int) (q int, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("recovered: %v", r)
		}
	}()
	q = a / b
	return
}

func counter() func() int {
	c := 0
	return func() int { c++; return c }
}

func main() {
	s := Running
	fmt.Println(s, Done, State(7))
	fmt.Printf("%v|%d|%s\n", s, s, s)
	shapes := []Shape{Rect{2, 3}, Circle{1}}
	total := 0.0
	for _, sh := range shapes {
		total += sh.Area()
		fmt.Println(describe(sh))
	}
	fmt.Println(total)
	fmt.Println(divide(7, 2))
	fmt.Println(divide(1, 0))
	next := counter()
	next()
	next()
	fmt.Println(next())
	var funcs []func() int
	for i := 0; i < 3; i++ {
		funcs = append(funcs, func() int { return i * i })
	}
	for _, f := range funcs {
		fmt.Print(f(), " ")
	}
	fmt.Println()
	text := "Hello, Wörld! 123"
	upper, digits := 0, 0
	for _, r := range text {
		switch {
		case unicode.IsUpper(r):
			upper++
		case unicode.IsDigit(r):
			digits++
		}
	}
	fmt.Println(upper, digits, len(text), len([]rune(text)), strings.Fields(text))
	for i, r := range "aö" {
		fmt.Print(i, ":", string(r), " ")
	}
	fmt.Println()
outer:
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			if j == 2 {
				continue outer
			}
			if i == 2 {
				break outer
			}
			fmt.Print(i, j, ";")
		}
	}
	fmt.Println()
	switch x := 2; x {
	case 1:
		fmt.Println("one")
	case 2:
		fmt.Println("two")
		fallthrough
	case 3:
		fmt.Println("three")
	default:
		fmt.Println("other")
	}
	var x uint8 = 250
	x += 10
	fmt.Println(x, 7>>1, -7/2, -7%2, 1<<10, 0x1F&^0x3)
	defer fmt.Println("deferred 1")
	defer func() {
		fmt.Println("deferred 2")
	}()
	if len(os.Args) > 5 {
		return
	}
	fmt.Println("end of main")
}
