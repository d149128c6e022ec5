package cellsource

import (
	"go/ast"
	"go/types"
)

// A value of a type a cell declares is boxed when it is put into an
// interface that code may later ask for its dynamic type: assigned or
// passed to an interface, returned as one, sent on a channel of one, an
// element or key of a composite of one, or converted to one. The check
// twin-types counts a session type as the twin of an asserted type only
// if the session boxes its values somewhere: an enum with a String
// method that is only printed does not make every x.(int) ambiguous.
// Print calls of fmt and log are not boxing: what they are given does not
// come back.

// boxedTypes returns the names of package main's types (T for T and *T)
// whose values the chunk boxes, and the run-time shapes of the other types
// it boxes (shapeKey): a twin made of int is one only where a cell boxes
// ints. (What compiled code puts into interfaces, as encoding/json's
// decoded values, is not seen.)
func (u *Unit) boxedTypes() map[string]bool {
	boxed := map[string]bool{}
	if u.Info == nil {
		return boxed
	}
	// boxType records that a value of type t goes into an interface of
	// type to.
	boxType := func(to, t types.Type) {
		if to == nil || t == nil || !types.IsInterface(to) {
			return
		}
		if _, ok := to.(*types.TypeParam); ok {
			return
		}
		t = types.Default(t) // an untyped constant goes in as its default type
		if types.IsInterface(t) {
			return
		}
		if n, ok := types.Unalias(derefType(t)).(*types.Named); ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "main" {
			boxed[n.Obj().Name()] = true
			return
		}
		// Other types by their run-time shape: an int, a []string.
		boxed[shapeKey(runtimeShape(t))] = true
	}
	box := func(to types.Type, e ast.Expr) {
		if e != nil {
			boxType(to, u.TypeOf(e))
		}
	}
	// boxTuple boxes the values of a tuple, a call's results or a
	// comma-ok's value, into the types to.
	boxTuple := func(to []types.Type, tuple *types.Tuple) {
		for i := range min(len(to), tuple.Len()) {
			boxType(to[i], tuple.At(i).Type())
		}
	}
	// boxAssign boxes what values puts into the types to, one by one or
	// from one tuple (x, err = f(); v, ok = <-ch).
	boxAssign := func(to []types.Type, values []ast.Expr) {
		if len(to) == len(values) {
			for i := range to {
				box(to[i], values[i])
			}
			return
		}
		if len(values) != 1 {
			return
		}
		switch t := u.TypeOf(values[0]).(type) {
		case *types.Tuple:
			boxTuple(to, t)
		case nil:
		default:
			if len(to) == 2 { // v, ok := <-ch, m[k], x.(T)
				box(to[0], values[0])
			}
		}
	}
	var results []*types.Tuple // of the functions being walked, innermost last
	var walk func(n ast.Node) bool
	walk = func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncDecl:
			if n.Body == nil {
				return false
			}
			if f, ok := u.Info.Defs[n.Name].(*types.Func); ok {
				results = append(results, f.Type().(*types.Signature).Results())
				ast.Inspect(n.Body, walk)
				results = results[:len(results)-1]
			}
			return false
		case *ast.FuncLit:
			if sig, ok := u.TypeOf(n).(*types.Signature); ok {
				results = append(results, sig.Results())
				ast.Inspect(n.Body, walk)
				results = results[:len(results)-1]
			}
			return false
		case *ast.AssignStmt:
			var to []types.Type
			for _, l := range n.Lhs {
				to = append(to, u.TypeOf(l))
			}
			boxAssign(to, n.Rhs)
		case *ast.ValueSpec:
			var to []types.Type
			for _, name := range n.Names {
				if obj := u.Info.Defs[name]; obj != nil {
					to = append(to, obj.Type())
				} else {
					to = append(to, nil)
				}
			}
			boxAssign(to, n.Values)
		case *ast.ReturnStmt:
			if len(results) > 0 {
				var to []types.Type
				for i := range results[len(results)-1].Len() {
					to = append(to, results[len(results)-1].At(i).Type())
				}
				boxAssign(to, n.Results)
			}
		case *ast.SendStmt:
			if ch, ok := typeUnder[*types.Chan](u.TypeOf(n.Chan)); ok {
				box(ch.Elem(), n.Value)
			}
		case *ast.IndexExpr:
			if m, ok := typeUnder[*types.Map](u.TypeOf(n.X)); ok {
				box(m.Key(), n.Index)
			}
		case *ast.CompositeLit:
			u.boxElements(n, box)
		case *ast.CallExpr:
			if isType, _ := u.IsType(n.Fun); isType && len(n.Args) == 1 {
				box(u.TypeOf(n.Fun), n.Args[0])
				break
			}
			if u.printCall(n) {
				break
			}
			key := u.contextKey(n)
			sig, ok := typeUnder[*types.Signature](u.TypeOf(n.Fun))
			if !ok || n.Ellipsis.IsValid() {
				break
			}
			for i, a := range n.Args {
				switch {
				case i == key:
				case sig.Variadic() && i >= sig.Params().Len()-1:
					if s, ok := sig.Params().At(sig.Params().Len() - 1).Type().(*types.Slice); ok {
						box(s.Elem(), a)
					}
				case i < sig.Params().Len():
					box(sig.Params().At(i).Type(), a)
				}
			}
		}
		return true
	}
	ast.Inspect(u.Node, walk)
	return boxed
}

// boxElements boxes the elements and keys of a composite literal of
// interfaces.
func (u *Unit) boxElements(lit *ast.CompositeLit, box func(types.Type, ast.Expr)) {
	t := u.TypeOf(lit)
	if t == nil {
		return
	}
	for _, el := range lit.Elts {
		kv, isKV := el.(*ast.KeyValueExpr)
		switch ct := t.Underlying().(type) {
		case *types.Slice:
			box(ct.Elem(), valueOf(el))
		case *types.Array:
			box(ct.Elem(), valueOf(el))
		case *types.Map:
			if isKV {
				box(ct.Key(), kv.Key)
				box(ct.Elem(), kv.Value)
			}
		case *types.Struct:
			if isKV {
				if id, ok := kv.Key.(*ast.Ident); ok {
					for i := range ct.NumFields() {
						if ct.Field(i).Name() == id.Name {
							box(ct.Field(i).Type(), kv.Value)
						}
					}
				}
			}
		}
	}
	if st, ok := t.Underlying().(*types.Struct); ok && len(lit.Elts) == st.NumFields() {
		for i, el := range lit.Elts {
			if _, isKV := el.(*ast.KeyValueExpr); !isKV {
				box(st.Field(i).Type(), el)
			}
		}
	}
}

// valueOf is the value of a composite literal's element.
func valueOf(el ast.Expr) ast.Expr {
	if kv, ok := el.(*ast.KeyValueExpr); ok {
		return kv.Value
	}
	return el
}

// printCall reports whether call calls a function or method of package fmt
// or log, which print their arguments and keep none.
func (u *Unit) printCall(call *ast.CallExpr) bool {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	obj, _ := u.object(sel.Sel)
	fn, ok := obj.(*types.Func)
	if !ok || fn.Pkg() == nil {
		return false
	}
	switch fn.Pkg().Path() {
	case "fmt", "log":
		return fn.Name() != "Errorf" // %w keeps an error
	}
	return false
}

// contextKey returns the index of call's argument that is a context's key
// (context.WithValue(ctx, key, v), ctx.Value(key)), or -1: keys, of a type
// of their own by design, are never asked for their type.
func (u *Unit) contextKey(call *ast.CallExpr) int {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return -1
	}
	obj, _ := u.object(sel.Sel)
	fn, ok := obj.(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "context" {
		return -1
	}
	switch fn.Name() {
	case "WithValue":
		return 1
	case "Value":
		return 0
	}
	return -1
}

// shapeKey is the key of boxedTypes' set for the types of a run-time shape
// that package main does not name.
func shapeKey(shape string) string { return "=" + shape }

// derefType is t's element type if t is a pointer, else t.
func derefType(t types.Type) types.Type {
	if p, ok := t.(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}

// typeUnder returns t's underlying type as a T.
func typeUnder[T types.Type](t types.Type) (T, bool) {
	var zero T
	if t == nil {
		return zero, false
	}
	u, ok := t.Underlying().(T)
	return u, ok
}
