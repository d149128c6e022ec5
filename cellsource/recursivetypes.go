package cellsource

import (
	"fmt"
	"go/ast"
	"go/types"
)

// A type made of itself with no struct between (type T []T, the state
// function type F func(string) F, type M map[string]M) is one the
// interpreter cannot build: its compiler fails on it with a nil pointer.
// Through a struct field it can (type Node struct{ kids []Node }). Such a
// declaration is refused, naming the type, with what to write instead.

// recursiveTypes finds the type declarations of a chunk that are made of
// themselves without a struct.
func recursiveTypes(u *Unit) []Diagnostic {
	if u.Info == nil {
		return nil
	}
	var found []Diagnostic
	inspect(u.Node, func(n ast.Node) {
		ts, ok := n.(*ast.TypeSpec)
		if !ok || ts.Assign.IsValid() || len(found) > 0 {
			return
		}
		tn, ok := u.Info.Defs[ts.Name].(*types.TypeName)
		if !ok {
			return
		}
		named, ok := tn.Type().(*types.Named)
		if !ok || !madeOf(named.Underlying(), named, map[types.Type]bool{}) {
			return
		}
		found = append(found, Diagnostic{Pos: ts.Name.Pos(), Message: fmt.Sprintf(
			"the interpreter cannot build the type %s, which is made of itself with no struct between (%s): "+
				"put a struct between, whose field holds the type (type link struct{ next %s })",
			ts.Name.Name, types.ExprString(ts.Type), ts.Name.Name) + CompiledHint})
	})
	return found
}

// madeOf reports whether t is made of target through slices, arrays, maps,
// channels, pointers, funcs and other named types of package main, not
// through a struct or an interface.
func madeOf(t types.Type, target *types.Named, seen map[types.Type]bool) bool {
	if seen[t] {
		return false
	}
	seen[t] = true
	switch t := types.Unalias(t).(type) {
	case *types.Named:
		if t == target || t.Origin() == target {
			return true
		}
		if t.Obj().Pkg() == nil || t.Obj().Pkg().Path() != "main" {
			return false
		}
		return madeOf(t.Underlying(), target, seen)
	case *types.Slice:
		return madeOf(t.Elem(), target, seen)
	case *types.Array:
		return madeOf(t.Elem(), target, seen)
	case *types.Pointer:
		return madeOf(t.Elem(), target, seen)
	case *types.Chan:
		return madeOf(t.Elem(), target, seen)
	case *types.Map:
		return madeOf(t.Key(), target, seen) || madeOf(t.Elem(), target, seen)
	case *types.Signature:
		for _, tup := range []*types.Tuple{t.Params(), t.Results()} {
			for i := range tup.Len() {
				if madeOf(tup.At(i).Type(), target, seen) {
					return true
				}
			}
		}
	}
	return false
}
