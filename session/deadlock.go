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
	"\"fatal error: all goroutines are asleep - deadlock!\". To stop the cell, interrupt the kernel\n" +
	"(■ in the notebook's toolbar, Ctrl+C in jupyter console).\n"

// watchDeadlock checks the session's goroutines every check while the
// cell publishing to pub runs, and writes the hint, followed by report's
// list of the goroutines, when all of them have been blocked for after. The returned func stops watching; once it has
// returned, no hint follows. It may be called more than once.
//
// The checks run on a timer rather than a goroutine of their own: most
// cells end long before the first check, and then cost no goroutine to
// start and none to wait for at the end, hand-offs that on a quiet machine
// take longer than a short cell itself.
func watchDeadlock(pub evaluator.Publisher, check, after time.Duration, report func() string) (stop func()) {
	w := &deadlockWatch{pub: pub, check: check, after: after, report: report}
	w.mu.Lock()
	w.timer = time.AfterFunc(check, w.look)
	w.mu.Unlock()
	return func() {
		w.mu.Lock() // waits for a look in progress
		defer w.mu.Unlock()
		w.stopped = true
		w.timer.Stop()
	}
}

// deadlockWatch is the state of one cell's watch.
type deadlockWatch struct {
	pub          evaluator.Publisher
	check, after time.Duration
	report       func() string // lists the goroutines and what they wait for (%goroutines)

	mu      sync.Mutex
	timer   *time.Timer
	stopped bool
	since   time.Time // when all were first seen blocked
	buf     []byte
}

// look checks the goroutines once and schedules the next look.
func (w *deadlockWatch) look() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.stopped {
		return
	}
	now := time.Now()
	switch blocked, ok := w.allBlocked(); {
	case !ok:
		return // too many goroutines to look at each time
	case !blocked:
		w.since = time.Time{}
	case w.since.IsZero():
		w.since = now
	}
	if !w.since.IsZero() && now.Sub(w.since) >= w.after {
		w.pub.Stream("stderr", strings.Replace(deadlockHint, "%s", w.after.String(), 1)+w.report())
		return
	}
	w.timer.Reset(w.check)
}

// allBlocked dumps the goroutines and reports whether all of those running
// cell code wait for each other; ok is false when there are too many to
// dump at all.
func (w *deadlockWatch) allBlocked() (blocked, ok bool) {
	if runtime.NumGoroutine() > maxWatched {
		return false, true
	}
	if w.buf == nil {
		w.buf = make([]byte, 64<<10)
	}
	n := runtime.Stack(w.buf, true)
	for n == len(w.buf) && len(w.buf) < maxDump {
		w.buf = make([]byte, 2*len(w.buf))
		n = runtime.Stack(w.buf, true)
	}
	if n == len(w.buf) {
		return false, false
	}
	return allBlocked(string(w.buf[:n])), true
}

// waitStates are the goroutine states of waiting for another goroutine.
var waitStates = map[string]bool{
	"chan receive": true, "chan send": true, "chan receive (nil chan)": true, "chan send (nil chan)": true,
	"select": true, "select (no cases)": true, "sync.Mutex.Lock": true, "sync.RWMutex.Lock": true,
	"sync.RWMutex.RLock": true, "sync.WaitGroup.Wait": true, "sync.Cond.Wait": true, "semacquire": true,
}

// sessionWaits name the waits of the session's sync types and time.Sleep
// (mutex.go), which Go's tracebacks show as a select or a channel
// receive, by the states Go gives sync's own.
var sessionWaits = []struct{ frame, state string }{
	{"session.(*Mutex).Lock(", "sync.Mutex.Lock"},
	{"session.(*RWMutex).Lock(", "sync.RWMutex.Lock"},
	{"session.(*RWMutex).RLock(", "sync.RWMutex.RLock"},
	{"session.(*WaitGroup).Wait(", "sync.WaitGroup.Wait"},
	{"session.(*Cond).Wait(", "sync.Cond.Wait"},
	{"session.sleep(", "sleep"},
}

// goroutineState returns the state of a goroutine of a runtime.Stack dump,
// from its header ("chan receive, 2 minutes"), with the session's own waits
// named as sync's are ("sync.Mutex.Lock, 2 minutes").
func goroutineState(g string) (string, bool) {
	header, frames, _ := strings.Cut(g, "\n")
	_, state, ok := strings.Cut(header, "[")
	if !ok {
		return "", false
	}
	state, _, _ = strings.Cut(state, " labels:")
	state = strings.TrimSuffix(strings.TrimSuffix(state, "]:"), ",")
	if what, rest, _ := strings.Cut(state, ","); what == "select" || what == "chan receive" {
		for _, w := range sessionWaits {
			if !strings.Contains(frames, w.frame) {
				continue
			}
			if rest != "" {
				return w.state + "," + rest, true
			}
			return w.state, true
		}
	}
	return state, true
}

// runsCellCode reports whether a goroutine of a runtime.Stack dump runs
// interpreted code or the runtime packages' code.
func runsCellCode(g string) bool {
	// The goroutine that waits for a cell to end (the worker's, or the
	// kernel's in-process) is in ExecuteWithContext itself; the cell's code
	// runs on the goroutine that call created.
	if frames, _, _ := strings.Cut(g, "\ncreated by "); strings.Contains(frames, "yaegi/interp.(*Interpreter).ExecuteWithContext(") {
		return false
	}
	return strings.Contains(g, "github.com/traefik/yaegi/interp.") || strings.Contains(g, "gothreads/gothreads/runtime/")
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
		if !runsCellCode(g) {
			continue
		}
		if strings.Contains(g, "session.(*stdinReader)") {
			return false
		}
		state, ok := goroutineState(g)
		if !ok {
			return false
		}
		state, _, _ = strings.Cut(state, ",")
		if !waitStates[state] {
			return false
		}
		found = true
	}
	return found
}
