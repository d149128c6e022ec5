package cellsource

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"math"
	"strconv"
)

// Constant expressions. The interpreter computes them at run time with
// int64s and float64s, and gets some wrong or fails: 1 << 100 >> 98
// overflows, len of an array reached through an index is not a constant
// for it, real(10 + 6i) panics in reflect, and an untyped 123 sent on a
// chan int32 panics in a select. The type checker has the value and type
// of each: pass fold-constants writes them in, as a literal converted to
// the type (const-values does the same for declarations):
//
//	huge > huge-1      =>  true
//	len(s[10])         =>  30
//	float32(real(Ce))  =>  float32(10.0)
//	c <- 123           =>  c <- int32(123)

func foldConstants(u *Unit) error {
	if u.Info == nil {
		return nil
	}
	// What fold would write again: the arguments of conversions T(lit),
	// and the constant declarations, which const-values wrote.
	plain := map[ast.Expr]bool{}
	inspect(u.Node, func(n ast.Node) {
		switch n := n.(type) {
		case *ast.CallExpr:
			if conversionOfLiteral(u, n) {
				plain[n.Args[0]] = true
			}
		case *ast.GenDecl:
			if n.Tok == token.CONST {
				inspect(n, func(n ast.Node) {
					if e, ok := n.(ast.Expr); ok {
						plain[e] = true
					}
				})
			}
		}
	})
	replaceExprs(u.Node, func(e ast.Expr) ast.Expr {
		if !plain[e] {
			if folded, ok := u.fold(e); ok {
				return folded
			}
		}
		return e
	})
	return nil
}

// fold returns the constant expression e as a typed literal; ok is false
// for what is not a constant, is already as plain as it gets, or cannot
// be written.
func (u *Unit) fold(e ast.Expr) (ast.Expr, bool) {
	tv, ok := u.Info.Types[e]
	if !ok || tv.Value == nil || tv.IsType() {
		return nil, false
	}
	switch x := unparen(e).(type) {
	case *ast.BasicLit:
		if t, isBasic := tv.Type.(*types.Basic); isBasic && (t.Info()&types.IsUntyped != 0 || t == types.Typ[defaultKind(x.Kind)]) {
			return nil, false // as the interpreter reads it anyway
		}
	case *ast.Ident:
		// A named constant is left to the interpreter, which declared it,
		// unless it stands for a value it cannot hold.
		if representable(tv.Value) {
			return nil, false
		}
	case *ast.UnaryExpr:
		if lit, isLit := unparen(x.X).(*ast.BasicLit); isLit && (x.Op == token.SUB || x.Op == token.ADD) {
			if t, isBasic := tv.Type.(*types.Basic); isBasic && (t.Info()&types.IsUntyped != 0 || t == types.Typ[defaultKind(lit.Kind)]) {
				return nil, false // -1
			}
		}
	case *ast.CallExpr:
		if conversionOfLiteral(u, x) {
			return nil, false // int32(5): nothing to compute
		}
	}
	return u.literal(tv.Value, tv.Type, e.Pos())
}

// defaultKind is the type of an untyped literal of kind k.
func defaultKind(k token.Token) types.BasicKind {
	switch k {
	case token.INT:
		return types.Int
	case token.FLOAT:
		return types.Float64
	case token.IMAG:
		return types.Complex128
	case token.CHAR:
		return types.Rune
	}
	return types.String
}

// conversionOfLiteral reports whether c is T(lit) with lit a literal of
// T's kind.
func conversionOfLiteral(u *Unit, c *ast.CallExpr) bool {
	if len(c.Args) != 1 {
		return false
	}
	if isType, _ := u.IsType(c.Fun); !isType {
		return false
	}
	_, ok := unparen(c.Args[0]).(*ast.BasicLit)
	return ok
}

// representable reports whether the interpreter can hold v: an integer
// in an int64 (or uint64), a float in a float64.
func representable(v constant.Value) bool {
	switch v.Kind() {
	case constant.Int:
		if _, ok := constant.Int64Val(v); ok {
			return true
		}
		_, ok := constant.Uint64Val(v)
		return ok
	case constant.Float:
		f, _ := constant.Float64Val(v)
		return !math.IsInf(f, 0)
	case constant.Complex:
		return representable(constant.Real(v)) && representable(constant.Imag(v))
	}
	return true
}

// literal writes constant v of type t as an expression: T(lit), or lit
// alone where that has type t.
func (u *Unit) literal(v constant.Value, t types.Type, pos token.Pos) (ast.Expr, bool) {
	lit, typ, ok := u.constLiteral(v, t, pos)
	if !ok {
		return nil, false
	}
	if b, ok := t.(*types.Basic); typ == nil || ok && isDefault(b, lit) {
		return lit, true
	}
	return &ast.CallExpr{Fun: parenType(typ), Lparen: pos, Args: []ast.Expr{lit}, Rparen: pos}, true
}

// constLiteral writes constant v of type t as an untyped literal of its
// kind, and t as syntax (nil for an untyped constant).
func (u *Unit) constLiteral(v constant.Value, t types.Type, pos token.Pos) (lit, typ ast.Expr, ok bool) {
	basic, isBasic := t.Underlying().(*types.Basic)
	if !isBasic {
		return nil, nil, false
	}
	switch {
	case basic.Info()&types.IsBoolean != 0:
		lit = &ast.Ident{NamePos: pos, Name: strconv.FormatBool(constant.BoolVal(v))}
	case basic.Info()&types.IsString != 0:
		lit = &ast.BasicLit{ValuePos: pos, Kind: token.STRING, Value: strconv.Quote(constant.StringVal(v))}
	case basic.Kind() == types.UntypedRune:
		r, exact := constant.Int64Val(constant.ToInt(v))
		if !exact {
			return nil, nil, false
		}
		lit = &ast.BasicLit{ValuePos: pos, Kind: token.CHAR, Value: strconv.QuoteRune(rune(r))}
	case basic.Info()&types.IsInteger != 0:
		v = constant.ToInt(v)
		if v.Kind() != constant.Int || !representable(v) {
			return nil, nil, false
		}
		lit = intLiteral(pos, v)
	case basic.Info()&types.IsFloat != 0:
		f, ok := floatLiteral(pos, constant.ToFloat(v), basic.Kind() == types.Float32)
		if !ok {
			return nil, nil, false
		}
		lit = f
	case basic.Info()&types.IsComplex != 0:
		v = constant.ToComplex(v)
		single := basic.Kind() == types.Complex64
		re, ok1 := floatLiteral(pos, constant.Real(v), single)
		im, ok2 := floatLiteral(pos, constant.Imag(v), single)
		if !ok1 || !ok2 {
			return nil, nil, false
		}
		lit = &ast.CallExpr{Fun: &ast.Ident{NamePos: pos, Name: "complex"}, Lparen: pos, Args: []ast.Expr{re, im}, Rparen: pos}
	default:
		return nil, nil, false
	}
	if basic.Info()&types.IsUntyped != 0 {
		return lit, nil, true
	}
	typ, ok = u.typeSyntax(t, pos)
	return lit, typ, ok
}

// floatLiteral writes a float constant as the float64 (or float32) it
// rounds to, with a point or exponent so that it reads as a float.
func floatLiteral(pos token.Pos, v constant.Value, single bool) (ast.Expr, bool) {
	if v.Kind() != constant.Float && v.Kind() != constant.Int {
		return nil, false
	}
	bits := 64
	f, _ := constant.Float64Val(v)
	if single {
		f32, _ := constant.Float32Val(v)
		f, bits = float64(f32), 32
	}
	if math.IsInf(f, 0) {
		return nil, false
	}
	s := strconv.FormatFloat(math.Abs(f), 'g', -1, bits)
	if !containsAny(s, ".eE") {
		s += ".0"
	}
	var lit ast.Expr = &ast.BasicLit{ValuePos: pos, Kind: token.FLOAT, Value: s}
	if math.Signbit(f) {
		lit = &ast.UnaryExpr{OpPos: pos, Op: token.SUB, X: lit}
	}
	return lit, true
}

func containsAny(s, chars string) bool {
	for _, c := range chars {
		for _, d := range s {
			if c == d {
				return true
			}
		}
	}
	return false
}

// parenType wraps a type that a conversion must parenthesise: (*T)(x).
func parenType(t ast.Expr) ast.Expr {
	switch t.(type) {
	case *ast.StarExpr, *ast.FuncType, *ast.ChanType:
		return &ast.ParenExpr{Lparen: t.Pos(), X: t, Rparen: t.End()}
	}
	return t
}

// isDefault reports whether lit, written alone, has type t: an integer
// literal is an int, a float literal a float64, true a bool.
func isDefault(t *types.Basic, lit ast.Expr) bool {
	switch lit := lit.(type) {
	case *ast.UnaryExpr:
		return isDefault(t, lit.X)
	case *ast.BasicLit:
		return t == types.Typ[defaultKind(lit.Kind)]
	case *ast.Ident: // true, false
		return t == types.Typ[types.Bool]
	}
	return false // complex(re, im) of constants is untyped: say its type
}
