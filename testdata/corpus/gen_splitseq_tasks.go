// strings.SplitSeq and strings.FieldsSeq feeding a lazy generic Filter, then a multi-key sort with cmp.Or and cmp.Compare.
package main

import (
	"cmp"
	"fmt"
	"iter"
	"slices"
	"strconv"
	"strings"
)

type Task struct {
	Owner    string
	Priority int
	Title    string
}

func Filter[T any](seq iter.Seq[T], keep func(T) bool) iter.Seq[T] {
	return func(yield func(T) bool) {
		for v := range seq {
			if keep(v) && !yield(v) {
				return
			}
		}
	}
}

const board = `ana;2;write docs
# comment line
bo;1;fix login bug
ana;1;review PR

chen;3;plan sprint
bo;1;deploy hotfix`

func main() {
	lines := Filter(strings.SplitSeq(board, "\n"), func(l string) bool {
		return l != "" && !strings.HasPrefix(l, "#")
	})
	var tasks []Task
	for line := range lines {
		parts := strings.SplitN(line, ";", 3)
		p, _ := strconv.Atoi(parts[1])
		tasks = append(tasks, Task{parts[0], p, parts[2]})
	}
	fmt.Println("tasks parsed:", len(tasks))

	slices.SortFunc(tasks, func(a, b Task) int {
		return cmp.Or(
			cmp.Compare(a.Priority, b.Priority),
			cmp.Compare(a.Owner, b.Owner),
			strings.Compare(a.Title, b.Title),
		)
	})
	for _, t := range tasks {
		fmt.Printf("P%d %-5s %s\n", t.Priority, t.Owner, t.Title)
	}

	words := 0
	for w := range strings.FieldsSeq("  deploy   the\thotfix \n now ") {
		words++
		fmt.Printf("[%s]", w)
	}
	fmt.Println(" words:", words)

	fmt.Println("default owner:", cmp.Or("", "", "unassigned"), "default prio:", cmp.Or(0, 5))
}
