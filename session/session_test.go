package session

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gothreads/gothreads/evaluator"
)

// recorder is a Publisher that keeps everything a cell published.
type recorder struct {
	mu       sync.Mutex
	streams  map[string]*strings.Builder
	displays []*evaluator.Bundle
	clears   int
	errors   []*evaluator.Error
}

func newRecorder() *recorder {
	return &recorder{streams: map[string]*strings.Builder{"stdout": {}, "stderr": {}}}
}

func (r *recorder) Stream(name, text string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.streams[name].WriteString(text)
}

func (r *recorder) Display(b *evaluator.Bundle, id string, update bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.displays = append(r.displays, b)
}

func (r *recorder) ClearOutput(bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.clears++
}

func (r *recorder) Input(prompt string, password bool) (string, error) {
	return "typed", nil
}

func (r *recorder) Error(e *evaluator.Error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errors = append(r.errors, e)
}

func (r *recorder) stream(name string) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.streams[name].String()
}

// harness runs cells in one session with increasing execution counts.
type harness struct {
	t     *testing.T
	s     *Session
	count int
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	s, err := New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &harness{t: t, s: s}
}

// run runs code as the next cell; a cell still running after a minute is
// interrupted, so that a hang fails the test instead of stalling it.
func (h *harness) run(code string) (evaluator.Result, *recorder) {
	h.count++
	rec := newRecorder()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	res := h.s.Execute(ctx, evaluator.ExecuteRequest{Code: code, Count: h.count}, rec)
	return res, rec
}

// ok runs code, fails the test if it errs, and returns its displayed value
// ("" for none) and stdout.
func (h *harness) ok(code string) (value, stdout string) {
	h.t.Helper()
	res, rec := h.run(code)
	if res.Err != nil {
		h.t.Fatalf("cell %q: %s: %s\n%s", code, res.Err.Name, res.Err.Value, strings.Join(res.Err.Traceback, "\n"))
	}
	if res.Value != nil {
		value = res.Value.Data["text/plain"].(string)
	}
	return value, rec.stream("stdout")
}

// fails runs code and returns its error, failing the test if it succeeds.
func (h *harness) fails(code string) *evaluator.Error {
	h.t.Helper()
	res, _ := h.run(code)
	if res.Err == nil {
		h.t.Fatalf("cell %q succeeded; want an error", code)
	}
	return res.Err
}

func TestValuesAndState(t *testing.T) {
	h := newHarness(t)
	steps := []step{
		{code: "x := 21"},
		{code: "x * 2", value: "42"},
		{code: `fmt.Println("hi")`, stdout: "hi\n"},
		{code: "func f() int { return x + 1 }\nf()", value: "22"},
		{code: "a := 1; func g() int { return a }; g()", value: "1"},
		{code: "fmt.Println(h7()); func h7() int { return 7 }", stdout: "7\n"},
		// A method declared below its use, whose receiver has the name of
		// a variable the cell defines: still declared first.
		{code: "type acc struct{ n int }\na := acc{}\na.add(2)\nfunc (a *acc) add(k int) { a.n += k }\na.n", value: "2"},
		// But one that uses a variable the cell defines stays below it,
		// also where a name is declared again in an inner scope.
		{code: "msg := \"hello\"\nfunc show() string { return func(msg string) string { return msg }(msg) }\nshow()", value: `"hello"`},
		{code: "n := 5\nfunc apply(f func(n int) int) int { return f(n) }\napply(func(x int) int { return x * 2 })", value: "10"},
		{code: "k := 2\nfunc scale(xs []int) []int { for i := range xs { xs[i] *= k }; for k := range xs { _ = k }; return xs }\nscale([]int{1, 2})", value: "[2 4]"},
		{code: "name := \"Ann\"\nfunc greet() string { p := struct{ name string }{name}; return p.name }\ngreet()", value: `"Ann"`},
		{code: `"go" + "pher"`, value: `"gopher"`},
		{code: "type P struct{ A int; B string }\nP{1, \"x\"}", value: "{A:1 B:x}"},
		{code: "type q struct{ n int }\nq{3}", value: "{3}"},
		{code: "two := func() (int, string) { return 1, \"a\" }\ntwo()", value: `1, "a"`},
		{code: "func noResult() {}\nnoResult()"},
		{code: `import "strings"` + "\nstrings.ToUpper(\"abc\")", value: `"ABC"`},
		{code: `import "strings"` + "\nstrings.Repeat(\"ab\", 2)", value: `"abab"`},
		{code: "var i any = 3\nswitch v := i.(type) { case int: fmt.Println(\"int\", v) }", stdout: "int 3\n"},
		{code: "t := 0\nfor i := 0; i < 4; i++ { t += i }\nif u := t; u > 5 { t *= 10 }\nt", value: "60"},
		{code: "x", value: "21"},
	}
	h.expectSteps(steps)
}

func TestRerunningImportCell(t *testing.T) {
	h := newHarness(t)
	cell := "import (\n\t\"strings\"\n\tm \"math\"\n)\nfunc shout(s string) string { return strings.ToUpper(s) }\nshout(\"a\") + fmt.Sprint(m.Sqrt(4))"
	for range 3 {
		if v, _ := h.ok(cell); v != `"A2"` {
			t.Fatalf("re-running an import cell gave %q; want \"A2\"", v)
		}
	}
}

func TestMainRunsOnce(t *testing.T) {
	h := newHarness(t)
	if _, out := h.ok(`func main() { fmt.Println("main ran") }`); out != "main ran\n" {
		t.Errorf("declaring main printed %q; want it to run once", out)
	}
	if _, out := h.ok("1 + 2"); out != "" {
		t.Errorf("a later cell printed %q; main must not run again", out)
	}
}

func TestGoroutineStateAcrossCells(t *testing.T) {
	h := newHarness(t)
	h.ok("done := make(chan int)\ngo func() { time.Sleep(10 * time.Millisecond); done <- 5 }()")
	if v, _ := h.ok("<-done"); v != "5" {
		t.Errorf("joining a goroutine from an earlier cell gave %q; want 5", v)
	}
}

func TestCompileErrors(t *testing.T) {
	h := newHarness(t)
	tests := []struct {
		code, value string
		caret       string // the traceback line with the caret
	}{
		{"y := undefinedThing + 1", "cell[1]:1:6: undefined: undefinedThing", "         ^"},
		{"x := )", "cell[2]:1:6: expected operand, found ')'", "         ^"},
		{"a := 1\nb := \"s\" + a", "", ""},
		{"import \"os/exec\"", "cell[4]:1:8: package os/exec is not available here: the notebook's Go interpreter (yaegi) has most of the " +
			"standard library, but not os/exec; put %%run at the top of the cell, which runs it with the Go compiler", "           ^"},
		{"import \"github.com/someone/thing\"", "cell[5]:1:8: cannot import github.com/someone/thing: cells can import the standard " +
			"library and gothreads' runtime packages (threading, queue, logging, futures, collections, generator: already imported), not other modules", ""},
		// A method expression runs now (see TestStdGenerics); a name no cell
		// declared is still an error.
		{"f := undefinedB", "cell[6]:1:6: undefined: undefinedB", ""},
		// Generics run as copies at package level, which cannot name a
		// type declared in a function.
		{"func Keep[T any](x T) T { return x }\nfunc f() { type local struct{}; _ = Keep(local{}) }",
			"cell[7]:2:37: Keep instantiated with local, a type declared inside a function: the notebook's interpreter runs generics " +
				"as copies declared at package level, where that type is not known; declare it at the top level of a cell; or put %%run at the top of the cell, which runs it with the Go compiler", ""},
		// What yaegi lacked of the standard library (maps.Keys, atomic.Pointer,
		// sync.OnceValue) is the session's own now (TestStdGenerics); what it
		// lacks still is said to be missing (cell 14).
		{"undefinedA()", "cell[8]:1:1: undefined: undefinedA", ""},
		{"undefinedC()", "cell[9]:1:1: undefined: undefinedC", ""},
		{"undefinedD()", "cell[10]:1:1: undefined: undefinedD", ""},
		{"rand.Intn(6)", "cell[11]:1:1: undefined: rand (if you meant the package, add import \"crypto/rand\" or \"math/rand\" or \"math/rand/v2\")", ""},
		{"func count(yield func(int) bool) { yield(1) }\nfunc first() int { for i := range count { for j := range count { return i + j } }; return -1 }",
			"cell[12]:2:20: the notebook's Go interpreter runs a range over a function as a call of it with the loop body as " +
				"the yield function, and a return from inside another loop over a function in the body cannot be written that way: set a variable and break, then act on it after the loop; or put %%run at the top of the cell, which runs it with the Go compiler", ""},
		// A misspelt member is not blamed on the interpreter.
		{"strings.Contain(\"abc\", \"b\")", "cell[13]:1:1: undefined: strings.Contain (did you mean strings.Contains?)", ""},
		{"import \"math/rand/v2\"\nrand.N(5)", "cell[14]:2:1: rand.N is not available in the notebook's Go interpreter (yaegi, whose standard library is " +
			"Go 1.22's, without its generic functions and types); or put %%run at the top of the cell, which runs it with the Go compiler", ""},
		{"cs := []chan int{make(chan int, 1)}\ncs[0] <- 1\ne, ok := <-cs[0]", "cell[15]:3:1: the interpreter cannot declare e, ok := <-cs[0] at the " +
			"top level of a cell without knowing the channel's element type: declare the variables first (var e T; var ok bool) " +
			"and assign them with =, or do it inside a function; or put %%run at the top of the cell, which runs it with the Go compiler", ""},
		{"mm := map[string]int{}\nv, ok := mm[\"a\"]\nv, ok := mm[\"b\"]", "cell[16]:3:7: no new variables on left side of :=", ""},
	}
	for _, tt := range tests {
		e := h.fails(tt.code)
		if e.Name != "CompileError" {
			t.Errorf("cell %q: ename %q; want CompileError", tt.code, e.Name)
		}
		if tt.value != "" && e.Value != tt.value {
			t.Errorf("cell %q: evalue %q; want %q", tt.code, e.Value, tt.value)
		}
		if !strings.HasPrefix(e.Value, "cell[") {
			t.Errorf("cell %q: evalue %q does not name the cell", tt.code, e.Value)
		}
		if tt.caret != "" && (len(e.Traceback) != 3 || e.Traceback[2] != tt.caret) {
			t.Errorf("cell %q: traceback %q; want the line and a caret %q", tt.code, e.Traceback, tt.caret)
		}
	}
}

// What the Go compiler refuses, a cell refuses before it runs, in the
// compiler's words, every error listed; nothing of the cell is kept, and
// a cell's top-level variables are not "declared and not used".
func TestGoCompileErrors(t *testing.T) {
	h := newHarness(t)
	h.ok("total := 0") // the session's, used by no later cell
	e := h.fails("func sum(xs []int) int {\n\ts := 0\n\tfor i, x := range xs {\n\t\ttotal += x\n\t}\n\tvar label string = len(xs)\n\tprintln(label)\n\treturn total\n}")
	if e.Name != "CompileError" || e.Value != "cell[2]:2:2: declared and not used: s" {
		t.Errorf("error %s: %s", e.Name, e.Value)
	}
	tb := strings.Join(e.Traceback, "\n")
	for _, want := range []string{"declared and not used: i", "cannot use len(xs) (value of type int) as string value in variable declaration"} {
		if !strings.Contains(tb, want) {
			t.Errorf("traceback lacks %q:\n%s", want, tb)
		}
	}
	if e := h.fails("sum(nil)"); !strings.Contains(e.Value, "undefined: sum") {
		t.Errorf("a refused cell's function was kept: %s", e.Value)
	}
	e = h.fails("go func() {\n\tdone := 1\n}()")
	if e.Value != "cell[4]:2:2: declared and not used: done" {
		t.Errorf("in a goroutine: %s", e.Value)
	}
	if v, _ := h.ok("total + 1"); v != "1" {
		t.Errorf("after the refusals, total + 1 = %q", v)
	}
}

func TestPanicKeepsState(t *testing.T) {
	h := newHarness(t)
	h.ok("kept := 7")
	e := h.fails("func p() { panic(\"boom\") }\np()")
	if e.Name != "panic" || e.Value != "boom" {
		t.Fatalf("error %s: %s; want panic: boom", e.Name, e.Value)
	}
	tb := strings.Join(e.Traceback, "\n")
	for _, want := range []string{"cell[2]:1:12 in p", "cell[2]:2:1", `panic("boom")`} {
		if !strings.Contains(tb, want) {
			t.Errorf("traceback lacks %q:\n%s", want, tb)
		}
	}
	if v, _ := h.ok("kept"); v != "7" {
		t.Errorf("after a panic, kept = %q; want 7", v)
	}
}

func TestInterrupt(t *testing.T) {
	h := newHarness(t)
	h.ok("n := 1")
	go func() {
		time.Sleep(100 * time.Millisecond)
		h.s.Interrupt()
	}()
	e := h.fails("for { n++ }")
	if e.Name != "Interrupted" {
		t.Fatalf("error %s: %s; want Interrupted", e.Name, e.Value)
	}
	if v, _ := h.ok("n > 1"); v != "true" {
		t.Errorf("after an interrupt, n > 1 = %q; want true", v)
	}
}

func TestDisplay(t *testing.T) {
	h := newHarness(t)
	res, rec := h.run(`display.HTML("<b>hi</b>")` + "\ndisplay.Clear()")
	if res.Err != nil || res.Value != nil {
		t.Fatalf("result %+v; want no error and no value", res)
	}
	if len(rec.displays) != 1 || rec.displays[0].Data["text/html"] != "<b>hi</b>" {
		t.Errorf("displays %v; want one text/html bundle", rec.displays)
	}
	if rec.clears != 1 {
		t.Errorf("%d clear_output; want 1", rec.clears)
	}
}

func TestStderr(t *testing.T) {
	h := newHarness(t)
	res, rec := h.run(`fmt.Fprintln(os.Stderr, "oops"); os.Stdout.Write([]byte("out\n"))
os.Stdout.WriteString("ws\n")
import "log"
log.SetFlags(0)
log.Println("logged")
import "bufio"
bw := bufio.NewWriter(os.Stdout)
bw.WriteString("buffered\n")
bw.Flush()`)
	if res.Err != nil {
		t.Fatal(res.Err.Value)
	}
	if got, want := rec.stream("stderr"), "oops\nlogged\n"; got != want {
		t.Errorf("stderr %q; want %q", got, want)
	}
	if got, want := rec.stream("stdout"), "out\nws\nbuffered\n"; got != want {
		t.Errorf("stdout %q; want %q", got, want)
	}
}

func TestIsComplete(t *testing.T) {
	s, err := New(nil)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ code, status, indent string }{
		{"x := 1", "complete", ""},
		{"", "complete", ""},
		{"func f() {", "incomplete", "\t"},
		{"if x {\n\tfor {", "incomplete", "\t\t"},
		{"x := 1 +", "incomplete", "\t"},
		{"s := `raw", "incomplete", ""},
		{"func {", "invalid", ""},
		{"x := )", "invalid", ""},
		{"}", "invalid", ""},
	}
	for _, tt := range tests {
		got := s.IsComplete(tt.code)
		if got.Status != tt.status || got.Indent != tt.indent {
			t.Errorf("IsComplete(%q) = %q, indent %q; want %q, %q", tt.code, got.Status, got.Indent, tt.status, tt.indent)
		}
	}
}

func TestCompleteAndInspect(t *testing.T) {
	h := newHarness(t)
	h.ok("type Point struct{ X, Y int }\nfunc (p Point) Norm() int { return p.X*p.X + p.Y*p.Y }\npt := Point{3, 4}")
	tests := []struct {
		code string
		want []string
	}{
		{"fmt.Sprin", []string{"Sprint", "Sprintf", "Sprintln"}},
		{"pt.", []string{"Norm", "X", "Y"}},
		{"Poi", []string{"Point"}},
	}
	for _, tt := range tests {
		c := h.s.Complete(tt.code, len(tt.code))
		if strings.Join(c.Matches, " ") != strings.Join(tt.want, " ") {
			t.Errorf("Complete(%q) = %q; want %q", tt.code, c.Matches, tt.want)
		}
		if c.End != len(tt.code) || c.Start != strings.LastIndex(tt.code, ".")+1 {
			t.Errorf("Complete(%q) replaces [%d, %d)", tt.code, c.Start, c.End)
		}
	}
	// Magics, at the top of a cell only; the match replaces the % too.
	for _, tt := range []struct {
		code string
		want []string
	}{{"%ti", []string{"%time", "%timestamps"}}, {"%time\n%w", []string{"%who"}}, {"x := 1\n%w", nil}} {
		c := h.s.Complete(tt.code, len(tt.code))
		if strings.Join(c.Matches, " ") != strings.Join(tt.want, " ") || tt.want != nil && c.Start != strings.LastIndex(tt.code, "%") {
			t.Errorf("Complete(%q) = %q from %d", tt.code, c.Matches, c.Start)
		}
	}
	if in := h.s.Inspect("%timestamps on", 4, 0); !in.Found || !strings.HasPrefix(in.Text, "%timestamps on    prefix every output line") {
		t.Errorf("Inspect(%%timestamps) = %+v", in)
	}
	if in := h.s.Inspect("strings.ToUpper", 10, 0); !in.Found || !strings.Contains(in.Text, "ToUpper(string) string") {
		t.Errorf("Inspect(strings.ToUpper) = %+v", in)
	}
	if in := h.s.Inspect("pt", 1, 0); !in.Found || !strings.Contains(in.Text, "{X:3 Y:4}") {
		t.Errorf("Inspect(pt) = %+v", in)
	}
	if in := h.s.Inspect("nothingHere", 3, 0); in.Found {
		t.Errorf("Inspect(nothingHere) = %+v; want not found", in)
	}
}

func (r *recorder) errorList() []*evaluator.Error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]*evaluator.Error(nil), r.errors...)
}

// expectValues runs each cell and checks the value it shows.
// Failing cells are reported and the rest still run.
func (h *harness) expectValues(cells []idiom) {
	h.t.Helper()
	for _, c := range cells {
		res, rec := h.run(c.code)
		if res.Err != nil {
			h.t.Errorf("cell\n%s\nfailed: %s: %s", c.code, res.Err.Name, res.Err.Value)
			continue
		}
		got := ""
		if res.Value != nil {
			got = res.Value.Data["text/plain"].(string)
		}
		if got != c.want {
			h.t.Errorf("cell\n%s\ngave %s (stdout %q); want %s", c.code, got, rec.stream("stdout"), c.want)
		}
	}
}

// step is a cell and the value and standard output it must show.
type step = struct{ code, value, stdout string }

// expectSteps runs each cell and checks its value and standard output.
func (h *harness) expectSteps(steps []step) {
	h.t.Helper()
	for _, st := range steps {
		value, stdout := h.ok(st.code)
		if value != st.value || stdout != st.stdout {
			h.t.Errorf("cell\n%s\ngave value %q, stdout %q; want %q, %q", st.code, value, stdout, st.value, st.stdout)
		}
	}
}

// idiom is a cell and the value it must show.
type idiom = struct{ code, want string }

// A goroutine of a cell that has ended cannot ask for input: its prompt
// would stand before the running cell's, and take the answer meant for
// it. Its read fails with an error that says why; the running cell reads.
func TestInputOnlyForTheRunningCell(t *testing.T) {
	h := newHarness(t)
	_, first := h.run("go func() {\n\ttime.Sleep(100 * time.Millisecond)\n\tvar s string\n\t_, err := fmt.Scanln(&s)\n\tfmt.Println(\"late read:\", s, err)\n}()")
	v, _ := h.ok("time.Sleep(400 * time.Millisecond)\nvar s string\nfmt.Scanln(&s)\ns")
	if v != `"typed"` {
		t.Errorf("the running cell read %s; want \"typed\"", v)
	}
	want := "late read:  standard input: cell[1] has ended, and only the running cell can read input\n"
	if got := first.stream("stdout"); got != want {
		t.Errorf("the ended cell's goroutine printed %q; want %q", got, want)
	}
}

// The magic table is the one place a magic is defined: %help lists every
// form of each, inspection shows a magic's own lines, and a form not in the
// table is refused with a message that says where to look.
func TestMagicTable(t *testing.T) {
	h := newHarness(t)
	_, help := h.ok("%help")
	for _, m := range magicTable {
		for _, f := range m.forms {
			if !strings.Contains(help, "\n  "+strings.TrimSpace(m.name+" "+f.arg)+" ") || !strings.Contains(help, f.help) {
				t.Errorf("%%help lacks %s %s", m.name, f.arg)
			}
		}
		ins := h.s.Inspect(m.name, len(m.name), 0)
		if !ins.Found || strings.Count(ins.Text, "\n")+1 != len(m.forms) || !strings.HasPrefix(ins.Text, m.name) {
			t.Errorf("inspecting %s: %+v", m.name, ins)
		}
	}
	if e := h.fails("%timestamps maybe"); e.Name != "MagicError" || !strings.Contains(e.Value, `unknown magic "%timestamps maybe"; %help lists the magics`) {
		t.Errorf("an unknown form: %s: %s", e.Name, e.Value)
	}
}
