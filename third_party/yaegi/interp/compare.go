package interp

import "reflect"

// Comparing an interface value with == compares its dynamic type and value
// (the Go spec's comparison operators). The interpreter holds an interface
// value in one of several forms: a valueInterface (its node gives the
// dynamic type), a Go interface, an error wrapper (errorwrap.go), another
// wrapper of a compiled interface, or the bare value when the static type
// of the operand is the dynamic type. Comparing the forms themselves, as
// ==, told apart equal values (an Email in a Namer, and an Email) and
// panicked on wrappers. dynamicOf reads each form as the type and value it
// holds.

// A dynamic is an interface value's dynamic type and value: typ is nil
// when the value came from compiled code without its interpreted type, and
// v is invalid for a nil interface.
type dynamic struct {
	typ *itype
	v   reflect.Value
}

// isErrorWrapper is the set of the error wrappers' types.
var isErrorWrapper = func() map[reflect.Type]bool {
	m := map[reflect.Type]bool{}
	for _, t := range errorWrappers {
		m[t] = true
	}
	return m
}()

// dynamicOf returns the dynamic type and value of v, an operand of
// static type t.
func dynamicOf(t *itype, v reflect.Value) dynamic {
	switch {
	case t == nil:
	case isInterface(t) && t.val != nil && !isInterface(t.val):
		t = t.val // a conversion to an interface, any(x), holds x's type
	case t.untyped || isInterface(t):
		t = nil // only the value tells the type
	}
	for v.IsValid() {
		if v.Kind() == reflect.Interface {
			if v.IsNil() {
				return dynamic{}
			}
			v, t = v.Elem(), nil
			continue
		}
		if !v.CanInterface() {
			break
		}
		if vi, ok := v.Interface().(valueInterface); ok {
			if vi.node == nil || vi.node.kind == basicLit && vi.node.typ.cat == nilT {
				return dynamic{}
			}
			t, v = vi.node.typ, vi.value
			if isInterface(t) {
				t = nil
			}
			continue
		}
		if vt := v.Type(); isErrorWrapper[vt] {
			m, _ := v.Field(1).Interface().(*errorMethods)
			t, v = nil, v.Field(0)
			if m != nil {
				t = m.typ
			}
			continue
		} else if vt.Kind() == reflect.Struct && vt.NumField() > 0 && vt.Field(0).Name == "IValue" && vt.PkgPath() != "" {
			// The wrapper of a compiled interface.
			t, v = nil, v.Field(0)
			continue
		}
		break
	}
	if !v.IsValid() {
		return dynamic{}
	}
	return dynamic{t, v}
}

// dynamicEqual reports whether a and b are equal interface values,
// panicking as Go does when their type is one == cannot compare.
func dynamicEqual(a, b dynamic) bool {
	switch {
	case !a.v.IsValid() || !b.v.IsValid():
		return a.v.IsValid() == b.v.IsValid()
	case a.v.Type() != b.v.Type():
		return false
	case a.typ != nil && b.typ != nil && a.typ != b.typ && a.typ.id() != b.typ.id():
		return false
	}
	// Comparing the values as interfaces panics with Go's runtime error
	// when their type is not comparable.
	return a.v.Interface() == b.v.Interface()
}

// genInterfaceEqual makes n, x == y (or x != y when eq is false), compare
// as interface values, when one of its operands is an interface; it
// reports whether it did.
func genInterfaceEqual(n *node, eq bool) bool {
	c0, c1 := n.child[0], n.child[1]
	if !isInterface(c0.typ) && !isInterface(c1.typ) {
		return false
	}
	for _, c := range []*node{c0, c1} {
		convertConstantValue(c)
	}
	v0, v1 := genValue(c0), genValue(c1)
	t0, t1 := c0.typ, c1.typ
	test := func(f *frame) bool {
		return dynamicEqual(dynamicOf(t0, v0(f)), dynamicOf(t1, v1(f))) == eq
	}
	tnext := getExec(n.tnext)
	if n.fnext != nil {
		fnext := getExec(n.fnext)
		dest := genValueOutput(n, reflect.TypeOf(true))
		n.exec = func(f *frame) bltn {
			r := test(f)
			dest(f).SetBool(r)
			if r {
				return tnext
			}
			return fnext
		}
		return true
	}
	dest := genValue(n)
	typ := n.typ.concrete().TypeOf()
	if n.typ.TypeOf().Kind() == reflect.Interface {
		n.exec = func(f *frame) bltn {
			dest(f).Set(reflect.ValueOf(test(f)).Convert(typ))
			return tnext
		}
		return true
	}
	n.exec = func(f *frame) bltn {
		dest(f).SetBool(test(f))
		return tnext
	}
	return true
}
