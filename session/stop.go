package session

import (
	"fmt"
	"maps"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gothreads/gothreads/cellsource"
	"github.com/gothreads/gothreads/runtime/hook"
)

// Stopping cells: Interrupt stops the running cell and the goroutines of
// every cell, and checkStopped makes sure, seconds later, that none is left.

// Interrupt stops the running cell, if any, and every goroutine interpreted
// code started. The interpreter is stopped before the runtime's waits are
// woken, so that a goroutine that the interrupt wakes (from a sleep, a
// lock, a runtime package's wait) finds its code stopped and runs no
// further statement.
func (s *Session) Interrupt() {
	s.lastStop.Store(time.Now().UnixNano())
	// Under s.mu, so that a cell that starts meanwhile is either
	// cancelled here or starts after the stop, and runs.
	s.mu.Lock()
	s.router.stopThrough(s.router.lastCell())
	if s.cancel != nil {
		s.cancel()
	}
	select {
	case <-s.ready:
		if s.interp != nil {
			s.interp.Stop()
		}
	default:
	}
	s.mu.Unlock()
	signalStop()
	hook.Interrupt()
	if s.Unstoppable != nil && s.checking.CompareAndSwap(false, true) {
		go s.checkStopped()
	}
}

// checkStopped looks, a few seconds after the last stop, for goroutines of
// the stopped cells that are still there: each is inside compiled code
// that an interrupt cannot end (a read of a pipe or the network). They run
// no cell code, but the session is not what the stop promised, so it is
// given up through Unstoppable, with what was there: once no cell runs, so
// that a cell run meanwhile is not cut short.
func (s *Session) checkStopped() {
	defer s.checking.Store(false)
	for {
		stop := s.lastStop.Load()
		sleepUntil(time.Unix(0, stop).Add(stopGrace - time.Second))
		first := s.leftBehind()
		sleepUntil(time.Unix(0, stop).Add(stopGrace))
		if s.lastStop.Load() != stop {
			continue // stopped again: a full grace from that stop
		}
		left := stillThere(first, s.leftBehind())
		if len(left) == 0 {
			return
		}
		for s.router.liveCell() {
			time.Sleep(100 * time.Millisecond)
		}
		if s.lastStop.Load() != stop {
			continue
		}
		if left = stillThere(left, s.leftBehind()); len(left) == 0 {
			return
		}
		n, cells, where := 0, map[int]bool{}, map[string]bool{}
		for _, g := range left {
			n += g.n
			cells[g.cell] = true
			where[compiledCall(g.funcs)] = true
		}
		s.Unstoppable(fmt.Sprintf("%d goroutine(s) of %s could not be stopped: they are inside compiled code (%s), which an interrupt cannot end",
			n, cellList(cells), strings.Join(slices.Sorted(maps.Keys(where)), ", ")))
		return
	}
}

// stopGrace is how long after a stop its goroutines may take to end.
const stopGrace = 3 * time.Second

func sleepUntil(t time.Time) {
	if d := time.Until(t); d > 0 {
		time.Sleep(d)
	}
}

// stillThere returns the groups of now that were in before too, by cell and
// stack: the same goroutines, not others that came and went.
func stillThere(before, now []goroutineGroup) []goroutineGroup {
	key := func(g goroutineGroup) string { return strconv.Itoa(g.cell) + " " + strings.Join(g.funcs, " ") }
	was := map[string]bool{}
	for _, g := range before {
		was[key(g)] = true
	}
	var both []goroutineGroup
	for _, g := range now {
		if was[key(g)] {
			both = append(both, g)
		}
	}
	return both
}

// leftBehind returns the goroutine groups of stopped cells that still
// hold interpreted frames.
func (s *Session) leftBehind() []goroutineGroup {
	var b strings.Builder
	if err := pprof.Lookup("goroutine").WriteTo(&b, 1); err != nil {
		return nil
	}
	w := &deadlockWatch{names: map[uintptr]string{}}
	var left []goroutineGroup
	for _, g := range profileGroups(b.String(), w.funcName) {
		// A runtime package's wait is left out: each gives up at a stop,
		// but for a paused generator's, which holds only a stopped
		// goroutine that ends when the generator is next resumed. So is
		// a goroutine that called os.Exit, which waits for ever (exit.go).
		if call := compiledCall(g.funcs); g.cell > 0 && g.cell <= s.router.stoppedThrough() && holdsCellCode(g.funcs) &&
			!strings.HasPrefix(call, "github.com/gothreads/gothreads/runtime/") && !strings.HasPrefix(call, exitFunc) {
			left = append(left, g)
		}
	}
	return left
}

// holdsCellCode reports whether a stack has interpreted frames (a
// library's own goroutines, such as an HTTP client's idle connections,
// have none, nor has an idle thread of a runtime package's pool), and is
// not the goroutine that waits for an execution to end.
func holdsCellCode(funcs []string) bool {
	cell := false
	for _, f := range funcs {
		switch {
		case f == "github.com/traefik/yaegi/interp.(*Interpreter).ExecuteWithContext":
			return false
		case strings.HasPrefix(f, "github.com/traefik/yaegi/interp."):
			cell = true
		}
	}
	return cell
}

// compiledCall names the compiled function that interpreted code called
// and a goroutine is in: on its stack, innermost first, the last one
// before the interpreter's frames that is neither the Go runtime's nor
// reflection's (os.(*File).Read, not the helpers it called).
func compiledCall(funcs []string) string {
	call := "unknown"
	for _, f := range funcs {
		switch {
		case strings.HasPrefix(f, "github.com/traefik/yaegi/interp."):
			return call
		case !strings.HasPrefix(f, "runtime.") && !strings.HasPrefix(f, "internal/") &&
			!strings.HasPrefix(f, "syscall.") && !strings.HasPrefix(f, "reflect."):
			call = f
		}
	}
	return call
}

// cellList writes cell counts as "cell[3]" or "cells 3 and 5".
func cellList(cells map[int]bool) string {
	counts := slices.Sorted(maps.Keys(cells))
	if len(counts) == 1 {
		return cellsource.CellName(counts[0])
	}
	var names []string
	for _, c := range counts {
		names = append(names, strconv.Itoa(c))
	}
	return "cells " + strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}
