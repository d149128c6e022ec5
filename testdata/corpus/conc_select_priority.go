// A dispatch desk: select with several ready cases, made deterministic by counting totals and by a priority select.
package main

import "fmt"

func fill(urgent, routine chan string) {
	for _, c := range []string{"fire on 5th", "flooded road", "gas leak"} {
		urgent <- c
	}
	for _, c := range []string{"lost cat", "noise complaint", "parking", "streetlight out"} {
		routine <- c
	}
}

func main() {
	urgent := make(chan string, 8)
	routine := make(chan string, 8)

	// Both cases are ready, so select picks at random; only totals are printed.
	fill(urgent, routine)
	u, r := 0, 0
	for u+r < 7 {
		select {
		case <-urgent:
			u++
		case <-routine:
			r++
		}
	}
	fmt.Printf("random drain: %d urgent, %d routine\n", u, r)

	// Priority select: look at urgent alone first, fall back to both only
	// when urgent is empty, so the second select never has two ready cases.
	fill(urgent, routine)
	for n := 1; n <= 7; n++ {
		select {
		case c := <-urgent:
			fmt.Printf("%d. URGENT  %s\n", n, c)
			continue
		default:
		}
		select {
		case c := <-urgent:
			fmt.Printf("%d. URGENT  %s\n", n, c)
		case c := <-routine:
			fmt.Printf("%d. routine %s\n", n, c)
		}
	}

	// Two ready send cases that record the same outcome.
	left, right := make(chan int, 5), make(chan int, 5)
	for i := 1; i <= 5; i++ {
		select {
		case left <- i:
		case right <- i:
		}
	}
	fmt.Println("units dispatched:", len(left)+len(right))
	sum := 0
	for len(left) > 0 {
		sum += <-left
	}
	for len(right) > 0 {
		sum += <-right
	}
	fmt.Println("unit number checksum:", sum)
}
