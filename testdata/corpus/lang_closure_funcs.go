// Function values in slices, function composition, and recursion through a closure variable.
package main

import (
	"fmt"
	"strings"
)

type transform func(string) string

func compose(steps ...transform) transform {
	return func(s string) string {
		for _, step := range steps {
			s = step(s)
		}
		return s
	}
}

func suffix(tail string) transform {
	return func(s string) string { return s + tail }
}

func main() {
	pipeline := []transform{strings.TrimSpace, strings.ToUpper, suffix("!")}
	input := "  hello gopher  "
	for i, step := range pipeline {
		input = step(input)
		fmt.Printf("step %d: %q\n", i, input)
	}

	shout := compose(strings.ToLower, suffix("?"), suffix("?"))
	fmt.Println(shout("Really"))

	// A closure that calls itself must be declared before it is assigned.
	memo := map[int]int{}
	var ways func(n int) int
	ways = func(n int) int {
		if n <= 1 {
			return 1
		}
		if v, ok := memo[n]; ok {
			return v
		}
		r := ways(n-1) + ways(n-2)
		memo[n] = r
		return r
	}
	for _, n := range []int{1, 5, 10, 40} {
		fmt.Printf("ways to climb %d stairs: %d\n", n, ways(n))
	}
	fmt.Println("memo entries:", len(memo))

	// Apply a table of operations to a running value.
	ops := []struct {
		name string
		fn   func(int) int
	}{
		{"add7", func(x int) int { return x + 7 }},
		{"square", func(x int) int { return x * x }},
		{"half", func(x int) int { return x / 2 }},
	}
	v := 3
	for _, op := range ops {
		v = op.fn(v)
		fmt.Println(op.name, "->", v)
	}
}
