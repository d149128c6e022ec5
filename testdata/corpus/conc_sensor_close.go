// Closing channels: buffered values survive close, comma-ok receive reports closure, close broadcasts, range ends.
package main

import (
	"fmt"
	"sort"
	"sync"
)

func main() {
	readings := make(chan float64, 4)
	for _, r := range []float64{21.5, 22.0, 19.75} {
		readings <- r
	}
	close(readings)

	sum, n := 0.0, 0
	for {
		r, ok := <-readings
		if !ok {
			fmt.Println("channel closed after", n, "readings")
			break
		}
		n++
		sum += r
		fmt.Printf("reading %d: %.2f ok=%v\n", n, r, ok)
	}
	fmt.Printf("average %.2f\n", sum/float64(n))
	r, ok := <-readings
	fmt.Println("extra receive:", r, ok)

	// Closing a channel wakes every goroutine waiting on it.
	shutdown := make(chan struct{})
	acks := make(chan string, 3)
	var wg sync.WaitGroup
	for _, zone := range []string{"north", "south", "east"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, open := <-shutdown
			acks <- fmt.Sprintf("%s sensor stopped (open=%v)", zone, open)
		}()
	}
	close(shutdown)
	wg.Wait()
	close(acks)
	var stopped []string
	for a := range acks {
		stopped = append(stopped, a)
	}
	sort.Strings(stopped)
	for _, s := range stopped {
		fmt.Println(s)
	}

	// The producer closes; the consumer's range loop ends by itself.
	levels := make(chan int)
	go func() {
		defer close(levels)
		for i := 1; i <= 4; i++ {
			levels <- i * i * 10
		}
	}()
	peak := 0
	for lv := range levels {
		fmt.Println("water level", lv)
		peak = max(peak, lv)
	}
	fmt.Println("peak level", peak)
}
