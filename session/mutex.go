package session

import (
	"fmt"
	"reflect"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gothreads/gothreads/cellsource"
	"github.com/gothreads/gothreads/runtime/hook"
)

// The sync types cells get are the session's own, for two reasons. A
// misuse that Go makes a fatal error, which no recover catches (unlocking
// an unlocked mutex, a panic in a goroutine of WaitGroup.Go), must be an
// ordinary panic, so that the session lives. And an interrupt must end
// every wait: sync's own cannot be given up, so a goroutine of a stopped
// cell would wait on, and take the lock when it is released, holding it
// for ever. Each wait here watches for the session's stop (Interrupt) and
// gives up with a panic that wraps hook.ErrInterrupted. (Not for
// hook.Interrupt itself, which a cell may call to wake the runtime
// packages' waits, as lesson 4 does: the cell's own code runs on.)

// stopSignal is closed, and replaced, at each stop of the session.
var stopSignal atomic.Pointer[chan struct{}]

func init() {
	c := make(chan struct{})
	stopSignal.Store(&c)
}

// stopped returns a channel that the session's next stop closes.
func stopped() <-chan struct{} { return *stopSignal.Load() }

// signalStop wakes every wait that watches stopped.
func signalStop() {
	c := make(chan struct{})
	close(*stopSignal.Swap(&c))
}

// wakeup is what a lock's waiters wait on: a channel that the next release
// closes. Waiters try the lock again after arming it, so that a release
// between a failed try and the wait is not missed.
type wakeup struct {
	waiting atomic.Int32
	mu      sync.Mutex
	ch      chan struct{}
}

func (w *wakeup) arm() <-chan struct{} {
	w.waiting.Add(1)
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.ch == nil {
		w.ch = make(chan struct{})
	}
	return w.ch
}

// wake wakes every waiter, each to try again.
func (w *wakeup) wake() {
	if w.waiting.Load() == 0 {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.ch != nil {
		close(w.ch)
		w.ch = nil
	}
}

// until waits for try to succeed, trying again at each wake; an interrupt
// ends the wait with a panic naming what waited.
func (w *wakeup) until(try func() bool, what string) {
	stop := stopped()
	if callerStopped() { // stopped before it took the channel
		panic(interrupted(what))
	}
	for {
		c := w.arm()
		if try() {
			w.waiting.Add(-1)
			return
		}
		select {
		case <-c:
			w.waiting.Add(-1)
		case <-stop:
			w.waiting.Add(-1)
			panic(interrupted(what))
		}
	}
}

// interrupted is the panic of a wait that an interrupt ended.
func interrupted(what string) error {
	return fmt.Errorf("%s: %w", what, hook.ErrInterrupted)
}

// Mutex replaces sync.Mutex in cells.
type Mutex struct {
	mu     sync.Mutex
	locked atomic.Bool
	w      wakeup
}

func (m *Mutex) Lock() {
	if !m.TryLock() {
		m.w.until(m.TryLock, "sync.Mutex.Lock")
	}
}

func (m *Mutex) TryLock() bool {
	if !m.mu.TryLock() {
		return false
	}
	m.locked.Store(true)
	return true
}

func (m *Mutex) Unlock() {
	if !m.locked.CompareAndSwap(true, false) {
		panic("sync: unlock of unlocked mutex")
	}
	m.mu.Unlock()
	m.w.wake()
}

// RWMutex replaces sync.RWMutex in cells. As sync's, it lets no new reader
// in while a writer waits, so that readers cannot starve a writer.
type RWMutex struct {
	mu      sync.RWMutex
	locked  atomic.Bool
	readers atomic.Int32
	writers atomic.Int32 // writers waiting
	w       wakeup
}

func (m *RWMutex) Lock() {
	if m.TryLock() {
		return
	}
	m.writers.Add(1)
	defer func() {
		m.writers.Add(-1)
		m.w.wake() // readers held back by this writer try again
	}()
	m.w.until(m.TryLock, "sync.RWMutex.Lock")
}

func (m *RWMutex) TryLock() bool {
	if !m.mu.TryLock() {
		return false
	}
	m.locked.Store(true)
	return true
}

func (m *RWMutex) Unlock() {
	if !m.locked.CompareAndSwap(true, false) {
		panic("sync: Unlock of unlocked RWMutex")
	}
	m.mu.Unlock()
	m.w.wake()
}

func (m *RWMutex) RLock() {
	if !m.TryRLock() {
		m.w.until(m.TryRLock, "sync.RWMutex.RLock")
	}
}

// TryRLock fails while a writer waits, as sync's does.
func (m *RWMutex) TryRLock() bool {
	if m.writers.Load() > 0 || !m.mu.TryRLock() {
		return false
	}
	m.readers.Add(1)
	return true
}

func (m *RWMutex) RUnlock() {
	if m.readers.Add(-1) < 0 {
		m.readers.Add(1)
		panic("sync: RUnlock of unlocked RWMutex")
	}
	m.mu.RUnlock()
	m.w.wake()
}

// RLocker returns a Locker whose Lock and Unlock call RLock and RUnlock.
func (m *RWMutex) RLocker() sync.Locker { return rlocker{m} }

type rlocker struct{ m *RWMutex }

func (r rlocker) Lock()   { r.m.RLock() }
func (r rlocker) Unlock() { r.m.RUnlock() }

// WaitGroup replaces sync.WaitGroup in cells. A panic in a goroutine that
// its Go starts is reported under the cell that started the goroutine, as
// a go statement's panic is, and the group's Wait still returns.
type WaitGroup struct {
	mu   sync.Mutex
	n    int
	done chan struct{} // closed when n drops to 0; nil while nobody waits
}

func (wg *WaitGroup) Add(delta int) {
	wg.mu.Lock()
	defer wg.mu.Unlock()
	if wg.n+delta < 0 {
		panic("sync: negative WaitGroup counter")
	}
	wg.n += delta
	if wg.n == 0 && wg.done != nil {
		close(wg.done)
		wg.done = nil
	}
}

func (wg *WaitGroup) Done() { wg.Add(-1) }

func (wg *WaitGroup) Wait() {
	wg.mu.Lock()
	if wg.n == 0 {
		wg.mu.Unlock()
		return
	}
	if wg.done == nil {
		wg.done = make(chan struct{})
	}
	done, stop := wg.done, stopped()
	wg.mu.Unlock()
	if callerStopped() {
		panic(interrupted("sync.WaitGroup.Wait"))
	}
	select {
	case <-done:
	case <-stop:
		panic(interrupted("sync.WaitGroup.Wait"))
	}
}

// Go calls f in a new goroutine and adds that task to the group.
func (wg *WaitGroup) Go(f func()) {
	wg.Add(1)
	sk, _ := labelSink()
	go func() {
		if sk != nil { // named for threading, as a go statement's goroutine is
			labelGoroutine(sk, "goroutine of "+cellsource.CellName(sk.cell)+" (WaitGroup.Go)")
		}
		defer wg.Done()
		defer hook.Recover()
		f()
	}()
}

// Cond replaces sync.Cond in cells, so that an interrupt ends a Wait. A
// Wait that an interrupt ends does not lock L again: the goroutine did not
// hold it when it was stopped.
type Cond struct {
	L sync.Locker

	mu      sync.Mutex
	waiters []chan struct{}
}

// NewCond replaces sync.NewCond.
func NewCond(l sync.Locker) *Cond { return &Cond{L: l} }

func (c *Cond) Wait() {
	ch := make(chan struct{})
	c.mu.Lock()
	c.waiters = append(c.waiters, ch)
	c.mu.Unlock()
	stop := stopped()
	func() {
		defer func() {
			if r := recover(); r != nil { // L was not locked: no waiter
				c.forget(ch)
				panic(r)
			}
		}()
		c.L.Unlock()
	}()
	if callerStopped() {
		c.forget(ch)
		panic(interrupted("sync.Cond.Wait"))
	}
	select {
	case <-ch:
	case <-stop:
		c.forget(ch)
		panic(interrupted("sync.Cond.Wait"))
	}
	c.L.Lock()
}

// forget takes the waiter ch off the list, if a Signal has not already.
func (c *Cond) forget(ch chan struct{}) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, w := range c.waiters {
		if w == ch {
			c.waiters = append(c.waiters[:i], c.waiters[i+1:]...)
			return
		}
	}
}

// Signal wakes the goroutine that has waited longest, if any.
func (c *Cond) Signal() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.waiters) > 0 {
		close(c.waiters[0])
		c.waiters = c.waiters[1:]
	}
}

// Broadcast wakes every waiting goroutine.
func (c *Cond) Broadcast() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, w := range c.waiters {
		close(w)
	}
	c.waiters = nil
}

// sleep replaces time.Sleep: an interrupt ends it early, so that the
// goroutines of a stopped cell do not sleep on (the interpreter ends each
// before its next statement).
func sleep(d time.Duration) {
	if d <= 0 {
		return
	}
	stop := stopped()
	if callerStopped() {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-stop:
	}
}

// standsFor maps the stand-ins above, and pointers to them, to the sync
// types they replace, which is what cells name: the cell compiler is told
// those (globalTypes).
var standsFor = map[reflect.Type]reflect.Type{
	reflect.TypeFor[Mutex]():      reflect.TypeFor[sync.Mutex](),
	reflect.TypeFor[*Mutex]():     reflect.TypeFor[*sync.Mutex](),
	reflect.TypeFor[RWMutex]():    reflect.TypeFor[sync.RWMutex](),
	reflect.TypeFor[*RWMutex]():   reflect.TypeFor[*sync.RWMutex](),
	reflect.TypeFor[WaitGroup]():  reflect.TypeFor[sync.WaitGroup](),
	reflect.TypeFor[*WaitGroup](): reflect.TypeFor[*sync.WaitGroup](),
	reflect.TypeFor[Cond]():       reflect.TypeFor[sync.Cond](),
	reflect.TypeFor[*Cond]():      reflect.TypeFor[*sync.Cond](),
}
