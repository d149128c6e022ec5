// A generic Stack[T] with Push, Pop and Peek, used for an editor undo history and for bracket matching.
package main

import "fmt"

type Stack[T any] struct {
	items []T
}

func (s *Stack[T]) Push(v T) { s.items = append(s.items, v) }

func (s *Stack[T]) Pop() (T, bool) {
	var zero T
	if len(s.items) == 0 {
		return zero, false
	}
	v := s.items[len(s.items)-1]
	s.items = s.items[:len(s.items)-1]
	return v, true
}

func (s *Stack[T]) Peek() (T, bool) {
	if len(s.items) == 0 {
		var zero T
		return zero, false
	}
	return s.items[len(s.items)-1], true
}

func (s *Stack[T]) Len() int { return len(s.items) }

func balanced(text string) bool {
	pairs := map[rune]rune{')': '(', ']': '[', '}': '{'}
	var st Stack[rune]
	for _, r := range text {
		switch r {
		case '(', '[', '{':
			st.Push(r)
		case ')', ']', '}':
			top, ok := st.Pop()
			if !ok || top != pairs[r] {
				return false
			}
		}
	}
	return st.Len() == 0
}

func main() {
	var history Stack[string]
	for _, edit := range []string{"type hello", "bold", "type world", "delete line"} {
		history.Push(edit)
	}
	top, _ := history.Peek()
	fmt.Println("last edit:", top, "depth:", history.Len())
	for range 2 {
		e, _ := history.Pop()
		fmt.Println("undo:", e)
	}
	fmt.Println("remaining:", history.Len())

	for _, s := range []string{"f(a[1], {b})", "(]", "((x)", ""} {
		fmt.Printf("%-14q balanced=%v\n", s, balanced(s))
	}

	var nums Stack[int]
	_, ok := nums.Pop()
	fmt.Println("pop on empty int stack ok:", ok)
}
