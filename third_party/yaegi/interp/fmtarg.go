package interp

import (
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// The interpreter's run-time types lose what fmt prints of a value of an
// interpreted type: its name (a `type Point struct` is an unnamed struct
// type to package reflect), its unexported fields' names (reflect.StructOf
// needs exported ones, so `name` becomes `Xname`), and its methods, which
// fmt calls on the parts of a value as well as on the value itself. Only
// the interpreter knows them: SetFmtArg gives the host each argument of a
// print call of fmt or log whose type is interpreted, with a FmtType that
// describes it, so that the host can print it as the compiled program
// would.

// A FmtType describes an interpreted type, or a compiled one (Binary),
// as a compiled program's reflect would see it.
type FmtType struct {
	Name    string       // as package reflect writes it: main.Point, []*main.Point, struct { name string }
	Kind    reflect.Kind // the kind of the run-time type
	Defined bool         // a type declared by interpreted code
	Binary  reflect.Type // the compiled type, when it is one: reflect tells the rest
	Elem    *FmtType     // of a pointer, slice, array, map or channel
	Key     *FmtType     // of a map
	Len     int          // of an array
	Fields  []FmtField   // of a struct
	// Shared names the struct types that have the run-time type of a
	// value an interface holds without the interpreter's type, when it
	// cannot be told which (type A struct{ X int } and type B struct{ X
	// int }). A value of a defined basic type (type Cents int) in an
	// interface is one of the basic type (int) to the interpreter, which
	// fmt prints alike but for %T.
	Shared []string

	typ   *itype
	needs bool // whether a value of the type needs the host to print it
}

// A FmtField is a field of a struct FmtType.
type FmtField struct {
	Name     string // as declared
	Exported bool
	Embedded bool
	Type     *FmtType
}

// A FmtArg is an argument of a print call, its value as the interpreter
// holds it.
type FmtArg struct {
	Func    reflect.Value // the function called: fmt.Printf, log.Println...
	Printer string        // or the name of the method, which SetFmtMethods chose
	Value   reflect.Value
	Type    *FmtType

	frame  *frame
	interp *Interpreter
}

// SetFmtArg sets the function that print calls of fmt and log (the
// functions whose MapTypes entry lists fmt.Stringer) give each argument
// whose type is interpreted, or an interface holding such a value. What
// it returns is passed to the function instead; an invalid Value leaves
// the argument as it was. Set it before the first execution.
func (interp *Interpreter) SetFmtArg(f func(*FmtArg) reflect.Value) { interp.fmtArg = f }

// SetFmtMethods sets the function that tells which methods of compiled
// types print their arguments as fmt.Printf does (a *log.Logger's Printf):
// their arguments go to the SetFmtArg function, as fmt.Printf's do. Set it
// before the first execution.
func (interp *Interpreter) SetFmtMethods(f func(recv reflect.Type, method string) bool) {
	interp.fmtMethod = f
}

var fmtTypes sync.Map // *itype -> *FmtType

// fmtTypeOf returns the description of t, made once.
func fmtTypeOf(t *itype) *FmtType {
	if ft, ok := fmtTypes.Load(t); ok {
		return ft.(*FmtType)
	}
	return describe(t, map[*itype]*FmtType{})
}

func describe(t *itype, seen map[*itype]*FmtType) *FmtType {
	if ft, ok := fmtTypes.Load(t); ok {
		return ft.(*FmtType)
	}
	if ft := seen[t]; ft != nil {
		return ft
	}
	ft := &FmtType{typ: t}
	seen[t] = ft
	if t.cat == valueT && t.rtype != nil {
		ft.Name, ft.Kind, ft.Binary = t.rtype.String(), t.rtype.Kind(), t.rtype
		ft.needs = t.rtype.Kind() == reflect.Interface
		fmtTypes.Store(t, ft)
		return ft
	}
	if rt := t.TypeOf(); rt != nil {
		ft.Kind = rt.Kind()
	}
	ft.Defined = t.name != "" && t.path != ""
	ft.needs = ft.Defined
	switch t.cat {
	case linkedT:
		if t.val != nil {
			v := describe(t.val, seen)
			ft.Elem, ft.Key, ft.Len, ft.Fields = v.Elem, v.Key, v.Len, v.Fields
			ft.needs = true
		}
	case ptrT, sliceT, variadicT, arrayT, chanT, chanSendT, chanRecvT:
		ft.Elem, ft.Len = describe(t.val, seen), t.length
		ft.needs = ft.needs || ft.Elem.needs
	case mapT:
		ft.Key, ft.Elem = describe(t.key, seen), describe(t.val, seen)
		ft.needs = ft.needs || ft.Key.needs || ft.Elem.needs
	case structT:
		for _, f := range t.field {
			ft.Fields = append(ft.Fields, FmtField{Name: f.name, Exported: canExport(f.name), Embedded: f.embed, Type: describe(f.typ, seen)})
		}
		ft.needs = true
	case interfaceT, errorT:
		ft.Kind = reflect.Interface
		ft.needs = true
	}
	ft.Name = fmtName(t, map[*itype]bool{})
	fmtTypes.Store(t, ft)
	return ft
}

// fmtName writes t as package reflect writes the compiled program's type.
func fmtName(t *itype, inside map[*itype]bool) string {
	if t == nil {
		return "<nil>"
	}
	if t.cat == valueT && t.rtype != nil {
		return t.rtype.String()
	}
	if t.name != "" && t.path != "" {
		return t.path[strings.LastIndex(t.path, "/")+1:] + "." + t.name
	}
	if inside[t] {
		return "..."
	}
	inside[t] = true
	defer delete(inside, t)
	name := func(t *itype) string { return fmtName(t, inside) }
	switch t.cat {
	case errorT:
		return "error"
	case linkedT:
		return name(t.val)
	case ptrT:
		return "*" + name(t.val)
	case sliceT, variadicT:
		return "[]" + name(t.val)
	case arrayT:
		return "[" + strconv.Itoa(t.length) + "]" + name(t.val)
	case mapT:
		return "map[" + name(t.key) + "]" + name(t.val)
	case chanT:
		return "chan " + name(t.val)
	case chanSendT:
		return "chan<- " + name(t.val)
	case chanRecvT:
		return "<-chan " + name(t.val)
	case structT:
		if len(t.field) == 0 {
			return "struct {}"
		}
		var b strings.Builder
		b.WriteString("struct { ")
		for i, f := range t.field {
			if i > 0 {
				b.WriteString("; ")
			}
			if !f.embed {
				b.WriteString(f.name + " ")
			}
			b.WriteString(name(f.typ))
			if f.tag != "" {
				b.WriteString(" " + strconv.Quote(f.tag))
			}
		}
		b.WriteString(" }")
		return b.String()
	case interfaceT:
		if len(t.field) == 0 {
			return "interface {}"
		}
		var ms []string
		for _, f := range t.field {
			if f.typ.cat == funcT {
				ms = append(ms, f.name+strings.TrimPrefix(name(f.typ), "func"))
			} else {
				ms = append(ms, name(f.typ))
			}
		}
		sort.Strings(ms)
		return "interface { " + strings.Join(ms, "; ") + " }"
	case funcT:
		var b strings.Builder
		b.WriteString("func(")
		for i, a := range t.arg {
			if i > 0 {
				b.WriteString(", ")
			}
			if a.cat == variadicT {
				b.WriteString("..." + name(a.val))
			} else {
				b.WriteString(name(a))
			}
		}
		b.WriteString(")")
		switch len(t.ret) {
		case 0:
		case 1:
			b.WriteString(" " + name(t.ret[0]))
		default:
			rs := make([]string, len(t.ret))
			for i, r := range t.ret {
				rs[i] = name(r)
			}
			b.WriteString(" (" + strings.Join(rs, ", ") + ")")
		}
		return b.String()
	}
	if t.name != "" {
		return t.name
	}
	return t.str
}

// fmtMethod finds the method name that fmt would find on a value of t:
// one of t's method set (a pointer receiver's only for a pointer).
func (t *FmtType) fmtMethod(name string) (*node, []int) {
	if t.typ == nil || t.Binary != nil {
		return nil, nil
	}
	m, index := t.typ.lookupMethod(name)
	if m == nil || m.typ == nil {
		return nil, nil
	}
	if r := m.typ.recv; r != nil && r.cat == ptrT && t.typ.cat != ptrT {
		return nil, nil
	}
	return m, index
}

// HasMethod reports whether a value of t has the method name of
// interpreted code (Format, GoString, Error, String), which fmt would call.
func (t *FmtType) HasMethod(name string) bool {
	m, _ := t.fmtMethod(name)
	return m != nil
}

// Method returns the method name of v, a value of type t, as a function
// value bound to v; an invalid Value if t has no such method of
// interpreted code.
func (a *FmtArg) Method(v reflect.Value, t *FmtType, name string) reflect.Value {
	m, index := t.fmtMethod(name)
	if m == nil {
		return reflect.Value{}
	}
	nod := *m
	nod.recv = &receiver{val: v, index: index}
	return genFunctionWrapper(&nod)(a.frame)
}

// Dynamic returns the value that v, a value of an interface type as the
// interpreter holds it, holds, with its type; an invalid Value for a nil
// interface.
func (a *FmtArg) Dynamic(v reflect.Value) (reflect.Value, *FmtType) {
	return fmtDynamic(a.interp, v)
}

func fmtDynamic(in *Interpreter, v reflect.Value) (reflect.Value, *FmtType) {
	var typ *itype
	for v.IsValid() {
		if v.Kind() == reflect.Interface {
			if v.IsNil() {
				break
			}
			v = v.Elem()
			continue
		}
		if !v.CanInterface() {
			break
		}
		if isWrapper(v.Type()) {
			// An interface wrapper (an interpreted error as a Go error):
			// the value it wraps.
			v = v.Field(0)
			continue
		}
		vi, ok := v.Interface().(valueInterface)
		if !ok {
			break
		}
		if vi.node != nil && vi.node.typ != nil && !isInterface(vi.node.typ) {
			typ = vi.node.typ
		}
		v = vi.value
	}
	if !v.IsValid() || v.Kind() == reflect.Interface && v.IsNil() {
		return reflect.Value{}, nil
	}
	if typ == nil {
		return v, runtimeType(in, v.Type())
	}
	return v, fmtTypeOf(typ)
}

// structTypes are the interpreted struct types by their run-time types,
// for each interpreter. Several types have one run-time type when their
// fields are alike (type A struct{ X int } and type B struct{ X int }).
var structTypes struct {
	sync.Mutex
	m map[*Interpreter]map[reflect.Type]map[string]*itype // by fmtName
}

// interpOfType returns the interpreter that declared t, or nil.
func interpOfType(t *itype) *Interpreter {
	if t.node != nil {
		return t.node.interp
	}
	return nil
}

// registerStruct records t, a struct type or a defined type, whose
// run-time type is made.
func registerStruct(t *itype) {
	structTypes.Lock()
	defer structTypes.Unlock()
	if structTypes.m == nil {
		structTypes.m = map[*Interpreter]map[reflect.Type]map[string]*itype{}
	}
	in := interpOfType(t)
	if structTypes.m[in] == nil {
		structTypes.m[in] = map[reflect.Type]map[string]*itype{}
	}
	ts := structTypes.m[in][t.rtype]
	if ts == nil {
		ts = map[string]*itype{}
		structTypes.m[in][t.rtype] = ts
	}
	ts[fmtName(t, map[*itype]bool{})] = t
}

// runtimeType describes rt, the run-time type of a value an interface
// holds without the interpreter's type: the interpreted struct type that
// has it, or what it is made of; a compiled type with Shared set when
// interpreted types have it too.
func runtimeType(in *Interpreter, rt reflect.Type) *FmtType {
	bin := &FmtType{Name: rt.String(), Kind: rt.Kind(), Binary: rt}
	switch rt.Kind() {
	case reflect.Struct:
		structTypes.Lock()
		// Types without a declaring node are anonymous ones, alike in
		// every interpreter that has them.
		ts := map[string]*itype{}
		for _, m := range []map[string]*itype{structTypes.m[nil][rt], structTypes.m[in][rt]} {
			for n, t := range m {
				ts[n] = t
			}
		}
		structTypes.Unlock()
		if len(ts) == 1 {
			for _, t := range ts {
				return fmtTypeOf(t)
			}
		}
		bin.Shared, bin.needs = sortedNames(ts), len(ts) > 0
	case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Map:
		e := runtimeType(in, rt.Elem())
		if rt.Kind() == reflect.Pointer && e.typ != nil {
			// A pointer to an interpreted type: its methods too.
			return fmtTypeOf(ptrOf(e.typ))
		}
		if e.Binary != nil && (rt.Kind() != reflect.Map || runtimeType(in, rt.Key()).Binary != nil) {
			return bin
		}
		ft := &FmtType{Kind: rt.Kind(), Elem: e, Len: -1, needs: true}
		switch rt.Kind() {
		case reflect.Pointer:
			ft.Name = "*" + e.Name
		case reflect.Slice:
			ft.Name = "[]" + e.Name
		case reflect.Array:
			ft.Len = rt.Len()
			ft.Name = "[" + strconv.Itoa(rt.Len()) + "]" + e.Name
		case reflect.Map:
			ft.Key = runtimeType(in, rt.Key())
			ft.Name = "map[" + ft.Key.Name + "]" + e.Name
		}
		return ft
	}
	return bin
}

func sortedNames(ts map[string]*itype) []string {
	var names []string
	for n := range ts {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// fmtArgValue returns the generator of an argument of type typ of a call
// of fn, a print function of fmt, whose value raw gives as the
// interpreter holds it and orig as it is passed without the host's help.
func (interp *Interpreter) fmtArgValue(fn reflect.Value, method string, typ *itype, raw, orig func(*frame) reflect.Value) func(*frame) reflect.Value {
	hook := interp.fmtArg
	if hook == nil || typ == nil || typ.cat == nilT || typ.untyped {
		return orig
	}
	var ft *FmtType
	var once sync.Once
	dynamic := isInterface(typ)
	return func(f *frame) reflect.Value {
		once.Do(func() { ft = fmtTypeOf(typ) })
		if !ft.needs {
			return orig(f)
		}
		v, t := raw(f), ft
		if dynamic {
			if v, t = fmtDynamic(interp, v); t == nil || !t.needs {
				return orig(f)
			}
		}
		if r := hook(&FmtArg{Func: fn, Printer: method, Value: v, Type: t, frame: f, interp: interp}); r.IsValid() {
			return r
		}
		return orig(f)
	}
}

// printsWithFmt reports whether the functions that mapTypes lists with lr
// print their arguments as fmt does.
func printsWithFmt(lr []reflect.Type) bool {
	for _, rt := range lr {
		if rt.String() == "fmt.Stringer" {
			return true
		}
	}
	return false
}

// isWrapper reports whether t is one of the interpreter's interface
// wrappers (_error, stdlib's _fmt_Stringer...), whose first field IValue
// holds the value wrapped.
func isWrapper(t reflect.Type) bool {
	return t.Kind() == reflect.Struct && strings.HasPrefix(t.Name(), "_") && t.NumField() > 0 &&
		t.Field(0).Name == "IValue" && t.Field(0).Type.Kind() == reflect.Interface
}
