package session

import (
	"fmt"
	"go/ast"
)

// renameMain renames a cell's func main so that it runs once, when the
// session calls it, instead of on every later cell: yaegi runs a package's
// main after compiling anything once main exists. It returns the new names.
func renameMain(f *ast.File, count int) []string {
	var names []string
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Recv != nil || fd.Name.Name != "main" {
			continue
		}
		fd.Name.Name = fmt.Sprintf("__main_cell%d", count)
		names = append(names, fd.Name.Name)
	}
	return names
}

// rewriteStmts adapts a cell's top-level statements to what yaegi can run.
// A type switch at the top level crashes yaegi's compiler, while the same
// switch inside a function works: wrap it in a function literal called on
// the spot.
func rewriteStmts(body *ast.BlockStmt) {
	for i, st := range body.List {
		if ts, ok := st.(*ast.TypeSwitchStmt); ok {
			body.List[i] = &ast.ExprStmt{X: &ast.CallExpr{
				Fun: &ast.FuncLit{
					Type: &ast.FuncType{Func: ts.Pos(), Params: &ast.FieldList{}},
					Body: &ast.BlockStmt{Lbrace: ts.Pos(), List: []ast.Stmt{ts}, Rbrace: ts.End()},
				},
				Lparen: ts.End(),
				Rparen: ts.End(),
			}}
		}
	}
}
