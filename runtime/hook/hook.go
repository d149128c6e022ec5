// Package hook connects the runtime packages to whatever hosts them: a
// plain Go program, or the gothreads kernel. The host decides where output
// goes, what happens to a panic in a goroutine that a runtime package
// started, and when blocked calls must give up because the user pressed
// stop.
//
// Programs need not touch it: by default output goes to os.Stdout and
// os.Stderr, a goroutine's panic is printed to standard error, and nothing
// interrupts.
package hook

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

var (
	mu      sync.Mutex
	stdout  io.Writer = os.Stdout
	stderr  io.Writer = os.Stderr
	onPanic           = printPanic
	// interrupt is read on every blocking call, so without the mutex.
	interrupt atomic.Pointer[chan struct{}]
)

func init() {
	ch := make(chan struct{})
	interrupt.Store(&ch)
}

// SetOutput sets where the runtime packages write standard output and
// standard error. A nil writer leaves that stream as it is.
func SetOutput(out, err io.Writer) {
	mu.Lock()
	defer mu.Unlock()
	if out != nil {
		stdout = out
	}
	if err != nil {
		stderr = err
	}
}

// Stdout returns the writer for standard output.
func Stdout() io.Writer {
	mu.Lock()
	defer mu.Unlock()
	return stdout
}

// Stderr returns the writer for standard error.
func Stderr() io.Writer {
	mu.Lock()
	defer mu.Unlock()
	return stderr
}

// SetPanicHandler sets the function told about a panic in a goroutine that
// a runtime package started; stack is that goroutine's stack. It is called
// on the panicking goroutine, after which the goroutine ends.
func SetPanicHandler(f func(value any, stack []byte)) {
	mu.Lock()
	defer mu.Unlock()
	if f == nil {
		f = printPanic
	}
	onPanic = f
}

func printPanic(value any, stack []byte) {
	fmt.Fprintf(Stderr(), "panic in a goroutine: %v\n\n%s", value, stack)
}

// Go runs f in a new goroutine whose panic goes to the panic handler
// instead of ending the program.
func Go(f func()) {
	go func() {
		defer Recover()
		f()
	}()
}

// Recover hands a panic of the calling goroutine to the panic handler. It
// must be deferred directly: defer hook.Recover().
func Recover() {
	if r := recover(); r != nil {
		mu.Lock()
		h := onPanic
		mu.Unlock()
		h(r, debug.Stack())
	}
}

var unbox atomic.Pointer[func(any) any]

// SetUnbox sets the function that turns a value handed to a runtime package
// as an `any` into the plain Go value it stands for. An interpreter may
// wrap its own values when they cross into compiled code; the kernel sets
// this to unwrap them. By default values are used as they are.
func SetUnbox(f func(any) any) {
	if f == nil {
		unbox.Store(nil)
		return
	}
	unbox.Store(&f)
}

// Unbox returns x as the runtime packages should store it. They call it on
// every `any` they receive from user code.
func Unbox(x any) any {
	if f := unbox.Load(); f != nil {
		return (*f)(x)
	}
	return x
}

// ErrInterrupted is what a blocked call fails with when the host
// interrupts it.
var ErrInterrupted = errors.New("interrupted")

// Interrupted returns a channel that is closed at the next Interrupt. A
// blocking call takes it when it starts to wait and gives up when it
// closes.
func Interrupted() <-chan struct{} {
	return *interrupt.Load()
}

// Interrupt wakes every call blocked in a runtime package; they fail with
// ErrInterrupted. Calls that start waiting afterwards wait normally.
func Interrupt() {
	mu.Lock()
	defer mu.Unlock()
	next := make(chan struct{})
	close(*interrupt.Swap(&next))
}

// Wait blocks until ch is closed or receives, the timeout passes (a
// negative timeout waits for ever) or the host interrupts. It reports
// whether ch fired, and returns ErrInterrupted on an interrupt. Every
// runtime package waits through here, so that one place sees every wait.
func Wait(ch <-chan struct{}, timeout time.Duration) (bool, error) {
	stop := Interrupted()
	if timeout < 0 {
		select {
		case <-ch:
			return true, nil
		case <-stop:
			return false, ErrInterrupted
		}
	}
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case <-ch:
		return true, nil
	case <-t.C:
		return false, nil
	case <-stop:
		return false, ErrInterrupted
	}
}

// Interruption is the panic value of a blocking call without an error
// result that the host interrupted.
type Interruption struct {
	Call string // the call that was waiting, such as "Lock.Acquire"
}

func (i Interruption) Error() string { return i.Call + ": interrupted" }

func (i Interruption) Unwrap() error { return ErrInterrupted }

// MustWait is Wait for calls that cannot return an error: an interrupt
// panics with an Interruption naming call.
func MustWait(ch <-chan struct{}, timeout time.Duration, call string) bool {
	ok, err := Wait(ch, timeout)
	if err != nil {
		panic(Interruption{Call: call})
	}
	return ok
}

var goroutine atomic.Pointer[func(int64) (string, bool)]

// SetGoroutine sets how the runtime packages tell what the calling
// goroutine, numbered id, is when it is not one of threading's threads: f reports
// whether it is the host's main flow (a notebook cell's own code, which
// threading calls the main thread, with one identifier from a cell's first
// line to its last), and may name it otherwise ("goroutine of
// cell[6]:12"). By default no goroutine is the main flow and none has a
// name: threading tells goroutines apart by their numbers, and calls those
// it did not start the main thread. A nil f restores the default.
func SetGoroutine(f func(id int64) (name string, main bool)) {
	if f == nil {
		goroutine.Store(nil)
		return
	}
	goroutine.Store(&f)
}

// Goroutine reports what the calling goroutine, numbered id, is, as
// SetGoroutine's function says.
func Goroutine(id int64) (name string, main bool) {
	if f := goroutine.Load(); f != nil {
		return (*f)(id)
	}
	return "", false
}

// origin is how the host tells whose work a goroutine does; see SetOrigin.
var origin atomic.Pointer[struct {
	capture func() any
	runAs   func(any, func())
}]

// SetOrigin sets how work handed from one goroutine to another keeps its
// origin: capture returns a token for the calling goroutine (for a
// notebook host, the cell it runs for), and runAs runs f on the calling
// goroutine as if it were the token's. A thread pool's worker runs each
// task as the goroutine that submitted it, so that the task's output goes
// to the submitter's cell, and a task of a cell that was stopped does not
// run. Nil functions restore the default: every goroutine does its own
// work.
func SetOrigin(capture func() any, runAs func(token any, f func())) {
	if capture == nil || runAs == nil {
		origin.Store(nil)
		return
	}
	origin.Store(&struct {
		capture func() any
		runAs   func(any, func())
	}{capture, runAs})
}

// Origin returns the token of the calling goroutine, as SetOrigin's capture
// says; nil by default.
func Origin() any {
	if o := origin.Load(); o != nil {
		return o.capture()
	}
	return nil
}

// RunAs runs f as the goroutine whose token Origin gave; by default, and
// for a nil token, it just runs f.
func RunAs(token any, f func()) {
	if o := origin.Load(); o != nil && token != nil {
		o.runAs(token, f)
		return
	}
	f()
}

// GoroutineID returns the number of the calling goroutine, as Go's
// tracebacks print it ("goroutine 7 [running]"). Go gives a goroutine no
// identity on purpose; the runtime packages need one to tell threads apart,
// as Python's threading.get_ident does.
func GoroutineID() int64 {
	var buf [64]byte
	b := buf[:runtime.Stack(buf[:], false)]
	b = bytes.TrimPrefix(b, []byte("goroutine "))
	if i := bytes.IndexByte(b, ' '); i > 0 {
		b = b[:i]
	}
	id, _ := strconv.ParseInt(string(b), 10, 64)
	return id
}
