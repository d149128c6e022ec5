package session

import (
	"fmt"
	"go/ast"
	"go/token"
	"reflect"

	"github.com/gothreads/gothreads/cellsource"
)

// copiedLocks runs cellsource.CopiedLocks on n, with the structs of
// earlier cells, and writes its findings as warnings at their cell lines.
func (s *Session) copiedLocks(n ast.Node) []string {
	var warnings []string
	for _, d := range cellsource.CopiedLocks(n, s.declaredStruct) {
		warnings = append(warnings, s.warning(d))
	}
	return warnings
}

// warning writes a finding of a check as the session shows it, at its
// cell line: "⚠ cell[3]:5: ...".
func (s *Session) warning(d cellsource.Diagnostic) string {
	p := s.interp.FileSet().Position(d.Pos)
	count, line := cellsource.CellLine(p.Line)
	return fmt.Sprintf("⚠ %s:%d: %s", cellName(count), line, d.Message)
}

// declaredStruct returns the struct type an earlier cell declared as name.
func (s *Session) declaredStruct(name string) *ast.StructType {
	ts, ok := s.index.typeSpec(token.NewFileSet(), name)
	if !ok {
		return nil
	}
	st, _ := ts.Type.(*ast.StructType)
	return st
}

// waitGroups is the kind of sync.WaitGroup values, for addInGoroutine.
var waitGroups = kind{
	typ: func(t ast.Expr) bool {
		if p, ok := t.(*ast.StarExpr); ok {
			t = p.X
		}
		typ, ok := cellsource.SyncType(t)
		return ok && typ == "WaitGroup"
	},
	value: func(e ast.Expr, _ map[string]bool) (bool, bool) {
		isWG := func(t ast.Expr) bool {
			typ, ok := cellsource.SyncType(t)
			return ok && typ == "WaitGroup"
		}
		switch e := e.(type) {
		case *ast.CompositeLit: // sync.WaitGroup{}
			return isWG(e.Type), true
		case *ast.UnaryExpr: // &sync.WaitGroup{}
			lit, ok := e.X.(*ast.CompositeLit)
			return ok && isWG(lit.Type), true
		case *ast.CallExpr: // new(sync.WaitGroup), or something else
			id, ok := e.Fun.(*ast.Ident)
			return ok && id.Name == "new" && len(e.Args) == 1 && isWG(e.Args[0]), true
		}
		return false, false
	},
	global: func(v reflect.Value) bool {
		t := v.Type()
		return t == reflect.TypeFor[WaitGroup]() || t == reflect.TypeFor[*WaitGroup]()
	},
}

// addInGoroutine returns a warning for each go statement in n whose
// function literal calls Add on a WaitGroup of the code that starts it:
// Wait may run before the goroutine has added itself, and return too soon.
// (go vet's waitgroup check, of Go 1.25.)
func (s *Session) addInGoroutine(n ast.Node) []string {
	groups := namesOf(n, waitGroups, s.globals())
	if len(groups) == 0 {
		return nil
	}
	var warnings []string
	ast.Inspect(n, func(n ast.Node) bool {
		g, ok := n.(*ast.GoStmt)
		if !ok {
			return true
		}
		// As go vet, only an Add that opens the goroutine: one further in
		// may count goroutines that this one starts, which is right.
		lit, ok := g.Call.Fun.(*ast.FuncLit)
		if !ok || len(lit.Body.List) == 0 {
			return true
		}
		es, ok := lit.Body.List[0].(*ast.ExprStmt)
		if !ok {
			return true
		}
		call, ok := es.X.(*ast.CallExpr)
		if !ok {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "Add" {
			return true
		}
		if id, ok := sel.X.(*ast.Ident); ok && groups[id.Name] {
			p := s.interp.FileSet().Position(call.Pos())
			count, line := cellsource.CellLine(p.Line)
			warnings = append(warnings, fmt.Sprintf("⚠ %s:%d: %s.Add runs inside the goroutine it counts, so %s.Wait "+
				"may run first and return before the goroutine has started. Call %s.Add(1) before the go statement "+
				"(go vet: \"WaitGroup.Add called from inside new goroutine\").", cellName(count), line, id.Name, id.Name, id.Name))
		}
		return true
	})
	return warnings
}
