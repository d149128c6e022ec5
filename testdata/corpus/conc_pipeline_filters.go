// A pipeline with directional channels: generator -> square -> sum, plus an image "filter" chain on pixel ints.
package main

import "fmt"

func generate(nums ...int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for _, n := range nums {
			out <- n
		}
	}()
	return out
}

func square(in <-chan int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for n := range in {
			out <- n * n
		}
	}()
	return out
}

func sum(in <-chan int, result chan<- int) {
	total := 0
	for n := range in {
		total += n
	}
	result <- total
}

// filter builds a pipeline stage from a per-pixel function.
func filter(f func(int) int, in <-chan int) <-chan int {
	out := make(chan int, 2)
	go func() {
		defer close(out)
		for px := range in {
			out <- f(px)
		}
	}()
	return out
}

func main() {
	result := make(chan int)
	go sum(square(generate(1, 2, 3, 4, 5)), result)
	fmt.Println("sum of squares 1..5:", <-result)

	go sum(square(square(generate(1, 2, 3))), result)
	fmt.Println("sum of fourth powers 1..3:", <-result)

	pixels := generate(10, 200, 90, 255, 0, 130)
	bright := filter(func(p int) int { return min(p+40, 255) }, pixels)
	inverted := filter(func(p int) int { return 255 - p }, bright)
	bw := filter(func(p int) int {
		if p >= 128 {
			return 1
		}
		return 0
	}, inverted)

	row := []int{}
	for px := range bw {
		row = append(row, px)
	}
	fmt.Println("black/white row:", row)
	dark := 0
	for _, px := range row {
		dark += px
	}
	fmt.Printf("%d of %d pixels set\n", dark, len(row))
}
