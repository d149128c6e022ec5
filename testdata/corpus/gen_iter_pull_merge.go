// iter.Seq generators, range over func with early break, and iter.Pull to merge two sorted timetables.
package main

import (
	"fmt"
	"iter"
)

// Departures yields departure minutes from first, every interval, until last.
func Departures(first, interval, last int) iter.Seq[int] {
	return func(yield func(int) bool) {
		for t := first; t <= last; t += interval {
			if !yield(t) {
				return
			}
		}
	}
}

func Merge(a, b iter.Seq[int]) iter.Seq2[string, int] {
	return func(yield func(string, int) bool) {
		nextA, stopA := iter.Pull(a)
		defer stopA()
		nextB, stopB := iter.Pull(b)
		defer stopB()
		va, okA := nextA()
		vb, okB := nextB()
		for okA || okB {
			if okA && (!okB || va <= vb) {
				if !yield("bus", va) {
					return
				}
				va, okA = nextA()
			} else {
				if !yield("tram", vb) {
					return
				}
				vb, okB = nextB()
			}
		}
	}
}

func clock(m int) string { return fmt.Sprintf("%02d:%02d", 6+m/60, m%60) }

func main() {
	bus := Departures(0, 25, 120)
	tram := Departures(10, 40, 130)

	for t := range bus {
		fmt.Print(clock(t), " ")
	}
	fmt.Println("<- bus")

	for line, t := range Merge(bus, tram) {
		if t > 95 {
			fmt.Println("stop listing after", clock(t))
			break
		}
		fmt.Printf("%s %s\n", clock(t), line)
	}

	next, stop := iter.Pull(tram)
	first, _ := next()
	second, _ := next()
	stop()
	_, ok := next()
	fmt.Println("first trams:", clock(first), clock(second), "after stop ok:", ok)
}
