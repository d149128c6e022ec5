package interp

import (
	"fmt"
	"reflect"
	"unsafe"
)

// The interpreter indexes, slices and dereferences through package reflect,
// which panics in its own words ("reflect: slice index out of range") with
// a string, where Go panics with a runtime.Error ("runtime error: index out
// of range [5] with length 3") that a program may recover and inspect. So
// the operations below check first, and where the operation would fail
// they make it fail on a compiled value of the same length, capacity or
// nilness: the panic is then the runtime's own error, in its own words.

var (
	sinkElem struct{}
	sinkByte byte
	sinkInt  int
	sinkStr  string
	sinkS    []struct{}
)

// indexValue returns a.Index(i), a an array, slice or string.
func indexValue(a reflect.Value, i int) reflect.Value {
	if n := a.Len(); i < 0 || i >= n {
		s := unsafe.Slice(&sinkElem, n)
		sinkElem = s[i]
	}
	return a.Index(i)
}

// sliceValue returns a.Slice(lo, hi), or a.Slice3(lo, hi, max) when
// three is true.
func sliceValue(a reflect.Value, lo, hi, max int, three bool) reflect.Value {
	checkSlice(a, lo, hi, max, three)
	if three {
		return a.Slice3(lo, hi, max)
	}
	return a.Slice(lo, hi)
}

func checkSlice(a reflect.Value, lo, hi, max int, three bool) {
	k := a.Kind()
	if k == reflect.Ptr {
		k = a.Type().Elem().Kind()
	}
	length, capacity := a.Len(), a.Len()
	if k == reflect.Slice {
		capacity = a.Cap()
	}
	top := capacity
	if three {
		top = max
	}
	if 0 <= lo && lo <= hi && hi <= top && top <= capacity {
		return
	}
	if !three && (k == reflect.String || k == reflect.Array) {
		// Bounds of a string or an array are checked against its length.
		s := unsafe.String(&sinkByte, length)
		sinkStr = s[lo:hi]
		return
	}
	s := unsafe.Slice(&sinkElem, capacity)[:length]
	if three {
		sinkS = s[lo:hi:max]
	} else {
		sinkS = s[lo:hi]
	}
}

// makeSlice returns reflect.MakeSlice(typ, length, capacity); a length or
// capacity out of range fails as make does.
func makeSlice(typ reflect.Type, length, capacity int) reflect.Value {
	if length < 0 || capacity < length {
		sinkS = make([]struct{}, length, capacity)
	}
	return reflect.MakeSlice(typ, length, capacity)
}

// elem returns v.Elem(), v a pointer.
func elem(v reflect.Value) reflect.Value {
	if v.Kind() == reflect.Ptr && v.IsNil() {
		panicNil()
	}
	return v.Elem()
}

// panicNil panics with the runtime error of a nil pointer dereference.
func panicNil() {
	var p *int
	sinkInt = *p
}

// fieldByIndex is v.FieldByIndex(index), through embedded pointers.
func fieldByIndex(v reflect.Value, index []int) reflect.Value {
	for j, i := range index {
		if j > 0 && v.Kind() == reflect.Ptr {
			v = elem(v)
		}
		v = v.Field(i)
	}
	return v
}

// A typeAssertionError is the panic of a failed type assertion: a
// runtime.Error, as the runtime's *runtime.TypeAssertionError is.
type typeAssertionError struct{ msg string }

func (e *typeAssertionError) Error() string { return e.msg }

// RuntimeError marks the error as a run-time one (runtime.Error).
func (*typeAssertionError) RuntimeError() {}

func assertionFailed(format string, a ...interface{}) error {
	return &typeAssertionError{fmt.Sprintf("interface conversion: "+format, a...)}
}
