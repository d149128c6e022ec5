// Integer arithmetic: sized-int wraparound, a uint32 hash, division and modulo of negatives, float output.
package main

import (
	"fmt"
	"math"
)

func fnv1a(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= 16777619 // wraps modulo 2^32
	}
	return h
}

// clockAdd keeps hours in 0..23 even for negative offsets.
func clockAdd(hour, delta int) int {
	return ((hour+delta)%24 + 24) % 24
}

func main() {
	var odometer uint8 = 250
	for i := 0; i < 8; i++ {
		odometer++
	}
	fmt.Println("uint8 odometer wrapped to", odometer)

	var temp int8 = 127
	temp++
	fmt.Println("int8 127+1 =", temp, "and -(-128) =", -temp)
	var big int32 = math.MaxInt32
	fmt.Println("int32 max+1 =", big+1, "uint16(70000) =", uint16(70000&0xFFFF))
	var u uint = 3
	fmt.Println("uint 3-5 == MaxUint-1:", u-5 == math.MaxUint-1)

	for _, w := range []string{"go", "gopher", "Gopher"} {
		fmt.Printf("fnv1a(%q) = %08x\n", w, fnv1a(w))
	}

	for _, p := range [][2]int{{7, 2}, {-7, 2}, {7, -2}, {-7, -2}} {
		a, b := p[0], p[1]
		fmt.Printf("%3d / %2d = %2d   %3d %% %2d = %2d\n", a, b, a/b, a, b, a%b)
	}
	fmt.Println("clock:", clockAdd(22, 5), clockAdd(3, -5), clockAdd(0, -49))
	b200 := uint8(200)
	fmt.Println("shift:", -17>>1, b200<<1, b200>>3, 1<<62>>60)

	third := 1.0 / 3
	tenth, fifth := 0.1, 0.2
	fmt.Println(third, float32(third), tenth+fifth, tenth+fifth == 0.3, 0.1+0.2 == 0.3)
	fmt.Printf("%.3f %8.2e %g %v\n", math.Pi, 6.02214076e23, 1e-7, 100000000.0)
	fmt.Println(math.Inf(1), -math.Inf(1), math.NaN() == math.NaN(), math.Sqrt(2))
	neg, pos := -2.9, 2.9
	fmt.Println(int(neg), int(pos), math.Round(-2.5), math.Floor(-2.5), math.Trunc(-2.5))
	var f float64 = 7
	fmt.Println(f/2, 7/2, 7.0/2, float64(7/2), math.Mod(-7, 3))
}
