package cellsource

import "go/ast"

// rewriteStmts adapts a cell's top-level statements to what yaegi can run.
// yaegi compiles variables declared inside a compound statement at the top
// level badly (`if v, ok := m[k]; ok` fails with "nil type", a block's
// `v, err := f()` crashes the compiler, a type switch too), while the same
// statements inside a function work. So each top-level compound statement
// becomes a function literal called on the spot. Its own variables were
// local to it anyway, and the cell's variables are globals the literal
// sees.
func rewriteStmts(body *ast.BlockStmt) {
	for i, st := range body.List {
		switch st.(type) {
		case *ast.IfStmt, *ast.ForStmt, *ast.RangeStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt,
			*ast.SelectStmt, *ast.BlockStmt, *ast.LabeledStmt:
			body.List[i] = &ast.ExprStmt{X: &ast.CallExpr{
				Fun: &ast.FuncLit{
					Type: &ast.FuncType{Func: st.Pos(), Params: &ast.FieldList{}},
					Body: &ast.BlockStmt{Lbrace: st.Pos(), List: []ast.Stmt{st}, Rbrace: st.End()},
				},
				Lparen: st.End(),
				Rparen: st.End(),
			}}
		}
	}
}
