package cellsource

import (
	"fmt"
	"go/ast"
	"go/token"
	"slices"
)

// perIterationFor gives each iteration of a three-clause loop its own copy
// of the loop variables, as Go 1.22 does and yaegi does not:
//
//	for i := 0; i < n; i++ { body }
//	for __it_i := 0; __it_i < n; __it_i++ { i := __it_i; body }
//
// That is only done when a closure in the body refers to a loop variable
// and the body never assigns to one (the copy would hide the assignment
// from the loop's post statement). A plain `i := i` would do in Go, but
// yaegi resolves its right side to the new variable.
func perIterationFor(f *ast.ForStmt) {
	init, ok := f.Init.(*ast.AssignStmt)
	if !ok || init.Tok != token.DEFINE {
		return
	}
	var names []string
	for _, l := range init.Lhs {
		if id, ok := l.(*ast.Ident); ok && id.Name != "_" {
			names = append(names, id.Name)
		}
	}
	names = capturedNames(f.Body, names)
	if len(names) == 0 || assignsTo(f.Body, names) {
		return
	}
	for _, n := range []ast.Node{f.Init, f.Cond, f.Post} {
		if n != nil {
			rename(n, names)
		}
	}
	copyIn(f.Body, names)
}

// perIterationRange does the same for range loops, where assignments in
// the body do not affect the iteration, so the copy is always right.
func perIterationRange(r *ast.RangeStmt) {
	if r.Tok != token.DEFINE {
		return
	}
	var names []string
	for _, e := range []ast.Expr{r.Key, r.Value} {
		if id, ok := e.(*ast.Ident); ok && id.Name != "_" {
			names = append(names, id.Name)
		}
	}
	if names = capturedNames(r.Body, names); len(names) > 0 {
		for _, e := range []ast.Expr{r.Key, r.Value} {
			if e != nil {
				rename(e, names)
			}
		}
		copyIn(r.Body, names)
	}
}

// rename prefixes every mention of names under n with "__it_" (a prefix
// no other pass gives its names: range-int has __n1, and a loop variable
// n1 must not become that).
func rename(n ast.Node, names []string) {
	ast.Inspect(n, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && slices.Contains(names, id.Name) {
			id.Name = iterPrefix + id.Name
		}
		return true
	})
}

// capturedNames returns those of names that a function literal in body
// mentions.
func capturedNames(body *ast.BlockStmt, names []string) []string {
	want := map[string]bool{}
	for _, n := range names {
		want[n] = true
	}
	found := map[string]bool{}
	ast.Inspect(body, func(n ast.Node) bool {
		if lit, ok := n.(*ast.FuncLit); ok {
			ast.Inspect(lit.Body, func(n ast.Node) bool {
				if id, ok := n.(*ast.Ident); ok && want[id.Name] {
					found[id.Name] = true
				}
				return true
			})
			return false
		}
		return true
	})
	var out []string
	for _, n := range names {
		if found[n] {
			out = append(out, n)
		}
	}
	return out
}

// assignsTo reports whether body assigns to, increments or takes the
// address of one of names.
func assignsTo(body *ast.BlockStmt, names []string) bool {
	is := func(e ast.Expr) bool {
		id, ok := e.(*ast.Ident)
		return ok && slices.Contains(names, id.Name)
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if n.Tok != token.DEFINE {
				found = found || slices.ContainsFunc(n.Lhs, is)
			}
		case *ast.IncDecStmt:
			found = found || is(n.X)
		case *ast.UnaryExpr:
			found = found || n.Op == token.AND && is(n.X)
		}
		return !found
	})
	return found
}

// copyIn declares `n := __n` for each name at the top of body.
func copyIn(body *ast.BlockStmt, names []string) {
	var lhs, rhs []ast.Expr
	for _, n := range names {
		lhs = append(lhs, &ast.Ident{NamePos: body.Lbrace, Name: n})
		rhs = append(rhs, &ast.Ident{NamePos: body.Lbrace, Name: iterPrefix + n})
	}
	decl := &ast.AssignStmt{Lhs: lhs, TokPos: body.Lbrace, Tok: token.DEFINE, Rhs: rhs}
	body.List = append([]ast.Stmt{decl}, body.List...)
}

// rangeInt turns `for i := range n` (Go 1.22), which yaegi cannot compile,
// into a three-clause loop. When n has no side effects the counter gets its
// type, as in Go: `for i, __n := n-n, n; i < __n; i++`. Otherwise n is
// evaluated once as an int.
func rangeInt(r *ast.RangeStmt, k int) ast.Stmt {
	pos := r.For
	ident := func(name string) *ast.Ident { return &ast.Ident{NamePos: pos, Name: name} }
	counter := fmt.Sprintf("__i%d", k)
	if id, ok := r.Key.(*ast.Ident); ok && r.Tok == token.DEFINE && id.Name != "_" {
		counter = id.Name
	}
	limit := fmt.Sprintf("__n%d", k)
	start, end := ast.Expr(&ast.BasicLit{ValuePos: pos, Kind: token.INT, Value: "0"}), r.X
	if pure(r.X) {
		start = &ast.BinaryExpr{X: r.X, OpPos: pos, Op: token.SUB, Y: r.X}
	} else {
		end = &ast.CallExpr{Fun: ident("int"), Lparen: pos, Args: []ast.Expr{r.X}, Rparen: pos}
	}
	return &ast.ForStmt{
		For:  pos,
		Init: &ast.AssignStmt{Lhs: []ast.Expr{ident(counter), ident(limit)}, TokPos: pos, Tok: token.DEFINE, Rhs: []ast.Expr{start, end}},
		Cond: &ast.BinaryExpr{X: ident(counter), OpPos: pos, Op: token.LSS, Y: ident(limit)},
		Post: &ast.IncDecStmt{X: ident(counter), TokPos: pos, Tok: token.INC},
		Body: r.Body,
	}
}

// pure reports whether evaluating x twice is the same as once.
func pure(x ast.Expr) bool {
	switch x := x.(type) {
	case *ast.Ident, *ast.BasicLit:
		return true
	case *ast.SelectorExpr:
		return pure(x.X)
	case *ast.ParenExpr:
		return pure(x.X)
	case *ast.BinaryExpr:
		return pure(x.X) && pure(x.Y)
	case *ast.CallExpr:
		id, ok := x.Fun.(*ast.Ident)
		return ok && (id.Name == "len" || id.Name == "cap") && len(x.Args) == 1 && pure(x.Args[0])
	}
	return false
}

// rangeByIndex turns a range over a slice of channels into a counting
// loop over a copy of it (the range expression is evaluated once, as in
// Go; a loop statement, not a block, so that a label still names it):
//
//	for i, c := range cs { body }
//	for __k7_1, __x7_1 := 0, cs; __k7_1 < len(__x7_1); __k7_1++ { i := __k7_1; c := __x7_1[__k7_1]; body }
func rangeByIndex(r *ast.RangeStmt, fset *token.FileSet) ast.Stmt {
	if r.Value == nil {
		return r // only the index: yaegi manages
	}
	p := fset.Position(r.For)
	pos := r.For
	ident := func(name string) *ast.Ident { return &ast.Ident{NamePos: pos, Name: name} }
	k, x := fmt.Sprintf("__k%d_%d", p.Line, p.Column), fmt.Sprintf("__x%d_%d", p.Line, p.Column)
	tok := r.Tok
	if tok == token.ILLEGAL {
		tok = token.DEFINE
	}
	var pre []ast.Stmt
	if id, ok := r.Key.(*ast.Ident); r.Key != nil && (!ok || id.Name != "_") {
		pre = append(pre, &ast.AssignStmt{Lhs: []ast.Expr{r.Key}, TokPos: pos, Tok: tok, Rhs: []ast.Expr{ident(k)}})
	}
	if id, ok := r.Value.(*ast.Ident); !ok || id.Name != "_" {
		elem := &ast.IndexExpr{X: ident(x), Lbrack: pos, Index: ident(k), Rbrack: pos}
		pre = append(pre, &ast.AssignStmt{Lhs: []ast.Expr{r.Value}, TokPos: pos, Tok: tok, Rhs: []ast.Expr{elem}})
	}
	r.Body.List = append(pre, r.Body.List...)
	return &ast.ForStmt{
		For:  pos,
		Init: &ast.AssignStmt{Lhs: []ast.Expr{ident(k), ident(x)}, TokPos: pos, Tok: token.DEFINE, Rhs: []ast.Expr{&ast.BasicLit{ValuePos: pos, Kind: token.INT, Value: "0"}, r.X}},
		Cond: &ast.BinaryExpr{X: ident(k), OpPos: pos, Op: token.LSS, Y: &ast.CallExpr{Fun: ident("len"), Lparen: pos, Args: []ast.Expr{ident(x)}, Rparen: pos}},
		Post: &ast.IncDecStmt{X: ident(k), TokPos: pos, Tok: token.INC},
		Body: r.Body,
	}
}

// iterPrefix starts the names of the per-iteration copies' originals.
const iterPrefix = "__it_"
