package queue

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/gothreads/gothreads/runtime/hook"
)

func TestFIFOAndLimits(t *testing.T) {
	q := New(2)
	q.Put(1)
	if err := q.PutNowait(2); err != nil {
		t.Fatal(err)
	}
	if !q.Full() || q.Qsize() != 2 || q.Empty() {
		t.Errorf("full %v size %d", q.Full(), q.Qsize())
	}
	if err := q.PutNowait(3); !errors.Is(err, ErrFull) {
		t.Errorf("PutNowait on a full queue: %v", err)
	}
	start := time.Now()
	if err := q.PutTimeout(3, 20*time.Millisecond); !errors.Is(err, ErrFull) || time.Since(start) < 20*time.Millisecond {
		t.Errorf("PutTimeout on a full queue: %v after %v", err, time.Since(start))
	}
	if a, b := q.Get(), q.Get(); a != 1 || b != 2 {
		t.Errorf("got %v, %v; want 1, 2", a, b)
	}
	if _, err := q.GetNowait(); !errors.Is(err, ErrEmpty) {
		t.Errorf("GetNowait on an empty queue: %v", err)
	}
	if _, err := q.GetTimeout(10 * time.Millisecond); !errors.Is(err, ErrEmpty) {
		t.Errorf("GetTimeout on an empty queue: %v", err)
	}
}

func TestBlockingHandOff(t *testing.T) {
	q := New(1)
	go func() {
		for i := range 100 {
			q.Put(i)
		}
	}()
	for i := range 100 {
		if got := q.Get(); got != i {
			t.Fatalf("got %v; want %d", got, i)
		}
	}
}

func TestLifoAndPriority(t *testing.T) {
	l := NewLifo(0)
	for _, x := range []int{1, 2, 3} {
		l.Put(x)
	}
	if a, b := l.Get(), l.Get(); a != 3 || b != 2 {
		t.Errorf("LIFO gave %v, %v", a, b)
	}
	p := NewPriority(0)
	p.Put(Item{3, "c"})
	p.Put(Item{1, "a"})
	p.Put(Item{2, "b"})
	p.Put(Item{1, "a2"})
	var got []any
	for !p.Empty() {
		got = append(got, p.Get().(Item).Value)
	}
	if fmt.Sprint(got) != "[a a2 b c]" {
		t.Errorf("priority order %v", got)
	}
	n := NewPriority(0)
	n.Put(5)
	n.Put(2)
	if n.Get() != 2 {
		t.Error("ints out of order")
	}
}

func TestTaskDoneAndJoin(t *testing.T) {
	q := NewSimple()
	for i := range 3 {
		q.Put(i)
	}
	done := make(chan bool)
	go func() { q.Join(); done <- true }()
	for range 3 {
		q.Get()
		select {
		case <-done:
			t.Fatal("Join returned before every TaskDone")
		default:
		}
		q.TaskDone()
	}
	select {
	case <-done:
	case <-time.After(time.Second):
		t.Fatal("Join did not return")
	}
	defer func() {
		if recover() == nil {
			t.Error("an extra TaskDone did not panic")
		}
	}()
	q.TaskDone()
}

func TestShutdown(t *testing.T) {
	q := New(0)
	q.Put("left")
	got := make(chan error, 1)
	q.Shutdown()
	if err := q.PutNowait(1); !errors.Is(err, ErrShutDown) {
		t.Errorf("put after shutdown: %v", err)
	}
	if x := q.Get(); x != "left" {
		t.Errorf("items put before the shutdown are still there: %v", x)
	}
	go func() {
		_, err := q.GetTimeout(time.Second)
		got <- err
	}()
	if err := <-got; !errors.Is(err, ErrShutDown) {
		t.Errorf("get on a shut-down empty queue: %v", err)
	}
}

func TestInterrupt(t *testing.T) {
	q := New(0)
	res := make(chan any, 1)
	go func() {
		defer func() { res <- recover() }()
		q.Get()
	}()
	time.Sleep(20 * time.Millisecond)
	hook.Interrupt()
	select {
	case r := <-res:
		if err, ok := r.(error); !ok || !errors.Is(err, hook.ErrInterrupted) {
			t.Errorf("Get after an interrupt panicked with %v", r)
		}
	case <-time.After(time.Second):
		t.Fatal("Get did not return after an interrupt")
	}
}

func ExampleQueue() {
	q := New(2)
	done := make(chan bool)
	go func() {
		for {
			item := q.Get()
			if item == nil { // the sentinel
				done <- true
				return
			}
			fmt.Println("got", item)
			q.TaskDone()
		}
	}()
	for i := range 3 {
		q.Put(i)
	}
	q.Join()
	q.Put(nil)
	<-done
	// Output:
	// got 0
	// got 1
	// got 2
}

// BenchmarkQueue passes items between two goroutines through New(10).
func BenchmarkQueue(b *testing.B) {
	q := New(10)
	go func() {
		for i := 0; i < b.N; i++ {
			q.Put(i)
		}
	}()
	for i := 0; i < b.N; i++ {
		q.Get()
	}
}

// BenchmarkChannel is the same through a buffered channel of 10: the limit.
func BenchmarkChannel(b *testing.B) {
	ch := make(chan any, 10)
	go func() {
		for i := 0; i < b.N; i++ {
			ch <- i
		}
	}()
	for i := 0; i < b.N; i++ {
		<-ch
	}
}

func TestString(t *testing.T) {
	q := New(10)
	q.Put(1)
	q.Put(2)
	lifo := NewLifo(0)
	for _, tt := range []struct {
		q    *Queue
		want string
	}{{q, "<queue.Queue maxsize=10 qsize=2>"}, {lifo, "<queue.LifoQueue maxsize=0 qsize=0>"},
		{NewPriority(3), "<queue.PriorityQueue maxsize=3 qsize=0>"}} {
		if got := tt.q.String(); got != tt.want {
			t.Errorf("got %s; want %s", got, tt.want)
		}
	}
	lifo.Shutdown()
	if got := lifo.String(); got != "<queue.LifoQueue maxsize=0 qsize=0 shut down>" {
		t.Errorf("after Shutdown: %s", got)
	}
}
