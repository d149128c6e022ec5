package session

import (
	"reflect"
	"runtime"
	"runtime/pprof"
	"strconv"
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
func watchDeadlock(pub evaluator.Publisher, check, after time.Duration, report func() string, stoppedThrough int) (stop func()) {
	w := &deadlockWatch{pub: pub, check: check, after: after, report: report, stoppedThrough: stoppedThrough}
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
	// stoppedThrough is the last cell that had begun when the session was
	// last stopped: goroutines of it or of earlier cells that are still
	// there (in compiled code that the stop could not end) are left out.
	stoppedThrough int

	mu      sync.Mutex
	timer   *time.Timer
	stopped bool
	since   time.Time // when all were first seen blocked
	names   map[uintptr]string
}

// look checks the goroutines once and schedules the next look.
func (w *deadlockWatch) look() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.stopped {
		return
	}
	now := time.Now()
	switch blocked := w.allBlocked(); {
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

// allBlocked reads the goroutine profile and reports whether all the
// goroutines running cell code wait for each other. The profile groups
// goroutines by stack and labels, and taking it does not stop the world
// for each goroutine, as a dump of every stack does: thousands of
// goroutines cost little more than a few.
func (w *deadlockWatch) allBlocked() bool {
	var b strings.Builder
	if err := pprof.Lookup("goroutine").WriteTo(&b, 1); err != nil {
		return false
	}
	if w.names == nil {
		w.names = map[uintptr]string{}
	}
	return groupsBlocked(profileGroups(b.String(), w.funcName), w.stoppedThrough)
}

// funcName names the function of a return address of a goroutine's stack.
func (w *deadlockWatch) funcName(pc uintptr) string {
	if name, ok := w.names[pc]; ok {
		return name
	}
	name := ""
	if f := runtime.FuncForPC(pc - 1); f != nil {
		name = f.Name()
	}
	w.names[pc] = name
	return name
}

// goroutineGroup is one entry of the goroutine profile: n goroutines with
// the same stack (its functions, innermost first) and labels.
type goroutineGroup struct {
	n     int
	funcs []string
	cell  int // the "cell" label, 0 for none
}

// profileGroups parses a goroutine profile written with debug=1.
func profileGroups(profile string, funcName func(uintptr) string) []goroutineGroup {
	var groups []goroutineGroup
	for _, entry := range strings.Split(profile, "\n\n") {
		var g goroutineGroup
		for _, line := range strings.Split(entry, "\n") {
			if count, pcs, ok := strings.Cut(line, " @ "); ok && g.funcs == nil {
				g.n, _ = strconv.Atoi(count)
				for _, f := range strings.Fields(pcs) {
					if pc, err := strconv.ParseUint(f, 0, 64); err == nil {
						g.funcs = append(g.funcs, funcName(uintptr(pc)))
					}
				}
			} else if labels, ok := strings.CutPrefix(line, "# labels: "); ok {
				if _, v, ok := strings.Cut(labels, `"cell":"`); ok {
					v, _, _ = strings.Cut(v, `"`)
					g.cell, _ = strconv.Atoi(v)
				}
			}
		}
		if g.n > 0 && len(g.funcs) > 0 {
			groups = append(groups, g)
		}
	}
	return groups
}

// waitFuncs are the functions under runtime.gopark of a goroutine that
// waits for another goroutine.
var waitFuncs = map[string]bool{
	"runtime.chanrecv": true, "runtime.chansend": true, "runtime.selectgo": true, "runtime.block": true,
	"internal/sync.runtime_SemacquireMutex": true, "sync.runtime_SemacquireMutex": true,
	"sync.runtime_SemacquireRWMutex": true, "sync.runtime_SemacquireRWMutexR": true,
	"sync.runtime_SemacquireWaitGroup": true, "sync.runtime_Semacquire": true, "sync.runtime_notifyListWait": true,
}

// groupsBlocked reports whether every goroutine of the profile groups
// that runs interpreted code or the runtime packages is waiting for
// another goroutine, and there is at least one; goroutines of cells up to
// stoppedThrough are left out. A goroutine waiting for the learner's input
// is not blocked, nor is one sleeping or waiting for the network (an HTTP
// request's goroutines run no cell code, but the cell waits on them).
func groupsBlocked(groups []goroutineGroup, stoppedThrough int) bool {
	found := false
	for _, g := range groups {
		if g.cell > 0 && g.cell <= stoppedThrough {
			continue
		}
		switch stackWait(g.funcs) {
		case otherCode:
			continue
		case busy:
			return false
		}
		found = true
	}
	return found
}

// What a goroutine's stack says of it, for the deadlock watch.
const (
	otherCode = iota // runs no cell code, and waits for nothing a cell waits on
	busy             // runs, sleeps, or waits for input or the network
	waiting          // runs cell code, and waits for another goroutine
)

// stackWait tells from the functions of a goroutine's stack, innermost
// first, what it does.
func stackWait(funcs []string) int {
	cellCode, waits, rests := false, false, false
	for i, f := range funcs {
		switch {
		case f == "internal/poll.runtime_pollWait":
			return busy
		case f == "github.com/traefik/yaegi/interp.(*Interpreter).ExecuteWithContext":
			// The goroutine that waits for a cell to end (the worker's, or
			// the kernel's in-process); the cell's code runs on the
			// goroutine that call created.
			return otherCode
		case f == funcNames.stdinRead || f == funcNames.sleep || f == "time.Sleep":
			rests = true
		case strings.HasPrefix(f, "github.com/traefik/yaegi/interp.") || strings.HasPrefix(f, "github.com/gothreads/gothreads/runtime/"):
			cellCode = true
		case i > 0 && funcs[0] == "runtime.gopark" && waitFuncs[f]:
			waits = true
		}
	}
	switch {
	case !cellCode:
		return otherCode
	case rests || !waits:
		return busy
	}
	return waiting
}

// sessionWaits name the waits of the session's sync types and time.Sleep
// (mutex.go), which Go's tracebacks show as a select or a channel
// receive, by the states Go gives sync's own.
var sessionWaits = []struct{ frame, state string }{
	{funcName((*Mutex).Lock) + "(", "sync.Mutex.Lock"},
	{funcName((*RWMutex).Lock) + "(", "sync.RWMutex.Lock"},
	{funcName((*RWMutex).RLock) + "(", "sync.RWMutex.RLock"},
	{funcName((*WaitGroup).Wait) + "(", "sync.WaitGroup.Wait"},
	{funcName((*Cond).Wait) + "(", "sync.Cond.Wait"},
	{funcName(sleep) + "(", "sleep"},
}

// funcNames are the names Go's tracebacks give the session's functions
// that goroutine reports look for, taken from the functions themselves so
// that a rename cannot silently break a report.
var funcNames struct{ stdinRead, sleep, spawn, report string }

func init() { // not an initializer: the report refers to funcNames itself
	funcNames.stdinRead = funcName((*stdinReader).Read)
	funcNames.sleep = funcName(sleep)
	funcNames.spawn = funcName((*Session).spawn)
	funcNames.report = funcName((*Session).goroutineReport)
}

// funcName returns the name of the function f as tracebacks print it.
func funcName(f any) string {
	return runtime.FuncForPC(reflect.ValueOf(f).Pointer()).Name()
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
