// A stack type whose Pop panics when empty; the final panic is deliberately left unrecovered.
package main

import "fmt"

type Stack struct {
	items []string
}

func (s *Stack) Push(v string) { s.items = append(s.items, v) }

func (s *Stack) Len() int { return len(s.items) }

func (s *Stack) Pop() string {
	if len(s.items) == 0 {
		panic("pop from empty stack")
	}
	v := s.items[len(s.items)-1]
	s.items = s.items[:len(s.items)-1]
	return v
}

func (s Stack) String() string { return fmt.Sprintf("Stack%v", s.items) }

func balanced(text string) bool {
	var s Stack
	pairs := map[rune]string{')': "(", ']': "[", '}': "{"}
	for _, r := range text {
		switch r {
		case '(', '[', '{':
			s.Push(string(r))
		case ')', ']', '}':
			if s.Len() == 0 || s.Pop() != pairs[r] {
				return false
			}
		}
	}
	return s.Len() == 0
}

func main() {
	var s Stack
	for _, w := range []string{"alpha", "beta", "gamma"} {
		s.Push(w)
	}
	fmt.Println(s)
	top := s.Pop()
	fmt.Println("popped:", top, "now", s)
	for _, t := range []string{"(a[b]{c})", "(]", "((x)", "{[()()]}"} {
		fmt.Printf("%-10s balanced=%v\n", t, balanced(t))
	}
	defer fmt.Println("deferred print still runs before the crash")
	for {
		fmt.Println("draining", s.Pop())
	}
}
