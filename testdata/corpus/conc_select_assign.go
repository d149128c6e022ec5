// Select assignment forms (case v = <-c, case v, ok = <-c into existing variables) and case variables captured in a loop.
package main

import "fmt"

type sample struct{ value int }

func main() {
	temps := make(chan int, 4)
	control := make(chan string, 2)
	var never chan int // nil: this case can never be chosen

	var (
		last   sample
		mode   string
		hist   = map[string]int{}
		vals   [4]int
		ok     bool
		reads  int
		closed bool
	)

	control <- "eco"
	select {
	case mode = <-control:
	case <-never:
	}
	fmt.Println("mode:", mode)

	for _, t := range []int{18, 21, 25} {
		temps <- t
	}
	close(temps)
	for !closed {
		select {
		case vals[reads], ok = <-temps:
			if !ok {
				closed = true
				break
			}
			last.value = vals[reads]
			reads++
		case hist["never"] = <-never:
		}
	}
	fmt.Println("readings:", vals, "count:", reads, "last:", last.value)

	control <- "boost"
	select {
	case hist[mode] = <-temps: // temps is closed: zero value stored
	default:
	}
	select {
	case mode, ok = <-control:
		fmt.Println("mode now:", mode, ok)
	default:
	}
	fmt.Println("hist:", hist, "len:", len(hist))

	// Each select case declares a fresh msg; closures and pointers keep it.
	alerts := make(chan string, 3)
	alerts <- "door"
	alerts <- "window"
	alerts <- "smoke"
	var handlers []func() string
	var ptrs []*string
	for range 3 {
		select {
		case msg := <-alerts:
			handlers = append(handlers, func() string { return "alarm: " + msg })
			ptrs = append(ptrs, &msg)
		case <-never:
		}
	}
	*ptrs[1] = "garage"
	for i, h := range handlers {
		fmt.Println(i, h(), *ptrs[i])
	}
	fmt.Println("distinct variables:", ptrs[0] != ptrs[1] && ptrs[1] != ptrs[2])
}
