package supervisor

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gothreads/gothreads/crashsite"
	"github.com/gothreads/gothreads/evaluator"
)

const (
	// StopTimeout is how long an interrupted cell may take to stop before
	// its worker is replaced.
	StopTimeout = 5 * time.Second
	// queryTimeout bounds completion and inspection: a worker too busy to
	// answer gets an empty answer rather than a frozen frontend.
	queryTimeout = 2 * time.Second
)

// maxReport caps how much of a dying worker's standard error is kept.
const maxReport = 64 << 10

// Supervisor is an evaluator.Evaluator that runs cells in a worker process
// and replaces the worker when it dies. It keeps a spare worker started so
// that a replacement is ready at once.
type Supervisor struct {
	command func() *exec.Cmd
	log     *log.Logger
	// StopTimeout is how long an interrupted cell may take to stop;
	// set it before the first Execute.
	StopTimeout time.Duration
	ids         atomic.Uint64

	started chan struct{} // closed once cur is set

	mu        sync.Mutex
	cur       *worker
	spare     *worker
	closed    bool
	restarted string // the note for the next cell, after a worker died between cells
}

// New starts a worker and a spare. command makes the command line of a
// worker; its Stdout, Stderr and ExtraFiles are set here. Diagnostics go to
// logw.
func New(command func() *exec.Cmd, logw io.Writer) *Supervisor {
	s := &Supervisor{command: command, log: log.New(logw, "gothreads: ", 0),
		StopTimeout: StopTimeout, started: make(chan struct{})}
	// Starting processes takes milliseconds; the kernel answers its first
	// requests meanwhile. The spare starts once the first worker is ready,
	// so that the two do not compete for the CPU.
	go func() {
		w := s.launch()
		s.mu.Lock()
		s.cur = w
		s.mu.Unlock()
		close(s.started)
		<-w.ready
		s.startSpare()
	}()
	return s
}

// startSpare launches a spare worker unless one is there already.
func (s *Supervisor) startSpare() {
	w := s.launch()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed || s.spare != nil {
		w.kill("not needed")
		return
	}
	s.spare = w
}

// worker is one worker process.
type worker struct {
	s     *Supervisor
	cmd   *exec.Cmd
	encMu sync.Mutex
	enc   *json.Encoder
	reqW  *os.File

	ready    chan struct{} // closed on the ready event or on death
	startErr *evaluator.Error

	mu      sync.Mutex
	pending map[uint64]chan event          // replies awaited, by request id
	pubs    map[uint64]evaluator.Publisher // outputs of execute requests
	running uint64                         // the execute request in progress
	last    uint64                         // the execute request sent last
	dead    bool
	killed  string // why the supervisor killed it, if it did
	report  strings.Builder
	fatal   bool           // standard error has turned into a crash report
	cells   map[int]string // the code of each cell run, by execution count, for crash reports
	counts  map[int]uint64 // the execute request of each cell, by execution count
}

// launch starts a worker process. Failures are reported as a worker that
// is dead from the start, so callers have one path.
func (s *Supervisor) launch() *worker {
	w := &worker{s: s, ready: make(chan struct{}), pending: map[uint64]chan event{}, pubs: map[uint64]evaluator.Publisher{},
		cells: map[int]string{}, counts: map[int]uint64{}}
	if err := w.start(); err != nil {
		s.log.Printf("starting a worker: %v", err)
		w.startErr = sessionError("the Go worker could not start: " + err.Error())
		w.dead = true
		close(w.ready)
	}
	return w
}

func (w *worker) start() error {
	cmd := w.s.command()
	reqR, reqW, err := os.Pipe()
	if err != nil {
		return err
	}
	evR, evW, err := os.Pipe()
	if err != nil {
		return err
	}
	outR, outW, err := os.Pipe()
	if err != nil {
		return err
	}
	errR, errW, err := os.Pipe()
	if err != nil {
		return err
	}
	cmd.ExtraFiles = []*os.File{reqR, evW} // fds 3 and 4 in the worker
	cmd.Stdout, cmd.Stderr = outW, errW
	err = cmd.Start()
	for _, f := range []*os.File{reqR, evW, outW, errW} {
		f.Close() // the worker's ends
	}
	if err != nil {
		for _, f := range []*os.File{reqW, evR, outR, errR} {
			f.Close()
		}
		return err
	}
	// Blocking reads and writes (Fd switches the pipes to blocking mode)
	// wake a cell's caller directly; through the network poller every hop
	// costs a wake-up more, which doubles the round trip of a short cell.
	reqW.Fd()
	evR.Fd()
	w.cmd, w.reqW, w.enc = cmd, reqW, json.NewEncoder(reqW)

	var readers sync.WaitGroup
	readers.Add(3)
	go func() { defer readers.Done(); w.readEvents(evR) }()
	go func() { defer readers.Done(); w.readStdout(outR) }()
	go func() { defer readers.Done(); w.readStderr(errR) }()
	go func() {
		readers.Wait()
		err := cmd.Wait()
		w.die(err)
	}()
	return nil
}

// send writes a request to the worker.
func (w *worker) send(r request) error {
	w.encMu.Lock()
	defer w.encMu.Unlock()
	return w.enc.Encode(r)
}

func (w *worker) readEvents(r io.ReadCloser) {
	defer r.Close()
	dec := json.NewDecoder(bufio.NewReaderSize(r, 64<<10))
	for {
		var e event
		if err := dec.Decode(&e); err != nil {
			return
		}
		w.handle(e)
	}
}

func (w *worker) handle(e event) {
	switch e.Kind {
	case evReady:
		w.startErr = e.Err
		close(w.ready)
		return
	case evReply:
		w.mu.Lock()
		ch := w.pending[e.ID]
		delete(w.pending, e.ID)
		if w.running == e.ID {
			w.running = 0
		}
		w.mu.Unlock()
		if ch != nil {
			ch <- e
			// Hand this P to the caller now: the reading goroutine is about
			// to block in a read system call, and the caller, queued on
			// this P, would otherwise wait until the runtime notices that
			// (some 20 µs, a fifth of the round trip).
			runtime.Gosched()
		}
		return
	}
	w.mu.Lock()
	pub := w.pubs[e.ID]
	w.mu.Unlock()
	if pub == nil {
		if e.Kind == evInput { // a silent cell: it cannot ask
			w.send(request{ID: e.InputID, Op: opInput, Input: &inputAnswer{Err: "a silent cell cannot read input"}})
		}
		return
	}
	switch e.Kind {
	case evStream:
		pub.Stream(e.Name, e.Text)
	case evDisplay:
		if e.Bundle != nil {
			pub.Display(e.Bundle, e.DisplayID, e.Update)
		}
	case evClear:
		pub.ClearOutput(e.Wait)
	case evError:
		if e.Err != nil {
			pub.Error(e.Err)
		}
	case evInput:
		// Answered off the reading goroutine: the user takes their time,
		// and other events must flow meanwhile.
		go func() {
			a := inputAnswer{}
			v, err := pub.Input(e.Text, e.Password)
			if err != nil {
				a.Err = err.Error()
			}
			a.Value = v
			w.send(request{ID: e.InputID, Op: opInput, Input: &a})
		}()
	}
}

// current returns the publisher of the running cell, or of the cell that
// ran last: text written to a file descriptor can arrive after its cell
// has ended.
func (w *worker) current() evaluator.Publisher {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.running != 0 {
		return w.pubs[w.running]
	}
	return w.pubs[w.last]
}

// readStdout passes on what the worker writes to its standard output
// outside the interpreter's own streams (compiled code writing to fd 1).
func (w *worker) readStdout(r io.ReadCloser) {
	defer r.Close()
	buf := make([]byte, 32<<10)
	for {
		n, err := r.Read(buf)
		if n > 0 {
			if pub := w.current(); pub != nil {
				pub.Stream("stdout", string(buf[:n]))
			} else {
				w.s.log.Printf("worker output: %s", buf[:n])
			}
		}
		if err != nil {
			return
		}
	}
}

// fatalStart reports whether a line of standard error starts the Go
// runtime's report of a crash.
func fatalStart(line string) bool {
	for _, p := range []string{"fatal error: ", "panic: ", "runtime: ", "SIGSEGV", "SIGBUS", "unexpected fault", "unexpected signal"} {
		if strings.HasPrefix(line, p) {
			return true
		}
	}
	return false
}

// readStderr passes on standard error line by line until a crash report
// starts, and keeps the report for the error message.
func (w *worker) readStderr(r io.ReadCloser) {
	defer r.Close()
	br := bufio.NewReaderSize(r, 64<<10)
	for {
		line, err := br.ReadString('\n')
		if line != "" {
			w.mu.Lock()
			if !w.fatal && fatalStart(line) {
				w.fatal = true
			}
			fatal := w.fatal
			if fatal && w.report.Len() < maxReport {
				w.report.WriteString(line)
			}
			w.mu.Unlock()
			if !fatal {
				if pub := w.current(); pub != nil {
					pub.Stream("stderr", line)
				} else {
					w.s.log.Printf("worker: %s", strings.TrimRight(line, "\n"))
				}
			}
		}
		if err != nil {
			return
		}
	}
}

// die ends every request in flight once the worker process has exited, and
// puts the spare in its place.
func (w *worker) die(exitErr error) {
	w.mu.Lock()
	w.dead = true
	pending := w.pending
	w.pending = map[uint64]chan event{}
	running, last := w.running, w.last
	w.running = 0
	killed := w.killed
	report := w.report.String()
	cells := w.cells
	pub := w.pubs[last]
	if site, ok := crashsite.Find(report); ok && w.pubs[w.counts[site.Cell]] != nil {
		pub = w.pubs[w.counts[site.Cell]] // the cell that started the failing goroutine
	}
	w.mu.Unlock()

	select {
	case <-w.ready:
	default:
		w.startErr = sessionError("the Go worker exited while starting")
		close(w.ready)
	}
	w.reqW.Close()
	if running == 0 && last != 0 {
		w.s.diedBetweenCells(pub, crashError(killed, report, exitErr, cells))
	}
	w.s.replace(w)

	for id, ch := range pending {
		e := event{ID: id, Kind: evReply}
		if id == running {
			e.Result = &evaluator.Result{Err: crashError(killed, report, exitErr, cells)}
		}
		ch <- e
	}
}

// replace puts the spare in place of a dead worker and starts a new spare.
func (s *Supervisor) replace(dead *worker) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	switch dead {
	case s.cur:
		if s.spare == nil {
			s.spare = s.launch() // the first worker died before its spare started
		}
		s.cur, s.spare = s.spare, nil
	case s.spare:
		s.spare = nil
	default:
		return
	}
	if s.cur.isDead() {
		// Both are gone (they may share a cause, such as a missing binary):
		// start afresh rather than loop.
		s.cur = s.launch()
	}
	go s.startSpare()
}

func (w *worker) isDead() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.dead
}

// kill ends the worker process; why becomes the running cell's error.
func (w *worker) kill(why string) {
	w.mu.Lock()
	if w.killed == "" {
		w.killed = why
	}
	w.mu.Unlock()
	if w.cmd != nil && w.cmd.Process != nil {
		w.cmd.Process.Kill()
	}
}

// worker returns the serving worker once it is ready.
func (s *Supervisor) worker() (*worker, error) {
	<-s.started
	for range 3 {
		s.mu.Lock()
		w := s.cur
		s.mu.Unlock()
		<-w.ready
		if w.startErr == nil && !w.isDead() {
			return w, nil
		}
		if w.startErr != nil && w.cmd == nil {
			return nil, w.startErr // could not even start the process
		}
		time.Sleep(10 * time.Millisecond) // being replaced
	}
	return nil, sessionError("the Go worker keeps failing to start")
}

// call sends a request and waits for its reply; ok is false when the
// worker died first or the timeout (if any) passed.
func (w *worker) call(r request, timeout time.Duration) (event, bool) {
	ch := make(chan event, 1)
	w.mu.Lock()
	if w.dead {
		w.mu.Unlock()
		return event{}, false
	}
	w.pending[r.ID] = ch
	w.mu.Unlock()
	if err := w.send(r); err != nil {
		w.mu.Lock()
		delete(w.pending, r.ID)
		w.mu.Unlock()
		return event{}, false
	}
	if timeout <= 0 {
		e := <-ch
		return e, true
	}
	select {
	case e := <-ch:
		return e, true
	case <-time.After(timeout):
		w.mu.Lock()
		delete(w.pending, r.ID)
		w.mu.Unlock()
		return event{}, false
	}
}

// Execute runs a cell in the worker. See evaluator.Evaluator.
func (s *Supervisor) Execute(ctx context.Context, req evaluator.ExecuteRequest, pub evaluator.Publisher) evaluator.Result {
	w, err := s.worker()
	if err != nil {
		var e *evaluator.Error
		if !errors.As(err, &e) {
			e = sessionError(err.Error())
		}
		return evaluator.Result{Err: e}
	}
	if !req.Silent {
		s.mu.Lock()
		note := s.restarted
		s.restarted = ""
		s.mu.Unlock()
		if note != "" {
			pub.Stream("stderr", note)
		}
	}
	id := s.ids.Add(1)
	w.mu.Lock()
	if !req.Silent {
		w.pubs[id] = pub
	}
	w.running, w.last = id, id
	if req.Count > 0 {
		w.cells[req.Count] = req.Code
		w.counts[req.Count] = id
	}
	w.mu.Unlock()
	e, ok := w.call(request{ID: id, Op: opExecute, Execute: &req}, 0)
	if !ok || e.Result == nil {
		return evaluator.Result{Err: sessionError("the Go worker did not answer")}
	}
	return *e.Result
}

// Complete asks the worker for completions.
func (s *Supervisor) Complete(code string, cursor int) evaluator.Completion {
	none := evaluator.Completion{Start: cursor, End: cursor}
	w, err := s.worker()
	if err != nil {
		return none
	}
	e, ok := w.call(request{ID: s.ids.Add(1), Op: opComplete, Code: code, Cursor: cursor}, queryTimeout)
	if !ok || e.Completion == nil {
		return none
	}
	return *e.Completion
}

// Inspect asks the worker about the name at cursor.
func (s *Supervisor) Inspect(code string, cursor, detail int) evaluator.Inspection {
	w, err := s.worker()
	if err != nil {
		return evaluator.Inspection{}
	}
	e, ok := w.call(request{ID: s.ids.Add(1), Op: opInspect, Code: code, Cursor: cursor, Detail: detail}, queryTimeout)
	if !ok || e.Inspection == nil {
		return evaluator.Inspection{}
	}
	return *e.Inspection
}

// IsComplete asks the worker whether code is complete.
func (s *Supervisor) IsComplete(code string) evaluator.Completeness {
	unknown := evaluator.Completeness{Status: "unknown"}
	w, err := s.worker()
	if err != nil {
		return unknown
	}
	e, ok := w.call(request{ID: s.ids.Add(1), Op: opIsComplete, Code: code}, queryTimeout)
	if !ok || e.Completeness == nil {
		return unknown
	}
	return *e.Completeness
}

// Interrupt stops the running cell. A worker that has not stopped it within
// stopTimeout is replaced.
func (s *Supervisor) Interrupt() {
	select {
	case <-s.started:
	default:
		return // nothing runs yet
	}
	s.mu.Lock()
	w := s.cur
	s.mu.Unlock()
	w.mu.Lock()
	running, dead := w.running, w.dead
	w.mu.Unlock()
	if dead {
		return
	}
	w.send(request{ID: s.ids.Add(1), Op: opInterrupt})
	if running == 0 {
		return
	}
	timeout := s.StopTimeout
	go func() {
		time.Sleep(timeout)
		w.mu.Lock()
		still := w.running == running && !w.dead
		w.mu.Unlock()
		if still {
			s.log.Printf("cell did not stop within %v: replacing the worker", timeout)
			w.kill(fmt.Sprintf("the cell did not stop within %v of the interrupt, so its Go session was stopped", timeout))
		}
	}()
}

// Shutdown stops both workers; calls after the first do nothing.
func (s *Supervisor) Shutdown(restart bool) error {
	<-s.started
	s.mu.Lock()
	if s.closed { // the kernel's shutdown handler, then main's defer
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	cur, spare := s.cur, s.spare
	s.mu.Unlock()
	for _, w := range []*worker{cur, spare} {
		if w == nil || w.isDead() {
			continue
		}
		w.send(request{ID: s.ids.Add(1), Op: opShutdown})
		w.reqW.Close()
		go func() {
			time.Sleep(time.Second)
			w.kill("shut down")
		}()
	}
	return nil
}
