package cellsource

import (
	"fmt"
	"go/ast"
	"go/token"
	"slices"
	"strconv"
	"strings"
)

// goCall turns `go f(a, b)` into `__rt.Go(line, col, f, a, b)` and
// `go f(a, xs...)` into `__rt.GoSlice(line, col, f, a, xs)`, where line and
// col are the go statement's position, for error messages. The function
// value and the arguments are still evaluated at the go statement; the
// goroutine starts from compiled code that recovers its panic (package
// session's goroutines.go). Builtins cannot be passed as values and keep
// their raw go statement.
func goCall(st *ast.GoStmt, at token.Position, generic func(string) bool) ast.Stmt {
	if id, ok := st.Call.Fun.(*ast.Ident); ok && isBuiltinFunc(id.Name) {
		return st
	}
	if isGenericCall(st.Call.Fun, generic) {
		return goGeneric(st, at)
	}
	name := "Go"
	if st.Call.Ellipsis.IsValid() {
		name = "GoSlice"
	}
	pos := st.Go
	call := func(fn ast.Expr) ast.Stmt {
		return &ast.ExprStmt{X: &ast.CallExpr{
			Fun:    &ast.SelectorExpr{X: &ast.Ident{NamePos: pos, Name: "__rt"}, Sel: &ast.Ident{NamePos: pos, Name: name}},
			Lparen: st.Call.Lparen,
			Args: append([]ast.Expr{
				&ast.BasicLit{ValuePos: pos, Kind: token.INT, Value: fmt.Sprint(at.Line)},
				&ast.BasicLit{ValuePos: pos, Kind: token.INT, Value: fmt.Sprint(at.Column)},
				fn,
			}, st.Call.Args...),
			Rparen: st.Call.Rparen,
		}}
	}
	lit, ok := st.Call.Fun.(*ast.FuncLit)
	if !ok {
		return call(st.Call.Fun)
	}
	// A function literal passed straight to a compiled function captures
	// the variables of the enclosing loop body late, in yaegi: every
	// goroutine would see the last iteration's values. Bound to a variable
	// first, it captures them when the go statement runs, as it should.
	fn := &ast.Ident{NamePos: pos, Name: "__go"}
	return &ast.BlockStmt{Lbrace: pos, List: []ast.Stmt{
		&ast.AssignStmt{Lhs: []ast.Expr{fn}, TokPos: pos, Tok: token.DEFINE, Rhs: []ast.Expr{madeApart(lit)}},
		call(&ast.Ident{NamePos: pos, Name: "__go"}),
	}, Rbrace: st.Call.Rparen}
}

// isGenericCall reports whether fun names a generic function, plainly or
// instantiated (g[int]).
func isGenericCall(fun ast.Expr, generic func(string) bool) bool {
	switch f := fun.(type) {
	case *ast.Ident:
		return generic(f.Name)
	case *ast.IndexExpr:
		return isGenericCall(f.X, generic)
	case *ast.IndexListExpr:
		return isGenericCall(f.X, generic)
	}
	return false
}

// goGeneric starts a generic function, which reflection cannot call, from
// a function literal; the arguments are evaluated at the go statement into
// temporaries, as Go evaluates them:
//
//	go g(a, b)  =>  { __a0, __a1 := a, b; __go := func() { g(__a0, __a1) }; __rt.Go(line, col, __go) }
func goGeneric(st *ast.GoStmt, at token.Position) ast.Stmt {
	pos := st.Go
	ident := func(name string) *ast.Ident { return &ast.Ident{NamePos: pos, Name: name} }
	var list []ast.Stmt
	call := *st.Call
	if len(call.Args) > 0 {
		var lhs []ast.Expr
		for i := range call.Args {
			lhs = append(lhs, ident(fmt.Sprintf("__a%d", i)))
		}
		list = append(list, &ast.AssignStmt{Lhs: lhs, TokPos: pos, Tok: token.DEFINE, Rhs: call.Args})
		call.Args = slices.Clone(lhs)
	}
	lit := &ast.FuncLit{
		Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{}},
		Body: &ast.BlockStmt{Lbrace: pos, List: []ast.Stmt{&ast.ExprStmt{X: &call}}, Rbrace: st.Call.Rparen},
	}
	inner := goCall(&ast.GoStmt{Go: pos, Call: &ast.CallExpr{Fun: lit, Lparen: pos, Rparen: pos}}, at, func(string) bool { return false })
	list = append(list, inner.(*ast.BlockStmt).List...)
	return &ast.BlockStmt{Lbrace: pos, List: list, Rbrace: st.Call.Rparen}
}

// nameThreadTarget turns threading.NewThread(worker, ...) into
// threading.NewThreadTarget("worker", worker, ...), so that the thread is
// called "Thread-1 (worker)" as in Python: reflection cannot name an
// interpreted function.
func nameThreadTarget(c *ast.CallExpr) {
	sel, ok := c.Fun.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "NewThread" || len(c.Args) == 0 {
		return
	}
	if pkg, ok := sel.X.(*ast.Ident); !ok || pkg.Name != "threading" {
		return
	}
	var name string
	switch t := c.Args[0].(type) {
	case *ast.Ident:
		name = t.Name
	case *ast.SelectorExpr:
		name = t.Sel.Name
	default:
		return
	}
	if strings.HasPrefix(name, "__") {
		return // a func literal the session named (madeApart): Python's Thread-N
	}
	sel.Sel = &ast.Ident{NamePos: sel.Sel.NamePos, Name: "NewThreadTarget"}
	c.Args = append([]ast.Expr{&ast.BasicLit{ValuePos: c.Lparen, Kind: token.STRING, Value: strconv.Quote(name)}}, c.Args...)
}
