// Fan-out/fan-in word counter: one goroutine per "file", merged into one channel, counts sorted before printing.
package main

import (
	"fmt"
	"sort"
	"strings"
	"sync"
)

var files = map[string]string{
	"notes.txt":  "the quick fox and the lazy dog",
	"todo.txt":   "feed the dog then walk the dog",
	"poem.txt":   "a fox a dog a moon and the night",
	"empty.txt":  "",
	"shout.txt":  "DOG Fox dog!",
	"recipe.txt": "salt and pepper and the fox sauce",
}

// words fans out: each file gets its own goroutine and channel.
func words(text string) <-chan string {
	out := make(chan string)
	go func() {
		defer close(out)
		for _, w := range strings.Fields(text) {
			out <- strings.ToLower(strings.Trim(w, "!.,"))
		}
	}()
	return out
}

// merge fans in: many channels become one, closed when all inputs are done.
func merge(inputs ...<-chan string) <-chan string {
	out := make(chan string)
	var wg sync.WaitGroup
	for _, in := range inputs {
		wg.Go(func() {
			for w := range in {
				out <- w
			}
		})
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	return out
}

func main() {
	var streams []<-chan string
	for _, text := range files {
		streams = append(streams, words(text))
	}

	counts := map[string]int{}
	total := 0
	for w := range merge(streams...) {
		counts[w]++
		total++
	}

	vocab := make([]string, 0, len(counts))
	for w := range counts {
		vocab = append(vocab, w)
	}
	sort.Slice(vocab, func(i, j int) bool {
		a, b := vocab[i], vocab[j]
		if counts[a] != counts[b] {
			return counts[a] > counts[b]
		}
		return a < b
	})
	fmt.Printf("%d files, %d words, %d distinct\n", len(files), total, len(vocab))
	for _, w := range vocab[:5] {
		fmt.Printf("%-5s %d\n", w, counts[w])
	}
}
