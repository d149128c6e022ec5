package supervisor

import (
	"context"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gothreads/gothreads/evaluator"
)

// The test binary doubles as the worker: with this variable set, TestMain
// serves fakeEval on fds 3 and 4 instead of running tests.
const workerEnv = "GOTHREADS_SUPERVISOR_TEST_WORKER"

// With echoEnv set, the test binary echoes fd 3 to fd 4, for
// BenchmarkPipeRoundTrip.
const echoEnv = "GOTHREADS_SUPERVISOR_TEST_ECHO"

func TestMain(m *testing.M) {
	if os.Getenv(echoEnv) != "" {
		in, out := os.NewFile(3, "in"), os.NewFile(4, "out")
		in.Fd()
		out.Fd()
		buf := make([]byte, 1)
		for {
			if _, err := in.Read(buf); err != nil {
				os.Exit(0)
			}
			out.Write(buf)
		}
	}
	if os.Getenv(workerEnv) != "" {
		err := Serve(&fakeEval{}, func() error { return nil }, os.NewFile(3, "in"), os.NewFile(4, "out"))
		if err != nil {
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// fakeEval runs "cells" that are commands:
//
//	print TEXT    writes TEXT to stdout through the publisher
//	stderr TEXT   writes TEXT to the process's real standard error
//	crash         dies with a Go fatal error
//	exit          exits with status 3
//	hang          blocks, ignoring interrupts
//	wait          blocks until interrupted
//	later TEXT    returns, then prints TEXT from a goroutine 50 ms later
//	value TEXT    returns TEXT as the cell's value
type fakeEval struct {
	mu        sync.Mutex
	interrupt chan struct{}
}

func (f *fakeEval) Execute(ctx context.Context, req evaluator.ExecuteRequest, pub evaluator.Publisher) evaluator.Result {
	cmd, arg, _ := strings.Cut(req.Code, " ")
	switch cmd {
	case "print":
		pub.Stream("stdout", arg)
	case "stderr":
		os.Stderr.WriteString(arg)
	case "crash":
		var mu sync.Mutex
		mu.Unlock() // fatal error: sync: unlock of unlocked mutex
	case "exit":
		os.Exit(3)
	case "hang":
		select {}
	case "wait":
		ch := make(chan struct{})
		f.mu.Lock()
		f.interrupt = ch
		f.mu.Unlock()
		<-ch
		return evaluator.Result{Err: &evaluator.Error{Name: "Interrupted", Value: "interrupted"}}
	case "later":
		go func() {
			time.Sleep(50 * time.Millisecond)
			pub.Stream("stdout", arg)
		}()
	case "value":
		return evaluator.Result{Value: evaluator.Text(arg)}
	}
	return evaluator.Result{}
}

func (f *fakeEval) Complete(code string, cursor int) evaluator.Completion {
	return evaluator.Completion{Matches: []string{code + "!"}, Start: 0, End: cursor}
}
func (f *fakeEval) Inspect(string, int, int) evaluator.Inspection { return evaluator.Inspection{} }
func (f *fakeEval) IsComplete(code string) evaluator.Completeness {
	return evaluator.Completeness{Status: "complete"}
}
func (f *fakeEval) Interrupt() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.interrupt != nil {
		close(f.interrupt)
		f.interrupt = nil
	}
}
func (f *fakeEval) Shutdown(bool) error { return nil }

// recorder collects what a cell published.
type recorder struct {
	mu     sync.Mutex
	out    strings.Builder
	errors []*evaluator.Error
}

func (r *recorder) Stream(name, text string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.out.WriteString(name + ":" + text + "\n")
}
func (r *recorder) Display(*evaluator.Bundle, string, bool) {}
func (r *recorder) ClearOutput(bool)                        {}
func (r *recorder) Input(prompt string, password bool) (string, error) {
	return "typed", nil
}

func (r *recorder) Error(e *evaluator.Error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errors = append(r.errors, e)
}
func (r *recorder) String() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.out.String()
}

func newSupervisor(t testing.TB) *Supervisor {
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	s := New(func() *exec.Cmd {
		cmd := exec.Command(self)
		cmd.Env = append(os.Environ(), workerEnv+"=1")
		return cmd
	}, io.Discard)
	t.Cleanup(func() { s.Shutdown(false) })
	return s
}

func run(s *Supervisor, code string) (evaluator.Result, *recorder) {
	rec := &recorder{}
	res := s.Execute(context.Background(), evaluator.ExecuteRequest{Code: code, Count: 1}, rec)
	return res, rec
}

func TestOutputsAndValues(t *testing.T) {
	s := newSupervisor(t)
	if res, rec := run(s, "print hello"); res.Err != nil || rec.String() != "stdout:hello\n" {
		t.Errorf("print: %+v, output %q", res, rec.String())
	}
	if res, _ := run(s, "value 42"); res.Value == nil || res.Value.Data["text/plain"] != "42" {
		t.Errorf("value: %+v", res)
	}
	// Text written to file descriptor 2 may arrive just after its cell
	// ended; it still lands in that cell.
	res, rec := run(s, "stderr direct\n")
	for deadline := time.Now().Add(5 * time.Second); rec.String() == "" && time.Now().Before(deadline); {
		time.Sleep(5 * time.Millisecond)
	}
	if res.Err != nil || rec.String() != "stderr:direct\n\n" {
		t.Errorf("fd 2 output: %+v, output %q", res, rec.String())
	}
	if c := s.Complete("ab", 2); len(c.Matches) != 1 || c.Matches[0] != "ab!" {
		t.Errorf("complete: %+v", c)
	}
}

// Output written after a cell ended still reaches that cell's publisher,
// even after another cell ran.
func TestLateOutputReachesItsCell(t *testing.T) {
	s := newSupervisor(t)
	_, first := run(s, "later from-first")
	_, second := run(s, "print second")
	deadline := time.Now().Add(5 * time.Second)
	for first.String() == "" && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if first.String() != "stdout:from-first\n" || second.String() != "stdout:second\n" {
		t.Errorf("first cell got %q, second %q", first.String(), second.String())
	}
}

func TestWorkerDeathIsReportedAndReplaced(t *testing.T) {
	s := newSupervisor(t)
	for _, tt := range []struct{ code, ename, value string }{
		{"crash", "fatal error", "fatal error: sync: unlock of unlocked mutex"},
		{"exit", "fatal error", "the Go session stopped: exit status 3"},
	} {
		res, _ := run(s, tt.code)
		if res.Err == nil || res.Err.Name != tt.ename || res.Err.Value != tt.value {
			t.Fatalf("%s: %+v; want %s: %s", tt.code, res.Err, tt.ename, tt.value)
		}
		start := time.Now()
		if res, rec := run(s, "print again"); res.Err != nil || rec.String() != "stdout:again\n" {
			t.Fatalf("after %s: %+v, output %q", tt.code, res.Err, rec.String())
		}
		t.Logf("after %s, the next cell ran in %v", tt.code, time.Since(start))
	}
}

func TestInterrupt(t *testing.T) {
	s := newSupervisor(t)
	defer interruptUntilDone(s)()
	if res, _ := run(s, "wait"); res.Err == nil || res.Err.Name != "Interrupted" {
		t.Fatalf("interrupted cell: %+v", res.Err)
	}
}

func TestUnstoppableCellIsReplaced(t *testing.T) {
	s := newSupervisor(t)
	s.StopTimeout = 200 * time.Millisecond
	done := interruptUntilDone(s)
	res, _ := run(s, "hang")
	done()
	if res.Err == nil || res.Err.Name != "Interrupted" || !strings.Contains(res.Err.Value, "did not stop") {
		t.Fatalf("hung cell: %+v", res.Err)
	}
	if res, rec := run(s, "print fresh"); res.Err != nil || rec.String() != "stdout:fresh\n" {
		t.Fatalf("after replacing: %+v, %q", res.Err, rec.String())
	}
}

// interruptUntilDone presses stop every 100 ms until the returned func is
// called: a stop that comes before the worker has started the cell stops
// nothing (a loaded machine starts it late), and the cell would wait for
// ever.
func interruptUntilDone(s *Supervisor) (done func()) {
	stop := make(chan struct{})
	go func() {
		for {
			select {
			case <-stop:
				return
			case <-time.After(100 * time.Millisecond):
				s.Interrupt()
			}
		}
	}()
	return func() { close(stop) }
}

// BenchmarkRoundTrip is the cost the worker process adds to a cell: cells
// back to back, and cells a millisecond apart, as a frontend sends them.
// Between cells the two processes' threads go to sleep, and waking them
// costs more than the messages (compare BenchmarkPipeRoundTrip).
func BenchmarkRoundTrip(b *testing.B) {
	for _, gap := range []time.Duration{0, time.Millisecond} {
		b.Run("gap="+gap.String(), func(b *testing.B) {
			s := newSupervisor(b)
			run(s, "value 1")
			for b.Loop() {
				idle(b, gap)
				run(s, "value 1")
			}
		})
	}
}

// BenchmarkPipeRoundTrip is the floor under BenchmarkRoundTrip: one byte
// to a child process and back over two pipes, in the same blocking mode.
func BenchmarkPipeRoundTrip(b *testing.B) {
	self, err := os.Executable()
	if err != nil {
		b.Fatal(err)
	}
	reqR, reqW, _ := os.Pipe()
	echoR, echoW, _ := os.Pipe()
	cmd := exec.Command(self)
	cmd.Env = append(os.Environ(), echoEnv+"=1")
	cmd.ExtraFiles = []*os.File{reqR, echoW}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	reqR.Close()
	echoW.Close()
	reqW.Fd() // blocking mode, as the supervisor's pipes
	echoR.Fd()
	defer func() { reqW.Close(); cmd.Wait() }()
	buf := []byte{0}
	for _, gap := range []time.Duration{0, time.Millisecond} {
		b.Run("gap="+gap.String(), func(b *testing.B) {
			for b.Loop() {
				idle(b, gap)
				reqW.Write(buf)
				echoR.Read(buf)
			}
		})
	}
}

// idle waits d with the benchmark's timer stopped.
func idle(b *testing.B, d time.Duration) {
	if d == 0 {
		return
	}
	b.StopTimer()
	time.Sleep(d)
	b.StartTimer()
}

// A worker that cannot start gives every cell an error with a traceback,
// as the evaluator interface promises (never nil), that says why.
func TestWorkerThatCannotStart(t *testing.T) {
	s := New(func() *exec.Cmd { return exec.Command("/nonexistent/gothreads-worker") }, io.Discard)
	defer s.Shutdown(false)
	res := s.Execute(context.Background(), evaluator.ExecuteRequest{Code: "1", Count: 1}, &recorder{})
	if res.Err == nil || res.Err.Name != "SessionError" || len(res.Err.Traceback) == 0 ||
		!strings.Contains(strings.Join(res.Err.Traceback, "\n"), "could not start") {
		t.Fatalf("result %+v; want a SessionError with a traceback that says the worker could not start", res.Err)
	}
}
