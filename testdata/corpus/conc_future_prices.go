// Futures for a price comparison: helpers start a goroutine and hand back its result with return <-c.
package main

import (
	"fmt"
	"strings"
)

var catalog = map[string]map[string]int{
	"corner-shop": {"milk": 129, "bread": 249, "eggs": 319},
	"megamart":    {"milk": 99, "bread": 279, "eggs": 289},
	"organic-co":  {"milk": 189, "bread": 199, "eggs": 459},
}

// basketPrice runs the lookup in a goroutine and waits for it.
func basketPrice(store string, items []string) int {
	c := make(chan int)
	go func() {
		total := 0
		for _, it := range items {
			total += catalog[store][it]
		}
		c <- total
	}()
	return <-c
}

// startQuote returns at once; await collects later.
func startQuote(store, item string) <-chan int {
	c := make(chan int, 1)
	go func() { c <- catalog[store][item] }()
	return c
}

func await(c <-chan int) int {
	return <-c
}

func main() {
	stores := []string{"corner-shop", "megamart", "organic-co"}
	basket := []string{"milk", "bread", "eggs", "milk"}

	best, bestPrice := "", 0
	for _, s := range stores {
		p := basketPrice(s, basket)
		fmt.Printf("%-12s %d.%02d\n", s, p/100, p%100)
		if best == "" || p < bestPrice {
			best, bestPrice = s, p
		}
	}
	fmt.Println("cheapest basket:", best)

	// Start all bread quotes concurrently, then await them in store order.
	futures := make([]<-chan int, len(stores))
	for i, s := range stores {
		futures[i] = startQuote(s, "bread")
	}
	var parts []string
	for i, f := range futures {
		parts = append(parts, fmt.Sprintf("%s=%d", stores[i], await(f)))
	}
	fmt.Println("bread:", strings.Join(parts, ", "))
}
