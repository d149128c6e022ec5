// Package collections holds the part of Python's collections module that
// the threading notes use: deque, a double-ended queue.
package collections

import (
	"fmt"

	"github.com/gothreads/gothreads/runtime/hook"
	"strings"
	"sync"
)

// Deque is Python's collections.deque: a sequence with fast appends and
// pops at both ends. Like CPython's, its single operations are safe to call
// from several threads.
type Deque struct {
	mu     sync.Mutex
	items  []any // a ring buffer
	head   int
	n      int
	maxlen int // 0: unbounded
}

// NewDeque returns a deque holding items, left to right.
func NewDeque(items ...any) *Deque {
	d := &Deque{}
	for _, x := range items {
		d.Append(x)
	}
	return d
}

// NewBoundedDeque returns a deque that keeps at most maxlen items: adding
// to a full deque drops an item from the other end (Python: maxlen=).
func NewBoundedDeque(maxlen int, items ...any) *Deque {
	d := &Deque{maxlen: maxlen}
	for _, x := range items {
		d.Append(x)
	}
	return d
}

func (d *Deque) at(i int) int { return (d.head + i) % len(d.items) }

func (d *Deque) grow() {
	if d.n < len(d.items) {
		return
	}
	items := make([]any, max(8, 2*len(d.items)))
	for i := range d.n {
		items[i] = d.items[d.at(i)]
	}
	d.items, d.head = items, 0
}

// Append adds x at the right end.
func (d *Deque) Append(x any) {
	x = hook.Unbox(x)
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.maxlen > 0 && d.n == d.maxlen {
		d.popLeftLocked()
	}
	d.grow()
	d.items[d.at(d.n)] = x
	d.n++
}

// AppendLeft adds x at the left end.
func (d *Deque) AppendLeft(x any) {
	x = hook.Unbox(x)
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.maxlen > 0 && d.n == d.maxlen {
		d.popLocked()
	}
	d.grow()
	d.head = (d.head - 1 + len(d.items)) % len(d.items)
	d.items[d.head] = x
	d.n++
}

// Pop removes and returns the rightmost item; it panics on an empty deque
// (Python raises IndexError).
func (d *Deque) Pop() any {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.popLocked()
}

func (d *Deque) popLocked() any {
	if d.n == 0 {
		panic("collections: pop from an empty deque")
	}
	d.n--
	i := d.at(d.n)
	x := d.items[i]
	d.items[i] = nil
	return x
}

// PopLeft removes and returns the leftmost item; it panics on an empty
// deque.
func (d *Deque) PopLeft() any {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.popLeftLocked()
}

func (d *Deque) popLeftLocked() any {
	if d.n == 0 {
		panic("collections: pop from an empty deque")
	}
	x := d.items[d.head]
	d.items[d.head] = nil
	d.head = (d.head + 1) % len(d.items)
	d.n--
	return x
}

// Len returns the number of items.
func (d *Deque) Len() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.n
}

// Rotate moves the items n steps to the right (left when n is negative):
// Rotate(1) moves the last item to the front.
func (d *Deque) Rotate(n int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.n == 0 {
		return
	}
	n %= d.n
	if n < 0 {
		n += d.n
	}
	for range n {
		x := d.popLocked()
		d.grow()
		d.head = (d.head - 1 + len(d.items)) % len(d.items)
		d.items[d.head] = x
		d.n++
	}
}

// Items returns the items, left to right.
func (d *Deque) Items() []any {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := make([]any, d.n)
	for i := range d.n {
		out[i] = d.items[d.at(i)]
	}
	return out
}

// Clear removes every item.
func (d *Deque) Clear() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.items, d.head, d.n = nil, 0, 0
}

func (d *Deque) String() string {
	parts := make([]string, 0, d.Len())
	for _, x := range d.Items() {
		parts = append(parts, fmt.Sprint(x))
	}
	return "deque([" + strings.Join(parts, ", ") + "])"
}
