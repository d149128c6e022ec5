// A chat room broadcaster: one goroutine owns the member list and runs select in a loop until a quit channel closes.
package main

import "fmt"

type room struct {
	join chan chan string
	post chan string
	quit chan struct{}
	done chan int
}

func (r *room) run() {
	var members []chan string
	delivered := 0
	for {
		select {
		case inbox := <-r.join:
			members = append(members, inbox)
		case msg := <-r.post:
			for _, inbox := range members {
				inbox <- msg
				delivered++
			}
		case <-r.quit:
			for _, inbox := range members {
				close(inbox)
			}
			r.done <- delivered
			return
		}
	}
}

func main() {
	r := &room{
		join: make(chan chan string),
		post: make(chan string),
		quit: make(chan struct{}),
		done: make(chan int),
	}
	go r.run()

	names := []string{"ana", "ben", "chloe"}
	inboxes := map[string]chan string{}
	for i, name := range names {
		inbox := make(chan string, 10)
		inboxes[name] = inbox
		r.join <- inbox
		r.post <- fmt.Sprintf("* %s joined (%d online)", name, i+1)
	}
	r.post <- "ana: hi all"
	r.post <- "ben: hello!"
	close(r.quit)
	fmt.Println("messages delivered:", <-r.done)

	for _, name := range names {
		count := 0
		for msg := range inboxes[name] {
			fmt.Printf("[%s] %s\n", name, msg)
			count++
		}
		fmt.Printf("%s read %d messages\n", name, count)
	}
}
