// Constraints with type sets plus methods, e.g. interface{ ~int; String() string }, applied to enum types.
package main

import (
	"fmt"
	"strings"
)

type Enum interface {
	~int
	String() string
}

type Weekday int

const (
	Mon Weekday = iota
	Tue
	Wed
	Thu
	Fri
)

func (d Weekday) String() string { return [...]string{"Mon", "Tue", "Wed", "Thu", "Fri"}[d] }

type Level int

const (
	Debug Level = iota * 10
	Info
	Warn
)

func (l Level) String() string {
	if name, ok := map[Level]string{Debug: "DEBUG", Info: "INFO"}[l]; ok {
		return name
	}
	return fmt.Sprintf("LEVEL(%d)", int(l))
}

// Span lists every enum value from lo to hi with a step, using both the ~int arithmetic and String.
func Span[E Enum](lo, hi, step E) string {
	var parts []string
	for v := lo; v <= hi; v += step {
		parts = append(parts, fmt.Sprintf("%s=%d", v.String(), int(v)))
	}
	return strings.Join(parts, " ")
}

func Parse[E Enum](name string, lo, hi E) (E, bool) {
	for v := lo; v <= hi; v++ {
		if strings.EqualFold(v.String(), name) {
			return v, true
		}
	}
	return lo, false
}

func main() {
	fmt.Println(Span(Mon, Fri, 1))
	fmt.Println(Span(Mon, Fri, 2))
	fmt.Println(Span(Debug, Warn, 10))
	d, ok := Parse("thu", Mon, Fri)
	fmt.Println("parsed:", d, int(d), ok)
	_, ok = Parse("sat", Mon, Fri)
	fmt.Println("sat found:", ok)
	lv, ok := Parse("info", Debug, Warn)
	fmt.Printf("level %v (%d) %v\n", lv, lv, ok)
}
