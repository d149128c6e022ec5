// A grade book using variadic functions, multiple return values and named results with bare returns.
package main

import (
	"fmt"
	"sort"
	"strings"
)

func stats(scores ...int) (min, max int, mean float64, ok bool) {
	if len(scores) == 0 {
		return // all zero values, ok == false
	}
	min, max = scores[0], scores[0]
	sum := 0
	for _, s := range scores {
		if s < min {
			min = s
		}
		if s > max {
			max = s
		}
		sum += s
	}
	mean = float64(sum) / float64(len(scores))
	ok = true
	return
}

func letter(mean float64) (grade string) {
	grade = "F"
	for _, cut := range []struct {
		min float64
		g   string
	}{{90, "A"}, {80, "B"}, {70, "C"}, {60, "D"}} {
		if mean >= cut.min {
			return cut.g
		}
	}
	return
}

func joinNames(sep string, names ...string) string {
	sort.Strings(names) // sorts the caller's slice when it was passed with ...
	return fmt.Sprintf("%d: %s", len(names), strings.Join(names, sep))
}

func main() {
	book := map[string][]int{
		"amir":   {88, 92, 79},
		"bea":    {95, 99, 100, 97},
		"chen":   {55, 70, 62},
		"dmitri": {},
	}
	names := []string{"dmitri", "chen", "bea", "amir"}
	fmt.Println(joinNames(", ", names...))
	fmt.Println("names after call:", names)
	fmt.Println(joinNames("+", "zoe", "yan"), "|", joinNames("-"))

	for _, n := range names {
		lo, hi, mean, ok := stats(book[n]...)
		if !ok {
			fmt.Printf("%-7s no scores\n", n)
			continue
		}
		fmt.Printf("%-7s min=%3d max=%3d mean=%6.2f grade=%s\n", n, lo, hi, mean, letter(mean))
	}
	_, best, _, _ := stats(88, 92, 79, 95, 99, 100, 97, 55, 70, 62)
	fmt.Println("best overall:", best)
}
