package cellsource

import (
	"go/ast"
	"go/token"
	"go/types"
)

// Several values assigned at once, a composite literal among them. The
// interpreter builds the literal in a place the call beside it returned
// its value to, and the call's variable ends up zero, silently:
//
//	seen, order := NewSet(start), []string{start}   // seen is nil
//
// So such an assignment (or var declaration) takes its values from one
// call of a func literal, which the interpreter gets right:
//
//	seen, order := func() (Set, []string) { return NewSet(start), []string{start} }()

func multiValueComposites(u *Unit) error {
	if u.Info == nil {
		return nil
	}
	ast.Inspect(u.Node, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if n.Tok == token.DEFINE || n.Tok == token.ASSIGN {
				if call, ok := u.valuesCall(n.Rhs, n.TokPos); ok {
					n.Rhs = []ast.Expr{call}
				}
			}
		case *ast.ValueSpec:
			if call, ok := u.valuesCall(n.Values, n.Pos()); ok {
				n.Values = []ast.Expr{call}
			}
		}
		return true
	})
	return nil
}

// valuesCall returns values as one call of a func literal that returns
// them, when they hold both a composite literal and a call, and their
// types can be written.
func (u *Unit) valuesCall(values []ast.Expr, pos token.Pos) (ast.Expr, bool) {
	if len(values) < 2 {
		return nil, false
	}
	composite, call := false, false
	for _, v := range values {
		switch unparen(v).(type) {
		case *ast.CompositeLit:
			composite = true
		case *ast.CallExpr:
			call = true
		}
	}
	if !composite || !call {
		return nil, false
	}
	results := &ast.FieldList{Opening: pos, Closing: pos}
	for _, v := range values {
		t := u.TypeOf(v)
		if t == nil {
			return nil, false
		}
		if tv, ok := u.Info.Types[v]; ok && tv.IsType() {
			return nil, false
		}
		typ, ok := u.typeSyntax(types.Default(t), pos)
		if !ok {
			return nil, false
		}
		results.List = append(results.List, &ast.Field{Type: typ})
	}
	lit := &ast.FuncLit{
		Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{Opening: pos, Closing: pos}, Results: results},
		Body: &ast.BlockStmt{Lbrace: pos, List: []ast.Stmt{&ast.ReturnStmt{Return: pos, Results: values}}, Rbrace: pos},
	}
	return &ast.CallExpr{Fun: lit, Lparen: pos, Rparen: pos}, true
}
