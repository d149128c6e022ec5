// Errors from goroutines collected through a channel, including panics recovered inside each goroutine and reported as errors.
package main

import (
	"errors"
	"fmt"
	"sort"
	"sync"
)

type file struct {
	name   string
	sizeKB int
	parts  int
}

var errTooLarge = errors.New("file too large")

func upload(f file) int {
	if f.name == "corrupt.bin" {
		panic("checksum mismatch in " + f.name)
	}
	return f.sizeKB / f.parts // parts == 0 panics with a runtime error
}

func main() {
	files := []file{
		{"a.txt", 12, 3}, {"movie.mp4", 900000, 10}, {"corrupt.bin", 40, 2},
		{"empty.log", 8, 0}, {"b.png", 300, 3}, {"c.csv", 64, 4},
	}
	errs := make(chan error, len(files))
	chunks := make(chan int, len(files))
	var wg sync.WaitGroup
	for _, f := range files {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() {
				if r := recover(); r != nil {
					errs <- fmt.Errorf("%s: recovered: %v", f.name, r)
				}
			}()
			if f.sizeKB > 100000 {
				errs <- fmt.Errorf("%s: %w", f.name, errTooLarge)
				return
			}
			chunks <- upload(f)
		}()
	}
	wg.Wait()
	close(errs)
	close(chunks)

	var msgs []string
	var all []error
	for err := range errs {
		msgs = append(msgs, err.Error())
		all = append(all, err)
	}
	sort.Strings(msgs)
	for _, m := range msgs {
		fmt.Println("error:", m)
	}
	sum, ok := 0, 0
	for c := range chunks {
		sum += c
		ok++
	}
	fmt.Printf("%d uploads ok, %d failed, chunk KB total %d\n", ok, len(msgs), sum)
	joined := errors.Join(all...)
	fmt.Println("any too large:", errors.Is(joined, errTooLarge))
}
