package cellsource

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// A TypeChecker gives the passes the facts of the Go type checker: before
// any check or pass runs, a chunk is type-checked (go/types) as part of a
// package that holds what it uses of the session: earlier cells'
// declarations as they were written, the session's variables with the
// types they were checked to have, and the session's imports. The facts
// are in Unit.Info; a pass asks them with Unit.TypeOf and Unit.IsType,
// and does what it can without them where they are missing (a node a pass
// made, a package the importer cannot read).
type TypeChecker struct {
	// Importer imports the packages cells use: the standard library from
	// the toolchain's source (go/importer's "source"), and whatever else
	// the session preloads. Calls are serialised: an importer caches what
	// it read, and go/importer's is not safe for concurrent use.
	Importer types.Importer
	// Imports returns the package names the session has imported or
	// preloads, with their paths.
	Imports func() map[string]string

	importMu sync.Mutex // serialises the Importer
	varsMu   sync.Mutex // guards vars, apart: a cell's end must not wait for an import
	vars     map[string]sessionVar
}

// sessionVar is a variable an earlier cell's statements declared, with its
// type written as Go source and the packages that source names.
type sessionVar struct {
	typ     string
	imports map[string]string // package name -> path
	refs    []string          // the cells' type names it mentions
}

// Import imports a package through the checker's importer, one call at a
// time: a session warms the importer with the packages it preloads while
// the first cell is awaited.
func (tc *TypeChecker) Import(path string) (*types.Package, error) {
	tc.importMu.Lock()
	defer tc.importMu.Unlock()
	return tc.Importer.Import(path)
}

// lockedImporter is the checker's importer for one Check, already under
// tc.importMu.
type lockedImporter struct{ tc *TypeChecker }

func (l lockedImporter) Import(path string) (*types.Package, error) {
	return l.tc.Importer.Import(path)
}

// typeCheck checks u's chunk and returns what the checker learnt, with the
// errors it found in the chunk; nil when the session has no type checker.
// The session's part of the package is u.sessionFile once it returns.
func (tc *TypeChecker) typeCheck(u *Unit) (*types.Info, []types.Error) {
	return tc.check(u, nil)
}

// check is typeCheck, with more files of the chunk: the copies of generic
// declarations that instantiate made (see Unit.Copies). The copies that
// earlier chunks made, which the chunk or the session's variables name,
// are aliases of their instances to the checker: a session variable of
// type Pairᐸstringˏintᐳ is one of type Pair[string, int] to the cell that
// writes Pair[string, int].
func (tc *TypeChecker) check(u *Unit, extra []*ast.File) (*types.Info, []types.Error) {
	if tc == nil || tc.Importer == nil {
		return nil, nil
	}
	imports := map[string]string{}
	if tc.Imports != nil {
		imports = tc.Imports()
	}
	refs := map[string]bool{}
	own := map[string]bool{}     // what the chunk declares
	methods := map[string]bool{} // and the methods, as "T.m"
	for _, seg := range u.Chunk.Segs {
		info, err := Analyze(u.Chunk.Count, seg)
		if err != nil {
			return nil, nil
		}
		for n := range info.Refs {
			refs[n] = true
		}
	}
	for n := range u.copyRefs {
		refs[n] = true
	}
	if asksDynamicTypes(u.File) {
		// The check twin-types looks for the session's types that the
		// interpreter runs as one: those whose values cells box (the
		// chunk's own, it names).
		for _, n := range u.Decls.TypeNames() {
			if u.Decls.Boxed(n) {
				refs[n] = true
			}
		}
	}
	for _, seg := range u.Chunk.Segs {
		info, err := Analyze(u.Chunk.Count, seg)
		if err != nil {
			return nil, nil
		}
		for _, n := range info.Defines {
			own[n] = true
		}
		if seg.Kind == Decl && len(info.MethodsOf) == 1 && len(info.Defines) == 0 {
			methods[info.MethodsOf[0]+"."+methodName(seg.Text)] = true
		}
	}

	vars := tc.sessionVars()
	tc.importMu.Lock()
	defer tc.importMu.Unlock()
	// The session's part of the package: what the chunk uses, directly or
	// through the declarations it uses.
	var session strings.Builder
	sessionImports := map[string]string{} // the session file's
	chunkImports := map[string]string{}   // the chunk's, added to its file while it is checked
	included := map[*Written]bool{}
	done := map[string]bool{"main": true, "_": true}
	type ref struct {
		name     string
		fromCell bool
	}
	var todo []ref
	for n := range refs {
		todo = append(todo, ref{n, true})
	}
	slices.SortFunc(todo, func(a, b ref) int { return strings.Compare(a.name, b.name) })
	for len(todo) > 0 {
		r := todo[0]
		todo = todo[1:]
		if r.fromCell && own[r.name] {
			continue
		}
		if c := u.copyRecord(r.name); c != nil && !done[r.name] && !own[r.name] {
			done[r.name] = true
			if !u.made(r.name) {
				fmt.Fprintf(&session, "%s %s = %s\n", map[bool]string{true: "type", false: "var"}[c.isType], r.name, c.goExpr)
				maps.Copy(sessionImports, c.imports)
				for _, n := range c.refs {
					todo = append(todo, ref{n, false})
				}
			}
			continue
		}
		if w, ok := u.Decls.WrittenAs(r.name); ok && !done[r.name] && !own[r.name] {
			done[r.name] = true
			for _, w := range append([]*Written{w}, u.Decls.MethodsWritten(r.name)...) {
				if included[w] || w.Receiver != "" && methods[w.Receiver+"."+w.Method] {
					continue
				}
				included[w] = true
				for _, n := range w.Names {
					done[n] = true
				}
				// Positions in what it declares name its cell's lines: copies
				// of a generic declaration keep them.
				session.WriteString(LineDirective(w.Cell, w.Seg) + w.Seg.Text + "\n")
				for n := range w.Refs {
					todo = append(todo, ref{n, false})
				}
			}
			continue
		}
		if v, ok := vars[r.name]; ok && !done[r.name] && !own[r.name] {
			done[r.name] = true
			fmt.Fprintf(&session, "var %s %s\n", r.name, v.typ)
			for name, path := range v.imports {
				sessionImports[name] = path
			}
			for _, n := range v.refs {
				todo = append(todo, ref{n, false})
			}
			continue
		}
		if path, ok := imports[r.name]; ok {
			if r.fromCell {
				chunkImports[r.name] = path
			} else {
				sessionImports[r.name] = path
			}
		}
	}
	if u.Chunk.Kind == Display {
		// The call that shows the value (DisplaySource).
		session.WriteString("type __display struct{}\nfunc (__display) Display(...any) {}\nvar __rt __display\n")
	}
	var head strings.Builder
	head.WriteString("package main\n")
	for _, name := range sortedKeys(sessionImports) {
		fmt.Fprintf(&head, "import %s %s\n", name, strconv.Quote(sessionImports[name]))
	}
	sf, err := parser.ParseFile(u.Fset, "session.go", head.String()+session.String(), parser.SkipObjectResolution)
	if err != nil {
		return nil, nil
	}

	// The chunk's file gets its imports for the check only: the
	// interpreter keeps a session's imports itself.
	if len(chunkImports) > 0 {
		gd := &ast.GenDecl{Tok: token.IMPORT}
		for _, name := range sortedKeys(chunkImports) {
			gd.Specs = append(gd.Specs, &ast.ImportSpec{Name: ast.NewIdent(name),
				Path: &ast.BasicLit{Kind: token.STRING, Value: strconv.Quote(chunkImports[name])}})
		}
		decls := u.File.Decls
		u.File.Decls = append([]ast.Decl{gd}, decls...)
		defer func() { u.File.Decls = decls }()
	}

	info := &types.Info{
		Types:      map[ast.Expr]types.TypeAndValue{},
		Defs:       map[*ast.Ident]types.Object{},
		Uses:       map[*ast.Ident]types.Object{},
		Implicits:  map[ast.Node]types.Object{},
		Selections: map[*ast.SelectorExpr]*types.Selection{},
		Scopes:     map[ast.Node]*types.Scope{},
		Instances:  map[*ast.Ident]types.Instance{},
	}
	var errs []types.Error
	chunkFiles := map[*token.File]bool{u.Fset.File(u.File.Pos()): true}
	conf := types.Config{
		Importer: lockedImporter{tc},
		Error: func(err error) {
			if te, ok := err.(types.Error); ok && te.Pos.IsValid() && chunkFiles[u.Fset.File(te.Pos)] {
				errs = append(errs, te)
			}
		},
	}
	u.pkg, _ = conf.Check("main", u.Fset, append([]*ast.File{sf, u.File}, extra...), info)
	u.sessionFile = sf
	return info, errs
}

// asksDynamicTypes reports whether f asks an interface value the type it
// holds: a type assertion, a type switch, a comparison or a switch.
func asksDynamicTypes(f *ast.File) bool {
	asks := false
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.TypeAssertExpr, *ast.SwitchStmt:
			asks = true
		case *ast.BinaryExpr:
			asks = asks || n.Op == token.EQL || n.Op == token.NEQ
		}
		return !asks
	})
	return asks
}

// sessionVars returns a copy of the session variables' types.
func (tc *TypeChecker) sessionVars() map[string]sessionVar {
	tc.varsMu.Lock()
	defer tc.varsMu.Unlock()
	return maps.Clone(tc.vars)
}

// record remembers the types of the variables a statement chunk declared
// at its top level, for the chunks that use them.
func (tc *TypeChecker) record(u *Unit) {
	if tc == nil || u.Info == nil || u.Chunk.Kind != Stmt {
		return
	}
	fd, ok := u.File.Decls[len(u.File.Decls)-1].(*ast.FuncDecl)
	if !ok {
		return
	}
	scope := u.Info.Scopes[fd.Type]
	if scope == nil {
		return
	}
	tc.varsMu.Lock()
	defer tc.varsMu.Unlock()
	if tc.vars == nil {
		tc.vars = map[string]sessionVar{}
	}
	for _, st := range fd.Body.List {
		for _, name := range stmtNames(st) {
			v, ok := scope.Lookup(name).(*types.Var)
			if !ok || !typeWritable(v.Type()) {
				delete(tc.vars, name)
				continue
			}
			typ, imports, refs := typeSource(v.Type())
			tc.vars[name] = sessionVar{typ: typ, imports: imports, refs: refs}
		}
	}
}

// typeSource writes t as Go source in package main, with the packages it
// names and the names of package main's types it mentions.
func typeSource(t types.Type) (src string, imports map[string]string, refs []string) {
	imports = map[string]string{}
	src = types.TypeString(t, func(p *types.Package) string {
		if p.Path() == "main" {
			return ""
		}
		imports[p.Name()] = p.Path()
		return p.Name()
	})
	// The names are read from the source, which may name a copy's alias
	// (which the type itself does not).
	e, err := parser.ParseExpr(src)
	if err != nil {
		return src, imports, nil
	}
	ast.Inspect(e, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectorExpr:
			return false // another package's name
		case *ast.Ident:
			refs = append(refs, n.Name)
		}
		return true
	})
	return src, imports, refs
}

// typeWritable reports whether t can be written at package level: a type
// declared inside a function, or a type parameter, cannot.
func typeWritable(t types.Type) bool {
	ok := true
	eachType(t, func(t types.Type) bool {
		switch t := t.(type) {
		case *types.Named:
			if obj := t.Obj(); obj.Pkg() != nil && obj.Parent() != obj.Pkg().Scope() {
				ok = false
			}
		case *types.TypeParam:
			ok = false
		}
		return ok
	})
	return ok
}

// eachType calls f on t and on the types it is made of (a named type's
// type arguments, not its underlying type), until f returns false.
func eachType(t types.Type, f func(types.Type) bool) {
	seen := map[types.Type]bool{}
	var walk func(types.Type) bool
	walk = func(t types.Type) bool {
		t = types.Unalias(t)
		if seen[t] {
			return true
		}
		seen[t] = true
		if !f(t) {
			return false
		}
		var parts []types.Type
		switch t := t.(type) {
		case *types.Named:
			if args := t.TypeArgs(); args != nil {
				for i := range args.Len() {
					parts = append(parts, args.At(i))
				}
			}
		case *types.Pointer:
			parts = append(parts, t.Elem())
		case *types.Slice:
			parts = append(parts, t.Elem())
		case *types.Array:
			parts = append(parts, t.Elem())
		case *types.Map:
			parts = append(parts, t.Key(), t.Elem())
		case *types.Chan:
			parts = append(parts, t.Elem())
		case *types.Struct:
			for i := range t.NumFields() {
				parts = append(parts, t.Field(i).Type())
			}
		case *types.Signature:
			for _, tup := range []*types.Tuple{t.Params(), t.Results()} {
				for i := range tup.Len() {
					parts = append(parts, tup.At(i).Type())
				}
			}
		}
		for _, p := range parts {
			if !walk(p) {
				return false
			}
		}
		return true
	}
	walk(t)
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// TypeOf returns the type the checker gave e, or nil when it has none (a
// node a pass made, a chunk that was not checked).
func (u *Unit) TypeOf(e ast.Expr) types.Type {
	if u.Info == nil {
		return nil
	}
	if tv, ok := u.Info.Types[e]; ok {
		return tv.Type
	}
	if id, ok := e.(*ast.Ident); ok {
		if obj := u.Info.ObjectOf(id); obj != nil {
			return obj.Type()
		}
	}
	return nil
}

// IsType reports whether the checker found e to denote a type; known is
// false when it has no fact about e.
func (u *Unit) IsType(e ast.Expr) (isType, known bool) {
	if u.Info == nil {
		return false, false
	}
	tv, ok := u.Info.Types[e]
	if !ok {
		return false, false
	}
	return tv.IsType(), true
}

// object returns the object the checker found id to denote; known is
// false when it has no fact about id.
func (u *Unit) object(id *ast.Ident) (obj types.Object, known bool) {
	if u.Info == nil {
		return nil, false
	}
	obj = u.Info.ObjectOf(id)
	return obj, obj != nil
}

// typeSyntax writes t as syntax the chunk can compile, at pos: the
// checker's type, with packages named as the session imports them and the
// cell's own types and type parameters by their names. ok is false for a
// type the chunk cannot name: one of a package the session has not
// imported.
func (u *Unit) typeSyntax(t types.Type, pos token.Pos) (e ast.Expr, ok bool) {
	w := typeWriter{pos: pos, imports: u.sessionImports(), ok: true}
	e = w.expr(t)
	return e, w.ok
}
