package session

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/gothreads/gothreads/evaluator"
)

// A %%run cell is built and run with the Go toolchain: it sees the
// functions and types of earlier cells and runs the runtime packages; it
// says which variable it cannot see; its errors are at cell lines.
func TestCompiledCells(t *testing.T) {
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
	r := &renamed{w: &b, old: "cell[]", new: "cell[12]"}
	for _, p := range []string{"at cell[]:3 and ce", "ll", "[]:4, cell[", "x] cel"} {
		r.Write([]byte(p))
	}
	r.flush()
	if want := "at cell[12]:3 and cell[12]:4, cell[x] cel"; b.String() != want {
		t.Errorf("got %q; want %q", b.String(), want)
	}
}
