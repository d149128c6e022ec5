// A print queue on a buffered channel: len and cap, non-blocking send and receive with select default, close and range.
package main

import "fmt"

type job struct {
	doc   string
	pages int
}

func trySubmit(q chan<- job, j job) bool {
	select {
	case q <- j:
		return true
	default:
		return false
	}
}

func tryTake(q <-chan job) (job, bool) {
	select {
	case j := <-q:
		return j, true
	default:
		return job{}, false
	}
}

func main() {
	queue := make(chan job, 3)
	if _, ok := tryTake(queue); !ok {
		fmt.Println("printer idle: nothing queued")
	}

	docs := []job{{"report.pdf", 12}, {"memo.txt", 1}, {"slides.ppt", 30}, {"photo.png", 2}, {"thesis.doc", 120}}
	rejected := 0
	for _, d := range docs {
		if trySubmit(queue, d) {
			fmt.Printf("queued   %-11s len=%d cap=%d\n", d.doc, len(queue), cap(queue))
		} else {
			rejected++
			fmt.Printf("rejected %-11s queue full\n", d.doc)
		}
	}

	// The operator takes one job by hand, freeing a slot for a retry.
	if j, ok := tryTake(queue); ok {
		fmt.Println("operator cancels", j.doc)
	}
	fmt.Println("retry photo.png accepted:", trySubmit(queue, docs[3]))
	close(queue)

	done := make(chan int)
	go func() {
		total := 0
		for j := range queue {
			fmt.Printf("printing %s (%d pages)\n", j.doc, j.pages)
			total += j.pages
		}
		done <- total
	}()
	fmt.Println("pages printed:", <-done)
	fmt.Println("jobs rejected:", rejected)
	j, ok := <-queue
	fmt.Printf("receive after close: %q %d %v\n", j.doc, j.pages, ok)
}
