package cellsource

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
)

// Pointers to arrays. Go indexes, slices and ranges over a *[N]T as over
// the array it points to; the interpreter fails on some of it: &p[1] ("cannot
// take address of int"), and a range over a nil *[N]T with no value
// variable, which Go runs N times without reading the array (reflect:
// Len of zero Value). Pass array-pointers writes the array explicitly:
//
//	&p[1]              =>  &(*p)[1]
//	for i := range p   =>  for i := range 3
//	for i, v := range p  =>  for i := range 3 { v := (*p)[i]; ... }

func arrayPointers(u *Unit) error {
	if u.Info == nil {
		return nil
	}
	deref := func(x ast.Expr) ast.Expr {
		return &ast.ParenExpr{Lparen: x.Pos(), X: &ast.StarExpr{Star: x.Pos(), X: x}, Rparen: x.End()}
	}
	inspect(u.Node, func(n ast.Node) {
		switch n := n.(type) {
		case *ast.IndexExpr:
			if _, ok := u.arrayPointer(n.X); ok {
				n.X = deref(n.X)
			}
		case *ast.SliceExpr:
			if _, ok := u.arrayPointer(n.X); ok {
				n.X = deref(n.X)
			}
		case *ast.RangeStmt:
			a, ok := u.arrayPointer(n.X)
			if !ok {
				return
			}
			count := &ast.BasicLit{ValuePos: n.X.Pos(), Kind: token.INT, Value: strconv.FormatInt(a.Len(), 10)}
			if n.Value == nil || isBlank(n.Value) {
				// The array is not read: as many turns as it has elements.
				n.X = count
				return
			}
			ptr, isIdent := n.X.(*ast.Ident)
			if n.Tok != token.DEFINE || !isIdent {
				return // left to the interpreter, which fails on it
			}
			// Each value is read from the array as the turn starts: a
			// change to a later element shows, as in Go (range *p would
			// copy the array first).
			if n.Key == nil || isBlank(n.Key) {
				u.counter++
				n.Key = &ast.Ident{NamePos: n.For, Name: "__ap" + strconv.Itoa(u.counter)}
			}
			key := n.Key.(*ast.Ident)
			read := &ast.AssignStmt{Lhs: []ast.Expr{n.Value}, TokPos: n.For, Tok: token.DEFINE,
				Rhs: []ast.Expr{&ast.IndexExpr{X: deref(&ast.Ident{NamePos: ptr.Pos(), Name: ptr.Name}), Lbrack: n.For,
					Index: &ast.Ident{NamePos: n.For, Name: key.Name}, Rbrack: n.For}}}
			n.Body.List = append([]ast.Stmt{read}, n.Body.List...)
			n.Value, n.X = nil, count
		}
	})
	return nil
}

// arrayPointer returns the array type that x, a pointer to an array,
// points to.
func (u *Unit) arrayPointer(x ast.Expr) (*types.Array, bool) {
	t := u.TypeOf(x)
	if t == nil {
		return nil, false
	}
	p, ok := t.Underlying().(*types.Pointer)
	if !ok {
		return nil, false
	}
	a, ok := p.Elem().Underlying().(*types.Array)
	return a, ok
}

func isBlank(e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == "_"
}
