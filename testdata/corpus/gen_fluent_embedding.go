// Generic methods returning the receiver type (fluent Vec[T]) and generic types embedding other generic types.
package main

import (
	"fmt"
	"slices"
)

type Vec[T int | float64] []T

func (v Vec[T]) Add(o Vec[T]) Vec[T] {
	out := slices.Clone(v)
	for i := range min(len(v), len(o)) {
		out[i] += o[i]
	}
	return out
}

func (v Vec[T]) Scale(k T) Vec[T] {
	out := make(Vec[T], len(v))
	for i, x := range v {
		out[i] = x * k
	}
	return out
}

// Counter is embedded into Labeled, so its methods are promoted.
type Counter[T comparable] struct{ counts map[T]int }

func (c *Counter[T]) Inc(k T) *Counter[T] {
	if c.counts == nil {
		c.counts = map[T]int{}
	}
	c.counts[k]++
	return c
}

func (c *Counter[T]) Count(k T) int { return c.counts[k] }

type Labeled[T comparable] struct {
	Counter[T]
	Label string
}

func (l *Labeled[T]) Report(keys ...T) string {
	s := l.Label + ":"
	for _, k := range keys {
		s += fmt.Sprintf(" %v=%d", k, l.Count(k))
	}
	return s
}

func main() {
	force := Vec[float64]{1.5, -2, 0.5}
	wind := Vec[float64]{0.5, 1, 1}
	fmt.Println("net force:", force.Add(wind).Scale(2))
	fmt.Println("cancelled:", force.Scale(-1).Add(force), "original:", force)
	steps := Vec[int]{1, 2, 3}.Scale(3).Add(Vec[int]{10, 10})
	fmt.Printf("%T %v\n", steps, steps)

	votes := &Labeled[string]{Label: "poll"}
	votes.Inc("tea").Inc("coffee").Inc("tea").Inc("water").Inc("tea")
	fmt.Println(votes.Report("tea", "coffee", "juice"))
	dice := Labeled[int]{Label: "dice"}
	for _, r := range []int{6, 2, 6, 6, 3} {
		dice.Inc(r)
	}
	fmt.Println(dice.Report(1, 6), "via embedded:", dice.Counter.Count(2))
}
