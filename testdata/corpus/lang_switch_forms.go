// Switch forms a parser of commands meets: tagless cases with several conditions, a switch on an interface value, fallthrough, labels.
package main

import (
	"fmt"
	"strconv"
)

type token any

func classify(t token) string {
	switch t {
	case "+", "-":
		return "additive"
	case "*", "/":
		return "multiplicative"
	case 0:
		return "zero"
	case nil:
		return "nothing"
	}
	return "operand"
}

func grade(score int) (g string) {
	switch {
	case score < 0, score > 100:
		return "invalid"
	case score >= 90:
		g = "A"
	case score >= 75, score == 74:
		g = "B"
		fallthrough
	case score >= 50:
		g += "-pass"
	default:
		g = "fail"
	}
	return
}

func firstNumber(words []string) int {
scan:
	for _, w := range words {
		switch n, err := strconv.Atoi(w); {
		case err != nil, n < 0:
			continue scan
		default:
			return n
		}
	}
	return -1
}

func main() {
	for _, t := range []token{"+", "/", 0, 7, nil, "x"} {
		fmt.Printf("%v: %s\n", t, classify(t))
	}
	for _, s := range []int{-5, 95, 80, 74, 60, 10, 101} {
		fmt.Println(s, grade(s))
	}
	fmt.Println(firstNumber([]string{"a", "-3", "b", "42", "7"}))
}
