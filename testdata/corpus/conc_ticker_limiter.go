// A rate limiter built on time.NewTicker: requests are served one per tick, a fixed number of ticks, then the ticker stops.
package main

import (
	"fmt"
	"time"
)

func main() {
	requests := make(chan string, 5)
	for _, path := range []string{"/home", "/login", "/cart", "/pay", "/receipt"} {
		requests <- path
	}
	close(requests)

	ticker := time.NewTicker(2 * time.Millisecond)
	ticks := 0
	for req := range requests {
		<-ticker.C // wait for permission
		ticks++
		fmt.Printf("tick %d: served %s\n", ticks, req)
	}
	ticker.Stop()
	fmt.Println("ticks used:", ticks)

	// A bursty limiter: three tokens up front, refilled by a ticker goroutine.
	tokens := make(chan struct{}, 3)
	for range cap(tokens) {
		tokens <- struct{}{}
	}
	stop := make(chan struct{})
	refilled := make(chan int)
	go func() {
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		n := 0
		for {
			select {
			case <-t.C:
				select {
				case tokens <- struct{}{}:
					n++
				default: // bucket already full
				}
			case <-stop:
				refilled <- n
				return
			}
		}
	}()

	served := 0
	for i := 1; i <= 7; i++ {
		<-tokens
		served++
	}
	close(stop)
	n := <-refilled
	fmt.Println("burst requests served:", served)
	fmt.Println("needed refills:", n >= served-cap(tokens))
}
