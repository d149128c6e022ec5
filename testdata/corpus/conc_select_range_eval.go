// Select and range evaluate what Go says they evaluate, when: channel operands and sent values on entry, a received value's destination only when chosen, range over an array copy, a range expression once.
package main

import "fmt"

var trace []string

func note(s string) { trace = append(trace, s) }

func val(n int) int             { note(fmt.Sprint("val", n)); return n }
func chanA(c chan int) chan int { note("chanA"); return c }
func idx(i int) int             { note(fmt.Sprint("idx", i)); return i }

type Prio int

func main() {
	a := make(chan int) // no receiver: only b's case is ready
	b := make(chan int, 1)
	b <- 5
	var got [3]int
	select {
	case chanA(a) <- val(1):
		note("sent")
	case got[idx(2)] = <-b:
		note("recv")
	}
	fmt.Println(trace, got)
	trace = nil
	c := make(chan int)
	select {
	case c <- val(7):
	default:
		note("default")
	}
	fmt.Println(trace)
	arr := [3]int{1, 2, 3}
	for i, v := range arr {
		arr[2] = 100
		if i == 2 {
			fmt.Println("array copy:", v)
		}
	}
	arr = [3]int{1, 2, 3}
	for i, v := range &arr {
		arr[2] = 100
		if i == 2 {
			fmt.Println("through pointer:", v)
		}
	}
	s := []int{1, 2, 3}
	for i, v := range s {
		if i == 0 {
			s = append(s, 4)
			s[2] = 30
		}
		fmt.Print(v, " ")
	}
	fmt.Println(len(s))
	n := 3
	for i := range n {
		n = 10
		fmt.Print(i)
	}
	fmt.Println()
	for p := range Prio(2) {
		fmt.Printf("%T=%v ", p, p)
	}
	fmt.Println()
	calls := 0
	items := func() []string { calls++; return []string{"x", "y"} }
	for range items() {
	}
	fmt.Println("calls", calls)
	var i, v int
	for i, v = range []int{7, 8, 9} {
	}
	fmt.Println(i, v)
	m := map[string]int{"a": 1}
	var k string
	for k = range m {
	}
	fmt.Println(k)
}
