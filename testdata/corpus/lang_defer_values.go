// Defer as Go defines it: a method value's receiver and a func value evaluated at the defer statement, deferred closures of the function, defers in a loop, cleanup in reverse order.
package main

import (
	"errors"
	"fmt"
)

type Logger struct{ prefix string }

func (l Logger) Log(msg string)   { fmt.Println(l.prefix + msg) }
func (l *Logger) PLog(msg string) { fmt.Println(l.prefix + msg) }

func work() (err error) {
	defer func() {
		if err != nil {
			err = fmt.Errorf("work: %w", err)
		}
	}()
	return errors.New("disk full")
}

func loop() {
	for i := 0; i < 3; i++ {
		defer func(n int) { fmt.Print("a", n, " ") }(i)
		defer fmt.Print("b", i, " ")
	}
}

func order() (s []string) {
	f := func() { s = append(s, "first f") }
	defer f()
	f = func() { s = append(s, "second f") }
	return
}

func nilRecv() (msg string) {
	defer func() { msg = fmt.Sprint("recovered: ", recover() != nil) }()
	var l *Logger
	defer l.PLog("never")
	return "normal"
}

type resource struct{ name string }

func (r *resource) Close() { fmt.Println("close", r.name) }

func open(name string) (*resource, error) {
	if name == "" {
		return nil, errors.New("no name")
	}
	return &resource{name}, nil
}

func useAll(names ...string) error {
	for _, n := range names {
		r, err := open(n)
		if err != nil {
			return err
		}
		defer r.Close()
	}
	fmt.Println("using", len(names))
	return nil
}

func main() {
	l := Logger{"[1] "}
	defer l.Log("value receiver at defer")
	lp := &Logger{"[p] "}
	defer lp.PLog("pointer receiver")
	l.prefix = "[2] "
	lp.prefix = "[q] "
	x := 1
	defer fmt.Println("x was", x)
	defer func() { fmt.Println("x is", x) }()
	x = 2
	fmt.Println(work())
	loop()
	fmt.Println()
	fmt.Println(order())
	fmt.Println(nilRecv())
	fmt.Println(useAll("a", "b"))
	fmt.Println(useAll("c", ""))
}
