// Block scopes and shadowing: package vars, if/switch/for init statements, := redeclaration and builtins.
package main

import (
	"errors"
	"fmt"
	"strconv"
)

var unit = "C" // package level

func convert(reading string) (float64, error) {
	v, err := strconv.ParseFloat(reading, 64)
	if err != nil {
		return 0, err
	}
	if unit := "F"; v > 45 { // this unit shadows the package variable only inside the if
		return (v - 32) * 5 / 9, fmt.Errorf("assumed %s", unit)
	}
	return v, nil
}

func main() {
	readings := []string{"21.5", "98.6", "hot", "-3"}
	total, count := 0.0, 0
	var lastErr error
	for _, r := range readings {
		v, err := convert(r) // new v and err in each iteration
		if err != nil {
			var numErr *strconv.NumError
			if errors.As(err, &numErr) {
				fmt.Println("skip", r, "->", numErr.Err)
				continue
			}
			lastErr = err
		}
		total += v
		count++
		fmt.Printf("%s -> %.1f%s\n", r, v, unit)
	}
	fmt.Printf("average %.2f over %d, last note: %v\n", total/float64(count), count, lastErr)

	x := 1
	{
		x := x * 10 // inner x initialised from outer x
		x++
		fmt.Println("inner x:", x)
	}
	fmt.Println("outer x:", x)

	x, y := 2, 3 // := redeclares x (same scope) because y is new
	fmt.Println("x, y:", x, y)

	switch x := "shadow"; x {
	case "shadow":
		len := func(s string) int { return 42 } // shadows the builtin in this case
		fmt.Println("switch x:", x, "len:", len(x))
	}
	fmt.Println("builtin len again:", len("shadow"), "x:", x)

	for unit := range 3 {
		fmt.Print("unit#", unit, " ")
	}
	fmt.Println("package unit:", unit)
}
