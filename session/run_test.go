package session

import (
	"context"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/gothreads/gothreads/evaluator"
)

// A %%run cell is built and run with the Go toolchain: it sees the
// functions and types of earlier cells and runs the runtime packages; it
// says which variable it cannot see; its errors are at cell lines.
func TestCompiledCells(t *testing.T) {
	isolatedCache(t)
	h := newHarness(t)
	h.ok("type counter struct{ n int }\nfunc (c *counter) add(k int) { c.n += k }\nfunc square(x int) int { return x * x }")
	h.ok("limit := 4")
	_, out := h.ok("%%run\nc := &counter{}\nfor i := range 4 {\n\tc.add(square(i))\n}\nq := queue.New(1)\nq.Put(c.n)\nfmt.Println(\"sum of squares:\", q.Get())")
	if out != "sum of squares: 14\n" {
		t.Errorf("stdout %q", out)
	}
	if e := h.fails("%%run\nfmt.Println(limit)"); e.Name != "CompileError" || !strings.Contains(e.Value, "limit is a variable of the notebook's session") {
		t.Errorf("a session variable: %s: %s", e.Name, e.Value)
	}
	if e := h.fails("%%run\nx := 1\ny := 2\nfmt.Println(x)"); e.Name != "CompileError" || e.Value != "cell[5]:3:1: declared and not used: y" {
		t.Errorf("a compile error: %s: %q", e.Name, e.Value)
	}
	res, rec := h.run("%%run\nfmt.Println(\"before\")\nvar m map[string]int\nm[\"a\"] = 1")
	if res.Err == nil || res.Err.Name != "ExitError" || !strings.Contains(res.Err.Value, "exit status 2") {
		t.Errorf("a panic: %v", res.Err)
	}
	if got := rec.stream("stderr"); !strings.Contains(got, "panic: assignment to entry in nil map") || !strings.Contains(got, "cell[6]:4") {
		t.Errorf("the panic's report: %q", got)
	}
	if got := rec.stream("stdout"); got != "before\n" {
		t.Errorf("stdout %q", got)
	}
	if e := h.fails("%%run -fast\nfmt.Println(1)"); e.Name != "MagicError" || !strings.Contains(e.Value, "%%run [-race] [-- ARGS...]") {
		t.Errorf("an unknown flag: %v", e)
	}
	if _, out := h.ok("%%run -- one two\nfmt.Println(os.Args[1:])"); out != "[one two]\n" {
		t.Errorf("arguments: %q", out)
	}
	if _, out := h.ok("package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"a whole program\") }"); out != "a whole program\n" {
		t.Errorf("a package main cell: %q", out)
	}
	// %timestamps stamps a compiled cell's lines too.
	_, stamped := h.ok("%timestamps on\n%%run\nfmt.Println(\"stamped\")")
	h.ok("%timestamps off")
	if ts, rest, _ := strings.Cut(stamped, " "); rest != "stamped\n" || len(ts) != len("15:04:05.000") {
		t.Errorf("with timestamps: %q", stamped)
	}
	// fmt.Scan asks the notebook for a line when the program waits for it
	// (the recorder answers "typed").
	if _, out := h.ok("%%run\nvar name string\nfmt.Print(\"name? \")\nfmt.Scanln(&name)\nfmt.Println(\"hello\", name)"); out != "name? hello typed\n" {
		t.Errorf("standard input: %q", out)
	}
	if v, _ := h.ok("square(3) + limit"); v != "13" {
		t.Errorf("the session after compiled cells: %s", v)
	}
}

// The race detector's report shows under the cell, at cell lines.
func TestCompiledCellRace(t *testing.T) {
	if testing.Short() {
		t.Skip("builds with -race")
	}
	isolatedCache(t)
	h := newHarness(t)
	res, rec := h.run("%%run -race\nvar wg sync.WaitGroup\nbalance := 0\nfor range 2 {\n\twg.Add(1)\n\tgo func() {\n\t\tdefer wg.Done()\n\t\tbalance++\n\t}()\n}\nwg.Wait()\nfmt.Println(balance)")
	if res.Err == nil || res.Err.Name != "ExitError" {
		t.Errorf("error %v", res.Err)
	}
	if got := rec.stream("stderr"); !strings.Contains(got, "WARNING: DATA RACE") || !strings.Contains(got, "cell[1]:8") {
		t.Errorf("stderr %q", got)
	}
}

// A compiled cell's output streams into the cell as it comes, and the stop
// button stops the program and leaves the session as it was.
func TestCompiledCellStreamsAndStops(t *testing.T) {
	isolatedCache(t)
	h := newHarness(t)
	h.ok("kept := 7")
	rec := newRecorder()
	done := make(chan evaluator.Result)
	go func() {
		done <- h.s.Execute(context.Background(), evaluator.ExecuteRequest{Count: 2,
			Code: "%%run\nfmt.Println(\"started\")\nfor {\n\ttime.Sleep(time.Millisecond)\n}"}, rec)
	}()
	for deadline := time.Now().Add(time.Minute); rec.stream("stdout") != "started\n"; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no output from the running program; stderr %q", rec.stream("stderr"))
		}
	}
	h.s.Interrupt()
	select {
	case res := <-done:
		if res.Err == nil || res.Err.Name != "Interrupted" || res.Err.Value != "the program was stopped" {
			t.Errorf("error %v", res.Err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the program did not stop")
	}
	h.count = 2
	if v, _ := h.ok("kept"); v != "7" {
		t.Errorf("kept = %s", v)
	}
}

// renamed replaces a name also where a write splits it.
func TestRenamed(t *testing.T) {
	var b strings.Builder
	r := &renamed{w: &b, old: "§cell§:", new: "cell[12]:"}
	for _, p := range []string{"at §cell§:3 and §c", "ell", "§:4, cell[] §cell", "x §"} {
		r.Write([]byte(p))
	}
	r.flush()
	if want := "at cell[12]:3 and cell[12]:4, cell[] §cellx §"; b.String() != want {
		t.Errorf("got %q; want %q", b.String(), want)
	}
}

// The program a compiled cell becomes in the shapes that trip a naive
// composer: a local that shadows a package an earlier function uses, a
// local named like an earlier constant, a statement's variable that the
// cell's functions use, a constant group declared again in part, a
// method declared anew, a versioned import, and two meanings of a name.
func TestCompiledCellPrograms(t *testing.T) {
	isolatedCache(t)
	h := newHarness(t)
	h.ok("import \"strings\"\nfunc shout(s string) string { return strings.ToUpper(s) }\nconst n = 3\nfunc work() int { return n * 2 }")
	h.ok("const (\n\tA = 1\n\tB = 2\n)")
	h.ok("const B = 3")
	h.ok("type T struct{}\nfunc (T) hi() string { return \"old\" }")
	h.ok("import \"math/rand/v2\"\nfunc roll() int { return rand.IntN(6) + 1 }")
	h.ok("import mrand \"math/rand\"\nfunc pick() int { return mrand.Intn(1) }")
	h.ok("const (\n\t_ = iota\n\tKB = 1 << (10 * iota)\n)")
	h.ok("const (\n\t_ = iota\n\tRed\n)")
	h.ok("type list []int\nfunc total(l list) int { return len(l) }")
	for _, tt := range []struct{ cell, out, err string }{
		{"%%run\nstrings := []string{\"a\"}\nfmt.Println(shout(strings[0]))", "A\n", ""},
		{"%%run\nn := 5\nfmt.Println(work(), n)", "6 5\n", ""},
		{"%%run\nfunc (T) hi() string { return \"new\" }\nfmt.Println(T{}.hi())", "new\n", ""},
		{"%%run\nr := roll()\nfmt.Println(r >= 1 && r <= 6)", "true\n", ""},
		// var declarations are package-level, initialised before main runs,
		// in the order their dependencies ask, as in any program.
		{"%%run\nfmt.Println(\"main\")\nvar x = y + 1\nvar y = first()\nfunc first() int { fmt.Println(\"init\"); return 1 }\nfmt.Println(x)", "init\nmain\n2\n", ""},
		{"%%run\nvar unused = 3\nvar _ fmt.Stringer = nil\nfunc main() { fmt.Println(\"own main\") }", "own main\n", ""},
		{"%%run\nfunc uses() int { return limit * 2 }\nvar limit = 10\nfmt.Println(uses())", "20\n", ""},
		{"%%run\nconst B = 9\nfmt.Println(A)", "", "cell[2] declares A together with B, which this cell declares again"},
		{"%%run\ncount := 0\nfunc inc() { count++ }\ninc()", "", "count is declared in this cell's statements, which a compiled cell runs in func main, so its declarations cannot see it: declare it with var"},
		{"%%run\nfmt.Println(A)", "", "cell[2] declares A together with B, which cell[3] declared again"},
		{"%%run\nfmt.Println(KB, Red)", "1024 1\n", ""},
		{"%%run\nimport \"container/list\"\nl := list.New()\nfmt.Println(l.Len(), total(nil))", "", `this cell imports "container/list" as list, but total (cell[9]) uses the list that cell[9] declares`},
		{"%%run\nimport mrand \"crypto/rand\"\nvar b [1]byte\nmrand.Read(b[:])\nfmt.Println(pick())", "", `this cell imports "crypto/rand" as mrand, but pick (cell[6]) uses mrand for "math/rand"`},
	} {
		res, rec := h.run(tt.cell)
		switch {
		case tt.err != "" && (res.Err == nil || !strings.Contains(res.Err.Value, tt.err)):
			t.Errorf("cell %q: error %v; want %q", tt.cell, res.Err, tt.err)
		case tt.err == "" && res.Err != nil:
			t.Errorf("cell %q: %s: %s\n%s", tt.cell, res.Err.Name, res.Err.Value, strings.Join(res.Err.Traceback, "\n"))
		case rec.stream("stdout") != tt.out:
			t.Errorf("cell %q printed %q; want %q", tt.cell, rec.stream("stdout"), tt.out)
		}
	}
}

// isolatedCache gives the test's compiled cells a cache of binaries of
// their own, so that each builds what it runs (and the user's cache is
// left alone), with the go command's build cache kept, so that the
// standard library is not compiled again.
func isolatedCache(t *testing.T) {
	t.Helper()
	out, err := exec.Command("go", "env", "GOCACHE").Output()
	if err != nil {
		t.Fatalf("go env GOCACHE: %v", err)
	}
	t.Setenv("GOCACHE", strings.TrimSpace(string(out)))
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
}
