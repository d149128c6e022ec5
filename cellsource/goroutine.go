package cellsource

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
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
// their raw go statement. A call that reflection cannot make starts from
// a function literal (goLiteral), as route says.
func goCall(st *ast.GoStmt, at token.Position, route goRoute) ast.Stmt {
	if id, ok := st.Call.Fun.(*ast.Ident); ok && isBuiltinFunc(id.Name) {
		return st
	}
	if route.literal {
		return goLiteral(st, at, route.bind)
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

// goLiteral starts a function from a function literal, for the calls
// reflection cannot make: of a generic function, and with an argument for
// a parameter of an interface type with methods (fmt.Stringer, error, an
// interface of the session's), which a value of the session's types has
// only in the wrapper the interpreter gives it when it is passed to the
// parameter, not as __rt.Go's any. The arguments, and with bind the
// function value (a method value, a func variable), are evaluated at the
// go statement into temporaries, as Go evaluates them:
//
//	go g(a, b)  =>  { __a0, __a1 := a, b; __go := func() { g(__a0, __a1) }; __rt.Go(line, col, __go) }
//	go r.m(a)   =>  { __f := r.m; __a0 := a; __go := func() { __f(__a0) }; __rt.Go(line, col, __go) }
func goLiteral(st *ast.GoStmt, at token.Position, bind bool) ast.Stmt {
	pos := st.Go
	ident := func(name string) *ast.Ident { return &ast.Ident{NamePos: pos, Name: name} }
	var list []ast.Stmt
	call := *st.Call
	if bind {
		list = append(list, &ast.AssignStmt{Lhs: []ast.Expr{ident("__f")}, TokPos: pos, Tok: token.DEFINE, Rhs: []ast.Expr{call.Fun}})
		call.Fun = ident("__f")
	}
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
	inner := goCall(&ast.GoStmt{Go: pos, Call: &ast.CallExpr{Fun: lit, Lparen: pos, Rparen: pos}}, at, goRoute{})
	list = append(list, inner.(*ast.BlockStmt).List...)
	return &ast.BlockStmt{Lbrace: pos, List: list, Rbrace: st.Call.Rparen}
}

// A goRoute says how goCall starts a call: from a function literal
// (literal), with its function value evaluated first (bind).
type goRoute struct{ literal, bind bool }

// goRouteOf returns the route of a go statement's call c: from a literal
// for a generic function and for a function with a parameter of an
// interface type with methods (whose constant and nil arguments it
// converts to their parameters' types, for the temporaries that hold
// them: __a0 := nil cannot compile). A call it cannot type so keeps __rt.Go.
func (u *Unit) goRouteOf(c *ast.CallExpr, generic func(string) bool) goRoute {
	if isGenericCall(c.Fun, generic) {
		return goRoute{literal: true}
	}
	sig, _ := u.TypeOf(c.Fun).(*types.Signature)
	if sig == nil || !hasMethodsParam(sig) {
		return goRoute{}
	}
	args, ok := u.typedArgs(c, sig)
	if !ok {
		return goRoute{}
	}
	c.Args = args
	// A function of the package is itself; any other function value (a
	// method value, a func variable) is evaluated at the go statement,
	// a method value with a copy of its receiver (see methodValues: the
	// interpreter would bind the receiver itself).
	switch f := ast.Unparen(c.Fun).(type) {
	case *ast.Ident:
		obj, _ := u.object(f)
		_, isFunc := obj.(*types.Func)
		return goRoute{literal: true, bind: !isFunc}
	case *ast.FuncLit:
		return goRoute{literal: true}
	case *ast.SelectorExpr:
		if _, err := u.copyReceiver(f); err != nil {
			return goRoute{} // __rt.Go binds the method value, copying its receiver
		}
	}
	return goRoute{literal: true, bind: true}
}

// typedArgs returns c's arguments with each constant or nil converted to
// its parameter's type in sig (the checker gives a constant its
// parameter's type, but a temporary := 5 is an int); ok is false if a type
// cannot be written.
func (u *Unit) typedArgs(c *ast.CallExpr, sig *types.Signature) (args []ast.Expr, ok bool) {
	params := sig.Params()
	args = slices.Clone(c.Args)
	for i, a := range args {
		tv, known := u.Info.Types[a]
		if !known || (tv.Value == nil && !tv.IsNil()) {
			// Not a constant or nil, whose temporary would have another
			// type; or made by an earlier pass, typed (fold-constants
			// gives a constant its type: int64(5)).
			continue
		}
		var pt types.Type
		switch last := params.Len() - 1; {
		case i < last || !sig.Variadic():
			pt = params.At(i).Type()
		case c.Ellipsis.IsValid():
			pt = params.At(last).Type()
		default:
			pt = params.At(last).Type().(*types.Slice).Elem()
		}
		t, ok := u.typeSyntax(pt, a.Pos())
		if !ok {
			return nil, false
		}
		args[i] = &ast.CallExpr{Fun: t, Lparen: a.Pos(), Args: []ast.Expr{a}, Rparen: a.End()}
	}
	return args, true
}

// hasMethodsParam reports whether sig has a parameter (or a variadic
// one's element) of an interface type with methods.
func hasMethodsParam(sig *types.Signature) bool {
	params := sig.Params()
	for i := range params.Len() {
		t := params.At(i).Type()
		if s, ok := t.(*types.Slice); ok && sig.Variadic() && i == params.Len()-1 {
			t = s.Elem()
		}
		if it, ok := t.Underlying().(*types.Interface); ok && it.NumMethods() > 0 {
			return true
		}
	}
	return false
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
