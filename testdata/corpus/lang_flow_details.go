// Control flow that Go defines precisely: defers in a loop and on named results, a panic recovered and raised again in a deferred call, method values, iterators with break and return, shadowing, copies in range, invalid UTF-8.
package main

import (
	"errors"
	"fmt"
	"iter"
	"maps"
	"slices"
	"strings"
)

type Counter struct{ n int }

func (c *Counter) Inc() int { c.n++; return c.n }
func (c Counter) Get() int  { return c.n }

func safeDiv(a, b int) (res int, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("caught: %v", r)
			res = -1
		}
	}()
	return a / b, nil
}

func triple() (x int) {
	defer func() { x *= 3 }()
	x = 2
	return x + 1
}

func rethrow() (msg string) {
	defer func() {
		msg = fmt.Sprint("outer got ", recover())
	}()
	defer func() {
		if r := recover(); r != nil {
			panic(fmt.Sprint("re:", r))
		}
	}()
	panic("first")
}

func Evens(limit int) iter.Seq[int] {
	return func(yield func(int) bool) {
		for i := 0; i < limit; i += 2 {
			if !yield(i) {
				return
			}
		}
	}
}

func Pairs(words []string) iter.Seq2[int, string] {
	return func(yield func(int, string) bool) {
		for i, w := range words {
			if !yield(i, strings.ToUpper(w)) {
				return
			}
		}
	}
}

func firstOver(limit, n int) int {
	for v := range Evens(limit) {
		if v > n {
			return v
		}
	}
	return -1
}

var ErrStop = errors.New("stop")

func main() {
	for i := 0; i < 3; i++ {
		defer fmt.Println("deferred", i)
	}
	fmt.Println(safeDiv(7, 0))
	fmt.Println(safeDiv(9, 3))
	fmt.Println(triple(), rethrow())
	c := Counter{}
	inc := c.Inc
	get := c.Get
	inc()
	inc()
	fmt.Println(c.n, get(), c.Get())
	for v := range Evens(10) {
		if v == 2 {
			continue
		}
		if v == 8 {
			break
		}
		fmt.Print(v, " ")
	}
	fmt.Println()
	for i, w := range Pairs([]string{"a", "b", "c"}) {
		fmt.Print(i, w, ";")
	}
	fmt.Println(firstOver(20, 7))
	for i := range 3 {
		fmt.Print(i)
	}
	fmt.Println()
	m := map[string]int{"x": 1, "y": 2, "z": 3}
	keys := slices.Collect(maps.Keys(m))
	slices.Sort(keys)
	fmt.Println(keys, slices.Sorted(maps.Values(m)))
	ch := make(chan int, 3)
	ch <- 1
	ch <- 2
	close(ch)
	count := 0
	for range ch {
		count++
	}
	fmt.Println(count)
	x := 10
	if x := 5; x > 3 {
		fmt.Println("inner", x)
	} else if y := x * 2; y > 0 {
		fmt.Println(y)
	}
	fmt.Println("outer", x)
	grid := [3][3]int{}
	for i := range grid {
		for j := range grid[i] {
			grid[i][j] = i * j
		}
	}
	fmt.Println(grid, len(grid[0]))
	type P struct{ X, Y int }
	ps := []P{{1, 2}, {3, 4}}
	for _, p := range ps {
		p.X = 100
	}
	for i := range ps {
		ps[i].Y *= 10
	}
	fmt.Println(ps)
	s := []int{1, 2, 3, 4, 5}
	copy(s[1:], s)
	fmt.Println(s)
	bad := "a\xffb"
	for i, r := range bad {
		fmt.Print(i, ":", r, " ")
	}
	fmt.Println(len(bad))
	f := 3.99
	fmt.Println(int(f), int(-f), uint8(int(300)%256))
	var e error = fmt.Errorf("wrap: %w", ErrStop)
	switch {
	case errors.Is(e, ErrStop):
		fmt.Println("stop!")
		fallthrough
	case false:
		fmt.Println("fell")
	}
	funcs := make([]func(), 0)
	for _, name := range []string{"a", "b"} {
		funcs = append(funcs, func() { fmt.Print(name) })
	}
	for _, f := range funcs {
		f()
	}
	fmt.Println()
	goto end
end:
	fmt.Println("end")
}
