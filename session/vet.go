package session

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"strings"
)

// Locks passed by value. A function that takes a sync.WaitGroup or a
// sync.Mutex by value gets a copy: the WaitGroup's Done never reaches the
// caller's, and the mutex protects nothing. Go compiles it, and go vet
// reports it ("passes lock by value"); a learner running cells never runs
// vet, and sees a hang or a "negative WaitGroup counter" instead. So the
// session warns before the cell runs, and the cell runs as written.

// lockTypes are the sync types that must not be copied after first use.
var lockTypes = map[string]bool{"WaitGroup": true, "Mutex": true, "RWMutex": true, "Cond": true, "Once": true}

// copiedLocks returns a warning for each function in n, declared or
// literal, that takes a lock by value or has a value receiver whose type
// holds a lock.
func (s *Session) copiedLocks(n ast.Node) []string {
	structs := map[string]*ast.StructType{}
	ast.Inspect(n, func(n ast.Node) bool {
		if ts, ok := n.(*ast.TypeSpec); ok {
			if st, ok := ts.Type.(*ast.StructType); ok {
				structs[ts.Name.Name] = st
			}
		}
		return true
	})
	var warnings []string
	warn := func(pos token.Pos, format string, args ...any) {
		p := s.interp.FileSet().Position(pos)
		count, line := cellLine(p.Line)
		warnings = append(warnings, fmt.Sprintf("⚠ %s:%d: ", cellName(count), line)+fmt.Sprintf(format, args...))
	}
	params := func(name string, ft *ast.FuncType) {
		if ft.Params == nil {
			return
		}
		for _, f := range ft.Params.List {
			typ, ok := syncType(f.Type)
			if !ok || len(f.Names) == 0 {
				continue
			}
			p := f.Names[0].Name
			advice := "its Done never reaches the caller's WaitGroup, whose Wait then waits for ever"
			if typ != "WaitGroup" {
				advice = "locking the copy keeps no other goroutine out"
			}
			warn(f.Pos(), "%s takes the sync.%s %s by value, so it gets a copy: %s. Take a pointer, %s *sync.%s, "+
				"and pass &%s (go vet calls this \"passes lock by value\").", name, typ, p, advice, p, typ, p)
		}
	}
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncDecl:
			params(n.Name.Name, n.Type)
			if n.Recv == nil || len(n.Recv.List) == 0 {
				break
			}
			recv := n.Recv.List[0]
			id, ok := recv.Type.(*ast.Ident) // a value receiver: T, not *T
			if !ok {
				break
			}
			st := structs[id.Name]
			if st == nil {
				st = s.declaredStruct(id.Name)
			}
			if field, typ, ok := lockField(st); ok {
				r := "t"
				if len(recv.Names) > 0 {
					r = recv.Names[0].Name
				}
				lock := "embedded sync." + typ
				if field != typ {
					lock = "sync." + typ + " " + field
				}
				warn(n.Pos(), "the method %s has a value receiver, so it works on a copy of %s, its %s included: "+
					"locking the copy keeps no other goroutine out. Use a pointer receiver: func (%s *%s) %s(...).",
					n.Name.Name, id.Name, lock, r, id.Name, n.Name.Name)
			}
		case *ast.FuncLit:
			params("a func literal", n.Type)
		}
		return true
	})
	return warnings
}

// syncType returns the name of the sync lock type t is written as,
// sync.WaitGroup, but not *sync.WaitGroup.
func syncType(t ast.Expr) (string, bool) {
	sel, ok := t.(*ast.SelectorExpr)
	if !ok {
		return "", false
	}
	pkg, ok := sel.X.(*ast.Ident)
	if !ok || pkg.Name != "sync" || !lockTypes[sel.Sel.Name] {
		return "", false
	}
	return sel.Sel.Name, true
}

// lockField returns a field of st that is a sync lock, by value.
func lockField(st *ast.StructType) (field, typ string, ok bool) {
	if st == nil {
		return "", "", false
	}
	for _, f := range st.Fields.List {
		if typ, ok := syncType(f.Type); ok {
			name := typ // embedded
			if len(f.Names) > 0 {
				name = f.Names[0].Name
			}
			return name, typ, true
		}
	}
	return "", "", false
}

// declaredStruct returns the struct type an earlier cell declared as name.
func (s *Session) declaredStruct(name string) *ast.StructType {
	src, ok := s.index.lookup(name)
	if !ok || !strings.HasPrefix(src, "type ") {
		return nil
	}
	f, err := parser.ParseFile(token.NewFileSet(), "", "package p\n"+src, parser.SkipObjectResolution)
	if err != nil || len(f.Decls) != 1 {
		return nil
	}
	gd, ok := f.Decls[0].(*ast.GenDecl)
	if !ok || len(gd.Specs) != 1 {
		return nil
	}
	ts, ok := gd.Specs[0].(*ast.TypeSpec)
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
		typ, ok := syncType(t)
		return ok && typ == "WaitGroup"
	},
	value: func(e ast.Expr, _ map[string]bool) (bool, bool) {
		if lit, ok := e.(*ast.CompositeLit); ok {
			typ, isSync := syncType(lit.Type)
			return isSync && typ == "WaitGroup", true
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
		lit, ok := g.Call.Fun.(*ast.FuncLit)
		if !ok {
			return true
		}
		ast.Inspect(lit.Body, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				_, nested := n.(*ast.FuncLit)
				return !nested
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || sel.Sel.Name != "Add" {
				return true
			}
			if id, ok := sel.X.(*ast.Ident); ok && groups[id.Name] {
				p := s.interp.FileSet().Position(call.Pos())
				count, line := cellLine(p.Line)
				warnings = append(warnings, fmt.Sprintf("⚠ %s:%d: %s.Add runs inside the goroutine it counts, so %s.Wait "+
					"may run first and return before the goroutine has started. Call %s.Add(1) before the go statement "+
					"(go vet: \"WaitGroup.Add called from inside new goroutine\").", cellName(count), line, id.Name, id.Name, id.Name))
			}
			return true
		})
		return true
	})
	return warnings
}
