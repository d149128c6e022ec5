package cellsource

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
)

// The interpreter's values of a type a cell declares have the run-time
// type of what the type is made of: a `type Cents int` is an int to
// package reflect, and two struct types with the same fields are one. An
// interface value does not keep which of them it holds, so a type
// assertion, a type switch case or a comparison with a value of one of
// them takes a value of the other for it: for x holding Cents(5),
// x.(int) is true, and x == 5; for x holding 5, x.(Cents). Each is
// refused where a value of such a twin could be in the interface: one
// with the interface's methods, that a cell puts into interfaces
// (boxedTypes): what the type is made of, or another of the session's
// types made of the same.

// twinTypes finds the type assertions, type switch cases and comparisons
// of interface values that the interpreter's run-time types cannot decide.
func twinTypes(u *Unit) []Diagnostic {
	if u.Info == nil || u.pkg == nil {
		return nil
	}
	u.boxed = u.boxedTypes()
	var found []Diagnostic
	refuse := func(at ast.Expr, iface, t types.Type, what string) {
		if len(found) > 0 || iface == nil || t == nil {
			return
		}
		twin, shape := u.twin(t, iface)
		if twin == "" {
			return
		}
		name := GoNames(types.TypeString(t, types.RelativeTo(u.pkg)))
		found = append(found, Diagnostic{Pos: at.Pos(), Message: fmt.Sprintf(
			"the interpreter cannot tell %s from %s in an interface: a type a cell declares runs as what it is made of (%s), "+
				"so %s would take a value of either for the other; give the types a method that tells them apart and call it, "+
				"or keep the value in a variable of its own type",
			name, twin, shape, what)})
		found[0].Message += CompiledHint
	}
	inspect(u.Node, func(n ast.Node) {
		switch n := n.(type) {
		case *ast.TypeAssertExpr:
			if n.Type != nil && !u.contextValue(n.X) {
				refuse(n.Type, u.TypeOf(n.X), u.TypeOf(n.Type), "a type assertion")
			}
		case *ast.TypeSwitchStmt:
			var x ast.Expr
			switch a := n.Assign.(type) {
			case *ast.ExprStmt:
				x = a.X
			case *ast.AssignStmt:
				x = a.Rhs[0]
			}
			ta, ok := ast.Unparen(x).(*ast.TypeAssertExpr)
			if !ok {
				return
			}
			// Cases of two twins: both are meant to come, boxed or not.
			seen := map[string]ast.Expr{} // a case's run-time shape -> the case
			for _, st := range n.Body.List {
				for _, e := range st.(*ast.CaseClause).List {
					t := u.TypeOf(e)
					if t == nil || types.IsInterface(t) || len(found) > 0 {
						continue
					}
					shape := runtimeShape(t)
					if prev, ok := seen[shape]; ok && !types.Identical(u.TypeOf(prev), t) {
						found = append(found, Diagnostic{Pos: e.Pos(), Message: fmt.Sprintf(
							"the interpreter cannot tell %s from %s in an interface: a type a cell declares runs as what it is made of (%s), "+
								"so a type switch case would take a value of either for the other; give the types a method that tells them apart and call it, "+
								"or keep the value in a variable of its own type",
							types.ExprString(prev), types.ExprString(e), shape) + CompiledHint})
					}
					seen[shape] = e
				}
			}
			for _, st := range n.Body.List {
				for _, e := range st.(*ast.CaseClause).List {
					refuse(e, u.TypeOf(ta.X), u.TypeOf(e), "a type switch case")
				}
			}
		case *ast.BinaryExpr:
			if n.Op == token.EQL || n.Op == token.NEQ {
				refuse(n.Y, u.TypeOf(n.X), comparedAs(u.TypeOf(n.Y)), "a comparison")
				refuse(n.X, u.TypeOf(n.Y), comparedAs(u.TypeOf(n.X)), "a comparison")
			}
		case *ast.SwitchStmt:
			if n.Tag == nil {
				return
			}
			for _, st := range n.Body.List {
				for _, e := range st.(*ast.CaseClause).List {
					refuse(e, u.TypeOf(n.Tag), comparedAs(u.TypeOf(e)), "a switch case")
				}
			}
		}
	})
	return found
}

// comparedAs is t, or nil for a channel or a pointer to what takes memory,
// which compare by address: two values of different types are never at
// one address (but pointers to values of no size may be).
func comparedAs(t types.Type) types.Type {
	if t == nil {
		return nil
	}
	switch u := t.Underlying().(type) {
	case *types.Chan:
		return nil
	case *types.Pointer:
		if !zeroSize(u.Elem()) {
			return nil
		}
	}
	return t
}

// zeroSize reports whether values of t take no memory: struct{}, [0]int.
func zeroSize(t types.Type) bool {
	switch u := t.Underlying().(type) {
	case *types.Struct:
		for i := range u.NumFields() {
			if !zeroSize(u.Field(i).Type()) {
				return false
			}
		}
		return true
	case *types.Array:
		return u.Len() == 0 || zeroSize(u.Elem())
	}
	return false
}

// contextValue reports whether e calls a context.Context's Value: what it
// returns was stored by a key of a type of its own (type ctxKey string),
// which by design is never a value.
func (u *Unit) contextValue(e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Value" {
		return false
	}
	n, ok := types.Unalias(u.TypeOf(sel.X)).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "context" && n.Obj().Name() == "Context"
}

// twin returns, written for a message, a type other than t that has t's
// run-time type (shape) and whose values an interface of type iface may
// hold; "" if there is none, or if iface is no interface or t is one.
func (u *Unit) twin(t, iface types.Type) (twin, shape string) {
	if _, ok := iface.(*types.TypeParam); ok {
		return "", "" // a generic function runs as a copy for its type arguments
	}
	it, ok := iface.Underlying().(*types.Interface)
	if !ok || types.IsInterface(t) {
		return "", ""
	}
	if b, ok := t.(*types.Basic); ok {
		if b.Kind() == types.UntypedNil {
			return "", ""
		}
		t = types.Default(t)
	}
	shape = runtimeShape(t)
	// What the type is made of, which has no methods; but a struct's twin
	// (or a slice's of them) would be of a struct type without a name,
	// which values seldom have.
	if written, ok := writeReflect(t, false, nil); ok && written != shape && !erasesStruct(t) && it.NumMethods() == 0 &&
		u.isBoxed(shapeKey(shape)) {
		return shape, shape
	}
	scope := u.pkg.Scope()
	for _, name := range scope.Names() {
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if !ok || tn.IsAlias() {
			continue
		}
		named, ok := tn.Type().(*types.Named)
		if !ok || named.TypeParams().Len() > 0 || !u.isBoxed(name) {
			continue // an interface holds no value of a type never boxed
		}
		for _, c := range []types.Type{named, types.NewPointer(named)} {
			if !types.Identical(c, t) && runtimeShape(c) == shape && types.Implements(c, it) {
				return GoNames(types.TypeString(c, types.RelativeTo(u.pkg))), shape
			}
		}
	}
	return "", ""
}

// isBoxed reports whether the chunk or an earlier cell boxes values of the
// type named (or of the shape key).
func (u *Unit) isBoxed(key string) bool { return u.boxed[key] || u.Decls.Boxed(key) }

// erasesStruct reports whether t is made of a struct type of package
// main: through pointers, slices, arrays, maps and channels.
func erasesStruct(t types.Type) bool {
	switch t := types.Unalias(t).(type) {
	case *types.Named:
		if t.Obj().Pkg() == nil || t.Obj().Pkg().Path() != "main" {
			return false
		}
		if _, ok := t.Underlying().(*types.Struct); ok {
			return true
		}
		return erasesStruct(t.Underlying())
	case *types.Pointer:
		return erasesStruct(t.Elem())
	case *types.Slice:
		return erasesStruct(t.Elem())
	case *types.Array:
		return erasesStruct(t.Elem())
	case *types.Map:
		return erasesStruct(t.Key()) || erasesStruct(t.Elem())
	case *types.Chan:
		return erasesStruct(t.Elem())
	}
	return false
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
