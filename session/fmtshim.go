package session

import (
	"cmp"
	"fmt"
	"log"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unsafe"

	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"

	"github.com/gothreads/gothreads/cellsource"
	"github.com/gothreads/gothreads/runtime/logging"
)

// fmt, given a value of a cell's type, prints it as the interpreter made
// it: a type without a name (%T of a Point is struct { X int; Y int }),
// unexported fields renamed (%+v shows Xname), and no String, Error or
// Format methods for the value's parts. The interpreter hands each
// argument of a print call whose type is a cell's (see interp.SetFmtArg)
// to printArg, which wraps it in a fmtValue: a fmt.Formatter that prints
// it as fmt's printValue does, with the names and methods the
// interpreter's description of its type gives.

// printArg is the interpreter's SetFmtArg function.
func printArg(a *interp.FmtArg) reflect.Value {
	if a.Func.Kind() == reflect.Func && a.Func.Pointer() == reflect.ValueOf(fmt.Errorf).Pointer() && isError(a.Value, a.Type) {
		// %w needs the error itself, which errors.Is and As find again;
		// the interpreter's wrapper gives it its Error method.
		return reflect.Value{}
	}
	if a.Type.Kind == reflect.String && !hasFmtMethod(a.Type) {
		// Print and Sprint put spaces between operands that are not
		// strings, which a wrapper is not; a string prints as it is.
		return reflect.Value{}
	}
	if a.Type.Kind == reflect.Struct {
		refuseShared(a.Type)
	}
	fv := &fmtValue{arg: a}
	if a.Type.Kind == reflect.String && spacesOperands(a) {
		// Print puts no space beside a string operand, which a value of
		// a string type with a String method is, and its wrapper is not:
		// printed first, it is a string.
		return reflect.ValueOf(fmt.Sprint(fv))
	}
	return reflect.ValueOf(fv)
}

// spacesOperands reports whether the print function f puts spaces between
// operands that are not strings, as Print, Sprint, Fprint, Append and
// log's Print, Panic and Fatal (functions and methods) do; the f and ln
// forms do not. The interpreter's fmt.Print is a function of its own
// (writing to the cell's output), found by its code in spacing.
func spacesOperands(a *interp.FmtArg) bool {
	switch a.Printer {
	case "Print", "Panic", "Fatal":
		return true
	case "":
	default:
		return false
	}
	f := a.Func
	if f.Kind() != reflect.Func {
		return false
	}
	if _, ok := spacing.Load(f.Pointer()); ok {
		return true
	}
	fn := runtime.FuncForPC(f.Pointer())
	if fn == nil {
		return false
	}
	name := strings.TrimSuffix(fn.Name(), "-fm")
	switch name[strings.LastIndexByte(name, '.')+1:] {
	case "Print", "Sprint", "Fprint", "Append", "Panic", "Fatal":
		return true
	}
	return false
}

// fmtArgs are the interfaces that fmt's print functions look for in their
// arguments, which the interpreter gives them (see interp.SetFmtArg).
var fmtArgs = stdlib.MapTypes[reflect.ValueOf(fmt.Printf)]

// printsAsFmt reports whether the method of a compiled type prints its
// arguments as fmt does: the interpreter gives them to printArg, as it
// gives fmt.Printf's (see interp.SetFmtMethods).
func printsAsFmt(recv reflect.Type, method string) bool {
	switch recv {
	case logLogger, restrictedLogger:
		switch method {
		case "Print", "Printf", "Println", "Panic", "Panicf", "Panicln", "Fatal", "Fatalf", "Fatalln":
			return true
		}
	case reflect.TypeFor[*logging.Logger]():
		switch method {
		case "Log", "Debug", "Info", "Warning", "Error", "Critical", "Exception":
			return true
		}
	}
	return false
}

var (
	logLogger = reflect.TypeFor[*log.Logger]()
	// log.New's logger in cells: yaegi's wrapper, whose Fatal panics.
	restrictedLogger = stdlib.Symbols["log/log"]["New"].Type().Out(0)
)

// spacing holds the code addresses of an interpreter's print functions
// that are its own closures (uintptr -> struct{}), which recordSpacing adds.
var spacing sync.Map

// recordSpacing adds the interpreter's own Print functions to spacing.
func recordSpacing(i *interp.Interpreter) {
	for _, path := range []string{"fmt", "log"} {
		syms := i.Symbols(path)[path]
		for _, name := range []string{"Print", "Panic", "Fatal"} {
			if v, ok := syms[name]; ok && v.Kind() == reflect.Func {
				spacing.Store(v.Pointer(), struct{}{})
			}
		}
	}
}

// refuseShared panics, refusing to print, if t is the run-time type of
// several of the cells' types, which the interpreter cannot tell apart.
func refuseShared(t *interp.FmtType) {
	if len(t.Shared) == 0 {
		return
	}
	panic(fmt.Sprintf("fmt cannot tell which type the value in this interface has: the interpreter gives %s one run-time type "+
		"(print a variable of the type itself); "+
		"or put %%%%run at the top of the cell, which runs it with the Go compiler", strings.Join(t.Shared, " and ")))
}

// hasFmtMethod reports whether a value of t has a method fmt calls.
func hasFmtMethod(t *interp.FmtType) bool {
	for _, m := range []string{"Format", "GoString", "Error", "String"} {
		if t.HasMethod(m) {
			return true
		}
	}
	return false
}

// isError reports whether a value of t has an Error method.
func isError(v reflect.Value, t *interp.FmtType) bool {
	if t.Binary != nil {
		return v.IsValid() && v.Type().Implements(reflect.TypeFor[error]())
	}
	return t.HasMethod("Error")
}

// fmtValue is an argument of a print call, printed as the compiled
// program would print it.
type fmtValue struct{ arg *interp.FmtArg }

// Format prints the value as fmt's printValue does.
func (fv *fmtValue) Format(s fmt.State, verb rune) {
	p := &printer{arg: fv.arg, verb: verb, spec: spec(s, verb)}
	p.sharpV = verb == 'v' && s.Flag('#')
	p.plusV = verb == 'v' && s.Flag('+')
	p.width, p.hasWidth = s.Width()
	p.prec, p.hasPrec = s.Precision()
	p.printValue(fv.arg.Value, fv.arg.Type, 0, false)
	s.Write(p.buf)
}

// exportedStruct reports whether the value is a struct, or a pointer to
// one, whose fields are all exported: a cell's value is shown with its
// field names then (see format).
func (fv *fmtValue) exportedStruct() bool {
	t := fv.arg.Type
	if t.Kind == reflect.Pointer && t.Elem != nil {
		t = t.Elem
	}
	if t.Kind != reflect.Struct || t.Binary != nil {
		return false
	}
	for _, f := range t.Fields {
		if !f.Exported {
			return false
		}
	}
	return true
}

// typeName writes t as package reflect writes the compiled program's type.
func typeName(t *interp.FmtType) string { return cellsource.GoNames(t.Name) }

// typeOf returns what %T prints for v: cells' %T verbs are written as %s
// of typeOf (see cellsource's printf-args), which the interpreter gives
// the fmtValue of a value of a cell's type, as it gives fmt.
func typeOf(v any) string {
	if fv, ok := v.(*fmtValue); ok {
		refuseShared(fv.arg.Type)
		return typeName(fv.arg.Type)
	}
	if v == nil {
		return "<nil>"
	}
	return reflect.TypeOf(v).String()
}

// pointer returns the address that %p prints of x, a pointer, channel,
// map, slice or function: cells' %p verbs print pointer(x) (see
// cellsource's printf-args), which the interpreter passes as it is.
func pointer(x any) any {
	switch v := reflect.ValueOf(x); v.Kind() {
	case reflect.Pointer, reflect.Chan, reflect.Map, reflect.Slice, reflect.Func, reflect.UnsafePointer:
		return unsafe.Pointer(v.Pointer())
	}
	return x
}

// spec writes the verb of s back as a format: %-08.3x.
func spec(s fmt.State, verb rune) string {
	b := []byte{'%'}
	for _, f := range "+-# 0" {
		if s.Flag(int(f)) {
			b = append(b, byte(f))
		}
	}
	if w, ok := s.Width(); ok {
		b = strconv.AppendInt(b, int64(w), 10)
	}
	if p, ok := s.Precision(); ok {
		b = append(b, '.')
		b = strconv.AppendInt(b, int64(p), 10)
	}
	return string(utf8Append(b, verb))
}

func utf8Append(b []byte, r rune) []byte { return append(b, string(r)...) }

// printer prints one argument.
type printer struct {
	arg               *interp.FmtArg
	buf               []byte
	verb              rune
	spec              string // the verb as written, for the values fmt prints itself
	sharpV, plusV     bool
	width, prec       int
	hasWidth, hasPrec bool
}

// Write makes the printer the fmt.State a Format method writes to.
func (p *printer) Write(b []byte) (int, error) {
	p.buf = append(p.buf, b...)
	return len(b), nil
}

func (p *printer) Width() (int, bool)     { return p.width, p.hasWidth }
func (p *printer) Precision() (int, bool) { return p.prec, p.hasPrec }

func (p *printer) Flag(c int) bool {
	for _, f := range p.spec[1:] {
		if f == rune(c) {
			return true
		}
		if f != '+' && f != '-' && f != '#' && f != ' ' && f != '0' {
			return false
		}
	}
	return false
}

// fmtSpec prints x as fmt does with the printer's verb.
func (p *printer) fmtSpec(x any) { p.buf = fmt.Appendf(p.buf, p.spec, x) }

// fmtString prints s as a method's result: with the verb, or %s for %v.
func (p *printer) fmtString(s string) {
	if p.verb == 'v' && !p.sharpV {
		p.buf = fmt.Appendf(p.buf, p.spec[:len(p.spec)-1]+"s", s)
		return
	}
	p.fmtSpec(s)
}

// binType describes a compiled type.
func binType(t reflect.Type) *interp.FmtType {
	return &interp.FmtType{Name: t.String(), Kind: t.Kind(), Binary: t}
}

// elem, key and field give the types of a value's parts.
func elem(t *interp.FmtType, v reflect.Value) *interp.FmtType {
	if t.Binary != nil || t.Elem == nil {
		return binType(v.Type().Elem())
	}
	return t.Elem
}

func key(t *interp.FmtType, v reflect.Value) *interp.FmtType {
	if t.Binary != nil || t.Key == nil {
		return binType(v.Type().Key())
	}
	return t.Key
}

// handleMethods calls the method fmt would call on v, as fmt's
// handleMethods does: Format; GoString for %#v; Error or String for a
// verb that prints a string.
func (p *printer) handleMethods(v reflect.Value, t *interp.FmtType) (handled bool) {
	if t.Binary != nil {
		if !v.CanInterface() {
			return false
		}
		x := v.Interface()
		switch x.(type) {
		case fmt.Formatter:
		case fmt.GoStringer:
			if !p.sharpV {
				return false
			}
		case error, fmt.Stringer:
			if p.sharpV || !isStringVerb(p.verb) {
				return false
			}
		default:
			return false
		}
		p.fmtSpec(x)
		return true
	}
	call := func(name string, args ...reflect.Value) (reflect.Value, bool) {
		m := p.arg.Method(v, t, name)
		if !m.IsValid() {
			return reflect.Value{}, false
		}
		defer p.catchPanic(v, name)
		out := m.Call(args)
		if len(out) == 0 {
			return reflect.Value{}, true
		}
		return out[0], true
	}
	if t.HasMethod("Format") {
		// Format writes to the printer.
		call("Format", reflect.ValueOf(fmt.State(p)), reflect.ValueOf(p.verb))
		return true
	}
	if p.sharpV {
		if t.HasMethod("GoString") {
			p.callString(call, "GoString")
			return true
		}
		return false
	}
	if !isStringVerb(p.verb) {
		return false
	}
	for _, name := range []string{"Error", "String"} {
		if t.HasMethod(name) {
			p.callString(call, name)
			return true
		}
	}
	return false
}

// callString prints the result of the string method name.
func (p *printer) callString(call func(string, ...reflect.Value) (reflect.Value, bool), name string) {
	start := len(p.buf)
	out, _ := call(name)
	if len(p.buf) != start || !out.IsValid() {
		return // it panicked: catchPanic wrote what fmt does
	}
	if name == "GoString" {
		p.buf = fmt.Appendf(p.buf, "%s", out.String())
		return
	}
	p.fmtString(out.String())
}

func isStringVerb(verb rune) bool {
	switch verb {
	case 'v', 's', 'x', 'X', 'q':
		return true
	}
	return false
}

// catchPanic writes what fmt writes for a method that panicked.
func (p *printer) catchPanic(v reflect.Value, method string) {
	r := recover()
	if r == nil {
		return
	}
	if v.Kind() == reflect.Pointer && v.IsNil() {
		p.buf = append(p.buf, "<nil>"...)
		return
	}
	msg, ok := sprintSafe(r)
	if !ok {
		// As fmt does when printing the panic's value panics too.
		panic(r)
	}
	p.buf = fmt.Appendf(p.buf, "%%!%c(PANIC=%s method: %s)", p.verb, method, msg)
}

// sprintSafe prints x with %v; ok is false if that panics (fmt reports a
// panic of x's own String method as %!v(PANIC=...)).
func sprintSafe(x any) (s string, ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	s = fmt.Sprint(x)
	return s, !strings.Contains(s, "(PANIC=")
}

// printValue prints v, of type t, as fmt's printValue does; ro says that
// v was read through an unexported field, whose methods fmt does not call.
func (p *printer) printValue(v reflect.Value, t *interp.FmtType, depth int, ro bool) {
	if t.Kind == reflect.Interface || v.Kind() == reflect.Interface || t.Binary == nil && t.Kind != v.Kind() {
		p.printInterface(v, t, depth, ro)
		return
	}
	if (depth == 0 || !ro) && p.handleMethods(v, t) {
		return
	}
	if t.Binary != nil && !ro && v.CanInterface() && v.Kind() != reflect.Pointer && !hasInterfaces(v.Type()) {
		// Compiled all through: fmt prints it as it would.
		p.fmtSpec(v.Interface())
		return
	}
	switch v.Kind() {
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Complex64, reflect.Complex128, reflect.String:
		// The value without its type's methods: fmt prints the kind.
		p.fmtSpec(plain(v))
	case reflect.Map:
		p.printMap(v, t, depth, ro)
	case reflect.Struct:
		p.printStruct(v, t, depth, ro)
	case reflect.Array, reflect.Slice:
		p.printList(v, t, depth, ro)
	case reflect.Pointer:
		if depth == 0 && !v.IsNil() {
			switch e := v.Elem(); e.Kind() {
			case reflect.Array, reflect.Slice, reflect.Struct, reflect.Map:
				p.buf = append(p.buf, '&')
				p.printValue(e, elem(t, v), depth+1, ro)
				return
			}
		}
		p.printPointer(v, t)
	case reflect.Chan, reflect.Func, reflect.UnsafePointer:
		p.printPointer(v, t)
	default:
		p.buf = fmt.Appendf(p.buf, "?%s?", typeName(t))
	}
}

// printInterface prints what an interface value holds.
func (p *printer) printInterface(v reflect.Value, t *interp.FmtType, depth int, ro bool) {
	if !p.sharpV && !ro && isStringVerb(p.verb) && v.Kind() == reflect.Interface && !v.IsNil() && v.Elem().CanInterface() {
		// The interpreter's wrapper of a value in a compiled interface
		// (fmt.Stringer, error) has its String or Error method, which the
		// value unwrapped has lost: fmt calls it.
		switch x := v.Elem().Interface().(type) {
		case *fmtValue:
		case error, fmt.Stringer:
			p.fmtSpec(x)
			return
		}
	}
	dv, dt := p.arg.Dynamic(v)
	if dt == nil {
		switch {
		case p.sharpV:
			p.buf = append(p.buf, typeName(t)+"(nil)"...)
		case p.verb == 'v':
			p.buf = append(p.buf, "<nil>"...)
		default:
			p.buf = fmt.Appendf(p.buf, "%%!%c(<nil>)", p.verb)
		}
		return
	}
	if dt.Kind == reflect.Struct {
		refuseShared(dt)
	}
	if dt.Kind == reflect.Interface || !dv.CanInterface() && dt.Binary != nil {
		p.buf = fmt.Appendf(p.buf, "%%!%c(%s)", p.verb, typeName(dt))
		return
	}
	p.printValue(dv, dt, depth+1, ro)
}

func (p *printer) printStruct(v reflect.Value, t *interp.FmtType, depth int, ro bool) {
	if p.sharpV {
		p.buf = append(p.buf, typeName(t)...)
	}
	p.buf = append(p.buf, '{')
	for i := range v.NumField() {
		if i > 0 {
			if p.sharpV {
				p.buf = append(p.buf, ", "...)
			} else {
				p.buf = append(p.buf, ' ')
			}
		}
		name, exported, ft := v.Type().Field(i).Name, v.Type().Field(i).IsExported(), (*interp.FmtType)(nil)
		if t.Binary == nil && i < len(t.Fields) {
			f := t.Fields[i]
			name, exported, ft = f.Name, f.Exported, f.Type
		} else {
			ft = binType(v.Type().Field(i).Type)
		}
		if p.plusV || p.sharpV {
			p.buf = append(p.buf, name...)
			p.buf = append(p.buf, ':')
		}
		p.printValue(v.Field(i), ft, depth+1, ro || !exported)
	}
	p.buf = append(p.buf, '}')
}

func (p *printer) printList(v reflect.Value, t *interp.FmtType, depth int, ro bool) {
	et := elem(t, v)
	if isStringVerb(p.verb) && p.verb != 'v' && v.Type().Elem().Kind() == reflect.Uint8 {
		b := make([]byte, v.Len())
		for i := range b {
			b[i] = byte(v.Index(i).Uint())
		}
		p.fmtSpec(b)
		return
	}
	if p.sharpV {
		p.buf = append(p.buf, typeName(t)...)
		if v.Kind() == reflect.Slice && v.IsNil() {
			p.buf = append(p.buf, "(nil)"...)
			return
		}
		p.buf = append(p.buf, '{')
	} else {
		p.buf = append(p.buf, '[')
	}
	for i := range v.Len() {
		if i > 0 {
			if p.sharpV {
				p.buf = append(p.buf, ", "...)
			} else {
				p.buf = append(p.buf, ' ')
			}
		}
		p.printValue(v.Index(i), et, depth+1, ro)
	}
	if p.sharpV {
		p.buf = append(p.buf, '}')
	} else {
		p.buf = append(p.buf, ']')
	}
}

func (p *printer) printMap(v reflect.Value, t *interp.FmtType, depth int, ro bool) {
	if p.sharpV {
		p.buf = append(p.buf, typeName(t)...)
		if v.IsNil() {
			p.buf = append(p.buf, "(nil)"...)
			return
		}
		p.buf = append(p.buf, '{')
	} else {
		p.buf = append(p.buf, "map["...)
	}
	kt, et := key(t, v), elem(t, v)
	type entry struct{ k, v reflect.Value }
	var entries []entry
	for it := v.MapRange(); it.Next(); {
		entries = append(entries, entry{it.Key(), it.Value()})
	}
	slices.SortStableFunc(entries, func(a, b entry) int { return p.compare(a.k, b.k) })
	for i, e := range entries {
		if i > 0 {
			if p.sharpV {
				p.buf = append(p.buf, ", "...)
			} else {
				p.buf = append(p.buf, ' ')
			}
		}
		p.printValue(e.k, kt, depth+1, ro)
		p.buf = append(p.buf, ':')
		p.printValue(e.v, et, depth+1, ro)
	}
	if p.sharpV {
		p.buf = append(p.buf, '}')
	} else {
		p.buf = append(p.buf, ']')
	}
}

// compare orders map keys as internal/fmtsort does.
func (p *printer) compare(a, b reflect.Value) int {
	if a.Kind() == reflect.Interface || b.Kind() == reflect.Interface || a.Type() != b.Type() {
		a, _ = p.arg.Dynamic(a)
		b, _ = p.arg.Dynamic(b)
		switch {
		case !a.IsValid() || !b.IsValid():
			return cmp.Compare(boolInt(a.IsValid()), boolInt(b.IsValid()))
		case a.Type() != b.Type():
			return cmp.Compare(reflect.ValueOf(a.Type()).Pointer(), reflect.ValueOf(b.Type()).Pointer())
		}
	}
	switch a.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return cmp.Compare(a.Int(), b.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return cmp.Compare(a.Uint(), b.Uint())
	case reflect.String:
		return cmp.Compare(a.String(), b.String())
	case reflect.Float32, reflect.Float64:
		return cmp.Compare(a.Float(), b.Float())
	case reflect.Complex64, reflect.Complex128:
		if c := cmp.Compare(real(a.Complex()), real(b.Complex())); c != 0 {
			return c
		}
		return cmp.Compare(imag(a.Complex()), imag(b.Complex()))
	case reflect.Bool:
		return cmp.Compare(boolInt(a.Bool()), boolInt(b.Bool()))
	case reflect.Pointer, reflect.UnsafePointer, reflect.Chan:
		return cmp.Compare(a.Pointer(), b.Pointer())
	case reflect.Struct:
		for i := range a.NumField() {
			if c := p.compare(a.Field(i), b.Field(i)); c != 0 {
				return c
			}
		}
	case reflect.Array:
		for i := range a.Len() {
			if c := p.compare(a.Index(i), b.Index(i)); c != 0 {
				return c
			}
		}
	}
	return 0
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// printPointer prints a pointer, channel or function as fmt's fmtPointer.
func (p *printer) printPointer(v reflect.Value, t *interp.FmtType) {
	var u uintptr
	if !v.IsNil() {
		u = v.Pointer()
	}
	if p.verb != 'v' {
		// fmt prints a pointer's address as a number for these verbs.
		p.fmtSpec(u)
		return
	}
	switch {
	case p.sharpV:
		p.buf = append(p.buf, '(')
		p.buf = append(p.buf, typeName(t)...)
		p.buf = append(p.buf, ")("...)
		if u == 0 {
			p.buf = append(p.buf, "nil"...)
		} else {
			p.buf = fmt.Appendf(p.buf, "%#x", u)
		}
		p.buf = append(p.buf, ')')
	case u == 0:
		p.buf = fmt.Appendf(p.buf, p.spec[:len(p.spec)-1]+"s", "<nil>")
	default:
		p.buf = fmt.Appendf(p.buf, p.spec[:len(p.spec)-1]+"s", "0x"+strconv.FormatUint(uint64(u), 16))
	}
}

// plain returns v's value as its kind's type, without its type's methods.
func plain(v reflect.Value) any {
	switch v.Kind() {
	case reflect.Bool:
		return v.Bool()
	case reflect.Int:
		return int(v.Int())
	case reflect.Int8:
		return int8(v.Int())
	case reflect.Int16:
		return int16(v.Int())
	case reflect.Int32:
		return int32(v.Int())
	case reflect.Int64:
		return v.Int()
	case reflect.Uint:
		return uint(v.Uint())
	case reflect.Uint8:
		return uint8(v.Uint())
	case reflect.Uint16:
		return uint16(v.Uint())
	case reflect.Uint32:
		return uint32(v.Uint())
	case reflect.Uint64:
		return v.Uint()
	case reflect.Uintptr:
		return uintptr(v.Uint())
	case reflect.Float32:
		return float32(v.Float())
	case reflect.Float64:
		return v.Float()
	case reflect.Complex64:
		return complex64(v.Complex())
	case reflect.Complex128:
		return v.Complex()
	case reflect.String:
		return v.String()
	}
	return nil
}

// hasInterfaces reports whether a value of t may hold a value of a cell's
// type: an interface, or something made of one.
func hasInterfaces(t reflect.Type) bool {
	seen := map[reflect.Type]bool{}
	var walk func(t reflect.Type) bool
	walk = func(t reflect.Type) bool {
		if seen[t] {
			return false
		}
		seen[t] = true
		switch t.Kind() {
		case reflect.Interface:
			return true
		case reflect.Array, reflect.Slice, reflect.Pointer, reflect.Chan:
			return walk(t.Elem())
		case reflect.Map:
			return walk(t.Key()) || walk(t.Elem())
		case reflect.Struct:
			for i := range t.NumField() {
				if walk(t.Field(i).Type) {
					return true
				}
			}
		}
		return false
	}
	return walk(t)
}
