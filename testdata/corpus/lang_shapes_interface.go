// Interface satisfaction by several shape types, sorting by area, and comma-ok type assertions.
package main

import (
	"fmt"
	"math"
	"sort"
)

type Shape interface {
	Area() float64
	Perimeter() float64
}

type Rect struct{ W, H float64 }
type Circle struct{ R float64 }
type Triangle struct{ A, B, C float64 }

func (r Rect) Area() float64      { return r.W * r.H }
func (r Rect) Perimeter() float64 { return 2 * (r.W + r.H) }

func (c *Circle) Area() float64      { return math.Pi * c.R * c.R }
func (c *Circle) Perimeter() float64 { return 2 * math.Pi * c.R }

func (t Triangle) Perimeter() float64 { return t.A + t.B + t.C }
func (t Triangle) Area() float64 {
	s := t.Perimeter() / 2
	return math.Sqrt(s * (s - t.A) * (s - t.B) * (s - t.C))
}

func (r Rect) IsSquare() bool { return r.W == r.H }

func describe(s Shape) string {
	switch v := s.(type) {
	case Rect:
		return fmt.Sprintf("rect %gx%g", v.W, v.H)
	case *Circle:
		return fmt.Sprintf("circle r=%g", v.R)
	default:
		return fmt.Sprintf("%T", v)
	}
}

func main() {
	shapes := []Shape{Rect{3, 4}, &Circle{1.5}, Triangle{3, 4, 5}, Rect{2, 2}, &Circle{0.5}}
	sort.Slice(shapes, func(i, j int) bool { return shapes[i].Area() < shapes[j].Area() })
	total := 0.0
	for _, s := range shapes {
		total += s.Area()
		fmt.Printf("%-16s area=%7.3f perimeter=%7.3f\n", describe(s), s.Area(), s.Perimeter())
	}
	fmt.Printf("total area: %.2f\n", total)

	squares := 0
	for _, s := range shapes {
		if r, ok := s.(Rect); ok && r.IsSquare() {
			squares++
		}
		if _, ok := s.(interface{ IsSquare() bool }); ok {
			fmt.Println("has IsSquare:", describe(s))
		}
	}
	fmt.Println("squares:", squares)

	_, isCircle := shapes[0].(*Circle)
	fmt.Println("smallest is a circle:", isCircle)
}
