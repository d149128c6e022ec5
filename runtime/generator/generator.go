// Package generator gives Go Python's generators: a function that yields
// values one at a time and can be sent values back, for the schedulers and
// thread-free actors of the threading notes.
//
//	countdown := generator.New(func(y *generator.Yielder) {
//		for n := 3; n > 0; n-- {
//			y.Yield(n)
//		}
//	})
//	for v, ok := countdown.Next(); ok; v, ok = countdown.Next() {
//		fmt.Println(v)
//	}
//
// A generator runs on its own goroutine, but only while its caller waits
// in Next or Send, so exactly one of the two runs at a time, as in Python.
// (Go 1.23's range-over-func iterators do the same job in compiled Go; the
// notebook's interpreter does not support them.)
package generator

import (
	"fmt"
	"sync/atomic"

	"github.com/gothreads/gothreads/runtime/hook"
)

// Generator is a running generator function.
type Generator struct {
	body  func(*Yielder)
	y     *Yielder
	state atomic.Int32 // created, running, suspended or closed; read by String from any goroutine
}

// The states of a generator, as Python's inspect.getgeneratorstate names
// them.
const (
	created = iota
	running
	suspended
	closed
)

// Yielder is what the generator function yields through.
type Yielder struct {
	resume chan resumeMsg // caller to generator
	out    chan outMsg    // generator to caller
}

type resumeMsg struct {
	value any
	close bool
}

type outMsg struct {
	value    any
	finished bool
	panicked any // a panic of the generator, re-raised in the caller
}

// closing is the panic that unwinds a generator being closed (Python's
// GeneratorExit); the generator's defers run.
type closing struct{}

// New returns a generator that will run body, which is not called until
// the first Next or Send.
func New(body func(y *Yielder)) *Generator {
	return &Generator{body: body}
}

// Yield hands x to the caller of Next or Send and waits until the next
// call, returning the value that Send sent (nil for Next).
func (y *Yielder) Yield(x any) any {
	y.out <- outMsg{value: hook.Unbox(x)}
	m := <-y.resume
	if m.close {
		panic(closing{})
	}
	return m.value
}

// Next runs the generator to its next Yield and returns the value yielded,
// or false once the generator has returned.
func (g *Generator) Next() (any, bool) { return g.Send(nil) }

// Send resumes the generator, making its pending Yield return v, and
// returns the next value yielded, or false once it has returned. The first
// call must send nil (or be Next), as in Python.
func (g *Generator) Send(v any) (any, bool) {
	switch g.state.Load() {
	case closed:
		return nil, false
	case created:
		if v != nil {
			panic("generator: can't send non-nil value to a just-started generator")
		}
		g.start()
	default:
		g.state.Store(running)
		g.y.resume <- resumeMsg{value: hook.Unbox(v)}
	}
	return g.receive("Generator.Send")
}

func (g *Generator) start() {
	g.state.Store(running)
	g.y = &Yielder{resume: make(chan resumeMsg), out: make(chan outMsg)}
	y := g.y
	go func() {
		var m outMsg
		defer func() {
			if r := recover(); r != nil {
				if _, ok := r.(closing); !ok {
					m.panicked = r
				}
			}
			m.finished = true
			y.out <- m
		}()
		g.body(y)
	}()
}

// receive waits for the generator to yield or return.
func (g *Generator) receive(call string) (any, bool) {
	select {
	case m := <-g.y.out:
		if m.finished {
			g.state.Store(closed)
			if m.panicked != nil {
				panic(fmt.Sprintf("generator panicked: %v", m.panicked))
			}
			return nil, false
		}
		g.state.Store(suspended)
		return m.value, true
	case <-hook.Interrupted():
		panic(hook.Interruption{Call: call})
	}
}

// Close ends the generator: its pending Yield panics so that its defers
// run, and later calls of Next return false.
func (g *Generator) Close() {
	switch g.state.Load() {
	case closed:
		return
	case created:
		g.state.Store(closed)
		return
	}
	g.y.resume <- resumeMsg{close: true}
	for {
		m := <-g.y.out
		if m.finished {
			break
		}
		// A generator that yields while being closed is resumed with the
		// close again, as Python raises GeneratorExit at each yield.
		g.y.resume <- resumeMsg{close: true}
	}
	g.state.Store(closed)
}

// String describes the generator's state, as Python's
// inspect.getgeneratorstate tells it: created, running, suspended or
// closed.
func (g *Generator) String() string {
	return "<generator.Generator " + [...]string{"created", "running", "suspended", "closed"}[g.state.Load()] + ">"
}
