package session

import (
	"strings"
	"testing"
)

// A received value returned or stored, then changed, in the shapes the
// worker functions of Go tutorials use: in a function, a method, a
// goroutine, a func literal, at a cell's top level, and across cells.
func TestReceivedValuesAreValues(t *testing.T) {
	h := newHarness(t)
	h.ok(`func recv(c chan int) int { return <-c }
func pair(c chan string) (string, error) { return <-c, nil }
type worker struct{ jobs chan int }
func (w *worker) next() int { v := <-w.jobs; v *= 10; return v }
func fetch(c chan []int) []int { var got []int; got = <-c; got = append(got, 9); return got }`)
	cells := []struct{ cell, want string }{
		{"ch := make(chan int, 1)\nch <- 4\nrecv(ch)", "4"},
		{"cs := make(chan string, 1)\ncs <- \"ok\"\nfmt.Sprint(pair(cs))", `"ok<nil>"`},
		{"w := &worker{jobs: make(chan int, 1)}\nw.jobs <- 3\nw.next()", "30"},
		{"cl := make(chan []int, 1)\ncl <- []int{1}\nfetch(cl)", "[1 9]"},
		{"done := make(chan int)\ngo func() { done <- recv(ch) }()\nch <- 5\n<-done", "5"},
		{"lit := func(c chan int) int { v := <-c; v++; return v }\nch <- 6\nlit(ch)", "7"},
		{"ch <- 8\ns := <-ch\ns = len(\"abc\")\ns", "3"},
		{"s++\ns", "4"},
		{"ch <- 9\nvar t = <-ch\nt += 1\nt", "10"},
	}
	for _, c := range cells {
		if got, _ := h.ok(c.cell); got != c.want {
			t.Errorf("cell %q shows %s; want %s", c.cell, got, c.want)
		}
	}
	if got, _ := h.ok("func relay(in, out chan int) { out <- <-in }\nin, out := make(chan int, 1), make(chan int, 1)\nin <- 11\nrelay(in, out)\nr := <-out\nr++\nr"); !strings.Contains(got, "12") {
		t.Errorf("relay: %s", got)
	}
}
