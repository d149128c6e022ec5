package session

import (
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/gothreads/gothreads/evaluator"
)

// Deadlocks. A Go program whose goroutines all wait on each other stops
// with "fatal error: all goroutines are asleep - deadlock!". A session
// never stops that way: the kernel's own goroutines are alive, so a
// deadlocked cell just hangs. While a cell runs, the session therefore
// looks at its goroutines now and then, and when every goroutine running
// cell code has been waiting on a channel, a lock or a WaitGroup for a
// while, it says so under the cell, once. It cannot see timers, so a long
// wait on time.After also counts: the message says "if nothing will wake
// them".

const (
	// deadlockCheck is how often a running cell's goroutines are looked at.
	deadlockCheck = time.Second
	// deadlockAfter is how long they must all have been waiting.
	deadlockAfter = 5 * time.Second
	// maxDump bounds the goroutine dump; a session with more goroutines
	// than fit is not checked.
	maxDump = 4 << 20
	// maxWatched is the most goroutines the check looks at: dumping them
	// stops the world, which must stay short (900 goroutines deep in
	// interpreted code took 100 ms to dump).
	maxWatched = 300
)

// deadlockHint is written to the cell's standard error.
const deadlockHint = "⚠ Every goroutine of this session has been waiting for %s, on channels, locks or a WaitGroup.\n" +
	"If nothing will wake them, this is a deadlock: a Go program would stop with\n" +
	"\"fatal error: all goroutines are asleep - deadlock!\". Press ■ (interrupt) to stop the cell.\n"

// watchDeadlock checks the session's goroutines every check while the
// cell publishing to pub runs, and writes the hint when all of them have
// been blocked for after. The returned func stops watching.
func watchDeadlock(pub evaluator.Publisher, check, after time.Duration) (stop func()) {
	done, exited := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(exited)
		t := time.NewTicker(check)
		defer t.Stop()
		var since time.Time // when all were first seen blocked
		var buf []byte
		for {
			select {
			case <-done:
				return
			case now := <-t.C:
				if runtime.NumGoroutine() > maxWatched {
					since = time.Time{}
					continue
				}
				if buf == nil {
					buf = make([]byte, 64<<10)
				}
				n := runtime.Stack(buf, true)
				for n == len(buf) && len(buf) < maxDump {
					buf = make([]byte, 2*len(buf))
					n = runtime.Stack(buf, true)
				}
				if n == len(buf) {
					return // too many goroutines to look at each second
				}
				if !allBlocked(string(buf[:n])) {
					since = time.Time{}
					continue
				}
				if since.IsZero() {
					since = now
				}
				if now.Sub(since) >= after {
					pub.Stream("stderr", strings.Replace(deadlockHint, "%s", after.String(), 1))
					return
				}
			}
		}
	}()
	// Stopping waits for the watcher, so that no hint follows the cell's
	// reply; it may be called more than once.
	return sync.OnceFunc(func() { close(done); <-exited })
}

// waitStates are the goroutine states of waiting for another goroutine.
var waitStates = map[string]bool{
	"chan receive": true, "chan send": true, "chan receive (nil chan)": true, "chan send (nil chan)": true,
	"select": true, "select (no cases)": true, "sync.Mutex.Lock": true, "sync.RWMutex.Lock": true,
	"sync.RWMutex.RLock": true, "sync.WaitGroup.Wait": true, "sync.Cond.Wait": true, "semacquire": true,
}

// allBlocked reports whether every goroutine in a runtime.Stack dump that
// runs interpreted code or the runtime packages is waiting for another
// goroutine, and there is at least one. A goroutine waiting for the
// learner's input is not blocked, nor is one waiting for the network (an
// HTTP request's goroutines run no cell code, but the cell waits on them).
func allBlocked(dump string) bool {
	found := false
	for _, g := range strings.Split(dump, "\n\n") {
		if strings.Contains(g, " [IO wait") {
			return false
		}
		if !strings.Contains(g, "github.com/traefik/yaegi/interp.") && !strings.Contains(g, "gothreads/gothreads/runtime/") {
			continue
		}
		if strings.Contains(g, "session.(*stdinReader)") {
			return false
		}
		header, _, _ := strings.Cut(g, "\n")
		_, state, ok := strings.Cut(header, "[")
		if !ok {
			return false
		}
		if i := strings.IndexAny(state, ",]"); i >= 0 {
			state = state[:i]
		}
		state, _, _ = strings.Cut(state, " labels:")
		if !waitStates[state] {
			return false
		}
		found = true
	}
	return found
}
