// A Set[T comparable] built on a map, used for BFS over a subway graph and for set algebra.
package main

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
)

type Set[T comparable] map[T]struct{}

func NewSet[T comparable](items ...T) Set[T] {
	s := Set[T]{}
	for _, it := range items {
		s.Add(it)
	}
	return s
}

func (s Set[T]) Add(v T)      { s[v] = struct{}{} }
func (s Set[T]) Has(v T) bool { _, ok := s[v]; return ok }
func (s Set[T]) Union(o Set[T]) Set[T] {
	out := maps.Clone(s)
	maps.Copy(out, o)
	return out
}

func (s Set[T]) Intersect(o Set[T]) Set[T] {
	out := Set[T]{}
	for v := range s {
		if o.Has(v) {
			out.Add(v)
		}
	}
	return out
}

func Sorted[T cmp.Ordered](s Set[T]) []T { return slices.Sorted(maps.Keys(s)) }

func bfs(graph map[string][]string, start string) []string {
	seen, order := NewSet(start), []string{start}
	for i := 0; i < len(order); i++ {
		for _, next := range graph[order[i]] {
			if !seen.Has(next) {
				seen.Add(next)
				order = append(order, next)
			}
		}
	}
	return order
}

func main() {
	subway := map[string][]string{
		"central": {"harbor", "museum"},
		"harbor":  {"central", "docks"},
		"museum":  {"central", "park", "docks"},
		"docks":   {"harbor", "museum"},
		"park":    {"museum"},
	}
	fmt.Println("from central:", bfs(subway, "central"))
	fmt.Println("from park:", bfs(subway, "park"))
	red := NewSet("central", "harbor", "docks")
	blue := NewSet("museum", "central", "park")
	fmt.Println("transfer stations:", Sorted(red.Intersect(blue)))
	fmt.Println("all stations:", Sorted(red.Union(blue)))
	fmt.Println("red has park:", red.Has("park"), "size:", len(red))
	fmt.Println("unique primes:", Sorted(NewSet(2, 3, 5, 7, 3, 2)))
}
