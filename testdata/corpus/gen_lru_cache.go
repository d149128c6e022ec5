// A generic LRU cache LRU[K comparable, V any] keeping keys in recency order, caching slow lookups.
package main

import (
	"fmt"
	"slices"
)

type LRU[K comparable, V any] struct {
	cap     int
	order   []K // least recently used first
	entries map[K]V
	evicted []K
}

func NewLRU[K comparable, V any](capacity int) *LRU[K, V] {
	return &LRU[K, V]{cap: capacity, entries: make(map[K]V)}
}

func (c *LRU[K, V]) touch(k K) {
	if i := slices.Index(c.order, k); i >= 0 {
		c.order = slices.Delete(c.order, i, i+1)
	}
	c.order = append(c.order, k)
}

func (c *LRU[K, V]) Get(k K) (V, bool) {
	v, ok := c.entries[k]
	if ok {
		c.touch(k)
	}
	return v, ok
}

func (c *LRU[K, V]) Put(k K, v V) {
	if _, ok := c.entries[k]; !ok && len(c.entries) == c.cap {
		c.evicted = append(c.evicted, c.order[0])
		delete(c.entries, c.order[0])
		c.order = c.order[1:]
	}
	c.entries[k] = v
	c.touch(k)
}

func main() {
	calls, cache := 0, NewLRU[int, int](3)
	slowSquare := func(n int) int { calls++; return n * n }
	lookup := func(n int) int {
		if v, ok := cache.Get(n); ok {
			return v
		}
		v := slowSquare(n)
		cache.Put(n, v)
		return v
	}
	var got []int
	for _, n := range []int{4, 5, 4, 6, 7, 4, 5, 5} {
		got = append(got, lookup(n))
	}
	fmt.Println("results:", got)
	fmt.Println("slow calls:", calls, "order:", cache.order, "evicted:", cache.evicted)
	pages := NewLRU[string, []byte](2)
	pages.Put("/home", []byte("<h1>hi</h1>"))
	pages.Put("/about", []byte("about us"))
	pages.Get("/home")
	pages.Put("/blog", []byte("posts"))
	_, hasAbout := pages.Get("/about")
	body, _ := pages.Get("/home")
	fmt.Println("about cached:", hasAbout, "home:", string(body), "order:", pages.order)
}
