package cellsource

import (
	"fmt"
	"go/ast"
	"go/types"
)

// Method expressions, T.m and (*T).m, which the interpreter compiles but
// cannot call on a cell's type, become the func literals they stand for,
// with the types the checker found:
//
//	withdraw := (*Account).Withdraw
//	withdraw := func(__r *Account, __a0 int) error { return __r.Withdraw(__a0) }
//
// One whose types a cell cannot write is left to the method-expression
// check, which refuses it.

// methodExprFuncs rewrites the method expressions of a chunk.
func methodExprFuncs(u *Unit) error {
	if u.Info == nil {
		return nil
	}
	replaceExprs(u.Node, func(e ast.Expr) ast.Expr {
		sel, ok := e.(*ast.SelectorExpr)
		if !ok {
			return e
		}
		s := u.Info.Selections[sel]
		if s == nil || s.Kind() != types.MethodExpr {
			return e
		}
		sig, ok := s.Type().(*types.Signature)
		if !ok {
			return e
		}
		if lit := u.methodExprFunc(sel, sig); lit != nil {
			return lit
		}
		return e
	})
	return nil
}

// methodExprFunc returns the func literal that calls sel's method on its
// first argument, of the method expression's type sig; nil if a type
// cannot be written.
func (u *Unit) methodExprFunc(sel *ast.SelectorExpr, sig *types.Signature) *ast.FuncLit {
	pos := sel.Pos()
	ident := func(name string) *ast.Ident { return &ast.Ident{NamePos: pos, Name: name} }
	fields := func(t *types.Tuple, prefix string) ([]*ast.Field, []ast.Expr, bool) {
		var fs []*ast.Field
		var names []ast.Expr
		for i := range t.Len() {
			te, ok := u.typeSyntax(t.At(i).Type(), pos)
			if !ok {
				return nil, nil, false
			}
			name := fmt.Sprintf("%s%d", prefix, i)
			if prefix == "__a" && i == 0 {
				name = "__r"
			}
			if sig.Variadic() && prefix == "__a" && i == t.Len()-1 {
				te = &ast.Ellipsis{Ellipsis: pos, Elt: te.(*ast.ArrayType).Elt}
			}
			f := &ast.Field{Type: te}
			if prefix != "" {
				f.Names = []*ast.Ident{ident(name)}
			}
			fs = append(fs, f)
			names = append(names, ident(name))
		}
		return fs, names, true
	}
	params, args, ok := fields(sig.Params(), "__a")
	if !ok || len(args) == 0 {
		return nil
	}
	results, _, ok := fields(sig.Results(), "")
	if !ok {
		return nil
	}
	end := sel.End()
	call := &ast.CallExpr{Fun: &ast.SelectorExpr{X: args[0], Sel: ident(sel.Sel.Name)}, Lparen: pos, Args: args[1:], Rparen: end}
	if sig.Variadic() {
		call.Ellipsis = end
	}
	var body ast.Stmt = &ast.ExprStmt{X: call}
	if len(results) > 0 {
		body = &ast.ReturnStmt{Return: pos, Results: []ast.Expr{call}}
	}
	return &ast.FuncLit{
		Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{List: params}, Results: &ast.FieldList{List: results}},
		Body: &ast.BlockStmt{Lbrace: pos, List: []ast.Stmt{body}, Rbrace: pos},
	}
}
