// Arrays are values copied on assignment and as arguments; 2D slices share rows unless copied.
package main

import "fmt"

type Grid [3][3]int

func rotate(g Grid) Grid { // g is a copy; the caller's grid is unchanged
	var r Grid
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			r[j][2-i] = g[i][j]
		}
	}
	return r
}

func newMatrix(rows, cols int, f func(i, j int) int) [][]int {
	m := make([][]int, rows)
	for i := range m {
		m[i] = make([]int, cols)
		for j := range m[i] {
			m[i][j] = f(i, j)
		}
	}
	return m
}

func multiply(a, b [][]int) [][]int {
	return newMatrix(len(a), len(b[0]), func(i, j int) int {
		sum := 0
		for k := range b {
			sum += a[i][k] * b[k][j]
		}
		return sum
	})
}

func main() {
	g := Grid{{1, 2, 3}, {4, 5, 6}, {7, 8, 9}}
	h := g
	h[1][1] = 0
	fmt.Println("g:", g, "h:", h, "equal:", g == h)
	fmt.Println("rotated:", rotate(g), "4 turns:", rotate(rotate(rotate(rotate(g)))) == g)
	a := newMatrix(2, 3, func(i, j int) int { return i + j })
	b := newMatrix(3, 2, func(i, j int) int { return (i + 1) * (j + 2) })
	fmt.Println("a:", a, "b:", b, "a*b:", multiply(a, b))
	// Copying the outer slice still shares the rows.
	shallow := make([][]int, len(a))
	copy(shallow, a)
	shallow[0][0] = 99
	deep := make([][]int, len(a))
	for i := range a {
		deep[i] = append([]int(nil), a[i]...)
	}
	deep[1][2] = -1
	fmt.Println("after edits a:", a, "deep:", deep)

	// Ranging over an array copies it; ranging over a pointer to it does not.
	arr := [3]int{10, 20, 30}
	for i, v := range arr {
		arr[2] = 100
		fmt.Print(i, ":", v, " ")
	}
	for i, v := range &arr {
		arr[2] = 300
		fmt.Print(i, ":", v, " ")
	}
	fmt.Println("final", arr)
}
