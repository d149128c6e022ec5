package session

import (
	"context"
	"fmt"
	"reflect"
	"time"
	"unsafe"

	"github.com/gothreads/gothreads/cellsource"
	"github.com/gothreads/gothreads/crashsite"
	"github.com/gothreads/gothreads/evaluator"
	"github.com/gothreads/gothreads/runtime/hook"
)

// Goroutines. A panic in a goroutine that yaegi starts for a `go`
// statement kills the whole process, and so does one in a callback that
// time.AfterFunc runs. Cells' `go` statements are therefore rewritten into
// calls of goStmt (see rewrite.go), which starts the goroutine from
// compiled code with a recover, and AfterFunc is replaced likewise. A panic
// becomes an error output of the cell that started the goroutine: the
// profiler label that routes output (output.go) names that cell.

//go:linkname setProfLabel runtime/pprof.runtime_setProfLabel
func setProfLabel(unsafe.Pointer)

// goStmt runs fn(args...) in a new goroutine, as `go fn(args...)` does.
// fn and args are evaluated by the caller, at the go statement.
func (s *Session) goStmt(line, col int, fn any, args ...any) {
	s.spawn(line, col, fn, args, false)
}

// goStmtSlice is goStmt for `go fn(a, xs...)`: the last argument is the
// variadic slice itself.
func (s *Session) goStmtSlice(line, col int, fn any, args ...any) {
	s.spawn(line, col, fn, args, true)
}

func (s *Session) spawn(line, col int, fn any, args []any, spread bool) {
	fv := reflect.ValueOf(fn)
	if fv.Kind() != reflect.Func {
		panic(fmt.Sprintf("go: %T is not a function", fn))
	}
	in, err := callArgs(fv.Type(), args, spread)
	if err != nil {
		panic("go statement: " + err.Error())
	}
	sk, _ := labelSink()
	started := "started at " + s.where(line, col)
	count, l := cellsource.CellLine(line)
	name := fmt.Sprintf("goroutine of %s:%d", cellsource.CellName(count), l)
	go func() {
		labelGoroutine(sk, name)
		defer s.recoverGoroutine(sk, started)
		// A fatal error in the goroutine names this line (crashsite).
		crashsite.Run(count, l, func() {
			if spread {
				fv.CallSlice(in)
			} else {
				fv.Call(in)
			}
		})
	}()
}

// callArgs converts the arguments of a go statement to the parameter types
// of t. Untyped constants arrive with their default types (1 as int, nil as
// a nil interface) and need converting, as the compiler would have.
func callArgs(t reflect.Type, args []any, spread bool) ([]reflect.Value, error) {
	in := make([]reflect.Value, len(args))
	for i, a := range args {
		var pt reflect.Type
		switch {
		case t.IsVariadic() && i >= t.NumIn()-1 && !spread:
			pt = t.In(t.NumIn() - 1).Elem()
		case i < t.NumIn():
			pt = t.In(i)
		default:
			return nil, fmt.Errorf("too many arguments: %d for %s", len(args), t)
		}
		if a == nil {
			in[i] = reflect.Zero(pt)
			continue
		}
		v := reflect.ValueOf(a)
		switch {
		case v.Type().AssignableTo(pt):
			in[i] = v
		case v.Type().ConvertibleTo(pt):
			in[i] = v.Convert(pt)
		default:
			return nil, fmt.Errorf("cannot use %s as %s in argument %d", v.Type(), pt, i+1)
		}
		if pt.Kind() == reflect.Interface && in[i].Type() != pt {
			in[i] = in[i].Convert(pt)
		}
	}
	return in, nil
}

// recoverGoroutine reports a panic of a goroutine started from the cell
// whose sink is sk. It must be deferred directly.
func (s *Session) recoverGoroutine(sk *sink, started string) {
	if r := recover(); r != nil {
		s.reportPanic(sk, r, started)
	}
}

// runtimePanic is the panic handler of the runtime packages (package
// hook): it runs on the goroutine that panicked, whose label names its cell.
func (s *Session) runtimePanic(value any, _ []byte) {
	sk, _ := labelSink()
	s.reportPanic(sk, value, "")
}

// reportPanic shows the panic r of a goroutine as an error output of the
// cell whose sink is sk (nil: the cell that ran last).
func (s *Session) reportPanic(sk *sink, r any, started string) {
	if sk == nil {
		sk = lastSink.Load()
	}
	if sk == nil {
		return
	}
	if sk.stopped() {
		// A goroutine of a stopped cell: a wait the stop ended, or a
		// deferred call that ran as it unwound, the learner's doing.
		return
	}
	value := fmt.Sprint(r)
	if err, ok := r.(error); ok {
		value = err.Error()
	}
	value, tb := panicLines("panic in a goroutine: ", value)
	for _, f := range sk.takeFrames(hook.GoroutineID()) {
		tb = append(tb, s.panicFrame(f)...)
	}
	if started != "" {
		tb = append(tb, "  in the goroutine "+started)
	}
	tb = append(tb, "", "The goroutine stopped; the session and its other goroutines carry on.")
	sk.pub.Error(&evaluator.Error{Name: "panic", Value: value, Traceback: tb})
}

// unbox unwraps a value that yaegi passed to compiled code in its own
// wrapper. yaegi hands an interpreted interface value (say a variable of
// type any holding a string) to a compiled func(any) as an
// interp.valueInterface struct instead of the string; the runtime packages
// call this, through hook.Unbox, on every any they receive.
func unbox(x any) any {
	for {
		v := reflect.ValueOf(x)
		if !v.IsValid() || v.Kind() != reflect.Struct || v.Type().Name() != "valueInterface" ||
			v.Type().PkgPath() != "github.com/traefik/yaegi/interp" || v.NumField() != 2 ||
			v.Type().Field(1).Type != reflect.TypeOf(reflect.Value{}) {
			return x
		}
		cp := reflect.New(v.Type()).Elem()
		cp.Set(v)
		inner := *(*reflect.Value)(unsafe.Pointer(cp.Field(1).UnsafeAddr()))
		if !inner.IsValid() || !inner.CanInterface() {
			return nil
		}
		x = inner.Interface()
	}
}

// afterFunc replaces time.AfterFunc: the callback runs under the label of
// the cell that set the timer, and its panic is reported, not fatal.
func (s *Session) afterFunc(d time.Duration, f func()) *time.Timer {
	return time.AfterFunc(d, s.callback(f, "time.AfterFunc callback"))
}

// contextAfterFunc replaces context.AfterFunc in the same way.
func (s *Session) contextAfterFunc(ctx context.Context, f func()) (stop func() bool) {
	return context.AfterFunc(ctx, s.callback(f, "context.AfterFunc callback"))
}

// callback wraps f, which the runtime will call on a goroutine of its own,
// to write to the calling cell's output, report its panic there, and be
// called what (of the cell) by the threading package.
func (s *Session) callback(f func(), what string) func() {
	label := getProfLabel()
	sk, _ := labelSink()
	name := what
	if sk != nil {
		name += " of " + cellsource.CellName(sk.cell)
	}
	return func() {
		if sk != nil {
			labelGoroutine(sk, name)
		} else {
			setProfLabel(label)
		}
		defer s.recoverGoroutine(sk, "")
		f()
	}
}
