// A publish-subscribe bus and a squaring pipeline: ranges over slices of channels written out, merged fan-in, timeouts, closed and nil channels.
package main

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"
)

type Event struct {
	Kind string
	N    int
}

type Bus struct {
	mu   sync.Mutex
	subs map[string][]chan Event
}

func NewBus() *Bus { return &Bus{subs: map[string][]chan Event{}} }

func (b *Bus) Subscribe(kind string) <-chan Event {
	ch := make(chan Event, 8)
	b.mu.Lock()
	b.subs[kind] = append(b.subs[kind], ch)
	b.mu.Unlock()
	return ch
}

func (b *Bus) Publish(e Event) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, ch := range b.subs[e.Kind] {
		ch <- e
	}
}

func (b *Bus) Close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, list := range b.subs {
		for _, ch := range list {
			close(ch)
		}
	}
}

func generate(n int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for i := 1; i <= n; i++ {
			out <- i
		}
	}()
	return out
}

func square(in <-chan int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for v := range in {
			out <- v * v
		}
	}()
	return out
}

func merge(cs ...<-chan int) <-chan int {
	var wg sync.WaitGroup
	out := make(chan int)
	for _, c := range cs {
		wg.Add(1)
		go func(c <-chan int) {
			defer wg.Done()
			for v := range c {
				out <- v
			}
		}(c)
	}
	go func() { wg.Wait(); close(out) }()
	return out
}

func main() {
	bus := NewBus()
	a := bus.Subscribe("order")
	b := bus.Subscribe("order")
	c := bus.Subscribe("refund")
	bus.Publish(Event{"order", 1})
	bus.Publish(Event{"refund", 2})
	bus.Publish(Event{"order", 3})
	bus.Close()
	var got []string
	for _, ch := range []<-chan Event{a, b, c} {
		var parts []string
		for e := range ch {
			parts = append(parts, fmt.Sprintf("%s#%d", e.Kind, e.N))
		}
		got = append(got, strings.Join(parts, ","))
	}
	fmt.Println(got)
	var all []int
	for v := range merge(square(generate(3)), square(generate(2))) {
		all = append(all, v)
	}
	sort.Ints(all)
	fmt.Println(all)
	timeout := time.After(50 * time.Millisecond)
	slow := make(chan string)
	go func() { time.Sleep(200 * time.Millisecond); slow <- "late" }()
	select {
	case v := <-slow:
		fmt.Println(v)
	case <-timeout:
		fmt.Println("timed out")
	}
	buf := make(chan int, 3)
	buf <- 1
	buf <- 2
	fmt.Println(len(buf), cap(buf))
	close(buf)
	v, ok := <-buf
	fmt.Println(v, ok)
	<-buf
	v, ok = <-buf
	fmt.Println(v, ok)
	var nilch chan int
	select {
	case x := <-nilch:
		fmt.Println("got", x)
	default:
		fmt.Println("nil channel blocks")
	}
	results := make([]int, 5)
	var wg sync.WaitGroup
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = i * 10
		}()
	}
	wg.Wait()
	fmt.Println(results)
	done := make(chan bool)
	data := make(chan string)
	go func() {
		for {
			select {
			case s, ok := <-data:
				if !ok {
					done <- true
					return
				}
				fmt.Println("recv", s)
			}
		}
	}()
	data <- "x"
	data <- "y"
	close(data)
	<-done
}
