// Deferred calls run last-in first-out, with arguments fixed at the defer statement.
package main

import "fmt"

type logger struct{ lines []string }

func (l *logger) add(s string) { l.lines = append(l.lines, s) }

func processOrder(log *logger, id int) {
	log.add(fmt.Sprintf("open order %d", id))
	defer log.add(fmt.Sprintf("close order %d", id))
	status := "pending"
	defer log.add("status at defer time: " + status)
	defer func() { log.add("status at return: " + status) }()
	status = "shipped"
	log.add("processing")
}

func countdown() {
	for i := 3; i > 0; i-- {
		defer fmt.Println("defer in loop, i =", i)
	}
	fmt.Println("loop finished")
}

func tripled(x int) (result int) {
	defer func() { result *= 3 }()
	return x + 1
}

func trace(name string) func() {
	fmt.Println("enter", name)
	return func() { fmt.Println("leave", name) }
}

func nested() {
	defer trace("nested")()
	fmt.Println("inside nested")
}

func main() {
	log := &logger{}
	processOrder(log, 42)
	for i, line := range log.lines {
		fmt.Println(i, line)
	}
	countdown()
	fmt.Println("tripled(4) =", tripled(4))
	nested()

	x := 10
	defer fmt.Println("main deferred x =", x)
	x = 20
	fmt.Println("main x =", x)
}
