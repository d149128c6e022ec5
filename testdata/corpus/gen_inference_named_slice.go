// Type argument inference: from arguments, from a named slice via [S ~[]E, E any], explicit and partial instantiation.
package main

import (
	"fmt"
	"strconv"
)

type Temperatures []float64

func (t Temperatures) Describe() string { return fmt.Sprintf("%d readings", len(t)) }

// Scale keeps the named slice type S, so methods stay available on the result.
func Scale[S ~[]E, E ~float64 | ~int](s S, factor E) S {
	out := make(S, len(s))
	for i, v := range s {
		out[i] = v * factor
	}
	return out
}

func Convert[To, From any](xs []From, f func(From) To) []To {
	out := make([]To, len(xs))
	for i, x := range xs {
		out[i] = f(x)
	}
	return out
}

func Zero[T any]() T {
	var z T
	return z
}

func First[S ~[]E, E any](s S) (E, bool) {
	if len(s) == 0 {
		return Zero[E](), false
	}
	return s[0], true
}

func main() {
	week := Temperatures{20.5, 22, 19.25}
	doubled := Scale(week, 2)
	fmt.Println(doubled.Describe(), doubled)
	fmt.Printf("%T\n", doubled)

	ints := Scale([]int{1, 2, 3}, 10)
	fmt.Printf("%T %v\n", ints, ints)

	labels := Convert[string]([]int{7, 8, 9}, strconv.Itoa)
	fmt.Printf("%T %q\n", labels, labels)

	lengths := Convert[int, string]([]string{"go", "iter", "generic"}, func(s string) int { return len(s) })
	fmt.Println("lengths:", lengths)

	fmt.Printf("zero values: %q %v %v\n", Zero[string](), Zero[int](), Zero[*int]() == nil)

	if v, ok := First(week); ok {
		fmt.Println("first reading:", v)
	}
	_, ok := First(Temperatures{})
	fmt.Println("empty has first:", ok)
}
