package session

import (
	"fmt"
	"reflect"

	"github.com/traefik/yaegi/interp"
)

// errorTypeName is %T of v, an error: the interpreter hands compiled code an
// error of a cell's type in a wrapper, whose type fmt would print.
func errorTypeName(v any) string {
	if err, ok := v.(error); ok {
		if name, ok := interp.ErrorTypeName(err); ok {
			return name
		}
	}
	return fmt.Sprintf("%T", v)
}

// errorsAs replaces errors.As in cells. An error value of a type declared in
// a cell reaches compiled code inside yaegi's wrapper (a struct whose first
// field, IValue, holds the value), so the standard errors.As never matches
// it, and panics on a target of that type ("*target must be interface or
// implement error"). This one looks inside the wrapper.
func errorsAs(err error, target any) bool {
	tv := reflect.ValueOf(unbox(target))
	if !tv.IsValid() || tv.Kind() != reflect.Pointer || tv.IsNil() {
		panic("errors: target must be a non-nil pointer")
	}
	want := tv.Type().Elem()
	for err != nil {
		v := reflect.ValueOf(err)
		if inner, ok := wrapped(v); ok && inner.Type().AssignableTo(want) {
			tv.Elem().Set(inner)
			return true
		}
		if v.Type().AssignableTo(want) {
			tv.Elem().Set(v)
			return true
		}
		if x, ok := err.(interface{ As(any) bool }); ok && x.As(target) {
			return true
		}
		switch u := err.(type) {
		case interface{ Unwrap() error }:
			err = u.Unwrap()
		case interface{ Unwrap() []error }:
			for _, e := range u.Unwrap() {
				if errorsAs(e, target) {
					return true
				}
			}
			return false
		default:
			return false
		}
	}
	return false
}

// wrapped returns the value inside a yaegi interface wrapper.
func wrapped(v reflect.Value) (reflect.Value, bool) {
	if v.Kind() == reflect.Pointer && !v.IsNil() {
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct || v.NumField() == 0 || v.Type().Field(0).Name != "IValue" {
		return reflect.Value{}, false
	}
	inner := v.Field(0)
	if inner.Kind() == reflect.Interface {
		inner = inner.Elem()
	}
	if !inner.IsValid() {
		return reflect.Value{}, false
	}
	if u := reflect.ValueOf(unbox(inner.Interface())); u.IsValid() {
		inner = u
	}
	return inner, true
}
