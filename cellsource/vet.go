package cellsource

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"strings"
	"sync"
)

// Locks passed by value. A function that takes a sync.WaitGroup or a
// sync.Mutex by value gets a copy: the WaitGroup's Done never reaches the
// caller's, and the mutex protects nothing. Go compiles it, and go vet
// reports it ("passes lock by value"); a learner running cells never runs
// vet, and sees a hang or a "negative WaitGroup counter" instead. So the
// session warns before the cell runs, and the cell runs as written.

// Diagnostic is a finding of a check: where, and what to tell the learner.
// The session writes Pos as the cell line (cell[3]:5), in one place.
type Diagnostic struct {
	Pos     token.Pos
	Message string
}

// lockTypes are the sync types that must not be copied after first use.
var lockTypes = map[string]bool{"WaitGroup": true, "Mutex": true, "RWMutex": true, "Cond": true, "Once": true}

// copyAdvice says what goes wrong with a copy of each lock type.
var copyAdvice = map[string]string{
	"WaitGroup": "its Done never reaches the caller's WaitGroup, whose Wait then waits for ever",
	"Mutex":     "locking the copy keeps no other goroutine out",
	"RWMutex":   "locking the copy keeps no other goroutine out",
	"Cond":      "a Signal or Broadcast on the copy wakes no waiter of the original",
	"Once":      "the copy does not know whether the original already ran its function",
}

// CopiedLocks reports each function in n, declared or literal, that takes
// a lock by value (or a struct holding one), or has a value receiver whose
// type holds a lock. declared gives the struct types of earlier cells by
// name (nil for none).
func CopiedLocks(n ast.Node, declared func(name string) *ast.StructType) []Diagnostic {
	structs := map[string]*ast.StructType{}
	ast.Inspect(n, func(n ast.Node) bool {
		if ts, ok := n.(*ast.TypeSpec); ok {
			if st, ok := ts.Type.(*ast.StructType); ok {
				structs[ts.Name.Name] = st
			}
		}
		return true
	})
	structOf := func(name string) *ast.StructType {
		if st := structs[name]; st != nil {
			return st
		}
		return declared(name)
	}
	var found []Diagnostic
	warn := func(pos token.Pos, format string, args ...any) {
		found = append(found, Diagnostic{Pos: pos, Message: fmt.Sprintf(format, args...)})
	}
	params := func(fn string, ft *ast.FuncType) {
		if ft.Params == nil {
			return
		}
		for _, f := range ft.Params.List {
			names := []string{"_"}
			if len(f.Names) > 0 {
				names = nil
				for _, id := range f.Names {
					names = append(names, id.Name)
				}
			}
			for _, p := range names {
				if typ, ok := SyncType(f.Type); ok {
					warn(f.Pos(), "%s takes the sync.%s %s by value, so it gets a copy: %s. Take a pointer, %s *sync.%s, "+
						"and pass the address of the caller's (go vet calls this \"passes lock by value\").",
						fn, typ, p, copyAdvice[typ], p, typ)
				} else if id, ok := f.Type.(*ast.Ident); ok {
					if lock, typ, ok := lockField(structOf(id.Name), structOf, 0); ok {
						warn(f.Pos(), "%s takes the %s %s by value, and with it a copy of its %s: %s. Take a pointer, "+
							"%s *%s (go vet calls this \"passes lock by value\").", fn, id.Name, p, lock, copyAdvice[typ], p, id.Name)
					}
				}
			}
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
			t := recv.Type // a value receiver: T or T[P], not *T
			switch x := t.(type) {
			case *ast.IndexExpr:
				t = x.X
			case *ast.IndexListExpr:
				t = x.X
			}
			id, ok := t.(*ast.Ident)
			if !ok {
				break
			}
			if lock, typ, ok := lockField(structOf(id.Name), structOf, 0); ok {
				r := "t"
				if len(recv.Names) > 0 {
					r = recv.Names[0].Name
				}
				warn(n.Pos(), "the method %s has a value receiver, so it works on a copy of %s, its %s included: "+
					"%s. Use a pointer receiver: func (%s *%s) %s(...).",
					n.Name.Name, id.Name, lock, copyAdvice[typ], r, types.ExprString(recv.Type), n.Name.Name)
			}
		case *ast.FuncLit:
			params("a func literal", n.Type)
		}
		return true
	})
	return found
}

// SyncType returns the name of the sync lock type t is written as,
// sync.WaitGroup, but not *sync.WaitGroup.
func SyncType(t ast.Expr) (string, bool) {
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

// lockField describes a sync lock that st holds by value, directly, in
// an array, or inside a struct type it holds by value ("sync.Mutex mu",
// "embedded sync.Mutex"), and returns the lock's type.
func lockField(st *ast.StructType, structOf func(string) *ast.StructType, depth int) (lock, typ string, ok bool) {
	if st == nil || depth > 4 {
		return "", "", false
	}
	for _, f := range st.Fields.List {
		t := f.Type
		if at, ok := t.(*ast.ArrayType); ok && at.Len != nil { // an array, not a slice
			t = at.Elt
		}
		name := ""
		if len(f.Names) > 0 {
			name = f.Names[0].Name
		}
		if typ, ok := SyncType(t); ok {
			if name == "" {
				return "embedded sync." + typ, typ, true
			}
			return "sync." + typ + " " + name, typ, true
		}
		if id, ok := t.(*ast.Ident); ok {
			if lock, typ, ok := lockField(structOf(id.Name), structOf, depth+1); ok {
				return lock, typ, true
			}
		}
	}
	return "", "", false
}

// waitGroups is the kind of sync.WaitGroup values, for addInGoroutine.
var waitGroups = kind{
	typ: func(t ast.Expr) bool {
		if p, ok := t.(*ast.StarExpr); ok {
			t = p.X
		}
		typ, ok := SyncType(t)
		return ok && typ == "WaitGroup"
	},
	value: func(e ast.Expr, _ map[string]bool) (bool, bool) {
		isWG := func(t ast.Expr) bool {
			typ, ok := SyncType(t)
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
	global: func(t reflect.Type) bool {
		return t == reflect.TypeFor[sync.WaitGroup]() || t == reflect.TypeFor[*sync.WaitGroup]()
	},
}

// addInGoroutine reports each go statement whose function literal calls
// Add on a WaitGroup of the code that starts it: Wait may run before the
// goroutine has added itself, and return too soon. (go vet's waitgroup
// check, of Go 1.25.)
func addInGoroutine(u *Unit) []Diagnostic {
	groups := namesOf(u.Node, waitGroups, u.Globals)
	if len(groups) == 0 {
		return nil
	}
	var found []Diagnostic
	ast.Inspect(u.Node, func(n ast.Node) bool {
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
			found = append(found, Diagnostic{Pos: call.Pos(), Message: fmt.Sprintf("%s.Add runs inside the goroutine it counts, so %s.Wait "+
				"may run first and return before the goroutine has started. Call %s.Add(1) before the go statement "+
				"(go vet: \"WaitGroup.Add called from inside new goroutine\").", id.Name, id.Name, id.Name)})
		}
		return true
	})
	return found
}

// checkCopiedLocks is CopiedLocks over a chunk, with the structs of
// earlier cells.
func checkCopiedLocks(u *Unit) []Diagnostic {
	return CopiedLocks(u.Node, func(name string) *ast.StructType {
		ts, ok := u.Decls.TypeSpec(token.NewFileSet(), name)
		if !ok {
			return nil
		}
		st, _ := ts.Type.(*ast.StructType)
		return st
	})
}

// methodExpressions refuses a method expression on a type the session
// declares, (*T).m or T.m: the interpreter compiles it, then fails when it
// is called ("reflect: Call with too many input arguments").
func methodExpressions(u *Unit) []Diagnostic {
	local := map[string]bool{}
	ast.Inspect(u.Node, func(n ast.Node) bool {
		if ts, ok := n.(*ast.TypeSpec); ok {
			local[ts.Name.Name] = true
		}
		return true
	})
	isType := func(e ast.Expr) (string, bool) {
		id, ok := e.(*ast.Ident)
		if !ok {
			return "", false
		}
		if local[id.Name] {
			return id.Name, true
		}
		src, ok := u.Decls.Lookup(id.Name)
		return id.Name, ok && strings.HasPrefix(src, "type ")
	}
	var found []Diagnostic
	ast.Inspect(u.Node, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if !ok || len(found) > 0 {
			return len(found) == 0
		}
		recv, star := sel.X, ""
		if p, ok := recv.(*ast.ParenExpr); ok {
			if st, ok := p.X.(*ast.StarExpr); ok {
				recv, star = st.X, "*"
			}
		}
		name, ok := isType(recv)
		if !ok {
			return true
		}
		expr := fmt.Sprintf("(%s%s).%s", star, name, sel.Sel.Name)
		if star == "" {
			expr = name + "." + sel.Sel.Name
		}
		found = append(found, Diagnostic{Pos: sel.Pos(),
			Message: fmt.Sprintf("the interpreter cannot call the method expression %s; use a method value (v.%s) "+
				"or a func literal that calls the method", expr, sel.Sel.Name) + CompiledHint})
		return false
	})
	return found
}

// redefinitions refuses to declare a type or method again differently:
// the interpreter would keep the old definition without a word.
func redefinitions(u *Unit) []Diagnostic {
	key, now, before, ok := u.Decls.Redefined(u.defs)
	if !ok {
		return nil
	}
	kind, name, _ := strings.Cut(key, " ")
	return []Diagnostic{{Pos: now.Pos, Message: fmt.Sprintf("%s %s is already declared, differently, in %s; the interpreter "+
		"cannot replace a %s in a running session. Give the new one another name, or restart the kernel to start afresh",
		kind, name, CellName(before.Cell), kind)}}
}
