package session

import (
	"context"
	"fmt"
	"go/ast"
	"go/scanner"
	"go/token"
	"reflect"
	"strings"

	"github.com/gothreads/gothreads/evaluator"
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
//		__df, __da0, __da1 := report, name, time.Now()
//		return func() { __df(__da0, __da1) }
//	}())
//
// Builtins, selectors (fmt.Println, wg.Done) and constants are left in
// place: builtins are not values, and a constant bound to a variable would
// take its default type.

// rewriteDefers rewrites the defer statements of a cell's top-level code,
// not those of the functions it declares. A deferred call that recovers is
// refused: nothing can stop a cell's panic from outside the cell.
func (s *Session) rewriteDefers(body *ast.BlockStmt) error {
	if !hasDefer(body) {
		return nil
	}
	names := deferNames{globals: s.globals(), local: declaredNames(body), consts: map[string]bool{}}
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
	names.isConst = func(name string) bool {
		src, ok := s.index.lookup(name)
		return names.consts[name] || ok && strings.HasPrefix(src, "const ")
	}
	var err error
	replaceStmtsIn(body, func(st ast.Stmt) ast.Stmt {
		d, ok := st.(*ast.DeferStmt)
		if !ok || err != nil {
			return st
		}
		if recovers(d.Call) {
			err = scanner.ErrorList{{Pos: s.interp.FileSet().Position(d.Defer),
				Msg: "a deferred call at the top level of a cell cannot recover the cell's panic: put the code " +
					"in a function (func run() { defer func() { recover() }(); ... }) and call it"}}
			return st
		}
		return names.deferCall(d)
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
		}
		return true
	})
	return names
}

// recovers reports whether a deferred call is recover() or a func literal
// that calls it.
func recovers(call *ast.CallExpr) bool {
	found := false
	ast.Inspect(call, func(n ast.Node) bool {
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
	globals map[string]reflect.Value // the session's variables
	local   map[string]bool          // names the chunk declares
	consts  map[string]bool          // constants the chunk declares
	isConst func(string) bool
}

func (dn deferNames) isVar(name string) bool {
	_, global := dn.globals[name]
	return global || dn.local[name]
}

// deferCall is the statement that registers d's call with __rt.Defer.
func (dn deferNames) deferCall(d *ast.DeferStmt) ast.Stmt {
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
		return register(madeApart(lit))
	}
	var names, values []ast.Expr
	hoist := func(e ast.Expr, name string) ast.Expr {
		names = append(names, ident(name))
		values = append(values, e)
		return ident(name)
	}
	later := &ast.CallExpr{Fun: call.Fun, Lparen: call.Lparen, Ellipsis: call.Ellipsis, Rparen: call.Rparen}
	switch fn := call.Fun.(type) {
	case *ast.Ident:
		if !isBuiltinFunc(fn.Name) {
			later.Fun = hoist(fn, "__df")
		}
	case *ast.SelectorExpr:
	default:
		later.Fun = hoist(fn, "__df")
	}
	for i, a := range call.Args {
		if dn.constant(a) {
			later.Args = append(later.Args, a)
			continue
		}
		later.Args = append(later.Args, hoist(a, fmt.Sprintf("__da%d", i)))
	}
	closure := &ast.FuncLit{
		Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{}},
		Body: &ast.BlockStmt{Lbrace: pos, List: []ast.Stmt{&ast.ExprStmt{X: later}}, Rbrace: d.Call.Rparen},
	}
	lit := madeApart(closure)
	if len(names) > 0 {
		// The values are bound in the frame that makes the closure: one
		// frame per defer statement run, where a block's variables would
		// share one slot in yaegi across a loop's iterations.
		body := lit.(*ast.CallExpr).Fun.(*ast.FuncLit).Body
		body.List = append([]ast.Stmt{&ast.AssignStmt{Lhs: names, TokPos: pos, Tok: token.DEFINE, Rhs: values}}, body.List...)
	}
	return register(lit)
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

// deferred is the Defer helper of rewritten cells: it keeps f to run when
// the running cell ends.
func (s *Session) deferred(f func()) {
	s.mu.Lock()
	s.defers = append(s.defers, f)
	s.mu.Unlock()
}

// callDeferred is the CallDeferred helper: it makes the call runDefers
// has set up. Calls go through the interpreter one at a time, so that each
// can be interrupted, and a panic in one neither keeps the others from
// running (as yaegi's own defer would) nor escapes the session.
func (s *Session) callDeferred() {
	s.mu.Lock()
	f := s.calling
	s.mu.Unlock()
	f()
}

// runDefers runs the calls the running cell deferred, last first, and
// returns their errors. The calls of an interrupted cell cannot run: yaegi
// ends everything that the interrupted run created, closures included, and
// a deferred call is a closure. That is said as the error's last line.
func (s *Session) runDefers(ctx context.Context) []error {
	s.mu.Lock()
	fs := s.defers
	s.defers = nil
	s.mu.Unlock()
	if len(fs) == 0 {
		return nil
	}
	if ctx.Err() != nil {
		return []error{errDefersLost{n: len(fs)}}
	}
	body, err := s.parseBody("package main\nfunc main() {\n__rt.CallDeferred()\n}")
	if err != nil {
		return []error{err}
	}
	prog, err := s.compile(body)
	if err != nil {
		return []error{err}
	}
	var errs []error
	for i := len(fs) - 1; i >= 0; i-- {
		s.mu.Lock()
		s.calling = fs[i]
		s.mu.Unlock()
		if err := s.exec(ctx, prog); err != nil {
			errs = append(errs, err)
		}
	}
	return errs
}

// errDefersLost says that an interrupted cell's deferred calls did not run.
type errDefersLost struct{ n int }

func (e errDefersLost) Error() string {
	calls := "call"
	if e.n > 1 {
		calls = "calls"
	}
	return fmt.Sprintf("the cell's %d deferred %s did not run: the interpreter stops everything an interrupted cell started", e.n, calls)
}

// alsoFailed adds the error of a deferred call to the cell's error, if
// there is one, as Go lists each panic of a goroutine in the order they
// happened.
func (s *Session) alsoFailed(cell, deferred *evaluator.Error) *evaluator.Error {
	if cell == nil {
		return deferred
	}
	cell.Traceback = append(append(cell.Traceback, "", "and then, in a deferred call:"), deferred.Traceback...)
	return cell
}
