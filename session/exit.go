package session

import (
	"fmt"
	"reflect"
	"runtime"

	"github.com/gothreads/gothreads/evaluator"
)

// cellArgs is os.Args in cells: a program's, which has its name and no
// arguments (the worker's own command line means nothing to a cell).
var cellArgs = []string{"cell"}

// exit is os.Exit in cells. Go's ends the program at once: no deferred
// call runs, and every goroutine ends. A cell's does the same to the cell:
// its goroutines, and the session's others, stop as with the stop button,
// and the cell ends with the exit status; the session carries on. The
// goroutine that called it never returns (to return or to unwind would
// run its deferred calls): it waits for ever, and the check for
// goroutines a stop left behind knows it (exitFunc).
func (s *Session) exit(code int) {
	s.exited.CompareAndSwap(0, int64(code)+1)
	s.Interrupt()
	select {}
}

// exitFunc names exit in goroutine profiles (set by init: exit reaches the
// check that reads it).
var exitFunc string

func init() { exitFunc = runtime.FuncForPC(reflect.ValueOf((*Session).exit).Pointer()).Name() }

// exitError is how a cell that called os.Exit ends: nothing for status 0,
// which is a program's success.
func exitError(code int) *evaluator.Error {
	if code == 0 {
		return nil
	}
	msg := fmt.Sprintf("os.Exit(%d): the program would end here, with exit status %d; the session's variables and functions are kept, its goroutines stopped", code, code)
	return &evaluator.Error{Name: "Exit", Value: msg, Traceback: []string{red("Exit") + ": " + msg}}
}
