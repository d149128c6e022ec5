package cellsource

import (
	"fmt"
	"go/ast"
	"go/types"
)

// The interpreter's values of a type a cell declares have the run-time
// type of what the type is made of: a `type Duration int` is an int to
// package reflect, and two struct types with the same fields are one. An
// interface value does not always keep which of them it holds, so a type
// switch with a case for each of two such types takes the first case that
// either matches: a Duration would print as the int it is. Such a switch
// is refused, naming the two types.

// typeSwitchTypes finds the type switches with two cases that the
// interpreter's run-time types cannot tell apart.
func typeSwitchTypes(u *Unit) []Diagnostic {
	if u.Info == nil {
		return nil
	}
	var found []Diagnostic
	inspect(u.Node, func(n ast.Node) {
		ts, ok := n.(*ast.TypeSwitchStmt)
		if !ok || len(found) > 0 {
			return
		}
		seen := map[string]ast.Expr{} // a case's run-time type -> the case
		for _, st := range ts.Body.List {
			for _, e := range st.(*ast.CaseClause).List {
				t := u.TypeOf(e)
				if t == nil || types.IsInterface(t) {
					continue
				}
				shape := runtimeShape(t)
				if prev, ok := seen[shape]; ok && !types.Identical(u.TypeOf(prev), t) {
					found = append(found, Diagnostic{Pos: e.Pos(), Message: fmt.Sprintf(
						"the interpreter cannot tell %s from %s in a type switch: a type a cell declares runs as "+
							"what it is made of (%s), so a value of either would take the first of their cases; "+
							"switch on a method of the types, or keep them in different interfaces",
						types.ExprString(prev), types.ExprString(e), shape) + CompiledHint})
					return
				}
				seen[shape] = e
			}
		}
	})
	return found
}

// runtimeShape writes t as the interpreter's run-time type has it: the
// types of package main replaced by what they are made of.
func runtimeShape(t types.Type) string {
	if s, ok := writeReflect(t, true, nil); ok {
		return s
	}
	return types.TypeString(t, nil)
}
