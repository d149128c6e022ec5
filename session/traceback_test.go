package session

import (
	"regexp"
	"strings"
	"testing"
)

// framesOf returns the frame lines of a traceback ("5:2 in g"), in order,
// with the line of the go statement that started a goroutine last
// ("started at 3:1").
func framesOf(tb []string) []string {
	at := regexp.MustCompile(`^\s*at cell\[\d+\]:(\d+:\d+) in (.*)$`)
	started := regexp.MustCompile(`started at cell\[\d+\]:(\d+:\d+)`)
	var frames []string
	for _, l := range strings.Split(strings.Join(tb, "\n"), "\n") {
		l = ansi.ReplaceAllString(l, "")
		if m := at.FindStringSubmatch(l); m != nil {
			frames = append(frames, m[1]+" in "+m[2])
		} else if m := started.FindStringSubmatch(l); m != nil {
			frames = append(frames, "started at "+m[1])
		}
	}
	return frames
}

var ansi = regexp.MustCompile("\x1b\\[[0-9;]*m")

// Every frame of a cell's traceback names the line that was running in its
// function, for run-time errors of several kinds, at several depths, in
// methods, func literals and goroutines, and where a rewrite moved or
// changed the code (yaegi alone names each function's first statement,
// and then the first of its statements that run the same code:
// third_party/yaegi-patches/0001 and 0002).
func TestTracebackNamesTheRunningLine(t *testing.T) {
	tests := []struct {
		name, code string
		async      bool // the panic is a goroutine's, reported after the cell
		frames     []string
	}{
		{"nil map write in a function", "func g() {\n\ta := 1\n\t_ = a\n\tvar m map[string]int\n\tm[\"x\"] = 1\n}\ng()",
			false, []string{"5:2 in g", "7:1 in the cell"}},
		{"nil map write at the top level", "x := 1\n_ = x\nvar m map[string]int\nm[\"x\"] = 1",
			false, []string{"4:1 in the cell"}},
		{"index out of range at the top level", "xs := []int{1}\ni := 3\nfmt.Println(xs[i])",
			false, []string{"3:13 in the cell"}},
		{"a library panic on line 3", "a := 1\n_ = a\ns := strings.Repeat(\"x\", -1)\n_ = s",
			false, []string{"3:6 in the cell"}},
		{"three deep through a method", "type T struct{}\nfunc (T) m(n int) {\n\tif n > 0 {\n\t\tpanic(\"deep\")\n\t}\n}\nfunc outer() {\n\tvar t T\n\tt.m(1)\n}\nouter()",
			false, []string{"4:3 in m", "9:2 in outer", "11:1 in the cell"}},
		{"a func literal", "f := func() {\n\tb := 2\n\t_ = b\n\tpanic(\"lit\")\n}\nf()",
			false, []string{"4:2 in a func literal", "6:1 in the cell"}},
		{"divide by zero in a loop", "func div(xs []int) int {\n\tt := 0\n\tfor _, x := range xs {\n\t\tt += 10 / x\n\t}\n\treturn t\n}\ndiv([]int{1, 2, 0})",
			false, []string{"4:8 in div", "8:1 in the cell"}},
		{"a failed type assertion", "func name(v any) string {\n\tn := 0\n\t_ = n\n\treturn v.(string)\n}\nname(3)",
			false, []string{"4:9 in name", "6:1 in the cell"}},
		{"send on a closed channel", "func send(c chan int) {\n\tc <- 1\n\tclose(c)\n\tc <- 2\n}\nsend(make(chan int, 2))",
			false, []string{"4:2 in send", "6:1 in the cell"}},
		{"a generic function", "func at[T any](xs []T, i int) T {\n\tn := len(xs)\n\t_ = n\n\treturn xs[i]\n}\nat([]string{\"a\"}, 2)",
			false, []string{"4:9 in at", "6:1 in the cell"}},
		// Two statements of the same kind in one function (every call
		// node, and every index expression, runs the same code): the one
		// that failed is named, not the first.
		{"the second of two index expressions", "func two(a, b []int) int {\n\tx := a[0]\n\ty := b[0]\n\treturn x + y\n}\ntwo([]int{1}, nil)",
			false, []string{"3:7 in two", "6:1 in the cell"}},
		{"the second of two calls", "func pick(xs []int, i int) int {\n\treturn xs[i]\n}\nfunc both() int {\n\ta := pick([]int{1}, 0)\n\tb := pick([]int{1}, 5)\n\treturn a + b\n}\nboth()",
			false, []string{"2:9 in pick", "6:7 in both", "9:1 in the cell"}},
		// (log.Fatalf exits, as os.Exit does: TestLogFatalExits.)
		{"log.Panicf in a function", "import \"log\"\nfunc lf() {\n\tx := 1\n\tlog.Panicf(\"bad %d\", x)\n}\nlf()",
			false, []string{"4:2 in lf", "6:1 in the cell"}},
		// The panicking statement is its function's first, and a statement
		// of its kind comes first elsewhere in the cell, in a function that
		// never ran.
		{"a function's first statement", "func check(n int) {\n\tif n < 0 {\n\t\tpanic(\"negative\")\n\t}\n}\nfunc boom() {\n\tpanic(\"boom\")\n}\nboom()",
			false, []string{"7:2 in boom", "9:1 in the cell"}},
		{"a call that is its function's first statement", "func helper() { panic(\"helped\") }\nfunc first() {\n\thelper()\n}\nfunc run() {\n\thelper()\n}\nrun()",
			false, []string{"1:17 in helper", "6:2 in run", "8:1 in the cell"}},
		{"a goroutine whose first statement panics", "f := func() {\n\tpanic(\"not me\")\n}\n_ = f\ngo func() {\n\tpanic(\"me\")\n}()\ntime.Sleep(50 * time.Millisecond)",
			true, []string{"6:2 in a func literal", "started at 5:1"}},
		// A loop's condition and post statement after the first
		// iteration run through the back edge's own builtin.
		{"a loop condition after the first iteration", "func f(xs []int) int {\n\tt := 0\n\tfor i := 0; xs[i] > 0; i++ {\n\t\tt += xs[i]\n\t}\n\treturn t\n}\nf([]int{1, 2})",
			false, []string{"3:14 in f", "8:1 in the cell"}},
		{"a loop's post statement", "func g(m map[int]int) {\n\tfor i := 0; i < 3; m[i] = i {\n\t\ti++\n\t}\n}\ng(nil)",
			false, []string{"2:21 in g", "6:1 in the cell"}},
		// A panic recovered earlier leaves no frames behind.
		{"after a recovered panic", "func inner() {\n\tpanic(\"caught\")\n}\nfunc safe() {\n\tdefer func() { recover() }()\n\tinner()\n}\nsafe()\nvar m map[int]int\nm[1] = 1",
			false, []string{"10:1 in the cell"}},
		{"after a recovered panic, in a goroutine", "func inner2() {\n\tpanic(\"caught\")\n}\ngo func() {\n\tfunc() {\n\t\tdefer func() { recover() }()\n\t\tinner2()\n\t}()\n\tpanic(\"real\")\n}()\ntime.Sleep(50 * time.Millisecond)",
			true, []string{"9:2 in a func literal", "started at 4:1"}},
		// Declared below its use: the planner moves the declaration first.
		{"a function declared below its use", "fmt.Println(used())\nfunc used() int {\n\tc := make(chan int, 1)\n\tc <- 1\n\tvar m map[int]int\n\tm[<-c] = 2\n\treturn 0\n}",
			false, []string{"6:2 in used", "1:13 in the cell"}},
		// return <-c is rewritten (the interpreter alone fails on it).
		{"a rewritten return <-c", "func rcv(c chan int) []int {\n\tvar xs []int\n\t_ = xs\n\treturn xs[<-c:]\n}\nc := make(chan int, 1)\nc <- 1\nrcv(c)",
			false, []string{"4:9 in rcv", "8:1 in the cell"}},
		{"a goroutine's func literal", "a := 1\n_ = a\ngo func() {\n\tb := 1\n\t_ = b\n\tpanic(\"in goroutine\")\n}()\ntime.Sleep(50 * time.Millisecond)",
			true, []string{"6:2 in a func literal", "started at 3:1"}},
		{"a goroutine two calls deep", "func leaf(m map[int]int) {\n\tk := 1\n\tm[k] = k\n}\nfunc work() {\n\tvar m map[int]int\n\tleaf(m)\n}\ngo work()",
			true, []string{"3:2 in leaf", "7:2 in work", "started at 9:1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			res, rec := h.run(tt.code)
			var tb []string
			if tt.async {
				if res.Err != nil {
					t.Fatalf("cell failed: %s: %s", res.Err.Name, res.Err.Value)
				}
				waitErrors(rec, 1)
				rec.mu.Lock()
				if len(rec.errors) != 1 {
					rec.mu.Unlock()
					t.Fatalf("goroutine reported %d errors; want 1", len(rec.errors))
				}
				tb = rec.errors[0].Traceback
				rec.mu.Unlock()
			} else {
				if res.Err == nil {
					t.Fatal("cell succeeded; want a panic")
				}
				tb = res.Err.Traceback
			}
			got := framesOf(tb)
			if strings.Join(got, "\n") != strings.Join(tt.frames, "\n") {
				t.Errorf("frames\n\t%s\nwant\n\t%s\ntraceback:\n%s", strings.Join(got, "\n\t"),
					strings.Join(tt.frames, "\n\t"), ansi.ReplaceAllString(strings.Join(tb, "\n"), ""))
			}
		})
	}
}

// Two goroutines that panic at once each show their own frames (lesson 4:
// both deadlocked threads are woken together).
func TestSimultaneousPanicsKeepTheirFrames(t *testing.T) {
	h := newHarness(t)
	h.ok("import \"github.com/gothreads/gothreads/runtime/hook\"")
	for run := range 10 {
		res, rec := h.run("x, y := threading.NewLock(), threading.NewLock()\n" +
			"func takeBoth(first, second *threading.Lock) {\n\tfirst.Acquire()\n\ttime.Sleep(50 * time.Millisecond)\n\tsecond.Acquire()\n}\n" +
			"ta, tb := threading.NewThread(takeBoth, x, y), threading.NewThread(takeBoth, y, x)\nta.Start()\ntb.Start()\n" +
			"time.Sleep(200 * time.Millisecond)\nhook.Interrupt()\nta.Join()\ntb.Join()")
		if res.Err != nil {
			t.Fatalf("run %d: %s: %s", run, res.Err.Name, res.Err.Value)
		}
		waitErrors(rec, 2)
		rec.mu.Lock()
		errs := rec.errors
		rec.mu.Unlock()
		if len(errs) != 2 {
			t.Fatalf("run %d: %d errors; want one for each thread", run, len(errs))
		}
		for _, e := range errs {
			if got := strings.Join(framesOf(e.Traceback), "\n"); got != "5:2 in takeBoth" {
				t.Errorf("run %d: frames %q; want each thread's own, 5:2 in takeBoth\n%s", run, got, ansi.ReplaceAllString(strings.Join(e.Traceback, "\n"), ""))
			}
		}
	}
}
