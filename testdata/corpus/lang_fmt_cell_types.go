// Printing values of the program's own types with fmt and encoding/json:
// unexported fields, nested String and Error methods, pointers, maps,
// slices, %T of interface values, struct tags.
package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
)

type Money int64

func (m Money) String() string { return fmt.Sprintf("$%d.%02d", m/100, m%100) }

type SKU string

type item struct {
	name  string
	Price Money
	qty   int
}

type Order struct {
	ID    int               `json:"id"`
	Items []item            `json:"items"`
	Notes map[string]string `json:"notes,omitempty"`
	total Money
	Tags  []SKU `json:"tags"`
}

type Status int

const (
	Open Status = iota
	Shipped
)

func (s Status) String() string { return [...]string{"open", "shipped"}[s] }

type Shipment struct {
	Order  *Order
	State  Status
	ByCode map[SKU]Status
}

type NotFound struct{ Key string }

func (e *NotFound) Error() string { return "not found: " + e.Key }

type Point struct{ X, Y int }

func lookup(key string) error {
	if key == "" {
		return nil
	}
	return &NotFound{key}
}

func describe(vals ...any) string {
	var parts []string
	for _, v := range vals {
		parts = append(parts, fmt.Sprintf("%T=%v", v, v))
	}
	return strings.Join(parts, " ")
}

func (o *Order) Summary() string {
	return fmt.Sprintf("order %d: %v", o.ID, o.Items)
}

func main() {
	it := item{"tea", 350, 2}
	fmt.Printf("%v|%+v|%#v\n", it, it, it)
	fmt.Println(it, []item{it}, []Money{100, 250})

	o := &Order{ID: 7, Items: []item{it, {"cake", 1200, 1}}, Notes: map[string]string{"b": "2", "a": "1"}, total: 1550, Tags: []SKU{"t-1"}}
	fmt.Printf("%v\n%+v\n", o, *o)
	fmt.Println(o.Summary())

	sh := Shipment{Order: nil, State: Shipped, ByCode: map[SKU]Status{"z": Open, "a": Shipped}}
	fmt.Printf("%v %+v\n", sh, sh)
	fmt.Printf("%#v\n", sh.ByCode)

	var err error = lookup("k1")
	fmt.Printf("%v|%T\n", err, err)
	wrapped := fmt.Errorf("loading: %w", err)
	var nf *NotFound
	fmt.Println(wrapped, errors.As(wrapped, &nf), nf.Key)
	fmt.Printf("%v\n", []error{err, nil})

	var a any = Point{1, 2}
	fmt.Printf("%T %v %+v %#v\n", a, a, a, a)
	fmt.Println(describe(Point{3, 4}, &Point{5, 6}, Shipped, []Point{{7, 8}}))

	m := map[Point]string{{2, 1}: "b", {1, 9}: "a"}
	keys := make([]Point, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i].X < keys[j].X })
	fmt.Println(m, keys)

	fmt.Printf("[%8v] [%-6v] [%x] [%q]\n", Money(5), Shipped, it, SKU("q"))
	s := fmt.Sprint(struct {
		Label string
		p     Point
		cost  Money
	}{"pt", Point{1, 1}, 99})
	fmt.Println(s)

	b, _ := json.Marshal(o)
	fmt.Println(string(b))
	b, _ = json.Marshal(it)
	fmt.Println(string(b))
	var back Order
	if err := json.Unmarshal([]byte(`{"id":9,"items":[{"Price":5}],"tags":["x"]}`), &back); err != nil {
		fmt.Println("error:", err)
	}
	fmt.Printf("%+v\n", back)
}
