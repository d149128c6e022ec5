// Generic helpers around goroutines and interfaces: Merge and a worker Pool over channels of T, Invert, a comparable constraint with a method, a type switch on any(v) with an interface case, ~string, embedded generic structs, recursion.
// corpus: wrong stdout differs: line 5: any(v) of a value with methods loses them to a type switch (README, known limits)
package main

import (
	"fmt"
	"sort"
	"strings"
	"sync"
)

func Merge[T any](cs ...<-chan T) <-chan T {
	out := make(chan T)
	var wg sync.WaitGroup
	for _, c := range cs {
		wg.Add(1)
		go func(c <-chan T) {
			defer wg.Done()
			for v := range c {
				out <- v
			}
		}(c)
	}
	go func() { wg.Wait(); close(out) }()
	return out
}

func Emit[T any](xs ...T) <-chan T {
	c := make(chan T, len(xs))
	for _, x := range xs {
		c <- x
	}
	close(c)
	return c
}

func Pool[In, Out any](workers int, in []In, f func(In) Out) []Out {
	out := make([]Out, len(in))
	var wg sync.WaitGroup
	jobs := make(chan int)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				out[i] = f(in[i])
			}
		}()
	}
	for i := range in {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	return out
}

func Invert[K, V comparable](m map[K]V) map[V]K {
	out := make(map[V]K, len(m))
	for k, v := range m {
		out[v] = k
	}
	return out
}

type Shape interface {
	Area() float64
	comparable
}

type Sq struct{ S float64 }

func (s Sq) Area() float64 { return s.S * s.S }

func Largest[T Shape](xs []T) (best T) {
	for _, x := range xs {
		if x.Area() > best.Area() {
			best = x
		}
	}
	return
}

func Describe[T any](v T) string {
	switch x := any(v).(type) {
	case int:
		return fmt.Sprintf("int %d", x)
	case string:
		return "string " + x
	case fmt.Stringer:
		return "stringer " + x.String()
	}
	return fmt.Sprintf("other %T", v)
}

type Celsius float64

func (c Celsius) String() string { return fmt.Sprintf("%.1f°C", float64(c)) }

type Upper interface{ ~string }

func Shout[S Upper](s S) S { return S(strings.ToUpper(string(s))) + "!" }

type Name string

func NewOf[T any]() *T { return new(T) }

type Stack[T any] struct{ xs []T }

func (s *Stack[T]) Push(v T) { s.xs = append(s.xs, v) }
func (s *Stack[T]) Drain() []T {
	out := s.xs
	s.xs = nil
	return out
}

type Counted[T any] struct {
	Stack[T]
	pushes int
}

func (c *Counted[T]) Add(v T) {
	c.pushes++
	c.Push(v)
}

func Count[T comparable](xs []T, v T) (n int) {
	for _, x := range xs {
		if x == v {
			n++
		}
	}
	return
}

func Fib[T ~int | ~int64](n T) T {
	if n < 2 {
		return n
	}
	return Fib(n-1) + Fib(n-2)
}

func main() {
	var got []int
	for v := range Merge(Emit(1, 2, 3), Emit(10, 20)) {
		got = append(got, v)
	}
	sort.Ints(got)
	fmt.Println(got)
	sq := Pool(3, []int{1, 2, 3, 4}, func(x int) string { return strings.Repeat("*", x) })
	fmt.Println(sq)
	inv := Invert(map[string]int{"a": 1, "b": 2})
	fmt.Println(inv[1], inv[2], len(inv))
	fmt.Println(Largest([]Sq{{1}, {3}, {2}}))
	fmt.Println(Describe(3), Describe("x"), Describe(Celsius(21.5)), Describe(2.5))
	fmt.Println(Shout("hi"), Shout(Name("bob")))
	fmt.Printf("%T %T\n", Shout(Name("x")), NewOf[Sq]())
	p := NewOf[int]()
	*p = 5
	fmt.Println(*p)
	var c Counted[string]
	c.Add("a")
	c.Add("b")
	push := c.Push
	push("c")
	fmt.Println(c.Drain(), c.pushes, len(c.xs))
	fmt.Println(Count([]string{"a", "b", "a"}, "a"), Count([]any{1, "1", 1}, any(1)))
	fmt.Println(Fib(10), Fib(int64(12)))
}
