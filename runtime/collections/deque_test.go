package collections

import (
	"fmt"
	"testing"
)

func TestDeque(t *testing.T) {
	d := NewDeque(1, 2, 3)
	d.AppendLeft(0)
	d.Append(4)
	if fmt.Sprint(d.Items()) != "[0 1 2 3 4]" || d.Len() != 5 {
		t.Fatalf("items %v", d.Items())
	}
	if d.Pop() != 4 || d.PopLeft() != 0 {
		t.Error("pop ends")
	}
	d.Rotate(1)
	if fmt.Sprint(d.Items()) != "[3 1 2]" {
		t.Errorf("Rotate(1): %v", d.Items())
	}
	d.Rotate(-2)
	if d.String() != "deque([2, 3, 1])" {
		t.Errorf("Rotate(-2): %v", d)
	}
	for range 100 { // grow across the ring's wrap
		d.AppendLeft("x")
		d.Append("y")
	}
	if d.Len() != 203 || d.PopLeft() != "x" || d.Pop() != "y" {
		t.Error("after growing")
	}
	b := NewBoundedDeque(2, 1, 2, 3)
	if fmt.Sprint(b.Items()) != "[2 3]" {
		t.Errorf("bounded: %v", b.Items())
	}
	defer func() {
		if recover() == nil {
			t.Error("pop from an empty deque did not panic")
		}
	}()
	NewDeque().Pop()
}

func ExampleDeque_Rotate() {
	tasks := NewDeque("a", "b", "c")
	for range 4 {
		task := tasks.PopLeft()
		fmt.Print(task, " ")
		tasks.Append(task) // round robin
	}
	fmt.Println()
	// Output: a b c a
}
