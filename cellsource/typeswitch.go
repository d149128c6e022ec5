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

// A function value of the interpreter does not carry its func type at run
// time: a type assertion or a type switch case of a func type matches
// none (x.(func(int) int) is false, with no error). Such assertions and
// cases are refused.

// funcTypeAssertions finds type assertions and type switch cases of func
// types.
func funcTypeAssertions(u *Unit) []Diagnostic {
	if u.Info == nil {
		return nil
	}
	var found []Diagnostic
	refuse := func(e ast.Expr, what string) {
		if t := u.TypeOf(e); t != nil && len(found) == 0 {
			if _, ok := t.Underlying().(*types.Signature); ok {
				found = append(found, Diagnostic{Pos: e.Pos(), Message: fmt.Sprintf(
					"the interpreter's function values do not carry their type at run time, so %s of the func type %s "+
						"would match none: keep the function in a variable or field of its func type, or in an interface with a method",
					what, types.ExprString(e)) + CompiledHint})
			}
		}
	}
	inspect(u.Node, func(n ast.Node) {
		switch n := n.(type) {
		case *ast.TypeAssertExpr:
			if n.Type != nil {
				refuse(n.Type, "a type assertion")
			}
		case *ast.TypeSwitchStmt:
			for _, st := range n.Body.List {
				for _, e := range st.(*ast.CaseClause).List {
					refuse(e, "a type switch case")
				}
			}
		}
	})
	return found
}
