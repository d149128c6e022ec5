package threading

import (
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/gothreads/gothreads/runtime/hook"
)

// waitq is a first-in, first-out queue of waiting threads, each with its
// own channel. Its owner's mutex guards it.
type waitq struct {
	list []chan struct{}
}

func (q *waitq) add() chan struct{} {
	ch := make(chan struct{}, 1)
	q.list = append(q.list, ch)
	return ch
}

// wake signals the first n waiters and reports how many there were.
func (q *waitq) wake(n int) int {
	n = min(n, len(q.list))
	for _, ch := range q.list[:n] {
		ch <- struct{}{}
	}
	q.list = q.list[n:]
	return n
}

// remove takes ch out of the queue, reporting whether it was still there
// (false means it was woken meanwhile).
func (q *waitq) remove(ch chan struct{}) bool {
	for i, c := range q.list {
		if c == ch {
			q.list = append(q.list[:i], q.list[i+1:]...)
			return true
		}
	}
	return false
}

// await waits on ch, queued in q under mu (held on entry and on return),
// for up to d (negative: for ever). It reports whether ch was signalled.
// On an interrupt it panics with a hook.Interruption naming call.
func await(mu sync.Locker, q *waitq, ch chan struct{}, d time.Duration, call string) bool {
	mu.Unlock()
	ok, err := hook.Wait(ch, d)
	mu.Lock()
	if !ok && !q.remove(ch) {
		// Woken while giving up: take the signal, or it is lost.
		ok = true
	}
	if err != nil && !ok {
		panic(hook.Interruption{Call: call})
	}
	return ok
}

// Event is Python's threading.Event: a flag that threads can wait for.
type Event struct {
	mu  sync.Mutex
	set bool
	ch  chan struct{} // closed while set
}

// NewEvent returns an event that is not set.
func NewEvent() *Event { return &Event{ch: make(chan struct{})} }

// Set sets the flag and wakes every waiting thread.
func (e *Event) Set() {
	e.mu.Lock()
	defer e.mu.Unlock()
	if !e.set {
		e.set = true
		close(e.ch)
	}
}

// Clear resets the flag.
func (e *Event) Clear() {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.set {
		e.set = false
		e.ch = make(chan struct{})
	}
}

// IsSet reports whether the flag is set.
func (e *Event) IsSet() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.set
}

// String describes the event as Python's repr does: <threading.Event set>.
func (e *Event) String() string {
	if e.IsSet() {
		return "<threading.Event set>"
	}
	return "<threading.Event unset>"
}

// Wait waits until the flag is set.
func (e *Event) Wait() { e.wait(-1, "Event.Wait") }

// WaitTimeout waits up to d for the flag and reports whether it is set.
func (e *Event) WaitTimeout(d time.Duration) bool { return e.wait(d, "Event.WaitTimeout") }

func (e *Event) wait(d time.Duration, call string) bool {
	e.mu.Lock()
	ch := e.ch
	e.mu.Unlock()
	return hook.MustWait(ch, d, call)
}

// Condition is Python's threading.Condition: a lock, and a queue of threads
// waiting for a notification while not holding it.
type Condition struct {
	L  sync.Locker // the condition's lock
	mu sync.Mutex
	q  waitq
}

// NewCondition returns a condition using lock, or a new RLock when lock is
// nil, as Python's default.
func NewCondition(lock sync.Locker) *Condition {
	if lock == nil {
		lock = NewRLock()
	}
	return &Condition{L: lock}
}

// Acquire acquires the condition's lock.
func (c *Condition) Acquire() { c.L.Lock() }

// Release releases the condition's lock.
func (c *Condition) Release() { c.L.Unlock() }

// With runs f holding the condition's lock (Python: with cv:).
func (c *Condition) With(f func()) {
	c.L.Lock()
	defer c.L.Unlock()
	f()
}

// Wait releases the lock, waits for a notification and takes the lock
// again. The caller must hold the lock.
func (c *Condition) Wait() { c.wait(-1, "Condition.Wait") }

// WaitTimeout is Wait for at most d; it reports whether it was notified.
// The lock is held again either way.
func (c *Condition) WaitTimeout(d time.Duration) bool { return c.wait(d, "Condition.WaitTimeout") }

func (c *Condition) wait(d time.Duration, call string) bool {
	c.mu.Lock()
	ch := c.q.add()
	c.mu.Unlock()
	restore := c.releaseLock()
	defer restore(call)
	c.mu.Lock()
	defer c.mu.Unlock()
	return await(&c.mu, &c.q, ch, d, call)
}

// releaseLock releases the lock completely (all levels of an RLock) and
// returns how to take it back.
func (c *Condition) releaseLock() func(call string) {
	if r, ok := c.L.(*RLock); ok {
		n := r.releaseAll()
		return func(call string) { r.restore(n, call) }
	}
	c.L.Unlock()
	return func(string) { c.L.Lock() }
}

// WaitFor waits until pred returns true, checking it first and after every
// notification. The caller must hold the lock.
func (c *Condition) WaitFor(pred func() bool) {
	for !pred() {
		c.Wait()
	}
}

// Notify wakes one waiting thread.
func (c *Condition) Notify() { c.NotifyN(1) }

// NotifyN wakes up to n waiting threads.
func (c *Condition) NotifyN(n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.q.wake(n)
}

// NotifyAll wakes every waiting thread.
func (c *Condition) NotifyAll() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.q.wake(len(c.q.list))
}

// String describes the condition's lock and its waiting threads, as
// Python's repr does: <Condition(<unlocked threading.RLock ...>, 2 waiting)>.
func (c *Condition) String() string {
	c.mu.Lock()
	n := len(c.q.list)
	c.mu.Unlock()
	lock := fmt.Sprintf("%T", c.L) // a sync.Mutex's fields say nothing, and reading them races
	if s, ok := c.L.(fmt.Stringer); ok {
		lock = s.String()
	}
	return fmt.Sprintf("<Condition(%s, %d waiting)>", lock, n)
}

// Semaphore is Python's threading.Semaphore: a counter that Acquire
// decrements, waiting while it is zero, and Release increments.
type Semaphore struct {
	mu      sync.Mutex
	value   int
	bound   int // for a bounded semaphore, the initial value; else -1
	waiters waitq
}

// NewSemaphore returns a semaphore with value n.
func NewSemaphore(n int) *Semaphore {
	if n < 0 {
		panic("threading: semaphore initial value must be >= 0")
	}
	return &Semaphore{value: n, bound: -1}
}

// NewBoundedSemaphore returns a semaphore whose value may never exceed n:
// releasing it more often than it was acquired panics.
func NewBoundedSemaphore(n int) *Semaphore {
	s := NewSemaphore(n)
	s.bound = n
	return s
}

// Acquire decrements the value, waiting while it is zero.
func (s *Semaphore) Acquire() { s.acquire(-1, "Semaphore.Acquire") }

// TryAcquire decrements the value if it is above zero, and reports whether
// it did.
func (s *Semaphore) TryAcquire() bool { return s.acquire(0, "Semaphore.TryAcquire") }

// AcquireTimeout waits up to d to decrement the value and reports whether
// it did.
func (s *Semaphore) AcquireTimeout(d time.Duration) bool {
	return s.acquire(d, "Semaphore.AcquireTimeout")
}

func (s *Semaphore) acquire(d time.Duration, call string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	deadline := time.Now().Add(d)
	for s.value == 0 {
		left := time.Until(deadline)
		if d == 0 || d > 0 && left <= 0 {
			return false
		}
		if d < 0 {
			left = -1
		}
		ch := s.waiters.add()
		await(&s.mu, &s.waiters, ch, left, call)
	}
	s.value--
	return true
}

// Release increments the value and wakes a waiting thread.
func (s *Semaphore) Release() { s.ReleaseN(1) }

// ReleaseN increments the value by n and wakes up to n waiting threads.
func (s *Semaphore) ReleaseN(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.bound >= 0 && s.value+n > s.bound {
		panic("threading: semaphore released too many times")
	}
	s.value += n
	s.waiters.wake(n)
}

// String describes the semaphore's value, as Python's repr does:
// <threading.Semaphore value=2>, <threading.BoundedSemaphore value=1/3>.
func (s *Semaphore) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.bound >= 0 {
		return fmt.Sprintf("<threading.BoundedSemaphore value=%d/%d>", s.value, s.bound)
	}
	return fmt.Sprintf("<threading.Semaphore value=%d>", s.value)
}

// Value returns the current value.
func (s *Semaphore) Value() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.value
}

// With runs f between Acquire and Release.
func (s *Semaphore) With(f func()) {
	s.Acquire()
	defer s.Release()
	f()
}

// Timer is Python's threading.Timer: a thread that calls a function after a
// delay unless cancelled first.
type Timer struct {
	*Thread
	cancel *Event
}

// NewTimer returns a timer that, once started, calls f with args after d.
func NewTimer(d time.Duration, f any, args ...any) *Timer {
	call := Callable(f, args...)
	cancel := NewEvent()
	t := &Timer{cancel: cancel}
	t.Thread = newNamedThread(defaultName(FuncName(f)), func() {
		if !cancel.WaitTimeout(d) {
			call()
		}
	})
	return t
}

// Cancel stops the timer if it has not fired yet.
func (t *Timer) Cancel() { t.cancel.Set() }

// ErrBrokenBarrier is returned by Barrier.Wait when the barrier is broken
// or reset while threads wait (Python: BrokenBarrierError).
var ErrBrokenBarrier = errors.New("threading: broken barrier")

// Barrier is Python's threading.Barrier: parties threads call Wait, and
// all of them go on once the last one arrives.
type Barrier struct {
	mu      sync.Mutex
	parties int
	action  func()
	count   int         // threads waiting in this round
	round   *barrierGen // the current round
}

type barrierGen struct {
	done   chan struct{} // closed when the round ends
	broken bool
}

// NewBarrier returns a barrier for parties threads. action, if not nil, is
// called by one thread when all have arrived, before any goes on.
func NewBarrier(parties int, action func()) *Barrier {
	if parties < 1 {
		panic("threading: a barrier needs at least one party")
	}
	return &Barrier{parties: parties, action: action, round: &barrierGen{done: make(chan struct{})}}
}

// Wait waits until every party has called Wait. It returns the caller's
// arrival index, 0 to parties-1, or ErrBrokenBarrier.
func (b *Barrier) Wait() (int, error) { return b.wait(-1) }

// WaitTimeout is Wait for at most d; when d passes the barrier breaks.
func (b *Barrier) WaitTimeout(d time.Duration) (int, error) { return b.wait(d) }

func (b *Barrier) wait(d time.Duration) (int, error) {
	b.mu.Lock()
	g := b.round
	if g.broken {
		b.mu.Unlock()
		return 0, ErrBrokenBarrier
	}
	index := b.count
	b.count++
	if b.count == b.parties {
		defer b.mu.Unlock()
		if b.action != nil {
			if !b.runAction() {
				b.breakLocked()
				return index, ErrBrokenBarrier
			}
		}
		close(g.done)
		b.count = 0
		b.round = &barrierGen{done: make(chan struct{})}
		return index, nil
	}
	b.mu.Unlock()
	ok, err := hook.Wait(g.done, d)
	b.mu.Lock()
	defer b.mu.Unlock()
	if !ok && b.round == g && !g.broken {
		b.breakLocked() // a timeout or an interrupt breaks the barrier, as in Python
	}
	if err != nil {
		return index, err
	}
	if g.broken {
		return index, ErrBrokenBarrier
	}
	return index, nil
}

// runAction runs the action, reporting false if it panicked.
func (b *Barrier) runAction() (ok bool) {
	defer func() {
		if r := recover(); r != nil {
			ok = false
		}
	}()
	b.action()
	return true
}

func (b *Barrier) breakLocked() {
	if !b.round.broken {
		b.round.broken = true
		close(b.round.done)
	}
}

// Reset returns the barrier to its initial state; threads waiting get
// ErrBrokenBarrier.
func (b *Barrier) Reset() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.count > 0 {
		b.breakLocked()
	}
	b.count = 0
	b.round = &barrierGen{done: make(chan struct{})}
}

// Abort breaks the barrier: waiting threads and later calls of Wait get
// ErrBrokenBarrier until Reset.
func (b *Barrier) Abort() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.breakLocked()
}

// Broken reports whether the barrier is broken.
func (b *Barrier) Broken() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.round.broken
}

// Parties returns the number of threads the barrier waits for.
func (b *Barrier) Parties() int { return b.parties }

// NWaiting returns the number of threads waiting now.
func (b *Barrier) NWaiting() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.round.broken {
		return 0
	}
	return b.count
}

// String describes the barrier's waiting threads, as Python's repr does:
// <threading.Barrier waiters=1/3>, or <threading.Barrier broken>. It never
// waits for the barrier's lock, which its action runs under: while that is
// held, the barrier is described as busy.
func (b *Barrier) String() string {
	if !b.mu.TryLock() {
		return fmt.Sprintf("<threading.Barrier parties=%d, busy>", b.parties)
	}
	defer b.mu.Unlock()
	if b.round.broken {
		return "<threading.Barrier broken>"
	}
	return fmt.Sprintf("<threading.Barrier waiters=%d/%d>", b.count, b.parties)
}

// Local is Python's threading.local: values that each thread sees its own
// copy of.
type Local struct {
	mu   sync.Mutex
	vals map[int64]map[string]any
}

var locals struct {
	mu  sync.Mutex
	all []*Local
}

// NewLocal returns an empty thread-local store.
func NewLocal() *Local {
	l := &Local{vals: map[int64]map[string]any{}}
	locals.mu.Lock()
	locals.all = append(locals.all, l)
	locals.mu.Unlock()
	return l
}

// Get returns the calling thread's value of name.
func (l *Local) Get(name string) (any, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	v, ok := l.vals[GetIdent()][name]
	return v, ok
}

// Set sets the calling thread's value of name.
func (l *Local) Set(name string, v any) {
	v = hook.Unbox(v)
	id := GetIdent()
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.vals[id] == nil {
		l.vals[id] = map[string]any{}
	}
	l.vals[id][name] = v
}

// Delete removes the calling thread's value of name.
func (l *Local) Delete(name string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.vals[GetIdent()], name)
}

// forgetLocals drops the values of a thread that has ended.
func forgetLocals(id int64) {
	locals.mu.Lock()
	all := locals.all
	locals.mu.Unlock()
	for _, l := range all {
		l.mu.Lock()
		delete(l.vals, id)
		l.mu.Unlock()
	}
}
