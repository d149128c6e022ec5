// Instantiated generic functions used as values: stored in variables, maps and passed as arguments.
package main

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"
)

func Clamp[T cmp.Ordered](lo, hi T) func(T) T {
	return func(v T) T { return min(max(v, lo), hi) }
}

func Apply[T any](xs []T, fs ...func(T) T) []T {
	out := slices.Clone(xs)
	for _, f := range fs {
		for i := range out {
			out[i] = f(out[i])
		}
	}
	return out
}

func Double[T ~int | ~float64](v T) T { return v * 2 }

func Negate[T ~int | ~float64](v T) T { return -v }

func main() {
	// Explicit instantiation turns a generic function into an ordinary func value.
	dbl := Double[int]
	fmt.Printf("%T -> %d\n", dbl, dbl(21))

	ops := map[string]func(float64) float64{
		"double": Double[float64],
		"negate": Negate[float64],
		"clamp":  Clamp(0.0, 10.0),
	}
	for _, name := range slices.Sorted(maps.Keys(ops)) {
		fmt.Printf("%s(7.5) = %v\n", name, ops[name](7.5))
	}

	readings := []int{-4, 3, 9, 14}
	fmt.Println("pipeline:", Apply(readings, Double[int], Clamp(0, 20), Negate))

	var compare func(a, b string) int = cmp.Compare[string]
	names := []string{"adam", "Zoe", "Mia", "bea"}
	slices.SortFunc(names, compare)
	fmt.Println("byte order:", names)
	slices.SortFunc(names, func(a, b string) int { return compare(strings.ToLower(a), strings.ToLower(b)) })
	fmt.Println("case-insensitive:", names)

	pick := slices.Max[[]string]
	fmt.Println("max name:", pick(names))
}
