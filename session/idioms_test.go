package session

import (
	"context"
	"testing"
	"time"

	"github.com/gothreads/gothreads/evaluator"
)

// Idioms of concurrent Go a learner writes, each with its result.
func TestConcurrencyIdioms(t *testing.T) {
	h := newHarness(t)
	for _, tc := range []struct{ code, want string }{
		{`type counter struct {
	sync.Mutex
	n int
}
c := &counter{}
var wg sync.WaitGroup
for range 50 { wg.Add(1); go func() { defer wg.Done(); c.Lock(); c.n++; c.Unlock() }() }
wg.Wait()
c.n`, "50"},
		{`type safe struct {
	mu sync.RWMutex
	m  map[string]int
}
s := safe{m: map[string]int{}}
s.mu.Lock(); s.m["a"] = 1; s.mu.Unlock()
s.mu.RLock(); x := s.m["a"]; s.mu.RUnlock()
x`, "1"},
		{`var once sync.Once
calls := 0
for range 3 { once.Do(func() { calls++ }) }
calls`, "1"},
		{`ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
defer2 := cancel
r := ""
select {
case <-ctx.Done():
	r = ctx.Err().Error()
case <-time.After(time.Second):
	r = "late"
}
defer2()
r`, `"context deadline exceeded"`},
		{`var hits atomic.Int64
var wg3 sync.WaitGroup
for range 10 { wg3.Add(1); go func() { defer wg3.Done(); hits.Add(2) }() }
wg3.Wait()
hits.Load()`, "20"},
		{`type worker struct{ id int; out chan string }
func (w *worker) run(n int) { w.out <- fmt.Sprintf("w%d:%d", w.id, n) }
wk := &worker{id: 1, out: make(chan string, 1)}
go wk.run(5)
<-wk.out`, `"w1:5"`},
		{`tk := time.NewTicker(5 * time.Millisecond)
ticks := 0
for range tk.C { ticks++; if ticks == 3 { tk.Stop(); break } }
ticks`, "3"},
		{`type result struct{ id, sq int }
jobs := make(chan int, 10)
results := make(chan result, 10)
for w := 1; w <= 3; w++ {
	go func() { for j := range jobs { results <- result{j, j * j} } }()
}
for j := 1; j <= 5; j++ { jobs <- j }
close(jobs)
sum := 0
for range 5 { r := <-results; sum += r.sq }
sum`, "55"},
		{`func Map[T, U any](xs []T, f func(T) U) []U { out := make([]U, 0, len(xs)); for _, x := range xs { out = append(out, f(x)) }; return out }
Map[int, string]([]int{1, 2, 3}, func(x int) string { return strconv.Itoa(x * 2) })`, `[2 4 6]`},
		{`cond := sync.NewCond(&sync.Mutex{})
ready := false
go func() { time.Sleep(5*time.Millisecond); cond.L.Lock(); ready = true; cond.L.Unlock(); cond.Broadcast() }()
cond.L.Lock()
for !ready { cond.Wait() }
cond.L.Unlock()
ready`, "true"},
		{`sem := make(chan struct{}, 2)
var mx, cur int32
var wg4 sync.WaitGroup
for range 6 {
	wg4.Add(1)
	go func() {
		defer wg4.Done()
		sem <- struct{}{}
		n := atomic.AddInt32(&cur, 1)
		for { m := atomic.LoadInt32(&mx); if n <= m || atomic.CompareAndSwapInt32(&mx, m, n) { break } }
		time.Sleep(2 * time.Millisecond)
		atomic.AddInt32(&cur, -1)
		<-sem
	}()
}
wg4.Wait()
mx <= 2`, "true"},
		{`errs := make(chan error, 2)
go func() { errs <- errors.New("boom") }()
go func() { errs <- nil }()
var firstErr error
for range 2 { if e := <-errs; e != nil { firstErr = e } }
firstErr`, "boom"},
	} {
		res, rec := h.run(tc.code)
		if res.Err != nil {
			t.Errorf("cell\n%s\nfailed: %s %s", tc.code, res.Err.Name, res.Err.Value)
			continue
		}
		got := ""
		if res.Value != nil {
			got = res.Value.Data["text/plain"].(string)
		}
		if got != tc.want {
			t.Errorf("cell\n%s\ngave %q (stdout %q); want %q", tc.code, got, rec.stream("stdout"), tc.want)
		}
	}
}

// Pipelines, fan-in, cancellation, actors and conditions, as the Go blog
// and the lessons write them.
func TestPipelineIdioms(t *testing.T) {
	s, _ := New(nil)
	for _, tc := range []struct{ code, want string }{
		{`func gen(nums ...int) <-chan int {
	out := make(chan int)
	go func() { for _, n := range nums { out <- n }; close(out) }()
	return out
}
func sq(in <-chan int) <-chan int {
	out := make(chan int)
	go func() { for n := range in { out <- n * n }; close(out) }()
	return out
}
total := 0
for v := range sq(sq(gen(1, 2, 3))) { total += v }
total`, "98"},
		{`func merge(cs ...<-chan int) <-chan int {
	var wg sync.WaitGroup
	out := make(chan int)
	output := func(c <-chan int) { for n := range c { out <- n }; wg.Done() }
	wg.Add(len(cs))
	for _, c := range cs { go output(c) }
	go func() { wg.Wait(); close(out) }()
	return out
}
t2 := 0
for v := range merge(gen(1, 2), gen(3, 4)) { t2 += v }
t2`, "10"},
		{`ctx, cancel := context.WithCancel(context.Background())
results := make(chan int, 100)
var wg sync.WaitGroup
for w := range 3 {
	wg.Add(1)
	go func(id int) {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-ctx.Done():
				return
			case results <- id:
				time.Sleep(time.Millisecond)
			}
		}
	}(w)
}
time.Sleep(20 * time.Millisecond)
cancel()
wg.Wait()
len(results) > 0`, "true"},
		{`type Account struct {
	mu      sync.Mutex
	balance int
}
func (a *Account) Deposit(n int) { a.mu.Lock(); defer a.mu.Unlock(); a.balance += n }
acc := &Account{}
var wg2 sync.WaitGroup
for range 100 { wg2.Add(1); go func() { defer wg2.Done(); acc.Deposit(1) }() }
wg2.Wait()
acc.balance`, "100"},
		{`dep := acc.Deposit
var wg3 sync.WaitGroup
for range 10 { wg3.Add(1); go func() { defer wg3.Done(); dep(2) }() }
wg3.Wait()
acc.balance`, "120"},
		{`ticks := 0
timeout := time.After(30 * time.Millisecond)
tick := time.NewTicker(5 * time.Millisecond)
defer3 := tick.Stop
wait:
for {
	select {
	case <-tick.C:
		ticks++
	case <-timeout:
		break wait
	}
}
defer3()
ticks >= 3`, "true"},
		{`polls := 0
q := make(chan int, 1)
for polls < 5 {
	select {
	case v := <-q:
		_ = v
	default:
		polls++
		if polls == 3 { q <- 1 }
	}
}
polls`, "5"},
		{`type msg struct{ kind string; n int }
inbox := make(chan msg)
reply := make(chan int)
go func() {
	sum := 0
	for m := range inbox {
		switch m.kind {
		case "add":
			sum += m.n
		case "get":
			reply <- sum
		}
	}
}()
inbox <- msg{"add", 5}
inbox <- msg{"add", 7}
inbox <- msg{"get", 0}
<-reply`, "12"},
		{`var mu sync.Mutex
cond := sync.NewCond(&mu)
queue := []int{}
var got []int
var wg4 sync.WaitGroup
wg4.Add(1)
go func() {
	defer wg4.Done()
	for range 3 {
		mu.Lock()
		for len(queue) == 0 { cond.Wait() }
		got = append(got, queue[0])
		queue = queue[1:]
		mu.Unlock()
	}
}()
for i := range 3 { mu.Lock(); queue = append(queue, i); mu.Unlock(); cond.Signal() }
wg4.Wait()
got`, "[0 1 2]"},
	} {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		res := s.Execute(ctx, evaluator.ExecuteRequest{Code: tc.code, Count: 1}, newRecorder())
		cancel()
		if res.Err != nil {
			t.Errorf("cell\n%s\nerr %s", tc.code, res.Err.Value)
			continue
		}
		got := ""
		if res.Value != nil {
			got = res.Value.Data["text/plain"].(string)
		}
		if got != tc.want {
			t.Errorf("cell\n%.60s\ngave %v want %s", tc.code, got, tc.want)
		}
	}
}
