package session

import (
	"runtime"
	"strings"
	"testing"
	"time"
)

// The standard library's generic functions and Go 1.23+ members that the
// session compiles from its own source (generic.go), each family in
// several shapes: at a cell's top level, in a function, a method, a
// goroutine, a closure, with early break from a range over the function.
func TestStdGenerics(t *testing.T) {
	h := newHarness(t)
	h.expectSteps([]step{
		{code: `import ("iter"; "slices"; "maps"; "bytes")
func count(n int) iter.Seq[int] {
	return func(yield func(int) bool) {
		for i := 0; i < n; i++ {
			if !yield(i) {
				fmt.Println("count stopped at", i)
				return
			}
		}
	}
}
type E struct{ code int }
func (e *E) Error() string { return fmt.Sprint("E", e.code) }`},
		// iter: range with break at the top level, in a function, a
		// method; Pull and Pull2 with stop.
		{code: "for v := range count(5) { if v == 2 { break }; fmt.Print(v, \" \") }\nfmt.Println()",
			stdout: "0 1 count stopped at 2\n\n"},
		{code: `func sum(s iter.Seq[int]) (t int) { for v := range s { t += v }; return }
sum(count(4))`, value: "6"},
		{code: `type bag struct{ xs []string }
func (b *bag) All() iter.Seq2[int, string] { return func(yield func(int, string) bool) { for i, x := range b.xs { if !yield(i, x) { return } } } }
b := &bag{[]string{"a", "b", "c"}}
for i, x := range b.All() { if i == 2 { break }; fmt.Print(i, x, ";") }
fmt.Println()`, stdout: "0a;1b;\n"},
		{code: `next, stop := iter.Pull(count(3))
a, ok1 := next()
b2, ok2 := next()
stop()
c, ok3 := next()
stop()
fmt.Println(a, ok1, b2, ok2, c, ok3)`, stdout: "count stopped at 1\n0 true 1 true 0 false\n"},
		{code: `func pairs() { next, stop := iter.Pull2(maps.All(map[string]int{"k": 7})); defer stop(); k, v, ok := next(); _, _, more := next(); fmt.Println(k, v, ok, more) }
pairs()`, stdout: "k 7 true false\n"},
		// slices and maps iterator functions.
		{code: `fmt.Println(slices.Collect(count(3)), slices.Sorted(maps.Keys(map[string]bool{"b": true, "a": true})), slices.Sorted(maps.Values(map[int]int{1: 9, 2: 8})))`,
			stdout: "[0 1 2] [a b] [8 9]\n"},
		{code: `for i, v := range slices.Backward([]string{"x", "y"}) { fmt.Print(i, v) }
for c := range slices.Chunk([]int{1, 2, 3, 4, 5}, 2) { fmt.Print(c) }
fmt.Println(slices.Repeat([]int{1, 2}, 2), slices.AppendSeq([]int{9}, slices.Values([]int{8})))
m := maps.Collect(slices.All([]string{"p", "q"}))
fmt.Println(m, len(m))`, stdout: "1y0x[1 2][3 4][5][1 2 1 2] [9 8]\nmap[0:p 1:q] 2\n"},
		{code: `ss := slices.SortedFunc(slices.Values([]string{"bb", "a", "ccc"}), func(x, y string) int { return len(y) - len(x) })
i, found := slices.BinarySearchFunc([]int{10, 20}, 20, func(e, t int) int { return e - t })
fmt.Println(ss, i, found)`, stdout: "[ccc bb a] 1 true\n"},
		// strings and bytes: SplitSeq, FieldsSeq, Lines, with break.
		{code: `for p := range strings.SplitSeq("a,b,,c", ",") { fmt.Printf("[%s]", p) }
for f := range strings.FieldsSeq("  one two\tthree ") { if f == "three" { break }; fmt.Print(f, ";") }
for l := range strings.Lines("x\ny") { fmt.Printf("%q", l) }
for p := range strings.SplitAfterSeq("1-2", "-") { fmt.Print(p, "|") }
for f := range bytes.FieldsSeq([]byte(" b1 b2 ")) { fmt.Print(string(f), len(f), cap(f)) }
fmt.Println()`, stdout: "[a][b][][c]one;two;\"x\\n\"\"y\"1-|2|b12 2b22 2\n"},
		// sync.OnceFunc, OnceValue, OnceValues, from goroutines; a panic
		// repeats on every call.
		{code: `calls := 0 // under the Once: only the first call writes it
get := sync.OnceValue(func() int { calls++; return 42 })
var wg sync.WaitGroup
res := make([]int, 8)
for i := range 8 { wg.Add(1); go func() { defer wg.Done(); res[i] = get() }() }
wg.Wait()
both := sync.OnceValues(func() (string, error) { calls++; return "v", nil })
s, err := both()
s2, _ := both()
once := sync.OnceFunc(func() { calls++ })
once(); once()
fmt.Println(res, s, err, s2, calls)`, stdout: "[42 42 42 42 42 42 42 42] v <nil> v 3\n"},
		{code: `boom := sync.OnceValue(func() int { panic("once") })
func try(f func() int) (r any) { defer func() { r = recover() }(); f(); return nil }
fmt.Println(try(boom), try(boom))`, stdout: "once once\n"},
		// errors.AsType through wrapping, and a miss.
		{code: `var inner error = &E{7}
var err error = fmt.Errorf("outer: %w", fmt.Errorf("inner: %w", inner))
e, ok := errors.AsType[*E](err)
_, miss := errors.AsType[*E](errors.New("plain"))
fmt.Println(e.code, ok, miss)`, stdout: "7 true false\n"},
		// atomic.Pointer, in one goroutine (see TestAtomicPointerFromGoroutines).
		{code: `var p atomic.Pointer[string]
first, second := "first", "second"
fmt.Println(p.Load() == nil, p.CompareAndSwap(nil, &first), p.CompareAndSwap(nil, &second), *p.Load())
old := p.Swap(&second)
fmt.Println(*old, *p.Load())`, stdout: "true true false first\nfirst second\n"},
		// A method expression is the func literal it stands for.
		{code: `type acct struct{ n int }
func (a *acct) add(k int) int { a.n += k; return a.n }
func (a acct) show() string { return fmt.Sprint("n=", a.n) }
add, show := (*acct).add, acct.show
x := &acct{}
add(x, 2)
fmt.Println(add(x, 3), show(*x), acct.show(acct{9}))`, stdout: "5 n=5 n=9\n"},
		// slices' functions that drop elements zero them (yaegi patch
		// 0084), at the top level, in a function, for a named slice type.
		{code: "type Names []string\nns := Names{\"a\", \"a\", \"b\", \"c\"}\nns2 := slices.Compact(ns)\nfmt.Printf(\"%T %v %q\\n\", ns2, ns2, ns[:4])",
			stdout: "main.Names [a b c] [\"a\" \"b\" \"c\" \"\"]\n"},
		{code: "func drop(xs []int, i int) []int { return slices.Delete(xs, i, i+1) }\nxs := []int{1, 2, 3}\nfmt.Println(drop(xs, 0), xs, slices.DeleteFunc([]int{1, 2, 3, 4}, func(v int) bool { return v > 2 }))",
			stdout: "[2 3] [2 3 0] [1 2]\n"},
		// A generic function of a package as a value is a func literal
		// that calls it (pass generic-func-values): the interpreter's own
		// value returned zeros, or failed to compile.
		{code: "import \"cmp\"\nvar byName func(a, b string) int = cmp.Compare[string]\nlongest := slices.Max[[]string]\nns3 := []string{\"b\", \"c\", \"a\"}\n" +
			"slices.SortFunc(ns3, cmp.Compare)\nfmt.Println(byName(\"a\", \"b\"), longest(ns3), ns3)", stdout: "-1 c [a b c]\n"},
	})
}

// iter.Pull runs its iterator on a goroutine, which stop ends: after stop,
// or once the sequence is over, no goroutine is left.
func TestPullLeavesNoGoroutine(t *testing.T) {
	h := newHarness(t)
	h.ok(`import "iter"
func naturals() iter.Seq[int] { return func(yield func(int) bool) { for i := 0; ; i++ { if !yield(i) { return } } } }`)
	before := runtime.NumGoroutine()
	_, out := h.ok(`func pulls() int {
	total := 0
	for range 20 {
		next, stop := iter.Pull(naturals())
		a, _ := next()
		b, _ := next()
		total += a + b
		stop()
	}
	next, stop := iter.Pull(naturals())
	stop() // before any next: the iterator never runs
	_, ok := next()
	fmt.Println(ok)
	return total
}
fmt.Println(pulls())`)
	if out != "false\n20\n" {
		t.Errorf("stdout %q; want \"false\\n20\\n\"", out)
	}
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		buf := make([]byte, 1<<16)
		t.Errorf("%d goroutines after the pulls stopped, %d before:\n%s", n, before, buf[:runtime.Stack(buf, true)])
	}
	// A panic of the iterator is next's, and the iterator is over.
	_, out = h.ok(`func bad(yield func(int) bool) { yield(1); panic("in seq") }
func pullBad() (r any) {
	next, stop := iter.Pull(bad)
	defer stop()
	next()
	defer func() { r = recover(); _, ok := next(); fmt.Println("after panic:", ok) }()
	next()
	return nil
}
fmt.Println(pullBad())`)
	if !strings.Contains(out, "after panic: false\nin seq\n") {
		t.Errorf("stdout %q; want the iterator's panic from next", out)
	}
}

// atomic.Pointer's methods hold a lock, so goroutines may share one. The
// race detector still reports yaegi reading the receiver of a generic
// type's method as it calls it (interp/run.go, genFunctionWrapper), a read
// whose value it drops: so this test runs without it.
func TestAtomicPointerFromGoroutines(t *testing.T) {
	if raceEnabled {
		t.Skip("yaegi's unsynchronised read of a generic method's receiver")
	}
	h := newHarness(t)
	h.expectSteps([]step{{code: `import "sync/atomic"
var p atomic.Pointer[int]
var wg sync.WaitGroup
for range 8 {
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			old := p.Load()
			n := 1
			if old != nil {
				n = *old + 1
			}
			if p.CompareAndSwap(old, &n) {
				return
			}
		}
	}()
}
wg.Wait()
fmt.Println(*p.Load())`, stdout: "8\n"}})
}
