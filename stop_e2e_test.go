package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/gothreads/gothreads/kernel/kerneltest"
)

// What a stop does, through the kernel, as a learner sees it in the next
// cells. Each test was run 20 times in a row (go test -count=20 -run
// 'Stop|Idle|OnlyForTheRunning|Thousands|Unstoppable|Pool|StopGrace' .) when written, without a
// failure; none depends on timing beyond "within a few seconds".

// stopped runs code, interrupts it after d, and returns the request's id
// once its reply and idle status have come.
func (f *frontend) stopped(code string, d time.Duration) string {
	f.T.Helper()
	return f.stoppedAfter(code, "", d)
}

// stoppedAfter is stopped, where the interrupt comes d after the cell
// printed ready (within 30 s), so that a slow machine does not stop it
// before it has done what the test is about.
func (f *frontend) stoppedAfter(code, ready string, d time.Duration) string {
	f.T.Helper()
	id := f.Send(f.Shell, "execute_request", map[string]any{"code": code, "silent": false, "store_history": true,
		"user_expressions": map[string]any{}, "allow_stdin": false, "stop_on_error": true})
	for deadline := time.Now().Add(30 * time.Second); ready != "" && time.Now().Before(deadline) &&
		!strings.Contains(f.printedUnder(id), ready); {
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(d)
	f.interrupt()
	if r := f.Reply(f.Shell, id); r.Content["status"] != "error" || r.Content["ename"] != "Interrupted" {
		f.T.Fatalf("the stopped cell's reply %v; want Interrupted", r.Content)
	}
	if !f.WaitIOPub(id, "status", 30*time.Second) {
		f.T.Fatalf("no idle status after the stopped cell")
	}
	return id
}

// interrupt sends an interrupt_request and waits for its reply.
func (f *frontend) interrupt() {
	f.T.Helper()
	ir := f.Send(f.Control, "interrupt_request", map[string]any{})
	if r := f.Reply(f.Control, ir); r.Content["status"] != "ok" {
		f.T.Fatalf("interrupt_reply %v", r.Content)
	}
}

// value runs code and returns the text of its result, failing on an error.
func (f *frontend) value(code string) string {
	f.T.Helper()
	e := f.Execute(code)
	if e.Reply.Content["status"] != "ok" {
		f.T.Fatalf("cell %q: %v", code, e.Reply.Content)
	}
	r := e.First("execute_result")
	if r == nil {
		f.T.Fatalf("cell %q showed no value; outputs %v", code, e.Outputs)
	}
	return r["data"].(map[string]any)["text/plain"].(string)
}

// printedUnder returns everything written to stdout and stderr under the
// request id so far.
func (f *frontend) printedUnder(id string) string {
	var b strings.Builder
	for _, m := range f.Outputs(id) {
		if m.Type() == "stream" {
			b.WriteString(m.Content["text"].(string))
		}
	}
	return b.String()
}

// After a stop, no goroutine of the stopped cell runs another statement,
// whatever it was waiting in, and they are all gone within a second or
// two: the goroutine count is back to what it was before the cell. Locks
// released later are not taken by the goroutines that waited for them.
func TestStopEndsTheStoppedCellsGoroutines(t *testing.T) {
	t.Parallel()
	f := startKernel(t)
	f.Execute("import \"runtime\"\n" +
		"ch, ch2, out := make(chan int), make(chan int), make(chan int)\n" +
		"var mu, cmu sync.Mutex\nvar rw sync.RWMutex\nvar wg sync.WaitGroup\ncond := sync.NewCond(&cmu)\n" +
		"mu.Lock()\nrw.Lock()\nwg.Add(1)\n" +
		"base := runtime.NumGoroutine()")
	id := f.stoppedAfter(`for i := 0; i < 200; i++ {
	go func() { time.Sleep(time.Hour); fmt.Println("slept") }()
	go func() { mu.Lock(); fmt.Println("locked") }()
	go func() { rw.RLock(); fmt.Println("read-locked") }()
	go func() { wg.Wait(); fmt.Println("waited") }()
	go func() { cmu.Lock(); cond.Wait(); fmt.Println("signalled"); cmu.Unlock() }()
	go func() { <-ch; fmt.Println("received") }()
	go func() { out <- i; fmt.Println("sent") }()
	go func() {
		select {
		case <-ch:
		case <-time.After(time.Hour):
		}
		fmt.Println("selected")
	}()
}
go func() {
	for v := range ch2 {
		fmt.Println("ranged", v)
	}
}()
time.Sleep(200 * time.Millisecond)
fmt.Println("all started")
mu.Lock()
fmt.Println("the top level went on")`, "all started", 300*time.Millisecond)
	if got := f.printedUnder(id); got != "all started\n" {
		t.Errorf("the stopped cell printed %q; want only %q", got, "all started\n")
	}
	// Fewer than at the start is none left: the session's own background
	// work (the type checker reading the standard library's source) may
	// have been running when base was counted.
	if got := f.value("for i := 0; i < 500 && runtime.NumGoroutine() > base; i++ {\n\ttime.Sleep(10 * time.Millisecond)\n}\nmax(0, runtime.NumGoroutine() - base)"); got != "0" {
		t.Errorf("goroutines left of the stopped cell, 5 s after the stop: %s", got)
	}
	if e := f.Execute("%goroutines"); !strings.Contains(e.Stream("stdout"), "No goroutine that a cell started is running.") {
		t.Errorf("%%goroutines after the stop: %q", e.Stream("stdout"))
	}
	// Release everything the goroutines waited for: none of them is there
	// to take it.
	late := f.Execute("mu.Unlock()\nrw.Unlock()\nwg.Done()\ncmu.Lock()\ncond.Broadcast()\ncmu.Unlock()\ngo func() { ch2 <- 7 }()\nclose(ch)\ntime.Sleep(300 * time.Millisecond)")
	if got := late.Stream("stdout"); got != "" {
		t.Errorf("releasing the locks printed %q", got)
	}
	if got := f.value("mu.TryLock() && rw.TryLock()"); got != "true" {
		t.Errorf("the locks after their release: TryLock gives %s; a goroutine of the stopped cell took one", got)
	}
	if got := f.value("<-ch2"); got != "7" {
		t.Errorf("a value sent after the stop was taken by the stopped cell's range loop; the next cell got %s", got)
	}
	if got := f.printedUnder(id); got != "all started\n" {
		t.Errorf("the stopped cell printed %q by the end; want only %q", got, "all started\n")
	}
	// The waits the stop ended are not errors: the cell shows one, that it
	// was interrupted.
	var errs []string
	for _, m := range f.Outputs(id) {
		if m.Type() == "error" {
			errs = append(errs, m.Content["ename"].(string)+": "+m.Content["evalue"].(string))
		}
	}
	if len(errs) != 1 || errs[0] != "Interrupted: the cell was interrupted" {
		t.Errorf("the stopped cell's errors: %d, %.5q", len(errs), errs)
	}
}

// An interrupted assignment leaves the variable as it was: its value and
// its type.
func TestStoppedAssignmentKeepsTheOldValue(t *testing.T) {
	t.Parallel()
	f := startKernel(t)
	f.Execute("ch := make(chan int)\nv := 5\ns := \"old\"\nb := true\ndone := make(chan bool)\nstr := make(chan string)")
	f.stopped("v = <-ch", 300*time.Millisecond)
	f.stopped("s = <-str", 300*time.Millisecond)
	f.stopped("b = <-done", 300*time.Millisecond)
	f.stopped("nv := <-ch\nfmt.Println(nv)", 300*time.Millisecond)
	for _, c := range []struct{ code, want string }{
		{"v + 1", "6"}, {`s + "!"`, `"old!"`}, {"!b", "false"}, {"v = 3\nv", "3"}, {"nv", "0"},
	} {
		if got := f.value(c.code); got != c.want {
			t.Errorf("%q after the stops: %s; want %s", c.code, got, c.want)
		}
	}
}

// An interrupt while no cell runs stops the goroutines that earlier cells
// left running.
func TestInterruptWhileIdleStopsLeftGoroutines(t *testing.T) {
	t.Parallel()
	f := startKernel(t)
	f.Execute("n := 0\ngo func() {\n\tfor {\n\t\ttime.Sleep(5 * time.Millisecond)\n\t\tn++\n\t}\n}()")
	if got := f.value("time.Sleep(100 * time.Millisecond)\nn > 0"); got != "true" {
		t.Fatalf("the goroutine did not run: n > 0 is %s", got)
	}
	f.interrupt()
	if got := f.value("a := n\ntime.Sleep(200 * time.Millisecond)\nn - a"); got != "0" {
		t.Errorf("the goroutine counted on after an interrupt while idle: %s more", got)
	}
	if got := f.value("m := 0\ngo func() { m++ }()\ntime.Sleep(50 * time.Millisecond)\nm"); got != "1" {
		t.Errorf("a goroutine started after the interrupt: m = %s; want 1", got)
	}
}

// A goroutine of an ended cell cannot ask for input: the prompt the front
// end gets is the running cell's, and the answer goes to it; the old
// goroutine's read fails with an error that says why, under its cell.
func TestInputOnlyForTheRunningCell(t *testing.T) {
	t.Parallel()
	f := startKernel(t)
	old := f.Send(f.Shell, "execute_request", map[string]any{"allow_stdin": true,
		"code": "go func() {\n\ttime.Sleep(200 * time.Millisecond)\n\tvar s string\n\t_, err := fmt.Scanln(&s)\n\tfmt.Println(\"late read:\", s, err)\n}()"})
	f.Reply(f.Shell, old)
	running := f.Send(f.Shell, "execute_request", map[string]any{"allow_stdin": true,
		"code": "time.Sleep(600 * time.Millisecond)\nvar word string\nfmt.Scanln(&word)\nword"})
	zm, err := f.Stdin.Recv()
	if err != nil {
		t.Fatal(err)
	}
	req, err := f.Decode(zm.Frames)
	if err != nil || req.Type() != "input_request" || req.Parent() != running {
		t.Fatalf("the first input_request: %v, parent %s (the running cell is %s, the ended one %s)", req.Type(), req.Parent(), running, old)
	}
	frames, _ := f.Message("input_reply", map[string]any{"value": "gopher"})
	parent, _ := json.Marshal(req.Header)
	frames[3] = parent
	frames[1] = f.Sign(frames[2:6])
	f.SendFrames(f.Stdin, frames)
	f.Reply(f.Shell, running)
	f.WaitIOPub(running, "status", 10*time.Second)
	if r := (kerneltest.Execution{Outputs: f.Outputs(running)}).First("execute_result"); r == nil || r["data"].(map[string]any)["text/plain"] != `"gopher"` {
		t.Errorf("the running cell's result: %v", r)
	}
	if got, want := f.printedUnder(old), "late read:  standard input: cell[1] has ended, and only the running cell can read input\n"; got != want {
		t.Errorf("the ended cell's goroutine printed %q; want %q", got, want)
	}
}

// The deadlock note comes with thousands of goroutines waiting (it gave up
// above 300), and lists those that do the same as one line.
func TestDeadlockNoteWithThousandsOfGoroutines(t *testing.T) {
	f := startKernel(t)
	id := f.Send(f.Shell, "execute_request", map[string]any{"code": "ch := make(chan int)\nfor i := 0; i < 2000; i++ {\n\tgo func() { ch <- i }()\n}\n<-make(chan int)"})
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) && !strings.Contains(f.printedUnder(id), "this is a deadlock") {
		time.Sleep(50 * time.Millisecond)
	}
	f.interrupt()
	f.Reply(f.Shell, id)
	note := f.printedUnder(id)
	if !strings.Contains(note, "this is a deadlock") || !strings.Contains(note, "\n  2000 goroutines (") ||
		!strings.Contains(note, "started at cell[1]:3 (go func() { ch <- i }()): waiting on a channel or in a select\n") {
		t.Errorf("the note: %.2000s", note)
	}
}

// What a stop leaves working: function values made before it (closures
// handed to compiled code among them), and later cells' goroutines. What
// it ends: every goroutine of earlier cells, also one blocked on a channel
// that a later cell did not start, and top-level code stopped inside a
// compiled call, which does not run on when the call returns.
func TestStopKeepsFunctionsAndEndsEveryEarlierGoroutine(t *testing.T) {
	t.Parallel()
	f := startKernel(t)
	f.Execute("import \"io\"\nupper := func(r rune) rune { return r - 32 }\nless := func(xs []int) func(i, j int) bool { return func(i, j int) bool { return xs[i] < xs[j] } }\n" +
		"ch := make(chan int)\ngo func() { v := <-ch; fmt.Println(\"the old goroutine got\", v) }()\nr, w, _ := os.Pipe()")
	f.Execute("x := 1")
	top := f.stopped("b := make([]byte, 1)\nio.ReadFull(r, b)\nfmt.Println(\"the top level ran on\")", 300*time.Millisecond)
	f.interrupt()
	for _, c := range []struct{ code, want string }{
		// First, so that the stopped read returns well before the kernel
		// would give up a session whose goroutine a stop cannot end.
		{"w.Write([]byte(\"x\"))\ntime.Sleep(300 * time.Millisecond)\n\"written\"", `"written"`},
		{"string(upper('a'))", `"A"`},
		{"strings.Map(upper, \"abc\")", `"ABC"`},
		{"xs := []int{3, 1, 2}\nsort.Slice(xs, less(xs))\nxs", "[1 2 3]"},
		{"var wg sync.WaitGroup\nn := 0\nwg.Go(func() { n = 7 })\nwg.Wait()\nn", "7"},
		{"res := \"\"\nselect {\ncase ch <- 5:\n\tres = \"taken\"\ncase <-time.After(500 * time.Millisecond):\n\tres = \"nobody took it\"\n}\nres", `"nobody took it"`},
	} {
		if got := f.value(c.code); got != c.want {
			t.Errorf("%q after the stops: %s; want %s", c.code, got, c.want)
		}
	}
	if got := f.printedUnder(top); strings.Contains(got, "ran on") {
		t.Errorf("the stopped top-level code ran on when its read returned: %q", got)
	}
}

// After a stop, the errors of a later cell's goroutines are shown: only the
// stopped cells' goroutines end in silence.
func TestStopQuietsOnlyTheStoppedCells(t *testing.T) {
	t.Parallel()
	f := startKernel(t)
	f.Execute("import \"github.com/gothreads/gothreads/runtime/hook\"\nvar cmu sync.Mutex\ncond := sync.NewCond(&cmu)")
	// A Cond waited on with the usual deferred Unlock: the stop ends it
	// without an error.
	quiet := f.stopped("go func() {\n\tcmu.Lock()\n\tdefer cmu.Unlock()\n\tcond.Wait()\n}()\nselect {}", 300*time.Millisecond)
	e := f.Execute("lock := threading.NewLock()\nlock.Acquire()\nth := threading.NewThread(func() { lock.Acquire() })\nth.Start()\ntime.Sleep(100 * time.Millisecond)\nhook.Interrupt()\nth.Join()\ntime.Sleep(100 * time.Millisecond)")
	if got := e.First("error"); got == nil || got["evalue"] != "Lock.Acquire: interrupted" {
		t.Errorf("the thread's failed wait, after a stop: %v", got)
	}
	for _, m := range f.Outputs(quiet) {
		if m.Type() == "error" && m.Content["ename"] != "Interrupted" {
			t.Errorf("the stopped cell's goroutine reported %v: %v", m.Content["ename"], m.Content["evalue"])
		}
	}
	if got := f.value("cmu.TryLock()"); got != "true" {
		t.Errorf("the Cond's lock after the stop: TryLock %s", got)
	}
}

// A goroutine that a stop cannot end (inside a compiled read of a pipe) is
// not left half-stopped: seconds after the stop the kernel gives the
// session up and says so, under the last cell and at the next one. The
// runtime packages' idle threads, and an HTTP client's connections, are
// not such goroutines: a stop after them keeps the session.
func TestUnstoppableGoroutineReplacesTheSession(t *testing.T) {
	t.Parallel()
	f := startKernel(t)
	f.Execute("before := 1\nex := futures.NewThreadPoolExecutor(2)\nex.Submit(func() any { return 1 }).Result()\nth := threading.NewThread(func() {})\nth.Start()\nth.Join()")
	f.interrupt()
	time.Sleep(4 * time.Second)
	if got := f.value("before + 1"); got != "2" {
		t.Fatalf("after a stop with only idle threads: before + 1 = %s", got)
	}
	last := f.Send(f.Shell, "execute_request", map[string]any{"code": "r, w, _ := os.Pipe()\n_ = w\ngo func() {\n\tb := make([]byte, 1)\n\tr.Read(b)\n}()\ntime.Sleep(100 * time.Millisecond)"})
	f.Reply(f.Shell, last)
	f.interrupt()
	e := f.LateError(last, 20*time.Second) // under the last cell, after a stop that left a goroutine in a read
	if v, _ := e["evalue"].(string); !strings.Contains(v, "1 goroutine(s) of cell[3] could not be stopped: they are inside compiled code (os.(*File).Read)") {
		t.Errorf("the error: %v", e["evalue"])
	}
	next := f.Execute("before")
	if note := next.Stream("stderr"); !strings.Contains(note, "⚠ The Go session was restarted at ") || !strings.Contains(note, "could not be stopped") {
		t.Errorf("the next cell's note: %q", note)
	}
}

// A thread pool made before a stop runs the tasks later cells submit, and
// each task's output shows under the cell that submitted it.
func TestPoolOutlivesAStop(t *testing.T) {
	t.Parallel()
	f := startKernel(t)
	f.Execute("ex := futures.NewThreadPoolExecutor(2)\nex.Submit(func() any { return 1 }).Result()")
	f.interrupt()
	e := f.Execute("fut := ex.Submit(func() any { fmt.Println(\"task ran\"); return 41 })\nv, _ := fut.Result()\nv")
	if got := e.Stream("stdout"); got != "task ran\n" {
		t.Errorf("the task's output under its cell: %q", got)
	}
	if r := e.First("execute_result"); r == nil || r["data"].(map[string]any)["text/plain"] != "41" {
		t.Errorf("the task's result: %v", r)
	}
}

// A paused generator (lesson 12's actors) is not a goroutine that a stop
// cannot end: a stop after one keeps the session. And a cell run within
// the grace after a stop that left a stuck goroutine runs to its end; the
// session is given up after it.
func TestStopGraceKeepsGeneratorsAndARunningCell(t *testing.T) {
	t.Parallel()
	f := startKernel(t)
	f.Execute("before := 1\ngen := generator.New(func(y *generator.Yielder) {\n\tfor i := 0; ; i++ {\n\t\ty.Yield(i)\n\t}\n})\ngen.Next()")
	f.interrupt()
	time.Sleep(4 * time.Second)
	if got := f.value("before + 1"); got != "2" {
		t.Fatalf("after a stop with a paused generator: before + 1 = %s", got)
	}
	f.Execute("r, w, _ := os.Pipe()\n_ = w\ngo func() {\n\tb := make([]byte, 1)\n\tr.Read(b)\n}()\ntime.Sleep(100 * time.Millisecond)")
	f.interrupt()
	e := f.Execute("time.Sleep(4 * time.Second)\nbefore + 2")
	if r := e.First("execute_result"); r == nil || r["data"].(map[string]any)["text/plain"] != "3" {
		t.Errorf("the cell run within the grace: %v", e.Reply.Content)
	}
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		// The note of a restart between cells, or, where the worker ended
		// as this cell was being sent, the cell's own error.
		e := f.Execute("1")
		if strings.Contains(e.Stream("stderr"), "could not be stopped") ||
			strings.Contains(fmt.Sprint(e.Reply.Content["evalue"]), "could not be stopped") {
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Error("the session with a stuck goroutine was not given up after the running cell ended")
}
