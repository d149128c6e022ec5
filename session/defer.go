package session

import (
	"context"
	"fmt"

	"github.com/gothreads/gothreads/evaluator"
)

// The runtime half of a cell's top-level defers: cellsource's defer pass
// turns each defer statement into a call of __rt.Defer; the calls are kept
// here and made, last first, when the cell ends.

// deferred is the Defer helper of rewritten cells: it keeps f to run when
// the running cell ends.
func (s *Session) deferred(f func()) {
	s.mu.Lock()
	s.defers = append(s.defers, f)
	s.mu.Unlock()
}

// callDeferred is the CallDeferred helper: it makes the call runDefers
// has set up. Calls go through the interpreter one at a time, so that each
// can be interrupted, and a panic in one neither keeps the others from
// running (as yaegi's own defer would) nor escapes the session.
func (s *Session) callDeferred() {
	s.mu.Lock()
	f := s.calling
	s.mu.Unlock()
	f()
}

// runDefers runs the calls the running cell deferred, last first, and
// returns their errors. The calls of an interrupted cell cannot run: yaegi
// ends everything that the interrupted run created, closures included, and
// a deferred call is a closure. That is said as the error's last line.
func (s *Session) runDefers(ctx context.Context) []error {
	s.mu.Lock()
	fs := s.defers
	s.defers = nil
	s.mu.Unlock()
	if len(fs) == 0 {
		return nil
	}
	if ctx.Err() != nil {
		return []error{errDefersLost{n: len(fs)}}
	}
	body, err := s.parseBody("package main\nfunc main() {\n__rt.CallDeferred()\n}")
	if err != nil {
		return []error{err}
	}
	prog, err := s.compile(body)
	if err != nil {
		return []error{err}
	}
	var errs []error
	for i := len(fs) - 1; i >= 0; i-- {
		s.mu.Lock()
		s.calling = fs[i]
		s.mu.Unlock()
		if err := s.exec(ctx, prog); err != nil {
			errs = append(errs, err)
		}
		if ctx.Err() != nil && i > 0 { // interrupted during a deferred call
			return append(errs, errDefersLost{n: i})
		}
	}
	return errs
}

// errDefersLost says that an interrupted cell's deferred calls did not run.
type errDefersLost struct{ n int }

func (e errDefersLost) Error() string {
	calls := "call"
	if e.n > 1 {
		calls = "calls"
	}
	return fmt.Sprintf("the cell's %d deferred %s did not run: the interpreter stops everything an interrupted cell started", e.n, calls)
}

// alsoFailed adds the error of a deferred call to the cell's error, if
// there is one, as Go lists each panic of a goroutine in the order they
// happened.
func (s *Session) alsoFailed(cell, deferred *evaluator.Error) *evaluator.Error {
	if cell == nil {
		return deferred
	}
	cell.Traceback = append(append(cell.Traceback, "", "and then, in a deferred call:"), deferred.Traceback...)
	return cell
}
