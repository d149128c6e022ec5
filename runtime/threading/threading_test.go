package threading

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gothreads/gothreads/runtime/hook"
)

func worker(n int, out chan<- string) { out <- fmt.Sprint("worker ", n, " ", CurrentThread().Name) }

func TestThreadStartJoinAndNames(t *testing.T) {
	out := make(chan string, 1)
	th := NewThread(worker, 7, out)
	if !strings.HasPrefix(th.Name, "Thread-") || !strings.HasSuffix(th.Name, " (worker)") {
		t.Errorf("name %q; want Thread-N (worker)", th.Name)
	}
	if th.IsAlive() || th.Ident() != 0 {
		t.Errorf("before Start: alive %v, ident %d", th.IsAlive(), th.Ident())
	}
	th.Start()
	if th.Ident() == 0 {
		t.Error("no ident after Start")
	}
	th.Join()
	if got := <-out; got != "worker 7 "+th.Name {
		t.Errorf("target saw %q", got)
	}
	if th.IsAlive() {
		t.Error("alive after Join")
	}
	defer func() {
		if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), "only be started once") {
			t.Errorf("second Start: %v", r)
		}
	}()
	th.Start()
}

func TestJoinTimeoutAndEnumerate(t *testing.T) {
	release := NewEvent()
	th := NewThread(func() { release.Wait() })
	th.Start()
	if th.JoinTimeout(20 * time.Millisecond) {
		t.Error("JoinTimeout returned true for a running thread")
	}
	found := false
	for _, x := range Enumerate() {
		found = found || x == th
	}
	if !found || ActiveCount() < 2 || Enumerate()[0] != MainThread() {
		t.Errorf("Enumerate %v", Enumerate())
	}
	release.Set()
	if !th.JoinTimeout(time.Second) {
		t.Error("JoinTimeout returned false for a finished thread")
	}
	if CurrentThread() != MainThread() || MainThread().Name != "MainThread" {
		t.Errorf("current thread of a test goroutine: %v", CurrentThread())
	}
}

func TestThreadPanicGoesToHook(t *testing.T) {
	got := make(chan any, 1)
	hook.SetPanicHandler(func(v any, _ []byte) { got <- v })
	defer hook.SetPanicHandler(nil)
	th := NewThread(func() { panic("boom") })
	th.Start()
	th.Join()
	if v := <-got; v != "boom" {
		t.Errorf("hook got %v", v)
	}
}

func TestLock(t *testing.T) {
	l := NewLock()
	if !l.TryAcquire() || !l.Locked() || l.TryAcquire() {
		t.Fatal("TryAcquire on a free and then a held lock")
	}
	start := time.Now()
	if l.AcquireTimeout(30*time.Millisecond) || time.Since(start) < 30*time.Millisecond {
		t.Error("AcquireTimeout on a held lock")
	}
	l.Release()
	l.With(func() {
		if !l.Locked() {
			t.Error("not locked inside With")
		}
	})
	defer func() {
		if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), "release unlocked lock") {
			t.Errorf("release of an unlocked lock: %v", r)
		}
	}()
	l.Release()
}

func TestLockCounter(t *testing.T) {
	l := NewLock()
	n := 0
	var ths []*Thread
	for range 8 {
		th := NewThread(func() {
			for range 1000 {
				l.With(func() { n++ })
			}
		})
		th.Start()
		ths = append(ths, th)
	}
	for _, th := range ths {
		th.Join()
	}
	if n != 8000 {
		t.Errorf("counter %d; want 8000", n)
	}
}

func TestRLock(t *testing.T) {
	r := NewRLock()
	r.Acquire()
	r.Acquire()
	if r.Count() != 2 {
		t.Errorf("count %d after two acquires", r.Count())
	}
	other := NewThread(func() {
		if r.TryAcquire() {
			t.Error("another thread took a held RLock")
		}
		defer func() {
			if rec := recover(); rec == nil || !strings.Contains(fmt.Sprint(rec), "un-acquired") {
				t.Errorf("release by a non-owner: %v", rec)
			}
		}()
		r.Release()
	})
	other.Start()
	other.Join()
	r.Release()
	r.Release()
	if r.Locked() {
		t.Error("still locked after releasing twice")
	}
}

func TestEvent(t *testing.T) {
	e := NewEvent()
	if e.WaitTimeout(10 * time.Millisecond) {
		t.Error("WaitTimeout true on a clear event")
	}
	th := NewThread(func() { time.Sleep(10 * time.Millisecond); e.Set() })
	th.Start()
	e.Wait()
	if !e.IsSet() {
		t.Error("not set after Wait")
	}
	e.Clear()
	if e.IsSet() || e.WaitTimeout(5*time.Millisecond) {
		t.Error("set after Clear")
	}
}

func TestConditionNotifyN(t *testing.T) {
	c := NewCondition(nil)
	var woken atomic.Int32
	var started sync.WaitGroup
	for range 3 {
		started.Add(1)
		NewThread(func() {
			c.With(func() {
				started.Done()
				c.Wait()
				woken.Add(1)
			})
		}).Start()
	}
	started.Wait()
	// Every waiter has released the lock inside Wait once we can take it.
	waitFor(t, func() bool { c.mu.Lock(); defer c.mu.Unlock(); return len(c.q.list) == 3 })
	c.With(func() { c.NotifyN(2) })
	waitFor(t, func() bool { return woken.Load() == 2 })
	time.Sleep(20 * time.Millisecond)
	if woken.Load() != 2 {
		t.Errorf("NotifyN(2) woke %d", woken.Load())
	}
	c.With(c.NotifyAll)
	waitFor(t, func() bool { return woken.Load() == 3 })

	ready := false
	NewThread(func() { time.Sleep(10 * time.Millisecond); c.With(func() { ready = true; c.NotifyAll() }) }).Start()
	c.With(func() { c.WaitFor(func() bool { return ready }) })
	if c.With(func() {}); !ready {
		t.Error("WaitFor returned before the predicate held")
	}
	c.With(func() {
		if c.WaitTimeout(10 * time.Millisecond) {
			t.Error("WaitTimeout true without a notify")
		}
	})
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !cond(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("condition never held")
		}
	}
}

func TestSemaphores(t *testing.T) {
	s := NewSemaphore(2)
	s.Acquire()
	s.Acquire()
	if s.TryAcquire() || s.AcquireTimeout(10*time.Millisecond) {
		t.Error("acquired a semaphore at zero")
	}
	s.Release()
	s.Release()
	s.Release() // a plain semaphore may go above its start
	if s.Value() != 3 {
		t.Errorf("value %d", s.Value())
	}
	b := NewBoundedSemaphore(1)
	b.Acquire()
	b.Release()
	defer func() {
		if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), "released too many times") {
			t.Errorf("over-release: %v", r)
		}
	}()
	b.Release()
}

func TestTimerCancel(t *testing.T) {
	fired := make(chan string, 2)
	tm := NewTimer(20*time.Millisecond, func(s string) { fired <- s }, "yes")
	tm.Start()
	tm.Join()
	cancelled := NewTimer(20*time.Millisecond, func(s string) { fired <- s }, "no")
	cancelled.Start()
	cancelled.Cancel()
	cancelled.Join()
	if len(fired) != 1 || <-fired != "yes" {
		t.Error("the timer did not fire once, or the cancelled one fired")
	}
}

func TestBarrier(t *testing.T) {
	var actions atomic.Int32
	b := NewBarrier(3, func() { actions.Add(1) })
	indexes := make(chan int, 3)
	var ths []*Thread
	for range 3 {
		th := NewThread(func() {
			i, err := b.Wait()
			if err != nil {
				t.Error(err)
			}
			indexes <- i
		})
		th.Start()
		ths = append(ths, th)
	}
	for _, th := range ths {
		th.Join()
	}
	close(indexes)
	seen := map[int]bool{}
	for i := range indexes {
		seen[i] = true
	}
	if len(seen) != 3 || actions.Load() != 1 || b.Parties() != 3 {
		t.Errorf("indexes %v, actions %d", seen, actions.Load())
	}
	// A timeout breaks the barrier for everyone until Reset.
	if _, err := b.WaitTimeout(10 * time.Millisecond); !errors.Is(err, ErrBrokenBarrier) || !b.Broken() {
		t.Errorf("timed-out wait: %v, broken %v", err, b.Broken())
	}
	if _, err := b.Wait(); !errors.Is(err, ErrBrokenBarrier) {
		t.Errorf("wait on a broken barrier: %v", err)
	}
	b.Reset()
	if b.Broken() || b.NWaiting() != 0 {
		t.Error("Reset left it broken")
	}
	waiter := NewThread(func() {
		if _, err := b.Wait(); !errors.Is(err, ErrBrokenBarrier) {
			t.Errorf("wait through Abort: %v", err)
		}
	})
	waiter.Start()
	waitFor(t, func() bool { return b.NWaiting() == 1 })
	b.Abort()
	waiter.Join()
}

func TestLocal(t *testing.T) {
	l := NewLocal()
	l.Set("x", "main")
	th := NewThread(func() {
		if _, ok := l.Get("x"); ok {
			t.Error("a thread saw another thread's value")
		}
		l.Set("x", "thread")
	})
	th.Start()
	th.Join()
	if v, _ := l.Get("x"); v != "main" {
		t.Errorf("main's value %v", v)
	}
	l.Delete("x")
	if _, ok := l.Get("x"); ok {
		t.Error("Delete left the value")
	}
}

func TestInterruptWakesBlockedCalls(t *testing.T) {
	l := NewLock()
	l.Acquire()
	e := NewEvent()
	results := make(chan string, 3)
	for name, f := range map[string]func(){"lock": l.Acquire, "event": e.Wait, "sem": NewSemaphore(0).Acquire} {
		go func() {
			defer func() {
				r := recover()
				var in hook.Interruption
				if err, ok := r.(error); ok && errors.As(err, &in) {
					results <- name
				} else {
					results <- fmt.Sprint(name, " got ", r)
				}
			}()
			f()
		}()
	}
	time.Sleep(30 * time.Millisecond)
	hook.Interrupt()
	got := map[string]bool{}
	for range 3 {
		select {
		case r := <-results:
			got[r] = true
		case <-time.After(time.Second):
			t.Fatalf("blocked calls did not return after an interrupt: %v", got)
		}
	}
	if !got["lock"] || !got["event"] || !got["sem"] {
		t.Errorf("results %v", got)
	}
}

func ExampleNewThread() {
	done := make(chan bool)
	t := NewThread(func(name string) {
		fmt.Println("hello from", name)
		done <- true
	}, "a thread")
	t.Start()
	<-done
	t.Join()
	fmt.Println("alive after join:", t.IsAlive())
	// Output:
	// hello from a thread
	// alive after join: false
}

func ExampleLock_With() {
	lock := NewLock()
	balance := 0
	var threads []*Thread
	for range 4 {
		t := NewThread(func() {
			for range 100 {
				lock.With(func() { balance++ })
			}
		})
		t.Start()
		threads = append(threads, t)
	}
	for _, t := range threads {
		t.Join()
	}
	fmt.Println(balance)
	// Output: 400
}

// Each primitive describes its state as Python's repr does, which is what
// a notebook shows for a value at the end of a cell.
func TestStrings(t *testing.T) {
	l := NewLock()
	r := NewRLock()
	e := NewEvent()
	s := NewSemaphore(2)
	bs := NewBoundedSemaphore(2)
	b := NewBarrier(2, nil)
	c := NewCondition(nil)
	check := func(got fmt.Stringer, want string) {
		t.Helper()
		if got.String() != want {
			t.Errorf("got %s; want %s", got, want)
		}
	}
	check(l, "<unlocked threading.Lock>")
	check(r, "<unlocked threading.RLock owner=0 count=0>")
	check(e, "<threading.Event unset>")
	check(s, "<threading.Semaphore value=2>")
	check(bs, "<threading.BoundedSemaphore value=2/2>")
	check(b, "<threading.Barrier waiters=0/2>")
	check(c, "<Condition(<unlocked threading.RLock owner=0 count=0>, 0 waiting)>")

	l.Acquire()
	r.Acquire()
	r.Acquire()
	e.Set()
	s.Acquire()
	bs.Acquire()
	waited := make(chan struct{})
	go func() { b.Wait(); close(waited) }()
	for b.NWaiting() == 0 {
		time.Sleep(time.Millisecond)
	}
	check(l, "<locked threading.Lock>")
	check(r, fmt.Sprintf("<locked threading.RLock owner=%d count=2>", GetIdent()))
	check(e, "<threading.Event set>")
	check(s, "<threading.Semaphore value=1>")
	check(bs, "<threading.BoundedSemaphore value=1/2>")
	check(b, "<threading.Barrier waiters=1/2>")
	b.Abort()
	<-waited
	check(b, "<threading.Barrier broken>")
}

// A barrier's action may describe the barrier (it runs under its lock),
// and a condition over a sync.Mutex names the mutex's type.
func TestStringsInsideAndAround(t *testing.T) {
	var b *Barrier
	inside := ""
	b = NewBarrier(1, func() { inside = b.String() })
	if _, err := b.Wait(); err != nil {
		t.Fatal(err)
	}
	if inside != "<threading.Barrier parties=1, busy>" {
		t.Errorf("inside the action: %s", inside)
	}
	var mu sync.Mutex
	if got := NewCondition(&mu).String(); got != "<Condition(*sync.Mutex, 0 waiting)>" {
		t.Errorf("got %s", got)
	}
}

// In a plain program (no host), each goroutine is a thread of its own to
// GetIdent, so an RLock held by one keeps another out; the program's main
// goroutine is the main thread, with its identifier.
func TestPlainGoroutinesAreApart(t *testing.T) {
	l := NewRLock()
	l.Acquire()
	idents := make(chan int64, 1)
	got := make(chan bool, 1)
	go func() {
		idents <- GetIdent()
		got <- l.AcquireTimeout(50 * time.Millisecond)
	}()
	if id := <-idents; id == GetIdent() {
		t.Errorf("a goroutine has the same identifier as the test's: %d", id)
	}
	if <-got {
		t.Error("a second goroutine acquired an RLock another holds")
	}
	l.Release()
}
