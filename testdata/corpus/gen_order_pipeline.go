// Generic Map, Filter and Reduce chained into a pipeline over shop orders.
package main

import (
	"fmt"
	"strings"
)

type Order struct {
	ID       int
	Customer string
	Items    int
	Total    float64
}

func Map[T, U any](xs []T, f func(T) U) []U {
	out := make([]U, 0, len(xs))
	for _, x := range xs {
		out = append(out, f(x))
	}
	return out
}

func Filter[T any](xs []T, keep func(T) bool) []T {
	var out []T
	for _, x := range xs {
		if keep(x) {
			out = append(out, x)
		}
	}
	return out
}

func Reduce[T, A any](xs []T, init A, f func(A, T) A) A {
	acc := init
	for _, x := range xs {
		acc = f(acc, x)
	}
	return acc
}

func main() {
	orders := []Order{
		{1, "ana", 3, 42.50},
		{2, "bo", 1, 9.99},
		{3, "ana", 7, 120.00},
		{4, "chen", 2, 15.25},
		{5, "dee", 5, 77.10},
	}

	big := Filter(orders, func(o Order) bool { return o.Total >= 40 })
	fmt.Println("big orders:", len(big))

	ids := Map(big, func(o Order) int { return o.ID })
	fmt.Println("ids:", ids)

	names := Map(big, func(o Order) string { return strings.ToUpper(o.Customer) })
	fmt.Println("customers:", strings.Join(names, ","))

	revenue := Reduce(orders, 0.0, func(sum float64, o Order) float64 { return sum + o.Total })
	fmt.Printf("revenue: %.2f\n", revenue)

	items := Reduce(orders, 0, func(n int, o Order) int { return n + o.Items })
	fmt.Println("items shipped:", items)

	summary := Reduce(Filter(orders, func(o Order) bool { return o.Items > 2 }), "",
		func(s string, o Order) string { return s + fmt.Sprintf("[#%d %s]", o.ID, o.Customer) })
	fmt.Println("bulk:", summary)
}
