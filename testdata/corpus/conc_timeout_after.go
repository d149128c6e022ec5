// Timeouts with time.After: a fast service always beats a 2 s timeout, a hung service always loses to a short one.
package main

import (
	"errors"
	"fmt"
	"time"
)

var errTimeout = errors.New("timed out")

type service struct {
	name string
	hung bool
}

func (s service) forecast(city string) <-chan string {
	reply := make(chan string, 1) // buffered: the sender never leaks
	if s.hung {
		return reply // nobody will ever send
	}
	go func() { reply <- fmt.Sprintf("%s says %s is sunny", s.name, city) }()
	return reply
}

func ask(s service, city string, limit time.Duration) (string, error) {
	select {
	case r := <-s.forecast(city):
		return r, nil
	case <-time.After(limit):
		return "", fmt.Errorf("%s: %w", s.name, errTimeout)
	}
}

func main() {
	fast := service{name: "meteo"}
	stuck := service{name: "oldstation", hung: true}

	for _, city := range []string{"Lisbon", "Oslo"} {
		r, err := ask(fast, city, 2*time.Second)
		fmt.Println(r, err)
	}
	_, err := ask(stuck, "Lima", 15*time.Millisecond)
	fmt.Println("error:", err)
	fmt.Println("is timeout:", errors.Is(err, errTimeout))

	// A timer that is stopped before it fires reports true from Stop.
	t := time.NewTimer(2 * time.Second)
	fmt.Println("stopped before firing:", t.Stop())

	// Retry with a fallback: the first choice hangs, the second answers.
	answered := 0
	for _, s := range []service{stuck, fast} {
		limit := 10 * time.Millisecond
		if !s.hung {
			limit = 2 * time.Second
		}
		if r, err := ask(s, "Quito", limit); err == nil {
			fmt.Println("fallback answer:", r)
			answered++
			break
		} else {
			fmt.Println("retrying after:", err)
		}
	}
	fmt.Println("answered:", answered)
}
