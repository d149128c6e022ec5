package threading

import (
	"fmt"
	"sync"
	"time"

	"github.com/gothreads/gothreads/runtime/hook"
)

// Lock is Python's threading.Lock: held by at most one thread at a time,
// released by anyone. It is also a sync.Locker.
type Lock struct {
	token chan struct{} // holds a value while the lock is held
}

// NewLock returns an unlocked lock.
func NewLock() *Lock { return &Lock{token: make(chan struct{}, 1)} }

// Acquire waits until the lock is free and takes it.
func (l *Lock) Acquire() { l.acquire(-1, "Lock.Acquire") }

// TryAcquire takes the lock if it is free, without waiting, and reports
// whether it did (Python: acquire(blocking=False)).
func (l *Lock) TryAcquire() bool {
	select {
	case l.token <- struct{}{}:
		return true
	default:
		return false
	}
}

// AcquireTimeout waits up to d for the lock and reports whether it took it
// (Python: acquire(timeout=d)).
func (l *Lock) AcquireTimeout(d time.Duration) bool { return l.acquire(d, "Lock.AcquireTimeout") }

func (l *Lock) acquire(d time.Duration, call string) bool {
	if l.TryAcquire() {
		return true
	}
	stop := hook.Interrupted()
	var timeout <-chan time.Time
	if d >= 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		timeout = t.C
	}
	select {
	case l.token <- struct{}{}:
		return true
	case <-timeout:
		return false
	case <-stop:
		panic(hook.Interruption{Call: call})
	}
}

// Release frees the lock. Releasing a lock that is not held panics.
func (l *Lock) Release() {
	select {
	case <-l.token:
	default:
		panic("threading: release unlocked lock")
	}
}

// Locked reports whether the lock is held.
func (l *Lock) Locked() bool { return len(l.token) == 1 }

// With runs f holding the lock (Python: with lock:).
func (l *Lock) With(f func()) {
	l.Acquire()
	defer l.Release()
	f()
}

// Lock is Acquire, so that a *Lock is a sync.Locker.
func (l *Lock) Lock() { l.Acquire() }

// Unlock is Release.
func (l *Lock) Unlock() { l.Release() }

// String describes the lock as Python's repr does: <unlocked threading.Lock>.
func (l *Lock) String() string { return "<" + lockState(l.Locked()) + " threading.Lock>" }

func lockState(locked bool) string {
	if locked {
		return "locked"
	}
	return "unlocked"
}

// RLock is Python's threading.RLock: a lock that the thread holding it may
// acquire again; it is free once released as many times as acquired. Only
// the holder may release it.
type RLock struct {
	lock  *Lock
	mu    sync.Mutex
	owner int64 // goroutine holding the lock, 0 for none
	count int
}

// NewRLock returns an unlocked reentrant lock.
func NewRLock() *RLock { return &RLock{lock: NewLock()} }

// Acquire takes the lock, waiting if another thread holds it.
func (r *RLock) Acquire() { r.acquire(-1, "RLock.Acquire") }

// TryAcquire takes the lock if that needs no waiting.
func (r *RLock) TryAcquire() bool { return r.acquire(0, "RLock.TryAcquire") }

// AcquireTimeout waits up to d for the lock and reports whether it took it.
func (r *RLock) AcquireTimeout(d time.Duration) bool { return r.acquire(d, "RLock.AcquireTimeout") }

func (r *RLock) acquire(d time.Duration, call string) bool {
	me := GetIdent()
	r.mu.Lock()
	if r.owner == me {
		r.count++
		r.mu.Unlock()
		return true
	}
	r.mu.Unlock()
	var ok bool
	if d == 0 {
		ok = r.lock.TryAcquire()
	} else {
		ok = r.lock.acquire(d, call)
	}
	if !ok {
		return false
	}
	r.mu.Lock()
	r.owner, r.count = me, 1
	r.mu.Unlock()
	return true
}

// Release releases one level of the lock. A thread that does not hold it
// cannot release it.
func (r *RLock) Release() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.owner != GetIdent() || r.count == 0 {
		panic("threading: cannot release un-acquired lock")
	}
	r.count--
	if r.count == 0 {
		r.owner = 0
		r.lock.Release()
	}
}

// Locked reports whether some thread holds the lock.
func (r *RLock) Locked() bool { return r.lock.Locked() }

// Count returns how many times the holder has acquired the lock without
// releasing it (0 when free).
func (r *RLock) Count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.count
}

// String describes the lock, its holder and its count, as Python's repr
// does: <locked threading.RLock owner=12 count=2>.
func (r *RLock) String() string {
	r.mu.Lock()
	owner, count := r.owner, r.count
	r.mu.Unlock()
	return fmt.Sprintf("<%s threading.RLock owner=%d count=%d>", lockState(count > 0), owner, count)
}

// With runs f holding the lock.
func (r *RLock) With(f func()) {
	r.Acquire()
	defer r.Release()
	f()
}

// Lock is Acquire, so that an *RLock is a sync.Locker.
func (r *RLock) Lock() { r.Acquire() }

// Unlock is Release.
func (r *RLock) Unlock() { r.Release() }

// releaseAll frees the lock entirely for Condition.Wait and returns the
// count to restore.
func (r *RLock) releaseAll() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.owner != GetIdent() || r.count == 0 {
		panic("threading: cannot wait on un-acquired lock")
	}
	n := r.count
	r.owner, r.count = 0, 0
	r.lock.Release()
	return n
}

// restore takes the lock back with the given count.
func (r *RLock) restore(n int, call string) {
	r.lock.acquire(-1, call)
	r.mu.Lock()
	r.owner, r.count = GetIdent(), n
	r.mu.Unlock()
}
