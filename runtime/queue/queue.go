// Package queue is Python's queue module in Go form: thread-safe FIFO,
// LIFO and priority queues with the blocking, timeout and task-tracking
// behaviour of queue.Queue.
//
//	q := queue.New(10) // at most 10 items; 0 means unbounded
//	q.Put(item)        // waits while the queue is full
//	x := q.Get()       // waits while it is empty
//	q.TaskDone()       // one Get'ed item is processed
//	q.Join()           // waits until every item put has been processed
//
// Blocking calls give up when the host interrupts (see package hook).
package queue

import (
	"cmp"
	"container/heap"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/gothreads/gothreads/runtime/hook"
)

// Errors of the non-blocking and timed calls, usable with errors.Is.
var (
	ErrEmpty    = errors.New("queue: empty")     // Python's queue.Empty
	ErrFull     = errors.New("queue: full")      // Python's queue.Full
	ErrShutDown = errors.New("queue: shut down") // Python's queue.ShutDown
)

// store is how a queue orders its items.
type store interface {
	push(x any)
	pop() any
	len() int
}

// Queue is a thread-safe queue.
type Queue struct {
	// ch holds the items of a bounded FIFO queue: the common case gets a
	// channel's speed. Other queues keep their items in items.
	ch     chan any
	closed chan struct{} // closed by Shutdown, for ch

	mu         sync.Mutex
	items      store
	maxsize    int
	unfinished int
	shutdown   bool

	notEmpty, notFull waiters
	allDone           chan struct{} // closed when unfinished reaches 0
}

// waiters is a list of threads waiting for a change.
type waiters []chan struct{}

func (w *waiters) add() chan struct{} {
	ch := make(chan struct{}, 1)
	*w = append(*w, ch)
	return ch
}

func (w *waiters) wakeOne() {
	if len(*w) > 0 {
		(*w)[0] <- struct{}{}
		*w = (*w)[1:]
	}
}

func (w *waiters) wakeAll() {
	for _, ch := range *w {
		ch <- struct{}{}
	}
	*w = nil
}

func (w *waiters) remove(ch chan struct{}) bool {
	for i, c := range *w {
		if c == ch {
			*w = append((*w)[:i], (*w)[i+1:]...)
			return true
		}
	}
	return false
}

func newQueue(maxsize int, s store) *Queue {
	done := make(chan struct{})
	close(done)
	return &Queue{items: s, maxsize: maxsize, allDone: done}
}

// New returns a first-in, first-out queue holding at most maxsize items;
// maxsize 0 or less means no limit.
func New(maxsize int) *Queue {
	q := newQueue(maxsize, &fifo{})
	if maxsize > 0 {
		q.ch = make(chan any, maxsize)
		q.closed = make(chan struct{})
	}
	return q
}

// NewLifo returns a last-in, first-out queue (Python's LifoQueue).
func NewLifo(maxsize int) *Queue { return newQueue(maxsize, &lifo{}) }

// NewPriority returns a queue that gives the smallest item first (Python's
// PriorityQueue). Items are Item values, compared by Priority and then by
// the order they were put, or numbers or strings of one kind, compared
// directly.
func NewPriority(maxsize int) *Queue { return newQueue(maxsize, &prio{}) }

// NewSimple returns an unbounded FIFO queue (Python's SimpleQueue).
func NewSimple() *Queue { return New(0) }

// wait waits on ch, registered in list, for up to d (negative: for ever)
// with q.mu held on entry and on return. It reports whether it was woken.
func (q *Queue) wait(list *waiters, ch chan struct{}, d time.Duration) (bool, error) {
	q.mu.Unlock()
	ok, err := hook.Wait(ch, d)
	q.mu.Lock()
	if !ok && !list.remove(ch) {
		ok = true // woken while giving up
	}
	if ok {
		err = nil
	}
	return ok, err
}

// put adds x, waiting up to d for room (negative: for ever, 0: not at all).
func (q *Queue) put(x any, d time.Duration) error {
	x = hook.Unbox(x)
	if q.ch != nil {
		return q.chanPut(x, d)
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	deadline := time.Now().Add(d)
	for {
		if q.shutdown {
			return ErrShutDown
		}
		if q.maxsize <= 0 || q.items.len() < q.maxsize {
			break
		}
		left := time.Until(deadline)
		if d == 0 || d > 0 && left <= 0 {
			return ErrFull
		}
		if d < 0 {
			left = -1
		}
		if _, err := q.wait(&q.notFull, q.notFull.add(), left); err != nil {
			return err
		}
	}
	q.items.push(x)
	if q.unfinished == 0 {
		q.allDone = make(chan struct{})
	}
	q.unfinished++
	q.notEmpty.wakeOne()
	return nil
}

// get removes an item, waiting up to d for one.
func (q *Queue) get(d time.Duration) (any, error) {
	if q.ch != nil {
		return q.chanGet(d)
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	deadline := time.Now().Add(d)
	for q.items.len() == 0 {
		if q.shutdown {
			return nil, ErrShutDown
		}
		left := time.Until(deadline)
		if d == 0 || d > 0 && left <= 0 {
			return nil, ErrEmpty
		}
		if d < 0 {
			left = -1
		}
		if _, err := q.wait(&q.notEmpty, q.notEmpty.add(), left); err != nil {
			return nil, err
		}
	}
	x := q.items.pop()
	q.notFull.wakeOne()
	return x, nil
}

// addTask counts an item put, for TaskDone and Join.
func (q *Queue) addTask(n int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.unfinished == 0 && n > 0 {
		q.allDone = make(chan struct{})
	}
	q.unfinished += n
	if q.unfinished == 0 && n < 0 {
		close(q.allDone)
	}
}

func (q *Queue) chanPut(x any, d time.Duration) error {
	select {
	case <-q.closed:
		return ErrShutDown
	default:
	}
	q.addTask(1) // before the item can be taken and marked done
	select {
	case q.ch <- x:
		return nil
	default:
	}
	var timeout <-chan time.Time
	switch {
	case d == 0:
		q.addTask(-1)
		return ErrFull
	case d > 0:
		t := time.NewTimer(d)
		defer t.Stop()
		timeout = t.C
	}
	select {
	case q.ch <- x:
		return nil
	case <-timeout:
		q.addTask(-1)
		return ErrFull
	case <-q.closed:
		q.addTask(-1)
		return ErrShutDown
	case <-hook.Interrupted():
		q.addTask(-1)
		return hook.ErrInterrupted
	}
}

func (q *Queue) chanGet(d time.Duration) (any, error) {
	select {
	case x := <-q.ch:
		return x, nil
	default:
	}
	var timeout <-chan time.Time
	switch {
	case d == 0:
		return nil, ErrEmpty
	case d > 0:
		t := time.NewTimer(d)
		defer t.Stop()
		timeout = t.C
	}
	select {
	case x := <-q.ch:
		return x, nil
	case <-timeout:
		return nil, ErrEmpty
	case <-q.closed:
		select { // items put before the shutdown are still handed out
		case x := <-q.ch:
			return x, nil
		default:
			return nil, ErrShutDown
		}
	case <-hook.Interrupted():
		return nil, hook.ErrInterrupted
	}
}

// Put adds x, waiting while the queue is full. It panics with ErrShutDown
// after Shutdown, and on an interrupt.
func (q *Queue) Put(x any) {
	if err := q.put(x, -1); err != nil {
		panic(callError("Put", err))
	}
}

// PutTimeout adds x, waiting up to d for room; ErrFull if there was none.
func (q *Queue) PutTimeout(x any, d time.Duration) error { return q.put(x, d) }

// PutNowait adds x if there is room now; ErrFull if not.
func (q *Queue) PutNowait(x any) error { return q.put(x, 0) }

// Get removes and returns an item, waiting while the queue is empty. It
// panics with ErrShutDown once the queue is shut down and empty, and on an
// interrupt.
func (q *Queue) Get() any {
	x, err := q.get(-1)
	if err != nil {
		panic(callError("Get", err))
	}
	return x
}

// GetTimeout removes and returns an item, waiting up to d; ErrEmpty if none
// came.
func (q *Queue) GetTimeout(d time.Duration) (any, error) { return q.get(d) }

// GetNowait removes and returns an item if there is one; ErrEmpty if not.
func (q *Queue) GetNowait() (any, error) { return q.get(0) }

func callError(call string, err error) error {
	if errors.Is(err, hook.ErrInterrupted) {
		return hook.Interruption{Call: "Queue." + call}
	}
	return fmt.Errorf("Queue.%s: %w", call, err)
}

// Qsize returns the number of items in the queue.
func (q *Queue) Qsize() int {
	if q.ch != nil {
		return len(q.ch)
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.items.len()
}

// Empty reports whether the queue holds no items.
func (q *Queue) Empty() bool { return q.Qsize() == 0 }

// Full reports whether the queue holds maxsize items.
func (q *Queue) Full() bool {
	if q.ch != nil {
		return len(q.ch) == cap(q.ch)
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.maxsize > 0 && q.items.len() >= q.maxsize
}

// String describes the queue: its kind, bound and length, as in
// <queue.Queue maxsize=10 qsize=3>. Python's own repr says less.
func (q *Queue) String() string {
	q.mu.Lock()
	kind := "queue.Queue"
	switch q.items.(type) {
	case *lifo:
		kind = "queue.LifoQueue"
	case *prio:
		kind = "queue.PriorityQueue"
	}
	shut := ""
	if q.shutdown {
		shut = " shut down"
	}
	q.mu.Unlock()
	return fmt.Sprintf("<%s maxsize=%d qsize=%d%s>", kind, q.maxsize, q.Qsize(), shut)
}

// Maxsize returns the queue's capacity, 0 for unbounded.
func (q *Queue) Maxsize() int { return max(q.maxsize, 0) }

// TaskDone tells the queue that an item taken with Get has been processed.
// Calling it more often than items were put panics.
func (q *Queue) TaskDone() {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.unfinished <= 0 {
		panic("queue: TaskDone called too many times")
	}
	q.unfinished--
	if q.unfinished == 0 {
		close(q.allDone)
	}
}

// Join waits until every item put has been processed (TaskDone called for
// it).
func (q *Queue) Join() {
	q.mu.Lock()
	ch := q.allDone
	q.mu.Unlock()
	hook.MustWait(ch, -1, "Queue.Join")
}

// Shutdown stops the queue taking items: Put fails with ErrShutDown at
// once, Get once the items left are gone. Waiting threads wake up.
func (q *Queue) Shutdown() {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed != nil && !q.shutdown {
		close(q.closed)
	}
	q.shutdown = true
	q.notEmpty.wakeAll()
	q.notFull.wakeAll()
}

type fifo struct{ items []any }

func (f *fifo) push(x any) { f.items = append(f.items, x) }
func (f *fifo) pop() any {
	x := f.items[0]
	f.items[0] = nil
	f.items = f.items[1:]
	return x
}
func (f *fifo) len() int { return len(f.items) }

type lifo struct{ items []any }

func (l *lifo) push(x any) { l.items = append(l.items, x) }
func (l *lifo) pop() any {
	x := l.items[len(l.items)-1]
	l.items = l.items[:len(l.items)-1]
	return x
}
func (l *lifo) len() int { return len(l.items) }

// Item is an entry of a priority queue: lower Priority comes out first,
// and equal priorities in the order they were put.
type Item struct {
	Priority int
	Value    any
}

type prio struct {
	h   prioHeap
	seq int
}

type prioEntry struct {
	x   any
	seq int
}

type prioHeap []prioEntry

func (p *prio) push(x any) {
	p.seq++
	heap.Push(&p.h, prioEntry{x, p.seq})
}
func (p *prio) pop() any { return heap.Pop(&p.h).(prioEntry).x }
func (p *prio) len() int { return len(p.h) }

func (h prioHeap) Len() int      { return len(h) }
func (h prioHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *prioHeap) Push(x any)   { *h = append(*h, x.(prioEntry)) }
func (h *prioHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
func (h prioHeap) Less(i, j int) bool {
	if c := compare(h[i].x, h[j].x); c != 0 {
		return c < 0
	}
	return h[i].seq < h[j].seq
}

// compare orders two priority-queue items.
func compare(a, b any) int {
	switch a := a.(type) {
	case Item:
		if b, ok := b.(Item); ok {
			return a.Priority - b.Priority
		}
	case int:
		if b, ok := b.(int); ok {
			return a - b
		}
	case float64:
		if b, ok := b.(float64); ok {
			return cmp.Compare(a, b)
		}
	case string:
		if b, ok := b.(string); ok {
			return cmp.Compare(a, b)
		}
	}
	panic(fmt.Sprintf("queue: cannot order %T and %T in a priority queue; use queue.Item{Priority, Value}", a, b))
}
