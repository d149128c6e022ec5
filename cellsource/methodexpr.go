package cellsource

import (
	"fmt"
	"go/ast"
	"go/token"
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
	params, args, results, ok := u.sigFields(sig, pos, func(i int) string {
		if i == 0 {
			return "__r"
		}
		return fmt.Sprintf("__a%d", i)
	})
	if !ok || len(args) == 0 {
		return nil
	}
	fun := &ast.SelectorExpr{X: args[0], Sel: &ast.Ident{NamePos: pos, Name: sel.Sel.Name}}
	return forwardLit(sig, pos, sel.End(), params, results, fun, args[1:])
}

// sigFields writes the parameters of sig as a func literal's fields, named
// by name (the last one ...T when sig is variadic), the names as
// arguments, and its results as unnamed fields; ok is false for a type
// the chunk cannot write at pos.
func (u *Unit) sigFields(sig *types.Signature, pos token.Pos, name func(int) string) (params []*ast.Field, args []ast.Expr, results []*ast.Field, ok bool) {
	for i := range sig.Params().Len() {
		te, ok := u.typeSyntax(sig.Params().At(i).Type(), pos)
		if !ok {
			return nil, nil, nil, false
		}
		if sig.Variadic() && i == sig.Params().Len()-1 {
			te = &ast.Ellipsis{Ellipsis: pos, Elt: te.(*ast.ArrayType).Elt}
		}
		params = append(params, &ast.Field{Names: []*ast.Ident{{NamePos: pos, Name: name(i)}}, Type: te})
		args = append(args, &ast.Ident{NamePos: pos, Name: name(i)})
	}
	for i := range sig.Results().Len() {
		te, ok := u.typeSyntax(sig.Results().At(i).Type(), pos)
		if !ok {
			return nil, nil, nil, false
		}
		results = append(results, &ast.Field{Type: te})
	}
	return params, args, results, true
}

// forwardLit returns the func literal of params and results whose body
// calls fun with args (spreading the last when sig is variadic) and
// returns what it returns.
func forwardLit(sig *types.Signature, pos, end token.Pos, params, results []*ast.Field, fun ast.Expr, args []ast.Expr) *ast.FuncLit {
	call := &ast.CallExpr{Fun: fun, Lparen: pos, Args: args, Rparen: end}
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
