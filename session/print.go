package session

import (
	"fmt"
	"io"
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

// appendPrinted formats x as the runtime's print does (Go 1.26's: floats
// as strconv's shortest 'g' form), pointers and the like as addresses, a
// nil interface as (0x0,0x0). Go does not compile print of a struct or an
// array; here they print as fmt's %v does.
func appendPrinted(b []byte, x any) []byte {
	v := reflect.ValueOf(x)
	switch v.Kind() {
	case reflect.Invalid:
		return append(b, "(0x0,0x0)"...)
	case reflect.Bool:
		return strconv.AppendBool(b, v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.AppendInt(b, v.Int(), 10)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return strconv.AppendUint(b, v.Uint(), 10)
	case reflect.Float32:
		return strconv.AppendFloat(b, v.Float(), 'g', -1, 32)
	case reflect.Float64:
		return strconv.AppendFloat(b, v.Float(), 'g', -1, 64)
	case reflect.Complex64:
		return append(b, strconv.FormatComplex(v.Complex(), 'g', -1, 64)...)
	case reflect.Complex128:
		return append(b, strconv.FormatComplex(v.Complex(), 'g', -1, 128)...)
	case reflect.String:
		return append(b, v.String()...)
	case reflect.Pointer, reflect.Chan, reflect.Map, reflect.Func, reflect.UnsafePointer:
		return append(b, fmt.Sprintf("%#x", v.Pointer())...)
	case reflect.Slice:
		return append(b, fmt.Sprintf("[%d/%d]%#x", v.Len(), v.Cap(), v.Pointer())...)
	}
	return fmt.Append(b, x)
}
