// Slices of an array share storage; append may overwrite it unless a full slice expression caps it.
package main

import "fmt"

func main() {
	seats := [8]string{"A1", "A2", "A3", "A4", "B1", "B2", "B3", "B4"}
	rowA := seats[0:4]
	rowB := seats[4:]
	fmt.Println("rowA", rowA, "len", len(rowA), "cap", cap(rowA))
	fmt.Println("rowB", rowB, "len", len(rowB), "cap", cap(rowB))

	rowB[0] = "B1*" // writes through to the array
	fmt.Println("array after rowB[0] change:", seats)

	// rowA has spare capacity, so append writes into seats[4].
	grown := append(rowA, "EXTRA")
	fmt.Println("grown:", grown)
	fmt.Println("rowB after append to rowA:", rowB)

	// A full slice expression limits capacity, so append must copy.
	capped := seats[0:2:2]
	capped = append(capped, "NEW")
	capped[0] = "X1"
	fmt.Println("capped:", capped, "array[0]:", seats[0], "array[2]:", seats[2])

	// copy returns the number of elements copied: the shorter length.
	backup := make([]string, 3)
	n := copy(backup, seats[:])
	fmt.Println("copied", n, "backup", backup)
	n = copy(seats[1:], seats[:3]) // overlapping copy works like memmove
	fmt.Println("shifted", n, seats)

	// Removing an element in place from a queue of orders.
	orders := []int{101, 102, 103, 104, 105}
	remove := func(s []int, i int) []int { return append(s[:i], s[i+1:]...) }
	short := remove(orders, 1)
	fmt.Println("short:", short, "orders shares storage:", orders)

	// Building independent slices with append on nil.
	var evens, odds []int
	for i := 1; i <= 9; i++ {
		if i%2 == 0 {
			evens = append(evens, i*i)
		} else {
			odds = append(odds, i*i)
		}
	}
	all := append(append([]int(nil), evens...), odds...)
	fmt.Println("evens", evens, "odds", odds, "all", all, len(all))
	var empty []int
	fmt.Println("nil slice:", empty == nil, len(empty), empty[:0] == nil)
}
