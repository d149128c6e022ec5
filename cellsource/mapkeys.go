package cellsource

import (
	"go/ast"
	"go/types"
)

// A map keyed by error holds the interpreter's wrappers of the errors of a
// cell's types, which make them errors for compiled code. A key written as
// a value of such a type (counts[ExitCode(2)], delete(seen, ErrGone)) is
// looked up as the bare value, which reflect refuses as a key of the map
// ("value of type int is not assignable to type error"); returned as an
// error by a func literal, it gets its wrapper, as Go's implicit
// conversion would.

// errorKeys makes errors of the keys of maps keyed by error that are not
// of an interface type already.
func errorKeys(u *Unit) error {
	if u.Info == nil {
		return nil
	}
	errorType := types.Universe.Lookup("error").Type()
	convert := func(m, key ast.Expr) ast.Expr {
		mt, ok := u.TypeOf(m).(*types.Map)
		if mt == nil {
			if t := u.TypeOf(m); t != nil {
				mt, ok = t.Underlying().(*types.Map)
			}
		}
		kt := u.TypeOf(key)
		if !ok || kt == nil || types.IsInterface(kt) || !types.Identical(mt.Key(), errorType) {
			return key
		}
		// The interpreter's conversion error(key) keeps the bare value; a
		// function's result of type error gets the wrapper.
		pos := key.Pos()
		return &ast.CallExpr{Fun: &ast.FuncLit{
			Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{}, Results: &ast.FieldList{List: []*ast.Field{{Type: &ast.Ident{NamePos: pos, Name: "error"}}}}},
			Body: &ast.BlockStmt{Lbrace: pos, List: []ast.Stmt{&ast.ReturnStmt{Return: pos, Results: []ast.Expr{key}}}, Rbrace: pos},
		}, Lparen: pos, Rparen: pos}
	}
	inspect(u.Node, func(n ast.Node) {
		switch n := n.(type) {
		case *ast.IndexExpr:
			n.Index = convert(n.X, n.Index)
		case *ast.CallExpr:
			if id, ok := n.Fun.(*ast.Ident); ok && len(n.Args) == 2 {
				if _, builtin := u.Info.Uses[id].(*types.Builtin); builtin && id.Name == "delete" {
					n.Args[1] = convert(n.Args[0], n.Args[1])
				}
			}
		}
	})
	return nil
}
