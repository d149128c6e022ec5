package cellsource

import (
	"go/ast"
	"go/token"
	"strconv"
)

// The assignment forms of range and of a select case, which the
// interpreter gets silently wrong: after `for i = range xs` i is unchanged,
// and after `case v = <-c:` so is v (an empty case body panics instead).
// Both become their declaring forms, with the declared variables assigned
// to the learner's at the top of the body, which is what the assignment
// forms do:
//
//	for k, v = range xs { body }   =>  for __rk1, __rv1 := range xs { k, v = __rk1, __rv1; body }
//	case v, ok = <-c: body         =>  case __sv2, __sok2 := <-c: v, ok = __sv2, __sok2; body

// rangeAssign rewrites every range statement of the assignment form.
func rangeAssign(u *Unit) error {
	ast.Inspect(u.Node, func(n ast.Node) bool {
		r, ok := n.(*ast.RangeStmt)
		if !ok || r.Tok != token.ASSIGN || r.Key == nil {
			return true
		}
		u.counter++
		k := u.counter
		lhs, vars := []ast.Expr{r.Key}, []ast.Expr{tempIdent(r.For, "__rk", k)}
		if r.Value != nil {
			lhs, vars = append(lhs, r.Value), append(vars, tempIdent(r.For, "__rv", k))
		}
		assign := &ast.AssignStmt{Lhs: lhs, TokPos: r.TokPos, Tok: token.ASSIGN, Rhs: vars}
		r.Key, r.Tok = vars[0], token.DEFINE
		if r.Value != nil {
			r.Value = vars[1]
		}
		r.Body.List = append([]ast.Stmt{assign}, r.Body.List...)
		return true
	})
	return nil
}

// selectAssign rewrites every select case that receives into variables it
// assigns.
func selectAssign(u *Unit) error {
	ast.Inspect(u.Node, func(n ast.Node) bool {
		cc, ok := n.(*ast.CommClause)
		if !ok {
			return true
		}
		as, ok := cc.Comm.(*ast.AssignStmt)
		if !ok || as.Tok != token.ASSIGN || len(as.Rhs) != 1 || len(as.Lhs) > 2 {
			return true
		}
		if recv, ok := unparen(as.Rhs[0]).(*ast.UnaryExpr); !ok || recv.Op != token.ARROW {
			return true
		}
		u.counter++
		k := u.counter
		vars := []ast.Expr{tempIdent(as.TokPos, "__sv", k)}
		if len(as.Lhs) == 2 {
			vars = append(vars, tempIdent(as.TokPos, "__sok", k))
		}
		assign := &ast.AssignStmt{Lhs: as.Lhs, TokPos: as.TokPos, Tok: token.ASSIGN, Rhs: vars}
		cc.Comm = &ast.AssignStmt{Lhs: vars, TokPos: as.TokPos, Tok: token.DEFINE, Rhs: as.Rhs}
		cc.Body = append([]ast.Stmt{assign}, cc.Body...)
		return true
	})
	return nil
}

// tempIdent is a name a pass introduces: prefix and the chunk's counter.
func tempIdent(pos token.Pos, prefix string, k int) *ast.Ident {
	return &ast.Ident{NamePos: pos, Name: prefix + strconv.Itoa(k)}
}

// parallelAssign splits an assignment of several values, one of them a
// call, which the interpreter gets silently wrong (`w, g = a+1, f(a)`
// leaves w unchanged; `:=` is right): the values go first into variables
// a declaration makes, then to their places, as Go assigns them.
//
//	w, g = a+1, f(a)   =>   { __pa1, __pa2 := a+1, f(a); w, g = __pa1, __pa2 }
func parallelAssign(u *Unit) error {
	replaceStmts(u.Node, func(st ast.Stmt) ast.Stmt {
		as, ok := st.(*ast.AssignStmt)
		if !ok || as.Tok != token.ASSIGN || len(as.Lhs) < 2 || len(as.Lhs) != len(as.Rhs) {
			return st
		}
		calls := false
		for _, r := range as.Rhs {
			_, isCall := unparen(r).(*ast.CallExpr)
			calls = calls || isCall
		}
		if !calls {
			return st
		}
		var temps []ast.Expr
		for range as.Rhs {
			u.counter++
			temps = append(temps, tempIdent(as.TokPos, "__pa", u.counter))
		}
		return &ast.BlockStmt{Lbrace: as.Pos(), List: []ast.Stmt{
			&ast.AssignStmt{Lhs: temps, TokPos: as.TokPos, Tok: token.DEFINE, Rhs: as.Rhs},
			&ast.AssignStmt{Lhs: as.Lhs, TokPos: as.TokPos, Tok: token.ASSIGN, Rhs: temps},
		}, Rbrace: as.End()}
	})
	return nil
}
