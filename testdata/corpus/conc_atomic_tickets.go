// sync/atomic for a concert sale: atomic.Int64 counters, a CompareAndSwap claim and max loop, goroutines released by a sync.Cond gate.
package main

import (
	"fmt"
	"sync"
	"sync/atomic"
)

func main() {
	var (
		pageViews atomic.Int64
		frontRow  atomic.Int64 // 0 means the seat is still free
		biggest   atomic.Int64
		claims    atomic.Int32
		soldOut   atomic.Bool
	)

	var gateMu sync.Mutex
	gate := sync.NewCond(&gateMu)
	open := false

	var wg sync.WaitGroup
	for fan := int64(1); fan <= 12; fan++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			gateMu.Lock()
			for !open {
				gate.Wait()
			}
			gateMu.Unlock()

			for range 100 {
				pageViews.Add(1)
			}
			if frontRow.CompareAndSwap(0, fan) {
				claims.Add(1)
			}
			order := fan * fan % 17 // basket size
			for {
				cur := biggest.Load()
				if order <= cur || biggest.CompareAndSwap(cur, order) {
					break
				}
			}
		}()
	}

	gateMu.Lock()
	open = true
	gate.Broadcast()
	gateMu.Unlock()
	wg.Wait()
	soldOut.Store(frontRow.Load() != 0)

	fmt.Println("page views:", pageViews.Load())
	fmt.Println("successful front-row claims:", claims.Load())
	fmt.Println("front row taken:", soldOut.Load())
	fmt.Println("largest basket:", biggest.Load())
	fmt.Println("second claim by fan 99:", frontRow.CompareAndSwap(0, 99))

	old := pageViews.Swap(0)
	fmt.Println("views reset from", old, "to", pageViews.Load())
}
