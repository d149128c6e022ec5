// Nil channels in select: a closed feed is set to nil to disable its case, and a forwarder enables its send case only when it has data.
package main

import (
	"fmt"
	"sort"
	"strings"
)

func feed(exchange string, prices ...int) <-chan string {
	out := make(chan string)
	go func() {
		defer close(out)
		for _, p := range prices {
			out <- fmt.Sprintf("%s:%d", exchange, p)
		}
	}()
	return out
}

func main() {
	nyse := feed("NYSE", 101, 103, 99)
	lse := feed("LSE", 87, 88, 90, 91, 86)

	var quotes []string
	perFeed := map[string]int{}
	for nyse != nil || lse != nil {
		select {
		case q, ok := <-nyse:
			if !ok {
				nyse = nil
				fmt.Println("NYSE feed closed")
				continue
			}
			quotes = append(quotes, q)
			perFeed["NYSE"]++
		case q, ok := <-lse:
			if !ok {
				lse = nil
				continue
			}
			quotes = append(quotes, q)
			perFeed["LSE"]++
		}
	}
	sort.Strings(quotes)
	fmt.Println("quotes:", quotes)
	fmt.Println("per feed:", perFeed)

	// Forwarder: the send case uses a nil channel while nothing is pending.
	in := feed("ORDER", 5, 8, 13, 21)
	out := make(chan string)
	go func() {
		defer close(out)
		var pending []string
		src := in
		for src != nil || len(pending) > 0 {
			var dst chan string
			var next string
			if len(pending) > 0 {
				dst, next = out, pending[0]
			}
			select {
			case v, ok := <-src:
				if !ok {
					src = nil
					continue
				}
				pending = append(pending, strings.ToLower(v))
			case dst <- next:
				pending = pending[1:]
			}
		}
	}()
	for v := range out {
		fmt.Println("forwarded", v)
	}
}
