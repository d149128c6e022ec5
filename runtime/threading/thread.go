// Package threading is Python's threading module in Go form, for learning
// concurrency with the Python threading notes side by side with Go.
//
// Python names map to Go names by the usual rule (is_alive becomes
// IsAlive); a with block becomes a With(func()) method beside the
// defer-friendly Acquire and Release. A thread is a goroutine with a name and
// a way to join it:
//
//	t := threading.NewThread(worker, 1)
//	t.Start()
//	t.Join()
//
// Every goroutine the package starts recovers its panic and reports it
// through package hook, and every blocking call gives up when the host (the
// gothreads kernel) interrupts, panicking with a hook.Interruption or
// returning hook.ErrInterrupted.
package threading

import (
	"fmt"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gothreads/gothreads/runtime/hook"
)

// Thread is a goroutine with a name, which can be started once and joined.
type Thread struct {
	// Name is the thread's name; NewThread sets one like Python's,
	// "Thread-1 (worker)". Change it before Start.
	Name string
	// Daemon is kept for Python's sake. A Go program ends when main
	// returns, whatever its goroutines are doing, so every goroutine is a
	// daemon; in the notebook the session outlives every cell.
	Daemon bool

	run     func()
	started atomic.Bool
	ident   atomic.Int64
	done    chan struct{}
}

var (
	threadCount atomic.Int64 // numbers default thread names

	registry sync.Map // goroutine id (int64) -> *Thread, while it runs
	main     = &Thread{Name: "MainThread", done: make(chan struct{})}
)

// NewThread returns a thread that will call target with args. target may be
// any function; args are converted to its parameter types as the compiler
// would convert constants. What target returns is discarded.
func NewThread(target any, args ...any) *Thread {
	return NewThreadTarget(FuncName(target), target, args...)
}

// NewThreadTarget is NewThread for hosts that know the target's name when
// reflection cannot tell it, such as an interpreter: the default name
// becomes "Thread-N (targetName)".
func NewThreadTarget(targetName string, target any, args ...any) *Thread {
	call := Callable(target, args...)
	return newNamedThread(defaultName(targetName), func() { call() })
}

// defaultName numbers a new thread as Python does: "Thread-3 (worker)".
func defaultName(targetName string) string {
	name := "Thread-" + strconv.FormatInt(threadCount.Add(1), 10)
	if targetName != "" {
		name += " (" + targetName + ")"
	}
	return name
}

// newNamedThread returns a thread called name that runs f.
func newNamedThread(name string, f func()) *Thread {
	return &Thread{Name: name, run: f, done: make(chan struct{})}
}

// Start starts the thread's goroutine. A thread can be started only once.
func (t *Thread) Start() {
	if t.run == nil {
		panic("threading: Start of a thread not made by NewThread")
	}
	if !t.started.CompareAndSwap(false, true) {
		panic("threading: threads can only be started once")
	}
	ready := make(chan struct{})
	go func() {
		id := hook.GoroutineID()
		t.ident.Store(id)
		registry.Store(id, t)
		close(ready)
		defer func() {
			registry.Delete(id)
			forgetLocals(id)
			close(t.done)
		}()
		defer hook.Recover()
		t.run()
	}()
	<-ready // so that Ident and IsAlive are right once Start returns
}

// Join waits until the thread ends.
func (t *Thread) Join() {
	t.checkJoin()
	hook.MustWait(t.done, -1, "Thread.Join")
}

// JoinTimeout waits until the thread ends or d passes, and reports whether
// it ended. (Python's join(timeout) returns None either way; check
// is_alive. Here the answer comes back directly.)
func (t *Thread) JoinTimeout(d time.Duration) bool {
	t.checkJoin()
	return hook.MustWait(t.done, d, "Thread.JoinTimeout")
}

func (t *Thread) checkJoin() {
	if t == main {
		panic("threading: cannot join the main thread")
	}
	if !t.started.Load() {
		panic("threading: cannot join thread before it is started")
	}
	if t.run == nil {
		panic("threading: cannot join " + t.Name + ": it is not a Thread")
	}
	if t.ident.Load() == GetIdent() {
		panic("threading: cannot join current thread")
	}
}

// IsAlive reports whether the thread has started and not yet ended.
func (t *Thread) IsAlive() bool {
	if t == main {
		return true
	}
	if !t.started.Load() {
		return false
	}
	select {
	case <-t.done:
		return false
	default:
		return true
	}
}

// Ident returns the thread's identifier (its goroutine's number), or 0
// before it starts.
func (t *Thread) Ident() int64 {
	if t == main {
		return mainIdent
	}
	return t.ident.Load()
}

func (t *Thread) String() string {
	state := "initial"
	switch {
	case t.IsAlive():
		state = "started " + strconv.FormatInt(t.Ident(), 10)
	case t.started.Load():
		state = "stopped " + strconv.FormatInt(t.Ident(), 10)
	}
	daemon := ""
	if t.Daemon {
		daemon = " daemon"
	}
	return fmt.Sprintf("<Thread(%s, %s%s)>", t.Name, state, daemon)
}

// CurrentThread returns the Thread of the calling goroutine. Goroutines
// this package did not start are the main thread: the program's main
// goroutine, a notebook cell's code, and in a plain program every other.
// In the notebook, a goroutine of a go statement is a stand-in thread
// named for what started it ("goroutine of cell[6]:12"), as Python gives a
// thread it did not start a dummy Thread.
func CurrentThread() *Thread {
	id := hook.GoroutineID()
	if t, ok := registry.Load(id); ok {
		return t.(*Thread)
	}
	name, isMain := hook.Goroutine(id)
	if isMain || name == "" {
		return main
	}
	t := &Thread{Name: name, Daemon: true, done: make(chan struct{})}
	t.started.Store(true)
	t.ident.Store(id)
	return t
}

// MainThread returns the main thread.
func MainThread() *Thread { return main }

// ActiveCount returns the number of threads alive, the main thread
// included.
func ActiveCount() int { return len(Enumerate()) }

// Enumerate returns the threads alive: the main thread, then the others in
// the order they started.
func Enumerate() []*Thread {
	var ts []*Thread
	registry.Range(func(_, v any) bool {
		ts = append(ts, v.(*Thread))
		return true
	})
	sortByIdent(ts)
	return append([]*Thread{main}, ts...)
}

func sortByIdent(ts []*Thread) {
	for i := 1; i < len(ts); i++ {
		for j := i; j > 0 && ts[j].Ident() < ts[j-1].Ident(); j-- {
			ts[j], ts[j-1] = ts[j-1], ts[j]
		}
	}
}

// mainIdent is the main thread's identifier: the number of a program's
// main goroutine, which in the notebook never runs a cell's code.
const mainIdent = 1

// GetIdent returns the identifier of the calling thread, as Python's
// get_ident does: its goroutine's number, or mainIdent for the host's main
// flow (hook.SetGoroutine), whose code may run on several goroutines (a
// notebook cell's lines do) and keeps one identifier.
func GetIdent() int64 {
	id := hook.GoroutineID()
	if _, ok := registry.Load(id); ok {
		return id
	}
	if _, isMain := hook.Goroutine(id); isMain {
		return mainIdent
	}
	return id
}

// Callable returns a function that calls f with args, converting each
// argument to f's parameter type (untyped constants arrive as int, float64
// and nil). Its results are f's results.
func Callable(f any, args ...any) func() []any {
	fv := reflect.ValueOf(f)
	if fv.Kind() != reflect.Func {
		panic(fmt.Sprintf("threading: target %T is not a function", f))
	}
	ft := fv.Type()
	if n := ft.NumIn(); len(args) < n-boolInt(ft.IsVariadic()) || !ft.IsVariadic() && len(args) > n {
		panic(fmt.Sprintf("threading: %s takes %d arguments, got %d", ft, n, len(args)))
	}
	in := make([]reflect.Value, len(args))
	for i, a := range args {
		pt := ft.In(min(i, ft.NumIn()-1))
		if ft.IsVariadic() && i >= ft.NumIn()-1 {
			pt = pt.Elem()
		}
		in[i] = convert(a, pt, i)
	}
	return func() []any {
		out := fv.Call(in)
		res := make([]any, len(out))
		for i, v := range out {
			res[i] = hook.Unbox(v.Interface())
		}
		return res
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func convert(a any, t reflect.Type, i int) reflect.Value {
	a = hook.Unbox(a)
	if a == nil {
		return reflect.Zero(t)
	}
	v := reflect.ValueOf(a)
	switch {
	case v.Type().AssignableTo(t):
		return v
	case v.Type().ConvertibleTo(t) && v.Kind() != reflect.String && t.Kind() != reflect.String:
		return v.Convert(t)
	}
	panic(fmt.Sprintf("threading: argument %d: cannot use %v (%T) as %s", i+1, a, a, t))
}

// FuncName returns the short name of a compiled function ("worker"), or ""
// when it has none a reader would recognise (closures, interpreted
// functions).
func FuncName(f any) string {
	v := reflect.ValueOf(f)
	if v.Kind() != reflect.Func || v.IsNil() {
		return ""
	}
	fn := runtime.FuncForPC(v.Pointer())
	if fn == nil {
		return ""
	}
	name := fn.Name()
	name = name[strings.LastIndexByte(name, '.')+1:]
	if name == "" || strings.HasPrefix(name, "func") || strings.Contains(name, "Stub") || strings.HasPrefix(name, "gowrap") {
		return ""
	}
	return name
}
