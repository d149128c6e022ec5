package main

import (
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"
)

// End-to-end tests of issue 3's behaviours: goroutine panics, Go 1.22
// semantics, interrupts and output routing, through the protocol.

func (e execution) result() string {
	r := e.first("execute_result")
	if r == nil {
		return ""
	}
	return r["data"].(map[string]any)["text/plain"].(string)
}

func TestGoroutinePanicReportedInStartingCell(t *testing.T) {
	f := startKernel(t)
	f.execute("state := 7\nfunc boom(d time.Duration) { time.Sleep(d); panic(\"late boom\") }")
	starter := f.send(f.shell, "execute_request", map[string]any{"code": "go boom(300 * time.Millisecond)", "silent": false})
	f.reply(f.shell, starter)
	// Another cell runs meanwhile; the panic must still land under the
	// cell that started the goroutine.
	other := f.execute(`fmt.Println("other cell")`)
	if !f.waitIOPub(starter, "error", 10*time.Second) {
		t.Fatalf("no error under the starting cell; its outputs: %v", f.outputs(starter))
	}
	var got map[string]any
	for _, m := range f.outputs(starter) {
		if m.Type() == "error" {
			got = m.Content
		}
	}
	if got["ename"] != "panic" || got["evalue"] != "late boom" {
		t.Errorf("error %v", got)
	}
	if other.first("error") != nil {
		t.Errorf("the panic landed in the other cell too")
	}
	if v := f.execute("state * 6").result(); v != "42" {
		t.Errorf("state after the goroutine panic: %q", v)
	}
}

func TestLateOutputLandsInStartingCell(t *testing.T) {
	f := startKernel(t)
	first := f.send(f.shell, "execute_request", map[string]any{"code": `go func() {
	for i := range 3 {
		time.Sleep(100 * time.Millisecond)
		fmt.Println("tick", i)
	}
}()`})
	f.reply(f.shell, first)
	second := f.execute(`fmt.Println("second")`)
	time.Sleep(600 * time.Millisecond)
	var text strings.Builder
	for _, m := range f.outputs(first) {
		if m.Type() == "stream" {
			text.WriteString(m.Content["text"].(string))
		}
	}
	if text.String() != "tick 0\ntick 1\ntick 2\n" {
		t.Errorf("starting cell got %q", text.String())
	}
	if s := second.stream("stdout"); s != "second\n" {
		t.Errorf("second cell got %q", s)
	}
}

func TestLoopVariablesArePerIteration(t *testing.T) {
	f := startKernel(t)
	e := f.execute(`var mu sync.Mutex
var seen []int
var wg sync.WaitGroup
for i := 0; i < 3; i++ {
	wg.Add(1)
	go func() {
		defer wg.Done()
		mu.Lock()
		seen = append(seen, i)
		mu.Unlock()
	}()
}
wg.Wait()
sort.Ints(seen)
seen`)
	if v := e.result(); v != "[0 1 2]" {
		t.Errorf("goroutines saw %q; want [0 1 2]", v)
	}
	if v := f.execute("t := 0\nfor i := range 4 { t += i }\nfor range 2 { t++ }\nt + min(1, 2) + max(3, 4)").result(); v != "13" {
		t.Errorf("range over int, min, max: %q", v)
	}
}

// Each blocking shape stops within a second of the interrupt, and the
// next cell uses state from before.
func TestInterruptEveryBlockingShape(t *testing.T) {
	f := startKernel(t)
	f.execute("before := 40\nvar mu sync.Mutex\nvar wg sync.WaitGroup\nch := make(chan int)")
	shapes := map[string]string{
		"tight loop":   "for { before = before + 0 }",
		"channel send": "ch <- 1",
		"channel recv": "<-ch",
		"empty select": "select {}",
		"sleep":        "time.Sleep(time.Hour)",
		"mutex":        "mu.Lock()\nmu.Lock()",
		"waitgroup":    "wg.Add(1)\nwg.Wait()",
	}
	names := make([]string, 0, len(shapes))
	for n := range shapes {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			id := f.send(f.shell, "execute_request", map[string]any{"code": shapes[name]})
			time.Sleep(300 * time.Millisecond)
			start := time.Now()
			f.reply(f.control, f.send(f.control, "interrupt_request", map[string]any{}))
			r := f.reply(f.shell, id)
			if r.Content["ename"] != "Interrupted" {
				t.Fatalf("reply %v", r.Content)
			}
			if d := time.Since(start); d > time.Second {
				t.Errorf("stopping took %v", d)
			}
			if v := f.execute("before + 2").result(); v != "42" {
				t.Errorf("after the interrupt: %q", v)
			}
		})
	}
}

func TestOutputBurstIsCoalesced(t *testing.T) {
	f := startKernel(t)
	start := time.Now()
	e := f.execute("for i := range 10000 { fmt.Println(\"line\", i) }")
	t.Logf("10,000 lines: %v to idle", time.Since(start))
	var msgs int
	var text strings.Builder
	for _, m := range e.outputs {
		if m.Type() == "stream" {
			msgs++
			text.WriteString(m.Content["text"].(string))
		}
	}
	lines := strings.Split(strings.TrimSuffix(text.String(), "\n"), "\n")
	if len(lines) != 10000 || lines[0] != "line 0" || lines[9999] != "line 9999" {
		t.Fatalf("got %d lines (first %q)", len(lines), lines[0])
	}
	for i, l := range lines {
		if l != fmt.Sprint("line ", i) {
			t.Fatalf("line %d is %q", i, l)
		}
	}
	if msgs > 20 {
		t.Errorf("%d stream messages for 10,000 lines; want a handful", msgs)
	}
	t.Logf("10,000 lines in %d stream messages", msgs)
}
