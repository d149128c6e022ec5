package session

import (
	"fmt"
	"reflect"
)

// clearBuiltin is clear(x) for maps and slices.
func clearBuiltin(x any) {
	v := reflect.ValueOf(x)
	switch v.Kind() {
	case reflect.Map, reflect.Slice:
		v.Clear()
	case reflect.Invalid:
	default:
		panic(fmt.Sprintf("invalid argument: clear(%T): argument must be a map or a slice", x))
	}
}
