// Closures capture variables by reference: counters, generators and per-iteration loop variables.
package main

import "fmt"

func makeCounter(start, step int) (next func() int, reset func()) {
	n := start
	next = func() int {
		v := n
		n += step
		return v
	}
	reset = func() { n = start }
	return next, reset
}

func fibGen() func() int {
	a, b := 0, 1
	return func() int {
		r := a
		a, b = b, a+b
		return r
	}
}

func main() {
	ticket, resetTicket := makeCounter(100, 5)
	other, _ := makeCounter(1, 1)
	for i := 0; i < 3; i++ {
		fmt.Println("ticket", ticket(), "other", other())
	}
	resetTicket()
	fmt.Println("after reset:", ticket(), ticket())

	fib := fibGen()
	var fibs []int
	for i := 0; i < 10; i++ {
		fibs = append(fibs, fib())
	}
	fmt.Println("fib:", fibs)

	// Each iteration of the loop has its own i, so every closure sees a different value.
	var jobs []func() string
	for i := 0; i < 3; i++ {
		jobs = append(jobs, func() string { return fmt.Sprintf("job-%d", i) })
	}
	for _, job := range jobs {
		fmt.Print(job(), " ")
	}
	fmt.Println()

	// Several closures sharing one captured variable.
	total := 0
	add := func(x int) { total += x }
	double := func() { total *= 2 }
	add(3)
	double()
	add(4)
	fmt.Println("total:", total)
}
