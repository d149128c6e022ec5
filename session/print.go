package session

import (
	"fmt"
	"io"
	"math"
	"reflect"
	"strconv"
)

// print and println. yaegi's println writes to standard output a piece at a
// time, so the lines of two goroutines can mix; Go's writes each call whole,
// to standard error. Cells' calls of print and println are rewritten into
// calls of these (see builtinCall), which do what Go does.

// builtinPrint writes args as Go's print (ln false) or println (ln true)
// does, in one write.
func builtinPrint(w io.Writer, ln bool, args []any) {
	var b []byte
	for i, a := range args {
		if ln && i > 0 {
			b = append(b, ' ')
		}
		b = appendPrinted(b, unbox(a))
	}
	if ln {
		b = append(b, '\n')
	}
	w.Write(b)
}

// appendPrinted formats x as the runtime's print does: floats as
// +1.500000e+000, pointers and the like as addresses. Go does not compile
// print of a struct or an array; here they print as fmt's %v does.
func appendPrinted(b []byte, x any) []byte {
	v := reflect.ValueOf(x)
	switch v.Kind() {
	case reflect.Invalid:
		return append(b, "nil"...)
	case reflect.Bool:
		return strconv.AppendBool(b, v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.AppendInt(b, v.Int(), 10)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return strconv.AppendUint(b, v.Uint(), 10)
	case reflect.Float32, reflect.Float64:
		return appendFloat(b, v.Float())
	case reflect.Complex64, reflect.Complex128:
		c := v.Complex()
		b = appendFloat(append(b, '('), real(c))
		return append(appendFloat(b, imag(c)), "i)"...)
	case reflect.String:
		return append(b, v.String()...)
	case reflect.Pointer, reflect.Chan, reflect.Map, reflect.Func, reflect.UnsafePointer:
		return append(b, fmt.Sprintf("%#x", v.Pointer())...)
	case reflect.Slice:
		return append(b, fmt.Sprintf("[%d/%d]%#x", v.Len(), v.Cap(), v.Pointer())...)
	}
	return fmt.Append(b, x)
}

// appendFloat formats f as the runtime does: sign, one digit, six
// decimals, and a signed three-digit exponent.
func appendFloat(b []byte, f float64) []byte {
	switch {
	case math.IsNaN(f):
		return append(b, "NaN"...)
	case math.IsInf(f, 1):
		return append(b, "+Inf"...)
	case math.IsInf(f, -1):
		return append(b, "-Inf"...)
	}
	s := strconv.FormatFloat(f, 'e', 6, 64) // -1.500000e+00
	if s[0] != '-' {
		s = "+" + s
	}
	mant, exp := s[:len(s)-3], s[len(s)-3:] // "+1.500000e", "+00"
	if len(s) > 4 && s[len(s)-4] != 'e' {   // a three-digit exponent already
		mant, exp = s[:len(s)-4], s[len(s)-4:]
	}
	b = append(b, mant...)
	b = append(b, exp[0])
	for range 4 - len(exp) {
		b = append(b, '0')
	}
	return append(b, exp[1:]...)
}
