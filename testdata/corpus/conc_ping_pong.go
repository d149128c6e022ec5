// Ping-pong over unbuffered channels: a strictly ordered hand-off of one ball between two goroutines.
package main

import (
	"fmt"
	"sync"
)

type ball struct {
	hits  int
	trail []string
}

// player returns the ball until the rally reaches limit, then closes its
// outgoing channel so the other player's range loop ends too.
func player(name string, in <-chan *ball, out chan<- *ball, limit int, wg *sync.WaitGroup) {
	defer wg.Done()
	for b := range in {
		b.hits++
		b.trail = append(b.trail, name)
		fmt.Printf("hit %2d by %s\n", b.hits, name)
		if b.hits == limit {
			fmt.Println(name, "wins the point")
			close(out)
			return
		}
		out <- b
	}
	fmt.Println(name, "puts the paddle down")
}

func main() {
	toPing := make(chan *ball)
	toPong := make(chan *ball)
	var wg sync.WaitGroup
	wg.Add(2)
	go player("ping", toPing, toPong, 7, &wg)
	go player("pong", toPong, toPing, 7, &wg)

	b := &ball{}
	toPing <- b // serve
	wg.Wait()

	fmt.Println("rally length:", b.hits)
	counts := map[string]int{}
	for _, who := range b.trail {
		counts[who]++
	}
	fmt.Printf("ping hit %d times, pong hit %d times\n", counts["ping"], counts["pong"])
	fmt.Println("last three hits:", b.trail[len(b.trail)-3:])
}
