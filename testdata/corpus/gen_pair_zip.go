// A generic Pair[K, V] with Zip, Unzip and Swap, plus an iter.Seq2 over pairs for exam results.
package main

import (
	"fmt"
	"iter"
	"slices"
)

type Pair[K, V any] struct {
	Key K
	Val V
}

func (p Pair[K, V]) String() string { return fmt.Sprintf("(%v, %v)", p.Key, p.Val) }

func Swap[K, V any](p Pair[K, V]) Pair[V, K] { return Pair[V, K]{p.Val, p.Key} }

func Zip[K, V any](ks []K, vs []V) []Pair[K, V] {
	n := min(len(ks), len(vs))
	out := make([]Pair[K, V], n)
	for i := range n {
		out[i] = Pair[K, V]{ks[i], vs[i]}
	}
	return out
}

func Unzip[K, V any](ps []Pair[K, V]) ([]K, []V) {
	ks, vs := make([]K, len(ps)), make([]V, len(ps))
	for i, p := range ps {
		ks[i], vs[i] = p.Key, p.Val
	}
	return ks, vs
}

func Entries[K, V any](ps []Pair[K, V]) iter.Seq2[K, V] {
	return func(yield func(K, V) bool) {
		for _, p := range ps {
			if !yield(p.Key, p.Val) {
				return
			}
		}
	}
}

func main() {
	students := []string{"ines", "marco", "yuki", "omar"}
	grades := []int{88, 72, 95}
	results := Zip(students, grades)
	fmt.Println("pairs:", results)

	slices.SortFunc(results, func(a, b Pair[string, int]) int { return b.Val - a.Val })
	fmt.Println("top:", results[0])
	fmt.Println("swapped:", Swap(results[0]))

	names, marks := Unzip(results)
	fmt.Println("ranked names:", names, "marks:", marks)

	for name, g := range Entries(results) {
		if g < 80 {
			fmt.Println("needs retake:", name)
		}
	}
	fmt.Printf("%v %T\n", Pair[bool, float64]{true, 0.5}, Swap(Pair[bool, float64]{}))
}
