// Runtime errors (index, nil map, divide by zero, nil pointer, bad assertion) recovered and printed.
package main

import (
	"fmt"
	"strings"
)

type node struct {
	val  int
	next *node
}

func safely(name string, f func()) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			if err, ok := r.(error); ok {
				msg = fmt.Sprintf("%s: recovered error: %v", name, err)
			} else {
				msg = fmt.Sprintf("%s: recovered value: %v", name, r)
			}
		}
	}()
	f()
	return name + ": ok"
}

func main() {
	scores := []int{90, 85, 70}
	var registry map[string]int
	var head *node
	var anything interface{} = "text"
	zero, lo := 0, 2

	checks := []struct {
		name string
		fn   func()
	}{
		{"index", func() { fmt.Println(scores[len(scores)+2]) }},
		{"nil map write", func() { registry["alice"] = 1 }},
		{"nil map read", func() { fmt.Println("read from nil map:", registry["bob"]) }},
		{"divide", func() { fmt.Println(100 / zero) }},
		{"nil pointer", func() { fmt.Println(head.next.val) }},
		{"assertion", func() { fmt.Println(anything.(int)) }},
		{"slice bounds", func() { fmt.Println(scores[lo:1]) }},
		{"custom", func() { panic(fmt.Sprintf("bad score %d", -5)) }},
	}
	failures := 0
	for _, c := range checks {
		msg := safely(c.name, c.fn)
		if !strings.HasSuffix(msg, ": ok") {
			failures++
		}
		fmt.Println(msg)
	}
	fmt.Printf("%d of %d checks panicked\n", failures, len(checks))
}
