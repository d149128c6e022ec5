package cellsource

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
)

// A switch on an interface value with cases of other types (switch v {
// case "x": } with v an any) compares each case, converted to the
// interface, with the value. The interpreter converts the value to the
// case's type instead, and panics in reflect when it holds something else
// (value of type interface {} cannot be converted to type string). Pass
// interface-switch writes the comparisons out, in a switch without a tag:
//
//	switch init; v { case a, b: ... }
//	=>
//	{ init; switch __tag1 := v; { case __tag1 == a, __tag1 == b: ... } }
//
// which runs the cases in their order, with fallthrough and break as they
// were.

func interfaceSwitches(u *Unit) error {
	if u.Info == nil {
		return nil
	}
	replaceStmts(u.Node, func(st ast.Stmt) ast.Stmt {
		var label *ast.Ident
		sw, ok := st.(*ast.SwitchStmt)
		if ls, isLabeled := st.(*ast.LabeledStmt); isLabeled {
			sw, ok = ls.Stmt.(*ast.SwitchStmt)
			label = ls.Label
		}
		if !ok || !u.switchesOnInterface(sw) {
			return st
		}
		u.counter++
		pos := sw.Switch
		tag := &ast.Ident{NamePos: pos, Name: "__tag" + strconv.Itoa(u.counter)}
		for _, c := range sw.Body.List {
			cc := c.(*ast.CaseClause)
			for i, e := range cc.List {
				cc.List[i] = &ast.BinaryExpr{X: &ast.Ident{NamePos: e.Pos(), Name: tag.Name}, OpPos: e.Pos(), Op: token.EQL, Y: e}
			}
		}
		init := sw.Init
		sw.Init = &ast.AssignStmt{Lhs: []ast.Expr{tag}, TokPos: pos, Tok: token.DEFINE, Rhs: []ast.Expr{sw.Tag}}
		sw.Tag = nil
		var out ast.Stmt = sw
		if label != nil {
			out = &ast.LabeledStmt{Label: label, Colon: label.End(), Stmt: sw}
		}
		if init == nil {
			return out
		}
		return &ast.BlockStmt{Lbrace: pos, List: []ast.Stmt{init, out}, Rbrace: sw.End()}
	})
	return nil
}

// switchesOnInterface reports whether sw's tag is an interface value and
// a case is of another type (not nil).
func (u *Unit) switchesOnInterface(sw *ast.SwitchStmt) bool {
	if sw.Tag == nil {
		return false
	}
	t := u.TypeOf(sw.Tag)
	if t == nil || !types.IsInterface(t) {
		return false
	}
	for _, c := range sw.Body.List {
		for _, e := range c.(*ast.CaseClause).List {
			ct := u.TypeOf(e)
			if ct == nil {
				return false // no facts: left as it is
			}
			if b, ok := ct.(*types.Basic); ok && b.Kind() == types.UntypedNil {
				continue
			}
			if !types.IsInterface(ct) {
				return true
			}
		}
	}
	return false
}

// A switch without a tag whose case lists several conditions (case x ==
// 1, x == 2:) runs none of them in the interpreter, silently. Pass
// case-lists joins them with ||, which evaluates them in the same order
// and stops at the first that holds, as the case does.
func caseLists(u *Unit) error {
	inspect(u.Node, func(n ast.Node) {
		sw, ok := n.(*ast.SwitchStmt)
		if !ok || sw.Tag != nil {
			return
		}
		for _, c := range sw.Body.List {
			cc := c.(*ast.CaseClause)
			if len(cc.List) < 2 {
				continue
			}
			var or ast.Expr = paren(cc.List[0])
			for _, e := range cc.List[1:] {
				or = &ast.BinaryExpr{X: or, OpPos: e.Pos(), Op: token.LOR, Y: paren(e)}
			}
			cc.List = []ast.Expr{or}
		}
	})
	return nil
}

func paren(e ast.Expr) ast.Expr {
	return &ast.ParenExpr{Lparen: e.Pos(), X: e, Rparen: e.End()}
}
