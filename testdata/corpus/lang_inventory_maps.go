// Inventory with maps of structs, maps of slices, and struct values used as map keys.
package main

import (
	"fmt"
	"sort"
)

type Item struct {
	Name  string
	Qty   int
	Price float64
}

type Location struct {
	Aisle int
	Shelf string
}

func main() {
	stock := map[string]Item{
		"apple":  {"Apple", 50, 0.4},
		"bread":  {"Bread", 12, 2.5},
		"cheese": {"Cheese", 7, 6.75},
	}
	// Map elements are not addressable: copy, modify, store back.
	it := stock["bread"]
	it.Qty -= 5
	stock["bread"] = it

	ptrStock := map[string]*Item{"milk": {"Milk", 20, 1.1}}
	ptrStock["milk"].Qty -= 3 // fine through a pointer

	if _, ok := stock["milk"]; !ok {
		stock["milk"] = *ptrStock["milk"]
	}
	keys := make([]string, 0, len(stock))
	for k := range stock {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	value := 0.0
	for _, k := range keys {
		item := stock[k]
		value += float64(item.Qty) * item.Price
		fmt.Printf("%-7s qty=%3d price=%5.2f\n", item.Name, item.Qty, item.Price)
	}
	fmt.Printf("stock value: %.2f\n", value)

	places := map[Location][]string{}
	put := func(l Location, name string) { places[l] = append(places[l], name) }
	put(Location{1, "A"}, "apple")
	put(Location{2, "B"}, "cheese")
	put(Location{1, "A"}, "bread")
	put(Location{1, "C"}, "milk")
	locs := make([]Location, 0, len(places))
	for l := range places {
		locs = append(locs, l)
	}
	sort.Slice(locs, func(i, j int) bool {
		if locs[i].Aisle != locs[j].Aisle {
			return locs[i].Aisle < locs[j].Aisle
		}
		return locs[i].Shelf < locs[j].Shelf
	})
	for _, l := range locs {
		fmt.Printf("aisle %d shelf %s: %v\n", l.Aisle, l.Shelf, places[l])
	}
	fmt.Println("equal key:", places[Location{Aisle: 1, Shelf: "A"}], "missing is nil:", places[Location{9, "Z"}] == nil)
}
