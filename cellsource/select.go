package cellsource

import (
	"fmt"
	"go/ast"
	"go/token"
	"slices"
	"strconv"
)

// selectBranches takes the branch statements out of select statements,
// where yaegi gets them wrong: `continue` leaves the loop, `break` nested in
// an if leaves the loop instead of the select, and `break L` out of
// `for {}` breaks only the select, so the loop spins forever. A branch in a
// select case instead sets a flag and the rest of the case is skipped; right
// after the select, the flag takes the branch:
//
//	select { case v := <-ch: if v < 0 { continue }; use(v) }
//	__sel7_2 := 0
//	select { case v := <-ch: if v < 0 { __sel7_2 = 1 }; if __sel7_2 == 0 { use(v) } }
//	if __sel7_2 == 1 { continue }
//
// Branches inside a loop, switch or select nested in the case are left
// alone (a break there does not concern this select), and so are selects
// with gotos or labels (see hasGotoOrLabel).
func selectBranches(n ast.Node, fset *token.FileSet) {
	// Inner selects first: the branches placed after them may belong to an
	// outer select's case.
	for _, l := range slices.Backward(stmtLists(n)) {
		var out []ast.Stmt
		for _, st := range *l {
			sel, ok := st.(*ast.SelectStmt)
			if !ok || hasGotoOrLabel(sel) {
				// Guarding the rest of a case in a block would put labels
				// out of the reach of their gotos: such selects stay as
				// they are.
				out = append(out, st)
				continue
			}
			p := fset.Position(sel.Select)
			e := &escaper{flag: fmt.Sprintf("__sel%d_%d", p.Line, p.Column), pos: sel.Select}
			used := false
			for _, c := range sel.Body.List {
				cc := c.(*ast.CommClause)
				var u bool
				cc.Body, u = e.list(cc.Body)
				used = used || u
			}
			if !used {
				out = append(out, st)
				continue
			}
			out = append(out, &ast.AssignStmt{Lhs: []ast.Expr{e.ident()}, TokPos: e.pos, Tok: token.DEFINE,
				Rhs: []ast.Expr{e.value(0)}}, st)
			for k, b := range e.taken {
				out = append(out, &ast.IfStmt{If: e.pos, Cond: e.is(k + 1), Body: &ast.BlockStmt{Lbrace: e.pos, List: []ast.Stmt{b}, Rbrace: e.pos}})
			}
		}
		*l = out
	}
}

// hasGotoOrLabel reports whether n holds a goto or a labeled statement
// outside func literals.
func hasGotoOrLabel(n ast.Node) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.LabeledStmt:
			found = true
		case *ast.BranchStmt:
			found = found || n.Tok == token.GOTO
		}
		return !found
	})
	return found
}

// escaper rewrites the branches of one select statement's cases.
type escaper struct {
	flag  string
	pos   token.Pos
	taken []*ast.BranchStmt // to take after the select when the flag is its index+1
}

func (e *escaper) ident() *ast.Ident { return &ast.Ident{NamePos: e.pos, Name: e.flag} }

func (e *escaper) value(k int) ast.Expr {
	if k < 0 {
		return &ast.UnaryExpr{OpPos: e.pos, Op: token.SUB, X: e.value(-k)}
	}
	return &ast.BasicLit{ValuePos: e.pos, Kind: token.INT, Value: strconv.Itoa(k)}
}

func (e *escaper) is(k int) ast.Expr {
	return &ast.BinaryExpr{X: e.ident(), OpPos: e.pos, Op: token.EQL, Y: e.value(k)}
}

// list rewrites a statement list of a case; it reports whether a branch
// was found, after which the rest of the list runs only if the flag is 0.
func (e *escaper) list(stmts []ast.Stmt) ([]ast.Stmt, bool) {
	for i, st := range stmts {
		var used bool
		if b, ok := st.(*ast.BranchStmt); ok && (b.Tok == token.BREAK || b.Tok == token.CONTINUE) {
			// What follows never runs; it stays, guarded, so that the
			// variables it uses stay used.
			stmts[i], used = &ast.AssignStmt{Lhs: []ast.Expr{e.ident()}, TokPos: b.TokPos, Tok: token.ASSIGN, Rhs: []ast.Expr{e.value(e.code(b))}}, true
		} else {
			stmts[i], used = e.stmt(st)
		}
		if used {
			rest, _ := e.list(slices.Clone(stmts[i+1:])) // a copy: stmts[i+1] becomes the guard
			if len(rest) == 0 {
				return stmts[:i+1], true
			}
			return append(stmts[:i+1], &ast.IfStmt{If: e.pos, Cond: e.is(0), Body: &ast.BlockStmt{Lbrace: e.pos, List: rest, Rbrace: e.pos}}), true
		}
	}
	return stmts, false
}

// stmt rewrites the blocks of an if or block statement.
func (e *escaper) stmt(st ast.Stmt) (ast.Stmt, bool) {
	switch st := st.(type) {
	case *ast.BlockStmt:
		var used bool
		st.List, used = e.list(st.List)
		return st, used
	case *ast.IfStmt:
		var used, u bool
		st.Body.List, used = e.list(st.Body.List)
		if st.Else != nil {
			st.Else, u = e.stmt(st.Else)
		}
		return st, used || u
	}
	return st, false
}

// code is the flag value for branch b: -1 for a break of the select itself,
// which needs nothing after it, else the index+1 of b in e.taken.
func (e *escaper) code(b *ast.BranchStmt) int {
	if b.Tok == token.BREAK && b.Label == nil {
		return -1
	}
	for k, t := range e.taken {
		if t.Tok == b.Tok && (t.Label == nil) == (b.Label == nil) && (t.Label == nil || t.Label.Name == b.Label.Name) {
			return k + 1
		}
	}
	e.taken = append(e.taken, &ast.BranchStmt{TokPos: e.pos, Tok: b.Tok, Label: b.Label})
	return len(e.taken)
}

// unparenReceive returns (<-c) as <-c, and anything else as it is.
func unparenReceive(e ast.Expr) ast.Expr {
	if u, ok := unparen(e).(*ast.UnaryExpr); ok && u.Op == token.ARROW {
		return u
	}
	return e
}

// hoistCommaOk evaluates, before the select, the channel of each receive
// case whose channel is not a plain name, as Go evaluates the channels
// when the select is entered: yaegi never fires a comma-ok case on such a
// channel (the select hangs), and fails to compile a receive from an
// element of a pointer to an array.
//
//	select { case v, ok := <-s.ch: ... }
//	{ __ch1 := s.ch; select { case v, ok := <-__ch1: ... } }
func hoistCommaOk(sel *ast.SelectStmt, counter *int) ast.Stmt {
	var pre []ast.Stmt
	for _, c := range sel.Body.List {
		cc, ok := c.(*ast.CommClause)
		if !ok {
			continue
		}
		var recv *ast.UnaryExpr
		switch c := cc.Comm.(type) {
		case *ast.AssignStmt: // v, ok := <-x.ch, and v = <-(*p)[0]
			if len(c.Rhs) == 1 {
				recv, _ = c.Rhs[0].(*ast.UnaryExpr)
			}
		case *ast.ExprStmt:
			recv, _ = c.X.(*ast.UnaryExpr)
		}
		if recv == nil || recv.Op != token.ARROW {
			continue
		}
		if _, plain := recv.X.(*ast.Ident); plain {
			continue
		}
		*counter++
		name := &ast.Ident{NamePos: recv.OpPos, Name: fmt.Sprintf("__ch%d", *counter)}
		pre = append(pre, &ast.AssignStmt{Lhs: []ast.Expr{name}, TokPos: recv.OpPos, Tok: token.DEFINE, Rhs: []ast.Expr{recv.X}})
		recv.X = &ast.Ident{NamePos: recv.OpPos, Name: name.Name}
	}
	if len(pre) == 0 {
		return sel
	}
	return &ast.BlockStmt{Lbrace: sel.Select, List: append(pre, sel), Rbrace: sel.End()}
}

// parenReceives puts a receive whose value is stored (returned, assigned,
// declared, sent on) in parentheses: `return <-c`, `v := <-c` and
// `v = <-c`. yaegi stores such a receive's value in a slot it cannot set
// again, so that the return panics, and so does the next assignment to v
// ("reflect.Value.Set using unaddressable value"); a parenthesised receive
// is copied first. Comma-ok receives (`v, ok := <-c`) and select cases
// work as they are and are left alone.
func parenReceives(n ast.Node) {
	wrap := func(es []ast.Expr) {
		for i, e := range es {
			if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.ARROW {
				es[i] = &ast.ParenExpr{Lparen: u.Pos(), X: u, Rparen: u.End()}
			}
		}
	}
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CommClause: // case v := <-c: is a receive statement
			// ...which the interpreter knows only without parentheses:
			// case x, ok := (<-c): was "unsupported assign expression".
			switch c := n.Comm.(type) {
			case *ast.AssignStmt:
				if len(c.Rhs) == 1 {
					c.Rhs[0] = unparenReceive(c.Rhs[0])
				}
			case *ast.ExprStmt:
				c.X = unparenReceive(c.X)
			}
			for _, st := range n.Body {
				parenReceives(st)
			}
			return false
		case *ast.ReturnStmt:
			wrap(n.Results)
		case *ast.AssignStmt:
			if len(n.Lhs) == len(n.Rhs) {
				wrap(n.Rhs)
			}
		case *ast.ValueSpec:
			if len(n.Names) == len(n.Values) {
				wrap(n.Values)
			}
		case *ast.SendStmt:
			v := []ast.Expr{n.Value}
			wrap(v)
			n.Value = v[0]
		}
		return true
	})
}
