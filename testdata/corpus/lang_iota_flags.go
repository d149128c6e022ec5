// Constants with iota: an enum with a String method, bit-flag permissions, typed and untyped constants.
package main

import (
	"fmt"
	"strings"
)

type Status int

const (
	Pending Status = iota
	Paid
	Shipped
	Delivered
)

func (s Status) String() string {
	if s < Pending || s > Delivered {
		return fmt.Sprintf("Status(%d)", int(s))
	}
	return [...]string{"pending", "paid", "shipped", "delivered"}[s]
}

type Perm uint8

const (
	Read Perm = 1 << iota
	Write
	Exec
	_ // skipped bit
	Admin
)

func (p Perm) String() string {
	var parts []string
	for i, name := range []string{"r", "w", "x", "?", "A"} {
		if p&(1<<i) != 0 {
			parts = append(parts, name)
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, "|")
}

const (
	KB = 1 << (10 * (iota + 1))
	MB
	GB
)

func main() {
	for s := Pending; s <= Delivered+1; s++ {
		fmt.Printf("%v(%d) final=%t\n", s, s, s == Delivered)
	}
	fmt.Println("arithmetic:", Paid+Shipped, Status(2))

	user := Read | Write | Exec
	user &^= Write
	fmt.Println("user:", user, "admin:", Admin|Read, "zero:", Perm(0))
	fmt.Printf("bits: %08b %d %v\n", uint8(user), Admin, user&Exec == Exec)
	const big = 1 << 100 // untyped constants can exceed any integer type
	fmt.Println("sizes:", KB, MB, GB, "big>>98:", big>>98)
	const ratio = 2.0 / 3 // untyped float constant
	var f32 float32 = ratio
	var i int = ratio * 3
	fmt.Printf("%.10f %.10f %d %T\n", f32, ratio, i, ratio)
}
