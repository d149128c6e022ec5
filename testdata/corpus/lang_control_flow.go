// Labelled break and continue over nested loops, goto for a retry loop, and switch with fallthrough.
package main

import "fmt"

func findSeat(hall [][]string, want string) (row, col int, found bool) {
search:
	for r, line := range hall {
		for c, s := range line {
			if s == "X" {
				continue search // rest of this row is closed
			}
			if s == want {
				row, col, found = r, c, true
				break search
			}
		}
	}
	return
}

func shippingExtras(tier int) []string {
	extras := []string{}
	switch tier {
	case 3:
		extras = append(extras, "gift wrap")
		fallthrough
	case 2:
		extras = append(extras, "tracking")
		fallthrough
	case 1:
		extras = append(extras, "insurance")
	}
	return extras
}

func connect(failures int) (attempts int) {
retry:
	attempts++
	if attempts <= failures {
		fmt.Println("  attempt", attempts, "failed")
		goto retry
	}
	return
}

func main() {
	hall := [][]string{{"a", "X", "b"}, {"c", "d", "e"}, {"f", "b", "g"}}
	for _, w := range []string{"b", "e", "z"} {
		r, c, ok := findSeat(hall, w)
		fmt.Printf("seat %q: row=%d col=%d found=%v\n", w, r, c, ok)
	}
	for tier := 0; tier <= 3; tier++ {
		fmt.Println("tier", tier, shippingExtras(tier))
	}
	fmt.Println("connected after", connect(2), "attempts")

	primes := []int{}
outer:
	for n := 2; len(primes) < 8; n++ {
		for _, p := range primes {
			if n%p == 0 {
				continue outer
			}
		}
		primes = append(primes, n)
	}
	fmt.Println("primes:", primes)
}
