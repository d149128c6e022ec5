package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// These tests start the built gothreads binary and talk to it over ZeroMQ,
// as Jupyter does (see frontend_test.go).

func TestExecuteKeepsState(t *testing.T) {
	t.Parallel()
	f := startKernel(t)
	e := f.Execute("x := 21")
	if e.Reply.Content["status"] != "ok" || e.Reply.Content["execution_count"] != 1.0 {
		t.Fatalf("reply: %v", e.Reply.Content)
	}
	if e.First("execute_result") != nil {
		t.Errorf("an assignment showed a result: %v", e.First("execute_result"))
	}
	e = f.Execute("x * 2")
	res := e.First("execute_result")
	if res == nil || res["data"].(map[string]any)["text/plain"] != "42" || res["execution_count"] != 2.0 {
		t.Fatalf("execute_result = %v", res)
	}
	in := e.First("execute_input")
	if in == nil || in["code"] != "x * 2" || in["execution_count"] != 2.0 {
		t.Errorf("execute_input = %v", in)
	}
	// Busy comes first, idle last, both with the request as parent.
	first, last := e.Outputs[0], e.Outputs[len(e.Outputs)-1]
	if first.Type() != "status" || first.Content["execution_state"] != "busy" ||
		last.Type() != "status" || last.Content["execution_state"] != "idle" {
		t.Errorf("outputs not wrapped in busy/idle: %v ... %v", first, last)
	}
}

func TestStreamsAndErrors(t *testing.T) {
	t.Parallel()
	f := startKernel(t)
	e := f.Execute(`fmt.Println("to stdout"); fmt.Fprintln(os.Stderr, "to stderr")`)
	if got := e.Stream("stdout"); got != "to stdout\n" {
		t.Errorf("stdout %q", got)
	}
	if got := e.Stream("stderr"); got != "to stderr\n" {
		t.Errorf("stderr %q", got)
	}

	e = f.Execute("v := 1\npanic(fmt.Sprint(\"bad \", v))")
	if e.Reply.Content["status"] != "error" || e.Reply.Content["ename"] != "panic" || e.Reply.Content["evalue"] != "bad 1" {
		t.Fatalf("reply %v; want a panic error", e.Reply.Content)
	}
	errMsg := e.First("error")
	if errMsg == nil {
		t.Fatal("no error message on iopub")
	}
	tb := errMsg["traceback"].([]any)
	joined := ""
	for _, l := range tb {
		joined += l.(string) + "\n"
	}
	if !strings.Contains(joined, "at cell[2]:2:") {
		t.Errorf("traceback does not point at the cell line:\n%s", joined)
	}

	// Each frame names the line that was running in its function.
	e = f.Execute("type acct struct{ m map[string]int }\nfunc (a *acct) add(k string) {\n\tn := len(k)\n\ta.m[k] = n\n}\nfunc fill(a *acct) {\n\tfor _, k := range []string{\"x\"} {\n\t\ta.add(k)\n\t}\n}\nfill(&acct{})")
	joined = ""
	for _, l := range e.First("error")["traceback"].([]any) {
		joined += l.(string) + "\n"
	}
	for _, want := range []string{"at cell[3]:4:2 in add", "a.m[k] = n", "at cell[3]:8:3 in fill", "at cell[3]:11:1 in the cell"} {
		if !strings.Contains(joined, want) {
			t.Errorf("traceback lacks %q:\n%s", want, joined)
		}
	}

	e = f.Execute("y := nope + 1")
	if e.Reply.Content["ename"] != "CompileError" || e.Reply.Content["evalue"] != "cell[4]:1:6: undefined: nope" {
		t.Errorf("compile error reply %v", e.Reply.Content)
	}
	if e := f.Execute("v"); e.First("execute_result")["data"].(map[string]any)["text/plain"] != "1" {
		t.Errorf("state lost after errors: %v", e.Outputs)
	}
}

func TestWronglySignedRequestIsDropped(t *testing.T) {
	t.Parallel()
	f := startKernel(t)
	frames, id := f.Message("execute_request", map[string]any{"code": `fmt.Println("should not run")`, "silent": false})
	frames[1] = []byte(strings.Repeat("ab", 32))
	f.SendFrames(f.Shell, frames)

	// Garbage of other kinds: no delimiter, too few frames, bad JSON.
	f.SendFrames(f.Shell, [][]byte{[]byte("just one frame")})
	f.SendFrames(f.Shell, [][]byte{[]byte("<IDS|MSG>"), []byte("sig")})
	bad, _ := f.Message("execute_request", map[string]any{})
	bad[5] = []byte("{not json")
	bad[1] = f.Sign(bad[2:6])
	f.SendFrames(f.Control, bad)

	f.Alive()
	e := f.Execute("1 + 1")
	if e.Reply.Content["execution_count"] != 1.0 {
		t.Errorf("execution_count %v; the wrongly signed cell must not have run", e.Reply.Content["execution_count"])
	}
	if len(f.Outputs(id)) != 0 {
		t.Errorf("the wrongly signed request produced output: %v", f.Outputs(id))
	}
	if log := f.stderr.String(); !strings.Contains(log, "invalid signature") {
		t.Errorf("kernel stderr does not mention the dropped message:\n%s", log)
	}
}

func TestStopOnErrorAbortsQueuedCells(t *testing.T) {
	t.Parallel()
	f := startKernel(t)
	failing := f.Send(f.Shell, "execute_request", map[string]any{"code": "time.Sleep(200 * time.Millisecond)\npanic(\"first\")", "stop_on_error": true})
	queued := f.Send(f.Shell, "execute_request", map[string]any{"code": `fmt.Println("queued")`, "stop_on_error": true})
	if r := f.Reply(f.Shell, failing); r.Content["status"] != "error" {
		t.Fatalf("first cell: %v", r.Content)
	}
	if r := f.Reply(f.Shell, queued); r.Content["status"] != "aborted" {
		t.Errorf("queued cell: %v; want aborted", r.Content)
	}
	if e := f.Execute("2"); e.Reply.Content["status"] != "ok" {
		t.Errorf("a cell after the abort: %v", e.Reply.Content)
	}
}

// Run all: cells sent back to back behind one that fails at once are all
// aborted, each after the failed cell's idle; a cell sent once the client
// has the error's reply runs, however soon.
func TestRunAllStopsAtAnError(t *testing.T) {
	t.Parallel()
	f := startKernel(t)
	for round := range 10 {
		// Signed before any is sent, so that they leave back to back as a
		// front end's run all sends them: a test process slowed by the
		// machine's other tests between two sends is not a front end.
		var frames [][][]byte
		var ids []string
		for _, code := range []string{`panic("stop here")`, `fmt.Println("must not run")`, `1 + 1`} {
			fr, id := f.Message("execute_request", map[string]any{"code": code, "stop_on_error": true})
			frames, ids = append(frames, fr), append(ids, id)
		}
		for _, fr := range frames {
			f.SendFrames(f.Shell, fr)
		}
		failing, behind := ids[0], ids[1:]
		if r := f.Reply(f.Shell, failing); r.Content["status"] != "error" {
			t.Fatalf("round %d: failing cell: %v", round, r.Content)
		}
		for i, id := range behind {
			if r := f.Reply(f.Shell, id); r.Content["status"] != "aborted" {
				t.Errorf("round %d: cell %d behind the error: %v; want aborted", round, i+2, r.Content)
			}
			if !f.WaitIOPub(id, "status", 10*time.Second) {
				t.Fatalf("round %d: no idle for cell %d", round, i+2)
			}
		}
		// The failed cell's idle comes before the aborted cells' busy.
		var order []string
		for _, m := range f.Received() {
			if m.Type() == "status" && (m.Parent() == failing || m.Parent() == behind[0]) {
				who := "failed"
				if m.Parent() == behind[0] {
					who = "aborted"
				}
				order = append(order, who+" "+m.Content["execution_state"].(string))
			}
		}
		if got := strings.Join(order, ", "); got != "failed busy, failed idle, aborted busy, aborted idle" {
			t.Errorf("round %d: status order %s", round, got)
		}
		// Sent straight after the reply: it runs.
		next := f.Send(f.Shell, "execute_request", map[string]any{"code": fmt.Sprint(round), "stop_on_error": true})
		if r := f.Reply(f.Shell, next); r.Content["status"] != "ok" {
			t.Fatalf("round %d: a cell sent after the error's reply: %v", round, r.Content)
		}
		f.WaitIOPub(next, "status", 10*time.Second)
	}
}

// A silent request that fails (a front end's probe) aborts no cell.
func TestSilentErrorAbortsNothing(t *testing.T) {
	t.Parallel()
	f := startKernel(t)
	probe := f.Send(f.Shell, "execute_request", map[string]any{"code": `panic("probe")`, "silent": true, "stop_on_error": true})
	next := f.Send(f.Shell, "execute_request", map[string]any{"code": "1 + 1", "stop_on_error": true})
	if r := f.Reply(f.Shell, probe); r.Content["status"] != "error" {
		t.Fatalf("the probe: %v", r.Content)
	}
	if r := f.Reply(f.Shell, next); r.Content["status"] != "ok" {
		t.Errorf("the cell behind a failed silent request: %v; want ok", r.Content)
	}
}

func TestControlAnswersWhileCellRuns(t *testing.T) {
	t.Parallel()
	f := startKernel(t)
	f.Execute("n := 0")
	id := f.Send(f.Shell, "execute_request", map[string]any{"code": "for { n++ }"})
	time.Sleep(200 * time.Millisecond)
	f.Alive() // kernel_info on control while the loop spins

	ir := f.Send(f.Control, "interrupt_request", map[string]any{})
	if r := f.Reply(f.Control, ir); r.Content["status"] != "ok" {
		t.Errorf("interrupt_reply %v", r.Content)
	}
	r := f.Reply(f.Shell, id)
	if r.Content["status"] != "error" || r.Content["ename"] != "Interrupted" {
		t.Fatalf("interrupted cell reply %v", r.Content)
	}
	if e := f.Execute("n > 0"); e.First("execute_result")["data"].(map[string]any)["text/plain"] != "true" {
		t.Errorf("state after interrupt: %v", e.Outputs)
	}
}

func TestCompleteInspectHistory(t *testing.T) {
	t.Parallel()
	f := startKernel(t)
	f.Execute("wörld := 1")
	// cursor_pos counts code points: "wörld" is 5 of them and 6 bytes.
	id := f.Send(f.Shell, "complete_request", map[string]any{"code": "x := wör", "cursor_pos": 8})
	r := f.Reply(f.Shell, id)
	if m := r.Content["matches"].([]any); len(m) != 1 || m[0] != "wörld" ||
		r.Content["cursor_start"] != 5.0 || r.Content["cursor_end"] != 8.0 {
		t.Errorf("complete_reply %v", r.Content)
	}
	id = f.Send(f.Shell, "complete_request", map[string]any{"code": "zzzz", "cursor_pos": 4})
	if m, ok := f.Reply(f.Shell, id).Content["matches"].([]any); !ok || len(m) != 0 {
		t.Errorf("matches for nothing: %v; want an empty list", m)
	}
	id = f.Send(f.Shell, "inspect_request", map[string]any{"code": "strings.Fields", "cursor_pos": 10, "detail_level": 0})
	r = f.Reply(f.Shell, id)
	if r.Content["found"] != true || !strings.Contains(r.Content["data"].(map[string]any)["text/plain"].(string), "Fields(string) []string") {
		t.Errorf("inspect_reply %v", r.Content)
	}
	id = f.Send(f.Shell, "history_request", map[string]any{"hist_access_type": "tail", "n": 10, "output": false, "raw": true})
	h := f.Reply(f.Shell, id).Content["history"].([]any)
	if len(h) != 1 || h[0].([]any)[2] != "wörld := 1" {
		t.Errorf("history %v", h)
	}
}

func TestShutdown(t *testing.T) {
	t.Parallel()
	f := startKernel(t)
	id := f.Send(f.Control, "shutdown_request", map[string]any{"restart": true})
	if r := f.Reply(f.Control, id); r.Content["restart"] != true || r.Content["status"] != "ok" {
		t.Errorf("shutdown_reply %v", r.Content)
	}
	done := make(chan error, 1)
	go func() { done <- f.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("kernel exited with %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Error("kernel still running 5s after shutdown_reply")
	}
}

// BenchmarkTrivialCell is one execute_request to idle over ZeroMQ for a
// one-line cell, the round trip tests/bench_kernel.py measures from Python.
func BenchmarkTrivialCell(b *testing.B) {
	f := startKernel(b)
	f.Execute("1 + 1")
	for b.Loop() {
		f.Execute("1 + 1")
	}
}

// Cells run in a worker process, except with --in-process, which serves
// them from the kernel's own (for measuring what the worker costs).
func TestWorkerProcess(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		flags    []string
		inKernel bool
	}{{nil, false}, {[]string{"--in-process"}, true}} {
		f := startKernel(t, tc.flags...)
		f.Execute("n := 2")
		e := f.Execute("fmt.Println(os.Getpid(), n*21)")
		want := fmt.Sprintf("%d 42\n", f.cmd.Process.Pid)
		if got := e.Stream("stdout"); (got == want) != tc.inKernel || !strings.HasSuffix(got, " 42\n") {
			t.Errorf("kernel %v (pid %d): the cell printed %q", tc.flags, f.cmd.Process.Pid, got)
		}
		f.Alive()
	}
}

// This session's additions reach the frontend through the worker: the
// vet-like warnings on stderr, the magics' listings, top-level defer.
func TestCellToolsThroughTheKernel(t *testing.T) {
	t.Parallel()
	f := startKernel(t)
	e := f.Execute("func countsTheCopy(wg sync.WaitGroup) { wg.Done() }")
	if got := e.Stream("stderr"); !strings.HasPrefix(got, "⚠ cell[1]:1: countsTheCopy takes the sync.WaitGroup wg by value") {
		t.Errorf("warning: %q", got)
	}
	e = f.Execute("x := 3\ndefer fmt.Println(\"deferred\")\nfmt.Println(\"body\")")
	if got := e.Stream("stdout"); got != "body\ndeferred\n" {
		t.Errorf("top-level defer: %q", got)
	}
	e = f.Execute("%who")
	if got := e.Stream("stdout"); !strings.Contains(got, "Variable  Type  Value\nx         int   3\n") {
		t.Errorf("%%who: %q", got)
	}
	f.Execute("stop := make(chan int)\ngo func() { <-stop }()\ntime.Sleep(50 * time.Millisecond)")
	e = f.Execute("%goroutines")
	if got := e.Stream("stdout"); !strings.Contains(got, ", started at cell[4]:2 (go func() { <-stop }()): waiting on a channel") {
		t.Errorf("%%goroutines: %q", got)
	}
	f.Alive()
}

// The kernel ends when the front end that started it dies without a word
// (kill -9 of jupyter console), and takes its workers with it, even while
// a cell spins. The stand-in front end is a shell that starts the kernel
// and waits, as jupyter_client is the kernel's parent.
func TestKernelEndsWithItsFrontEnd(t *testing.T) {
	t.Setenv("JPY_PARENT_PID", strconv.Itoa(os.Getpid())) // what jupyter_client sets; any number will do
	f := startKernelUnder(t, []string{"sh", "-c", `"$@" & wait`, "sh"})
	frontEnd := f.cmd.Process
	f.Execute("n := 0")
	f.Send(f.Shell, "execute_request", map[string]any{"code": "for { n++ }"})
	kernels := childProcesses(frontEnd.Pid)
	if len(kernels) != 1 {
		t.Fatalf("the front end has %d children", len(kernels))
	}
	workers := childProcesses(kernels[0])
	if len(workers) == 0 {
		t.Fatal("the kernel has no worker processes")
	}
	t.Cleanup(func() { // whatever the outcome, none of them outlives the test
		for _, pid := range append(kernels, workers...) {
			if p, err := os.FindProcess(pid); err == nil && processRuns(pid) {
				p.Kill()
			}
		}
	})

	frontEnd.Kill()
	f.cmd.Wait()
	deadline := time.Now().Add(30 * time.Second)
	for _, pid := range append(kernels, workers...) {
		for processRuns(pid) {
			if time.Now().After(deadline) {
				t.Fatalf("process %d (the kernel %d or a worker of it) still runs 30 s after the front end died", pid, kernels[0])
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	if want := fmt.Sprintf("its front end (process %d) is gone; shutting down", frontEnd.Pid); !strings.Contains(f.stderr.String(), want) {
		t.Errorf("kernel stderr does not say %q:\n%s", want, f.stderr)
	}
}

// Started by hand with a JPY_PARENT_PID that names no process (another
// namespace's, say), the kernel keeps running while its parent lives.
func TestKernelKeepsRunningWithItsParent(t *testing.T) {
	t.Setenv("JPY_PARENT_PID", "999999999")
	f := startKernel(t)
	time.Sleep(2500 * time.Millisecond) // the watch looks once a second
	if v := f.Execute("40 + 2").Result(); v != "42" {
		t.Errorf("the kernel stopped answering: %q\n%s", v, f.stderr)
	}
}

// childProcesses lists the processes whose parent is pid (Linux /proc).
func childProcesses(pid int) []int {
	var kids []int
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	for _, p := range stats {
		b, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...; comm may hold spaces, so read after ')'.
		fields := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:]))
		if len(fields) > 1 && fields[1] == strconv.Itoa(pid) {
			child, _ := strconv.Atoi(strings.Fields(string(b))[0])
			kids = append(kids, child)
		}
	}
	return kids
}

// processRuns tells whether pid is a live process (not gone, not a zombie).
func processRuns(pid int) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	fields := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:]))
	return len(fields) > 0 && fields[0] != "Z" && fields[0] != "X"
}

// A request whose content has the wrong types gets an error reply that
// says what was wrong (the client would otherwise wait for ever), and the
// kernel goes on.
func TestMalformedRequestsAreAnswered(t *testing.T) {
	t.Parallel()
	f := startKernel(t)
	for _, c := range []struct {
		msgType string
		content map[string]any
		reply   string
		field   string
	}{
		{"execute_request", map[string]any{"code": 5}, "execute_reply", `"code" is a JSON number, where the messaging spec wants a string`},
		{"complete_request", map[string]any{"code": "fmt.", "cursor_pos": "4"}, "complete_reply", `"cursor_pos" is a JSON string, where the messaging spec wants an integer`},
		{"history_request", map[string]any{"hist_access_type": "tail", "n": 2.5}, "history_reply", `"n" is a JSON number 2.5, where the messaging spec wants an integer`},
		{"inspect_request", map[string]any{"code": []int{1}, "cursor_pos": 0}, "inspect_reply", `"code" is a JSON array, where the messaging spec wants a string`},
	} {
		id := f.Send(f.Shell, c.msgType, c.content)
		r := f.Reply(f.Shell, id)
		if r.Type() != c.reply || r.Content["status"] != "error" || r.Content["ename"] != "BadRequest" {
			t.Errorf("%s: reply %s %v", c.msgType, r.Type(), r.Content)
			continue
		}
		if v, _ := r.Content["evalue"].(string); !strings.Contains(v, "malformed "+c.msgType+": "+c.field) {
			t.Errorf("%s: evalue %q; want it to say %q", c.msgType, v, c.field)
		}
		if !f.WaitIOPub(id, "status", 10*time.Second) {
			t.Errorf("%s: no idle", c.msgType)
		}
		if c.msgType == "execute_request" {
			var shown bool
			for _, m := range f.Outputs(id) {
				shown = shown || m.Type() == "error" && m.Content["ename"] == "BadRequest"
			}
			if !shown {
				t.Errorf("the malformed cell shows no error: %v", f.Outputs(id))
			}
		}
	}
	// is_complete's status is never "error"; a silent request shows nothing.
	id := f.Send(f.Shell, "is_complete_request", map[string]any{"code": 7})
	if r := f.Reply(f.Shell, id); r.Type() != "is_complete_reply" || r.Content["status"] != "unknown" {
		t.Errorf("a malformed is_complete_request: %s %v", r.Type(), r.Content)
	}
	id = f.Send(f.Shell, "execute_request", map[string]any{"code": 5, "silent": true})
	if r := f.Reply(f.Shell, id); r.Content["ename"] != "BadRequest" {
		t.Errorf("a malformed silent execute_request: %v", r.Content)
	}
	f.WaitIOPub(id, "status", 10*time.Second)
	for _, m := range f.Outputs(id) {
		if m.Type() == "error" {
			t.Errorf("a silent request published an error: %v", m.Content)
		}
	}
	if v := f.Execute("1 + 1").Result(); v != "2" {
		t.Errorf("the kernel after malformed requests: %q", v)
	}
}

// Memory a cell built and dropped is given back to the system: the
// worker's resident size falls back after a function built a 300 MiB
// string. (A value the cell's own top level made stays in the
// interpreter's global frame, as its temporary, and is not garbage.)
func TestMemoryGivenBackAfterABigCell(t *testing.T) {
	f := startKernel(t)
	f.Execute("1")
	workers := childProcesses(f.cmd.Process.Pid)
	if len(workers) == 0 {
		t.Fatal("no worker")
	}
	if v := f.Execute(`func build() int { s := strings.Repeat("x", 300<<20); return len(s) }
build()`).Result(); v != "314572800" {
		t.Fatalf("the big cell: %q", v)
	}
	peak := maxRSS(workers, "VmHWM:") // a return may already have run
	// A return that ran while build held the string freed little and made
	// the next wait for twice returnEvery (supervisor/memory.go).
	deadline := time.Now().Add(60 * time.Second)
	for maxRSS(workers, "VmRSS:") > peak-200<<20 {
		if time.Now().After(deadline) {
			t.Fatalf("the worker still holds %d MiB, %d MiB at its peak", maxRSS(workers, "VmRSS:")>>20, peak>>20)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// maxRSS is the largest of pids' field of /proc/PID/status (VmRSS:, the
// resident size, or VmHWM:, its peak), in bytes.
func maxRSS(pids []int, field string) int {
	most := 0
	for _, pid := range pids {
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
		if err != nil {
			continue
		}
		for _, line := range strings.Split(string(b), "\n") {
			if rest, ok := strings.CutPrefix(line, field); ok {
				kb, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
				most = max(most, kb<<10)
			}
		}
	}
	return most
}
