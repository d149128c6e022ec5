// recover in a deferred func literal sets named results; unknown panics are re-panicked to the caller.
package main

import (
	"errors"
	"fmt"
)

var errEmptyStack = errors.New("empty stack")

type calcError struct{ op string }

func (e calcError) Error() string { return "unknown operator " + e.op }

// eval runs a tiny RPN calculator; it panics internally and converts expected panics to errors.
func eval(tokens []string) (result int, err error) {
	defer func() {
		r := recover()
		switch v := r.(type) {
		case nil:
		case calcError:
			err = v
			result = -1
		default:
			panic(fmt.Sprintf("eval: %v", v))
		}
	}()
	var stack []int
	pop := func() int {
		if len(stack) == 0 {
			panic(errEmptyStack)
		}
		top := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		return top
	}
	for _, t := range tokens {
		switch t {
		case "+", "-", "*":
			b, a := pop(), pop()
			stack = append(stack, map[string]int{"+": a + b, "-": a - b, "*": a * b}[t])
		default:
			n := 0
			if _, scanErr := fmt.Sscanf(t, "%d", &n); scanErr != nil {
				panic(calcError{t})
			}
			stack = append(stack, n)
		}
	}
	return pop(), nil
}

func run(expr []string) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Printf("run %v: re-panic caught: %v\n", expr, r)
		}
	}()
	v, err := eval(expr)
	fmt.Printf("run %v: value=%d err=%v\n", expr, v, err)
}

func main() {
	run([]string{"3", "4", "+", "5", "*"})
	run([]string{"10", "2", "-", "3", "-"})
	run([]string{"2", "x", "+"})
	run([]string{"1", "+"})
	run([]string{"7"})
	fmt.Println("main finished normally")
}
