package cellsource

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
)

// The comma-ok forms, declared at the top level of a cell,
//
//	v, ok := <-ch      v, ok := m[k]      v, ok := x.(T)
//
// fail in yaegi ("nil type", from its global scope), while the same forms
// assigned to declared variables work. So the variables are declared
// first, with their types, and then assigned:
//
//	var v T; var ok bool; v, ok = x.(T)
//	v := m[k]; var ok bool; v, ok = m[k]
//	var v int; var ok bool; v, ok = <-ch    (ch made as chan int)
//
// A map's value type comes from indexing it once more, with its operands
// bound to variables first unless they are plain names or literals; a
// channel's element type from its make or var in this cell or an earlier
// one, or from the session's variable when the type has a name a cell can
// write. Otherwise the error says how to write it.

// declareCommaOK rewrites the top-level comma-ok declarations of a cell's
// statement chunk.
func declareCommaOK(u *Unit) error {
	body := u.body()
	var out []ast.Stmt
	r := &commaOKRewrite{u: u, declared: map[string]bool{}, chanTypes: channelTypes(body)}
	for _, st := range body.List {
		if d, ok := varCommaOK(st); ok {
			st = d // var v, ok = m[k] is v, ok := m[k] here
		}
		as, ok := st.(*ast.AssignStmt)
		if !ok || as.Tok != token.DEFINE || len(as.Lhs) != 2 || len(as.Rhs) != 1 || !isCommaOK(as.Rhs[0]) {
			out = append(out, st)
			for _, name := range definedBy(st) {
				r.declared[name] = true
			}
			continue
		}
		stmts, err := r.rewrite(as)
		if err != nil {
			return err
		}
		out = append(out, stmts...)
	}
	body.List = out
	// Remember the cell's channels for later cells.
	u.chanTypes = r.chanTypes // for later chunks, once this one compiled (Done)
	return nil
}

// commaOKRewrite is the state of declareCommaOK in one chunk.
type commaOKRewrite struct {
	u         *Unit
	declared  map[string]bool     // names the chunk's statements so far declare
	chanTypes map[string]ast.Expr // element types of the chunk's channels
	bound     int                 // variables made by bind so far
}

// varCommaOK returns a declaration var v, ok = <comma-ok form> as the
// short declaration it amounts to.
func varCommaOK(st ast.Stmt) (*ast.AssignStmt, bool) {
	ds, ok := st.(*ast.DeclStmt)
	if !ok {
		return nil, false
	}
	gd, ok := ds.Decl.(*ast.GenDecl)
	if !ok || gd.Tok != token.VAR || len(gd.Specs) != 1 {
		return nil, false
	}
	vs := gd.Specs[0].(*ast.ValueSpec)
	if vs.Type != nil || len(vs.Names) != 2 || len(vs.Values) != 1 || !isCommaOK(vs.Values[0]) {
		return nil, false
	}
	return &ast.AssignStmt{Lhs: []ast.Expr{vs.Names[0], vs.Names[1]}, TokPos: gd.TokPos, Tok: token.DEFINE, Rhs: vs.Values}, true
}

// isCommaOK reports whether e is a receive, an index or a type assertion.
func isCommaOK(e ast.Expr) bool {
	switch e := unparen(e).(type) {
	case *ast.UnaryExpr:
		return e.Op == token.ARROW
	case *ast.IndexExpr:
		return true
	case *ast.TypeAssertExpr:
		return e.Type != nil
	}
	return false
}

func unparen(e ast.Expr) ast.Expr {
	for {
		p, ok := e.(*ast.ParenExpr)
		if !ok {
			return e
		}
		e = p.X
	}
}

// definedBy returns the names a top-level statement declares.
func definedBy(st ast.Stmt) []string {
	var names []string
	switch st := st.(type) {
	case *ast.AssignStmt:
		if st.Tok == token.DEFINE {
			for _, l := range st.Lhs {
				if id, ok := l.(*ast.Ident); ok {
					names = append(names, id.Name)
				}
			}
		}
	case *ast.DeclStmt:
		if gd, ok := st.Decl.(*ast.GenDecl); ok {
			for _, sp := range gd.Specs {
				if vs, ok := sp.(*ast.ValueSpec); ok {
					for _, id := range vs.Names {
						names = append(names, id.Name)
					}
				}
			}
		}
	}
	return names
}

// rewrite returns as rewritten: declarations, then the assignment.
func (r *commaOKRewrite) rewrite(as *ast.AssignStmt) ([]ast.Stmt, error) {
	pos := as.Pos()
	ident := func(name string) *ast.Ident { return &ast.Ident{NamePos: pos, Name: name} }
	varDecl := func(name string, typ ast.Expr) ast.Stmt {
		return &ast.DeclStmt{Decl: &ast.GenDecl{TokPos: pos, Tok: token.VAR,
			Specs: []ast.Spec{&ast.ValueSpec{Names: []*ast.Ident{ident(name)}, Type: typ}}}}
	}
	isNew := func(e ast.Expr) (string, bool) {
		id, ok := e.(*ast.Ident)
		return id.Name, ok && id.Name != "_" && !r.declared[id.Name]
	}
	_, new0 := isNew(as.Lhs[0])
	_, new1 := isNew(as.Lhs[1])
	if !new0 && !new1 {
		return nil, r.u.errorAt(as.TokPos, "no new variables on left side of :=")
	}
	var stmts []ast.Stmt
	rhs := unparen(as.Rhs[0])
	if name, ok := isNew(as.Lhs[0]); ok {
		switch e := rhs.(type) {
		case *ast.TypeAssertExpr:
			stmts = append(stmts, varDecl(name, e.Type))
		case *ast.IndexExpr:
			e.X = r.bind(e.X, &stmts, pos)
			e.Index = r.bind(e.Index, &stmts, pos)
			stmts = append(stmts, &ast.AssignStmt{Lhs: []ast.Expr{ident(name)}, TokPos: pos, Tok: token.DEFINE,
				Rhs: []ast.Expr{&ast.IndexExpr{X: e.X, Lbrack: e.Lbrack, Index: e.Index, Rbrack: e.Rbrack}}})
		case *ast.UnaryExpr:
			typ := r.elemType(channelName(e.X))
			if typ == nil {
				ok := "ok"
				if id, isIdent := as.Lhs[1].(*ast.Ident); isIdent && id.Name != "_" {
					ok = id.Name
				}
				return nil, r.u.errorAt(pos, fmt.Sprintf(
					"the interpreter cannot declare %s, %s := <-%s at the top level of a cell without knowing the "+
						"channel's element type: declare the variables first (var %s T; var %s bool) and assign "+
						"them with =, or do it inside a function", name, ok, types.ExprString(e.X), name, ok)+CompiledHint)
			}
			stmts = append(stmts, varDecl(name, typ))
		}
	}
	if name, ok := isNew(as.Lhs[1]); ok {
		stmts = append(stmts, varDecl(name, ident("bool")))
	}
	for _, l := range as.Lhs {
		if name, ok := l.(*ast.Ident); ok {
			r.declared[name.Name] = true
		}
	}
	return append(stmts, &ast.AssignStmt{Lhs: as.Lhs, TokPos: as.TokPos, Tok: token.ASSIGN, Rhs: []ast.Expr{rhs}}), nil
}

// bind returns e when evaluating it twice is harmless, and otherwise a
// variable it is first assigned to.
func (r *commaOKRewrite) bind(e ast.Expr, stmts *[]ast.Stmt, pos token.Pos) ast.Expr {
	switch x := e.(type) {
	case *ast.Ident, *ast.BasicLit:
		return e
	case *ast.SelectorExpr:
		if _, ok := x.X.(*ast.Ident); ok {
			return e
		}
	}
	r.bound++
	name := &ast.Ident{NamePos: pos, Name: fmt.Sprintf("__ok%d", r.bound)}
	*stmts = append(*stmts, &ast.AssignStmt{Lhs: []ast.Expr{name}, TokPos: pos, Tok: token.DEFINE, Rhs: []ast.Expr{e}})
	return &ast.Ident{NamePos: pos, Name: name.Name}
}

// elemType returns the element type of the channel name holds, as
// declared in this chunk or an earlier cell, or as the session's variable
// tells; nil if unknown.
func (r *commaOKRewrite) elemType(name string) ast.Expr {
	if t, ok := r.chanTypes[name]; ok {
		return t
	}
	if t, ok := r.u.compiler.chanElems[name]; ok {
		return t
	}
	if g, ok := r.u.Globals.Type(name); ok && g != nil && g.Kind() == reflect.Chan {
		t, _ := TypeExpr(r.u.Fset, g.Elem())
		return t
	}
	return nil
}

// eachDefined calls f with each name a short variable declaration
// declares and the value it gets: nil when the values come from one call
// of several results.
func eachDefined(as *ast.AssignStmt, f func(id *ast.Ident, value ast.Expr)) {
	if as.Tok != token.DEFINE {
		return
	}
	for i, l := range as.Lhs {
		if id, ok := l.(*ast.Ident); ok {
			var value ast.Expr
			if len(as.Lhs) == len(as.Rhs) {
				value = as.Rhs[i]
			}
			f(id, value)
		}
	}
}

// channelName is the name of a received-from channel, or "".
func channelName(e ast.Expr) string {
	if id, ok := unparen(e).(*ast.Ident); ok {
		return id.Name
	}
	return ""
}

// channelTypes returns the element types of the channels body declares
// with a type that shows (ch := make(chan T, n), var ch chan T), and nil
// for the other names it declares.
func channelTypes(body *ast.BlockStmt) map[string]ast.Expr {
	types := map[string]ast.Expr{}
	elem := func(t ast.Expr) ast.Expr {
		if ct, ok := unparen(t).(*ast.ChanType); ok {
			return ct.Value
		}
		return nil
	}
	made := func(e ast.Expr) ast.Expr {
		call, ok := unparen(e).(*ast.CallExpr)
		if !ok || len(call.Args) == 0 {
			return nil
		}
		if id, ok := call.Fun.(*ast.Ident); !ok || id.Name != "make" {
			return nil
		}
		return elem(call.Args[0])
	}
	set := func(name string, t ast.Expr) { types[name] = t }
	for _, st := range body.List {
		switch st := st.(type) {
		case *ast.AssignStmt:
			eachDefined(st, func(id *ast.Ident, value ast.Expr) { set(id.Name, made(value)) })
		case *ast.DeclStmt:
			gd, ok := st.Decl.(*ast.GenDecl)
			if !ok || gd.Tok != token.VAR {
				continue
			}
			for _, sp := range gd.Specs {
				vs := sp.(*ast.ValueSpec)
				for i, id := range vs.Names {
					switch {
					case vs.Type != nil:
						set(id.Name, elem(vs.Type))
					case i < len(vs.Values):
						set(id.Name, made(vs.Values[i]))
					default:
						set(id.Name, nil)
					}
				}
			}
		}
	}
	return types
}
