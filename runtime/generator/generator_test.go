package generator

import (
	"fmt"
	"strings"
	"testing"
)

func countdown(n int) *Generator {
	return New(func(y *Yielder) {
		for ; n > 0; n-- {
			y.Yield(n)
		}
	})
}

func TestNextUntilDone(t *testing.T) {
	g := countdown(3)
	var got []any
	for v, ok := g.Next(); ok; v, ok = g.Next() {
		got = append(got, v)
	}
	if fmt.Sprint(got) != "[3 2 1]" {
		t.Errorf("got %v", got)
	}
	if _, ok := g.Next(); ok {
		t.Error("Next after the end")
	}
}

func TestSend(t *testing.T) {
	total := New(func(y *Yielder) {
		sum := 0
		for {
			v := y.Yield(sum)
			if v == nil {
				return
			}
			sum += v.(int)
		}
	})
	total.Next()
	for _, n := range []int{1, 2, 3} {
		if v, ok := total.Send(n); !ok || v == nil {
			t.Fatal("send failed")
		}
	}
	if v, _ := total.Send(4); v != 10 {
		t.Errorf("running total %v", v)
	}
	if _, ok := total.Send(nil); ok {
		t.Error("generator did not end")
	}
	defer func() {
		if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), "just-started") {
			t.Errorf("send to a new generator: %v", r)
		}
	}()
	New(func(*Yielder) {}).Send(1)
}

func TestCloseRunsDefers(t *testing.T) {
	cleaned := false
	g := New(func(y *Yielder) {
		defer func() { cleaned = true }()
		for i := 0; ; i++ {
			y.Yield(i)
		}
	})
	g.Next()
	g.Next()
	g.Close()
	if !cleaned {
		t.Error("defers did not run on Close")
	}
	if _, ok := g.Next(); ok {
		t.Error("Next after Close")
	}
}

func TestPanicReachesCaller(t *testing.T) {
	g := New(func(y *Yielder) { panic("inside") })
	defer func() {
		if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), "inside") {
			t.Errorf("recovered %v", r)
		}
	}()
	g.Next()
}

func Example() {
	// Two generators run round robin, as the notes' scheduler does.
	tasks := []*Generator{countdown(3), countdown(2)}
	for len(tasks) > 0 {
		g := tasks[0]
		tasks = tasks[1:]
		if v, ok := g.Next(); ok {
			fmt.Print(v, " ")
			tasks = append(tasks, g)
		}
	}
	fmt.Println()
	// Output: 3 2 2 1 1
}

func TestString(t *testing.T) {
	var g *Generator
	inside := ""
	g = New(func(y *Yielder) { inside = g.String(); y.Yield(1) })
	for _, want := range []string{"created", "suspended", "closed"} {
		if got := g.String(); got != "<generator.Generator "+want+">" {
			t.Errorf("got %s; want %s", got, want)
		}
		g.Next()
	}
	if inside != "<generator.Generator running>" {
		t.Errorf("inside the generator: %s", inside)
	}
}
