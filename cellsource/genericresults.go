package cellsource

import (
	"go/ast"
	"go/token"
	"go/types"
)

// Variables declared at the top level of a cell from a call of a generic
// function,
//
//	get := sync.OnceValue(load)     var i, ok = slices.BinarySearch(xs, 3)
//
// fail in yaegi's global scope ("nil reflect type", a panic), or worse get
// zero values, while the same variables declared with their types and
// then assigned work. So they are, with the types the checker found:
//
//	var get func() int; get = sync.OnceValue(load)
//	var i int; var ok bool; i, ok = slices.BinarySearch(xs, 3)
//
// A variable whose type a cell cannot write is left as it was.

// typeGenericResults rewrites the top-level declarations of a statement
// chunk whose values come from a generic call.
func typeGenericResults(u *Unit) error {
	if u.Info == nil || len(u.Info.Instances) == 0 {
		return nil
	}
	body := u.body()
	var out []ast.Stmt
	for _, st := range body.List {
		out = append(out, u.typedGenericResult(st)...)
	}
	body.List = out
	return nil
}

// typedGenericResult returns st, a top-level statement, as declarations
// and an assignment if it declares variables from a generic call.
func (u *Unit) typedGenericResult(st ast.Stmt) []ast.Stmt {
	var lhs []*ast.Ident
	var rhs []ast.Expr
	pos := st.Pos()
	switch st := st.(type) {
	case *ast.AssignStmt:
		if st.Tok != token.DEFINE {
			return []ast.Stmt{st}
		}
		for _, e := range st.Lhs {
			id, ok := e.(*ast.Ident)
			if !ok {
				return []ast.Stmt{st}
			}
			lhs = append(lhs, id)
		}
		rhs = st.Rhs
	case *ast.DeclStmt:
		gd, ok := st.Decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.VAR || len(gd.Specs) != 1 {
			return []ast.Stmt{st}
		}
		vs := gd.Specs[0].(*ast.ValueSpec)
		if vs.Type != nil || len(vs.Values) == 0 {
			return []ast.Stmt{st}
		}
		lhs, rhs = vs.Names, vs.Values
	default:
		return []ast.Stmt{st}
	}
	if !u.callsGeneric(rhs) {
		return []ast.Stmt{st}
	}
	var out []ast.Stmt
	assign := &ast.AssignStmt{TokPos: pos, Tok: token.ASSIGN, Rhs: rhs}
	for _, id := range lhs {
		assign.Lhs = append(assign.Lhs, id)
		if id.Name == "_" {
			continue
		}
		obj := u.Info.Defs[id]
		if obj == nil {
			continue // assigned, not declared, by :=
		}
		t, ok := u.typeSyntax(obj.Type(), id.Pos())
		if !ok {
			return []ast.Stmt{st}
		}
		out = append(out, &ast.DeclStmt{Decl: &ast.GenDecl{TokPos: pos, Tok: token.VAR,
			Specs: []ast.Spec{&ast.ValueSpec{Names: []*ast.Ident{{NamePos: id.Pos(), Name: id.Name}}, Type: t}}}})
	}
	return append(out, assign)
}

// callsGeneric reports whether one of es is a call of a generic function.
func (u *Unit) callsGeneric(es []ast.Expr) bool {
	for _, e := range es {
		c, ok := ast.Unparen(e).(*ast.CallExpr)
		if !ok {
			continue
		}
		fun := ast.Unparen(c.Fun)
		switch f := fun.(type) {
		case *ast.IndexExpr:
			fun = f.X
		case *ast.IndexListExpr:
			fun = f.X
		}
		var id *ast.Ident
		switch f := fun.(type) {
		case *ast.Ident:
			id = f
		case *ast.SelectorExpr:
			id = f.Sel
		}
		if id == nil {
			continue
		}
		if _, ok := u.Info.Instances[id]; ok {
			if _, isFunc := u.Info.Uses[id].(*types.Func); isFunc {
				return true
			}
		}
	}
	return false
}
