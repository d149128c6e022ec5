// A generic singly linked List[T] with methods and an iter.Seq All, used as a music playlist.
package main

import (
	"fmt"
	"iter"
)

type node[T any] struct {
	val  T
	next *node[T]
}

type List[T any] struct {
	head *node[T]
	size int
}

func (l *List[T]) PushBack(v T) {
	p := &l.head
	for ; *p != nil; p = &(*p).next {
	}
	*p = &node[T]{val: v}
	l.size++
}

func (l *List[T]) RemoveFirst(match func(T) bool) bool {
	for p := &l.head; *p != nil; p = &(*p).next {
		if match((*p).val) {
			*p = (*p).next
			l.size--
			return true
		}
	}
	return false
}

func (l *List[T]) All() iter.Seq[T] {
	return func(yield func(T) bool) {
		for n := l.head; n != nil && yield(n.val); n = n.next {
		}
	}
}

type Track struct {
	Title string
	Secs  int
}

func main() {
	var pl List[Track]
	for _, t := range []Track{{"Intro", 45}, {"Blue Hour", 215}, {"Low Tide", 187}, {"Paper Moon", 242}} {
		pl.PushBack(t)
	}
	total := 0
	for t := range pl.All() {
		total += t.Secs
		fmt.Printf("%-10s %d:%02d\n", t.Title, t.Secs/60, t.Secs%60)
	}
	fmt.Printf("%d tracks, %d:%02d\n", pl.size, total/60, total%60)
	for _, title := range []string{"Low Tide", "Encore"} {
		fmt.Println("removed", title, pl.RemoveFirst(func(t Track) bool { return t.Title == title }))
	}
	for t := range pl.All() {
		if t.Secs > 240 {
			fmt.Println("first long track:", t.Title, "of", pl.size)
			break
		}
	}
}
