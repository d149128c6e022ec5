package cellsource

import (
	"go/ast"
	"go/types"
)

// Method values. In Go, x.M with a value receiver copies x when the method
// value is evaluated: a later change to x does not reach the function, and
// a nil pointer x panics right there. The interpreter binds x itself and
// copies it at each call:
//
//	s := &S{1}; g := s.Get; s.n = 2; g()   // Go: 1, the interpreter: 2
//
// So a method value with a value receiver gets its receiver from a func
// literal, which the interpreter does copy (and dereferences, panicking
// on nil, when the method value is evaluated):
//
//	s.Get  =>  func() S { return *s }().Get
//
// A call x.M() is left alone: the copy is made as the call is.

func methodValues(u *Unit) error {
	if u.Info == nil {
		return nil
	}
	called := map[*ast.SelectorExpr]bool{}
	ast.Inspect(u.Node, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok {
			if se, ok := unparen(c.Fun).(*ast.SelectorExpr); ok {
				called[se] = true
			}
		}
		return true
	})
	var err error
	ast.Inspect(u.Node, func(n ast.Node) bool {
		se, ok := n.(*ast.SelectorExpr)
		if !ok || err != nil || called[se] {
			return err == nil
		}
		var copied bool
		copied, err = u.copyReceiver(se)
		return !copied && err == nil
	})
	return err
}

// copyReceiver rewrites the method value se, if its method has a value
// receiver, to take a copy of the receiver when it is evaluated, and
// reports whether it did.
func (u *Unit) copyReceiver(se *ast.SelectorExpr) (bool, error) {
	sel := u.Info.Selections[se]
	if sel == nil || sel.Kind() != types.MethodVal || types.IsInterface(sel.Recv()) {
		return false, nil
	}
	recv := sel.Obj().(*types.Func).Type().(*types.Signature).Recv()
	if recv == nil || isPointer(recv.Type()) || types.IsInterface(recv.Type()) {
		return false, nil
	}
	x, t := u.receiver(se.X, sel)
	pos := se.Pos()
	w := typeWriter{pos: pos, imports: u.sessionImports(), ok: true}
	typ := w.expr(t)
	if !w.ok {
		return false, u.errorAt(pos, "the interpreter binds the receiver of the method value "+source(u.Fset, se)+" without copying it, "+
			"and its type cannot be written here to make the copy: call a func literal instead, func() { "+source(u.Fset, se)+"() }"+CompiledHint)
	}
	// x.M => func() T { return x }().M
	se.X = &ast.CallExpr{Fun: &ast.FuncLit{
		Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{}, Results: &ast.FieldList{List: []*ast.Field{{Type: typ}}}},
		Body: &ast.BlockStmt{Lbrace: pos, List: []ast.Stmt{&ast.ReturnStmt{Return: pos, Results: []ast.Expr{x}}}, Rbrace: pos},
	}, Lparen: pos, Rparen: pos}
	return true, nil
}

// receiver returns the expression of the value a method value's method
// is called on, through the embedded fields that promote it and the
// pointers Go dereferences on the way, and its type.
func (u *Unit) receiver(x ast.Expr, sel *types.Selection) (ast.Expr, types.Type) {
	t := sel.Recv()
	for _, i := range sel.Index()[:len(sel.Index())-1] {
		st, ok := deref(t).Underlying().(*types.Struct)
		if !ok {
			break
		}
		f := st.Field(i)
		x = &ast.SelectorExpr{X: x, Sel: &ast.Ident{NamePos: x.Pos(), Name: f.Name()}}
		t = f.Type()
	}
	if p, ok := t.Underlying().(*types.Pointer); ok {
		return &ast.StarExpr{Star: x.Pos(), X: x}, p.Elem()
	}
	return x, t
}

func deref(t types.Type) types.Type {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}

func isPointer(t types.Type) bool {
	_, ok := t.Underlying().(*types.Pointer)
	return ok
}

// sessionImports are the packages the session has imported, by name.
func (u *Unit) sessionImports() map[string]string {
	if tc := u.compiler.Types; tc != nil && tc.Imports != nil {
		return tc.Imports()
	}
	return map[string]string{}
}
