package cellsource

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"
)

// Constant declarations. Go computes a constant exactly, with as many
// bits as it needs, and gives it its type; the interpreter computes it
// with an int64 or a float64, and types some wrongly, silently: a
// constant of a named integer type whose value is an expression (or the
// repetition of one, as iota groups are written) holds an int, so
// `const Write Perm = 1 << iota` compares unequal to a Perm 2 and its
// String method panics when it reads the uint8 it should be; 1 << 100
// overflows. The type checker has the value of every constant: pass
// const-values writes each in, typed, and leaves out an untyped constant
// that no int64 or float64 holds (every use of one is a constant
// expression, which fold-constants writes in where it is used).
//
// The untyped constant on the left of a shift by a variable takes the
// type the context gives the shift in Go (in p&(1<<i), with p a uint8, 1
// is a uint8); the interpreter makes it an int, and p&(1<<i) panics in
// reflect. Pass shift-operands writes the type the checker found.

// constValues writes each constant of a const declaration with the value
// and type the checker gave it:
//
//	const (                     const (
//		Read Perm = 1 << iota  =>   Read  Perm = 1
//		Write                       Write Perm = 2
//		huge = 1 << 100
//	)                           )
func constValues(u *Unit) error {
	if u.Info == nil {
		return nil
	}
	inspect(u.Node, func(n ast.Node) {
		if gd, ok := n.(*ast.GenDecl); ok && gd.Tok == token.CONST {
			writeConstValues(u, gd)
		}
	})
	return nil
}

// writeConstValues rewrites every spec of gd, or, where the checker's
// facts fall short for one, none: a spec repeats the expression of the
// one before it.
func writeConstValues(u *Unit, gd *ast.GenDecl) {
	if plainConsts(u, gd) {
		return
	}
	var specs []ast.Spec
	for _, s := range gd.Specs {
		spec := s.(*ast.ValueSpec)
		for _, name := range spec.Names {
			c, ok := u.Info.Defs[name].(*types.Const)
			if !ok {
				return
			}
			if isUntyped(c.Type()) && !representable(c.Val()) {
				continue // every use is a constant expression: folded
			}
			lit, typ, ok := u.constLiteral(c.Val(), c.Type(), name.Pos())
			if !ok {
				return
			}
			specs = append(specs, &ast.ValueSpec{Names: []*ast.Ident{name}, Type: typ, Values: []ast.Expr{lit}})
		}
	}
	gd.Specs = specs
}

// plainConsts reports whether every constant of gd is written as a
// literal that the interpreter holds, which it gets right.
func plainConsts(u *Unit, gd *ast.GenDecl) bool {
	for _, s := range gd.Specs {
		spec := s.(*ast.ValueSpec)
		if len(spec.Values) != len(spec.Names) {
			return false
		}
		for i, v := range spec.Values {
			if x, ok := v.(*ast.UnaryExpr); ok && x.Op == token.SUB {
				v = x.X
			}
			c, ok := u.Info.Defs[spec.Names[i]].(*types.Const)
			if _, isLit := v.(*ast.BasicLit); !isLit || !ok || !representable(c.Val()) {
				return false
			}
		}
	}
	return true
}

func isUntyped(t types.Type) bool {
	b, ok := t.(*types.Basic)
	return ok && b.Info()&types.IsUntyped != 0
}

// intLiteral writes an integer constant: 12, or -3 as a negation.
func intLiteral(pos token.Pos, v constant.Value) ast.Expr {
	s := v.ExactString()
	if digits, neg := strings.CutPrefix(s, "-"); neg {
		return &ast.UnaryExpr{OpPos: pos, Op: token.SUB, X: &ast.BasicLit{ValuePos: pos, Kind: token.INT, Value: digits}}
	}
	return &ast.BasicLit{ValuePos: pos, Kind: token.INT, Value: s}
}

// shiftOperands converts the untyped constant on the left of a shift by a
// variable to the type the checker gave it: p&(1<<i) becomes
// p&(uint8(1)<<i), with p a uint8.
func shiftOperands(u *Unit) error {
	if u.Info == nil {
		return nil
	}
	inspect(u.Node, func(n ast.Node) {
		b, ok := n.(*ast.BinaryExpr)
		if !ok || b.Op != token.SHL && b.Op != token.SHR {
			return
		}
		if tv, ok := u.Info.Types[b]; !ok || tv.Value != nil {
			return // a constant shift, which the checker computed
		}
		tv, ok := u.Info.Types[b.X]
		if !ok || tv.Value == nil {
			return
		}
		if _, isLit := unparen(b.X).(*ast.BasicLit); !isLit {
			return // a named constant has its type already
		}
		t, ok := typeName(tv.Type, b.X.Pos())
		if !ok {
			return
		}
		b.X = &ast.CallExpr{Fun: t, Lparen: b.X.Pos(), Args: []ast.Expr{b.X}, Rparen: b.X.End()}
	})
	return nil
}

// typeName writes an integer type as a cell names it: a predeclared type,
// or one a cell declared at package level; ok is false for others (and
// for untyped constants' types).
func typeName(t types.Type, pos token.Pos) (ast.Expr, bool) {
	switch t := types.Unalias(t).(type) {
	case *types.Basic:
		if t.Info()&types.IsUntyped != 0 || t.Info()&types.IsInteger == 0 {
			return nil, false
		}
		return &ast.Ident{NamePos: pos, Name: t.Name()}, true
	case *types.Named:
		obj := t.Obj()
		if obj.Pkg() == nil || obj.Pkg().Path() != "main" || obj.Parent() != obj.Pkg().Scope() || t.TypeArgs() != nil {
			return nil, false
		}
		if b, ok := t.Underlying().(*types.Basic); !ok || b.Info()&types.IsInteger == 0 {
			return nil, false
		}
		return &ast.Ident{NamePos: pos, Name: obj.Name()}, true
	}
	return nil, false
}
