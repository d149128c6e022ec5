package kernel_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gothreads/gothreads/evaluator"
	"github.com/gothreads/gothreads/kernel"
	"github.com/gothreads/gothreads/kernel/kerneltest"
)

// echo is an evaluator for the protocol's tests: a cell "print X" writes X
// to stdout, "fail X" fails with X, "wait" runs until interrupted, and any
// other cell shows its code upper-cased as its value.
type echo struct {
	mu          sync.Mutex
	interrupted chan struct{}
}

func (e *echo) Execute(ctx context.Context, req evaluator.ExecuteRequest, pub evaluator.Publisher) evaluator.Result {
	switch {
	case strings.HasPrefix(req.Code, "print "):
		pub.Stream("stdout", strings.TrimPrefix(req.Code, "print ")+"\n")
		return evaluator.Result{}
	case strings.HasPrefix(req.Code, "fail "):
		msg := strings.TrimPrefix(req.Code, "fail ")
		return evaluator.Result{Err: &evaluator.Error{Name: "panic", Value: msg, Traceback: []string{"panic: " + msg}}}
	case req.Code == "wait":
		e.mu.Lock()
		ch := e.interrupted
		e.mu.Unlock()
		select {
		case <-ch:
			return evaluator.Result{Err: &evaluator.Error{Name: "Interrupted", Value: "stopped", Traceback: []string{"stopped"}}}
		case <-time.After(20 * time.Second):
			return evaluator.Result{}
		}
	}
	return evaluator.Result{Value: evaluator.Text(strings.ToUpper(req.Code))}
}

func (e *echo) Complete(code string, cursor int) evaluator.Completion { return evaluator.Completion{} }
func (e *echo) Inspect(code string, cursor, detail int) evaluator.Inspection {
	return evaluator.Inspection{}
}
func (e *echo) IsComplete(code string) evaluator.Completeness {
	return evaluator.Completeness{Status: "complete"}
}
func (e *echo) Interrupt() {
	e.mu.Lock()
	defer e.mu.Unlock()
	select {
	case <-e.interrupted:
	default:
		close(e.interrupted)
	}
}
func (e *echo) Shutdown(restart bool) error { return nil }

// serve runs a kernel in the test's process with an echo evaluator behind
// it, and connects a client to it.
func serve(t *testing.T) *kerneltest.Client {
	t.Helper()
	conn := kerneltest.NewConnection(t)
	info, err := kernel.ReadConnectionFile(conn.WriteFile(t))
	if err != nil {
		t.Fatal(err)
	}
	var log strings.Builder
	var logMu sync.Mutex
	k := kernel.New(info, &echo{interrupted: make(chan struct{})}, writerFunc(func(p []byte) (int, error) {
		logMu.Lock()
		defer logMu.Unlock()
		return log.Write(p)
	}))
	ctx, cancel := context.WithCancel(context.Background())
	ended := make(chan struct{})
	go func() {
		defer close(ended)
		// A kernel that fails to start fails the test at once; one ended
		// by the test's end has nothing to say.
		if err := k.Run(ctx); err != nil && ctx.Err() == nil {
			t.Errorf("kernel: %v", err)
		}
	}()
	stop := func() {
		cancel()
		<-ended
	}
	t.Cleanup(stop)
	c := kerneltest.Connect(t, conn, func() string {
		logMu.Lock()
		defer logMu.Unlock()
		return "kernel log:\n" + log.String()
	})
	t.Cleanup(stop) // before the client's sockets close
	return c
}

type writerFunc func([]byte) (int, error)

func (w writerFunc) Write(p []byte) (int, error) { return w(p) }

// An execute request's messages, in the order Jupyter front ends expect,
// with the execution count going up by one a cell.
func TestExecuteMessages(t *testing.T) {
	c := serve(t)
	e := c.Execute("print hello")
	var types []string
	for _, m := range e.Outputs {
		types = append(types, m.Type())
	}
	if got := strings.Join(types, " "); got != "status execute_input stream status" {
		t.Errorf("iopub messages: %s", got)
	}
	if e.Reply.Content["status"] != "ok" || e.Reply.Content["execution_count"] != 1.0 {
		t.Errorf("reply: %v", e.Reply.Content)
	}
	if got := e.Stream("stdout"); got != "hello\n" {
		t.Errorf("stdout %q", got)
	}
	e = c.Execute("gopher")
	if got := e.Result(); got != "GOPHER" {
		t.Errorf("result %q", got)
	}
	if r := e.First("execute_result"); r["execution_count"] != 2.0 {
		t.Errorf("execute_result: %v", r)
	}
	if in := e.First("execute_input"); in["code"] != "gopher" || in["execution_count"] != 2.0 {
		t.Errorf("execute_input: %v", in)
	}
}

// A failed cell: an error reply and an error message with the evaluator's
// name, value and traceback.
func TestErrorReply(t *testing.T) {
	c := serve(t)
	e := c.Execute("fail bad 1")
	if e.Reply.Content["status"] != "error" || e.Reply.Content["ename"] != "panic" || e.Reply.Content["evalue"] != "bad 1" {
		t.Errorf("reply: %v", e.Reply.Content)
	}
	out := e.First("error")
	if out == nil || out["traceback"].([]any)[0] != "panic: bad 1" {
		t.Errorf("error output: %v", out)
	}
	c.Alive()
}

// A wrongly signed request is dropped, unanswered and unrun; the kernel
// carries on.
func TestBadSignatureIsDropped(t *testing.T) {
	c := serve(t)
	frames, _ := c.Message("execute_request", map[string]any{"code": "print never", "silent": false})
	frames[1] = []byte(strings.Repeat("0", 64))
	c.SendFrames(c.Shell, frames)
	e := c.Execute("print after")
	if e.Reply.Content["execution_count"] != 1.0 || e.Stream("stdout") != "after\n" {
		t.Errorf("the next cell: %v, stdout %q", e.Reply.Content, e.Stream("stdout"))
	}
	for _, m := range c.Received() {
		if m.Type() == "stream" && strings.Contains(m.Content["text"].(string), "never") {
			t.Errorf("the wrongly signed cell ran")
		}
	}
}

// interrupt_request on the control channel reaches the evaluator while a
// cell runs on shell.
func TestInterruptOnControl(t *testing.T) {
	c := serve(t)
	id := c.Send(c.Shell, "execute_request", map[string]any{"code": "wait", "silent": false, "store_history": true,
		"user_expressions": map[string]any{}, "allow_stdin": false, "stop_on_error": true})
	if !c.WaitIOPub(id, "execute_input", 10*time.Second) {
		t.Fatal("the cell did not start")
	}
	ir := c.Send(c.Control, "interrupt_request", map[string]any{})
	if r := c.Reply(c.Control, ir); r.Content["status"] != "ok" {
		t.Errorf("interrupt_reply: %v", r.Content)
	}
	if r := c.Reply(c.Shell, id); r.Content["ename"] != "Interrupted" {
		t.Errorf("the interrupted cell's reply: %v", r.Content)
	}
}
