// A parking lot with three spaces: a buffered channel as a counting semaphore, occupancy tracked with atomics.
package main

import (
	"fmt"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

type lot struct {
	spaces    chan struct{}
	occupied  atomic.Int32
	peak      atomic.Int32
	mu        sync.Mutex
	departed  []string
	totalFees int
}

func (l *lot) park(plate string, hours int) {
	l.spaces <- struct{}{}        // acquire a space (blocks when full)
	defer func() { <-l.spaces }() // release it

	now := l.occupied.Add(1)
	for {
		p := l.peak.Load()
		if now <= p || l.peak.CompareAndSwap(p, now) {
			break
		}
	}
	time.Sleep(time.Millisecond) // the car stays a moment
	l.occupied.Add(-1)

	l.mu.Lock()
	defer l.mu.Unlock()
	l.departed = append(l.departed, plate)
	l.totalFees += 2 + 3*hours
}

func main() {
	l := &lot{spaces: make(chan struct{}, 3)}
	fmt.Println("free spaces at opening:", cap(l.spaces)-len(l.spaces))

	cars := []string{"KX-101", "BR-552", "ZT-930", "AA-007", "QM-418", "LP-263", "HD-874", "VN-390"}
	var wg sync.WaitGroup
	for i, plate := range cars {
		wg.Add(1)
		go func() {
			defer wg.Done()
			l.park(plate, i%4+1)
		}()
	}
	wg.Wait()

	sort.Strings(l.departed)
	fmt.Println("cars served:", len(l.departed))
	fmt.Println("first plates:", l.departed[:3])
	fmt.Println("peak within capacity:", l.peak.Load() >= 1 && l.peak.Load() <= int32(cap(l.spaces)))
	fmt.Println("occupied at closing:", l.occupied.Load())
	fmt.Println("free spaces at closing:", cap(l.spaces)-len(l.spaces))
	fmt.Println("fees collected:", l.totalFees)
}
