// A generic ring-buffer Queue[T] that grows, used to schedule print jobs in FIFO order.
package main

import "fmt"

type Queue[T any] struct {
	buf        []T
	head, size int
}

func NewQueue[T any](capacity int) *Queue[T] {
	return &Queue[T]{buf: make([]T, capacity)}
}

func (q *Queue[T]) Enqueue(v T) {
	if q.size == len(q.buf) {
		bigger := make([]T, 2*len(q.buf))
		for i := range q.size {
			bigger[i] = q.buf[(q.head+i)%len(q.buf)]
		}
		q.buf, q.head = bigger, 0
	}
	q.buf[(q.head+q.size)%len(q.buf)] = v
	q.size++
}

func (q *Queue[T]) Dequeue() (T, bool) {
	var zero T
	if q.size == 0 {
		return zero, false
	}
	v := q.buf[q.head]
	q.buf[q.head] = zero
	q.head = (q.head + 1) % len(q.buf)
	q.size--
	return v, true
}

func (q *Queue[T]) Len() int { return q.size }
func (q *Queue[T]) Cap() int { return len(q.buf) }

type Job struct {
	Doc   string
	Pages int
}

func main() {
	q := NewQueue[Job](2)
	q.Enqueue(Job{"report.pdf", 12})
	q.Enqueue(Job{"invoice.pdf", 1})
	j, _ := q.Dequeue()
	fmt.Println("printing", j.Doc, "pages:", j.Pages)
	q.Enqueue(Job{"poster.png", 2})
	q.Enqueue(Job{"thesis.pdf", 140})
	fmt.Println("queued:", q.Len(), "capacity:", q.Cap())
	pages := 0
	for q.Len() > 0 {
		j, _ := q.Dequeue()
		pages += j.Pages
		fmt.Printf("printing %-12s running total %d\n", j.Doc, pages)
	}
	_, ok := q.Dequeue()
	fmt.Println("empty dequeue ok:", ok)
	ticks := NewQueue[int](1)
	for i := 1; i <= 5; i++ {
		ticks.Enqueue(i * i)
	}
	first, _ := ticks.Dequeue()
	fmt.Println("ticks first:", first, "left:", ticks.Len(), "cap:", ticks.Cap())
}
