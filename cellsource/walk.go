package cellsource

import (
	"go/ast"
	"reflect"
)

// stmtLists returns the statement lists under n, outer before inner.
func stmtLists(n ast.Node) []*[]ast.Stmt {
	var lists []*[]ast.Stmt
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BlockStmt:
			lists = append(lists, &n.List)
		case *ast.CaseClause:
			lists = append(lists, &n.Body)
		case *ast.CommClause:
			lists = append(lists, &n.Body)
		}
		return true
	})
	return lists
}

// replaceStmts calls f on every statement in a statement list or labeled
// statement under n, and puts its result in the statement's place.
func replaceStmts(n ast.Node, f func(ast.Stmt) ast.Stmt) {
	replaceStmtsIn(n, f, true)
}

// replaceStmtsIn is replaceStmts, with the statements of func literals
// under n only when funcLits is set.
func replaceStmtsIn(n ast.Node, f func(ast.Stmt) ast.Stmt, funcLits bool) {
	list := func(l []ast.Stmt) {
		for i := range l {
			l[i] = f(l[i])
		}
	}
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return funcLits
		case *ast.BlockStmt:
			list(n.List)
		case *ast.CaseClause:
			list(n.Body)
		case *ast.CommClause:
			list(n.Body)
		case *ast.LabeledStmt:
			n.Stmt = f(n.Stmt)
		}
		return true
	})
}

// replaceExprs calls f on every expression under n, outer before inner,
// and puts its result in the expression's place; what f returns is not
// walked again.
func replaceExprs(n ast.Node, f func(ast.Expr) ast.Expr) {
	exprType := reflect.TypeFor[ast.Expr]()
	ast.Inspect(n, func(n ast.Node) bool {
		if n == nil {
			return false
		}
		v := reflect.ValueOf(n)
		if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
			return true
		}
		v = v.Elem()
		for i := range v.NumField() {
			fv := v.Field(i)
			switch {
			case fv.Type() == exprType && !fv.IsNil():
				if r := f(fv.Interface().(ast.Expr)); r != fv.Interface() {
					fv.Set(reflect.ValueOf(r))
				}
			case fv.Kind() == reflect.Slice && fv.Type().Elem() == exprType:
				for j := range fv.Len() {
					if e := fv.Index(j); !e.IsNil() {
						if r := f(e.Interface().(ast.Expr)); r != e.Interface() {
							e.Set(reflect.ValueOf(r))
						}
					}
				}
			}
		}
		return true
	})
}
