package cellsource

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// Deferred calls at the top level of a cell. A cell reads like the body of
// a function, and that is how its defer statements behave: the calls run
// when the cell ends, last deferred first, also when the cell fails or is
// interrupted, so that `ctx, cancel := context.WithTimeout(...)` followed by
// `defer cancel()` works as it does in a program. yaegi alone would run them
// at no predictable time: they belong to the session's main function, which
// never returns.
//
// A defer statement becomes a call to __rt.Defer with a closure, and the
// function value and arguments are evaluated at the defer statement, as Go
// does:
//
//	defer report(name, time.Now())
//	__rt.Defer(func() func() {
//		__df := report
//		__da0 := name
//		__da1 := time.Now()
//		return func() { __df(__da0, __da1) }
//	}())
//
// Builtins, generic functions, package members (fmt.Println) and constants
// are left in place: builtins are not values, yaegi cannot make a value of
// a generic function, and a constant bound to a variable would take its
// default type. So is a method's receiver (wg.Done) unless it changes later
// in the cell or is a call's result: see deferCall.

// rewriteDefers rewrites the defer statements of a cell's top-level code,
// not those of the functions it declares. A deferred call that recovers is
// refused: nothing can stop a cell's panic from outside the cell.
func rewriteDefers(u *Unit) error {
	body := u.body()
	if !hasDefer(body) {
		return nil
	}
	names := deferNames{u: u, decls: u.Decls, globals: u.Globals, local: declaredNames(body), consts: map[string]bool{},
		assigned: assignments(body)}
	ast.Inspect(body, func(n ast.Node) bool {
		if d, ok := n.(*ast.GenDecl); ok && d.Tok == token.CONST {
			for _, sp := range d.Specs {
				for _, id := range sp.(*ast.ValueSpec).Names {
					names.consts[id.Name] = true
				}
			}
		}
		return true
	})
	var err error
	replaceStmtsIn(body, func(st ast.Stmt) ast.Stmt {
		d, ok := st.(*ast.DeferStmt)
		if !ok || err != nil {
			return st
		}
		if recovers(d.Call) {
			err = u.errorAt(d.Defer, "a deferred call at the top level of a cell cannot recover the cell's panic: put the code "+
				"in a function (func run() { defer func() { recover() }(); ... }) and call it"+CompiledHint)
			return st
		}
		return names.deferCall(d, false)
	}, false)
	return err
}

// hasDefer reports whether the top-level code of body has a defer
// statement.
func hasDefer(body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.DeferStmt:
			found = true
		}
		return !found
	})
	return found
}

// declaredNames returns the names body declares with := or var.
func declaredNames(body *ast.BlockStmt) map[string]bool {
	names := map[string]bool{}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if n.Tok == token.DEFINE {
				for _, e := range n.Lhs {
					if id, ok := e.(*ast.Ident); ok {
						names[id.Name] = true
					}
				}
			}
		case *ast.ValueSpec:
			for _, id := range n.Names {
				names[id.Name] = true
			}
		case *ast.RangeStmt:
			if n.Tok == token.DEFINE {
				for _, e := range []ast.Expr{n.Key, n.Value} {
					if id, ok := e.(*ast.Ident); ok {
						names[id.Name] = true
					}
				}
			}
		}
		return true
	})
	return names
}

// assignments returns where body assigns to each name with = or :=, for
// telling whether a deferred method's receiver changes later.
func assignments(body *ast.BlockStmt) map[string][]token.Pos {
	at := map[string][]token.Pos{}
	ast.Inspect(body, func(n ast.Node) bool {
		if as, ok := n.(*ast.AssignStmt); ok {
			for _, e := range as.Lhs {
				if id, ok := e.(*ast.Ident); ok {
					at[id.Name] = append(at[id.Name], as.Pos())
				}
			}
		}
		return true
	})
	return at
}

// recovers reports whether n calls the builtin recover: a deferred call
// that is recover() or a func literal that calls it, a method's body.
func recovers(n ast.Node) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok {
			if id, ok := c.Fun.(*ast.Ident); ok && id.Name == "recover" {
				found = true
			}
		}
		return !found
	})
	return found
}

// deferNames tells the variables and constants a deferred call may use.
type deferNames struct {
	u        *Unit // for the type checker's facts
	decls    *Index
	globals  Globals
	local    map[string]bool        // names the chunk declares as variables
	consts   map[string]bool        // constants the chunk declares
	assigned map[string][]token.Pos // where the chunk assigns to names
	loop     map[string]bool        // what the loops around the defer statement declare
}

func (dn deferNames) isVar(name string) bool {
	_, global := dn.globals.Type(name)
	return dn.local[name] || global && !dn.isConst(name)
}

// isConst reports whether name is a constant: declared so in the chunk, or
// in an earlier cell and not made a variable by this one.
func (dn deferNames) isConst(name string) bool {
	if dn.consts[name] {
		return true
	}
	src, ok := dn.decls.Lookup(name)
	return !dn.local[name] && ok && strings.HasPrefix(src, "const ")
}

// valueReceiver returns the receiver that sel, a method value, copies when
// it is evaluated, as the type checker sees it: x for a method of x's type
// with a value receiver, *x for one of x's pointer type. ok is false for
// a pointer receiver, an interface's method, or without the checker's
// facts.
func (dn deferNames) valueReceiver(sel *ast.SelectorExpr) (recv ast.Expr, ok bool) {
	if dn.u == nil || dn.u.Info == nil {
		return nil, false
	}
	s := dn.u.Info.Selections[sel]
	if s == nil || s.Kind() != types.MethodVal || types.IsInterface(s.Recv()) || len(s.Index()) != 1 {
		return nil, false
	}
	sig, ok := s.Obj().Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return nil, false
	}
	if _, ptr := sig.Recv().Type().(*types.Pointer); ptr {
		return nil, false
	}
	if dn.mayRecover(s.Obj().(*types.Func), sig) {
		// Called from the closure that holds the copy, its recover would
		// not be called by the deferred function itself, and would stop
		// nothing.
		return nil, false
	}
	if _, ptr := s.Recv().Underlying().(*types.Pointer); ptr {
		return &ast.StarExpr{Star: sel.Pos(), X: sel.X}, true
	}
	return sel.X, true
}

// mayRecover reports whether the method fn of a cell's type calls recover,
// as its declaration (in the chunk or an earlier cell) reads; true where
// the declaration is not at hand.
func (dn deferNames) mayRecover(fn *types.Func, sig *types.Signature) bool {
	n, ok := types.Unalias(derefType(sig.Recv().Type())).(*types.Named)
	if !ok {
		return true
	}
	recv := n.Obj().Name()
	for _, d := range dn.u.File.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv != nil && len(fd.Recv.List) == 1 &&
			ReceiverName(fd.Recv.List[0].Type) == recv && fd.Name.Name == fn.Name() {
			return recovers(fd.Body)
		}
	}
	for _, w := range dn.decls.MethodsWritten(recv) {
		if w.Method == fn.Name() {
			return strings.Contains(w.Seg.Text, "recover(")
		}
	}
	return true
}

// changesAfter reports whether the chunk assigns to name after pos.
func (dn deferNames) changesAfter(name string, pos token.Pos) bool {
	for _, at := range dn.assigned[name] {
		if at > pos {
			return true
		}
	}
	return false
}

// results returns how many results the function name returns, when a
// cell declared it; 1 otherwise.
func (dn deferNames) results(name string) int {
	t, ok := dn.decls.FuncType(token.NewFileSet(), name)
	if !ok || t.Results == nil {
		return 1
	}
	return max(1, t.Results.NumFields())
}

// deferCall is the statement that registers d's call with __rt.Defer.
//
// In a function (inFunc), the statement stays a defer statement, of the
// closure the statement now makes; one with nothing to evaluate early (no
// arguments, a receiver that does not change) stays as it is.
func (dn deferNames) deferCall(d *ast.DeferStmt, inFunc bool) ast.Stmt {
	pos := d.Defer
	ident := func(name string) *ast.Ident { return &ast.Ident{NamePos: pos, Name: name} }
	register := func(fn ast.Expr) ast.Stmt {
		return &ast.ExprStmt{X: &ast.CallExpr{
			Fun:    &ast.SelectorExpr{X: ident("__rt"), Sel: ident("Defer")},
			Lparen: pos, Args: []ast.Expr{fn}, Rparen: d.Call.Rparen,
		}}
	}
	call := d.Call
	if lit, ok := call.Fun.(*ast.FuncLit); ok && len(call.Args) == 0 {
		if inFunc {
			return d // a deferred func literal that recovers must be the deferred call
		}
		return register(madeApart(lit))
	}
	var bind []ast.Stmt // name := value, in the order Go evaluates them
	assign := func(names []ast.Expr, value ast.Expr) {
		bind = append(bind, &ast.AssignStmt{Lhs: names, TokPos: pos, Tok: token.DEFINE, Rhs: []ast.Expr{value}})
	}
	hoist := func(e ast.Expr, name string) ast.Expr {
		assign([]ast.Expr{ident(name)}, e)
		return ident(name)
	}
	later := &ast.CallExpr{Fun: call.Fun, Lparen: call.Lparen, Ellipsis: call.Ellipsis, Rparen: call.Rparen}
	switch fn := call.Fun.(type) {
	case *ast.Ident:
		// Builtins are no values, and yaegi cannot make a value of a
		// generic function.
		if !isBuiltinFunc(fn.Name) && !dn.decls.IsGeneric(fn.Name) {
			later.Fun = hoist(fn, "__df")
		}
	case *ast.SelectorExpr:
		// A method's receiver is evaluated now. A method value would do,
		// but yaegi's reads its receiver when called; so the receiver is
		// copied, when it is a call's result or a variable that changes
		// later (copying one that does not could copy a WaitGroup).
		switch x := fn.X.(type) {
		case *ast.Ident:
			if recv, ok := dn.valueReceiver(fn); ok && dn.isVar(x.Name) {
				// A value receiver is copied at the defer statement
				// (through a pointer, what it points to): a change to
				// its fields after it is not the deferred call's.
				later.Fun = &ast.SelectorExpr{X: hoist(recv, "__dr"), Sel: fn.Sel}
			} else if dn.isVar(x.Name) && (dn.changesAfter(x.Name, d.Pos()) || dn.loop[x.Name]) {
				later.Fun = &ast.SelectorExpr{X: hoist(x, "__dr"), Sel: fn.Sel}
			}
		case *ast.CallExpr:
			later.Fun = &ast.SelectorExpr{X: hoist(x, "__dr"), Sel: fn.Sel}
		}
	default:
		later.Fun = hoist(fn, "__df")
	}
	if g, ok := singleCall(call); ok && dn.results(g) > 1 {
		// defer f(g()) with g returning several values: one variable each.
		var names []ast.Expr
		for i := range dn.results(g) {
			names = append(names, ident(fmt.Sprintf("__da%d", i)))
			later.Args = append(later.Args, ident(fmt.Sprintf("__da%d", i)))
		}
		assign(names, call.Args[0])
	} else {
		for i, a := range call.Args {
			if dn.constant(a) {
				later.Args = append(later.Args, a)
				continue
			}
			later.Args = append(later.Args, hoist(a, fmt.Sprintf("__da%d", i)))
		}
	}
	closure := &ast.FuncLit{
		Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{}},
		Body: &ast.BlockStmt{Lbrace: pos, List: []ast.Stmt{&ast.ExprStmt{X: later}}, Rbrace: d.Call.Rparen},
	}
	lit := madeApart(closure)
	// The values are bound in the frame that makes the closure: one frame
	// per defer statement run, where a block's variables would share one
	// slot in yaegi across a loop's iterations.
	body := lit.(*ast.CallExpr).Fun.(*ast.FuncLit).Body
	body.List = append(bind, body.List...)
	if inFunc {
		if len(bind) == 0 {
			return d
		}
		return &ast.DeferStmt{Defer: pos, Call: &ast.CallExpr{Fun: lit, Lparen: d.Call.Rparen, Rparen: d.Call.Rparen}}
	}
	return register(lit)
}

// deferArgs makes the defer statements of every function (declared or
// literal) evaluate their function value, receiver and arguments at the
// defer statement, as Go does: the interpreter reads them when the
// deferred call runs, so `x := 1; defer show(x); x = 2` showed 2.
func deferArgs(u *Unit) error {
	var failed error
	ast.Inspect(u.Node, func(n ast.Node) bool {
		if failed != nil {
			return false
		}
		var fields []*ast.FieldList
		var body *ast.BlockStmt
		switch f := n.(type) {
		case *ast.FuncDecl:
			fields, body = []*ast.FieldList{f.Recv, f.Type.Params, f.Type.Results}, f.Body
		case *ast.FuncLit:
			fields, body = []*ast.FieldList{f.Type.Params, f.Type.Results}, f.Body
		default:
			return true
		}
		if body == nil || !hasDefer(body) {
			return true
		}
		dn := deferNames{u: u, decls: u.Decls, globals: u.Globals, local: declaredNames(body), consts: map[string]bool{},
			assigned: assignments(body)}
		for _, fl := range fields {
			if fl == nil {
				continue
			}
			for _, f := range fl.List {
				for _, id := range f.Names {
					dn.local[id.Name] = true
				}
			}
		}
		ast.Inspect(body, func(n ast.Node) bool {
			if d, ok := n.(*ast.GenDecl); ok && d.Tok == token.CONST {
				for _, sp := range d.Specs {
					for _, id := range sp.(*ast.ValueSpec).Names {
						dn.consts[id.Name] = true
					}
				}
			}
			return true
		})
		inLoop := loopDefers(body)
		replaceStmtsIn(body, func(st ast.Stmt) ast.Stmt {
			d, ok := st.(*ast.DeferStmt)
			if !ok || failed != nil {
				return st
			}
			if names, ok := inLoop[d]; ok && unbound(d.Call, names) {
				// A deferred func literal reads the variables of its
				// function's frame when it runs, where each iteration's
				// have been replaced by the last one's.
				failed = u.errorAt(d.Defer, "the interpreter gives every call that a defer statement in a loop defers "+
					"the values of the loop's last iteration when the deferred function or its receiver uses what the loop declares: "+
					"collect the calls in a slice and make them, last first, "+
					"at the end of the function (todo = append(todo, func() { ... }))"+CompiledHint)
				return st
			}
			dn.loop = inLoop[d]
			return dn.deferCall(d, true)
		}, false)
		return failed == nil
	})
	return failed
}

// loopDefers returns, for each defer statement of a function's body that
// is inside a loop of it (not of a func literal within), the names its
// loops declare: their variables, and those of their bodies.
func loopDefers(body *ast.BlockStmt) map[*ast.DeferStmt]map[string]bool {
	in := map[*ast.DeferStmt]map[string]bool{}
	var walk func(n ast.Node, names map[string]bool)
	walk = func(n ast.Node, names map[string]bool) {
		ast.Inspect(n, func(c ast.Node) bool {
			switch c := c.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ForStmt, *ast.RangeStmt:
				if c == n {
					return true
				}
				inner := map[string]bool{}
				for k := range names {
					inner[k] = true
				}
				for k := range declaredNames(&ast.BlockStmt{List: []ast.Stmt{c.(ast.Stmt)}}) {
					inner[k] = true
				}
				walk(c, inner)
				return false
			case *ast.DeferStmt:
				if names != nil {
					in[c] = names
				}
			}
			return true
		})
	}
	walk(body, nil)
	return in
}

// unbound reports whether a deferred call in a loop uses names the loop
// declares where deferCall cannot bind them at the defer statement: in a
// func literal deferred as it is (one that may recover), or in a method's
// receiver other than a variable. Its arguments, a function value and a
// receiver variable are bound in a closure made by each iteration, and
// the interpreter keeps each iteration's closure.
func unbound(call *ast.CallExpr, names map[string]bool) bool {
	switch fn := call.Fun.(type) {
	case *ast.FuncLit:
		return len(call.Args) == 0 && mentions(fn.Body, names)
	case *ast.SelectorExpr:
		if _, ok := fn.X.(*ast.Ident); !ok {
			_, isCall := fn.X.(*ast.CallExpr)
			return !isCall && mentions(fn.X, names)
		}
	}
	return false
}

// mentions reports whether n mentions one of names.
func mentions(n ast.Node, names map[string]bool) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && names[id.Name] {
			found = true
		}
		return !found
	})
	return found
}

// singleCall returns the name of the function called as call's only
// argument, f(g()).
func singleCall(call *ast.CallExpr) (string, bool) {
	if len(call.Args) != 1 || call.Ellipsis.IsValid() {
		return "", false
	}
	c, ok := call.Args[0].(*ast.CallExpr)
	if !ok {
		return "", false
	}
	id, ok := c.Fun.(*ast.Ident)
	if !ok {
		return "", false
	}
	return id.Name, true
}

// constant reports whether e is a constant expression, which is left in
// place: bound to a variable, an untyped constant would take its default
// type. A package's member (math.Pi, time.Second) counts as one.
func (dn deferNames) constant(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.BasicLit:
		return true
	case *ast.Ident:
		switch e.Name {
		case "true", "false", "nil", "iota":
			return !dn.isVar(e.Name)
		}
		return dn.isConst(e.Name)
	case *ast.ParenExpr:
		return dn.constant(e.X)
	case *ast.UnaryExpr:
		return e.Op != token.AND && e.Op != token.ARROW && dn.constant(e.X)
	case *ast.BinaryExpr:
		return dn.constant(e.X) && dn.constant(e.Y)
	case *ast.SelectorExpr:
		pkg, ok := e.X.(*ast.Ident)
		return ok && !dn.isVar(pkg.Name) && !dn.isConst(pkg.Name)
	}
	return false
}
