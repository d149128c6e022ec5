// Run-time panics recovered and printed: nil interfaces and pointers, index and slice bounds, channels closed twice or nil, division by zero, make with a negative length, failed assertions.
package main

import "fmt"

type Shape interface{ Area() float64 }

type Sq struct{ s float64 }

func (q *Sq) Area() float64 { return q.s * q.s }

func try(f func()) {
	defer func() { fmt.Println(recover()) }()
	f()
}

func main() {
	try(func() { var s Shape; s.Area() })
	try(func() { var q *Sq; var s Shape = q; s.Area() })
	try(func() { a := []int{1, 2}; i := 5; _ = a[i] })
	try(func() { a := []int{1, 2}; i, j := 2, 1; _ = a[i:j] })
	try(func() { var c chan int; close(c) })
	try(func() { c := make(chan int); close(c); close(c) })
	try(func() { x, y := 1, 0; _ = x / y })
	try(func() { n := -1; _ = make([]int, n) })
	try(func() { var x any = 3.5; _ = x.(string) })
	try(func() { panic(fmt.Errorf("custom %d", 7)) })
	try(func() { var arr [3]int; idx := 3; arr[idx%4] = 1 })
}
