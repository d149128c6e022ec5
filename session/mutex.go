package session

import (
	"sync"
	"sync/atomic"

	"github.com/gothreads/gothreads/runtime/hook"
)

// Mutex replaces sync.Mutex in cells. Unlocking an unlocked sync.Mutex is
// a fatal error that no recover can catch, and learners do it; this one
// panics instead, so the cell gets an ordinary error.
type Mutex struct {
	mu     sync.Mutex
	locked atomic.Bool
}

func (m *Mutex) Lock() {
	m.mu.Lock()
	m.locked.Store(true)
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
}

// RWMutex replaces sync.RWMutex for the same reason.
type RWMutex struct {
	mu      sync.RWMutex
	locked  atomic.Bool
	readers atomic.Int32
}

func (m *RWMutex) Lock() {
	m.mu.Lock()
	m.locked.Store(true)
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
}

func (m *RWMutex) RLock() {
	m.mu.RLock()
	m.readers.Add(1)
}

func (m *RWMutex) TryRLock() bool {
	if !m.mu.TryRLock() {
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
}

// RLocker returns a Locker whose Lock and Unlock call RLock and RUnlock.
func (m *RWMutex) RLocker() sync.Locker { return rlocker{m} }

type rlocker struct{ m *RWMutex }

func (r rlocker) Lock()   { r.m.RLock() }
func (r rlocker) Unlock() { r.m.RUnlock() }

// WaitGroup replaces sync.WaitGroup in cells. A panic in a goroutine that
// sync.WaitGroup.Go starts ends the program; this Go reports it under the
// cell that started the goroutine, as a go statement's panic is, and the
// group's Wait still returns.
type WaitGroup struct {
	wg sync.WaitGroup
}

func (wg *WaitGroup) Add(delta int) { wg.wg.Add(delta) }

func (wg *WaitGroup) Done() { wg.wg.Done() }

func (wg *WaitGroup) Wait() { wg.wg.Wait() }

// Go calls f in a new goroutine and adds that task to the group.
func (wg *WaitGroup) Go(f func()) {
	wg.wg.Add(1)
	sk, _ := labelSink()
	go func() {
		if sk != nil { // named for threading, as a go statement's goroutine is
			labelGoroutine(sk, "goroutine of "+cellName(sk.cell)+" (WaitGroup.Go)")
		}
		defer wg.wg.Done()
		defer hook.Recover()
		f()
	}()
}
