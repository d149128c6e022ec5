package session

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/gothreads/gothreads/evaluator"
)

// A cell whose goroutines all wait on each other gets a hint, once, while
// it hangs; waiting on a sleeping goroutine or for input does not.
func TestDeadlockHint(t *testing.T) {
	h := newHarness(t)
	h.s.deadlockCheck, h.s.deadlockAfter = 50*time.Millisecond, 300*time.Millisecond
	// The first cell waits for the type checker's importer to warm up,
	// which on a loaded machine outlasts the interrupts' timers below.
	h.ok("0")
	interruptAfter := func(d time.Duration) {
		go func() { time.Sleep(d); h.s.Interrupt() }()
	}

	interruptAfter(time.Second)
	res, rec := h.run("ch := make(chan int)\nvar mu sync.Mutex\nmu.Lock()\ngo func() { mu.Lock(); ch <- 1 }()\n<-ch")
	if res.Err == nil || res.Err.Name != "Interrupted" {
		t.Fatalf("deadlocked cell ended with %+v", res.Err)
	}
	if got := rec.stream("stderr"); strings.Count(got, "this is a deadlock") != 1 || !strings.Contains(got, "all goroutines are asleep") {
		t.Errorf("stderr of the deadlocked cell: %q", got)
	}
	// The hint lists who waits for what, as %goroutines does.
	for _, want := range []string{", started at cell[2]:4 (go func() { mu.Lock(); ch <- 1 }()): waiting for a mutex",
		", the running cell's own code: waiting on a channel or in a select"} {
		if got := rec.stream("stderr"); !strings.Contains(got, want) {
			t.Errorf("stderr of the deadlocked cell: %q\nlacks %q", got, want)
		}
	}

	// Lesson 4's deadlock: two threads, two runtime locks, the cell joining.
	interruptAfter(time.Second)
	_, rec = h.run("x, y := threading.NewLock(), threading.NewLock()\nfunc takeBoth(a, b *threading.Lock) { a.Acquire(); time.Sleep(100 * time.Millisecond); b.Acquire() }\n" +
		"ta, tb := threading.NewThread(takeBoth, x, y), threading.NewThread(takeBoth, y, x)\nta.Start(); tb.Start()\nta.Join(); tb.Join()")
	if !strings.Contains(rec.stream("stderr"), "this is a deadlock") {
		t.Errorf("stderr of the deadlocked threads: %q", rec.stream("stderr"))
	}

	res, rec = h.run("ch2 := make(chan int)\ngo func() { time.Sleep(600 * time.Millisecond); ch2 <- 2 }()\n<-ch2")
	if res.Err != nil || res.Value.Data["text/plain"] != "2" || rec.stream("stderr") != "" {
		t.Errorf("waiting on a sleeping goroutine: %+v, stderr %q", res, rec.stream("stderr"))
	}

	// A slow server: the cell waits on the network, which is not a deadlock.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(600 * time.Millisecond)
		fmt.Fprint(w, "slow answer")
	}))
	defer srv.Close()
	res, rec = h.run(fmt.Sprintf("import (\"io\"; \"net/http\")\nresp, err := http.Get(%q)\nbody, _ := io.ReadAll(resp.Body)\nresp.Body.Close()\n[]any{err, string(body)}", srv.URL))
	if res.Err != nil || res.Value.Data["text/plain"] != "[<nil> slow answer]" || rec.stream("stderr") != "" {
		t.Errorf("waiting for a server: %+v, stderr %q", res, rec.stream("stderr"))
	}

	slow := slowInput{newRecorder()}
	res = h.s.Execute(context.Background(), evaluator.ExecuteRequest{Code: "var word string\nfmt.Scanln(&word)\nword", Count: 99}, slow)
	if res.Err != nil || res.Value.Data["text/plain"] != `"typed"` || slow.stream("stderr") != "" {
		t.Errorf("waiting for input: %+v, stderr %q", res, slow.stream("stderr"))
	}
}

// The deadlock watch tells from a goroutine's functions what it does, and
// leaves out the goroutines of cells up to the last stop.
func TestGroupsBlocked(t *testing.T) {
	interp := "github.com/traefik/yaegi/interp.runCfg"
	chanWait := goroutineGroup{n: 400, cell: 3, funcs: []string{"runtime.gopark", "runtime.chanrecv", "runtime.chanrecv1", "reflect.chanrecv", interp}}
	mutexWait := goroutineGroup{n: 2, cell: 3, funcs: []string{"runtime.gopark", "runtime.selectgo", "reflect.rselect", "github.com/gothreads/gothreads/session.(*Mutex).Lock", interp}}
	runtimeWait := goroutineGroup{n: 1, funcs: []string{"runtime.gopark", "runtime.selectgo", "github.com/gothreads/gothreads/runtime/hook.Wait", "github.com/gothreads/gothreads/runtime/threading.(*Lock).Acquire"}}
	running := goroutineGroup{n: 1, cell: 4, funcs: []string{"github.com/traefik/yaegi/interp.add.func1", interp}}
	sleeping := goroutineGroup{n: 1, cell: 4, funcs: []string{"runtime.gopark", "runtime.selectgo", "github.com/gothreads/gothreads/session.sleep", interp}}
	network := goroutineGroup{n: 1, funcs: []string{"runtime.gopark", "runtime.netpollblock", "internal/poll.runtime_pollWait", "net/http.(*persistConn).readLoop"}}
	waiter := goroutineGroup{n: 1, funcs: []string{"runtime.gopark", "runtime.selectgo", "github.com/traefik/yaegi/interp.(*Interpreter).ExecuteWithContext", "github.com/gothreads/gothreads/session.(*Session).exec"}}
	kernel := goroutineGroup{n: 5, funcs: []string{"runtime.gopark", "runtime.chanrecv", "github.com/gothreads/gothreads/supervisor.(*server).serveRequests"}}
	for _, tt := range []struct {
		name    string
		groups  []goroutineGroup
		stopped int
		want    bool
	}{
		{"waiting on channels, locks and runtime locks", []goroutineGroup{chanWait, mutexWait, runtimeWait, waiter, kernel}, 0, true},
		{"one of them running", []goroutineGroup{chanWait, mutexWait, running}, 0, false},
		{"one of them sleeping", []goroutineGroup{chanWait, sleeping}, 0, false},
		{"a request on the network", []goroutineGroup{chanWait, network}, 0, false},
		{"no cell code", []goroutineGroup{waiter, kernel}, 0, false},
		{"the running one is of a stopped cell", []goroutineGroup{chanWait, running}, 5, false},
		{"the sleeping one is of a stopped cell", []goroutineGroup{runtimeWait, sleeping}, 4, true},
	} {
		if got := groupsBlocked(tt.groups, tt.stopped); got != tt.want {
			t.Errorf("%s: %v; want %v", tt.name, got, tt.want)
		}
	}
}

// The deadlock watch reads a real goroutine profile: its groups and labels.
func TestProfileGroups(t *testing.T) {
	profile := "goroutine profile: total 3\n2 @ 0x10 0x20\n# labels: {\"cell\":\"12\"}\n#\t0xf\tmain.f+0x1\t/x.go:1\n\n1 @ 0x30\n#\t0x2f\tmain.g+0x1\t/x.go:2\n"
	names := map[uintptr]string{0x10: "runtime.gopark", 0x20: "main.f", 0x30: "main.g"}
	got := profileGroups(profile, func(pc uintptr) string { return names[pc] })
	want := []goroutineGroup{{n: 2, cell: 12, funcs: []string{"runtime.gopark", "main.f"}}, {n: 1, funcs: []string{"main.g"}}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("groups %v; want %v", got, want)
	}
}

// The deadlock note comes with thousands of goroutines waiting, and a
// goroutine that a stop left behind (blocked in a read of a pipe, which a
// stop cannot end) does not switch it off.
func TestDeadlockHintAtScale(t *testing.T) {
	h := newHarness(t)
	h.s.deadlockCheck, h.s.deadlockAfter = 50*time.Millisecond, 300*time.Millisecond
	// The first cell waits for the type checker to have read the
	// preloaded packages; the next is interrupted once it is running (a
	// timer could end it before it starts, on a loaded machine).
	h.ok("0")
	started := newRecorder()
	go func() {
		// Interrupted once the goroutine is in the read: a stop before
		// it got there would end it.
		for i := 0; i < 6000 && !readingPipe(); i++ {
			time.Sleep(10 * time.Millisecond)
		}
		h.interruptOn(started, "stdout", "reading")
	}()
	h.count++
	h.s.Execute(context.Background(), evaluator.ExecuteRequest{Count: h.count,
		Code: "r, w, _ := os.Pipe()\ngo func() { b := make([]byte, 1); r.Read(b) }()\n_ = w\nfmt.Println(\"reading\")\nselect {}"}, started)
	// Stopped once the note has come (or after a minute, failing).
	rec := newRecorder()
	go h.interruptOn(rec, "stderr", "this is a deadlock")
	h.count++
	h.s.Execute(context.Background(), evaluator.ExecuteRequest{Count: h.count,
		Code: "ch := make(chan int)\nfor i := 0; i < 3000; i++ {\n\tgo func() { ch <- i }()\n}\nvar mu sync.Mutex\nmu.Lock()\nmu.Lock()"}, rec)
	got := rec.stream("stderr")
	if strings.Count(got, "this is a deadlock") != 1 {
		t.Errorf("stderr of the cell with 3000 goroutines waiting: %.300q", got)
	}
	// Goroutines that do the same are listed as one line.
	// (Those that have not begun to run interpreted code yet are not
	// counted: on a busy machine fewer than 3000 may be listed.)
	if !regexp.MustCompile(`\n  \d+ goroutines \(\d+, \d+, \d+, \.\.\.\), started at cell\[3\]:3 \(go func\(\) \{ ch <- i \}\(\)\): waiting on a channel or in a select\n`).MatchString(got) ||
		!strings.Contains(got, "r.Read(b) }()), left running by a stop: waiting for input or the network\n") ||
		strings.Count(got, "\n") > 20 {
		t.Errorf("the note's list of goroutines:\n%s", got)
	}
}

// readingPipe reports whether a goroutine of the process is in an
// (*os.File).Read.
func readingPipe() bool {
	buf := make([]byte, 1<<20)
	return strings.Contains(string(buf[:runtime.Stack(buf, true)]), "os.(*File).Read(")
}

// interruptOn interrupts the running cell once its stream holds text (or
// after a minute, when the test fails on what it lacks).
func (h *harness) interruptOn(rec *recorder, stream, text string) {
	for i := 0; i < 6000 && !strings.Contains(rec.stream(stream), text); i++ {
		time.Sleep(10 * time.Millisecond)
	}
	h.s.Interrupt()
}

// slowInput is a frontend whose user takes their time to type.
type slowInput struct{ *recorder }

func (s slowInput) Input(prompt string, password bool) (string, error) {
	<-time.After(600 * time.Millisecond) // waiting on a channel, as for the kernel's answer
	return s.recorder.Input(prompt, password)
}
