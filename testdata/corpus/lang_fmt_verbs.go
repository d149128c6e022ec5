// fmt verbs on a shop receipt: %v %+v %#v %T %q %x %08.3f, padding with %-10s| and widths from *.
package main

import (
	"fmt"
	"strings"
)

type Money int64 // cents

func (m Money) String() string { return fmt.Sprintf("$%d.%02d", m/100, m%100) }

type Line struct {
	SKU   string
	Qty   int
	Price Money
	Tags  []string
}

type Receipt struct {
	Store string
	Lines []Line
	Meta  map[string]int
}

func main() {
	r := Receipt{
		Store: "Corner Shop",
		Lines: []Line{
			{"TEA-01", 2, 350, []string{"drink"}},
			{"BISC-7", 1, 199, nil},
			{"HONEY", 3, 1275, []string{"jar", "local"}},
		},
		Meta: map[string]int{"till": 4, "clerk": 17},
	}
	fmt.Printf("%v\n", r.Lines[0])
	fmt.Printf("%+v\n", r.Lines[1])
	fmt.Printf("%#v\n", r.Lines[2])
	fmt.Printf("%v\n", r.Meta) // fmt sorts map keys
	fmt.Printf("%T %T %T %T\n", r, r.Lines, r.Meta, r.Lines[0].Price)

	width := 0
	for _, l := range r.Lines {
		width = max(width, len(l.SKU))
	}
	var total Money
	fmt.Println(strings.Repeat("-", width+22))
	for _, l := range r.Lines {
		sub := Money(l.Qty) * l.Price
		total += sub
		fmt.Printf("%-*s|%3d x %7v =%8s|\n", width, l.SKU, l.Qty, l.Price, sub)
	}
	fmt.Printf("%-*s|%*v|\n", width, "TOTAL", 23, total)

	fmt.Printf("%q %q %q\n", r.Store, 'é', []string{"a b", "c\"d"})
	fmt.Printf("%x %X % x %#x\n", "Shop", 48879, []byte{1, 171}, 255)
	fmt.Printf("[%08.3f] [%-8.2f] [%+.1e] [%g]\n", 3.14159, 2.5, 123456.0, 1e21)
	fmt.Printf("[%5d] [%-5d] [%05d] [%b] [%o] [%c]\n", 42, 42, -42, 5, 64, 0x1F600)
	fmt.Printf("[%6.2f%%] [%t] [%v] [%d]\n", 12.3456, true, nil, []int{1, 2})
	fmt.Printf("%s %v %d %-10s|\n", Money(5), []Money{100, 1}, Money(7), Money(42))
	fmt.Println(fmt.Sprint("a", 1, 2, "b", "c", 3.0), fmt.Sprintln("x", 1) == "x 1\n")
}
