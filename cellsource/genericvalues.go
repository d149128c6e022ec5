package cellsource

import (
	"fmt"
	"go/ast"
	"go/types"
)

// A generic function of another package used as a value, not called
// (cmp.Compare[string] in a variable, cmp.Compare passed to
// slices.SortFunc), is a func value the interpreter makes wrongly: it
// fails to compile, or returns zero values. It becomes the func literal
// that calls it, with the instance's types, which the interpreter calls
// right:
//
//	byName := cmp.Compare[string]
//	byName := func(__a0 string, __a1 string) int { return cmp.Compare[string](__a0, __a1) }
//
// The session's own generic functions are copies by then (instantiate).
// Where the interpreter's function takes other type parameters than Go's
// (Compiler.TypeArgsWritable), the call leaves them to inference.

// genericFuncValues rewrites the generic function values of a chunk.
func genericFuncValues(u *Unit) error {
	if u.Info == nil {
		return nil
	}
	called := map[ast.Expr]bool{} // what is called, or instantiated, is no value
	inspect(u.Node, func(n ast.Node) {
		switch n := n.(type) {
		case *ast.CallExpr:
			called[ast.Unparen(n.Fun)] = true
		case *ast.IndexExpr:
			called[n.X] = true
		case *ast.IndexListExpr:
			called[n.X] = true
		}
	})
	replaceExprs(u.Node, func(e ast.Expr) ast.Expr {
		if called[e] {
			return e
		}
		var base ast.Expr // the function, without its type arguments
		switch x := e.(type) {
		case *ast.SelectorExpr:
			base = x
		case *ast.IndexExpr:
			base = x.X
		case *ast.IndexListExpr:
			base = x.X
		default:
			return e
		}
		sel, ok := base.(*ast.SelectorExpr)
		if !ok {
			return e
		}
		inst, ok := u.Info.Instances[sel.Sel]
		if !ok {
			return e
		}
		fn, ok := u.Info.Uses[sel.Sel].(*types.Func)
		if !ok || fn.Pkg() == nil || fn.Pkg().Path() == "main" {
			return e
		}
		sig, ok := inst.Type.(*types.Signature)
		if !ok {
			return e
		}
		if lit := u.instanceFunc(sel, fn, inst, sig, called); lit != nil {
			return lit
		}
		return e
	})
	return nil
}

// instanceFunc returns the func literal that calls the instance inst of
// fn (sel names it), of type sig; nil if a type cannot be written. What it
// calls is marked in called.
func (u *Unit) instanceFunc(sel *ast.SelectorExpr, fn *types.Func, inst types.Instance, sig *types.Signature, called map[ast.Expr]bool) *ast.FuncLit {
	pos := sel.Pos()
	ident := func(name string) *ast.Ident { return &ast.Ident{NamePos: pos, Name: name} }
	params, args, results, ok := u.sigFields(sig, pos, func(i int) string { return fmt.Sprintf("__a%d", i) })
	if !ok {
		return nil
	}
	var fun ast.Expr = &ast.SelectorExpr{X: sel.X, Sel: ident(sel.Sel.Name)}
	if w := u.compiler.TypeArgsWritable; w == nil || w(fn.Pkg().Path(), fn.Name()) {
		indices := make([]ast.Expr, inst.TypeArgs.Len())
		for i := range indices {
			te, ok := u.typeSyntax(inst.TypeArgs.At(i), pos)
			if !ok {
				return nil
			}
			indices[i] = te
		}
		if len(indices) == 1 {
			fun = &ast.IndexExpr{X: fun, Lbrack: pos, Index: indices[0], Rbrack: pos}
		} else {
			fun = &ast.IndexListExpr{X: fun, Lbrack: pos, Indices: indices, Rbrack: pos}
		}
	}
	called[fun] = true
	switch f := fun.(type) {
	case *ast.IndexExpr:
		called[f.X] = true
	case *ast.IndexListExpr:
		called[f.X] = true
	}
	return forwardLit(sig, pos, sel.End(), params, results, fun, args)
}
