// Word frequency count with a map: comma-ok lookups, delete, and output sorted by count then word.
package main

import (
	"fmt"
	"sort"
	"strings"
	"unicode"
)

const text = `The quick brown fox jumps over the lazy dog. The dog sleeps;
the fox runs! A fox, a dog, and THE end.`

func main() {
	words := strings.FieldsFunc(text, func(r rune) bool {
		return !unicode.IsLetter(r)
	})
	freq := make(map[string]int)
	for _, w := range words {
		freq[strings.ToLower(w)]++
	}
	fmt.Println("total words:", len(words), "distinct:", len(freq))

	stop := []string{"the", "a", "and", "zebra"}
	for _, s := range stop {
		if n, ok := freq[s]; ok {
			fmt.Printf("removing stop word %q (%d)\n", s, n)
			delete(freq, s)
		} else {
			fmt.Printf("stop word %q not present, count reads as %d\n", s, freq[s])
		}
	}
	delete(freq, "not-there") // deleting a missing key is a no-op

	type entry struct {
		word  string
		count int
	}
	var entries []entry
	for w, c := range freq {
		entries = append(entries, entry{w, c})
	}
	sort.Slice(entries, func(i, j int) bool {
		if entries[i].count != entries[j].count {
			return entries[i].count > entries[j].count
		}
		return entries[i].word < entries[j].word
	})
	for i, e := range entries {
		bar := strings.Repeat("#", e.count)
		fmt.Printf("%2d. %-7s %d %s\n", i+1, e.word, e.count, bar)
	}

	byLen := map[int][]string{}
	for w := range freq {
		byLen[len(w)] = append(byLen[len(w)], w)
	}
	lengths := make([]int, 0, len(byLen))
	for l := range byLen {
		lengths = append(lengths, l)
	}
	sort.Ints(lengths)
	for _, l := range lengths {
		group := byLen[l]
		sort.Strings(group)
		fmt.Println(l, "letters:", group)
	}
}
