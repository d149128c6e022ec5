// sync.WaitGroup.Go (Go 1.25): resize "photos" concurrently, each goroutine filling its own slice slot.
package main

import (
	"fmt"
	"sync"
)

type photo struct {
	name string
	w, h int
}

func thumbnail(p photo, side int) photo {
	w, h := p.w, p.h
	if w >= h {
		h = h * side / w
		w = side
	} else {
		w = w * side / h
		h = side
	}
	return photo{name: p.name + "_thumb", w: w, h: h}
}

func main() {
	album := []photo{
		{"beach", 4000, 3000},
		{"cat", 1200, 1600},
		{"skyline", 6000, 2000},
		{"logo", 512, 512},
		{"tower", 900, 2700},
	}

	thumbs := make([]photo, len(album))
	var wg sync.WaitGroup
	for i, p := range album {
		wg.Go(func() {
			thumbs[i] = thumbnail(p, 256)
		})
	}
	wg.Wait()

	pixels := 0
	for _, t := range thumbs {
		fmt.Printf("%-14s %3d x %3d\n", t.name, t.w, t.h)
		pixels += t.w * t.h
	}
	fmt.Println("thumbnail pixels:", pixels)

	// A second batch reports megapixels through a buffered channel.
	mp := make(chan int, len(album))
	var batch sync.WaitGroup
	for _, p := range album {
		batch.Go(func() { mp <- p.w * p.h / 1_000_000 })
	}
	batch.Wait()
	close(mp)
	total, count := 0, 0
	for m := range mp {
		total += m
		count++
	}
	fmt.Printf("%d originals, %d megapixels in total\n", count, total)
}
