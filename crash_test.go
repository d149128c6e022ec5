package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A fatal error kills the worker process; the cell says so, the kernel
// lives on, and a fresh session is ready for the next cell.
func TestFatalErrorsReplaceTheWorker(t *testing.T) {
	t.Parallel()
	f := startKernel(t)
	tests := []struct {
		name, code, value string
		site              string // what the traceback says about where, %d the cell's count
	}{
		{"concurrent map writes", `m := map[int]int{}
var wg sync.WaitGroup
for g := 0; g < 4; g++ {
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; i < 1000000; i++ { m[i%64] = i }
	}()
}
wg.Wait()`, "fatal error: concurrent map writes", "in the goroutine started at cell[%d]:5\n    go func() {"},
		{"concurrent map writes in threads", `m := map[int]int{}
work := func() { for i := 0; i < 1000000; i++ { m[i%64] = i } }
a, b := threading.NewThread(work), threading.NewThread(work)
a.Start(); b.Start()
a.Join(); b.Join()`, "fatal error: concurrent map writes", "in a goroutine of cell[%d], started by threading.(*Thread).Start"},
		{"concurrent map writes in wg.Go", `m := map[int]int{}
var wg sync.WaitGroup
for range 4 { wg.Go(func() { for i := 0; i < 1000000; i++ { m[i%64] = i } }) }
wg.Wait()`, "fatal error: concurrent map writes", "in a goroutine of cell[%d]"},
		{"one huge allocation", "huge := make([]byte, 1<<40)\nhuge[0] = 1", "fatal error: runtime: out of memory", ""},
		{"stack overflow", "func down(n int) int { return down(n+1) + 1 }\ndown(0)", "fatal error: stack overflow", "in a goroutine of cell[%d]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f.Execute("before := 1")
			e := f.Execute(tt.code)
			c := e.Reply.Content
			if c["status"] != "error" || c["ename"] != "fatal error" || c["evalue"] != tt.value {
				t.Fatalf("reply %v; want %q", c, tt.value)
			}
			tb := strings.Join(toStrings(e.First("error")["traceback"]), "\n")
			count, _ := c["execution_count"].(float64)
			if site := strings.ReplaceAll(tt.site, "%d", fmt.Sprint(count)); !strings.Contains(tb, site) {
				t.Errorf("traceback does not say where:\n%s\nwant %q", tb, site)
			}
			if !strings.Contains(tb, "earlier cells are gone") {
				t.Errorf("traceback does not say the state was lost:\n%s", tb)
			}
			f.Alive()
			after := f.Execute("before")
			if after.Reply.Content["status"] != "error" || !strings.Contains(after.Reply.Content["evalue"].(string), "undefined: before") {
				t.Errorf("the old state survived the crash: %v", after.Reply.Content)
			}
			if v := f.Execute("40 + 2").First("execute_result"); v == nil || v["data"].(map[string]any)["text/plain"] != "42" {
				t.Errorf("the fresh session does not run cells: %v", v)
			}
		})
	}
}

// A cell whose data keeps growing ends at the worker's memory limit with an
// error that says so, instead of taking the machine's memory.
func TestMemoryLimit(t *testing.T) {
	t.Setenv("GOTHREADS_MEMORY_LIMIT", "200MiB")
	f := startKernel(t)
	f.Execute("before := 1")
	e := f.Execute(`var hoard [][]byte
for {
	hoard = append(hoard, make([]byte, 1<<20))
	hoard[len(hoard)-1][0] = 1
}`)
	c := e.Reply.Content
	value, _ := c["evalue"].(string)
	if c["status"] != "error" || c["ename"] != "fatal error" ||
		!strings.HasPrefix(value, "fatal error: out of memory: the Go session uses ") || !strings.HasSuffix(value, "more than its limit of 200 MiB") {
		t.Fatalf("reply %v", c)
	}
	tb := strings.Join(toStrings(e.First("error")["traceback"]), "\n")
	for _, want := range []string{"keeps growing", "GOTHREADS_MEMORY_LIMIT", "earlier cells are gone"} {
		if !strings.Contains(tb, want) {
			t.Errorf("traceback lacks %q:\n%s", want, tb)
		}
	}
	f.Alive()
	if v := f.Execute("40 + 2").First("execute_result"); v == nil || v["data"].(map[string]any)["text/plain"] != "42" {
		t.Errorf("the fresh session does not run cells: %v", v)
	}
}

// The system's OOM killer ends a process with SIGKILL and no report; the
// cell says what most likely happened.
func TestWorkerKilledBySystem(t *testing.T) {
	t.Parallel()
	f := startKernel(t)
	pid, err := strconv.Atoi(f.Execute("os.Getpid()").Result())
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		time.Sleep(300 * time.Millisecond)
		syscall.Kill(pid, syscall.SIGKILL)
	}()
	c := f.Execute("time.Sleep(10 * time.Second)").Reply.Content
	if c["status"] != "error" || c["evalue"] != "the Go session was killed (SIGKILL), most likely by the system for using too much memory" {
		t.Fatalf("reply %v", c)
	}
	f.Alive()
	if v := f.Execute("40 + 2").Result(); v != "42" {
		t.Errorf("the fresh session answers %q", v)
	}
}

func toStrings(v any) []string {
	var out []string
	for _, x := range v.([]any) {
		out = append(out, x.(string))
	}
	return out
}

// A worker that dies while no cell runs (a goroutine that outlived its
// cell) is reported under the cell that started the goroutine, and the
// next cell says that the session was restarted, when and why. Output
// printed just before a worker dies reaches the notebook.
func TestWorkerDeathBetweenCellsIsReported(t *testing.T) {
	t.Parallel()
	f := startKernel(t)
	f.Execute("before := 1")
	// The goroutine ends the worker once the test has seen the cell's
	// reply: a sleep would race with a slow machine.
	release := filepath.Join(t.TempDir(), "release")
	code := fmt.Sprintf("go func() {\n\tfor _, err := os.Stat(%q); err != nil; _, err = os.Stat(%q) {\n\t\ttime.Sleep(10 * time.Millisecond)\n\t}\n\thuge := make([]byte, 1<<40)\n\thuge[0] = 1\n}()", release, release)
	id := f.Send(f.Shell, "execute_request", map[string]any{"code": code,
		"silent": false, "store_history": true, "user_expressions": map[string]any{}, "allow_stdin": false, "stop_on_error": true})
	if r := f.Reply(f.Shell, id); r.Content["status"] != "ok" {
		t.Fatalf("the cell that starts the goroutine: %v", r.Content)
	}
	if err := os.WriteFile(release, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	e := f.LateError(id, 30*time.Second) // under the cell whose goroutine ended the worker
	tb := strings.Join(toStrings(e["traceback"]), "\n")
	if e["evalue"] != "fatal error: runtime: out of memory" || !strings.Contains(tb, "in the goroutine started at cell[2]:1") ||
		!strings.Contains(tb, "earlier cells are gone") {
		t.Errorf("the error under cell 2: %v\n%s", e["evalue"], tb)
	}
	next := f.Execute("before")
	note := next.Stream("stderr")
	if !strings.HasPrefix(note, "⚠ The Go session was restarted at ") ||
		!strings.Contains(note, "after the last cell ended: fatal error: runtime: out of memory.\n") ||
		!strings.Contains(note, "earlier cells are gone") {
		t.Errorf("the next cell's note: %q", note)
	}
	if next.Reply.Content["status"] != "error" || !strings.Contains(next.Reply.Content["evalue"].(string), "undefined: before") {
		t.Errorf("the next cell: %v", next.Reply.Content)
	}
	if again := f.Execute("1 + 1").Stream("stderr"); again != "" {
		t.Errorf("the note came again: %q", again)
	}
	for i := range 3 {
		e := f.Execute("fmt.Println(\"step 1\")\nfmt.Println(\"step 2\")\nfmt.Println(\"about to allocate\")\nhuge := make([]byte, 1<<40)\nhuge[0] = 1")
		if got := e.Stream("stdout"); got != "step 1\nstep 2\nabout to allocate\n" {
			t.Errorf("run %d: the output before the crash: %q", i, got)
		}
	}
}
