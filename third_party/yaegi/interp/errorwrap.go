package interp

import (
	"reflect"
	"sync"
)

// A value of an interpreted type reaches compiled code that takes an error
// inside a wrapper: a compiled type with an Error method that calls the
// interpreted one. Package errors asks an error for more methods than Error
// (Unwrap() error, Unwrap() []error, Is(error) bool, As(any) bool), so the
// wrapper of an interpreted type has those of them the type has, and no
// others, as errors.Is and errors.As read the chain by them. And an error
// is compared (err == ErrNotFound, a map keyed by errors): the wrapper holds
// only the value and its type's methods, so two wrappers are equal when they
// hold equal values of one interpreted type, as the values are in Go. The
// methods take their receiver from the wrapper when they are called: the
// wrapper is a copy of the value, as an interface value is in Go.

// errorMethods are the methods of one interpreted type that package errors
// reads, each bound to a receiver when called. One is made per type, so
// that wrappers of equal values are equal.
type errorMethods struct {
	typ  *itype // the interpreted type
	bind map[string]func(recv reflect.Value) reflect.Value
}

func (m *errorMethods) call(recv interface{}, name string, in ...reflect.Value) reflect.Value {
	return m.bind[name](reflect.ValueOf(recv)).Call(in)[0]
}

func (m *errorMethods) error(recv interface{}) string { return m.call(recv, "Error").String() }

func (m *errorMethods) unwrap(recv interface{}) error {
	err, _ := m.call(recv, "Unwrap").Interface().(error)
	return err
}

func (m *errorMethods) unwrapAll(recv interface{}) []error {
	errs, _ := m.call(recv, "Unwrap").Interface().([]error)
	return errs
}

func (m *errorMethods) is(recv interface{}, target error) bool {
	return m.call(recv, "Is", reflect.ValueOf(&target).Elem()).Bool()
}

func (m *errorMethods) as(recv interface{}, target interface{}) bool {
	return m.call(recv, "As", reflect.ValueOf(&target).Elem()).Bool()
}

// The wrappers, by the methods of package errors that the type has besides
// Error.
type (
	_errorPlain         errorValue
	_errorIs            errorValue
	_errorAs            errorValue
	_errorIsAs          errorValue
	_errorUnwrap        errorValue
	_errorUnwrapIs      errorValue
	_errorUnwrapAs      errorValue
	_errorUnwrapIsAs    errorValue
	_errorUnwrapAll     errorValue
	_errorUnwrapAllIs   errorValue
	_errorUnwrapAllAs   errorValue
	_errorUnwrapAllIsAs errorValue
)

// errorValue is each wrapper: the value, and its type's methods.
type errorValue struct {
	IValue interface{}
	M      *errorMethods
}

func (w _errorPlain) Error() string         { return w.M.error(w.IValue) }
func (w _errorIs) Error() string            { return w.M.error(w.IValue) }
func (w _errorAs) Error() string            { return w.M.error(w.IValue) }
func (w _errorIsAs) Error() string          { return w.M.error(w.IValue) }
func (w _errorUnwrap) Error() string        { return w.M.error(w.IValue) }
func (w _errorUnwrapIs) Error() string      { return w.M.error(w.IValue) }
func (w _errorUnwrapAs) Error() string      { return w.M.error(w.IValue) }
func (w _errorUnwrapIsAs) Error() string    { return w.M.error(w.IValue) }
func (w _errorUnwrapAll) Error() string     { return w.M.error(w.IValue) }
func (w _errorUnwrapAllIs) Error() string   { return w.M.error(w.IValue) }
func (w _errorUnwrapAllAs) Error() string   { return w.M.error(w.IValue) }
func (w _errorUnwrapAllIsAs) Error() string { return w.M.error(w.IValue) }

func (w _errorUnwrap) Unwrap() error          { return w.M.unwrap(w.IValue) }
func (w _errorUnwrapIs) Unwrap() error        { return w.M.unwrap(w.IValue) }
func (w _errorUnwrapAs) Unwrap() error        { return w.M.unwrap(w.IValue) }
func (w _errorUnwrapIsAs) Unwrap() error      { return w.M.unwrap(w.IValue) }
func (w _errorUnwrapAll) Unwrap() []error     { return w.M.unwrapAll(w.IValue) }
func (w _errorUnwrapAllIs) Unwrap() []error   { return w.M.unwrapAll(w.IValue) }
func (w _errorUnwrapAllAs) Unwrap() []error   { return w.M.unwrapAll(w.IValue) }
func (w _errorUnwrapAllIsAs) Unwrap() []error { return w.M.unwrapAll(w.IValue) }

func (w _errorIs) Is(t error) bool                  { return w.M.is(w.IValue, t) }
func (w _errorIsAs) Is(t error) bool                { return w.M.is(w.IValue, t) }
func (w _errorUnwrapIs) Is(t error) bool            { return w.M.is(w.IValue, t) }
func (w _errorUnwrapIsAs) Is(t error) bool          { return w.M.is(w.IValue, t) }
func (w _errorUnwrapAllIs) Is(t error) bool         { return w.M.is(w.IValue, t) }
func (w _errorUnwrapAllIsAs) Is(t error) bool       { return w.M.is(w.IValue, t) }
func (w _errorAs) As(t interface{}) bool            { return w.M.as(w.IValue, t) }
func (w _errorIsAs) As(t interface{}) bool          { return w.M.as(w.IValue, t) }
func (w _errorUnwrapAs) As(t interface{}) bool      { return w.M.as(w.IValue, t) }
func (w _errorUnwrapIsAs) As(t interface{}) bool    { return w.M.as(w.IValue, t) }
func (w _errorUnwrapAllAs) As(t interface{}) bool   { return w.M.as(w.IValue, t) }
func (w _errorUnwrapAllIsAs) As(t interface{}) bool { return w.M.as(w.IValue, t) }

// errorWrappers is indexed by unwrap*4 + is*2 + as, where unwrap is 0 (no
// Unwrap), 1 (Unwrap() error) or 2 (Unwrap() []error).
var errorWrappers = [...]reflect.Type{
	reflect.TypeOf(_errorPlain{}), reflect.TypeOf(_errorAs{}), reflect.TypeOf(_errorIs{}), reflect.TypeOf(_errorIsAs{}),
	reflect.TypeOf(_errorUnwrap{}), reflect.TypeOf(_errorUnwrapAs{}), reflect.TypeOf(_errorUnwrapIs{}), reflect.TypeOf(_errorUnwrapIsAs{}),
	reflect.TypeOf(_errorUnwrapAll{}), reflect.TypeOf(_errorUnwrapAllAs{}), reflect.TypeOf(_errorUnwrapAllIs{}), reflect.TypeOf(_errorUnwrapAllIsAs{}),
}

var (
	errorType        = reflect.TypeOf((*error)(nil)).Elem()
	errorMethodTypes = map[string][]reflect.Type{
		"Error":  {reflect.TypeOf(func() string { return "" })},
		"Unwrap": {reflect.TypeOf(func() error { return nil }), reflect.TypeOf(func() []error { return nil })},
		"Is":     {reflect.TypeOf(func(error) bool { return false })},
		"As":     {reflect.TypeOf(func(interface{}) bool { return false })},
	}
)

// An errorKind is what wraps the values of one interpreted type as errors:
// nil when the type has no Error method that the wrapper can call.
type errorKind struct {
	wrap    reflect.Type
	methods *errorMethods
}

type errorKey struct {
	typ string // the interpreted type
	rt  reflect.Type
}

// errorKinds caches the errorKind of each type, for the interpreter.
type errorKinds struct {
	mu    sync.Mutex
	kinds map[errorKey]*errorKind
}

// errorWrap returns v, of interpreted type t, as an error for compiled code;
// ok is false when the wrapper of error must be made the general way.
func errorWrap(interp *Interpreter, t *itype, v reflect.Value) (w reflect.Value, ok bool) {
	nilError := reflect.New(errorType).Elem()
	for v.IsValid() {
		if v.Kind() == reflect.Interface {
			if v.IsNil() {
				return nilError, true
			}
			v = v.Elem()
			continue
		}
		vi, isVI := v.Interface().(valueInterface)
		if !isVI {
			break
		}
		if vi.node == nil {
			return nilError, true
		}
		t, v = vi.node.typ, vi.value
	}
	if !v.IsValid() || t == nil || t.cat == nilT {
		return nilError, true
	}
	if v.Type().Implements(errorType) {
		return v, true // a compiled error that an interpreted interface held
	}
	k := interp.errorKind(t, v.Type())
	if k == nil {
		return reflect.Value{}, false
	}
	w = reflect.New(k.wrap).Elem()
	w.Field(0).Set(v)
	w.Field(1).Set(reflect.ValueOf(k.methods))
	return w, true
}

// errorKind returns the errorKind of interpreted type t, whose values have
// run-time type rt.
func (interp *Interpreter) errorKind(t *itype, rt reflect.Type) *errorKind {
	key := errorKey{t.id(), rt}
	interp.errors.mu.Lock()
	defer interp.errors.mu.Unlock()
	if k, ok := interp.errors.kinds[key]; ok {
		return k
	}
	if interp.errors.kinds == nil {
		interp.errors.kinds = map[errorKey]*errorKind{}
	}
	k := interp.newErrorKind(t, rt)
	interp.errors.kinds[key] = k
	return k
}

func (interp *Interpreter) newErrorKind(t *itype, rt reflect.Type) *errorKind {
	m := &errorMethods{typ: t, bind: map[string]func(reflect.Value) reflect.Value{}}
	found := map[string]reflect.Type{}
	for _, name := range []string{"Error", "Unwrap", "Is", "As"} {
		if b, ft := interp.errorMethod(t, rt, name); b != nil {
			m.bind[name], found[name] = b, ft
		}
	}
	if m.bind["Error"] == nil {
		return nil
	}
	i := 0
	if ft, ok := found["Unwrap"]; ok {
		i = 4
		if ft == errorMethodTypes["Unwrap"][1] {
			i = 8
		}
	}
	if _, ok := found["Is"]; ok {
		i += 2
	}
	if _, ok := found["As"]; ok {
		i++
	}
	return &errorKind{wrap: errorWrappers[i], methods: m}
}

// errorMethod finds the method name of values of interpreted type t
// (run-time type rt) with one of the types package errors asks for, and
// returns a function that binds it to a receiver, and its type; nil when
// the values have no such method (a method with a pointer receiver is not
// one of a value's).
func (interp *Interpreter) errorMethod(t *itype, rt reflect.Type, name string) (func(reflect.Value) reflect.Value, reflect.Type) {
	want := func(ft reflect.Type) reflect.Type {
		for _, w := range errorMethodTypes[name] {
			if ft == w {
				return w
			}
		}
		return nil
	}
	if m, index := t.lookupMethod(name); m != nil {
		def, ok := m.val.(*node)
		if !ok || m.typ == nil {
			return nil, nil
		}
		ft := want(m.typ.TypeOf())
		if ft == nil {
			return nil, nil
		}
		if nret := len(def.typ.ret); len(def.types) > nret && def.types[nret].Kind() == reflect.Ptr && !pointerOnPath(rt, index) {
			return nil, nil
		}
		return func(recv reflect.Value) reflect.Value {
			nod := *m
			nod.recv = &receiver{val: recv, index: index}
			return genFunctionWrapper(&nod)(interp.frame)
		}, ft
	}
	bm, index, isPtr, ok := t.lookupBinMethod(name)
	if !ok || isPtr && !pointerOnPath(rt, index) {
		return nil, nil
	}
	ft := want(bm.Type)
	if ft == nil && bm.Type.NumIn() > 0 {
		// The method of a concrete type takes its receiver first.
		in := make([]reflect.Type, bm.Type.NumIn()-1)
		for i := range in {
			in[i] = bm.Type.In(i + 1)
		}
		out := make([]reflect.Type, bm.Type.NumOut())
		for i := range out {
			out[i] = bm.Type.Out(i)
		}
		ft = want(reflect.FuncOf(in, out, bm.Type.IsVariadic()))
	}
	if ft == nil {
		return nil, nil
	}
	return func(recv reflect.Value) reflect.Value {
		v := recv
		for _, i := range index {
			if v.Kind() == reflect.Ptr {
				v = v.Elem()
			}
			v = v.Field(i)
			if vi, ok := v.Interface().(valueInterface); ok {
				v = vi.value
			}
		}
		if v.Kind() == reflect.Interface {
			if v.IsNil() {
				// A method of a nil interface: the panic Go gives.
				return reflect.MakeFunc(ft, func([]reflect.Value) []reflect.Value {
					var err error
					panic(err.Error())
				})
			}
			v = v.Elem()
		}
		if mv := v.MethodByName(name); mv.IsValid() || !v.CanAddr() {
			return mv
		}
		return v.Addr().MethodByName(name)
	}, ft
}

// pointerOnPath reports whether a value of type rt is a pointer, or the
// embedded field that index leads to is reached through one: then the
// methods with a pointer receiver are the value's too.
func pointerOnPath(rt reflect.Type, index []int) bool {
	for _, i := range index {
		if rt.Kind() == reflect.Ptr {
			return true
		}
		if rt.Kind() != reflect.Struct || i >= rt.NumField() {
			return false
		}
		rt = rt.Field(i).Type
	}
	return rt.Kind() == reflect.Ptr
}

// ErrorTypeName returns the interpreted type of the value that err holds
// in its wrapper, as %T would print it ("*main.PathError"); ok is false
// when err is not the wrapper of an interpreted value. fmt's %T of such an
// error prints the wrapper's type.
func ErrorTypeName(err error) (name string, ok bool) {
	v := reflect.ValueOf(err)
	if !v.IsValid() || !isErrorWrapper[v.Type()] {
		return "", false
	}
	m, _ := v.Field(1).Interface().(*errorMethods)
	if m == nil || m.typ == nil {
		return "", false
	}
	return m.typ.id(), true
}
