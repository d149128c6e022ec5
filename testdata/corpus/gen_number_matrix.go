// A Number constraint with ~int | ~float64, Sum over named types and a generic Matrix.
package main

import "fmt"

type Number interface {
	~int | ~int64 | ~float64
}

type Cents int
type Meters float64

func Sum[T Number](xs []T) T {
	var total T
	for _, x := range xs {
		total += x
	}
	return total
}

func Average[T Number](xs []T) float64 {
	if len(xs) == 0 {
		return 0
	}
	return float64(Sum(xs)) / float64(len(xs))
}

type Matrix[T Number] [][]T

func (m Matrix[T]) RowSums() []T {
	out := make([]T, len(m))
	for i, row := range m {
		out[i] = Sum(row)
	}
	return out
}

func (m Matrix[T]) Transpose() Matrix[T] {
	t := make(Matrix[T], len(m[0]))
	for j := range t {
		t[j] = make([]T, len(m))
		for i := range m {
			t[j][i] = m[i][j]
		}
	}
	return t
}

func main() {
	prices := []Cents{199, 250, 1299}
	fmt.Println("basket total (cents):", Sum(prices))
	fmt.Printf("basket total type: %T\n", Sum(prices))

	runs := []Meters{5000, 10000, 2500.5}
	fmt.Printf("distance: %.1f m, average %.2f m\n", Sum(runs), Average(runs))

	var ids []int64
	fmt.Println("empty sum:", Sum(ids), "empty avg:", Average(ids))

	sales := Matrix[int]{
		{3, 5, 2},
		{8, 1, 4},
	}
	fmt.Println("row sums:", sales.RowSums())
	fmt.Println("column sums:", sales.Transpose().RowSums())
	fmt.Println("transposed:", sales.Transpose())

	grid := Matrix[float64]{{0.5, 1.5}, {2.25, 0.75}}
	fmt.Println("float rows:", grid.RowSums())
}
