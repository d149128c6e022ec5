package main

import (
	"regexp"
	"strings"
	"testing"
	"time"
)

// The runtime packages from cells, with no import line.
func TestRuntimePackagesFromCells(t *testing.T) {
	t.Parallel()
	f := startKernel(t)
	e := f.Execute(`logging.BasicConfig(logging.Config{Format: "%(asctime)s (%(threadName)-9s) %(message)s", Datefmt: "%H:%M:%S", Level: logging.DEBUG})
func worker(n int) {
	logging.Debug("worker %d starting", n)
	time.Sleep(20 * time.Millisecond)
	logging.Debug("worker %d done", n)
}
var threads []*threading.Thread
for i := range 3 {
	t := threading.NewThread(worker, i)
	t.Start()
	threads = append(threads, t)
}
for _, t := range threads {
	t.Join()
}
q := queue.New(10)
go func() {
	for i := range 5 {
		q.Put(i)
	}
	q.Put(nil)
}()
sum := 0
for x := q.Get(); x != nil; x = q.Get() {
	sum += x.(int)
}
sum`)
	if e.Reply.Content["status"] != "ok" || e.Result() != "10" {
		t.Fatalf("reply %v, result %q", e.Reply.Content, e.Result())
	}
	lines := strings.Split(strings.TrimSuffix(e.Stream("stderr"), "\n"), "\n")
	re := regexp.MustCompile(`^\d\d:\d\d:\d\d \(Thread-\d+ \(worker\)\) worker \d (starting|done)$`)
	if len(lines) != 6 {
		t.Fatalf("log lines %q", lines)
	}
	for _, l := range lines {
		if !re.MatchString(l) {
			t.Errorf("log line %q", l)
		}
	}

	// A thread's panic is an error of its cell; the session goes on.
	id := f.Send(f.Shell, "execute_request", map[string]any{"code": "th := threading.NewThread(func() { panic(\"thread boom\") })\nth.Start()\nth.Join()"})
	f.Reply(f.Shell, id)
	if !f.WaitIOPub(id, "error", 5*time.Second) {
		t.Errorf("no error for the thread's panic: %v", f.Outputs(id))
	}
	if v := f.Execute("sum * 2").Result(); v != "20" {
		t.Errorf("after the thread panic: %q", v)
	}
}

// A call blocked in a runtime package stops on interrupt.
func TestInterruptBlockedRuntimeCalls(t *testing.T) {
	t.Parallel()
	f := startKernel(t)
	f.Execute("kept := 5\nempty := queue.New(1)\nheld := threading.NewLock()\nheld.Acquire()\nnever := threading.NewEvent()")
	for _, code := range []string{"empty.Get()", "held.Acquire()", "never.Wait()", "w := threading.NewThread(func() { never.Wait() })\nw.Start()\nw.Join()"} {
		id := f.Send(f.Shell, "execute_request", map[string]any{"code": code})
		time.Sleep(200 * time.Millisecond)
		start := time.Now()
		f.Reply(f.Control, f.Send(f.Control, "interrupt_request", map[string]any{}))
		r := f.Reply(f.Shell, id)
		evalue, _ := r.Content["evalue"].(string)
		if r.Content["status"] != "error" || !strings.Contains(strings.ToLower(evalue), "interrupt") || strings.Contains(evalue, "did not stop") {
			t.Errorf("%s: reply %v", code, r.Content)
		}
		// Speed is for benchmarks; the reply being an interrupt (not the
		// worker replaced after 5 s) is the behaviour checked here.
		t.Logf("%s: stopped in %v", code, time.Since(start))
		if v := f.Execute("kept").Result(); v != "5" {
			t.Errorf("after interrupting %s: %q", code, v)
		}
	}
}

func TestFuturesCollectionsGeneratorsFromCells(t *testing.T) {
	t.Parallel()
	f := startKernel(t)
	e := f.Execute(`ex := futures.NewThreadPoolExecutor(3)
squares, err := ex.Map(func(n int) int { return n * n }, 1, 2, 3, 4)
fmt.Println(squares, err)
failing := ex.Submit(func() (int, error) { return 0, errors.New("no luck") })
_, ferr := failing.Result()
fmt.Println("error:", ferr)
ex.Submit(func() { panic("forgotten") })
ex.Shutdown(true)`)
	if got := e.Stream("stdout"); got != "[1 4 9 16] <nil>\nerror: no luck\n" {
		t.Errorf("futures stdout %q", got)
	}
	if !strings.Contains(e.Stream("stderr"), "nobody asked for its result: task panicked: forgotten") {
		t.Errorf("unread error not reported: %q", e.Stream("stderr"))
	}
	e = f.Execute(`func countdown(n int) *generator.Generator {
	return generator.New(func(y *generator.Yielder) {
		for ; n > 0; n-- {
			y.Yield(n)
		}
	})
}
tasks := collections.NewDeque(countdown(3), countdown(2))
for tasks.Len() > 0 {
	g := tasks.PopLeft().(*generator.Generator)
	if v, ok := g.Next(); ok {
		fmt.Print(v, " ")
		tasks.Append(g)
	}
}`)
	if got := e.Stream("stdout"); got != "3 2 2 1 1 " {
		t.Errorf("round robin %q (%v)", got, e.Reply.Content)
	}
}

// A warm thread pool from cells: after a first task, three tasks that each
// wait for all three to be running finish (a pool that ran them one at a
// time never would: the cell would be stopped by the test's deadline), and
// AsCompleted yields them in the order they finish.
func TestWarmThreadPoolFromCells(t *testing.T) {
	t.Parallel()
	f := startKernel(t)
	if e := f.Execute("ex := futures.NewThreadPoolExecutor(3)\nex.Submit(func() {}).Result()\nex"); e.Result() != "<ThreadPoolExecutor-0 max_workers=3 threads=1 queued=0>" {
		t.Fatalf("warm pool: %v, %q", e.Reply.Content, e.Result())
	}
	e := f.Execute(`var running sync.WaitGroup
running.Add(3)
release := map[string]chan struct{}{"slow": make(chan struct{}), "fast": make(chan struct{}), "mid": make(chan struct{})}
var fs []*futures.Future
for _, name := range []string{"slow", "fast", "mid"} {
	fs = append(fs, ex.Submit(func() string { running.Done(); <-release[name]; return name }))
}
ok := make(chan bool)
go func() { running.Wait(); ok <- true }()
select {
case <-ok:
case <-time.After(10 * time.Second):
	panic("the three tasks never ran at the same time")
}
done := futures.AsCompleted(fs...)
var order []string
for _, name := range []string{"fast", "mid", "slow"} {
	close(release[name])
	r, _ := (<-done).Result()
	order = append(order, r.(string))
}
fmt.Println(strings.Join(order, " "))
ex`)
	if e.Reply.Content["status"] != "ok" {
		t.Fatalf("reply %v, outputs %v", e.Reply.Content, e.Outputs)
	}
	if got := e.Stream("stdout"); got != "fast mid slow\n" {
		t.Errorf("AsCompleted order %q; want fast mid slow", got)
	}
	if got := e.Result(); got != "<ThreadPoolExecutor-0 max_workers=3 threads=3 queued=0>" {
		t.Errorf("pool after the tasks: %q", got)
	}
}
