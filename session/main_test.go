package session

import (
	"regexp"
	"strings"
	"testing"
)

// main() in later cells runs the main the learner declared last, from a
// statement, a goroutine, a func literal and a function of another cell.
func TestMainCalledAgain(t *testing.T) {
	h := newHarness(t)
	h.ok(`var f = func() { fmt.Println("not main") }`)
	if _, out := h.ok("func main() { fmt.Println(\"main 1\") }"); out != "main 1\n" {
		t.Fatalf("declaring main printed %q", out)
	}
	if _, out := h.ok("main()"); out != "main 1\n" {
		t.Errorf("main() printed %q", out)
	}
	if _, out := h.ok("func main() { fmt.Println(\"main 2\") }"); out != "main 2\n" {
		t.Fatalf("redeclaring main printed %q", out)
	}
	for _, cell := range []string{
		"main()",
		"done := make(chan bool)\ngo func() { main(); done <- true }()\n<-done",
		"func() { main() }()",
		"func twice() { main(); main() }\ntwice()",
		"var wg sync.WaitGroup\nwg.Add(1)\ngo func() { defer wg.Done(); main() }()\nwg.Wait()",
	} {
		_, out := h.ok(cell)
		if strings.Trim(strings.ReplaceAll(out, "main 2\n", ""), "\n") != "" || !strings.Contains(out, "main 2") {
			t.Errorf("cell %q printed %q; want main 2 only", cell, out)
		}
	}
	if _, out := h.ok("twice()"); out != "main 2\nmain 2\n" {
		t.Errorf("twice() printed %q", out)
	}
	// A local named main elsewhere in the cell does not stop main() from
	// meaning the func.
	if _, out := h.ok("func a1() { main := 3; _ = main }\nfunc a2() { main() }\na2()"); out != "main 2\n" {
		t.Errorf("with a local main elsewhere, a2() printed %q", out)
	}
	if _, out := h.ok("x := struct{ main int }{main: 1}\n_ = x\nmain()"); out != "main 2\n" {
		t.Errorf("with a field named main, main() printed %q", out)
	}
}

// Before any func main, main() is an error that names it, not a call of
// something else.
func TestMainUndeclared(t *testing.T) {
	h := newHarness(t)
	h.ok(`var f = func() { fmt.Println("not main") }`)
	if e := h.fails("main()"); !strings.Contains(e.Value, "cell[2]:1:1: undefined: main (no cell has declared func main yet)") {
		t.Errorf("main() before any func main: %s", e.Value)
	}
}

// The same cells run, in the shapes Go allows: a function, a method, a
// goroutine and a func literal using a variable declared below them, and a
// later cell using both.
func TestVarBelowItsUsers(t *testing.T) {
	h := newHarness(t)
	for _, c := range []struct{ cell, want string }{
		{"func show() { fmt.Println(n) }\nvar n = 1\nshow()", "1\n"},
		{"type counter struct{}\nfunc (c *counter) inc() { hits++ }\nvar hits int\nvar c counter\nc.inc(); c.inc()\nfmt.Println(hits)", "2\n"},
		{"func spawn(done chan bool) { go func() { fmt.Println(label); done <- true }() }\nvar label = \"from a goroutine\"\nd := make(chan bool)\nspawn(d)\n<-d", "from a goroutine\n"},
		{"var pr = func() { fmt.Println(word) }\nfunc unused() {}\nword := \"literal\"\npr()", "literal\n"},
		{"show(); n = 5; show()", "1\n5\n"},
	} {
		if _, out := h.ok(c.cell); out != c.want {
			t.Errorf("cell %q printed %q; want %q", c.cell, out, c.want)
		}
	}
	// Go rejects a use before the variable exists in a function body; the
	// cell says which name is undefined.
	if e := h.fails("func g2() { fmt.Println(m2) }\ng2()\nvar m2 = 1"); !strings.Contains(e.Value, "undefined: m2") {
		t.Errorf("use before declaration: %s", e.Value)
	}
}

// Threads are named as Python names them, never by the session's own
// names for func literals: Thread-N for a literal (also one the session
// hoisted out of a loop), Thread-N (worker) for a named function.
func TestThreadNames(t *testing.T) {
	h := newHarness(t)
	_, out := h.ok(`func worker() {}
var names []string
for i := range 2 {
	th := threading.NewThread(func() { _ = i })
	names = append(names, th.Name)
}
names = append(names, threading.NewThread(worker).Name, threading.NewThread(func() {}).Name)
for _, n := range names { fmt.Println(n) }`)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 4 {
		t.Fatalf("names %q", out)
	}
	for i, want := range []string{`^Thread-\d+$`, `^Thread-\d+$`, `^Thread-\d+ \(worker\)$`, `^Thread-\d+$`} {
		if !regexp.MustCompile(want).MatchString(lines[i]) {
			t.Errorf("thread %d is named %q; want %s", i, lines[i], want)
		}
	}
}

// The goroutine that waits for a cell to end is not one of the cell's: the
// deadlock note and %goroutines leave it out (they had listed it as
// "goroutine 13, of cell[6], started by supervisor.(*server).serveRequests").
func TestWaiterIsNotCellCode(t *testing.T) {
	waiter := `goroutine 13 [select]:
github.com/traefik/yaegi/interp.(*Interpreter).ExecuteWithContext(0xc000148008, {0xe1a0f8, 0xc0001c2000}, 0xc0003f2000)
	/root/go/pkg/mod/github.com/traefik/yaegi@v0.16.1/interp/program.go:200 +0x1a5
github.com/gothreads/gothreads/session.(*Session).exec(...)
	/work/main/session/session.go:497
created by github.com/gothreads/gothreads/supervisor.(*server).serveRequests in goroutine 1
	/work/main/supervisor/worker.go:120 +0x85`
	cell := `goroutine 14 [chan receive]:
github.com/traefik/yaegi/interp.runCfg(0xc000abc000, 0xc000def000, 0x0, 0x0)
	/root/go/pkg/mod/github.com/traefik/yaegi@v0.16.1/interp/run.go:234 +0x2b1
github.com/traefik/yaegi/interp.(*Interpreter).ExecuteWithContext.func1()
	/root/go/pkg/mod/github.com/traefik/yaegi@v0.16.1/interp/program.go:197 +0x5b
created by github.com/traefik/yaegi/interp.(*Interpreter).ExecuteWithContext in goroutine 13
	/root/go/pkg/mod/github.com/traefik/yaegi@v0.16.1/interp/program.go:195 +0x12f`
	if runsCellCode(waiter) {
		t.Error("the goroutine waiting in ExecuteWithContext counts as cell code")
	}
	if !runsCellCode(cell) {
		t.Error("the cell's own goroutine does not count as cell code")
	}
}

// A cell is one thread from its first line to its last, whatever chunks
// the planner makes of it, and the main thread keeps its identifier from
// cell to cell; a go statement's goroutine is a thread of its own, named
// for where it started.
func TestCellIsOneThread(t *testing.T) {
	h := newHarness(t)
	// The final expression runs apart from the lines above it.
	if v, _ := h.ok("l := threading.NewRLock()\nl.Acquire()\nl.Release()\n1"); v != "1" {
		t.Errorf("RLock acquired and released in one cell: %q", v)
	}
	h.ok("l2 := threading.NewRLock()")
	if v, _ := h.ok("l2.Acquire()\nl2.Release()"); v != "" {
		t.Errorf("release as the final expression: %q", v)
	}
	v, out := h.ok("fmt.Println(threading.GetIdent())\nthreading.GetIdent()")
	if strings.TrimSpace(out) != v {
		t.Errorf("two lines of one cell on different threads: %q then %q", strings.TrimSpace(out), v)
	}
	// A declaration between statements splits the cell into chunks.
	v2, out2 := h.ok("fmt.Println(threading.GetIdent())\nfunc helper() {}\nvar n = 1\nfunc useN() int { return n }\nthreading.GetIdent()")
	if strings.TrimSpace(out2) != v2 || v2 != v {
		t.Errorf("idents %q, %q; the first cell's was %q", strings.TrimSpace(out2), v2, v)
	}
	if v, _ := h.ok("threading.CurrentThread().Name"); v != `"MainThread"` {
		t.Errorf("a cell's thread is %s", v)
	}
	_, out = h.ok(`done := make(chan bool)
go func() {
	fmt.Println(threading.CurrentThread().Name, threading.GetIdent() != threading.MainThread().Ident())
	done <- true
}()
<-done`)
	if want := regexp.MustCompile(`^goroutine of cell\[\d+\]:2 true\n$`); !want.MatchString(out) {
		t.Errorf("a go statement's goroutine says %q", out)
	}
	// Goroutines of WaitGroup.Go are threads of their own too, and a lock
	// held by one keeps the others out.
	v3, out3 := h.ok(`l3 := threading.NewRLock()
var wg3 sync.WaitGroup
var mu3 sync.Mutex
inside, most := 0, 0
for range 3 {
	wg3.Go(func() {
		l3.Acquire()
		mu3.Lock(); inside++; most = max(most, inside); mu3.Unlock()
		time.Sleep(20 * time.Millisecond)
		mu3.Lock(); inside--; mu3.Unlock()
		l3.Release()
	})
}
wg3.Go(func() { fmt.Println(threading.CurrentThread().Name) })
wg3.Wait()
most`)
	if v3 != "1" {
		t.Errorf("%s goroutines of WaitGroup.Go held one RLock at once", v3)
	}
	if !regexp.MustCompile(`^goroutine of cell\[\d+\] \(WaitGroup.Go\)\n$`).MatchString(out3) {
		t.Errorf("a goroutine of WaitGroup.Go says %q", out3)
	}
	// A thread asking for the main thread's identifier first does not take it.
	_, out4 := h.ok("th := threading.NewThread(func() { fmt.Println(threading.MainThread().Ident() != threading.GetIdent()) })\nth.Start()\nth.Join()")
	if out4 != "true\n" {
		t.Errorf("a thread sees the main thread's identifier as its own: %q", out4)
	}
	_, out = h.ok("fired := make(chan string)\ntime.AfterFunc(time.Millisecond, func() { fired <- threading.CurrentThread().Name })\nfmt.Println(<-fired)")
	if !regexp.MustCompile(`^time.AfterFunc callback of cell\[\d+\]\n$`).MatchString(out) {
		t.Errorf("a timer's callback says %q", out)
	}
}

// A log line names the goroutine that wrote it: a go statement's by where
// it started, a thread by its name, the cell's own code as MainThread.
func TestLogLinesNameTheirGoroutine(t *testing.T) {
	h := newHarness(t)
	_, _ = h.ok(`logging.BasicConfig(logging.Config{Format: "(%(threadName)s) %(message)s", Level: logging.DEBUG})`)
	res, rec := h.run(`var wg sync.WaitGroup
wg.Add(1)
go func() { defer wg.Done(); logging.Debug("from a goroutine") }()
wg.Wait()
th := threading.NewThread(func() { logging.Debug("from a thread") })
th.Start(); th.Join()
logging.Debug("from the cell")`)
	if res.Err != nil {
		t.Fatal(res.Err.Value)
	}
	got := rec.stream("stderr")
	for _, want := range []string{`(goroutine of cell[2]:3) from a goroutine`, `from a thread`, `(MainThread) from the cell`} {
		if !strings.Contains(got, want) {
			t.Errorf("log lacks %q:\n%s", want, got)
		}
	}
	if !regexp.MustCompile(`\(Thread-\d+\) from a thread`).MatchString(got) {
		t.Errorf("the thread's log line:\n%s", got)
	}
}

// os.Stdout assigned in a cell writes to the notebook again from the next
// cell on, with a word about it.
func TestStdStreamsRestored(t *testing.T) {
	h := newHarness(t)
	h.ok("os.Stdout = nil")
	res, rec := h.run(`fmt.Fprintln(os.Stdout, "back")`)
	if res.Err != nil {
		t.Fatalf("writing to os.Stdout after it was set to nil: %s", res.Err.Value)
	}
	if got := rec.stream("stdout"); got != "back\n" {
		t.Errorf("stdout %q", got)
	}
	if got := rec.stream("stderr"); !strings.Contains(got, "os.Stdout had been changed by an earlier cell") {
		t.Errorf("no word about the restored stream: %q", got)
	}
	_, rec = h.run(`fmt.Fprintln(os.Stdout, "again")`)
	if got := rec.stream("stderr"); got != "" {
		t.Errorf("a note although nothing changed: %q", got)
	}
}
