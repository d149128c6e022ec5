package session

import (
	"go/parser"
	"go/token"
	"strings"
	"testing"
)

// parenReceives, golden: a function body in, the body as compiled out.
func TestParenReceivesGolden(t *testing.T) {
	tests := []struct{ name, in, out string }{
		{"return", "return <-c", "return (<-c)"},
		{"return with others", "return <-c, nil", "return (<-c), nil"},
		{"define", "v := <-c", "v := (<-c)"},
		{"assign", "v = <-c", "v = (<-c)"},
		{"var", "var v = <-c", "var v = (<-c)"},
		{"two at once", "a, b = <-c, <-d", "a, b = (<-c), (<-d)"},
		{"send", "out <- <-in", "out <- (<-in)"},
		{"if init", "if v := <-c; v > 0 { v++ }", "if v := (<-c); v > 0 { v++ }"},
		{"comma-ok stays", "v, ok := <-c\nvar w, ok2 = <-c", "v, ok := <-c\nvar w, ok2 = <-c"},
		{"a statement stays", "<-done", "<-done"},
		{"select cases stay, their bodies do not", "select {\ncase v := <-c:\n\tw := <-c\n\t_ = v\ncase <-d:\n}", "select {\ncase v := <-c:\n\tw := (<-c)\n\t_ = v\ncase <-d:\n}"},
		{"inside an expression stays", "v := <-c + 1\nf(<-c)", "v := <-c + 1\nf(<-c)"},
		{"in a func literal", "g := func() int { return <-c }", "g := func() int { return (<-c) }"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := parser.ParseFile(token.NewFileSet(), "", "package p\nfunc _() {\n"+tt.in+"\n}\n", parser.SkipObjectResolution)
			if err != nil {
				t.Fatal(err)
			}
			parenReceives(f)
			if got, want := printed(t, f), printed(t, "package p\nfunc _() {\n"+tt.out+"\n}\n"); got != want {
				t.Errorf("got\n%s\nwant\n%s", got, want)
			}
		})
	}
}

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
