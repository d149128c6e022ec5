package cellsource

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"
)

// Two ways the interpreter types integer constants wrongly, both silent.
//
// A constant of a named integer type whose value is an expression (or the
// repetition of one, as iota groups are written) holds an int, whatever
// its type: `const Write Perm = 1 << iota` compares unequal to a Perm 2,
// and its String method panics when it reads the uint8 it should be. A
// plain number is right (`const Write Perm = 2`), and the type checker
// has the value of every constant: pass const-values writes it in.
//
// The untyped constant on the left of a shift by a variable takes the
// type the context gives the shift in Go (in p&(1<<i), with p a uint8, 1
// is a uint8); the interpreter makes it an int, and p&(1<<i) panics in
// reflect. Pass shift-operands writes the type the checker found.

// constValues gives each constant of a named integer type, in a const
// declaration whose values are not all numbers, its type and value:
//
//	const (                     const (
//		Read Perm = 1 << iota  =>   Read  Perm = 1
//		Write                       Write Perm = 2
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

func writeConstValues(u *Unit, gd *ast.GenDecl) {
	var typ ast.Expr // the type the group repeats
	var repeated bool
	for _, s := range gd.Specs {
		spec := s.(*ast.ValueSpec)
		if spec.Type != nil || len(spec.Values) > 0 {
			typ, repeated = spec.Type, false
		} else {
			repeated = true
		}
		if typ == nil || !needsValues(u, spec, repeated) {
			continue
		}
		values := make([]ast.Expr, len(spec.Names))
		for i, name := range spec.Names {
			c, ok := u.Info.Defs[name].(*types.Const)
			if !ok {
				return
			}
			values[i] = intLiteral(name.Pos(), c.Val())
		}
		spec.Type, spec.Values = typ, values
	}
}

// needsValues reports whether a const spec declares constants of a named
// integer type that the interpreter would get wrong: their values (or the
// ones they repeat) are not all numbers.
func needsValues(u *Unit, spec *ast.ValueSpec, repeated bool) bool {
	for _, name := range spec.Names {
		c, ok := u.Info.Defs[name].(*types.Const)
		if !ok || c.Val().Kind() != constant.Int {
			return false
		}
		named, ok := types.Unalias(c.Type()).(*types.Named)
		if !ok {
			return false
		}
		if b, ok := named.Underlying().(*types.Basic); !ok || b.Info()&types.IsInteger == 0 {
			return false
		}
	}
	if repeated {
		return true
	}
	for _, v := range spec.Values {
		if lit, ok := v.(*ast.BasicLit); !ok || lit.Kind != token.INT {
			return true
		}
	}
	return false
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
