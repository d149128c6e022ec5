package session

import "testing"

// Idioms of concurrent Go a learner writes, each with its result.
func TestConcurrencyIdioms(t *testing.T) {
	newHarness(t).expectValues([]idiom{
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
	})
}

// Pipelines, fan-in, cancellation, actors and conditions, as the Go blog
// and the lessons write them.
func TestPipelineIdioms(t *testing.T) {
	newHarness(t).expectValues([]idiom{
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
timeout := time.After(300 * time.Millisecond) // sixty ticks' time: three come even on a busy machine
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
	})
}

// Methods, errors, generics and the runtime packages, used as the lessons
// and learners use them.
func TestRuntimeIdioms(t *testing.T) {
	newHarness(t).expectValues([]idiom{
		{`type temp float64
func (t temp) String() string { return fmt.Sprintf("%.1f°C", float64(t)) }
fmt.Sprint(temp(21.5))`, `"21.5°C"`},
		{`type myErr struct{ code int }
func (e *myErr) Error() string { return fmt.Sprint("code ", e.code) }
func fail() error { return &myErr{42} }
var me *myErr
err := fail()
[]any{errors.As(err, &me), me.code, err.Error()}`, `[true 42 code 42]`},
		{`func safeDiv(a, b int) (q int, err error) {
	defer func() {
		if r := recover(); r != nil { err = fmt.Errorf("recovered: %v", r) }
	}()
	return a / b, nil
}
_, e := safeDiv(1, 0)
e.Error()`, `"recovered: runtime error: integer divide by zero"`},
		{`type counter struct{ mu sync.Mutex; n int }
func (c *counter) run() { for range 100 { c.mu.Lock(); c.n++; c.mu.Unlock() } }
c := &counter{}
ths := []*threading.Thread{}
for range 4 { ths = append(ths, threading.NewThread(c.run)) }
for _, th := range ths { th.Start() }
for _, th := range ths { th.Join() }
c.n`, "400"},
		{`results := make([]int, 5)
worker := func(i int) { results[i] = i * i }
var tl []*threading.Thread
for i := range 5 { tl = append(tl, threading.NewThread(worker, i)) }
for _, th := range tl { th.Start(); th.Join() }
results`, "[0 1 4 9 16]"},
		{`ex := futures.NewThreadPoolExecutor(3)
fs := []*futures.Future{}
for i := range 4 { fs = append(fs, ex.Submit(func(n int) int { return n * 10 }, i)) }
sum := 0
for f := range futures.AsCompleted(fs...) { r, _ := f.Result(); sum += r.(int) }
ex.Shutdown(true)
sum`, "60"},
		{`gen := generator.New(func(y *generator.Yielder) { for i := range 3 { y.Yield(i * 2) } })
vals := []any{}
for { v, ok := gen.Next(); if !ok { break }; vals = append(vals, v) }
vals`, "[0 2 4]"},
		{`people := []struct{ name string; age int }{{"a", 3}, {"b", 1}, {"c", 2}}
sort.Slice(people, func(i, j int) bool { return people[i].age < people[j].age })
people[0].name + people[2].name`, `"ba"`},
		{`bar := threading.NewBarrier(3, nil)
var order sync.Mutex
arrived := []int{}
var bwg sync.WaitGroup
for i := range 3 {
	bwg.Add(1)
	go func() {
		defer bwg.Done()
		order.Lock(); arrived = append(arrived, i); order.Unlock()
		bar.Wait()
	}()
}
bwg.Wait()
len(arrived)`, "3"},
		{`loc := threading.NewLocal()
var lwg sync.WaitGroup
seen := make([]any, 3)
for i := range 3 {
	lwg.Add(1)
	th := threading.NewThread(func() {
		defer lwg.Done()
		loc.Set("id", i)
		time.Sleep(time.Millisecond)
		v, _ := loc.Get("id")
		seen[i] = v
	})
	th.Start()
}
lwg.Wait()
seen`, "[0 1 2]"},
		{`ev := threading.NewEvent()
go func() { time.Sleep(5 * time.Millisecond); ev.Set() }()
ev.WaitTimeout(time.Second)`, "true"},
		{`type Stack[T any] struct{ items []T }
func (s *Stack[T]) Push(v T) { s.items = append(s.items, v) }
func (s *Stack[T]) Pop() T { v := s.items[len(s.items)-1]; s.items = s.items[:len(s.items)-1]; return v }
st := &Stack[string]{}
st.Push("a"); st.Push("b")
st.Pop()`, `"b"`},
		{`deadline := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
deadline.Format("15:04:05")`, `"03:04:05"`},
		{`var rw sync.RWMutex
data := map[string]int{}
var rwg sync.WaitGroup
for i := range 5 {
	rwg.Add(2)
	go func() { defer rwg.Done(); rw.Lock(); data[fmt.Sprint(i)] = i; rw.Unlock() }()
	go func() { defer rwg.Done(); rw.RLock(); _ = data["0"]; rw.RUnlock() }()
}
rwg.Wait()
len(data)`, "5"},
	})
}

// Channels of channels, non-blocking sends, nil channels in select,
// sync.Map, atomic.Value, close as a broadcast, timers and closures.
func TestChannelIdioms(t *testing.T) {
	newHarness(t).expectValues([]idiom{
		{`reqs := make(chan chan int)
go func() { for r := range reqs { r <- 42 } }()
reply := make(chan int)
reqs <- reply
<-reply`, "42"},
		{`out := make(chan int, 1)
sent := 0
for range 3 {
	select {
	case out <- 1:
		sent++
	default:
	}
}
sent`, "1"},
		{`var in1, in2 chan int = make(chan int, 1), make(chan int, 1)
in1 <- 1; in2 <- 2
close(in1); close(in2)
sum := 0
for in1 != nil || in2 != nil {
	select {
	case v, ok := <-in1:
		if !ok { in1 = nil; continue }
		sum += v
	case v, ok := <-in2:
		if !ok { in2 = nil; continue }
		sum += v
	}
}
sum`, "3"},
		{`var sm sync.Map
var wg sync.WaitGroup
for i := range 10 { wg.Add(1); go func() { defer wg.Done(); sm.Store(i, i*i) }() }
wg.Wait()
v, _ := sm.Load(3)
v`, "9"},
		{`var av atomic.Value
av.Store("config-1")
go func() { av.Store("config-2") }()
time.Sleep(5 * time.Millisecond)
av.Load()`, `"config-2"`},
		{`done := make(chan struct{})
var started sync.WaitGroup
woke := atomic.Int32{}
for range 3 { started.Add(1); go func() { started.Done(); <-done; woke.Add(1) }() }
started.Wait()
close(done)
time.Sleep(10 * time.Millisecond)
woke.Load()`, "3"},
		{`tm := time.NewTimer(time.Hour)
tm.Reset(time.Millisecond)
<-tm.C
"fired"`, `"fired"`},
		{`type key string
ctx := context.WithValue(context.Background(), key("user"), "ann")
ctx.Value(key("user"))`, `"ann"`},
		{`type shape interface{ area() float64 }
type sq struct{ s float64 }
func (q sq) area() float64 { return q.s * q.s }
shapes := []shape{sq{2}, sq{3}}
areas := make(chan float64, len(shapes))
for _, s := range shapes { go func() { areas <- s.area() }() }
tot := 0.0
for range shapes { tot += <-areas }
tot`, "13"},
		{`counter := func() func() int { c := 0; return func() int { c++; return c } }()
counter(); counter()
counter()`, "3"},
		{`ch3 := make(chan int, 5)
for i := range 3 { ch3 <- i }
[]int{len(ch3), cap(ch3)}`, "[3 5]"},
		{`ticks := make(chan int)
go func() { for i := range 3 { ticks <- i }; close(ticks) }()
n := 0
for range ticks { n++ }
n`, "3"},
	})
}

// Cell types that satisfy the standard library's interfaces: sort.Interface,
// heap.Interface, io.Writer; and cell types through a runtime queue.
func TestInterfaceIdioms(t *testing.T) {
	newHarness(t).expectValues([]idiom{
		{`type person struct{ name string; age int }
type byAge []person
func (a byAge) Len() int { return len(a) }
func (a byAge) Swap(i, j int) { a[i], a[j] = a[j], a[i] }
func (a byAge) Less(i, j int) bool { return a[i].age < a[j].age }
ps := []person{{"a", 3}, {"b", 1}, {"c", 2}}
sort.Sort(byAge(ps))
ps[0].name + ps[1].name + ps[2].name`, `"bca"`},
		{`import "container/heap"
type intHeap []int
func (h intHeap) Len() int { return len(h) }
func (h intHeap) Less(i, j int) bool { return h[i] < h[j] }
func (h intHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *intHeap) Push(x any) { *h = append(*h, x.(int)) }
func (h *intHeap) Pop() any { old := *h; n := len(old); x := old[n-1]; *h = old[:n-1]; return x }
hp := &intHeap{5, 2, 8}
heap.Init(hp)
heap.Push(hp, 1)
[]any{heap.Pop(hp), heap.Pop(hp)}`, "[1 2]"},
		{`type counterW struct{ n int }
func (c *counterW) Write(p []byte) (int, error) { c.n += len(p); return len(p), nil }
cw := &counterW{}
fmt.Fprintf(cw, "hello %d", 42)
cw.n`, "8"},
		{`type task struct{ name string; prio int }
pq := queue.NewPriority(0)
pq.Put(queue.Item{Priority: 2, Value: task{"b", 2}})
pq.Put(queue.Item{Priority: 1, Value: task{"a", 1}})
first := pq.Get().(queue.Item)
first.Value.(task).name`, `"a"`},
	})
}
