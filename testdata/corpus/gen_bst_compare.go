// A binary search Tree[T] parameterized by a comparison function, with an in-order iter.Seq and early break.
package main

import (
	"cmp"
	"fmt"
	"iter"
	"slices"
	"strings"
)

type node[T any] struct {
	val         T
	left, right *node[T]
}

type Tree[T any] struct {
	root *node[T]
	cmp  func(a, b T) int
}

func NewTree[T any](cmp func(a, b T) int) *Tree[T] { return &Tree[T]{cmp: cmp} }

func (t *Tree[T]) Insert(v T) bool {
	p := &t.root
	for *p != nil {
		c := t.cmp(v, (*p).val)
		if c == 0 {
			return false
		} else if c < 0 {
			p = &(*p).left
		} else {
			p = &(*p).right
		}
	}
	*p = &node[T]{val: v}
	return true
}

func (t *Tree[T]) InOrder() iter.Seq[T] {
	var walk func(n *node[T], yield func(T) bool) bool
	walk = func(n *node[T], yield func(T) bool) bool {
		return n == nil || (walk(n.left, yield) && yield(n.val) && walk(n.right, yield))
	}
	return func(yield func(T) bool) { walk(t.root, yield) }
}

func main() {
	ages := NewTree(cmp.Compare[int])
	for _, a := range []int{41, 17, 63, 17, 29, 8, 55} {
		ages.Insert(a)
	}
	fmt.Println("ages:", slices.Collect(ages.InOrder()))
	for a := range ages.InOrder() {
		if a > 30 {
			fmt.Println("first over 30:", a)
			break
		}
	}
	words := NewTree(func(a, b string) int { return cmp.Compare(strings.ToLower(a), strings.ToLower(b)) })
	for _, w := range strings.Fields("Pear apple Fig pear Banana APPLE kiwi") {
		if !words.Insert(w) {
			fmt.Println("duplicate ignored:", w)
		}
	}
	for w := range words.InOrder() {
		fmt.Print(w, ";")
	}
	fmt.Println()
}
