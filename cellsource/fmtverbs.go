package cellsource

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The interpreter's values of the types cells declare carry run-time
// types without their names (a `type Cents int` is an int to package
// reflect, a struct type a struct literal's type), so fmt's %T, which
// prints the run-time type, names the wrong type; and the interpreter,
// which gives fmt a value of a cell's type wrapped so that it prints as
// the compiled program's would (see the session's fmtValue), cannot give
// %T its name, which fmt reads off the wrapper's type. Where the type
// checker knows an argument's type, %T is written out in the format
// instead; an interface's, as %s of __rt.TypeOf, which the interpreter
// gives the value's type.

// printfFormat gives the functions whose format the pass reads, by
// package and name, with the index of the format argument.
var printfFormat = map[string]int{
	"fmt.Printf": 0, "fmt.Sprintf": 0, "fmt.Errorf": 0, "fmt.Fprintf": 1, "fmt.Appendf": 1,
	"log.Printf": 0, "log.Fatalf": 0, "log.Panicf": 0,
}

// printfVerbs rewrites the arguments of a call of a printf-like function
// whose types the type checker knows and the interpreter's values lose:
// %T of a type that names a cell's type is written out
// (fmt.Printf("%T\n", c) becomes fmt.Printf("%s\n", "main.Cents")), and
// a number verb's argument of a cell's type with methods is converted to
// the number it is (see numberArg).
func printfArgs(u *Unit) error {
	if u.Info == nil {
		return nil
	}
	inspect(u.Node, func(n ast.Node) {
		c, ok := n.(*ast.CallExpr)
		if !ok || c.Ellipsis.IsValid() {
			return
		}
		at, ok := printfFormat[calleeName(u, c.Fun)]
		if !ok || at >= len(c.Args) {
			return
		}
		tv, ok := u.Info.Types[c.Args[at]]
		if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
			return
		}
		format := constant.StringVal(tv.Value)
		verbs, ok := printfVerbs(format)
		if !ok {
			return
		}
		var b strings.Builder
		last, changed := 0, false
		for _, v := range verbs {
			arg := at + 1 + v.arg
			if arg >= len(c.Args) {
				continue
			}
			if strings.ContainsRune("dboOcUeEfFgG", v.verb) {
				numberArg(u, c, arg)
				continue
			}
			if v.verb == 'p' {
				// The interpreter's wrapper has an address of its own.
				c.Args[arg] = &ast.CallExpr{Fun: &ast.SelectorExpr{X: &ast.Ident{NamePos: c.Args[arg].Pos(), Name: "__rt"}, Sel: ast.NewIdent("Pointer")}, Args: []ast.Expr{c.Args[arg]}}
				continue
			}
			if v.verb != 'T' {
				continue
			}
			t := u.TypeOf(c.Args[arg])
			if t == nil {
				continue
			}
			if types.Identical(t, types.Universe.Lookup("error").Type()) {
				// An error of a cell's type reaches fmt in the wrapper
				// that gives it its methods: the runner names the type it
				// holds.
				b.WriteString(format[last : v.end-1])
				b.WriteString("s")
				last = v.end
				pos := c.Args[arg].Pos()
				c.Args[arg] = &ast.CallExpr{Fun: &ast.SelectorExpr{X: &ast.Ident{NamePos: pos, Name: "__rt"},
					Sel: &ast.Ident{NamePos: pos, Name: "TypeName"}}, Lparen: pos, Args: []ast.Expr{c.Args[arg]}}
				changed = true
				continue
			}
			if name, ok := reflectName(types.Default(t), u.copyDisplay); ok && !types.IsInterface(t) {
				c.Args[arg] = &ast.BasicLit{ValuePos: c.Args[arg].Pos(), Kind: token.STRING, Value: strconv.Quote(name)}
			} else {
				// The type of an interface's value is known when it runs.
				c.Args[arg] = &ast.CallExpr{Fun: &ast.SelectorExpr{X: &ast.Ident{NamePos: c.Args[arg].Pos(), Name: "__rt"}, Sel: ast.NewIdent("TypeOf")}, Args: []ast.Expr{c.Args[arg]}}
			}
			// The verb's flags and width stay: %-12T becomes %-12s.
			b.WriteString(format[last : v.end-1])
			b.WriteString("s")
			last = v.end
			changed = true
		}
		if changed {
			b.WriteString(format[last:])
			c.Args[at] = &ast.BasicLit{ValuePos: c.Args[at].Pos(), Kind: token.STRING, Value: strconv.Quote(b.String())}
		}
	})
	return nil
}

// numberArg converts the argument of a number verb (%d, %x is not one:
// fmt calls String for it) to its underlying type when its type is a
// cell's, with methods, over a number: fmt prints such a value's number,
// but the interpreter hands fmt a value of another type that holds it.
func numberArg(u *Unit, c *ast.CallExpr, arg int) {
	named, ok := types.Unalias(u.TypeOf(c.Args[arg])).(*types.Named)
	if !ok || named.Obj().Pkg() == nil || named.Obj().Pkg().Path() != "main" {
		return
	}
	basic, ok := named.Underlying().(*types.Basic)
	ms := types.NewMethodSet(types.NewPointer(named))
	if !ok || ms.Len() == 0 || ms.Lookup(nil, "Format") != nil {
		return
	}
	c.Args[arg] = &ast.CallExpr{Fun: &ast.Ident{NamePos: c.Args[arg].Pos(), Name: basic.Name()}, Args: []ast.Expr{c.Args[arg]}}
}

// calleeName is "pkg.Name" for a call of a package-level function of an
// imported package, as the type checker resolved it; "" otherwise.
func calleeName(u *Unit, fun ast.Expr) string {
	sel, ok := fun.(*ast.SelectorExpr)
	if !ok {
		return ""
	}
	f, ok := u.Info.Uses[sel.Sel].(*types.Func)
	if !ok || f.Pkg() == nil || f.Signature().Recv() != nil {
		return ""
	}
	return f.Pkg().Path() + "." + f.Name()
}

// printfVerb is one verb of a format: its text's span and the argument it
// formats, counted from the first after the format.
type printfVerb struct {
	start, end int
	verb       rune
	arg        int
}

// printfVerbs reads a format as fmt does. A format with explicit argument
// indexes (%[2]d) is not read (ok false).
func printfVerbs(format string) (verbs []printfVerb, ok bool) {
	arg := 0
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		start := i
		i++
		for i < len(format) && strings.IndexByte("+-# 0", format[i]) >= 0 {
			i++
		}
		for _, part := range []bool{true, false} { // width, then precision
			if !part {
				if i >= len(format) || format[i] != '.' {
					break
				}
				i++
			}
			if i < len(format) && format[i] == '*' {
				arg++
				i++
			}
			for i < len(format) && format[i] >= '0' && format[i] <= '9' {
				i++
			}
		}
		if i >= len(format) {
			break
		}
		if format[i] == '[' {
			return nil, false
		}
		if format[i] == '%' {
			continue
		}
		verb, size := utf8.DecodeRuneInString(format[i:])
		verbs = append(verbs, printfVerb{start: start, end: i + size, verb: verb, arg: arg})
		arg++
		i += size - 1
	}
	return verbs, true
}

// namesCellType reports whether t mentions a named type of package main.
func namesCellType(t types.Type) bool {
	found := false
	eachType(t, func(t types.Type) bool {
		if n, ok := t.(*types.Named); ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "main" {
			found = true
		}
		return !found
	})
	return found
}

// reflectName writes t as package reflect's Type.String does for the
// compiled program's type: main.Cents, []*main.Node, main.Pair[int,string],
// struct { A int; B string }; a copy of a generic type (see instantiate)
// as the instance it stands for, as copies tells. ok is false for a type
// it does not write.
func reflectName(t types.Type, copies func(name string) (string, bool)) (string, bool) {
	return writeReflect(t, false, copies)
}

// writeReflect writes t as reflectName does; with erase, the types of
// package main as what they are made of, as the interpreter's run-time
// types have them (main.Cents as int).
func writeReflect(t types.Type, erase bool, copies func(name string) (string, bool)) (string, bool) {
	var b strings.Builder
	ok := true
	inside := map[*types.Named]bool{}
	var write func(types.Type)
	write = func(t types.Type) {
		if n, isNamed := types.Unalias(t).(*types.Named); isNamed && erase && !inside[n] &&
			n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "main" {
			inside[n] = true
			write(n.Underlying())
			delete(inside, n)
			return
		}
		switch t := types.Unalias(t).(type) {
		case *types.Basic:
			if t.Kind() == types.UnsafePointer {
				b.WriteString("unsafe.Pointer")
			} else if t.Info()&types.IsUntyped != 0 {
				ok = false
			} else {
				b.WriteString(types.Typ[t.Kind()].Name()) // byte is uint8, rune int32
			}
		case *types.Named:
			if name, ok := copyNamed(copies, t); ok {
				b.WriteString(name)
				return
			}
			if pkg := t.Obj().Pkg(); pkg != nil {
				b.WriteString(pkg.Name() + ".")
			}
			b.WriteString(t.Obj().Name())
			if args := t.TypeArgs(); args != nil {
				b.WriteByte('[')
				for i := range args.Len() {
					if i > 0 {
						b.WriteByte(',')
					}
					write(args.At(i))
				}
				b.WriteByte(']')
			}
		case *types.Pointer:
			b.WriteByte('*')
			write(t.Elem())
		case *types.Slice:
			b.WriteString("[]")
			write(t.Elem())
		case *types.Array:
			b.WriteString("[" + strconv.FormatInt(t.Len(), 10) + "]")
			write(t.Elem())
		case *types.Map:
			b.WriteString("map[")
			write(t.Key())
			b.WriteByte(']')
			write(t.Elem())
		case *types.Chan:
			switch t.Dir() {
			case types.SendRecv:
				b.WriteString("chan ")
			case types.SendOnly:
				b.WriteString("chan<- ")
			case types.RecvOnly:
				b.WriteString("<-chan ")
			}
			write(t.Elem())
		case *types.Struct:
			if t.NumFields() == 0 {
				b.WriteString("struct {}")
				return
			}
			b.WriteString("struct { ")
			for i := range t.NumFields() {
				if i > 0 {
					b.WriteString("; ")
				}
				f := t.Field(i)
				if !f.Embedded() {
					b.WriteString(f.Name() + " ")
				}
				write(f.Type())
				if tag := t.Tag(i); tag != "" {
					b.WriteString(" " + strconv.Quote(tag))
				}
			}
			b.WriteString(" }")
		case *types.Signature:
			b.WriteString("func(")
			for i := range t.Params().Len() {
				if i > 0 {
					b.WriteString(", ")
				}
				pt := t.Params().At(i).Type()
				if t.Variadic() && i == t.Params().Len()-1 {
					b.WriteString("...")
					pt = pt.(*types.Slice).Elem()
				}
				write(pt)
			}
			b.WriteByte(')')
			if n := t.Results().Len(); n > 0 {
				b.WriteByte(' ')
				if n > 1 {
					b.WriteByte('(')
				}
				for i := range n {
					if i > 0 {
						b.WriteString(", ")
					}
					write(t.Results().At(i).Type())
				}
				if n > 1 {
					b.WriteByte(')')
				}
			}
		case *types.Interface:
			if t.Empty() {
				b.WriteString("interface {}")
			} else {
				ok = false
			}
		default:
			ok = false
		}
	}
	write(t)
	return b.String(), ok
}

// copyNamed returns how copies names t, a copy of a generic type.
func copyNamed(copies func(string) (string, bool), t *types.Named) (string, bool) {
	if copies == nil || t.Obj().Pkg() == nil || t.Obj().Pkg().Path() != "main" {
		return "", false
	}
	return copies(t.Obj().Name())
}
