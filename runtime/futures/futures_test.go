package futures

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gothreads/gothreads/runtime/hook"
	"github.com/gothreads/gothreads/runtime/threading"
)

func square(n int) int { return n * n }

func divide(a, b int) (int, error) {
	if b == 0 {
		return 0, errors.New("division by zero")
	}
	return a / b, nil
}

func TestSubmitResults(t *testing.T) {
	ex := NewThreadPoolExecutor(2)
	defer ex.Shutdown(true)
	if r, err := ex.Submit(square, 7).Result(); r != 49 || err != nil {
		t.Errorf("square: %v, %v", r, err)
	}
	if r, err := ex.Submit(divide, 6, 3).Result(); r != 2 || err != nil {
		t.Errorf("divide: %v, %v", r, err)
	}
	if _, err := ex.Submit(divide, 1, 0).Result(); err == nil || err.Error() != "division by zero" {
		t.Errorf("error result: %v", err)
	}
	f := ex.Submit(func() { panic("boom") })
	var pe *PanicError
	if err := f.Exception(); !errors.As(err, &pe) || pe.Value != "boom" {
		t.Errorf("panic became %v", err)
	}
	if r, err := ex.Submit(func() {}).Result(); r != nil || err != nil {
		t.Errorf("no results: %v, %v", r, err)
	}
}

func TestWorkerNames(t *testing.T) {
	ex := NewThreadPoolExecutor(2)
	names := map[string]bool{}
	var mu sync.Mutex
	var fs []*Future
	for range 6 {
		fs = append(fs, ex.Submit(func() {
			time.Sleep(5 * time.Millisecond)
			mu.Lock()
			names[threading.CurrentThread().Name] = true
			mu.Unlock()
		}))
	}
	Wait(fs, AllCompleted, -1)
	ex.Shutdown(true)
	if len(names) != 2 {
		t.Fatalf("names %v; want two workers", names)
	}
	for n := range names {
		if !strings.HasPrefix(n, ex.prefix+"_") || !strings.HasPrefix(n, "ThreadPoolExecutor-") {
			t.Errorf("worker name %q", n)
		}
	}
}

// A warm pool (one worker has run a task and waits for the next) still runs
// tasks submitted together at once, up to max_workers: each Submit claims an
// idle worker or starts a thread, as Python's does. Each task here waits
// until all three run, so a pool that ran them one at a time would never
// finish them.
func TestWarmPoolRunsTasksTogether(t *testing.T) {
	ex := NewThreadPoolExecutor(3)
	defer ex.Shutdown(true)
	ex.Submit(func() {}).Result()
	for round := range 3 { // the second and third rounds find three warm workers
		var running sync.WaitGroup
		running.Add(3)
		all := make(chan struct{})
		fs := make([]*Future, 3)
		for i := range fs {
			fs[i] = ex.Submit(func() { running.Done(); <-all })
		}
		together := make(chan struct{})
		go func() { running.Wait(); close(together) }()
		select {
		case <-together:
		case <-time.After(10 * time.Second):
			close(all) // so that the pool can shut down
			t.Fatalf("round %d: the three tasks never ran at the same time on %v", round, ex)
		}
		close(all)
		Wait(fs, AllCompleted, -1)
	}
	if got := ex.String(); !strings.Contains(got, "threads=3") {
		t.Errorf("the pool is %s; want threads=3", got)
	}
}

// AsCompleted yields futures as they finish, not as they were submitted.
func TestAsCompletedOrderOfFinishing(t *testing.T) {
	ex := NewThreadPoolExecutor(3)
	defer ex.Shutdown(true)
	ex.Submit(func() {}).Result() // warm, as in a notebook's second run
	release := map[string]chan struct{}{"slow": make(chan struct{}), "fast": make(chan struct{}), "mid": make(chan struct{})}
	var fs []*Future
	for _, name := range []string{"slow", "fast", "mid"} {
		fs = append(fs, ex.Submit(func() string { <-release[name]; return name }))
	}
	done := AsCompleted(fs...)
	var order []string
	for _, name := range []string{"fast", "mid", "slow"} {
		close(release[name])
		select {
		case f := <-done:
			r, _ := f.Result()
			order = append(order, r.(string))
		case <-time.After(10 * time.Second):
			for _, c := range release {
				select {
				case <-c:
				default:
					close(c)
				}
			}
			t.Fatalf("no future finished after releasing %s; finished so far: %v", name, order)
		}
	}
	if got := strings.Join(order, " "); got != "fast mid slow" {
		t.Errorf("AsCompleted yielded %s; want fast mid slow", got)
	}
}

func TestMapKeepsOrder(t *testing.T) {
	ex := NewThreadPoolExecutor(4)
	defer ex.Shutdown(true)
	got, err := ex.Map(func(n int) int { time.Sleep(time.Duration(10-n) * time.Millisecond); return n * 10 }, 1, 2, 3, 4, 5)
	if err != nil || fmt.Sprint(got) != "[10 20 30 40 50]" {
		t.Errorf("Map: %v, %v", got, err)
	}
}

func TestTimeoutCancelCallbacks(t *testing.T) {
	ex := NewThreadPoolExecutor(1)
	release := make(chan struct{})
	slow := ex.Submit(func() { <-release })
	queued := ex.Submit(square, 3)
	if _, err := slow.ResultTimeout(10 * time.Millisecond); !errors.Is(err, ErrTimeout) {
		t.Errorf("ResultTimeout: %v", err)
	}
	for !slow.Running() {
		time.Sleep(time.Millisecond)
	}
	if slow.Cancel() {
		t.Error("cancelled a running call")
	}
	if !queued.Cancel() || !queued.Cancelled() {
		t.Error("could not cancel a queued call")
	}
	called := make(chan *Future, 1)
	slow.AddDoneCallback(func(f *Future) { called <- f })
	close(release)
	if f := <-called; f != slow {
		t.Error("callback got another future")
	}
	if _, err := queued.Result(); !errors.Is(err, ErrCancelled) {
		t.Errorf("cancelled result: %v", err)
	}
	ex.Shutdown(true)
}

func TestAsCompletedAndWait(t *testing.T) {
	ex := NewThreadPoolExecutor(3)
	defer ex.Shutdown(true)
	var fs []*Future
	for _, d := range []int{30, 10, 20} {
		fs = append(fs, ex.Submit(func() int { time.Sleep(time.Duration(d) * time.Millisecond); return d }))
	}
	var order []any
	for f := range AsCompleted(fs...) {
		r, _ := f.Result()
		order = append(order, r)
	}
	if fmt.Sprint(order) != "[10 20 30]" {
		t.Errorf("as completed: %v", order)
	}
	slow := ex.Submit(func() { time.Sleep(200 * time.Millisecond) })
	fast := ex.Submit(func() {})
	done, notDone := Wait([]*Future{slow, fast}, FirstCompleted, -1)
	if len(done) != 1 || done[0] != fast || len(notDone) != 1 {
		t.Errorf("FirstCompleted: %d done, %d not", len(done), len(notDone))
	}
	failing := ex.Submit(func() error { return errors.New("x") })
	done, _ = Wait([]*Future{slow, failing}, FirstException, -1)
	if len(done) != 1 || done[0] != failing {
		t.Errorf("FirstException: %v", done)
	}
	failing.Exception()
}

func TestUnreadErrorsReportedAtShutdown(t *testing.T) {
	var out bytes.Buffer
	prev := hook.Stderr()
	hook.SetOutput(nil, &out)
	defer hook.SetOutput(nil, prev)
	ex := NewThreadPoolExecutor(1)
	ex.Submit(func() error { return errors.New("lost error") })
	read := ex.Submit(func() error { return errors.New("seen error") })
	read.Exception()
	ex.Shutdown(true)
	if s := out.String(); !strings.Contains(s, "lost error") || strings.Contains(s, "seen error") {
		t.Errorf("shutdown report %q", s)
	}
	defer func() {
		if r := recover(); r != ErrShutdown {
			t.Errorf("submit after shutdown: %v", r)
		}
	}()
	ex.Submit(square, 1)
}

func ExampleThreadPoolExecutor_With() {
	NewThreadPoolExecutor(3).With(func(ex *ThreadPoolExecutor) {
		results, err := ex.Map(func(n int) int { return n * n }, 1, 2, 3, 4)
		fmt.Println(results, err)
	})
	// Output: [1 4 9 16] <nil>
}

// Futures and executors describe their state as Python's repr does.
func TestStrings(t *testing.T) {
	ex := NewThreadPoolExecutor(1)
	release := make(chan struct{})
	started := make(chan struct{})
	busy := ex.Submit(func() int { close(started); <-release; return 1 })
	<-started
	queued := ex.Submit(func() int { return 2 })
	failing := ex.Submit(func() { panic("boom") })
	for _, tt := range []struct {
		got  fmt.Stringer
		want string
	}{
		{busy, "<Future state=running>"},
		{queued, "<Future state=pending>"},
		{ex, "<" + ex.prefix + " max_workers=1 threads=1 queued=2>"},
	} {
		if tt.got.String() != tt.want {
			t.Errorf("got %s; want %s", tt.got, tt.want)
		}
	}
	queued.Cancel()
	close(release)
	failing.Exception()
	ex.Shutdown(true)
	for _, tt := range []struct {
		got  fmt.Stringer
		want string
	}{
		{busy, "<Future state=finished returned int>"},
		{queued, "<Future state=cancelled>"},
		{failing, `<Future state=finished raised "task panicked: boom">`},
		{ex, "<" + ex.prefix + " max_workers=1 threads=1 queued=0 shut down>"},
	} {
		if tt.got.String() != tt.want {
			t.Errorf("got %s; want %s", tt.got, tt.want)
		}
	}
}

// A pool's worker runs each task as the goroutine that submitted it
// (hook.SetOrigin): a notebook host routes the task's output to the
// submitting cell, and stops it with that cell.
func TestTasksRunAsTheirSubmitter(t *testing.T) {
	var mu sync.Mutex
	var ran []any
	hook.SetOrigin(func() any { return "submitter" }, func(token any, f func()) {
		mu.Lock()
		ran = append(ran, token)
		mu.Unlock()
		f()
	})
	defer hook.SetOrigin(nil, nil)
	ex := NewThreadPoolExecutor(1)
	defer ex.Shutdown(true)
	if v, err := ex.Submit(func() any { return 7 }).Result(); v != 7 || err != nil {
		t.Fatalf("the task's result: %v, %v", v, err)
	}
	mu.Lock()
	defer mu.Unlock()
	if fmt.Sprint(ran) != "[submitter]" {
		t.Errorf("tasks run as %v; want [submitter]", ran)
	}
}
