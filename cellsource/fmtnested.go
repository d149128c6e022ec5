package cellsource

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/types"
	"strings"
)

// fmt calls the String, Error and Format methods of what a value holds
// (an exported field, an element, a map's key or value) as well as of the
// value itself. The interpreter hands fmt its values with run-time types
// that have no methods, and gives the methods back to the argument only:
// a Line{Price: Money(350)} prints {... 350 ...}, not {... $3.50 ...}, and
// []Money{100} prints [100]. Printing such a value is refused, naming the
// type and the method, until the cell compiler can write it out.

// printFuncs are the functions that print their arguments as fmt does,
// with the index of the format argument (-1: none).
var printFuncs = map[string]int{
	"fmt.Print": -1, "fmt.Println": -1, "fmt.Sprint": -1, "fmt.Sprintln": -1,
	"fmt.Fprint": -2, "fmt.Fprintln": -2, "fmt.Append": -2, "fmt.Appendln": -2,
	"log.Print": -1, "log.Println": -1, "log.Fatal": -1, "log.Fatalln": -1, "log.Panic": -1, "log.Panicln": -1,
}

// nestedMethods finds the printed arguments whose parts have methods fmt
// would call, which the interpreter's values lose.
func nestedMethods(u *Unit) []Diagnostic {
	if u.Info == nil {
		return nil
	}
	var found []Diagnostic
	inspect(u.Node, func(n ast.Node) {
		c, ok := n.(*ast.CallExpr)
		if !ok || len(found) > 0 || c.Ellipsis.IsValid() {
			return
		}
		for _, arg := range printedArgs(u, c) {
			t := u.TypeOf(arg)
			if t == nil || types.IsInterface(t) {
				continue
			}
			if part, method, ok := methodInside(t); ok {
				found = append(found, Diagnostic{Pos: arg.Pos(), Message: fmt.Sprintf(
					"fmt would call the %s method of the %s inside this %s, which the interpreter's values lose "+
						"(it calls the method of the value printed only): print the part itself, or call its %s",
					method, part, types.TypeString(t, relativeTo), method) + CompiledHint})
				return
			}
		}
	})
	return found
}

// printedArgs returns the arguments of a print or printf call that fmt
// prints with a verb that calls String or Error (%v %s %q %x %X, or none).
func printedArgs(u *Unit, c *ast.CallExpr) []ast.Expr {
	name := calleeName(u, c.Fun)
	if at, ok := printFuncs[name]; ok {
		return c.Args[-at-1:]
	}
	at, ok := printfFormat[name]
	if !ok || at >= len(c.Args) {
		return nil
	}
	tv, ok := u.Info.Types[c.Args[at]]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
		return nil
	}
	verbs, ok := printfVerbs(constant.StringVal(tv.Value))
	if !ok {
		return nil
	}
	var args []ast.Expr
	for _, v := range verbs {
		if i := at + 1 + v.arg; i < len(c.Args) && strings.ContainsRune("vsqxX", v.verb) {
			args = append(args, c.Args[i])
		}
	}
	return args
}

// methodInside finds a part of a value of type t, below t itself, whose
// type is a cell's with a method fmt calls: the part's type and the
// method.
func methodInside(t types.Type) (part, method string, ok bool) {
	seen := map[types.Type]bool{}
	var walk func(t types.Type, top bool) bool
	walk = func(t types.Type, top bool) bool {
		t = types.Unalias(t)
		if seen[t] {
			return false
		}
		seen[t] = true
		if !top {
			if m := fmtMethod(t); m != "" {
				part, method = types.TypeString(t, func(p *types.Package) string { return "" }), m
				return true
			}
		}
		switch u := t.Underlying().(type) {
		case *types.Struct:
			for i := range u.NumFields() {
				if f := u.Field(i); f.Exported() && walk(f.Type(), false) {
					return true
				}
			}
		case *types.Slice:
			return walk(u.Elem(), false)
		case *types.Array:
			return walk(u.Elem(), false)
		case *types.Map:
			return walk(u.Key(), false) || walk(u.Elem(), false)
		case *types.Pointer:
			// fmt prints what a pointer argument points to (&{...}); the
			// pointer of a part, only its address.
			return top && walk(u.Elem(), true)
		}
		return false
	}
	ok = walk(t, true)
	return part, method, ok
}

// fmtMethod returns the method fmt would call on a value of t, a type of
// package main (or a pointer to one), or "".
func fmtMethod(t types.Type) string {
	named := t
	if p, ok := t.(*types.Pointer); ok {
		named = p.Elem()
	}
	if n, ok := types.Unalias(named).(*types.Named); !ok || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() != "main" {
		return ""
	}
	ms := types.NewMethodSet(t)
	for _, m := range []string{"Format", "Error", "String"} {
		if ms.Lookup(nil, m) != nil {
			return m
		}
	}
	return ""
}
