package session

import (
	"bytes"
	"context"
	"io"
	"regexp"
	"runtime"
	"runtime/pprof"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/gothreads/gothreads/evaluator"
	"github.com/gothreads/gothreads/runtime/hook"
)

// Output routing. Every cell runs under a fresh profiler label, and the Go
// runtime copies a goroutine's label to every goroutine it starts, including
// those the interpreter starts for `go` statements. So the label of the
// goroutine calling Write names the cell whose code is writing, even when
// that cell finished long ago and other cells have run since.
//
// The two functions below read and set the current goroutine's label; the
// runtime keeps them reachable for exactly this use (go.dev/issue/67401).

//go:linkname getProfLabel runtime/pprof.runtime_getProfLabel
func getProfLabel() unsafe.Pointer

// sink collects what one cell's code writes.
type sink struct {
	pub    evaluator.Publisher
	cell   int     // the cell's execution count
	router *router // the session's

	mu sync.Mutex
	// frames are the panic frames yaegi reported while unwinding, by the
	// goroutine that panicked (0 for the cell's own code, which may run
	// on several): two goroutines panicking at once each get their own.
	frames map[int64][]string
	// midLine records, per stream, that the last write did not end a
	// line, for timestamps.
	midLine map[string]bool
}

// frameKey is the key of the calling goroutine's frames: 0 for the cell's
// own code, whichever goroutine runs a chunk of it.
func frameKey() int64 {
	if startedByExecute() {
		return 0
	}
	return hook.GoroutineID()
}

// addFrame records a panic frame that the calling goroutine reported.
func (s *sink) addFrame(f string) {
	g := frameKey()
	s.mu.Lock()
	if s.frames == nil {
		s.frames = map[int64][]string{}
	}
	s.frames[g] = append(s.frames[g], f)
	s.mu.Unlock()
}

// takeFrames returns and forgets the panic frames that goroutine g (0:
// the cell's own code) reported so far.
func (s *sink) takeFrames(g int64) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.frames[g]
	delete(s.frames, g)
	return f
}

// recovered forgets the frames the calling goroutine reported for a panic
// that a recover has stopped: they belong to no error.
func recovered() {
	if sk, ok := labelSink(); ok {
		sk.takeFrames(frameKey())
	}
}

// sinks maps cell labels to their sinks. Labels are unique in the process,
// so one table serves every session (tests run several).
var sinks sync.Map // unsafe.Pointer -> *sink

// lastSink is the sink of the cell entered last in any session: the
// destination of display calls from goroutines no cell started.
var lastSink atomic.Pointer[sink]

// labelSink returns the sink of the cell the calling goroutine belongs to.
func labelSink() (*sink, bool) {
	s, ok := sinks.Load(getProfLabel())
	if !ok {
		return nil, false
	}
	return s.(*sink), true
}

// Goroutines that a cell's code starts (go statements, timer callbacks)
// carry a label of their own, which routes their output to the same sink
// and names them for the threading package: the cell's own label then
// marks its main flow, whatever goroutines yaegi runs its chunks on, and
// each label is made once per cell run and site.
var (
	goroutineNames sync.Map // unsafe.Pointer -> string: the name of a goroutine label
	siteLabels     sync.Map // siteKey -> unsafe.Pointer
)

type siteKey struct {
	sk   *sink
	site string
}

// labelGoroutine gives the calling goroutine, just started by code of the
// cell that sk collects for, the label named name: its output goes to
// sk, and threading.CurrentThread calls it name.
func labelGoroutine(sk *sink, name string) {
	key := siteKey{sk, name}
	if p, ok := siteLabels.Load(key); ok {
		setProfLabel(p.(unsafe.Pointer))
		return
	}
	cell := 0
	if sk != nil {
		cell = sk.cell
	}
	pprof.SetGoroutineLabels(pprof.WithLabels(context.Background(), pprof.Labels("cell", strconv.Itoa(cell), "goroutine", name)))
	p := getProfLabel()
	if sk != nil {
		sinks.Store(p, sk)
	}
	goroutineNames.Store(p, name)
	if q, loaded := siteLabels.LoadOrStore(key, p); loaded { // another goroutine of the site was first
		sinks.Delete(p)
		goroutineNames.Delete(p)
		setProfLabel(q.(unsafe.Pointer))
	}
}

// mainFlows tells, for the goroutines asked about, whether each runs a
// chunk of a cell's own code: yaegi runs each chunk on a goroutine that
// ExecuteWithContext starts. The answers are forgotten when a chunk ends
// (so that the table stays small), and found again if asked for.
var (
	mainFlows   sync.Map // int64 -> bool
	mainFlowsMu sync.Mutex
	mainFlowIDs []int64
)

// goroutineKind is hook.SetGoroutine's function for the session: a
// goroutine running a cell's own code is the main thread; one with a
// label of labelGoroutine's is named by it; any other (started by
// compiled code) is left to the threading package.
func goroutineKind(id int64) (name string, main bool) {
	if n, ok := goroutineNames.Load(getProfLabel()); ok {
		return n.(string), false
	}
	// A goroutine's creator never changes: the answer is kept (until the
	// chunk ends), whichever it is, so that a goroutine compiled code
	// started reads its stack once, not on every call.
	if m, ok := mainFlows.Load(id); ok {
		return "", m.(bool)
	}
	m := startedByExecute()
	mainFlows.Store(id, m)
	mainFlowsMu.Lock()
	mainFlowIDs = append(mainFlowIDs, id)
	mainFlowsMu.Unlock()
	return "", m
}

// startedByExecute reports whether the calling goroutine is one that
// yaegi's ExecuteWithContext started to run a chunk: the last line of its
// own stack trace says who created it.
func startedByExecute() bool {
	buf := make([]byte, 16<<10)
	for {
		n := runtime.Stack(buf, false)
		if n < len(buf) || len(buf) >= 16<<20 {
			return bytes.Contains(buf[:n], []byte("\ncreated by github.com/traefik/yaegi/interp.(*Interpreter).ExecuteWithContext in goroutine"))
		}
		buf = make([]byte, 2*len(buf))
	}
}

// forgetMainFlows forgets the goroutines found running chunks, once a
// chunk has ended (their numbers are never used again).
func forgetMainFlows() {
	mainFlowsMu.Lock()
	ids := mainFlowIDs
	mainFlowIDs = nil
	mainFlowsMu.Unlock()
	for _, id := range ids {
		mainFlows.Delete(id)
	}
}

// router sends a session's writes to the sink of the cell that made them.
type router struct {
	// timestamps is set by the %timestamps magic.
	timestamps atomic.Bool

	// stopped is the count of the last cell begun before the session's
	// last stop: that cell's goroutines and earlier ones are stopped.
	stopped atomic.Int64

	mu      sync.Mutex
	current *sink     // the cell entered last, for writers without a cell label
	live    *sink     // the cell running now; nil between cells
	orphans io.Writer // where output goes when no cell ever ran
}

func newRouter(orphans io.Writer) *router {
	return &router{orphans: orphans}
}

// enter labels the calling goroutine as running a new cell whose outputs go
// to pub, and returns the cell's sink.
func (r *router) enter(pub evaluator.Publisher, cell int) *sink {
	pprof.SetGoroutineLabels(pprof.WithLabels(context.Background(), pprof.Labels("cell", strconv.Itoa(cell))))
	s := &sink{pub: pub, cell: cell, router: r}
	sinks.Store(getProfLabel(), s)
	lastSink.Store(s)
	r.mu.Lock()
	r.current, r.live = s, s
	r.mu.Unlock()
	return s
}

// stopThrough records a stop of every cell up to count; it never goes
// down (a cell run without history has count 0).
func (r *router) stopThrough(count int) {
	for {
		old := r.stopped.Load()
		if int64(count) <= old || r.stopped.CompareAndSwap(old, int64(count)) {
			return
		}
	}
}

// stoppedThrough returns the count up to which cells are stopped.
func (r *router) stoppedThrough() int { return int(r.stopped.Load()) }

// stopped reports whether the cell of s has been stopped.
func (s *sink) stopped() bool { return s.cell > 0 && s.cell <= s.router.stoppedThrough() }

// callerStopped reports whether the calling goroutine belongs to a cell
// that has been stopped.
func callerStopped() bool {
	sk, ok := labelSink()
	return ok && sk.stopped()
}

// lastCell returns the count of the cell entered last, 0 before the first.
func (r *router) lastCell() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.current == nil {
		return 0
	}
	return r.current.cell
}

// leave records that the cell whose sink is s has ended.
func (r *router) leave(s *sink) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.live == s {
		r.live = nil
	}
}

// liveCell reports whether a cell is running.
func (r *router) liveCell() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.live != nil
}

// running reports whether s is the sink of the cell running now.
func (r *router) running(s *sink) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.live == s
}

// sink returns the sink of the cell the calling goroutine belongs to.
func (r *router) sink() *sink {
	if s, ok := labelSink(); ok {
		return s
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.current
}

// writer returns an io.Writer for the named stream ("stdout" or "stderr").
func (r *router) writer(name string) io.Writer {
	return &streamWriter{r: r, name: name}
}

type streamWriter struct {
	r    *router
	name string
}

// panicFrame matches the line yaegi writes to stderr for each interpreted
// frame a panic unwinds through: "3:5: panic: main.f(...)".
var panicFrame = regexp.MustCompile(`^(_\.go:)?(\d+:\d+|-): panic: (.*)\(\.\.\.\)\n?$`)

func (w *streamWriter) Write(p []byte) (int, error) {
	s := w.r.sink()
	if s == nil {
		return w.r.orphans.Write(p)
	}
	if w.name == "stderr" && panicFrame.Match(p) {
		s.addFrame(string(p))
		return len(p), nil
	}
	text := p
	if w.r.timestamps.Load() {
		s.mu.Lock()
		var atStart bool
		text, atStart = stamp(p, !s.midLine[w.name], time.Now())
		if s.midLine == nil {
			s.midLine = map[string]bool{}
		}
		s.midLine[w.name] = !atStart
		s.mu.Unlock()
	}
	s.pub.Stream(w.name, string(text))
	return len(p), nil
}

// displays carries the runtime display package's calls to the cell that
// made them.
type displays struct{}

func (displays) sink() *sink {
	if s, ok := labelSink(); ok {
		return s
	}
	return lastSink.Load()
}

func (d displays) Display(data map[string]string, id string, update bool) {
	if s := d.sink(); s != nil {
		b := &evaluator.Bundle{Data: make(map[string]any, len(data))}
		for k, v := range data {
			b.Data[k] = v
		}
		s.pub.Display(b, id, update)
	}
}

func (d displays) Clear(wait bool) {
	if s := d.sink(); s != nil {
		s.pub.ClearOutput(wait)
	}
}
