// Package futures is Python's concurrent.futures in Go form: a pool of
// worker threads that runs submitted calls and hands back Futures.
//
//	ex := futures.NewThreadPoolExecutor(3)
//	f := ex.Submit(download, url)
//	body, err := f.Result()
//	ex.Shutdown(true)
//
// A panic in a task becomes the Future's error. Beyond Python: an error that
// nobody asked for by the time the executor shuts down is reported on
// standard error, so a failing task cannot go unnoticed.
package futures

import (
	"errors"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gothreads/gothreads/runtime/hook"
	"github.com/gothreads/gothreads/runtime/threading"
)

// Errors a Future can report.
var (
	ErrCancelled = errors.New("futures: cancelled")          // Python's CancelledError
	ErrTimeout   = errors.New("futures: timed out")          // Python's TimeoutError
	ErrShutdown  = errors.New("futures: executor shut down") // submit after shutdown
)

// PanicError is the error of a task that panicked.
type PanicError struct {
	Value any
}

func (e *PanicError) Error() string { return fmt.Sprintf("task panicked: %v", e.Value) }

// Future is the pending result of a submitted call.
type Future struct {
	mu        sync.Mutex
	state     int // pending, running, finished, cancelled
	result    any
	err       error
	read      bool // whether anyone asked for the outcome
	done      chan struct{}
	callbacks []func(*Future)
}

const (
	pending = iota
	running
	finished
	cancelled
)

func newFuture() *Future { return &Future{done: make(chan struct{})} }

// String describes the future's state, as Python's repr does:
// <Future state=running>, <Future state=finished returned int>.
func (f *Future) String() string {
	f.mu.Lock()
	state, result, err := f.state, f.result, f.err
	f.mu.Unlock()
	switch state { // the result and error are formatted unlocked: their methods may use f
	case pending:
		return "<Future state=pending>"
	case running:
		return "<Future state=running>"
	case cancelled:
		return "<Future state=cancelled>"
	}
	if err != nil {
		return fmt.Sprintf("<Future state=finished raised %q>", err)
	}
	return fmt.Sprintf("<Future state=finished returned %T>", result)
}

// Result waits for the call to finish and returns its result and error.
// A call returning (T, error) gives both; one returning a single value gives
// it with a nil error; one returning nothing gives nil. A cancelled future
// gives ErrCancelled.
func (f *Future) Result() (any, error) {
	hook.MustWait(f.done, -1, "Future.Result")
	return f.outcome()
}

// ResultTimeout is Result waiting at most d; ErrTimeout if it is not done.
func (f *Future) ResultTimeout(d time.Duration) (any, error) {
	if !hook.MustWait(f.done, d, "Future.ResultTimeout") {
		return nil, ErrTimeout
	}
	return f.outcome()
}

func (f *Future) outcome() (any, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.read = true
	return f.result, f.err
}

// Exception waits for the call and returns its error (Python's
// exception()).
func (f *Future) Exception() error {
	_, err := f.Result()
	return err
}

// Done reports whether the call finished or was cancelled.
func (f *Future) Done() bool {
	select {
	case <-f.done:
		return true
	default:
		return false
	}
}

// Running reports whether the call is running now.
func (f *Future) Running() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.state == running
}

// Cancel cancels the call if it has not started, and reports whether the
// future is cancelled.
func (f *Future) Cancel() bool {
	f.mu.Lock()
	switch f.state {
	case cancelled:
		f.mu.Unlock()
		return true
	case running, finished:
		f.mu.Unlock()
		return false
	}
	f.state = cancelled
	f.err = ErrCancelled
	f.read = true
	f.mu.Unlock()
	f.finish()
	return true
}

// Cancelled reports whether the future was cancelled.
func (f *Future) Cancelled() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.state == cancelled
}

// AddDoneCallback arranges for fn to be called with the future when it is
// done, at once if it is done already.
func (f *Future) AddDoneCallback(fn func(*Future)) {
	f.mu.Lock()
	if !f.Done() {
		f.callbacks = append(f.callbacks, fn)
		f.mu.Unlock()
		return
	}
	f.mu.Unlock()
	runCallback(fn, f)
}

func runCallback(fn func(*Future), f *Future) {
	defer hook.Recover()
	fn(f)
}

// start marks the future running unless it was cancelled.
func (f *Future) start() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.state != pending {
		return false
	}
	f.state = running
	return true
}

// set records the outcome and wakes the waiters.
func (f *Future) set(result any, err error) {
	f.mu.Lock()
	f.state, f.result, f.err = finished, result, err
	f.mu.Unlock()
	f.finish()
}

func (f *Future) finish() {
	f.mu.Lock()
	cbs := f.callbacks
	f.callbacks = nil
	close(f.done)
	f.mu.Unlock()
	for _, fn := range cbs {
		runCallback(fn, f)
	}
}

// unreadError returns the error nobody asked for, if any.
func (f *Future) unreadError() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.state == finished && f.err != nil && !f.read {
		return f.err
	}
	return nil
}

// run calls the task and records its outcome.
func (f *Future) run(call func() []any) {
	if !f.start() {
		return
	}
	var res any
	var err error
	func() {
		defer func() {
			if r := recover(); r != nil {
				err = &PanicError{Value: r}
			}
		}()
		res, err = split(call())
	}()
	f.set(res, err)
}

// split turns a call's results into a result and an error: a trailing
// error result is the error, and the rest is the result (one value as
// itself, several as a []any).
func split(out []any) (any, error) {
	var err error
	if n := len(out); n > 0 {
		if e, ok := out[n-1].(error); ok || out[n-1] == nil && n > 1 {
			err = e
			out = out[:n-1]
		}
	}
	switch len(out) {
	case 0:
		return nil, err
	case 1:
		return out[0], err
	}
	return out, err
}

var executorCount atomic.Int64

// ThreadPoolExecutor runs calls on a fixed number of worker threads.
type ThreadPoolExecutor struct {
	prefix  string
	workers int
	wake    chan struct{} // a token per task added, for idle workers

	mu      sync.Mutex
	tasks   []task
	started int
	// idle counts the workers waiting for a task that no Submit has
	// claimed yet. Each Submit claims one (Python's idle semaphore), so that
	// tasks submitted together find one worker each, or start new ones,
	// instead of all counting on the same sleeping worker.
	idle     int
	threads  []*threading.Thread
	shutdown bool
	failed   []*Future // tasks that ended with an error, for Shutdown
}

type task struct {
	f      *Future
	call   func() []any
	origin any // the submitting goroutine's (hook.Origin)
}

// NewThreadPoolExecutor returns an executor with up to maxWorkers threads,
// named like Python's: ThreadPoolExecutor-0_0, ThreadPoolExecutor-0_1...
func NewThreadPoolExecutor(maxWorkers int) *ThreadPoolExecutor {
	if maxWorkers <= 0 {
		panic("futures: maxWorkers must be greater than 0")
	}
	n := executorCount.Add(1) - 1
	return &ThreadPoolExecutor{
		prefix:  "ThreadPoolExecutor-" + strconv.FormatInt(n, 10),
		workers: maxWorkers,
		wake:    make(chan struct{}, maxWorkers),
	}
}

// Submit schedules fn(args...) and returns its future. Arguments are
// converted as threading.NewThread converts them.
func (e *ThreadPoolExecutor) Submit(fn any, args ...any) *Future {
	call := threading.Callable(fn, args...)
	f := newFuture()
	e.mu.Lock()
	if e.shutdown {
		e.mu.Unlock()
		panic(ErrShutdown)
	}
	e.tasks = append(e.tasks, task{f, call, hook.Origin()})
	// Like Python: wake an idle worker for the task, or else start another
	// thread while there are fewer than maxWorkers; otherwise the task waits
	// for a busy worker to finish.
	wake := false
	switch {
	case e.idle > 0:
		e.idle--
		wake = true
	case e.started < e.workers:
		e.startWorkerLocked()
	}
	e.mu.Unlock()
	if wake {
		// Never blocks: a token per claimed worker, and at most maxWorkers
		// workers wait.
		e.wake <- struct{}{}
	}
	return f
}

func (e *ThreadPoolExecutor) startWorkerLocked() {
	t := threading.NewThread(e.work)
	t.Name = e.prefix + "_" + strconv.Itoa(e.started)
	e.started++
	e.threads = append(e.threads, t)
	t.Start()
}

// work is a worker thread's loop: take tasks until shutdown leaves none.
func (e *ThreadPoolExecutor) work() {
	for {
		e.mu.Lock()
		for len(e.tasks) == 0 && !e.shutdown {
			// The Submit that wakes this worker has taken it off idle.
			e.idle++
			e.mu.Unlock()
			<-e.wake
			e.mu.Lock()
		}
		if len(e.tasks) == 0 {
			e.mu.Unlock()
			return
		}
		t := e.tasks[0]
		e.tasks = e.tasks[1:]
		e.mu.Unlock()
		hook.RunAs(t.origin, func() { t.f.run(t.call) })
		if t.f.unreadError() != nil {
			e.mu.Lock()
			e.failed = append(e.failed, t.f)
			e.mu.Unlock()
		}
	}
}

// Map calls fn on each item on the pool and returns the results in the
// order of the items, with the first error met in that order (Python's map
// raises it when the iteration reaches it).
func (e *ThreadPoolExecutor) Map(fn any, items ...any) ([]any, error) {
	fs := make([]*Future, len(items))
	for i, it := range items {
		fs[i] = e.Submit(fn, it)
	}
	results := make([]any, len(items))
	for i, f := range fs {
		r, err := f.Result()
		if err != nil {
			return results[:i], err
		}
		results[i] = r
	}
	return results, nil
}

// Shutdown stops the executor taking calls. With wait, it waits until the
// calls already submitted have finished; errors nobody read are reported
// on standard error then.
func (e *ThreadPoolExecutor) Shutdown(wait bool) {
	e.mu.Lock()
	e.shutdown = true
	threads := e.threads
	e.mu.Unlock()
	for range e.workers {
		select {
		case e.wake <- struct{}{}:
		default:
		}
	}
	if !wait {
		return
	}
	for _, t := range threads {
		t.Join()
	}
	e.reportUnread()
}

// With runs body with the executor, then shuts it down and waits (Python:
// with ThreadPoolExecutor(...) as executor:).
func (e *ThreadPoolExecutor) With(body func(*ThreadPoolExecutor)) {
	defer e.Shutdown(true)
	body(e)
}

// String describes the executor: its name, workers and queued tasks, as in
// <ThreadPoolExecutor-0 max_workers=4 threads=2 queued=0>.
func (e *ThreadPoolExecutor) String() string {
	e.mu.Lock()
	defer e.mu.Unlock()
	shut := ""
	if e.shutdown {
		shut = " shut down"
	}
	return fmt.Sprintf("<%s max_workers=%d threads=%d queued=%d%s>", e.prefix, e.workers, e.started, len(e.tasks), shut)
}

func (e *ThreadPoolExecutor) reportUnread() {
	e.mu.Lock()
	failed := e.failed
	e.failed = nil
	e.mu.Unlock()
	for _, f := range failed {
		if err := f.unreadError(); err != nil {
			fmt.Fprintf(hook.Stderr(), "%s: a task failed and nobody asked for its result: %v\n", e.prefix, err)
			f.mu.Lock()
			f.read = true
			f.mu.Unlock()
		}
	}
}

// AsCompleted returns a channel that yields the futures as they finish,
// then closes.
func AsCompleted(fs ...*Future) <-chan *Future {
	out := make(chan *Future, len(fs))
	var wg sync.WaitGroup
	for _, f := range fs {
		wg.Add(1)
		f.AddDoneCallback(func(f *Future) {
			out <- f
			wg.Done()
		})
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	return out
}

// When Wait returns.
const (
	FirstCompleted = "FIRST_COMPLETED"
	FirstException = "FIRST_EXCEPTION"
	AllCompleted   = "ALL_COMPLETED"
)

// Wait waits until the futures meet the mode (FirstCompleted,
// FirstException or AllCompleted) or the timeout passes (negative: no
// timeout), and returns those done and those not.
func Wait(fs []*Future, mode string, timeout time.Duration) (done, notDone []*Future) {
	changed := make(chan struct{}, len(fs))
	for _, f := range fs {
		f.AddDoneCallback(func(*Future) { changed <- struct{}{} })
	}
	deadline := time.Now().Add(timeout)
	for {
		done, notDone = done[:0], notDone[:0]
		failed := false
		for _, f := range fs {
			if f.Done() {
				done = append(done, f)
				f.mu.Lock()
				failed = failed || f.err != nil && f.state == finished
				f.mu.Unlock()
			} else {
				notDone = append(notDone, f)
			}
		}
		switch {
		case len(notDone) == 0,
			mode == FirstCompleted && len(done) > 0,
			mode == FirstException && failed:
			return done, notDone
		}
		left := time.Until(deadline)
		if timeout >= 0 && left <= 0 {
			return done, notDone
		}
		if timeout < 0 {
			left = -1
		}
		if ok := hook.MustWait(changed, left, "futures.Wait"); !ok {
			return done, notDone
		}
	}
}
