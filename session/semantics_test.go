package session

import (
	"fmt"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestGo122LoopVariables(t *testing.T) {
	h := newHarness(t)
	tests := []struct{ code, want string }{
		{`var mu sync.Mutex

var got []int

var wg sync.WaitGroup
for i := 0; i < 3; i++ {
	wg.Add(1)
	go func() { defer wg.Done(); mu.Lock(); got = append(got, i); mu.Unlock() }()
}
wg.Wait()
sort.Ints(got)
got`, "[0 1 2]"},
		{`var fs []func() int
for _, v := range []int{10, 20, 30} { fs = append(fs, func() int { return v }) }
[]int{fs[0](), fs[1](), fs[2]()}`, "[10 20 30]"},
		{`n := 0
for i := 0; i < 10; i++ { if i == 2 { i += 5 }; n++ }
n`, "5"},
		// Func literals handed straight to compiled code: threads, timers
		// and pool tasks started in a loop each see their own iteration.
		{`var ts []*threading.Thread
res := make([]int, 3)
for i := range 3 {
	ts = append(ts, threading.NewThread(func() { res[i] = i + 1 }))
}
for _, t := range ts { t.Start(); t.Join() }
res`, "[1 2 3]"},
		{`res2 := make([]int, 3)

var wg2 sync.WaitGroup
for i := 0; i < 3; i++ {
	wg2.Add(1)
	time.AfterFunc(time.Millisecond, func() { res2[i] = i + 1; wg2.Done() })
}
wg2.Wait()
res2`, "[1 2 3]"},
		{`ex := futures.NewThreadPoolExecutor(3)

var fs []*futures.Future
for _, w := range []string{"a", "b", "c"} {
	f := ex.Submit(func() string { return w + w })
	fs = append(fs, f)
}
ex.Shutdown(true)
got2 := ""
for _, f := range fs { r, err := f.Result(); got2 += fmt.Sprint(r, err, " ") }
got2`, `"aa<nil> bb<nil> cc<nil> "`},
	}
	h.expectValues(tests)
}

func TestRangeOverIntAndNewBuiltins(t *testing.T) {
	h := newHarness(t)
	tests := []struct{ code, want string }{
		{"s := 0\nfor i := range 5 { s += i }\ns", "10"},
		{"c := 0\nfor range 3 { c++ }\nc", "3"},
		{"n := 4\nsq := []int{}\nfor i := range n { sq = append(sq, i*i) }\nsq", "[0 1 4 9]"},
		{"func count(k int) int { t := 0; for range k { t++ }; return t }\ncount(7)", "7"},
		{"xs := []int{5, 6}\nfor i := range len(xs) { xs[i]++ }\nxs", "[6 7]"},
		{"var big int64 = 3\nvar last int64\nfor i := range big { last = i }\nlast", "2"},
		// c is an integer in one function and a channel in the next.
		{"func rc() (r, c int) { return }\nfunc drain() int {\n\tc := make(chan int, 2)\n\tc <- 1\n\tc <- 2\n\tclose(c)\n\tn := 0\n\tfor v := range c { n += v }\n\treturn n\n}\ndrain()", "3"},
		{"min(3, 1, 2)", "1"},
		{"max(2.5, 1.0)", "2.5"},
		{`min("b", "a")`, `"a"`},
		{"f := 1.5\nmax(f, 2)", "2"},
		{"m := map[string]int{\"a\": 1}\nclear(m)\nlen(m)", "0"},
		{"zs := []int{1, 2}\nclear(zs)\nzs", "[0 0]"},
		// A name that is an int in one place and a string in another is
		// not taken for an int where it is the string.
		{"n := 3\nfunc letters(n string) int { c := 0; for range n { c++ }; return c }\nletters(\"héllo\")", "5"},
		{"k := 2\nfor _, k := range []string{\"ab\"} { for i := range k { _ = i } }\nk", "2"},
		{"total := 0\nfor _, parts := range []int{1, 2} { for p := range parts { total += p + 1 } }\ntotal", "4"},
	}
	h.expectValues(tests)
}

// new(v) of a value (Go 1.26) points to a copy of v: in a function, in a
// goroutine, at a cell's top level, at package level; new(T) and a new of
// the learner's own are as before.
func TestNewOfAValue(t *testing.T) {
	h := newHarness(t)
	h.expectValues([]struct{ code, want string }{
		{"p := new(42)\n*p", "42"},
		{"type point struct{ x, y int }\nfunc origin() *point { return new(point{1, 2}) }\n*origin()", "{1 2}"},
		{"var scale = new(1.5)\n*scale * 2", "3"},
		{"n := 7\nq := new(n)\nn = 8\n*q", "7"},
		{"ch := make(chan *string)\ngo func() { ch <- new(\"from a goroutine\") }()\n*<-ch", `"from a goroutine"`},
		{"d := new(2 * time.Second)\n*d", "2s"},
		{"z := new(int)\n*z", "0"},
		{"func new(s string) string { return s + \"!\" }\nnew(\"own\")", `"own!"`},
	})
}

// A method value with a value receiver holds a copy of its receiver made
// when it was evaluated (pass method-values): later changes do not reach
// it, and a nil pointer panics there; at the top level, in a function, a
// goroutine, through an embedded field.
func TestMethodValuesCopyTheirReceiver(t *testing.T) {
	h := newHarness(t)
	h.ok("type counter struct{ n int }\nfunc (c counter) Get() int { return c.n }\nfunc (c *counter) Inc() { c.n++ }\ntype named struct {\n\tcounter\n\tname string\n}")
	h.expectValues([]struct{ code, want string }{
		{"c := &counter{1}\ng := c.Get\nc.Inc()\n[]int{g(), c.Get()}", "[1 2]"},
		{"v := counter{5}\nh := v.Get\nv.n = 6\nh()", "5"},
		{"inc := c.Inc\ninc()\nc.n", "3"},
		{"func snap(c *counter) func() int { f := c.Get; c.n = 100; return f }\nsnap(&counter{7})()", "7"},
		{"done := make(chan func() int)\ngo func() { k := counter{9}; f := k.Get; k.n = 0; done <- f }()\n(<-done)()", "9"},
		{"nm := &named{counter{3}, \"x\"}\nk := nm.Get\nnm.n = 4\nk()", "3"},
		{"func nilValue() (r any) {\n\tdefer func() { r = recover() != nil }()\n\tvar p *counter\n\tf := p.Get\n\t_ = f\n\treturn false\n}\nnilValue()", "true"},
	})
}

// Constants are what Go computes (passes const-values and fold-constants):
// exactly, beyond int64, with their types, in iota groups, in functions.
func TestConstantsAsGoComputesThem(t *testing.T) {
	h := newHarness(t)
	h.expectValues([]struct{ code, want string }{
		{"const huge = 1 << 100\nhuge > huge-1", "true"},
		{"huge >> 98", "4"},
		{"var s [][30]int\nconst n = len(s[10])\nn", "30"},
		{"const Ce = 10 + 6i\nfloat32(real(Ce))", "10"},
		{"c := make(chan int32, 1)\nselect {\ncase c <- 123:\n\tfmt.Println(\"sent\")\ndefault:\n}\n<-c", "123"},
		{"type ByteSize float64\nconst (\n\t_ = iota\n\tKB ByteSize = 1 << (10 * iota)\n\tMB\n\tYB ByteSize = 1 << 80\n)\n[]ByteSize{KB, MB, YB / MB}", "[1024 1.048576e+06 1.152921504606847e+18]"},
		{"const r = 'x'\nfmt.Sprintf(\"%T %v\", r, r)", `"int32 120"`},
		{"func kib(n int) int { const k = 1 << 10; return n * k }\nkib(3)", "3072"},
		{"const big = 1 << 62\nbig * 2 / 4", "2305843009213693952"},
	})
}

// A return in the body of a range over a function returns from the
// enclosing function, with its values, bare with named results, from a
// method, a closure and a goroutine; the iterator stops.
func TestReturnFromRangeOverFunc(t *testing.T) {
	h := newHarness(t)
	h.ok("func upTo(n int) func(func(int) bool) { return func(yield func(int) bool) { for i := range n { if !yield(i) { fmt.Println(\"stopped at\", i); return } } } }")
	h.expectSteps([]step{
		{code: "func first(n, over int) (int, error) {\n\tfor i := range upTo(n) {\n\t\tif i*i > over {\n\t\t\treturn i, nil\n\t\t}\n\t}\n\treturn -1, errors.New(\"none\")\n}\nfmt.Println(first(10, 20))\nfmt.Println(first(3, 20))",
			stdout: "stopped at 5\n5 <nil>\n-1 none\n"},
		{code: "func named(n int) (found int, ok bool) {\n\tfound = -1\n\tfor i := range upTo(n) {\n\t\tfor j := range 2 {\n\t\t\tif i == 2 && j == 1 {\n\t\t\t\tfound, ok = i, true\n\t\t\t\treturn\n\t\t\t}\n\t\t}\n\t}\n\treturn\n}\nfmt.Println(named(5))\nfmt.Println(named(2))",
			stdout: "stopped at 2\n2 true\n-1 false\n"},
		{code: "type shelf struct{ books []string }\nfunc (s shelf) each(yield func(string) bool) { for _, b := range s.books { if !yield(b) { return } } }\n" +
			"func (s shelf) has(title string) bool { for b := range s.each { if b == title { return true } }; return false }\nfmt.Println(shelf{[]string{\"a\", \"b\"}}.has(\"a\"), shelf{[]string{\"a\"}}.has(\"z\"))",
			stdout: "true false\n"},
		{code: "done := make(chan int)\ngo func() { done <- func() int { for i := range upTo(9) { if i == 3 { return i * 10 } }; return 0 }() }()\nfmt.Println(<-done)",
			stdout: "stopped at 3\n30\n"},
	})
}

// Values assigned at once, a call and a composite literal among them
// (yaegi patch 0070): the call's value is kept, in a :=, an =, a var
// declaration, a function and a goroutine.
func TestMultiValueWithComposite(t *testing.T) {
	h := newHarness(t)
	h.ok("type Set map[string]bool\nfunc NewSet(items ...string) Set { s := Set{}; for _, it := range items { s[it] = true }; return s }")
	h.expectValues([]struct{ code, want string }{
		{"seen, order := NewSet(\"x\"), []string{\"x\"}\n[]any{len(seen), order}", "[1 [x]]"},
		{"var p, q = []int{2}, NewSet(\"a\", \"b\")\n[]any{p, len(q)}", "[[2] 2]"},
		{"func walk(start string) int { var s Set; var o []string; s, o = NewSet(start), []string{start}; return len(s) + len(o) }\nwalk(\"z\")", "2"},
		{"got := make(chan int)\ngo func() { s, o := NewSet(\"a\"), []int{1, 2}; got <- len(s) + len(o) }()\n<-got", "3"},
	})
}

// maps.Clone copies (yaegi patch 0080): a change to the clone leaves the
// original as it was, for a map of a named type too, and nil stays nil.
func TestMapsCloneCopies(t *testing.T) {
	h := newHarness(t)
	h.expectValues([]struct{ code, want string }{
		{"import \"maps\"\ntype Config map[string]string\nfunc edited(base Config) []string { c := maps.Clone(base); c[\"port\"] = \"9090\"; return []string{base[\"port\"], c[\"port\"]} }\nedited(Config{\"port\": \"8080\"})", "[8080 9090]"},
		{"func dropped(m map[int]bool) []int { n := maps.Clone(m); delete(n, 1); return []int{len(m), len(n)} }\ndropped(map[int]bool{1: true})", "[1 0]"},
		{"maps.Clone(Config(nil)) == nil", "true"},
	})
}

// slices, maps and iter, which a cell may name without importing them as
// the interpreter knows them from their source, are known to the type
// checker too: generic calls at a cell's top level and in functions run.
func TestGenericPackagesWithoutImport(t *testing.T) {
	h := newHarness(t)
	h.expectValues([]struct{ code, want string }{
		{"base := []int{3, 1}\nc := slices.Clone(base)\nc[0] = 9\n[][]int{base, c}", "[[3 1] [9 1]]"},
		{"func sorted(xs []int) []int { ys := slices.Clone(xs); slices.Sort(ys); return ys }\nsorted([]int{3, 1, 2})", "[1 2 3]"},
		{"m := map[string]int{\"a\": 1}\nn := maps.Clone(m)\nn[\"a\"] = 2\n[]int{m[\"a\"], n[\"a\"]}", "[1 2]"},
		{"slices.Max([]float64{1.5, 2.5})", "2.5"},
	})
}

// An interface value holds a copy of what was assigned to it (yaegi
// patches 0071 and 0072): at the top level, in a function, in a slice of
// interfaces, in a goroutine; a pointer still points where it did.
func TestInterfaceValuesHoldACopy(t *testing.T) {
	h := newHarness(t)
	h.ok("type T struct{ n string }\nfunc (t T) Name() string { return t.n }\ntype S interface{ Name() string }")
	h.expectValues([]struct{ code, want string }{
		{"x := T{\"a\"}\nvar s S = x\nx.n = \"c\"\ns.Name()", `"a"`},
		{"func kept() string { y := T{\"b\"}; var s S = y; y.n = \"z\"; return s.Name() }\nkept()", `"b"`},
		{"z := T{\"q\"}\nss := []S{z}\nz.n = \"r\"\nss[0].Name()", `"q"`},
		{"got := make(chan string)\ngo func() { w := T{\"g\"}; var s S = w; w.n = \"h\"; got <- s.Name() }()\n<-got", `"g"`},
		{"type box struct{ n int }\nfunc (b *box) Name() string { return fmt.Sprint(b.n) }\nb := &box{1}\nvar bs S = b\nb.n = 2\nbs.Name()", `"2"`},
	})
}

// Values in compiled interfaces inside a printed value (a []fmt.Stringer,
// a map of errors) print with their String and Error methods, as fmt
// calls them.
func TestPrintStringersInsideValues(t *testing.T) {
	h := newHarness(t)
	h.ok("type P struct{ v int }\nfunc (p P) String() string { return fmt.Sprint(\"P\", p.v) }\ntype E struct{ code int }\nfunc (e E) Error() string { return fmt.Sprint(\"E\", e.code) }")
	h.expectSteps([]step{
		{code: "a, b := P{3}, P{9}\nfmt.Println([]fmt.Stringer{a, b})", stdout: "[P3 P9]\n"},
		{code: "fmt.Printf(\"%v|%s\\n\", map[string]error{\"x\": E{1}}, []error{E{2}, errors.New(\"plain\")})", stdout: "map[x:E1]|[E2 plain]\n"},
		{code: "func show(ss []fmt.Stringer) string { return fmt.Sprint(ss) }\nfmt.Println(show([]fmt.Stringer{P{1}}))", stdout: "[P1]\n"},
	})
}

// A type assertion or type switch case of a func type is refused, with
// %%run named: the interpreter's function values would match none.
func TestFuncTypeAssertionsRefused(t *testing.T) {
	h := newHarness(t)
	for _, cell := range []string{
		"func f(i int) interface{} { return f }\nswitch f(0).(type) {\ncase func(int) interface{}:\n\tfmt.Println(\"func\")\n}",
		"func kind(v any) bool { _, ok := v.(func()); return ok }",
		"go func() { var v any = 1; _, _ = v.(func(string) int) }()",
	} {
		if e := h.fails(cell); !strings.Contains(e.Value, "function values do not carry their type at run time") || !strings.Contains(e.Value, "%%run") {
			t.Errorf("cell %q: %s: %s", cell, e.Name, e.Value)
		}
	}
}

// A pointer to an array is indexed, sliced and ranged over as the array
// (pass array-pointers): the address of an element, a range through a nil
// pointer that reads no element, values read as the loop goes.
func TestPointersToArrays(t *testing.T) {
	h := newHarness(t)
	h.expectValues([]struct{ code, want string }{
		{"func second() int { p := new([3]int); q := &p[1]; *q = 7; return p[1] }\nsecond()", "7"},
		{"var np *[3]int\ns := 0\nfor i := range np { s += i }\ns", "3"},
		{"func seen(p *[3]int) []int { var out []int; for i, v := range p { if i == 0 { p[2] = 30 }; out = append(out, v) }; return out }\nseen(&[3]int{1, 2, 3})", "[1 2 30]"},
		{"r := &[4]string{\"a\", \"b\", \"c\", \"d\"}\nr[1:3]", `[b c]`},
	})
}

// A select case may receive in parentheses, as Go allows, and from an
// element of a pointer to an array.
func TestSelectParenthesisedReceive(t *testing.T) {
	h := newHarness(t)
	h.expectSteps([]step{
		{code: "func first() int {\n\tdat := new([1]chan int)\n\tdat[0] = make(chan int, 1)\n\tdat[0] <- 3\n\tvar it int\n\tselect {\n\tcase it = <-dat[0]:\n\t}\n\treturn it\n}\nfmt.Println(first())", stdout: "3\n"},
		{code: "c := make(chan int, 1)\nc <- 4\nselect {\ncase x, ok := (<-c):\n\tfmt.Println(x, ok)\n}\nclose(c)\nselect {\ncase (<-c):\n\tfmt.Println(\"closed\")\n}", stdout: "4 true\nclosed\n"},
	})
}

// A switch on an interface value with cases of other types compares the
// cases with the value (pass interface-switch): at the top level, in a
// function with an init statement and a label, with fallthrough.
func TestSwitchOnInterfaceValue(t *testing.T) {
	h := newHarness(t)
	h.expectSteps([]step{
		{code: "var a any = \"y\"\nswitch a {\ncase \"x\", \"y\":\n\tfmt.Println(\"letter\")\n\tfallthrough\ncase 1:\n\tfmt.Println(\"one\")\n}", stdout: "letter\none\n"},
		{code: "func kind(v any) string {\nouter:\n\tswitch n := 2; v {\n\tcase n:\n\t\tbreak outer\n\tcase 2.5:\n\t\treturn \"float\"\n\tcase int(1):\n\t\treturn \"one\"\n\t}\n\treturn \"?\"\n}\nfmt.Println(kind(2), kind(2.5), kind(1), kind(float64(1)), kind(\"s\"))", stdout: "? float one ? ?\n"},
	})
}

// A case of several conditions in a switch without a tag runs when one
// holds (pass case-lists), at the top level and in a function.
func TestTaglessCaseLists(t *testing.T) {
	h := newHarness(t)
	h.expectSteps([]step{
		{code: "x := 2\nswitch {\ncase x == 1, x == 2:\n\tfmt.Println(\"small\")\ncase x > 10:\n\tfmt.Println(\"big\")\n}", stdout: "small\n"},
		{code: "func size(n int) string {\n\tswitch {\n\tcase n < 0, n > 100:\n\t\treturn \"out\"\n\tcase n == 0:\n\t\treturn \"zero\"\n\t}\n\treturn \"in\"\n}\nfmt.Println(size(-1), size(200), size(0), size(5))", stdout: "out out zero in\n"},
	})
}

// A logger from log.New has SetPrefix (yaegi patch 0081).
func TestLoggerSetPrefix(t *testing.T) {
	h := newHarness(t)
	h.expectSteps([]step{
		{code: "import \"log\"\nl := log.New(os.Stdout, \"my:\", 0)\nl.Println(\"hi\")\nl.SetPrefix(\"x:\")\nl.Println(\"ho\", l.Prefix())", stdout: "my:hi\nx:ho x:\n"},
	})
}

// log.Fatal prints its line and ends the cell as os.Exit(1) does, without
// running deferred calls.
func TestLogFatalExits(t *testing.T) {
	h := newHarness(t)
	res, rec := h.run("import \"log\"\nlog.SetFlags(0)\nfunc check(ok bool) {\n\tdefer fmt.Println(\"deferred\")\n\tif !ok {\n\t\tlog.Fatalf(\"check failed: %d\", 7)\n\t}\n}\ncheck(false)")
	if res.Err == nil || res.Err.Name != "Exit" || !strings.HasPrefix(res.Err.Value, "os.Exit(1):") {
		t.Fatalf("log.Fatalf ended the cell with %+v", res.Err)
	}
	if got := rec.stream("stderr"); got != "check failed: 7\n" {
		t.Errorf("stderr %q", got)
	}
	if got := rec.stream("stdout"); got != "" {
		t.Errorf("a deferred call ran: stdout %q", got)
	}
}

// waitErrors waits for n errors to reach rec.
func waitErrors(rec *recorder, n int) {
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		rec.mu.Lock()
		got := len(rec.errors)
		rec.mu.Unlock()
		if got >= n {
			return
		}
	}
}

func TestGoroutinePanicsAreReportedInTheirCell(t *testing.T) {
	h := newHarness(t)
	h.ok("kept := 41\ntype obj struct{}\nfunc (obj) m(x int) { panic(fmt.Sprint(\"method \", x)) }\nfunc f(a, b int) { panic(fmt.Sprint(\"f \", a+b)) }\nfunc vf(xs ...int) { panic(fmt.Sprint(\"variadic \", len(xs))) }")
	tests := []struct{ code, value string }{
		{"go f(1, 2)", "f 3"},
		{"go obj{}.m(4)", "method 4"},
		{"o := obj{}\nmv := o.m\ngo mv(5)", "method 5"},
		{"go func(n int) { panic(fmt.Sprint(\"literal \", n)) }(6)", "literal 6"},
		{"xs := []int{1, 2, 3}\ngo vf(xs...)", "variadic 3"},
		{"go vf(1, 2)", "variadic 2"},
		{"func gbad[T any](x T) { panic(fmt.Sprint(\"generic \", x)) }\ngo gbad(7)", "generic 7"},
		{"go gbad[string](\"s\")", "generic s"},
		{"time.AfterFunc(time.Millisecond, func() { panic(\"timer\") })", "timer"},
		{"ctx, cancel := context.WithCancel(context.Background())\ncontext.AfterFunc(ctx, func() { panic(\"ctx\") })\ncancel()", "ctx"},
	}
	for _, tt := range tests {
		res, rec := h.run(tt.code)
		if res.Err != nil {
			t.Errorf("cell %q failed: %s", tt.code, res.Err.Value)
			continue
		}
		waitErrors(rec, 1)
		rec.mu.Lock()
		errs := rec.errors
		rec.mu.Unlock()
		if len(errs) != 1 || errs[0].Name != "panic" || errs[0].Value != tt.value {
			t.Errorf("cell %q reported %+v; want one panic %q", tt.code, errs, tt.value)
			continue
		}
		tb := strings.Join(errs[0].Traceback, "\n")
		if !strings.Contains(tb, "panic in a goroutine") {
			t.Errorf("traceback:\n%s", tb)
		}
		if strings.Contains(tt.code, "go ") && !strings.Contains(tb, fmt.Sprintf("started at cell[%d]:", h.count)) {
			t.Errorf("traceback does not name the go statement of cell %d:\n%s", h.count, tb)
		}
		if strings.Contains(tt.code, "go func") && !strings.Contains(tb, " in a func literal\n") {
			t.Errorf("traceback does not name the func literal:\n%s", tb)
		}
	}
	if v, _ := h.ok("kept + 1"); v != "42" {
		t.Errorf("state after goroutine panics: %q", v)
	}
}

func TestMutexMisuseIsAPanic(t *testing.T) {
	h := newHarness(t)
	for _, code := range []string{"var m sync.Mutex\nm.Unlock()", "var rw sync.RWMutex\nrw.RUnlock()", "var rw2 sync.RWMutex\nrw2.Unlock()"} {
		e := h.fails(code)
		if e.Name != "panic" || !strings.Contains(e.Value, "unlocked") {
			t.Errorf("cell %q: %s: %s; want a panic about unlocking", code, e.Name, e.Value)
		}
	}
	v, _ := h.ok("type counter struct { sync.Mutex; n int }\nc := &counter{}\nc.Lock(); c.n++; c.Unlock()\ncond := sync.NewCond(&c.Mutex)\n_ = cond\nc.n")
	if v != "1" {
		t.Errorf("embedded mutex: %q", v)
	}
}

func TestRedefiningTypesAndMethods(t *testing.T) {
	h := newHarness(t)
	decl := "type P struct{ A int }\nfunc (p P) Hi() string { return \"v1\" }\np := P{1}\np.Hi()"
	for range 2 { // re-running the same cell is fine
		if v, _ := h.ok(decl); v != `"v1"` {
			t.Fatalf("got %q", v)
		}
	}
	for _, tt := range []struct{ code, want string }{
		{"func (p P) Hi() string { return \"v2\" }", "method P.Hi is already declared, differently, in cell[1]"},
		{"type P struct{ A, B int }", "type P is already declared, differently, in cell[1]"},
	} {
		e := h.fails(tt.code)
		if !strings.Contains(e.Value, tt.want) || !strings.Contains(e.Value, "restart the kernel") {
			t.Errorf("cell %q: %s", tt.code, e.Value)
		}
	}
	// Functions can be redefined, and a type named like a generic's type
	// parameter in the prelude is an ordinary type.
	h.ok("func g() int { return 1 }")
	if v, _ := h.ok("func g() int { return 2 }\ng()"); v != "2" {
		t.Errorf("redefined func: %q", v)
	}
	if v, _ := h.ok("type T int\nvar tv T = 3\ntv"); v != "3" {
		t.Errorf("type T: %q", v)
	}
}

// Compound statements at the top of a cell, which yaegi compiles badly
// unless they are wrapped in a function (see rewriteStmts).
func TestTopLevelCompoundStatements(t *testing.T) {
	h := newHarness(t)
	tests := []step{
		{code: "m := map[string]int{\"a\": 1}\nif v, ok := m[\"a\"]; ok { fmt.Println(v) }", stdout: "1\n"},
		{code: "q := queue.New(1)\nq.Put(3)\n{ v, err := q.GetNowait(); fmt.Println(v, err) }", stdout: "3 <nil>\n"},
		{code: "total := 0\nouter:\nfor i := 0; i < 3; i++ {\n\tfor j := 0; j < 3; j++ {\n\t\tif j == 2 { continue outer }\n\t\ttotal++\n\t}\n}\ntotal", value: "6"},
		{code: "var x any = 2.5\nswitch v := x.(type) { case float64: fmt.Println(\"float\", v) }", stdout: "float 2.5\n"},
		{code: "ch := make(chan int, 1)\nch <- 4\nselect { case v := <-ch: fmt.Println(\"got\", v) }", stdout: "got 4\n"},
	}
	h.expectSteps(tests)
}

// The comma-ok forms declared at the top level of a cell, which yaegi
// cannot compile there as they stand (see declareCommaOK).
func TestTopLevelCommaOK(t *testing.T) {
	h := newHarness(t)
	h.expectSteps([]step{
		{code: "ch := make(chan int, 1)\nch <- 5\nclose(ch)\nv, ok := <-ch\nfmt.Println(v, ok)\nv, ok = <-ch\nfmt.Println(v, ok)", stdout: "5 true\n0 false\n"},
		// A channel of a cell's type, made in an earlier cell.
		{code: "type point struct{ x, y int }\npoints := make(chan point, 1)\npoints <- point{1, 2}"},
		{code: "p, more := <-points\nfmt.Println(p.x+p.y, more)", stdout: "3 true\n"},
		// A channel returned by a function: its element type comes from the
		// session's variable.
		{code: "func numbers() <-chan string { c := make(chan string, 1); c <- \"one\"; return c }\nnums := numbers()"},
		{code: "s, open := <-nums\ns + \" \" + strconv.FormatBool(open)", value: `"one true"`},
		// The key is evaluated once.
		{code: "m := map[string]int{\"a\": 1}\ncalls := 0\nkey := func() string { calls++; return \"a\" }"},
		{code: "n, found := m[key()]\n_, missing := m[\"z\"]\nfmt.Println(n, found, missing, calls)", stdout: "1 true false 1\n"},
		{code: "var x any = 3\nstr, isStr := x.(string)\ni, isInt := x.(int)\nfmt.Printf(\"%q %v %d %v\\n\", str, isStr, i+1, isInt)", stdout: "\"\" false 4 true\n"},
		{code: "i * 10", value: "30"},
		{code: "var got, has = m[\"a\"]\nfmt.Println(got, has)", stdout: "1 true\n"},
	})
	e := h.fails("func pointsOf() chan point { return points }\nmore := pointsOf()\nq, ok := <-more")
	if e.Name != "CompileError" || !strings.Contains(e.Value, "declare the variables first (var q T; var ok bool)") {
		t.Errorf("%s: %s", e.Name, e.Value)
	}
}

// Range over a function, Go 1.23's iterators, runs as a call of the
// function with the loop body as the yield function (see rangefunc.go).
func TestRangeOverFunc(t *testing.T) {
	h := newHarness(t)
	h.expectSteps([]step{
		{code: "func count(yield func(int) bool) {\n\tfor i := range 5 {\n\t\tif !yield(i) {\n\t\t\tfmt.Println(\"stopped at\", i)\n\t\t\treturn\n\t\t}\n\t}\n}"},
		{code: "for i := range count { if i == 1 { continue }; if i == 3 { break }; fmt.Println(i) }", stdout: "0\n2\nstopped at 3\n"},
		// Two values, an iterator made by a call, one held by a variable.
		{code: "func squares(n int) func(func(int, string) bool) {\n\treturn func(yield func(int, string) bool) {\n\t\tfor i := range n {\n\t\t\tif !yield(i, strconv.Itoa(i*i)) { return }\n\t\t}\n\t}\n}"},
		{code: "total := 0\nfor i, sq := range squares(4) { total += i; fmt.Print(sq, \" \") }\ntotal", value: "6", stdout: "0 1 4 9 "},
		{code: "letters := func(yield func(string) bool) { _ = yield(\"a\") && yield(\"b\") }\nfor s := range letters { fmt.Print(s) }", stdout: "ab"},
		// Inside a function, over a parameter.
		{code: "func sum(it func(func(int) bool)) int { t := 0; for x := range it { t += x }; return t }\nsum(count)", value: "10"},
		// A break in a switch is the switch's; labeled branches are the loop's.
		{code: "for i := range count { switch i { case 1: break; default: fmt.Print(i) } }", stdout: "0234"},
		{code: "outer:\nfor i := range count {\n\tfor j := range 3 {\n\t\tif j == 1 { continue outer }\n\t\tif i == 2 { break outer }\n\t\tfmt.Println(i, j)\n\t}\n}",
			stdout: "0 0\n1 0\nstopped at 2\n"},
		// Each iteration has its own variables; defer belongs to the cell.
		{code: "var wg sync.WaitGroup\nsum := 0\nvar mu sync.Mutex\nfor i := range count { wg.Add(1); go func() { defer wg.Done(); mu.Lock(); sum += i; mu.Unlock() }() }\nwg.Wait()\nsum", value: "10"},
		{code: "for x := range count { if x < 3 { defer fmt.Println(\"deferred\", x) } }\nfmt.Println(\"loop done\")", stdout: "loop done\ndeferred 2\ndeferred 1\ndeferred 0\n"},
		{code: "var k, v int\nfor k, v = range func(yield func(int, int) bool) { yield(1, 2) } {}\nk + v", value: "3"},
		{code: "type holder struct{ X int }\nvar hd holder\nfor hd.X = range count {}\nhd.X", value: "4"},
		// An iterator from a call in the same cell, and a named iterator type.
		{code: "func upTo(n int) func(func(int) bool) { return func(yield func(int) bool) { for i := range n { if !yield(i) { return } } } }\nit := upTo(3)\nfor x := range it { fmt.Print(x) }", stdout: "012"},
		{code: "type Seq func(yield func(int) bool)\nvar sq Seq = Seq(upTo(2))\nfor x := range sq { fmt.Print(x) }", stdout: "01"},
		// A name that is an iterator in one function and a slice in another.
		{code: "func over(seq func(func(int) bool)) int { n := 0; for range seq { n++ }; return n }\nfunc plain() int { seq := []int{7, 8}; t := 0; for _, v := range seq { t += v }; return t }\nover(count) + plain()", value: "20"},
	})
	e := h.fails("outer:\nfor i := range upTo(3) { for j := range upTo(3) { if j == 1 { continue outer }; fmt.Println(i, j) } }")
	if !strings.Contains(e.Value, "a continue outer from inside another loop over a function") {
		t.Errorf("%s: %s", e.Name, e.Value)
	}
	// A variable holding an iterator over a cell's type: the type checker
	// knows the variable's type.
	h.ok("type point struct{ x int }\nfunc points(yield func(point) bool) { yield(point{1}) }\npoints2 := points")
	if _, out := h.ok("for p := range points2 { fmt.Println(p) }"); out != "{1}\n" {
		t.Errorf("range over a variable holding an iterator printed %q", out)
	}
}

// A cell's top-level defer statements run when the cell ends, last first,
// with the values their arguments had at the defer statement, as at the end
// of a function.
func TestTopLevelDefer(t *testing.T) {
	h := newHarness(t)
	tests := []step{
		{code: "x := 1\ndefer fmt.Println(\"x was\", x)\nx = 2\nfmt.Println(\"body\", x)", stdout: "body 2\nx was 1\n"},
		{code: "for i := range 3 { defer fmt.Println(\"deferred\", i) }\nfmt.Println(\"loop\")",
			stdout: "loop\ndeferred 2\ndeferred 1\ndeferred 0\n"},
		// A cancel func, a method value, a builtin and a func literal.
		{code: "ctx, cancel := context.WithCancel(context.Background())\ndefer cancel()\nctx.Err() == nil", value: "true"},
		{code: "ctx.Err()", value: "context canceled"},
		{code: "var wg sync.WaitGroup\nwg.Add(1)\ngo func() { defer wg.Done(); time.Sleep(10 * time.Millisecond); fmt.Println(\"goroutine\") }()\ndefer wg.Wait()", stdout: "goroutine\n"},
		{code: "ch := make(chan int, 1)\nch <- 7\ndefer close(ch)\ndefer fmt.Println(<-ch)\n\"value\"", value: `"value"`, stdout: "7\n"},
		{code: "func isOpen(c chan int) bool { _, ok := <-c; return ok }\nisOpen(ch)", value: "false"},
		{code: "n := 0\ndefer func() { n++; fmt.Println(\"n is\", n) }()\nn = 10", stdout: "n is 11\n"},
		// Untyped constants keep their kind: half takes a float64.
		{code: "const half = 0.5\nfunc times(f float64, n int) float64 { return f * float64(n) }", value: ""},
		{code: "defer fmt.Println(times(half, 3), times(2, 2), math.Pi > 3)", stdout: "1.5 4 true\n"},
		{code: "func f() { defer fmt.Println(\"deferred\"); fmt.Println(\"body\") }\nf()", stdout: "body\ndeferred\n"},
		// A receiver that changes later in the cell, or is a call's result,
		// is taken at the defer statement.
		{code: "type file struct{ name string }\nfunc (f *file) Close() { fmt.Println(\"close\", f.name) }\ntype temp struct{ n int }\nfunc (t temp) Show() { fmt.Println(\"show\", t.n) }"},
		{code: "f := &file{\"a\"}\ndefer f.Close()\nf = &file{\"b\"}\ndefer f.Close()\nt := temp{1}\ndefer t.Show()\nt = temp{2}",
			stdout: "show 1\nclose b\nclose a\n"},
		{code: "func open(name string) *file { fmt.Println(\"open\", name); return &file{name} }\ndefer open(\"c\").Close()\nfmt.Println(\"body\")",
			stdout: "open c\nbody\nclose c\n"},
		// Several results as the arguments, a generic function, range
		// variables, and a constant of an earlier cell made a variable.
		{code: "func pair() (int, int) { return 1, 2 }\nfunc add(a, b int) { fmt.Println(\"sum\", a+b) }\nfunc show[V any](v V) { fmt.Println(\"generic\", v) }\nconst level = 1"},
		{code: "defer fmt.Println(pair())\ndefer add(pair())\ndefer show(5)", stdout: "generic 5\nsum 3\n1 2\n"},
		{code: "type box struct{ N int }\nfor _, b := range []box{{1}, {2}} { defer fmt.Println(b.N); b.N = 99 }", stdout: "2\n1\n"},
		{code: "level := 5\ndefer fmt.Println(\"level\", level)\nlevel = 6", stdout: "level 5\n"},
	}
	h.expectSteps(tests)

	// They also run when the cell panics, and a panic in one does not keep
	// the others from running; the error lists both panics, as Go does.
	res, rec := h.run("defer fmt.Println(\"first deferred, last run\")\ndefer panic(\"in a deferred call\")\ndefer fmt.Println(\"cleanup\")\npanic(\"in the cell\")")
	if res.Err == nil || res.Err.Name != "panic" || res.Err.Value != "in the cell" ||
		!strings.Contains(strings.Join(res.Err.Traceback, "\n"), "and then, in a deferred call:\n"+red("panic: in a deferred call")) {
		t.Errorf("error %+v; want the cell's panic, then the deferred call's", res.Err)
	}
	if out := rec.stream("stdout"); out != "cleanup\nfirst deferred, last run\n" {
		t.Errorf("stdout %q", out)
	}
	if _, out := h.ok(`"still alive"`); out != "" {
		t.Errorf("stdout %q", out)
	}

	// Not when it is interrupted: yaegi stops every closure the cell made,
	// and the error says so.
	go func() { time.Sleep(200 * time.Millisecond); h.s.Interrupt() }()
	res, _ = h.run("defer fmt.Println(\"cleaned up\")\nselect {}")
	if res.Err == nil || res.Err.Name != "Interrupted" ||
		!strings.Contains(strings.Join(res.Err.Traceback, "\n"), "the cell's 1 deferred call did not run") {
		t.Errorf("interrupted cell: error %+v", res.Err)
	}
	if _, out := h.ok("defer fmt.Println(\"runs\")"); out != "runs\n" {
		t.Errorf("after an interrupt: stdout %q", out)
	}

	e := h.fails("defer func() { recover() }()\npanic(1)")
	if e.Name != "CompileError" || !strings.Contains(e.Value, "cannot recover the cell's panic: put the code in a function") {
		t.Errorf("%s: %s", e.Name, e.Value)
	}
}

// yaegi hands some interpreted values to compiled func(any) parameters in
// its own wrapper; the runtime packages unwrap them (hook.Unbox).
func TestValuesReachRuntimePackagesUnwrapped(t *testing.T) {
	h := newHarness(t)
	if _, out := h.ok("type B struct{ f func(any) }\nq := queue.New(0)\nb := B{q.Put}\nb.f(\"z\")\nfmt.Printf(\"%T %v\\n\", q.Get(), 1)"); out != "string 1\n" {
		t.Errorf("got %q", out)
	}
}

func TestUnnamedParameters(t *testing.T) {
	h := newHarness(t)
	v, _ := h.ok("type Sub interface { Send(msg any) }\ntype Counter struct { n int }\nfunc (c *Counter) Send(any) { c.n++ }\nvar s Sub = &Counter{}\ns.Send(\"x\")\ns.Send(2)\ns.(*Counter).n")
	if v != "2" {
		t.Errorf("method with an unnamed parameter: %q", v)
	}
}

// A comma-ok receive from a struct field's channel in a select hung in
// yaegi; the channel is now evaluated into a variable first.
func TestSelectCommaOkOnFieldChannel(t *testing.T) {
	h := newHarness(t)
	_, out := h.ok(`type S struct{ a chan int; b chan string }
s := &S{make(chan int), make(chan string)}
done := make(chan bool)
go func() {
	for {
		select {
		case m := <-s.b:
			fmt.Println("b", m)
		case v, ok := <-s.a:
			if !ok {
				done <- true
				return
			}
			fmt.Println("a", v)
		}
	}
}()
s.b <- "x"
s.a <- 3
close(s.a)
<-done`)
	if out != "b x\na 3\n" {
		t.Errorf("got %q", out)
	}
}

// print and println write to standard error, each call whole, formatted as
// Go's runtime formats them.
func TestPrintBuiltins(t *testing.T) {
	h := newHarness(t)
	tests := []struct{ code, stderr string }{
		{`println("n =", 42, true, 'x', uint8(7))`, "n = 42 true 120 7\n"},
		{`print("a", 1, "b", 2, "\n")`, "a1b2\n"},
		{`println(1.5, -0.25, 0.0, 1e100, float32(0.1), math.Inf(-1), math.NaN())`, "1.5 -0.25 0 1e+100 0.1 -Inf NaN\n"},
		{`println(complex(1, -2), complex64(complex(0.1, 2.5)))`, "(1-2i) (0.1+2.5i)\n"},
		{`var noErr error
println(noErr)`, "(0x0,0x0)\n"},
		{"x := 3\nprintln(\"x is\", x)", "x is 3\n"},
		{`println()`, "\n"},
	}
	for _, tt := range tests {
		res, rec := h.run(tt.code)
		if res.Err != nil {
			t.Fatalf("cell %q: %s", tt.code, res.Err.Value)
		}
		if got := rec.stream("stderr"); got != tt.stderr {
			t.Errorf("cell %q wrote %q to stderr; want %q", tt.code, got, tt.stderr)
		}
		if out := rec.stream("stdout"); out != "" {
			t.Errorf("cell %q wrote %q to stdout", tt.code, out)
		}
	}
	// An address prints in hex; a slice as [len/cap]address.
	_, rec := h.run("p := new(int)\ns := make([]int, 2, 5)\nprintln(p, s)")
	if got := rec.stream("stderr"); !regexp.MustCompile(`^0x[0-9a-f]+ \[2/5\]0x[0-9a-f]+\n$`).MatchString(got) {
		t.Errorf("println(p, s) wrote %q", got)
	}
	// Lines from many goroutines never mix.
	_, rec = h.run(`var pw sync.WaitGroup
for g := range 8 {
	pw.Add(1)
	go func() {
		defer pw.Done()
		for i := range 50 { println("goroutine", g, "line", i, "done") }
	}()
}
pw.Wait()`)
	lines := strings.Split(strings.TrimSuffix(rec.stream("stderr"), "\n"), "\n")
	line := regexp.MustCompile(`^goroutine \d line \d+ done$`)
	for _, l := range lines {
		if !line.MatchString(l) {
			t.Fatalf("mixed line %q", l)
		}
	}
	if len(lines) != 400 {
		t.Errorf("%d lines; want 400", len(lines))
	}
	// A cell's own println function wins over the builtin.
	if _, out := h.ok("func println(s string) { fmt.Println(\"mine:\", s) }\nprintln(\"hi\")"); out != "mine: hi\n" {
		t.Errorf("own println printed %q", out)
	}
}

// A func-typed struct field with `any` parameters gets its arguments as
// they are, not yaegi's internal wrappers of them.
func TestFuncFieldAnyArguments(t *testing.T) {
	h := newHarness(t)
	h.ok(`type handler struct {
	name string
	on   func(msg any, n int) string
}

func describe(msg any, n int) string { return fmt.Sprintf("%T %v %d", msg, msg, n) }
hd := handler{name: "h", on: describe}
q := queue.New(0)`)
	tests := []struct{ code, want string }{
		{"w := \"plain\"\nhd.on(w, 1)", `"string plain 1"`},
		{"q.Put(\"queued\")\nv := q.Get()\nhd.on(v, 2)", `"string queued 2"`},
		{"q.Put(7)\nn := q.Get().(int)\nhd.on(n, 3)", `"int 7 3"`},
		{"func relay(h handler, s string) string { return h.on(s, 4) }\nrelay(hd, \"in a func\")", `"string in a func 4"`},
		{"hp := &hd\nx := 2.5\nhp.on(x, 5)", `"float64 2.5 5"`},
		{"type other struct{ on func(e error) string }\no := other{on: func(e error) string { return fmt.Sprint(e) }}\no.on(nil)", `"<nil>"`},
		{"type msg struct{ id int }\nm := msg{9}\nhd2 := handler{on: func(x any, n int) string { got, ok := x.(msg); return fmt.Sprint(got.id, ok, n) }}\nhd2.on(m, 6)", `"9 true 6"`},
	}
	h.expectValues(tests)
}

// Branch statements in select cases: yaegi breaks the loop on a nested
// break, leaves it on continue, and spins on break L out of for {}.
func TestBranchesInSelect(t *testing.T) {
	h := newHarness(t)
	h.ok(`func feed(n int) (chan int, chan bool) {
	ch, done := make(chan int), make(chan bool)
	go func() { for i := range n { ch <- i }; close(done) }()
	return ch, done
}`)
	tests := []struct{ code, want string }{
		{`ch, done := feed(3)

var got []int
loop:
for {
	select {
	case v := <-ch:
		got = append(got, v)
	case <-done:
		break loop
	}
}
got`, "[0 1 2]"},
		{`ch, done := feed(4)
sum, rounds := 0, 0
for rounds < 100 {
	rounds++
	select {
	case v := <-ch:
		if v%2 == 1 {
			continue
		}
		sum += v
		continue
	case <-done:
	}
	break
}
[]int{sum, rounds}`, "[2 5]"},
		{`ch, done := feed(3)
seen := 0
outer:
for {
	for range 1 {
		select {
		case <-ch:
			seen++
			continue outer
		case <-done:
			break outer
		}
	}
}
seen`, "3"},
		{`ch, done := feed(5)
kept := []int{}
for running := true; running; {
	select {
	case v := <-ch:
		if v == 2 {
			break // leaves the select only
		}
		for i := range 10 {
			if i > 0 { break } // leaves this loop only
			kept = append(kept, v)
		}
	case <-done:
		running = false
	}
}
kept`, "[0 1 3 4]"},
		{`ch, done := feed(3)
other := make(chan int)
count := 0
for {
	select {
	case <-ch:
		select {
		case <-other:
		default:
			count++
			continue
		}
	case <-done:
	}
	break
}
count`, "3"},
	}
	h.expectValues(tests)
}

// slices.Sort, Min, Max and BinarySearch are generic, and so missing from
// yaegi; the session compiles its own when a cell mentions slices.
func TestSlicesGenerics(t *testing.T) {
	h := newHarness(t)
	tests := []struct{ code, want string }{
		{"xs := []int{5, 3, 9, 1, 7, 2, 8, 6, 4, 0, 11, 15, 13, 12, 14, 10}\nslices.Sort(xs)\nxs", "[0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15]"},
		{"ws := []string{\"pear\", \"fig\", \"apple\"}\nslices.Sort(ws)\nws", "[apple fig pear]"},
		{`type person struct { name string; age int }
ps := []person{{"ann", 30}, {"bob", 25}, {"cy", 30}, {"di", 20}}
slices.SortStableFunc(ps, func(a, b person) int { return cmp.Compare(a.age, b.age) })
ps`, "[{di 20} {bob 25} {ann 30} {cy 30}]"},
		{"[]any{slices.Min(xs), slices.Max(xs), slices.Contains(xs, 7), slices.IsSorted(xs)}", "[0 15 true true]"},
		{"i, found := slices.BinarySearch(xs, 9)\n[]any{i, found}", "[9 true]"},
		{"type IDs []int\nids := IDs{3, 1, 2}\nslices.Sort(ids)\nids", "[1 2 3]"},
		{"slices.MaxFunc(ps, func(a, b person) int { return cmp.Compare(len(a.name), len(b.name)) }).name", `"bob"`},
		// NaN sorts first and wins Min and Max, as in Go.
		{"fs := []float64{3, math.NaN(), 1, 2}\nslices.Sort(fs)\nfmt.Sprint(fs)", `"[NaN 1 2 3]"`},
		{"fmt.Sprint(slices.Max([]float64{1, math.NaN(), 2}), slices.Min([]float64{1, 2}))", `"NaN 1"`},
		{"j, ok := slices.BinarySearch(fs, 2)\n[]any{j, ok}", "[2 true]"},
	}
	h.expectValues(tests)
	if e := h.fails("slices.Min([]int{})"); e.Name != "panic" || e.Value != "slices.Min: empty list" {
		t.Errorf("slices.Min of nothing: %s: %s", e.Name, e.Value)
	}
}

// sync.WaitGroup.Go (Go 1.25) runs its function in a goroutine of the
// session: a panic there is the cell's error, not the end of the session.
func TestWaitGroupGo(t *testing.T) {
	h := newHarness(t)
	if v, _ := h.ok("var wg sync.WaitGroup\nvar n atomic.Int32\nfor range 5 { wg.Go(func() { n.Add(1) }) }\nwg.Wait()\nn.Load()"); v != "5" {
		t.Errorf("five wg.Go tasks counted %s", v)
	}
	res, rec := h.run("var wg2 sync.WaitGroup\nwg2.Go(func() { panic(\"in wg.Go\") })\nwg2.Wait()\n\"still here\"")
	if res.Err != nil || res.Value == nil || res.Value.Data["text/plain"] != `"still here"` {
		t.Fatalf("cell after the panic: %+v", res)
	}
	deadline := time.Now().Add(2 * time.Second)
	for len(rec.errorList()) == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if errs := rec.errorList(); len(errs) != 1 || errs[0].Value != "in wg.Go" {
		t.Errorf("errors reported: %+v", errs)
	}
	if v, _ := h.ok("type group struct { sync.WaitGroup; n int }\ng := &group{}\ng.Add(1)\ngo func() { g.n = 3; g.Done() }()\ng.Wait()\ng.n"); v != "3" {
		t.Errorf("embedded WaitGroup gave %s", v)
	}
}

// Ranging over a slice of channels with a value variable fails in yaegi
// ("call of reflect.Value.Len on int Value"); the session reads by index.
func TestRangeOverChannelSlices(t *testing.T) {
	h := newHarness(t)
	tests := []struct{ code, want string }{
		{"func count(cs ...<-chan int) int { n := 0; for _, c := range cs { n += cap(c) + 1 }; return n }\ncount(make(chan int, 2), make(chan int))", "4"},
		{"workers := make([]chan string, 3)\nfor i := range workers { workers[i] = make(chan string, 1) }\nfor i, w := range workers { w <- fmt.Sprint(\"w\", i) }\nout := \"\"\nfor _, w := range workers { out += <-w }\nout", `"w0w1w2"`},
		// workers is a session variable now: found through the globals.
		{"var caps []func() int\nfor _, w := range workers { caps = append(caps, func() int { return cap(w) }) }\ncaps[0]() + caps[2]()", "2"},
		{"word := \"héllo\"\nrunes := 0\nfor _, r := range word { if r > 0 { runes++ } }\nrunes", "5"},
		// The same name as a range variable over strings: left alone.
		{"merge := func(cs ...<-chan int) {}\n_ = merge\nres := \"\"\nfor _, cs := range []string{\"hé\"} { for i, r := range cs { res += fmt.Sprint(i, string(r)) } }\nres", `"0h1é"`},
		// The range expression is evaluated once, as in Go.
		{"cs := []chan int{make(chan int), make(chan int), make(chan int)}\nn := 0\nfor _, c := range cs { cs = cs[:1]; _ = c; n++ }\nn", "3"},
		{"arr := [2]chan int{make(chan int, 1), make(chan int, 2)}\ntotal := 0\nouter:\nfor i, c := range arr { if i == 5 { continue outer }; total += cap(c) }\ntotal", "3"},
		// The slices held by a map: subscribers by topic.
		{"subs := map[string][]chan string{}\nfor range 2 { subs[\"news\"] = append(subs[\"news\"], make(chan string, 1)) }\nfor _, ch := range subs[\"news\"] { ch <- \"extra!\" }\n<-subs[\"news\"][1]", `"extra!"`},
	}
	h.expectValues(tests)
	// Where the slice's type shows nowhere (a struct's field), yaegi's
	// failure comes with the way around it.
	h.ok("type hub struct{ subs [][]chan int }\nfunc newHub() *hub { return &hub{subs: [][]chan int{{make(chan int, 1)}}} }")
	res, _ := h.run("hb := newHub()\nfor _, c := range hb.subs[0] { c <- 1 }")
	if res.Err != nil && (res.Err.Name != "panic" || !strings.Contains(strings.Join(res.Err.Traceback, "\n"), "Range over the indexes instead")) {
		t.Errorf("%s: %s", res.Err.Name, strings.Join(res.Err.Traceback, "\n"))
	}
}

// errors.As finds errors of types declared in cells, which reach compiled
// code inside yaegi's wrappers.
func TestErrorsAs(t *testing.T) {
	h := newHarness(t)
	h.ok(`type codeErr struct{ code int }

func (e *codeErr) Error() string { return fmt.Sprint("code ", e.code) }

func fail(n int) error { return &codeErr{n} }`)
	tests := []struct{ code, want string }{
		{"var ce *codeErr\n[]any{errors.As(fail(42), &ce), ce.code}", "[true 42]"},
		{"var ce2 *codeErr\nwrapped := fmt.Errorf(\"saving: %w\", fail(7))\n[]any{errors.As(wrapped, &ce2), ce2.code, wrapped.Error()}", "[true 7 saving: code 7]"},
		{"var ce3 *codeErr\nerrors.As(errors.New(\"plain\"), &ce3)", "false"},
		{"var ce4 *codeErr\njoined := errors.Join(errors.New(\"a\"), fail(9))\n[]any{errors.As(joined, &ce4), ce4.code}", "[true 9]"},
		{"_, err := os.Open(\"/no/such/file\")\nvar pe *os.PathError\n[]any{errors.As(err, &pe), pe.Op}", "[true open]"},
	}
	h.expectValues(tests)
}

// A value shown at the end of a cell uses its String or Error method, as
// printing it does: for a cell's types and the runtime packages' alike.
func TestShownValuesUseTheirMethods(t *testing.T) {
	h := newHarness(t)
	h.expectValues([]idiom{
		{"type Celsius float64\nfunc (c Celsius) String() string { return fmt.Sprintf(\"%.1f°C\", float64(c)) }\nCelsius(21.5)", "21.5°C"},
		{"type codeErr struct{ code int }\nfunc (e *codeErr) Error() string { return fmt.Sprint(\"code \", e.code) }\nvar err error = &codeErr{3}\nerr", "code 3"},
		{"type plain struct{ A int }\nplain{1}", "{A:1}"},
		{"lock := threading.NewLock()\nlock.Acquire()\nlock", "<locked threading.Lock>"},
		{"q := queue.New(4)\nq.Put(\"job\")\nq", "<queue.Queue maxsize=4 qsize=1>"},
		{"threading.NewEvent()", "<threading.Event unset>"},
		// Error before String, as fmt does.
		{"type both struct{}\nfunc (both) Error() string { return \"as error\" }\nfunc (both) String() string { return \"as string\" }\nboth{}", "as error"},
		// A String method that panics ends the display, not the session.
		{"type bad struct{}\nfunc (bad) String() string { panic(&threading.Barrier{}) }\nbad{}",
			"(the value could not be shown: its String or Error method panicked: runtime error: invalid memory address or nil pointer dereference)"},
		{"q.Qsize()", "1"},
	})
}

// Run-time errors that reach a cell in reflect's words, because yaegi
// makes the operation through reflect, read as Go would word them.
func TestRuntimeErrorsInGoWords(t *testing.T) {
	h := newHarness(t)
	for _, tt := range []struct{ code, value, said, at string }{
		// The interpreter raises the runtime's own errors (yaegi patch 0061).
		{"s := []int{1}\ni := 3\ns[i]", "runtime error: index out of range [3] with length 1", "", "at cell[1]:3:1 in the cell"},
		{"type P struct{ x int }\nvar p *P\nfunc (p *P) get() int { return p.x }\np.get()", "runtime error: invalid memory address or nil pointer dereference", "", "in get"},
		{"var v any = \"s\"\nv.(int)", "interface conversion: interface {} is string, not int", "", "at cell[3]:2:1"},
		// (patch 0088: a method of a nil interface)
		{"var e error\ne.Error()", "runtime error: invalid memory address or nil pointer dereference", "", "at cell[4]:2:1"},
		// A learner's own panic stays as it is.
		{"panic(\"12:30: lunch\")", "12:30: lunch", "", "at cell[5]:1:1"},
	} {
		e := h.fails(tt.code)
		tb := strings.Join(e.Traceback, "\n")
		if e.Value != tt.value || !strings.Contains(tb, tt.at) || tt.said != "" && !strings.Contains(tb, "(the interpreter's words: ") ||
			!strings.Contains(tb, tt.said) {
			t.Errorf("cell %q: %s\n%s", tt.code, e.Value, tb)
		}
	}
	res, rec := h.run("go func() { var m []int; _ = m[2] }()")
	waitErrors(rec, 1)
	errs := rec.errorList()
	if res.Err != nil || len(errs) != 1 || errs[0].Value != "runtime error: index out of range [2] with length 0" {
		t.Errorf("goroutine: %+v %+v", res.Err, errs)
	}
	e := h.fails("xs := []int{1, 2}\nlen(xs), cap(xs)")
	if !strings.Contains(e.Value, "expected 1 expression: a line holds one expression; to see several values, print them") {
		t.Errorf("%s", e.Value)
	}
}

// Locks passed by value, and WaitGroup.Add inside the goroutine it counts,
// get a warning before the cell runs, as go vet would give; the cell still
// runs.
func TestCopiedLocksWarning(t *testing.T) {
	h := newHarness(t)
	for _, tt := range []struct{ code, stderr string }{
		{"func worker(id int, wg sync.WaitGroup) { defer wg.Done() }",
			"⚠ cell[1]:1: worker takes the sync.WaitGroup wg by value, so it gets a copy: its Done never reaches the caller's " +
				"WaitGroup, whose Wait then waits for ever. Take a pointer, wg *sync.WaitGroup, and pass the address of the caller's " +
				"(go vet calls this \"passes lock by value\").\n"},
		{"type counter struct {\n\tmu sync.Mutex\n\tn  int\n}\nfunc (c counter) inc() { c.mu.Lock(); c.n++; c.mu.Unlock() }",
			"⚠ cell[2]:5: the method inc has a value receiver, so it works on a copy of counter, its sync.Mutex mu included: " +
				"locking the copy keeps no other goroutine out. Use a pointer receiver: func (c *counter) inc(...).\n"},
		// The type from an earlier cell, embedding the lock.
		{"type safe struct{ sync.RWMutex; m map[string]int }", ""},
		{"func (s safe) put(k string) { s.Lock(); s.m[k]++; s.Unlock() }\nfunc (s *safe) get(k string) int { return s.m[k] }",
			"⚠ cell[4]:1: the method put has a value receiver, so it works on a copy of safe, its embedded sync.RWMutex included: " +
				"locking the copy keeps no other goroutine out. Use a pointer receiver: func (s *safe) put(...).\n"},
		{"func fine(wg *sync.WaitGroup, mu *sync.Mutex) {}\nrun := func(mu *sync.Mutex) {}\n_ = run", ""},
		// WaitGroup.Add inside the goroutine it counts.
		{"var wg sync.WaitGroup\nfor i := range 3 {\n\tgo func() {\n\t\twg.Add(1)\n\t\tdefer wg.Done()\n\t\t_ = i\n\t}()\n}\nwg.Wait()",
			"⚠ cell[6]:4: wg.Add runs inside the goroutine it counts, so wg.Wait may run first and return before the goroutine " +
				"has started. Call wg.Add(1) before the go statement (go vet: \"WaitGroup.Add called from inside new goroutine\").\n"},
		{"var wg2 sync.WaitGroup\nwg2.Add(1)\ngo func() { defer wg2.Done() }()\nwg2.Wait()", ""},
		// A counted goroutine that counts the ones it starts is right.
		{"wg3 := &sync.WaitGroup{}\nwg3.Add(1)\ngo func() {\n\tdefer wg3.Done()\n\tfor range 2 { wg3.Add(1); go func() { defer wg3.Done() }() }\n}()\nwg3.Wait()", ""},
		// A struct holding a lock, by value, also nested or in a generic type.
		{"type counter2 struct{ inner counter }\nfunc tally(c counter2) {}\ntype stack[T any] struct{ mu sync.Mutex; items []T }\nfunc (s stack[T]) size() int { return len(s.items) }",
			"⚠ cell[9]:2: tally takes the counter2 c by value, and with it a copy of its sync.Mutex mu: locking the copy keeps no " +
				"other goroutine out. Take a pointer, c *counter2 (go vet calls this \"passes lock by value\").\n" +
				"⚠ cell[9]:4: the method size has a value receiver, so it works on a copy of stack, its sync.Mutex mu included: " +
				"locking the copy keeps no other goroutine out. Use a pointer receiver: func (s *stack[T]) size(...).\n"},
	} {
		res, rec := h.run(tt.code)
		if res.Err != nil || rec.stream("stderr") != tt.stderr {
			t.Errorf("cell %q: error %v, stderr\n%s\nwant\n%s", tt.code, res.Err, rec.stream("stderr"), tt.stderr)
		}
	}
}

// A cell refused for redefining a type still shows the warnings of its
// other declarations, and a WaitGroup that comes out of a comma-ok type
// assertion is known to be one.
func TestWarningsBesideARefusal(t *testing.T) {
	h := newHarness(t)
	h.ok("type box struct{ n int }")
	res, rec := h.run("type box struct{ n, m int }\nfunc take(wg sync.WaitGroup) {}")
	if res.Err == nil || !strings.Contains(res.Err.Value, "type box is already declared, differently, in cell[1]") {
		t.Errorf("the redefinition: %v", res.Err)
	}
	if got := rec.stream("stderr"); !strings.Contains(got, "⚠ cell[2]:2: take takes the sync.WaitGroup wg by value") {
		t.Errorf("stderr %q; want the copied-lock warning", got)
	}
	res, rec = h.run("var x any = &sync.WaitGroup{}\nwg, ok := x.(*sync.WaitGroup)\n_ = ok\ngo func() { wg.Add(1); wg.Done() }()")
	if res.Err != nil || !strings.Contains(rec.stream("stderr"), "⚠ cell[3]:4: wg.Add runs inside the goroutine it counts") {
		t.Errorf("error %v, stderr %q; want the WaitGroup warning", res.Err, rec.stream("stderr"))
	}
}

// A loop variable named like the limit that range-int introduces (__n1)
// keeps its own per-iteration copies.
func TestLoopVariableNamedLikeAGeneratedOne(t *testing.T) {
	h := newHarness(t)
	h.ok("func fns() []func() int {\n\tvar fs []func() int\n\tfor n1 := range 3 {\n\t\tfs = append(fs, func() int { return n1 })\n\t}\n\treturn fs\n}")
	if v, _ := h.ok("fs := fns()\nfmt.Sprint(fs[0](), fs[1](), fs[2]())"); v != `"0 1 2"` {
		t.Errorf("got %s; want \"0 1 2\"", v)
	}
}

// The assignment forms of range and of a select case assign, as in Go: at
// a cell's top level, in a function, in a method, in a goroutine, over a
// slice, a map, a channel and an integer, with break, and empty bodies.
func TestAssignmentForms(t *testing.T) {
	h := newHarness(t)
	h.ok("type acc struct{ last int }\nfunc (a *acc) scan(xs []int) { for a.last = range xs {} }")
	for _, tt := range []struct{ cell, want string }{
		{"i := 5\nfor i = range []int{7, 8} {\n}\ni", "1"},
		{"func lastKey() (k string, v int) {\n\tfor k, v = range map[string]int{\"only\": 3} {\n\t}\n\treturn\n}\nfmt.Sprint(lastKey())", `"only3"`},
		{"a := &acc{last: -1}\na.scan([]int{4, 5, 6})\na.last", "2"},
		{"done := make(chan int)\ngo func() {\n\tn := -1\n\tfor n = range 4 {\n\t\tif n == 2 {\n\t\t\tbreak\n\t\t}\n\t}\n\tdone <- n\n}()\n<-done", "2"},
		{"ch := make(chan int, 2)\nch <- 10\nch <- 20\nclose(ch)\nvar got int\nfor got = range ch {\n}\ngot", "20"},
		{"c := make(chan int, 1)\nvar v int\nc <- 42\nselect {\ncase v = <-c:\n}\nv", "42"},
		{"func recv() (int, bool) {\n\tc := make(chan int, 1)\n\tc <- 7\n\tclose(c)\n\tvar v int\n\tvar ok bool\n\tfor range 2 {\n\t\tselect {\n\t\tcase v, ok = <-c:\n\t\t}\n\t}\n\treturn v, ok\n}\nfmt.Sprint(recv())", `"0 false"`},
		{"res := make(chan string)\ngo func() {\n\tc := make(chan string, 1)\n\tc <- \"in a goroutine\"\n\tvar s string\n\tselect {\n\tcase s = <-c:\n\t\tres <- s\n\t}\n}()\n<-res", `"in a goroutine"`},
	} {
		if got, _ := h.ok(tt.cell); got != tt.want {
			t.Errorf("cell %q shows %s; want %s (what Go prints)", tt.cell, got, tt.want)
		}
	}
}

// A function's deferred call gets its arguments, function value and
// receiver as they were at the defer statement, as in Go: in a function,
// a loop, a method, a goroutine; a deferred recover still recovers.
func TestDeferArgumentsInFunctions(t *testing.T) {
	h := newHarness(t)
	h.ok("var got []int\nfunc show(x int) { got = append(got, x) }\ntype box struct{ n int }\nfunc (b box) put() { got = append(got, b.n) }")
	for _, tt := range []struct{ cell, want string }{
		{"func once() {\n\tx := 1\n\tdefer show(x)\n\tx = 2\n}\ngot = nil\nonce()\ngot", "[1]"},
		// In a loop, a defer of nothing the loop declares.
		{"func loop() {\n\tfor range 3 {\n\t\tdefer show(4)\n\t}\n}\ngot = nil\nloop()\ngot", "[4 4 4]"},
		{"func swap() {\n\tf := show\n\tdefer f(7)\n\tf = func(int) { got = append(got, -1) }\n}\ngot = nil\nswap()\ngot", "[7]"},
		{"func recv() {\n\tb := box{n: 5}\n\tdefer b.put()\n\tb = box{n: 6}\n}\ngot = nil\nrecv()\ngot", "[5]"},
		{"done := make(chan bool)\ngot = nil\ngo func() {\n\tdefer func() { done <- true }()\n\tv := 3\n\tdefer show(v)\n\tv = 4\n}()\n<-done\ngot", "[3]"},
		{"func safe() (r string) {\n\tdefer func() { r = fmt.Sprint(recover()) }()\n\tpanic(\"caught\")\n}\nsafe()", `"caught"`},
		// In a loop, each iteration's values (yaegi patch 0013).
		{"func closeAll(fs []func(int)) {\n\tfor i, f := range fs {\n\t\tdefer f(i)\n\t}\n}\ngot = nil\ncloseAll([]func(int){show, func(k int) { show(10 + k) }})\ngot", "[11 0]"},
		{"func countdown() {\n\tfor i := 0; i < 3; i++ {\n\t\tdefer show(i)\n\t\tdefer func(k int) { show(k * 10) }(i)\n\t}\n}\ngot = nil\ncountdown()\ngot", "[20 2 10 1 0 0]"},
		{"func (b box) each(bs []box) {\n\tfor _, x := range append(bs, b) {\n\t\tdefer x.put()\n\t}\n}\ngot = nil\nbox{3}.each([]box{{1}, {2}})\ngot", "[3 2 1]"},
		{"done := make(chan bool)\ngot = nil\ngo func() {\n\tdefer func() { done <- true }()\n\tfor _, w := range []string{\"a\", \"bb\"} {\n\t\tdefer show(len(w))\n\t}\n}()\n<-done\ngot", "[2 1]"},
		{"f := func() (out string) {\n\tdefer func() { out = fmt.Sprint(got) }()\n\tfor k := range 3 {\n\t\tdefer show(k)\n\t}\n\treturn\n}\ngot = nil\nf()", `"[2 1 0]"`},
		{"func safeLoop() (r string) {\n\tfor i := range 2 {\n\t\tdefer show(i)\n\t}\n\tdefer func() { r = fmt.Sprint(recover(), got) }()\n\tpanic(\"caught\")\n}\ngot = nil\nsafeLoop()", `"caught[]"`},
	} {
		if got, _ := h.ok(tt.cell); got != tt.want {
			t.Errorf("cell %q shows %s; want %s (what Go prints)", tt.cell, got, tt.want)
		}
	}
	// A deferred func literal, or a receiver other than a variable, using
	// what a loop declares cannot be made right in the interpreter:
	// refused, with what to write.
	for _, cell := range []string{
		"func later() {\n\tfor i := 0; i < 3; i++ {\n\t\tv := i\n\t\tdefer func() { show(v) }()\n\t}\n}",
		"func puts(bs []box) {\n\tfor i := range bs {\n\t\tdefer bs[i].put()\n\t}\n}",
	} {
		if e := h.fails(cell); !strings.Contains(e.Value, "the interpreter gives every call that a defer statement in a loop defers") ||
			!strings.Contains(e.Value, "%%run") {
			t.Errorf("a defer in a loop: %s", e.Value)
		}
	}
}

// An assignment of several values with a call among them assigns every
// value, as in Go: at a cell's top level, in a function, a method and a
// goroutine, the call first or last, and swapping through a call.
func TestParallelAssignment(t *testing.T) {
	h := newHarness(t)
	h.ok("func f(x int) int { return x }\ntype pair struct{ a, b int }\nfunc (p *pair) set(x int) { p.a, p.b = x+1, f(x) }")
	for _, tt := range []struct{ cell, want string }{
		{"a := 1\nvar w, g int\nw, g = a+1, f(a)\nfmt.Sprint(w, g)", `"2 1"`},
		{"func t3() string { a := 1; var w, g int; w, g = f(a), a+1; return fmt.Sprint(w, g) }\nt3()", `"1 2"`},
		{"p := &pair{}\np.set(5)\nfmt.Sprint(p.a, p.b)", `"6 5"`},
		{"res := make(chan string)\ngo func() {\n\tx, y, z := 0, 0, 0\n\tx, y, z = f(1), 2, f(3)\n\tres <- fmt.Sprint(x, y, z)\n}()\n<-res", `"1 2 3"`},
		{"m, n := 1, 2\nm, n = f(n), m\nfmt.Sprint(m, n)", `"2 1"`},
	} {
		if got, _ := h.ok(tt.cell); got != tt.want {
			t.Errorf("cell %q shows %s; want %s (what Go prints)", tt.cell, got, tt.want)
		}
	}
}

// os.Exit in a cell ends the cell with its status, runs no deferred call
// (in a function, at the cell's top level, in a goroutine), stops the
// cell's goroutines, and keeps the session; os.Args is a program's.
func TestOsExit(t *testing.T) {
	h := newHarness(t)
	var unstoppable atomic.Value
	h.s.Unstoppable = func(report string) { unstoppable.Store(report) }
	if v, _ := h.ok("kept := 1\nlen(os.Args)"); v != "1" {
		t.Errorf("len(os.Args) = %s", v)
	}
	res, rec := h.run("func g() {\n\tdefer fmt.Println(\"deferred in g\")\n\tos.Exit(3)\n}\ndefer fmt.Println(\"deferred in the cell\")\nfmt.Println(\"before\")\ng()\nfmt.Println(\"after\")")
	if res.Err == nil || res.Err.Name != "Exit" || !strings.Contains(res.Err.Value, "exit status 3") || rec.stream("stdout") != "before\n" {
		t.Errorf("os.Exit(3): %v, stdout %q", res.Err, rec.stream("stdout"))
	}
	res, rec = h.run("done := make(chan bool)\ngo func() {\n\tdefer fmt.Println(\"deferred in the goroutine\")\n\tos.Exit(0)\n}()\n<-done")
	if res.Err != nil || rec.stream("stdout") != "" {
		t.Errorf("os.Exit(0) in a goroutine: %v, stdout %q", res.Err, rec.stream("stdout"))
	}
	time.Sleep(4 * time.Second) // past the check for goroutines a stop left behind
	// (Other tests' sessions share the process's goroutine profile: only
	// a report of the exited goroutines would be this test's failure.)
	if r, _ := unstoppable.Load().(string); strings.Contains(r, "exit") {
		t.Errorf("the exited goroutines were taken for ones a stop could not end:\n%s", r)
	}
	if v, _ := h.ok("kept + 1"); v != "2" {
		t.Errorf("kept + 1 = %s", v)
	}
}

// Constants of a named integer type (iota groups) and the untyped
// constant of a shift by a variable have Go's types (passes const-values
// and shift-operands): a String method over their bits reads the right
// value, at the top level, in a function, a method, a goroutine and a
// closure.
func TestTypedConstantsAndShifts(t *testing.T) {
	h := newHarness(t)
	h.ok(`type Perm uint8

const (
	Read Perm = 1 << iota
	Write
	Exec
	_
	Admin
)

func (p Perm) String() string {
	var parts []string
	for i, name := range []string{"r", "w", "x", "?", "A"} {
		if p&(1<<i) != 0 {
			parts = append(parts, name)
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, "|")
}

func (p Perm) Has(q Perm) bool { return p&q == q }`)
	for _, tt := range []struct{ cell, want string }{
		{"u := Read | Exec\nfmt.Sprint(u, Admin|Read, Perm(0), u&Exec == Exec)", `"r|x r|A none true"`},
		{"func grant() Perm {\n\tconst (\n\t\tlow Perm = 1 << iota\n\t\thigh\n\t)\n\treturn low | high\n}\ngrant().String()", `"r|w"`},
		{"(Read | Write).Has(Write)", "true"},
		{"done := make(chan string)\ngo func() { done <- (Write | Admin).String() }()\n<-done", `"w|A"`},
		{"mask := func(n int) uint64 { var m uint64; for i := 0; i < n; i++ { m |= 1 << (2 * i) }; return m }\nmask(3)", "21"},
	} {
		if got, _ := h.ok(tt.cell); got != tt.want {
			t.Errorf("cell %q shows %s; want %s (what Go prints)", tt.cell, got, tt.want)
		}
	}
}

// A recovered value has its type (an assertion and a type switch match
// it), a type switch matches an interface case and a cell's type, and fmt
// calls the String method of a call's result and of an interface value:
// in functions, methods, goroutines and at the top level.
func TestRecoveredValuesAndTypeSwitches(t *testing.T) {
	h := newHarness(t)
	h.ok(`type calcError struct{ op string }

func (e calcError) Error() string { return "unknown operator " + e.op }

type State int

func (s State) String() string { return [...]string{"idle", "connected"}[s] }

func next() State { return 1 }

type Namer interface{ Name() string }

type Email struct{ Addr string }

func (e Email) Name() string   { return "email" }
func (e Email) String() string { return "<" + e.Addr + ">" }

func catch(f func()) (r any) {
	defer func() { r = recover() }()
	f()
	return nil
}

func kind(v any) string {
	switch v.(type) {
	case nil:
		return "nil"
	case calcError:
		return "calcError"
	case error:
		return "error"
	case string:
		return "string"
	}
	return "other"
}

type box struct{}

func (box) open(f func()) string { return kind(catch(f)) }`)
	for _, tt := range []struct{ cell, want string }{
		{`r := catch(func() { panic("s") })
s, ok := r.(string)
fmt.Sprint(s, " ", ok)`, `"s true"`},
		{`fmt.Sprintln(kind(catch(func() { panic(calcError{"x"}) })), kind(catch(func() { panic(errors.New("e")) })), kind(catch(func() {})))`, `"calcError error nil\n"`},
		{`box{}.open(func() { var m map[string]int; m["a"] = 1 })`, `"error"`},
		{"done := make(chan string)\ngo func() { done <- kind(catch(func() { panic(calcError{\"g\"}) })) }()\n<-done", `"calcError"`},
		{`var e error = calcError{"z"}
c, ok := e.(calcError)
fmt.Sprint(c.op, " ", ok)`, `"z true"`},
		{`var n Namer = Email{"ops@example.com"}
fmt.Sprint(next(), " ", n, " ", []any{1}[0])`, `"connected <ops@example.com> 1"`},
		{"func show() string {\n\tvar n Namer = Email{\"a\"}\n\treturn fmt.Sprintf(\"%v|%s\", next(), n)\n}\nshow()", `"connected|<a>"`},
	} {
		if got, _ := h.ok(tt.cell); got != tt.want {
			t.Errorf("cell %q shows %s; want %s (what Go prints)", tt.cell, got, tt.want)
		}
	}
}

// What the interpreter cannot make right is refused, naming the construct
// and %%run: a type switch case, a type assertion or a comparison that
// would take a value of a cell's type for what it is made of (or for
// another type made of the same, once a cell puts one into an interface),
// in whichever cell the types were declared; a context's values, keyed by
// a type of their own, are not.
func TestRefusedTwinTypes(t *testing.T) {
	h := newHarness(t)
	h.ok("type Duration int")
	h.ok("type Label string\nfunc (l Label) String() string { return \"<\" + string(l) + \">\" }")
	h.ok("type ctxKey string")
	for _, tt := range []struct{ cell, names string }{
		{"func render(v any) string {\n\tswitch v.(type) {\n\tcase int:\n\t\treturn \"int\"\n\tcase Duration:\n\t\treturn \"duration\"\n\t}\n\treturn \"\"\n}", "int from Duration"},
		{"var v any = 5\nd, ok := v.(Duration)\nfmt.Println(d, ok)", "Duration from int"},
		{"var s fmt.Stringer = Label(\"x\")\nfmt.Println(s == Label(\"x\"))", ""},
		{"items := make(chan any, 1)\nitems <- Label(\"a\")\ngo func() { fmt.Println((<-items) == \"a\") }()", "string from Label"},
	} {
		if tt.names == "" {
			h.ok(tt.cell)
			continue
		}
		e := h.fails(tt.cell)
		if !strings.Contains(e.Value, "cannot tell "+tt.names+" in an interface") || !strings.Contains(e.Value, "%%run") {
			t.Errorf("cell %q: %s: %s; want a refusal naming %s, and %%%%run", tt.cell, e.Name, e.Value, tt.names)
		}
	}
	if v, _ := h.ok("ctx := context.WithValue(context.Background(), ctxKey(\"user\"), \"ann\")\nuser, _ := ctx.Value(ctxKey(\"user\")).(string)\nuser"); v != `"ann"` {
		t.Errorf("a context's value: %s; want \"ann\"", v)
	}
	// A type whose values are only printed is no twin: x.(int) runs.
	h.ok("type Level int\nfunc (l Level) String() string { return [...]string{\"low\", \"high\"}[l] }")
	if _, out := h.ok("fmt.Println(Level(1))\nm := map[string]any{\"n\": 2}\nn, ok := m[\"n\"].(int)\nfmt.Println(n, ok)"); out != "high\n2 true\n" {
		t.Errorf("an assertion to int beside a printed Level: %q", out)
	}
	// Put into an interface, it is.
	h.ok("var levels = []any{Level(0)}")
	if e := h.fails("n2, _ := levels[0].(int)\nfmt.Println(n2)"); !strings.Contains(e.Value, "cannot tell int from Level") {
		t.Errorf("an assertion to int once a Level is in an interface: %s", e.Value)
	}
}

// fmt prints values of cells' types as the compiled program does (the
// interpreter hands them to session's fmtValue): unexported field names,
// the String and Error methods of their parts, %T of an interface's value,
// at the top level, in a function, a method, a closure and a goroutine;
// json leaves unexported fields out.
func TestPrintCellTypes(t *testing.T) {
	h := newHarness(t)
	h.ok("type Money int64\nfunc (m Money) String() string { return fmt.Sprint(\"$\", int64(m)) }\n" +
		"type Line struct{ name string; Price Money }\ntype Point struct{ X, Y int }\n" +
		"type NotFound struct{ Key string }\nfunc (e *NotFound) Error() string { return \"no \" + e.Key }")
	h.expectSteps([]step{
		{code: "l := Line{\"tea\", 5}\nfmt.Printf(\"%v|%+v|%#v\\n\", l, l, l)", stdout: "{tea $5}|{name:tea Price:$5}|main.Line{name:\"tea\", Price:5}\n"},
		{code: "func show(ls []Line) string { return fmt.Sprint(ls, map[string]Money{\"b\": 2, \"a\": 1}) }\nfmt.Println(show([]Line{{\"a\", 1}}))", stdout: "[{a $1}] map[a:$1 b:$2]\n"},
		{code: "func (l Line) Show() string { return fmt.Sprintf(\"%+v %T\", &l, &l) }\nfmt.Println(Line{\"b\", 2}.Show())", stdout: "&{name:b Price:$2} *main.Line\n"},
		{code: "var a any = Point{1, 2}\nf := func() { fmt.Printf(\"%T %+v\\n\", a, a) }\nf()", stdout: "main.Point {X:1 Y:2}\n"},
		{code: "done := make(chan bool)\ngo func() { fmt.Println([]any{Line{\"c\", 3}, Money(4)}); done <- true }()\n<-done", value: "true", stdout: "[{c $3} $4]\n"},
		{code: "var err error = &NotFound{\"k\"}\nw := fmt.Errorf(\"load: %w\", err)\nvar nf *NotFound\nfmt.Printf(\"%v %T %v\\n\", w, err, errors.As(w, &nf))", stdout: "load: no k *main.NotFound true\n"},
		{code: "import \"encoding/json\"\nb, _ := json.Marshal(Line{\"d\", 6})\nfmt.Println(string(b))", stdout: "{\"Price\":6}\n"},
		{code: "type box struct{ v any; M Money }\nfmt.Printf(\"%+v\\n\", box{Money(7), 8})", stdout: "{v:7 M:$8}\n"},
	})
	// Two types alike in their fields have one run-time type: which one an
	// interface holds is not known, and printing it is refused.
	h.ok("type A struct{ N int }\ntype B struct{ N int }\nvar x any = B{1}\nvar y any = A{2}")
	e := h.fails("fmt.Println(x)")
	if !strings.Contains(e.Value, "main.A and main.B") || !strings.Contains(e.Value, "%%run") {
		t.Errorf("%s: %s; want a refusal naming main.A and main.B, and %%%%run", e.Name, e.Value)
	}
}

// Every function and method that prints as fmt does gives a cell's
// values their String methods, log's and the runtime's logging too; and
// Print and Sprint put no space beside an operand of a string type, which
// is a string even with a String method.
func TestPrintersUseStringMethods(t *testing.T) {
	h := newHarness(t)
	h.ok("import \"log\"\ntype Name string\nfunc (n Name) String() string { return \"<\" + string(n) + \">\" }\n" +
		"type Temp float64\nfunc (t Temp) String() string { return fmt.Sprintf(\"%.1fC\", float64(t)) }\n" +
		"type Job struct{ id int }\nfunc (j Job) String() string { return fmt.Sprint(\"job-\", j.id) }")
	h.expectSteps([]step{
		{code: `fmt.Sprint(Name("a"), Name("b"), 1, Temp(2), Temp(3), "s", Name("c"))`, value: `"<a><b>1 2.0C 3.0Cs<c>"`},
		{code: "a, b := Name(\"x\"), Name(\"y\")\nfmt.Print(a, b, Job{1}, Job{2}, \"\\n\")\nfmt.Println(a, b)", stdout: "<x><y>job-1 job-2\n<x> <y>\n"},
		{code: "func both(n Name) string { return fmt.Sprint(n, n) }\nboth(\"z\")", value: `"<z><z>"`},
		{code: "fmt.Println(string(fmt.Append(nil, a, b)), string(fmt.Appendf(nil, \"%v\", Job{3})))", stdout: "<x><y> job-3\n"},
		{code: "l := log.New(os.Stdout, \"l: \", 0)\nl.Print(a, b, Job{4})\nl.Printf(\"%v %s %d\", Job{5}, a, 6)\nl.Println(Job{7}, Temp(8))",
			stdout: "l: <x><y>job-4\nl: job-5 <x> 6\nl: job-7 8.0C\n"},
		{code: "log.SetOutput(os.Stdout)\nlog.SetFlags(0)\nlog.Print(a, Job{1})\nlog.Printf(\"%v|%v\", Job{2}, Temp(1))\nlog.Println(a, Job{3})",
			stdout: "<x>job-1\njob-2|1.0C\n<x> job-3\n"},
		// log.Default() is the same logger, set as the package's.
		{code: "log.Default().Printf(\"default: %v\", Job{4})\nlog.SetPrefix(\"> \")\nlog.Default().Print(a)\nlog.SetPrefix(\"\")", stdout: "default: job-4\n> <x>\n"},
		{code: "logging.BasicConfig(logging.Config{Stream: os.Stdout, Format: \"%(levelname)s %(message)s\", Level: logging.INFO})\n" +
			"logging.Info(\"ran %v at %s\", Job{8}, Temp(9))\nlogging.GetLogger(\"w\").Warning(\"late: %v\", Job{9})",
			stdout: "INFO ran job-8 at 9.0C\nWARNING late: job-9\n"},
		{code: "go func() { log.Printf(\"in a goroutine: %v\", Job{10}) }()\ntime.Sleep(50 * time.Millisecond)", stdout: "in a goroutine: job-10\n"},
		{code: "go fmt.Println(\"go statement:\", Job{11}, a)\ntime.Sleep(200 * time.Millisecond)", stdout: "go statement: job-11 <x>\n"},
	})
}

// Generics run as copies for each list of type arguments (cellsource's
// pass instantiate): declared in one cell, instantiated in later ones, at
// the top level, in a function, a method, a closure and a goroutine, with
// %T as Go prints the instance.
func TestGenericsByInstantiation(t *testing.T) {
	h := newHarness(t)
	h.expectSteps([]step{
		{code: "type Queue[T any] struct{ buf []T }\nfunc NewQueue[T any](n int) *Queue[T] { return &Queue[T]{buf: make([]T, 0, n)} }\n" +
			"func (q *Queue[T]) Push(v T) *Queue[T] { q.buf = append(q.buf, v); return q }\nfunc (q *Queue[T]) Len() int { return len(q.buf) }\n" +
			"type Pair[K comparable, V any] struct {\n\tKey K\n\tVal V\n}\nfunc MakePair[K comparable, V any](k K, v V) Pair[K, V] { return Pair[K, V]{k, v} }\n" +
			"func Map[T, U any](xs []T, f func(T) U) []U {\n\tvar out []U\n\tfor _, x := range xs {\n\t\tout = append(out, f(x))\n\t}\n\treturn out\n}"},
		{code: "q := NewQueue[string](2)\nq.Push(\"a\").Push(\"b\")\nfmt.Println(q.Len())", stdout: "2\n"},
		{code: "p := MakePair(\"x\", 1.5)\nfmt.Printf(\"%T %v\\n\", p, p)", stdout: "main.Pair[string,float64] {x 1.5}\n"},
		{code: "type Job struct{ N int }\nfunc (j Job) Lens(xs []string) []int { return Map(xs, func(s string) int { return len(s) + j.N }) }\n" +
			"fmt.Println(Job{1}.Lens([]string{\"ab\", \"c\"}))", stdout: "[3 2]\n"},
		{code: "func count() int { return NewQueue[Job](1).Push(Job{1}).Push(Job{2}).Len() }\nfmt.Println(count())", stdout: "2\n"},
		{code: "done := make(chan []string)\ngo func() { done <- Map([]int{1, 2}, func(i int) string { return fmt.Sprint(i * 10) }) }()\nfmt.Println(<-done)", stdout: "[10 20]\n"},
		{code: "q.Push(\"c\")\nfmt.Println(q.Len(), MakePair(\"x\", 2.5).Val)", stdout: "3 2.5\n"},
	})
}

// A call's named results start at their zero values and reach what they
// are assigned to once it returns, as in Go: not the previous call's
// results, not the assigned variable's value, which the callee still
// reads as it was, and which a panic leaves alone. In a function, at a
// cell's top level, a method, a closure, a goroutine, a recursive call.
func TestCallResultsStartAtZero(t *testing.T) {
	h := newHarness(t)
	h.ok(`func st(s []int) (m int, ok bool) {
	fmt.Print("enter ", m, ok, "; ")
	if len(s) == 0 {
		return
	}
	return s[0], true
}
type T struct{ n int }
func (t T) m(k int) (r int, s string) {
	fmt.Print("m ", r, s, "; ")
	if k == 0 {
		return
	}
	return t.n, "set"
}
var g int
func setG() (r int) {
	r = 5
	fmt.Print("g in setG ", g, "; ")
	return
}`)
	for _, tt := range []struct{ cell, want string }{
		{"func main() {\n\tfor _, x := range [][]int{{1}, {}} {\n\t\tlo, ok := st(x)\n\t\tfmt.Println(lo, ok)\n\t}\n}",
			"enter 0 false; 1 true\nenter 0 false; 0 false\n"},
		{"var lo int\nvar ok bool\nfor _, x := range [][]int{{1}, {}} {\n\tlo, ok = st(x)\n\tfmt.Println(lo, ok)\n}",
			"enter 0 false; 1 true\nenter 0 false; 0 false\n"},
		{"for _, x := range [][]int{{2}, {}} {\n\tfmt.Println(st(x))\n}", "enter 0 false; 2 true\nenter 0 false; 0 false\n"},
		{"t := T{4}\nvar a int\nvar b string\nfor _, k := range []int{1, 0} {\n\ta, b = t.m(k)\n\tfmt.Println(a, b)\n}",
			"m 0; 4 set\nm 0; 0 \n"},
		{"one := func(k int) (r int) {\n\tfmt.Print(\"one \", r, \"; \")\n\tif k > 0 {\n\t\tr = k\n\t}\n\treturn\n}\nfor _, k := range []int{2, 0} {\n\tfmt.Println(one(k) + 1)\n}\nx := 10\nx = one(x)\nfmt.Println(x)",
			"one 0; 3\none 0; 1\none 0; 10\n"},
		{"g = setG()\nfmt.Println(g)", "g in setG 0; 5\n"},
		{"func inner() (r int) {\n\tfmt.Print(\"inner \", r, \"; \")\n\treturn 3\n}\nfunc outer() (r int) {\n\tr = 9\n\treturn inner()\n}\nfmt.Println(outer())",
			"inner 0; 3\n"},
		{"func boom() (r int) {\n\tr = 7\n\tpanic(\"boom\")\n}\nfunc keep() {\n\tx := 1\n\tdefer func() { recover(); fmt.Println(\"x:\", x) }()\n\tx = boom()\n}\nkeep()",
			"x: 1\n"},
		{"func count(n int) (c int) {\n\tfmt.Print(c, \" \")\n\tif n == 0 {\n\t\treturn\n\t}\n\tc = count(n-1) + 1\n\treturn\n}\nfmt.Println(count(3))",
			"0 0 0 0 3\n"},
		{"calls := 0\nodd := func() (r int) {\n\tcalls++\n\tif calls%2 == 0 {\n\t\treturn\n\t}\n\treturn calls\n}\nfor range 4 {\n\tif odd() > 0 {\n\t\tfmt.Print(\"positive \")\n\t}\n}\nfmt.Println()",
			"positive positive \n"},
		{"done := make(chan bool)\ngo func() {\n\tfor _, x := range [][]int{{1}, {}} {\n\t\tlo, ok := st(x)\n\t\tfmt.Println(lo, ok)\n\t}\n\tdone <- true\n}()\n<-done",
			"enter 0 false; 1 true\nenter 0 false; 0 false\n"},
	} {
		if _, out := h.ok(tt.cell); out != tt.want {
			t.Errorf("cell %q prints %q; want %q (what Go prints)", tt.cell, out, tt.want)
		}
	}
}

// Labelled break and continue, and goto, as in Go: nested range loops in
// a function with named results, a method, a closure, a goroutine and at
// a cell's top level; a goto back for a retry, and gotos forward to a
// label on a bare return, which two paths reach (the worker's stack
// overflowed).
func TestLabelsAndGoto(t *testing.T) {
	h := newHarness(t)
	h.ok(`func findSeat(hall [][]string, want string) (row, col int, found bool) {
search:
	for r, line := range hall {
		for c, s := range line {
			if s == "X" {
				continue search
			}
			if s == want {
				row, col, found = r, c, true
				break search
			}
		}
	}
	return
}
func connect(failures int) (attempts int) {
retry:
	attempts++
	if attempts <= failures {
		goto retry
	}
	return
}
func sign(x int) (s string) {
	if x > 0 {
		goto pos
	}
	s = "nonpos"
	goto end
pos:
	s = "pos"
end:
	return
}
func zeroOr(x int) (s string) {
	if x > 0 {
		goto end
	}
	s = "nonpos"
end:
	return
}
type hall [][]string
func (h hall) seat(w string) string { r, c, ok := findSeat(h, w); return fmt.Sprint(r, c, ok) }`)
	for _, tt := range []struct{ cell, want string }{
		{"h := hall{{\"a\", \"X\", \"b\"}, {\"c\", \"d\", \"e\"}, {\"f\", \"b\", \"g\"}}\nfor _, w := range []string{\"b\", \"e\", \"z\"} {\n\tfmt.Println(h.seat(w))\n}",
			"2 1 true\n1 2 true\n0 0 false\n"},
		{"fmt.Println(connect(2), connect(0))", "3 1\n"},
		{"fmt.Println(sign(1), sign(-1), zeroOr(1), zeroOr(-1))", "pos nonpos  nonpos\n"},
		{"sum := func(xs [][]int) (s int) {\nrows:\n\tfor _, row := range xs {\n\t\tfor _, v := range row {\n\t\t\tif v < 0 {\n\t\t\t\tcontinue rows\n\t\t\t}\n\t\t\ts += v\n\t\t}\n\t}\n\treturn\n}\nfmt.Println(sum([][]int{{1, -1, 100}, {2}}))",
			"3\n"},
		{"done := make(chan string)\ngo func() { done <- fmt.Sprint(connect(1), sign(2)) }()\nfmt.Println(<-done)", "2pos\n"},
		{"cnt := 0\ntop:\nfor i := 0; i < 3; i++ {\n\tfor j := 0; j < 3; j++ {\n\t\tif j == 1 {\n\t\t\tcontinue top\n\t\t}\n\t\tcnt += 10\n\t}\n}\nk := 0\nback:\nif k < 3 {\n\tk++\n\tgoto back\n}\nfmt.Println(cnt, k)",
			"30 3\n"},
	} {
		if _, out := h.ok(tt.cell); out != tt.want {
			t.Errorf("cell %q prints %q; want %q (what Go prints)", tt.cell, out, tt.want)
		}
	}
}

// Each execution of a select case that declares variables (case v := <-c,
// case v, ok := <-c) has variables of its own, which closures and pointers
// keep, as in Go: in a function, a method, a closure, a goroutine and at
// a cell's top level.
func TestSelectCaseVariablesPerExecution(t *testing.T) {
	h := newHarness(t)
	h.ok(`func collect(c chan int, n int) (ps []*int) {
	for range n {
		select {
		case req := <-c:
			ps = append(ps, &req)
		}
	}
	return
}
type inbox struct{ c chan string }
func (b inbox) handlers(n int) (hs []func() string) {
	for range n {
		select {
		case msg, ok := <-b.c:
			hs = append(hs, func() string { return fmt.Sprintf("%q %v", msg, ok) })
		}
	}
	return
}
func deref(ps []*int) (out []int) {
	for _, p := range ps {
		out = append(out, *p)
	}
	return
}`)
	for _, tt := range []struct{ cell, want string }{
		{"c := make(chan int, 2)\nc <- 10\nc <- 11\nfmt.Println(deref(collect(c, 2)))", "[10 11]\n"},
		{"b := inbox{make(chan string, 2)}\nb.c <- \"door\"\nclose(b.c)\nfor _, h := range b.handlers(2) {\n\tfmt.Println(h())\n}", "\"door\" true\n\"\" false\n"},
		{"c := make(chan int, 1)\nvar p [2]*int\nfor i := 0; i < 2; i++ {\n\tc <- 10 + i\n\tselect {\n\tcase req := <-c:\n\t\tp[i] = &req\n\t}\n}\nfmt.Println(*p[0], *p[1])", "10 11\n"},
		{"res := make(chan []int)\ngo func() {\n\tc := make(chan int, 3)\n\tc <- 1\n\tc <- 2\n\tc <- 3\n\tres <- deref(collect(c, 3))\n}()\nfmt.Println(<-res)", "[1 2 3]\n"},
		{"keep := func(c chan int) (fs []func() int) {\n\tfor range 2 {\n\t\tselect {\n\t\tcase v := <-c:\n\t\t\tfs = append(fs, func() int { return v })\n\t\tdefault:\n\t\t}\n\t}\n\treturn\n}\nc := make(chan int, 2)\nc <- 5\nc <- 6\nfs := keep(c)\nfmt.Println(fs[0](), fs[1]())", "5 6\n"},
	} {
		if _, out := h.ok(tt.cell); out != tt.want {
			t.Errorf("cell %q prints %q; want %q (what Go prints)", tt.cell, out, tt.want)
		}
	}
}

// A multiple assignment assigns every pair (yaegi patch 0070): a
// composite literal, a receive or a call among its sources wrote its
// destination directly and dropped the other pairs, which kept their zero
// values; evaluated first, as in Go, a swap of literals is a swap.
func TestMultipleAssignment(t *testing.T) {
	h := newHarness(t)
	h.ok(`type T struct{ n int }
func (t T) String() string { return fmt.Sprint("T", t.n) }
type Shower interface{ String() string }
func show(s fmt.Stringer, done chan bool) { fmt.Println(s, done == nil) }
func two() int { return 2 }
var ga, gb = T{1}, 7`)
	h.expectSteps([]step{
		// At a cell's top level, a package's, in a function, a method, a closure.
		{"done := make(chan bool, 1)\na, b := T{3}, done\nshow(a, b)\nf := func() { show(a, b) }\nf()", "", "T3 false\nT3 false\n"},
		{"fmt.Println(ga, gb)", "", "T1 7\n"},
		{`func inFunc() {
	x, y := 7, T{3}
	k, l := []int{1}, "l"
	var m, n = T{4}, 8.5
	fmt.Println(x, y, k, l, m, n)
}
inFunc()`, "", "7 T3 [1] l T4 8.5\n"},
		{`type R struct{ tag string }
func (r R) m() {
	t, tag := T{5}, r.tag
	fmt.Println(t, tag)
}
R{"r"}.m()`, "", "T5 r\n"},
		{`var o, p int
var q T
q, o, p = T{5}, 8, 9
fmt.Println(q, o, p)
o, p = two(), 5
fmt.Println(o, p)
ch := make(chan int, 1)
ch <- 4
o, p = <-ch, 6
fmt.Println(o, p)`, "", "T5 8 9\n2 5\n4 6\n"},
		{"x, y := T{1}, T{2}\nx, y = T{y.n}, T{x.n}\nfmt.Println(x, y)", "", "T2 T1\n"},
		// Into interfaces, compiled and of the cell.
		{`var st fmt.Stringer
var si Shower
var e error
var an any
n := 0
st, n = T{1}, 11
fmt.Println(st, n)
si, n = T{2}, 12
fmt.Println(si, n)
e, an, n = fmt.Errorf("e"), T{3}, 13
fmt.Println(e, an, n)`, "", "T1 11\nT2 12\ne T3 13\n"},
		{`func viaGoroutine() string {
	res := make(chan string)
	go func() {
		a, n := T{6}, 6
		res <- fmt.Sprint(a, n)
	}()
	return <-res
}
viaGoroutine()`, `"T6 6"`, ""},
	})
}

// Values of the cell's types passed as interfaces with methods reach the
// callee whole, with the arguments after them (yaegi patch 0071): fmt
// read an interface parameter's value by the caller's node in the
// callee's frame, a wrapper saw later changes of the variable it was made
// from, f(t, xs...) and fmt.Stringer(t) did not convert t. A go statement
// whose function has such a parameter starts from a func literal, with its
// arguments evaluated at the statement (__rt.Go could not pass them).
func TestInterfaceArguments(t *testing.T) {
	h := newHarness(t)
	h.ok(`type T struct{ n int }
func (t T) String() string { return fmt.Sprint("T", t.n) }
type P struct{ n int }
func (p *P) String() string { return fmt.Sprint("P", p.n) }
type Shower interface{ String() string }
type Pt struct{ x, y int }
func first(s fmt.Stringer, c chan bool, i int, str string, pt Pt, pp *Pt, sl []int) {
	fmt.Println(s, c == nil, i, str, pt, pp == nil, sl)
}
func middle(i int, s Shower, str string) { fmt.Println(i, s, str) }
func last(i int, c chan bool, s fmt.Stringer) { fmt.Println(i, c == nil, s) }
func vari(s fmt.Stringer, xs ...int) { fmt.Println(s, xs) }
func varS(i int, ss ...Shower) { fmt.Println(i, ss) }
type R struct{ tag string }
func (r R) m(s Shower, c chan bool, k int) { fmt.Println(r.tag, s, c == nil, k) }
func (r *R) pm(k int, s fmt.Stringer, str string) { fmt.Println(r.tag, k, s, str) }
func (r R) gm(s Shower, k int, wg *sync.WaitGroup) { fmt.Println(r.tag, s, k); wg.Done() }`)
	h.ok(`c := make(chan bool, 1)
a := T{3}
i, str, pt, pp, sl := 4, "s", Pt{1, 2}, &Pt{3, 4}, []int{5}
p := &P{9}
r := R{"r"}`)
	all := "T3 false 4 s {1 2} false [5]\n"
	h.expectSteps([]step{
		{"first(a, c, i, str, pt, pp, sl)\nfirst(p, c, i, str, pt, pp, sl)", "", all + "P9 false 4 s {1 2} false [5]\n"},
		{"middle(i, a, str)\nlast(i, c, a)", "", "4 T3 s\n4 false T3\n"},
		{"vari(a, i, 2)\nvari(a, sl...)\nvarS(i, a, p)", "", "T3 [4 2]\nT3 [5]\n4 [T3 P9]\n"},
		{"r.m(a, c, i)\nr.pm(i, a, str)", "", "r T3 false 4\nr 4 T3 s\n"},
		{"f := func() { first(a, c, i, str, pt, pp, sl) }\nf()\nfunc() { middle(i, a, str) }()", "", all + "4 T3 s\n"},
		{`func inFunc(s Shower, k int) {
	fmt.Println(s, k)
	var st fmt.Stringer = s.(fmt.Stringer)
	fmt.Println(st, k)
}
inFunc(a, 7)`, "", "T3 7\nT3 7\n"},
		{`func deferred() {
	b := a
	defer first(b, c, i, str, pt, pp, sl)
	defer r.m(b, c, i)
	b = T{100}
}
deferred()`, "", "r T3 false 4\n" + all},
		// An interface value holds a copy.
		{"var s fmt.Stringer = a\nb := a\na.n = 40\nfmt.Println(s, s.String())\na = b", "", "T3 T3\n"},
		{"s2, n2 := fmt.Stringer(a), 7\nvar s3 = fmt.Stringer(a)\nfmt.Println(s2, n2, s3)", "", "T3 7 T3\n"},
		// Composite literals and results of interface types.
		{`type Box struct {
	s  fmt.Stringer
	n  int
	si Shower
}
func two(t T, k int) (fmt.Stringer, int) { return t, k }
bx := Box{a, i, p}
bs := []Box{{s: p, n: 2}}
r1, r2 := two(a, 15)
fmt.Println(bx.s, bx.n, bx.si, bs[0].s, bs[0].n, bs[0].si == nil, r1, r2)`, "", "T3 4 P9 P9 2 true T3 15\n"},
		// Goroutines: the go statement's arguments are its own.
		{`func goroutines() {
	var wg sync.WaitGroup
	res := make(chan string, 8)
	wg.Add(1)
	go func() { defer wg.Done(); last(i, c, a) }()
	wg.Wait()
	record := func(s fmt.Stringer, done chan bool, k int64) { res <- fmt.Sprint(s, done == nil, k); wg.Done() }
	wg.Add(1)
	go record(a, c, 5)
	wg.Wait()
	r := R{"r"}
	wg.Add(1)
	go r.gm(a, 1, &wg)
	r = R{"later"}
	wg.Wait()
	for k := 0; k < 3; k++ {
		wg.Add(1)
		go record(T{k}, nil, int64(k))
	}
	wg.Wait()
	close(res)
	var got []string
	for s := range res {
		got = append(got, s)
	}
	sort.Strings(got)
	fmt.Println(got)
}
goroutines()`, "", "4 false T3\nr T3 1\n[T0 true 0 T1 true 1 T2 true 2 T3 false 5]\n"},
	})
}

// A method of an embedded interface is called through the struct beside
// its other fields (yaegi patch 0082: it panicked, "invalid interface
// value"), and the struct satisfies the interface.
func TestEmbeddedInterfaceMethods(t *testing.T) {
	h := newHarness(t)
	h.ok("type Notifier interface{ Notify(string) string }\ntype Email struct{ Addr string }\n" +
		"func (e Email) Notify(m string) string { return e.Addr + \": \" + m }\ntype Service struct {\n\tNotifier\n\tName string\n}")
	h.expectSteps([]step{
		{code: "s := Service{Email{\"a@x\"}, \"billing\"}\nvar n Notifier = s\nfmt.Println(s.Notify(\"hi\"), s.Name, n.Notify(\"again\"))", stdout: "a@x: hi billing a@x: again\n"},
		{code: "func send(s *Service) string { return s.Notify(s.Name) }\nfmt.Println(send(&Service{Email{\"b@y\"}, \"ops\"}))", stdout: "b@y: ops\n"},
	})
}

// A range over a string gives each rune's byte position, as Go's does
// (yaegi patch 0085): with the index alone too, over non-ASCII text and
// invalid bytes, at the top level and in a function.
func TestRangeOverStrings(t *testing.T) {
	h := newHarness(t)
	h.expectSteps([]step{
		{code: "for i := range \"öa€\" { fmt.Print(i, \" \") }\nfmt.Println()", stdout: "0 2 3 \n"},
		{code: "for i, r := range \"a\\xffb\" { fmt.Print(i, \":\", r, \" \") }\nfmt.Println()", stdout: "0:97 1:65533 2:98 \n"},
		{code: "func starts(s string) (out []int) {\n\tfor i := range s {\n\t\tout = append(out, i)\n\t}\n\treturn\n}\nfmt.Println(starts(\"día\"), len(\"día\"))", stdout: "[0 1 3] 4\n"},
	})
}

// A deferred call that panics replaces the panic, and the calls deferred
// before it still run and may recover it (yaegi patch 0086).
func TestPanicInDeferredCall(t *testing.T) {
	h := newHarness(t)
	h.ok("func rethrow() (msg string) {\n\tdefer func() { msg = fmt.Sprint(\"outer got \", recover()) }()\n\tdefer func() {\n\t\tif r := recover(); r != nil {\n\t\t\tpanic(fmt.Sprint(\"again: \", r))\n\t\t}\n\t}()\n\tpanic(\"first\")\n}")
	h.expectSteps([]step{
		{code: "fmt.Println(rethrow())\nfmt.Println(rethrow())", stdout: "outer got again: first\nouter got again: first\n"},
		{code: "func cleanup() (s string) {\n\tdefer func() { s = fmt.Sprint(\"recovered \", recover()) }()\n\tdefer func() { panic(\"close failed\") }()\n\treturn \"done\"\n}\nfmt.Println(cleanup())", stdout: "recovered close failed\n"},
	})
	e := h.fails("func two() {\n\tdefer fmt.Println(\"the first deferred runs\")\n\tdefer func() { panic(\"second\") }()\n\tpanic(\"first\")\n}\ntwo()")
	if !strings.Contains(e.Value, "second") {
		t.Errorf("the panic of a deferred call: %s", e.Value)
	}
}

// A deferred call evaluates its function value and a value receiver at the
// defer statement (pass defer-args), and a func literal of the function
// may be the deferred call (yaegi patch 0086: it waited for the frame's
// lock for ever).
func TestDeferredFuncValues(t *testing.T) {
	h := newHarness(t)
	h.ok("type Tally struct {\n\tlabel string\n\tn     int\n}\nfunc (t Tally) Show() { fmt.Println(t.label, t.n) }")
	h.expectSteps([]step{
		{code: "func order() (s []string) {\n\tf := func() { s = append(s, \"first f\") }\n\tdefer f()\n\tf = func() { s = append(s, \"second f\") }\n\treturn\n}\nfmt.Println(order())",
			stdout: "[first f]\n"},
		{code: "func show() {\n\tt := Tally{label: \"first\"}\n\tp := &Tally{label: \"pointed\"}\n\tdefer t.Show()\n\tdefer p.Show()\n\tt.label, t.n = \"changed\", 1\n\tp.n = 2\n}\nshow()",
			stdout: "pointed 0\nfirst 0\n"},
		// A deferred method that recovers is the deferred call itself.
		{code: "type Guard struct{ name string }\nfunc (g Guard) Catch() {\n\tif r := recover(); r != nil {\n\t\tfmt.Println(g.name, \"caught\", r)\n\t}\n}\n" +
			"func guarded() {\n\tg := Guard{\"g\"}\n\tdefer g.Catch()\n\tpanic(\"boom\")\n}\nguarded()\nfmt.Println(\"after\")", stdout: "g caught boom\nafter\n"},
	})
}

// A type switch's interface case matches a value of a cell's type that
// has the interface's methods (yaegi patch 0087): before, case
// fmt.Stringer took none of them.
func TestTypeSwitchInterfaceCases(t *testing.T) {
	h := newHarness(t)
	h.ok("type Celsius float64\nfunc (c Celsius) String() string { return fmt.Sprintf(\"%.1fC\", float64(c)) }\n" +
		"type Named struct{ n string }\nfunc (n Named) String() string { return n.n }\ntype Shower interface{ String() string }\n" +
		"func kind(v any) string {\n\tswitch x := v.(type) {\n\tcase error:\n\t\treturn \"error \" + x.Error()\n\tcase fmt.Stringer:\n\t\treturn \"stringer \" + x.String()\n\t}\n\treturn fmt.Sprintf(\"other %T\", v)\n}")
	h.expectSteps([]step{
		{code: "fmt.Println(kind(Celsius(1)), kind(Named{\"n\"}), kind(3), kind(fmt.Errorf(\"e\")))", stdout: "stringer 1.0C stringer n other int error e\n"},
		{code: "func either(v any) string {\n\tswitch x := v.(type) {\n\tcase int, Shower:\n\t\treturn fmt.Sprint(\"one of \", x)\n\t}\n\treturn \"none\"\n}\nfmt.Println(either(Named{\"z\"}), either(4), either(2.5))", stdout: "one of z one of 4 none\n"},
		// A pointer receiver's method is not in the value's method set.
		{code: "type PS struct{}\nfunc (p *PS) String() string { return \"ps\" }\nfmt.Println(kind(PS{}), kind(&PS{}))", stdout: "other main.PS stringer ps\n"},
	})
}

// A type made of itself with no struct between, which the interpreter
// cannot build, is refused naming it; through a struct it runs.
func TestRecursiveTypes(t *testing.T) {
	h := newHarness(t)
	e := h.fails("type stateFn func(string) stateFn\nfunc start(s string) stateFn { return nil }")
	if !strings.Contains(e.Value, "cannot build the type stateFn") || !strings.Contains(e.Value, "%%run") {
		t.Errorf("%s: %s", e.Name, e.Value)
	}
	h.expectSteps([]step{
		{code: "type step struct{ next func(string) step }\nfunc shout(s string) step { fmt.Println(s + \"!\"); return step{} }\nfmt.Println(step{shout}.next(\"hi\").next == nil)", stdout: "hi!\ntrue\n"},
	})
}

// A value of a cell's type returned as an any, or converted by any(t),
// reaches compiled code as itself: a map's key, encoding/json, a spread
// print (an attempt at keeping its methods there gave compiled code the
// interpreter's wrapper instead).
func TestValuesReturnedAsAny(t *testing.T) {
	h := newHarness(t)
	h.ok("import \"encoding/json\"\ntype Pt struct{ X, Y int }\nfunc (p Pt) String() string { return fmt.Sprintf(\"(%d,%d)\", p.X, p.Y) }\nfunc key(i int) any { return Pt{i, i} }")
	h.expectSteps([]step{
		{code: "m := map[any]int{}\nm[key(1)]++\nm[key(1)]++\nm[any(Pt{2, 2})]++\nfmt.Println(len(m), m[key(1)], m[Pt{2, 2}])", stdout: "2 2 1\n"},
		{code: "b, _ := json.Marshal([]any{key(3), any(Pt{4, 4})})\nfmt.Println(string(b))", stdout: "[{\"X\":3,\"Y\":3},{\"X\":4,\"Y\":4}]\n"},
	})
}

// A go statement of a print function (pass go-call) evaluates what Go
// evaluates at the statement, and its values print with their methods;
// a writer argument keeps its own type, a method call its receiver's
// evaluation, a shadowed type name the value's type.
func TestGoStatementPrints(t *testing.T) {
	h := newHarness(t)
	h.ok("import (\"log\"; \"os\")\ntype Cents int\nfunc (c Cents) String() string { return fmt.Sprint(\"¢\", int(c)) }")
	h.expectSteps([]step{
		{code: "go fmt.Println(\"plain\", Cents(6), nil, 1<<40)\ntime.Sleep(200 * time.Millisecond)", stdout: "plain ¢6 <nil> 1099511627776\n"},
		{code: "go fmt.Fprintf(os.Stdout, \"%d\\n\", 7)\ntime.Sleep(200 * time.Millisecond)", stdout: "7\n"},
		{code: "func getL() *log.Logger { fmt.Println(\"getL called\"); return log.New(os.Stdout, \"L \", 0) }\ngo getL().Println(\"y\")\nfmt.Println(\"after go\")\ntime.Sleep(200 * time.Millisecond)",
			stdout: "getL called\nafter go\nL y\n"},
		{code: "func pay() {\n\tvar c Cents = 5\n\tCents := \"shadow\"\n\t_ = Cents\n\tgo fmt.Println(int(c))\n\ttime.Sleep(200 * time.Millisecond)\n}\npay()", stdout: "5\n"},
	})
}
