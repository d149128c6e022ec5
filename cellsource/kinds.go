package cellsource

import (
	"go/ast"
	"go/token"
	"reflect"
)

var intTypes = map[string]bool{
	"int": true, "int8": true, "int16": true, "int32": true, "int64": true, "uint": true,
	"uint8": true, "uint16": true, "uint32": true, "uint64": true, "uintptr": true, "byte": true, "rune": true,
}

// isIntExpr reports whether x is certainly an integer, judged from its
// form and from ints, the names known to hold integers. yaegi offers no
// type information before compiling, and a range over an integer is what
// makes it fail to compile.
func isIntExpr(x ast.Expr, ints map[string]bool) bool {
	switch x := x.(type) {
	case *ast.BasicLit:
		return x.Kind == token.INT
	case *ast.Ident:
		return ints[x.Name]
	case *ast.ParenExpr:
		return isIntExpr(x.X, ints)
	case *ast.UnaryExpr:
		return isIntExpr(x.X, ints)
	case *ast.BinaryExpr:
		switch x.Op {
		case token.ADD, token.SUB, token.MUL, token.QUO, token.REM, token.SHL, token.SHR, token.AND, token.OR, token.XOR:
			return isIntExpr(x.X, ints) || isIntExpr(x.Y, ints)
		}
	case *ast.CallExpr:
		if id, ok := x.Fun.(*ast.Ident); ok {
			return id.Name == "len" || id.Name == "cap" || intTypes[id.Name]
		}
	}
	return false
}

// A kind of value some rewrites need to recognise without type checking:
// integers (range over an int) and slices of channels (range by index).
type kind struct {
	// typ reports whether a declared type is of the kind.
	typ func(t ast.Expr) bool
	// value reports whether an initial value is of the kind, given the
	// names known to be so far, and whether it can tell.
	value func(e ast.Expr, known map[string]bool) (is, sure bool)
	// global reports whether a session variable of that type is.
	global func(t reflect.Type) bool
	// unsureIsNot counts a declaration that does not tell (x := f()) as
	// one of another kind; otherwise it does not count.
	unsureIsNot bool
}

// namesOf returns the names that hold values of kind k in n: those n
// declares as of the kind and never as of another (parameters, var and :=
// declarations, range variables), and, for names n does not declare, the
// session's variables of the kind.
func namesOf(n ast.Node, k kind, globals Globals) map[string]bool {
	var yes, no map[string]bool
	known := map[string]bool{}
	// Declarations can refer to each other (n := 3; m := n * 2); two
	// passes settle the common chains.
	for range 2 {
		yes, no = map[string]bool{}, map[string]bool{}
		vote := func(id *ast.Ident, is, sure bool) {
			switch {
			case id.Name == "_":
			case is && sure:
				yes[id.Name] = true
			case sure || k.unsureIsNot:
				no[id.Name] = true
			}
		}
		ast.Inspect(n, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.Field:
				for _, id := range n.Names {
					vote(id, k.typ(n.Type), true)
				}
			case *ast.ValueSpec:
				for i, id := range n.Names {
					switch {
					case n.Type != nil:
						vote(id, k.typ(n.Type), true)
					case len(n.Values) == len(n.Names):
						is, sure := k.value(n.Values[i], known)
						vote(id, is, sure)
					default:
						vote(id, false, false)
					}
				}
			case *ast.AssignStmt:
				eachDefined(n, func(id *ast.Ident, value ast.Expr) {
					is, sure := false, false
					if value != nil {
						is, sure = k.value(value, known)
					}
					vote(id, is, sure)
				})
			case *ast.RangeStmt:
				if n.Tok != token.DEFINE {
					break
				}
				// Their types show only over a slice literal: an int index
				// and the element type.
				types := []ast.Expr{nil, nil}
				if lit, ok := n.X.(*ast.CompositeLit); ok {
					if at, ok := lit.Type.(*ast.ArrayType); ok {
						types = []ast.Expr{&ast.Ident{Name: "int"}, at.Elt}
					}
				}
				for i, e := range []ast.Expr{n.Key, n.Value} {
					if id, ok := e.(*ast.Ident); ok {
						if types[i] != nil {
							vote(id, k.typ(types[i]), true)
						} else {
							vote(id, false, false)
						}
					}
				}
			}
			return true
		})
		known = map[string]bool{}
		for name := range yes {
			if !no[name] {
				known[name] = true
			}
		}
	}
	ast.Inspect(n, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && !yes[id.Name] && !no[id.Name] {
			if t, ok := globals.Type(id.Name); ok && t != nil && k.global(t) {
				known[id.Name] = true
			}
		}
		return true
	})
	return known
}

// integers is the kind of the integer types.
var integers = kind{
	typ: func(t ast.Expr) bool {
		id, ok := t.(*ast.Ident)
		return ok && intTypes[id.Name]
	},
	value: func(e ast.Expr, known map[string]bool) (bool, bool) {
		if isIntExpr(e, known) {
			return true, true
		}
		switch e := e.(type) {
		case *ast.BasicLit, *ast.CompositeLit, *ast.FuncLit:
			return false, true
		case *ast.Ident:
			return false, e.Name == "true" || e.Name == "false" || e.Name == "nil"
		}
		return false, false
	},
	global: func(t reflect.Type) bool {
		switch t.Kind() {
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
			reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
			return true
		}
		return false
	},
}

// channelSlices is the kind of slices and arrays of channels: yaegi fails on
// `for _, c := range cs` over those ("reflect: call of reflect.Value.Len on
// int Value"). Only what is written as one counts.
var channelSlices = kind{
	typ:   isChanSlice,
	value: madeAs(isChanSlice),
	global: func(t reflect.Type) bool {
		k := t.Kind()
		return (k == reflect.Slice || k == reflect.Array) && t.Elem().Kind() == reflect.Chan
	},
	unsureIsNot: true,
}

// channelSliceHolders is the kind of maps and slices whose elements are
// slices of channels (map[string][]chan T): ranging over one of their
// elements fails as ranging over a channelSlices name does.
var channelSliceHolders = kind{
	typ:   holdsChanSlices,
	value: madeAs(holdsChanSlices),
	global: func(t reflect.Type) bool {
		k := t.Kind()
		if k != reflect.Map && k != reflect.Slice && k != reflect.Array {
			return false
		}
		e := t.Elem()
		return (e.Kind() == reflect.Slice || e.Kind() == reflect.Array) && e.Elem().Kind() == reflect.Chan
	},
	unsureIsNot: true,
}

// madeAs returns a kind's value test for kinds known only by their
// written types: a composite literal or a make of a type typ accepts.
func madeAs(typ func(ast.Expr) bool) func(ast.Expr, map[string]bool) (bool, bool) {
	return func(e ast.Expr, _ map[string]bool) (bool, bool) {
		switch e := e.(type) {
		case *ast.CompositeLit:
			return typ(e.Type), true
		case *ast.CallExpr:
			if id, ok := e.Fun.(*ast.Ident); ok && id.Name == "make" && len(e.Args) > 0 {
				return typ(e.Args[0]), true
			}
		}
		return false, false
	}
}

// holdsChanSlices reports whether t is written map[K][]chan T or [][]chan T.
func holdsChanSlices(t ast.Expr) bool {
	switch t := t.(type) {
	case *ast.MapType:
		return isChanSlice(t.Value)
	case *ast.ArrayType:
		return isChanSlice(t.Elt)
	}
	return false
}

// isChanSlice reports whether t is written []chan T, [n]chan T or ...chan T.
func isChanSlice(t ast.Expr) bool {
	switch t := t.(type) {
	case *ast.ArrayType:
		_, ok := t.Elt.(*ast.ChanType)
		return ok
	case *ast.Ellipsis:
		_, ok := t.Elt.(*ast.ChanType)
		return ok
	}
	return false
}
