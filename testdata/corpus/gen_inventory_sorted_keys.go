// Sorted map keys: a hand-written generic Keys, maps.Keys/maps.Values with slices.Sorted.
package main

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
)

func SortedKeys[M ~map[K]V, K cmp.Ordered, V any](m M) []K {
	keys := make([]K, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

type Stock map[string]int

func (s Stock) Restock(item string, n int) { s[item] += n }

func main() {
	stock := Stock{"bolts": 120, "nuts": 80, "washers": 300, "anchors": 15}
	stock.Restock("hinges", 40)
	stock.Restock("nuts", 20)

	for _, name := range SortedKeys(stock) {
		fmt.Printf("%-8s %4d\n", name, stock[name])
	}

	names := slices.Sorted(maps.Keys(stock))
	fmt.Println("same order:", slices.Equal(names, SortedKeys(stock)))

	counts := slices.Sorted(maps.Values(stock))
	fmt.Println("quantities ascending:", counts)

	shelves := map[int]string{3: "C", 1: "A", 2: "B", 10: "J"}
	for _, n := range SortedKeys(shelves) {
		fmt.Printf("%d=%s;", n, shelves[n])
	}
	fmt.Println()

	low := 0
	for _, name := range SortedKeys(stock) {
		if stock[name] < 50 {
			fmt.Println("reorder:", name)
			low++
		}
	}
	fmt.Println("items to reorder:", low)
}
