package session

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/gothreads/gothreads/evaluator"
	"github.com/gothreads/gothreads/runtime/queue"
)

// BenchmarkTrivialCell measures one small cell through the evaluator alone,
// without the protocol: split, plan, compile and run "1 + 1".
func BenchmarkTrivialCell(b *testing.B) {
	s, err := New(nil)
	if err != nil {
		b.Fatal(err)
	}
	rec := newRecorder()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		res := s.Execute(context.Background(), evaluator.ExecuteRequest{Code: "1 + 1", Count: i + 1}, rec)
		if res.Err != nil || res.Value == nil {
			b.Fatalf("result %+v", res)
		}
	}
}

// BenchmarkLoopCell measures a cell whose time goes into interpreting.
func BenchmarkLoopCell(b *testing.B) {
	s, err := New(nil)
	if err != nil {
		b.Fatal(err)
	}
	rec := newRecorder()
	for i := 0; b.Loop(); i++ {
		res := s.Execute(context.Background(), evaluator.ExecuteRequest{Code: "t := 0\nfor i := 0; i < 1000; i++ { t += i }\nt", Count: i + 1}, rec)
		if res.Err != nil {
			b.Fatalf("result %+v", res.Err)
		}
	}
}

// BenchmarkClosureCalls is a cell calling a func value 10,000 times, from
// interpreted code and from compiled code (sort.Slice's less): each call
// asks whether its caller is a stopped cell's goroutine (SetStaleCaller).
func BenchmarkClosureCalls(b *testing.B) {
	s, err := New(nil)
	if err != nil {
		b.Fatal(err)
	}
	rec := newRecorder()
	code := "f := func(x int) int { return x + 1 }\nt := 0\nfor i := 0; i < 5000; i++ { t = f(t) }\n" +
		"xs := make([]int, 500)\nfor i := range xs { xs[i] = -i }\nsort.Slice(xs, func(i, j int) bool { return xs[i] < xs[j] })\nt"
	for i := 0; b.Loop(); i++ {
		res := s.Execute(context.Background(), evaluator.ExecuteRequest{Code: code, Count: i + 1}, rec)
		if res.Err != nil || res.Value == nil || res.Value.Data["text/plain"] != "5000" {
			b.Fatalf("result %+v", res)
		}
	}
}

// BenchmarkFuncCalls is a cell whose time goes into calls of functions
// with results: fib(20) (21,891 calls, each result used in an expression)
// and a function of two named results assigned 5,000 times.
func BenchmarkFuncCalls(b *testing.B) {
	s, err := New(nil)
	if err != nil {
		b.Fatal(err)
	}
	rec := newRecorder()
	if res := s.Execute(context.Background(), evaluator.ExecuteRequest{Code: "func fib(n int) int {\n if n < 2 { return n }\n return fib(n-1) + fib(n-2)\n}\n" +
		"func divmod(a, b int) (q, r int) { q = a / b; r = a % b; return }", Count: 1}, rec); res.Err != nil {
		b.Fatal(res.Err)
	}
	code := "t := fib(20)\nfor i := 0; i < 5000; i++ { q, r := divmod(i, 7); t += q - r }\nt"
	for i := 0; b.Loop(); i++ {
		res := s.Execute(context.Background(), evaluator.ExecuteRequest{Code: code, Count: i + 2}, rec)
		if res.Err != nil || res.Value == nil || res.Value.Data["text/plain"] != "1774985" {
			b.Fatalf("result %+v", res)
		}
	}
}

// BenchmarkPrintBurst is a cell printing 10,000 lines, without the
// protocol.
func BenchmarkPrintBurst(b *testing.B) {
	s, err := New(nil)
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; b.Loop(); i++ {
		rec := newRecorder()
		res := s.Execute(context.Background(), evaluator.ExecuteRequest{Code: "for i := 0; i < 10000; i++ { fmt.Println(\"line\", i) }", Count: i + 1}, rec)
		if res.Err != nil {
			b.Fatalf("result %+v", res.Err)
		}
	}
}

// BenchmarkPrintCellTypes is a cell printing 2,000 lines of values of its
// own types (a struct with an unexported field and a part with a String
// method, one in an interface), which the interpreter hands to the
// session's printer (fmtshim.go).
func BenchmarkPrintCellTypes(b *testing.B) {
	s, err := New(nil)
	if err != nil {
		b.Fatal(err)
	}
	if res := s.Execute(context.Background(), evaluator.ExecuteRequest{Code: "type money int\nfunc (m money) String() string { return \"$\" + strconv.Itoa(int(m)) }\n" +
		"type line struct{ name string; Price money; N int }", Count: 1}, newRecorder()); res.Err != nil {
		b.Fatalf("result %+v", res.Err)
	}
	for i := 0; b.Loop(); i++ {
		rec := newRecorder()
		res := s.Execute(context.Background(), evaluator.ExecuteRequest{Code: "for i := 0; i < 2000; i++ { l := line{\"tea\", 5, i}; var a any = l; fmt.Println(l, a, i) }", Count: i + 2}, rec)
		if res.Err != nil {
			b.Fatalf("result %+v", res.Err)
		}
	}
}

// BenchmarkChannelCell passes 100,000 ints from a goroutine to the cell
// through a buffered channel of 10, as tests/bench_kernel.py does.
func BenchmarkChannelCell(b *testing.B) {
	benchCell(b, `ch := make(chan int, 10)
go func() { for i := range 100000 { ch <- i }; close(ch) }()
sum := 0
for v := range ch { sum += v }`)
}

// BenchmarkQueueCell passes 100,000 items between two threads through
// queue.New(10), as tests/bench_kernel.py does.
func BenchmarkQueueCell(b *testing.B) {
	benchCell(b, `rq := queue.New(10)
producer := threading.NewThread(func() {
	for i := 0; i < 100000; i++ {
		rq.Put(i)
	}
	rq.Put(nil)
})
consumer := threading.NewThread(func() {
	for x := rq.Get(); x != nil; x = rq.Get() {
	}
})
producer.Start()
consumer.Start()
producer.Join()
consumer.Join()`)
}

func benchCell(b *testing.B, code string) {
	s, err := New(nil)
	if err != nil {
		b.Fatal(err)
	}
	rec := newRecorder()
	for i := 0; b.Loop(); i++ {
		res := s.Execute(context.Background(), evaluator.ExecuteRequest{Code: code, Count: i + 1}, rec)
		if res.Err != nil {
			b.Fatalf("result %+v", res.Err)
		}
	}
}

// BenchmarkChannelFloor is the channel cell's work done as the interpreter
// must do it, with nothing interpreted: every send and receive through
// reflect, as yaegi makes each channel operation. No interpreter built on
// reflect can run the cell faster.
func BenchmarkChannelFloor(b *testing.B) {
	for b.Loop() {
		ch := reflect.ValueOf(make(chan int, 10))
		go func() {
			for i := range 100000 {
				ch.Send(reflect.ValueOf(i))
			}
			ch.Close()
		}()
		sum := 0
		for v, ok := ch.Recv(); ok; v, ok = ch.Recv() {
			sum += int(v.Int())
		}
	}
}

// BenchmarkQueueFloor is the queue cell's work with nothing interpreted:
// every Put and Get a reflect.Value.Call, as yaegi makes each call of a
// compiled method.
func BenchmarkQueueFloor(b *testing.B) {
	for b.Loop() {
		q := queue.New(10)
		put, get := reflect.ValueOf(q.Put), reflect.ValueOf(q.Get)
		done := make(chan struct{})
		go func() {
			for i := range 100000 {
				put.Call([]reflect.Value{reflect.ValueOf(any(i))})
			}
			put.Call([]reflect.Value{reflect.Zero(reflect.TypeFor[any]())})
			close(done)
		}()
		for !get.Call(nil)[0].IsNil() {
		}
		<-done
	}
}

// BenchmarkCompareInTypedSession is a cell with a comparison in a session
// that declared 40 types with methods: the check twin-types has the type
// checker read all of them (not only those the cell uses).
func BenchmarkCompareInTypedSession(b *testing.B) {
	s, err := New(nil)
	if err != nil {
		b.Fatal(err)
	}
	rec := newRecorder()
	var decls strings.Builder
	for i := range 40 {
		fmt.Fprintf(&decls, "type T%d struct{ n int; name string }\nfunc (t T%d) String() string { return fmt.Sprint(t.name, t.n) }\nfunc (t *T%d) Add(k int) { t.n += k }\n", i, i, i)
	}
	if res := s.Execute(context.Background(), evaluator.ExecuteRequest{Code: decls.String(), Count: 1}, rec); res.Err != nil {
		b.Fatal(res.Err)
	}
	for i := 0; b.Loop(); i++ {
		res := s.Execute(context.Background(), evaluator.ExecuteRequest{Code: "x := 3\nx == 3", Count: i + 2}, rec)
		if res.Err != nil || res.Value == nil {
			b.Fatalf("result %+v", res)
		}
	}
}
