// sync.Cond: a bounded burger-order queue with notFull/notEmpty conditions, Wait in a loop, Signal and a closing Broadcast.
package main

import (
	"fmt"
	"sort"
	"sync"
)

type orderQueue struct {
	mu                sync.Mutex
	notEmpty, notFull *sync.Cond
	items             []int
	limit, maxLen     int
	closed            bool
}

func (q *orderQueue) Put(v int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == q.limit {
		q.notFull.Wait()
	}
	q.items = append(q.items, v)
	q.maxLen = max(q.maxLen, len(q.items))
	q.notEmpty.Signal()
}

// Get blocks until an order arrives; ok is false once the queue is closed and empty.
func (q *orderQueue) Get() (v int, ok bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 && !q.closed {
		q.notEmpty.Wait()
	}
	if len(q.items) == 0 {
		return 0, false
	}
	v, q.items = q.items[0], q.items[1:]
	q.notFull.Signal()
	return v, true
}

func (q *orderQueue) Close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	q.notEmpty.Broadcast()
}

func main() {
	q := &orderQueue{limit: 2}
	q.notEmpty, q.notFull = sync.NewCond(&q.mu), sync.NewCond(&q.mu)
	var mu sync.Mutex
	var packed []int
	burgers := 0
	var wg sync.WaitGroup
	for range 3 {
		wg.Go(func() {
			for order, ok := q.Get(); ok; order, ok = q.Get() {
				mu.Lock()
				packed = append(packed, order)
				burgers += order%4 + 1
				mu.Unlock()
			}
		})
	}
	for order := 1; order <= 8; order++ {
		q.Put(order)
	}
	q.Close()
	wg.Wait()

	sort.Ints(packed)
	fmt.Println("orders packed:", packed)
	fmt.Println("burgers:", burgers, "orders:", len(packed))
	fmt.Println("queue never above limit:", q.maxLen <= q.limit)
	_, ok := q.Get()
	fmt.Println("get after close:", ok)
}
