// The slices package on an event log: Sort, SortFunc, Index, Contains, BinarySearch, Reverse, Compact, Equal, Max.
package main

import (
	"cmp"
	"fmt"
	"slices"
)

type Event struct {
	At   int // seconds since start
	Kind string
	User string
}

func main() {
	log := []Event{
		{42, "login", "sam"}, {7, "login", "ada"}, {93, "upload", "ada"},
		{15, "error", "sam"}, {61, "logout", "ada"}, {88, "error", "kim"},
	}
	slices.SortFunc(log, func(a, b Event) int { return cmp.Compare(a.At, b.At) })
	for _, e := range log {
		fmt.Printf("t=%-3d %-7s %s\n", e.At, e.Kind, e.User)
	}

	i := slices.IndexFunc(log, func(e Event) bool { return e.Kind == "error" })
	fmt.Println("first error at index", i, "time", log[i].At)

	times := make([]int, len(log))
	for i, e := range log {
		times[i] = e.At
	}
	pos, found := slices.BinarySearch(times, 61)
	fmt.Println("t=61 found:", found, "at", pos)
	pos, found = slices.BinarySearch(times, 50)
	fmt.Println("t=50 found:", found, "would insert at", pos)

	users := make([]string, 0, len(log))
	for _, e := range log {
		users = append(users, e.User)
	}
	slices.Sort(users)
	users = slices.Compact(users)
	fmt.Println("distinct users:", users, "has kim:", slices.Contains(users, "kim"))
	fmt.Println("index of sam:", slices.Index(users, "sam"), "index of bob:", slices.Index(users, "bob"))

	latest := slices.MaxFunc(log, func(a, b Event) int { return cmp.Compare(a.At, b.At) })
	fmt.Println("latest event:", latest.Kind, "by", latest.User, "max time:", slices.Max(times))

	rev := slices.Clone(times)
	slices.Reverse(rev)
	fmt.Println("newest first:", rev)
	slices.Reverse(rev)
	fmt.Println("round trip equal:", slices.Equal(rev, times), "sorted:", slices.IsSorted(times))
}
