package session

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"slices"
	"strconv"
	"strings"
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

// mainUses returns the offsets in src, a chunk's source, of the names main
// that mean the func main: those the parser's scope resolution leaves
// unresolved or resolves to a func main declared in src. A local variable,
// parameter, label or field named main is none of them.
func mainUses(src string) map[int]bool {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", src, 0)
	if err != nil {
		return nil
	}
	file := fset.File(f.Pos())
	uses := map[int]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok || id.Name != "main" || id == f.Name {
			return true
		}
		if id.Obj == nil {
			uses[file.Offset(id.Pos())] = true
		} else if fd, ok := id.Obj.Decl.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name != id {
			uses[file.Offset(id.Pos())] = true
		}
		return true
	})
	return uses
}

// callLastMain makes the uses of main in a chunk (n, parsed into fset from
// the source mainUses found uses in) refer to target, the func main the
// learner declared last (renameMain gave it a name of its own): main() in
// a later cell runs it again, as a Go program may, instead of whatever
// yaegi's session holds under the name main. With no target, the first
// use is returned, for an error.
func callLastMain(n ast.Node, fset *token.FileSet, uses map[int]bool, target string) (unresolved *ast.Ident) {
	isUse := func(id *ast.Ident) bool {
		return id.Name == "main" && id.Pos().IsValid() && uses[fset.File(id.Pos()).Offset(id.Pos())]
	}
	var visit func(n ast.Node) bool
	visit = func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.File: // package main is the package's name
			for _, d := range n.Decls {
				ast.Inspect(d, visit)
			}
			return false
		case *ast.SelectorExpr: // x.main is a field or method, not the func
			ast.Inspect(n.X, visit)
			return false
		case *ast.FuncDecl: // a method named main keeps its name
			if n.Recv != nil {
				ast.Inspect(n.Recv, visit)
				ast.Inspect(n.Type, visit)
				if n.Body != nil {
					ast.Inspect(n.Body, visit)
				}
				return false
			}
		case *ast.CompositeLit: // main: in a literal is a field's name
			if n.Type != nil {
				ast.Inspect(n.Type, visit)
			}
			for _, e := range n.Elts {
				if kv, ok := e.(*ast.KeyValueExpr); ok {
					if _, isName := kv.Key.(*ast.Ident); !isName {
						ast.Inspect(kv.Key, visit)
					}
					ast.Inspect(kv.Value, visit)
				} else {
					ast.Inspect(e, visit)
				}
			}
			return false
		case *ast.Ident:
			if isUse(n) {
				if target == "" {
					if unresolved == nil {
						unresolved = n
					}
				} else {
					n.Name = target
				}
			}
		}
		return true
	}
	ast.Inspect(n, visit)
	return unresolved
}

// parenReceives puts a receive whose value is stored (returned, assigned,
// declared, sent on) in parentheses: `return <-c`, `v := <-c` and
// `v = <-c`. yaegi stores such a receive's value in a slot it cannot set
// again, so that the return panics, and so does the next assignment to v
// ("reflect.Value.Set using unaddressable value"); a parenthesised receive
// is copied first. Comma-ok receives (`v, ok := <-c`) and select cases
// work as they are and are left alone.
func parenReceives(n ast.Node) {
	wrap := func(es []ast.Expr) {
		for i, e := range es {
			if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.ARROW {
				es[i] = &ast.ParenExpr{Lparen: u.Pos(), X: u, Rparen: u.End()}
			}
		}
	}
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CommClause: // case v := <-c: is a receive statement
			for _, st := range n.Body {
				parenReceives(st)
			}
			return false
		case *ast.ReturnStmt:
			wrap(n.Results)
		case *ast.AssignStmt:
			if len(n.Lhs) == len(n.Rhs) {
				wrap(n.Rhs)
			}
		case *ast.ValueSpec:
			if len(n.Names) == len(n.Values) {
				wrap(n.Values)
			}
		case *ast.SendStmt:
			v := []ast.Expr{n.Value}
			wrap(v)
			n.Value = v[0]
		}
		return true
	})
}

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

// rewriteBody applies every rewrite that cells need to a parsed chunk: go
// statements, loop variables, range over integers and the builtins yaegi
// lacks. known reports whether a name is an integer in the session, for
// range rewriting.
func (s *Session) rewriteBody(n ast.Node) {
	globals := s.globals()
	ints := namesOf(n, integers, globals)
	chanSlices := namesOf(n, channelSlices, globals)
	chanSliceHolders := namesOf(n, channelSliceHolders, globals)
	builtins := s.missingBuiltins()
	generic := func(name string) bool { return s.index.isGeneric(name) }
	if f, ok := n.(*ast.File); ok {
		local := map[string]bool{}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil {
				local[fd.Name.Name] = fd.Type.TypeParams != nil
			}
		}
		generic = func(name string) bool {
			if g, ok := local[name]; ok {
				return g
			}
			return s.index.isGeneric(name)
		}
	}
	counter := 0
	labeled := map[ast.Stmt]bool{} // statements a label names: keep them in place
	ast.Inspect(n, func(n ast.Node) bool {
		if l, ok := n.(*ast.LabeledStmt); ok {
			labeled[l.Stmt] = true
		}
		return true
	})
	hoistFuncArgs(n, s.interp.FileSet())
	anyArgs(n, s.index)
	selectBranches(n, s.interp.FileSet())
	replaceStmts(n, func(st ast.Stmt) ast.Stmt {
		switch st := st.(type) {
		case *ast.SelectStmt:
			if !labeled[st] {
				return hoistCommaOk(st, &counter)
			}
		case *ast.GoStmt:
			return goCall(st, s.interp.FileSet().Position(st.Go), generic)
		case *ast.RangeStmt:
			if isIntExpr(st.X, ints) {
				counter++
				return rangeInt(st, counter)
			}
			if id, ok := st.X.(*ast.Ident); ok && chanSlices[id.Name] {
				return rangeByIndex(st, s.interp.FileSet())
			}
			// subs[topic], with subs a map[string][]chan T.
			if ix, ok := st.X.(*ast.IndexExpr); ok {
				if id, ok := ix.X.(*ast.Ident); ok && chanSliceHolders[id.Name] {
					return rangeByIndex(st, s.interp.FileSet())
				}
			}
		}
		return st
	})
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncDecl:
			nameParams(n.Type)
		case *ast.FuncLit:
			nameParams(n.Type)
		case *ast.ForStmt:
			perIterationFor(n)
		case *ast.RangeStmt:
			perIterationRange(n)
		case *ast.CallExpr:
			if id, ok := n.Fun.(*ast.Ident); ok && builtins[id.Name] {
				builtinCall(n, id)
			}
			nameThreadTarget(n)
		}
		return true
	})
}

// hoistFuncArgs moves a func literal that is the argument of a call into a
// variable declared just before the statement:
//
//	ts = append(ts, threading.NewThread(func() { work(i) }))
//	__fl12_40 := func() { work(i) }; ts = append(ts, threading.NewThread(__fl12_40))
//
// yaegi turns a literal passed straight to compiled code into a Go func that
// reads the variables it captures when it is called, not the ones of its
// iteration: threads started in a loop all saw the last i. A literal held in
// a variable is a proper closure. Only simple statements of statement lists
// are changed; creating a closure has no side effects, so the earlier
// evaluation is safe.
func hoistFuncArgs(n ast.Node, fset *token.FileSet) {
	for _, l := range stmtLists(n) {
		var out []ast.Stmt
		for _, st := range *l {
			switch st.(type) {
			case *ast.ExprStmt, *ast.AssignStmt, *ast.DeclStmt, *ast.ReturnStmt, *ast.SendStmt, *ast.DeferStmt:
				out = append(out, funcArgs(st, fset)...)
			}
			out = append(out, st)
		}
		*l = out
	}
}

// selectBranches takes the branch statements out of select statements,
// where yaegi gets them wrong: `continue` leaves the loop, `break` nested in
// an if leaves the loop instead of the select, and `break L` out of
// `for {}` breaks only the select, so the loop spins forever. A branch in a
// select case instead sets a flag and the rest of the case is skipped; right
// after the select, the flag takes the branch:
//
//	select { case v := <-ch: if v < 0 { continue }; use(v) }
//	__sel7_2 := 0
//	select { case v := <-ch: if v < 0 { __sel7_2 = 1 }; if __sel7_2 == 0 { use(v) } }
//	if __sel7_2 == 1 { continue }
//
// Branches inside a loop, switch or select nested in the case are left
// alone (a break there does not concern this select), and so are selects
// with gotos or labels (see hasGotoOrLabel).
func selectBranches(n ast.Node, fset *token.FileSet) {
	// Inner selects first: the branches placed after them may belong to an
	// outer select's case.
	for _, l := range slices.Backward(stmtLists(n)) {
		var out []ast.Stmt
		for _, st := range *l {
			sel, ok := st.(*ast.SelectStmt)
			if !ok || hasGotoOrLabel(sel) {
				// Guarding the rest of a case in a block would put labels
				// out of the reach of their gotos: such selects stay as
				// they are.
				out = append(out, st)
				continue
			}
			p := fset.Position(sel.Select)
			e := &escaper{flag: fmt.Sprintf("__sel%d_%d", p.Line, p.Column), pos: sel.Select}
			used := false
			for _, c := range sel.Body.List {
				cc := c.(*ast.CommClause)
				var u bool
				cc.Body, u = e.list(cc.Body)
				used = used || u
			}
			if !used {
				out = append(out, st)
				continue
			}
			out = append(out, &ast.AssignStmt{Lhs: []ast.Expr{e.ident()}, TokPos: e.pos, Tok: token.DEFINE,
				Rhs: []ast.Expr{e.value(0)}}, st)
			for k, b := range e.taken {
				out = append(out, &ast.IfStmt{If: e.pos, Cond: e.is(k + 1), Body: &ast.BlockStmt{Lbrace: e.pos, List: []ast.Stmt{b}, Rbrace: e.pos}})
			}
		}
		*l = out
	}
}

// hasGotoOrLabel reports whether n holds a goto or a labeled statement
// outside func literals.
func hasGotoOrLabel(n ast.Node) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.LabeledStmt:
			found = true
		case *ast.BranchStmt:
			found = found || n.Tok == token.GOTO
		}
		return !found
	})
	return found
}

// escaper rewrites the branches of one select statement's cases.
type escaper struct {
	flag  string
	pos   token.Pos
	taken []*ast.BranchStmt // to take after the select when the flag is its index+1
}

func (e *escaper) ident() *ast.Ident { return &ast.Ident{NamePos: e.pos, Name: e.flag} }

func (e *escaper) value(k int) ast.Expr {
	if k < 0 {
		return &ast.UnaryExpr{OpPos: e.pos, Op: token.SUB, X: e.value(-k)}
	}
	return &ast.BasicLit{ValuePos: e.pos, Kind: token.INT, Value: strconv.Itoa(k)}
}

func (e *escaper) is(k int) ast.Expr {
	return &ast.BinaryExpr{X: e.ident(), OpPos: e.pos, Op: token.EQL, Y: e.value(k)}
}

// list rewrites a statement list of a case; it reports whether a branch
// was found, after which the rest of the list runs only if the flag is 0.
func (e *escaper) list(stmts []ast.Stmt) ([]ast.Stmt, bool) {
	for i, st := range stmts {
		var used bool
		if b, ok := st.(*ast.BranchStmt); ok && (b.Tok == token.BREAK || b.Tok == token.CONTINUE) {
			// What follows never runs; it stays, guarded, so that the
			// variables it uses stay used.
			stmts[i], used = &ast.AssignStmt{Lhs: []ast.Expr{e.ident()}, TokPos: b.TokPos, Tok: token.ASSIGN, Rhs: []ast.Expr{e.value(e.code(b))}}, true
		} else {
			stmts[i], used = e.stmt(st)
		}
		if used {
			rest, _ := e.list(slices.Clone(stmts[i+1:])) // a copy: stmts[i+1] becomes the guard
			if len(rest) == 0 {
				return stmts[:i+1], true
			}
			return append(stmts[:i+1], &ast.IfStmt{If: e.pos, Cond: e.is(0), Body: &ast.BlockStmt{Lbrace: e.pos, List: rest, Rbrace: e.pos}}), true
		}
	}
	return stmts, false
}

// stmt rewrites the blocks of an if or block statement.
func (e *escaper) stmt(st ast.Stmt) (ast.Stmt, bool) {
	switch st := st.(type) {
	case *ast.BlockStmt:
		var used bool
		st.List, used = e.list(st.List)
		return st, used
	case *ast.IfStmt:
		var used, u bool
		st.Body.List, used = e.list(st.Body.List)
		if st.Else != nil {
			st.Else, u = e.stmt(st.Else)
		}
		return st, used || u
	}
	return st, false
}

// code is the flag value for branch b: -1 for a break of the select itself,
// which needs nothing after it, else the index+1 of b in e.taken.
func (e *escaper) code(b *ast.BranchStmt) int {
	if b.Tok == token.BREAK && b.Label == nil {
		return -1
	}
	for k, t := range e.taken {
		if t.Tok == b.Tok && (t.Label == nil) == (b.Label == nil) && (t.Label == nil || t.Label.Name == b.Label.Name) {
			return k + 1
		}
	}
	e.taken = append(e.taken, &ast.BranchStmt{TokPos: e.pos, Tok: b.Tok, Label: b.Label})
	return len(e.taken)
}

// anyArgs converts the arguments that a func-typed struct field takes as
// `any` explicitly: in `j.run(w)`, with `run func(x any)` and w a string,
// yaegi hands the function its internal wrapper of w instead of w; with
// j.run(any(w)) the value arrives intact. Fields are known from the struct
// types the session and n declare; a name that is also a method is left
// alone, as the call might be the method's.
func anyArgs(n ast.Node, idx *index) {
	fields, methods := idx.anyParamFields()
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.TypeSpec:
			if st, ok := n.Type.(*ast.StructType); ok {
				mergeAnyParams(fields, funcFieldAnyParams(st))
			}
		case *ast.FuncDecl:
			if n.Recv != nil {
				methods[n.Name.Name] = true
			}
		}
		return true
	})
	if len(fields) == 0 {
		return
	}
	ast.Inspect(n, func(n ast.Node) bool {
		c, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		sel, ok := c.Fun.(*ast.SelectorExpr)
		if !ok || methods[sel.Sel.Name] {
			return true
		}
		for _, i := range fields[sel.Sel.Name] {
			if i >= len(c.Args) || (c.Ellipsis.IsValid() && i == len(c.Args)-1) {
				continue
			}
			if conv, ok := c.Args[i].(*ast.CallExpr); ok {
				if id, ok := conv.Fun.(*ast.Ident); ok && id.Name == "any" {
					continue
				}
			}
			a := c.Args[i]
			c.Args[i] = &ast.CallExpr{Fun: &ast.Ident{NamePos: a.Pos(), Name: "any"}, Lparen: a.Pos(), Args: []ast.Expr{a}, Rparen: a.End()}
		}
		return true
	})
}

// funcArgs replaces the func literals that are call arguments in st, outside
// nested literals, by variables, and returns their declarations.
func funcArgs(st ast.Stmt, fset *token.FileSet) []ast.Stmt {
	var decls []ast.Stmt
	ast.Inspect(st, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false // its body's statements are a list of their own
		case *ast.CallExpr:
			for i, a := range n.Args {
				lit, ok := a.(*ast.FuncLit)
				if !ok {
					continue
				}
				p := fset.Position(lit.Pos())
				name := fmt.Sprintf("__fl%d_%d", p.Line, p.Column)
				decls = append(decls, &ast.AssignStmt{Lhs: []ast.Expr{&ast.Ident{NamePos: lit.Pos(), Name: name}},
					TokPos: lit.Pos(), Tok: token.DEFINE, Rhs: []ast.Expr{madeApart(lit)}})
				n.Args[i] = &ast.Ident{NamePos: lit.Pos(), Name: name}
			}
		}
		return true
	})
	return decls
}

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

// goCall turns `go f(a, b)` into `__rt.Go(line, col, f, a, b)` and
// `go f(a, xs...)` into `__rt.GoSlice(line, col, f, a, xs)`, where line and
// col are the go statement's position, for error messages. The function value and the arguments are
// still evaluated at the go statement; the goroutine starts from compiled
// code that recovers its panic (see goroutines.go). Builtins cannot be
// passed as values and keep their raw go statement.
func goCall(st *ast.GoStmt, at token.Position, generic func(string) bool) ast.Stmt {
	if id, ok := st.Call.Fun.(*ast.Ident); ok && isBuiltinFunc(id.Name) {
		return st
	}
	if isGenericCall(st.Call.Fun, generic) {
		return goGeneric(st, at)
	}
	name := "Go"
	if st.Call.Ellipsis.IsValid() {
		name = "GoSlice"
	}
	pos := st.Go
	call := func(fn ast.Expr) ast.Stmt {
		return &ast.ExprStmt{X: &ast.CallExpr{
			Fun:    &ast.SelectorExpr{X: &ast.Ident{NamePos: pos, Name: "__rt"}, Sel: &ast.Ident{NamePos: pos, Name: name}},
			Lparen: st.Call.Lparen,
			Args: append([]ast.Expr{
				&ast.BasicLit{ValuePos: pos, Kind: token.INT, Value: fmt.Sprint(at.Line)},
				&ast.BasicLit{ValuePos: pos, Kind: token.INT, Value: fmt.Sprint(at.Column)},
				fn,
			}, st.Call.Args...),
			Rparen: st.Call.Rparen,
		}}
	}
	lit, ok := st.Call.Fun.(*ast.FuncLit)
	if !ok {
		return call(st.Call.Fun)
	}
	// A function literal passed straight to a compiled function captures
	// the variables of the enclosing loop body late, in yaegi: every
	// goroutine would see the last iteration's values. Bound to a variable
	// first, it captures them when the go statement runs, as it should.
	fn := &ast.Ident{NamePos: pos, Name: "__go"}
	return &ast.BlockStmt{Lbrace: pos, List: []ast.Stmt{
		&ast.AssignStmt{Lhs: []ast.Expr{fn}, TokPos: pos, Tok: token.DEFINE, Rhs: []ast.Expr{madeApart(lit)}},
		call(&ast.Ident{NamePos: pos, Name: "__go"}),
	}, Rbrace: st.Call.Rparen}
}

// madeApart wraps a func literal that another goroutine will call into an
// immediately called function that returns it:
//
//	func() { work(i) }   =>   func() func() { return func() { work(i) } }()
//
// yaegi writes a closure's frame slot back each time the closure returns
// (getFunc in its run.go), in the frame that created it. A goroutine
// finishing one closure could so put a stale value into the slot that the
// creating loop is about to read for the next closure, and the next thread
// would run the wrong function, or none. Created inside a frame of its own,
// the closure writes back into that frame, which nobody reads again.
func madeApart(lit *ast.FuncLit) ast.Expr {
	pos := lit.Pos()
	maker := &ast.FuncLit{
		Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{}, Results: &ast.FieldList{List: []*ast.Field{{Type: lit.Type}}}},
		Body: &ast.BlockStmt{Lbrace: pos, List: []ast.Stmt{&ast.ReturnStmt{Return: pos, Results: []ast.Expr{lit}}}, Rbrace: lit.End()},
	}
	return &ast.CallExpr{Fun: maker, Lparen: lit.End(), Rparen: lit.End()}
}

// isGenericCall reports whether fun names a generic function, plainly or
// instantiated (g[int]).
func isGenericCall(fun ast.Expr, generic func(string) bool) bool {
	switch f := fun.(type) {
	case *ast.Ident:
		return generic(f.Name)
	case *ast.IndexExpr:
		return isGenericCall(f.X, generic)
	case *ast.IndexListExpr:
		return isGenericCall(f.X, generic)
	}
	return false
}

// goGeneric starts a generic function, which reflection cannot call, from
// a function literal; the arguments are evaluated at the go statement into
// temporaries, as Go evaluates them:
//
//	go g(a, b)  =>  { __a0, __a1 := a, b; __go := func() { g(__a0, __a1) }; __rt.Go(line, col, __go) }
func goGeneric(st *ast.GoStmt, at token.Position) ast.Stmt {
	pos := st.Go
	ident := func(name string) *ast.Ident { return &ast.Ident{NamePos: pos, Name: name} }
	var list []ast.Stmt
	call := *st.Call
	if len(call.Args) > 0 {
		var lhs []ast.Expr
		for i := range call.Args {
			lhs = append(lhs, ident(fmt.Sprintf("__a%d", i)))
		}
		list = append(list, &ast.AssignStmt{Lhs: lhs, TokPos: pos, Tok: token.DEFINE, Rhs: call.Args})
		call.Args = slices.Clone(lhs)
	}
	lit := &ast.FuncLit{
		Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{}},
		Body: &ast.BlockStmt{Lbrace: pos, List: []ast.Stmt{&ast.ExprStmt{X: &call}}, Rbrace: st.Call.Rparen},
	}
	inner := goCall(&ast.GoStmt{Go: pos, Call: &ast.CallExpr{Fun: lit, Lparen: pos, Rparen: pos}}, at, func(string) bool { return false })
	list = append(list, inner.(*ast.BlockStmt).List...)
	return &ast.BlockStmt{Lbrace: pos, List: list, Rbrace: st.Call.Rparen}
}

// nameParams names unnamed parameters "_": yaegi mixes up the frame of a
// method with an unnamed parameter called through an interface
// ("reflect.Set: value of type interface {} is not assignable to type int").
func nameParams(t *ast.FuncType) {
	if t.Params == nil {
		return
	}
	for _, f := range t.Params.List {
		if len(f.Names) == 0 {
			f.Names = []*ast.Ident{{NamePos: f.Pos(), Name: "_"}}
		}
	}
}

// nameThreadTarget turns threading.NewThread(worker, ...) into
// threading.NewThreadTarget("worker", worker, ...), so that the thread is
// called "Thread-1 (worker)" as in Python: reflection cannot name an
// interpreted function.
func nameThreadTarget(c *ast.CallExpr) {
	sel, ok := c.Fun.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "NewThread" || len(c.Args) == 0 {
		return
	}
	if pkg, ok := sel.X.(*ast.Ident); !ok || pkg.Name != "threading" {
		return
	}
	var name string
	switch t := c.Args[0].(type) {
	case *ast.Ident:
		name = t.Name
	case *ast.SelectorExpr:
		name = t.Sel.Name
	default:
		return
	}
	if strings.HasPrefix(name, "__") {
		return // a func literal the session named (madeApart): Python's Thread-N
	}
	sel.Sel = &ast.Ident{NamePos: sel.Sel.NamePos, Name: "NewThreadTarget"}
	c.Args = append([]ast.Expr{&ast.BasicLit{ValuePos: c.Lparen, Kind: token.STRING, Value: strconv.Quote(name)}}, c.Args...)
}

func isBuiltinFunc(name string) bool {
	switch name {
	case "append", "cap", "clear", "close", "complex", "copy", "delete", "imag", "len",
		"make", "max", "min", "new", "panic", "print", "println", "real", "recover":
		return true
	}
	return false
}

// perIterationFor gives each iteration of a three-clause loop its own copy
// of the loop variables, as Go 1.22 does and yaegi does not:
//
//	for i := 0; i < n; i++ { body }
//	for __i := 0; __i < n; __i++ { i := __i; body }
//
// That is only done when a closure in the body refers to a loop variable
// and the body never assigns to one (the copy would hide the assignment
// from the loop's post statement). A plain `i := i` would do in Go, but
// yaegi resolves its right side to the new variable.
func perIterationFor(f *ast.ForStmt) {
	init, ok := f.Init.(*ast.AssignStmt)
	if !ok || init.Tok != token.DEFINE {
		return
	}
	var names []string
	for _, l := range init.Lhs {
		if id, ok := l.(*ast.Ident); ok && id.Name != "_" {
			names = append(names, id.Name)
		}
	}
	names = capturedNames(f.Body, names)
	if len(names) == 0 || assignsTo(f.Body, names) {
		return
	}
	for _, n := range []ast.Node{f.Init, f.Cond, f.Post} {
		if n != nil {
			rename(n, names)
		}
	}
	copyIn(f.Body, names)
}

// perIterationRange does the same for range loops, where assignments in
// the body do not affect the iteration, so the copy is always right.
func perIterationRange(r *ast.RangeStmt) {
	if r.Tok != token.DEFINE {
		return
	}
	var names []string
	for _, e := range []ast.Expr{r.Key, r.Value} {
		if id, ok := e.(*ast.Ident); ok && id.Name != "_" {
			names = append(names, id.Name)
		}
	}
	if names = capturedNames(r.Body, names); len(names) > 0 {
		for _, e := range []ast.Expr{r.Key, r.Value} {
			if e != nil {
				rename(e, names)
			}
		}
		copyIn(r.Body, names)
	}
}

// rename prefixes every mention of names under n with "__".
func rename(n ast.Node, names []string) {
	ast.Inspect(n, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && slices.Contains(names, id.Name) {
			id.Name = "__" + id.Name
		}
		return true
	})
}

// capturedNames returns those of names that a function literal in body
// mentions.
func capturedNames(body *ast.BlockStmt, names []string) []string {
	want := map[string]bool{}
	for _, n := range names {
		want[n] = true
	}
	found := map[string]bool{}
	ast.Inspect(body, func(n ast.Node) bool {
		if lit, ok := n.(*ast.FuncLit); ok {
			ast.Inspect(lit.Body, func(n ast.Node) bool {
				if id, ok := n.(*ast.Ident); ok && want[id.Name] {
					found[id.Name] = true
				}
				return true
			})
			return false
		}
		return true
	})
	var out []string
	for _, n := range names {
		if found[n] {
			out = append(out, n)
		}
	}
	return out
}

// assignsTo reports whether body assigns to, increments or takes the
// address of one of names.
func assignsTo(body *ast.BlockStmt, names []string) bool {
	is := func(e ast.Expr) bool {
		id, ok := e.(*ast.Ident)
		return ok && slices.Contains(names, id.Name)
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if n.Tok != token.DEFINE {
				found = found || slices.ContainsFunc(n.Lhs, is)
			}
		case *ast.IncDecStmt:
			found = found || is(n.X)
		case *ast.UnaryExpr:
			found = found || n.Op == token.AND && is(n.X)
		}
		return !found
	})
	return found
}

// copyIn declares `n := __n` for each name at the top of body.
func copyIn(body *ast.BlockStmt, names []string) {
	var lhs, rhs []ast.Expr
	for _, n := range names {
		lhs = append(lhs, &ast.Ident{NamePos: body.Lbrace, Name: n})
		rhs = append(rhs, &ast.Ident{NamePos: body.Lbrace, Name: "__" + n})
	}
	decl := &ast.AssignStmt{Lhs: lhs, TokPos: body.Lbrace, Tok: token.DEFINE, Rhs: rhs}
	body.List = append([]ast.Stmt{decl}, body.List...)
}

// hoistCommaOk evaluates, before the select, the channel of each
// `case v, ok := <-x.ch` whose channel is not a plain name: yaegi never
// fires such a case (the select hangs) unless the channel is a variable.
//
//	select { case v, ok := <-s.ch: ... }
//	{ __ch1 := s.ch; select { case v, ok := <-__ch1: ... } }
func hoistCommaOk(sel *ast.SelectStmt, counter *int) ast.Stmt {
	var pre []ast.Stmt
	for _, c := range sel.Body.List {
		cc, ok := c.(*ast.CommClause)
		if !ok {
			continue
		}
		as, ok := cc.Comm.(*ast.AssignStmt)
		if !ok || len(as.Lhs) != 2 || len(as.Rhs) != 1 {
			continue
		}
		recv, ok := as.Rhs[0].(*ast.UnaryExpr)
		if !ok || recv.Op != token.ARROW {
			continue
		}
		if _, plain := recv.X.(*ast.Ident); plain {
			continue
		}
		*counter++
		name := &ast.Ident{NamePos: recv.OpPos, Name: fmt.Sprintf("__ch%d", *counter)}
		pre = append(pre, &ast.AssignStmt{Lhs: []ast.Expr{name}, TokPos: recv.OpPos, Tok: token.DEFINE, Rhs: []ast.Expr{recv.X}})
		recv.X = &ast.Ident{NamePos: recv.OpPos, Name: name.Name}
	}
	if len(pre) == 0 {
		return sel
	}
	return &ast.BlockStmt{Lbrace: sel.Select, List: append(pre, sel), Rbrace: sel.End()}
}

// rangeInt turns `for i := range n` (Go 1.22), which yaegi cannot compile,
// into a three-clause loop. When n has no side effects the counter gets its
// type, as in Go: `for i, __n := n-n, n; i < __n; i++`. Otherwise n is
// evaluated once as an int.
func rangeInt(r *ast.RangeStmt, k int) ast.Stmt {
	pos := r.For
	ident := func(name string) *ast.Ident { return &ast.Ident{NamePos: pos, Name: name} }
	counter := fmt.Sprintf("__i%d", k)
	if id, ok := r.Key.(*ast.Ident); ok && r.Tok == token.DEFINE && id.Name != "_" {
		counter = id.Name
	}
	limit := fmt.Sprintf("__n%d", k)
	start, end := ast.Expr(&ast.BasicLit{ValuePos: pos, Kind: token.INT, Value: "0"}), r.X
	if pure(r.X) {
		start = &ast.BinaryExpr{X: r.X, OpPos: pos, Op: token.SUB, Y: r.X}
	} else {
		end = &ast.CallExpr{Fun: ident("int"), Lparen: pos, Args: []ast.Expr{r.X}, Rparen: pos}
	}
	return &ast.ForStmt{
		For:  pos,
		Init: &ast.AssignStmt{Lhs: []ast.Expr{ident(counter), ident(limit)}, TokPos: pos, Tok: token.DEFINE, Rhs: []ast.Expr{start, end}},
		Cond: &ast.BinaryExpr{X: ident(counter), OpPos: pos, Op: token.LSS, Y: ident(limit)},
		Post: &ast.IncDecStmt{X: ident(counter), TokPos: pos, Tok: token.INC},
		Body: r.Body,
	}
}

// pure reports whether evaluating x twice is the same as once.
func pure(x ast.Expr) bool {
	switch x := x.(type) {
	case *ast.Ident, *ast.BasicLit:
		return true
	case *ast.SelectorExpr:
		return pure(x.X)
	case *ast.ParenExpr:
		return pure(x.X)
	case *ast.BinaryExpr:
		return pure(x.X) && pure(x.Y)
	case *ast.CallExpr:
		id, ok := x.Fun.(*ast.Ident)
		return ok && (id.Name == "len" || id.Name == "cap") && len(x.Args) == 1 && pure(x.Args[0])
	}
	return false
}

var intTypes = map[string]bool{
	"int": true, "int8": true, "int16": true, "int32": true, "int64": true, "uint": true,
	"uint8": true, "uint16": true, "uint32": true, "uint64": true, "uintptr": true, "byte": true, "rune": true,
}

// isIntExpr reports whether x is certainly an integer, judged from its
// form and from ints, the names known to hold integers. yaegi offers no
// type information before compiling, and a range over an integer is what
// makes it fail to compile.
func isIntExpr(x ast.Expr, ints map[string]bool) bool {
	switch x := x.(type) {
	case *ast.BasicLit:
		return x.Kind == token.INT
	case *ast.Ident:
		return ints[x.Name]
	case *ast.ParenExpr:
		return isIntExpr(x.X, ints)
	case *ast.UnaryExpr:
		return isIntExpr(x.X, ints)
	case *ast.BinaryExpr:
		switch x.Op {
		case token.ADD, token.SUB, token.MUL, token.QUO, token.REM, token.SHL, token.SHR, token.AND, token.OR, token.XOR:
			return isIntExpr(x.X, ints) || isIntExpr(x.Y, ints)
		}
	case *ast.CallExpr:
		if id, ok := x.Fun.(*ast.Ident); ok {
			return id.Name == "len" || id.Name == "cap" || intTypes[id.Name]
		}
	}
	return false
}

// A kind of value some rewrites need to recognise without type checking:
// integers (range over an int) and slices of channels (range by index).
type kind struct {
	// typ reports whether a declared type is of the kind.
	typ func(t ast.Expr) bool
	// value reports whether an initial value is of the kind, given the
	// names known to be so far, and whether it can tell.
	value func(e ast.Expr, known map[string]bool) (is, sure bool)
	// global reports whether a session variable of that reflect.Value is.
	global func(v reflect.Value) bool
	// unsureIsNot counts a declaration that does not tell (x := f()) as
	// one of another kind; otherwise it does not count.
	unsureIsNot bool
}

// namesOf returns the names that hold values of kind k in n: those n
// declares as of the kind and never as of another (parameters, var and :=
// declarations, range variables), and, for names n does not declare, the
// session's variables of the kind.
func namesOf(n ast.Node, k kind, globals map[string]reflect.Value) map[string]bool {
	var yes, no map[string]bool
	known := map[string]bool{}
	// Declarations can refer to each other (n := 3; m := n * 2); two
	// passes settle the common chains.
	for range 2 {
		yes, no = map[string]bool{}, map[string]bool{}
		vote := func(id *ast.Ident, is, sure bool) {
			switch {
			case id.Name == "_":
			case is && sure:
				yes[id.Name] = true
			case sure || k.unsureIsNot:
				no[id.Name] = true
			}
		}
		ast.Inspect(n, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.Field:
				for _, id := range n.Names {
					vote(id, k.typ(n.Type), true)
				}
			case *ast.ValueSpec:
				for i, id := range n.Names {
					switch {
					case n.Type != nil:
						vote(id, k.typ(n.Type), true)
					case len(n.Values) == len(n.Names):
						is, sure := k.value(n.Values[i], known)
						vote(id, is, sure)
					default:
						vote(id, false, false)
					}
				}
			case *ast.AssignStmt:
				eachDefined(n, func(id *ast.Ident, value ast.Expr) {
					is, sure := false, false
					if value != nil {
						is, sure = k.value(value, known)
					}
					vote(id, is, sure)
				})
			case *ast.RangeStmt:
				if n.Tok != token.DEFINE {
					break
				}
				// Their types show only over a slice literal: an int index
				// and the element type.
				types := []ast.Expr{nil, nil}
				if lit, ok := n.X.(*ast.CompositeLit); ok {
					if at, ok := lit.Type.(*ast.ArrayType); ok {
						types = []ast.Expr{&ast.Ident{Name: "int"}, at.Elt}
					}
				}
				for i, e := range []ast.Expr{n.Key, n.Value} {
					if id, ok := e.(*ast.Ident); ok {
						if types[i] != nil {
							vote(id, k.typ(types[i]), true)
						} else {
							vote(id, false, false)
						}
					}
				}
			}
			return true
		})
		known = map[string]bool{}
		for name := range yes {
			if !no[name] {
				known[name] = true
			}
		}
	}
	ast.Inspect(n, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && !yes[id.Name] && !no[id.Name] {
			if v, ok := globals[id.Name]; ok && v.IsValid() && k.global(v) {
				known[id.Name] = true
			}
		}
		return true
	})
	return known
}

// integers is the kind of the integer types.
var integers = kind{
	typ: func(t ast.Expr) bool {
		id, ok := t.(*ast.Ident)
		return ok && intTypes[id.Name]
	},
	value: func(e ast.Expr, known map[string]bool) (bool, bool) {
		if isIntExpr(e, known) {
			return true, true
		}
		switch e := e.(type) {
		case *ast.BasicLit, *ast.CompositeLit, *ast.FuncLit:
			return false, true
		case *ast.Ident:
			return false, e.Name == "true" || e.Name == "false" || e.Name == "nil"
		}
		return false, false
	},
	global: func(v reflect.Value) bool {
		switch v.Kind() {
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
			reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
			return true
		}
		return false
	},
}

// channelSlices is the kind of slices and arrays of channels: yaegi fails on
// `for _, c := range cs` over those ("reflect: call of reflect.Value.Len on
// int Value"). Only what is written as one counts.
var channelSlices = kind{
	typ:   isChanSlice,
	value: madeAs(isChanSlice),
	global: func(v reflect.Value) bool {
		k := v.Kind()
		return (k == reflect.Slice || k == reflect.Array) && v.Type().Elem().Kind() == reflect.Chan
	},
	unsureIsNot: true,
}

// channelSliceHolders is the kind of maps and slices whose elements are
// slices of channels (map[string][]chan T): ranging over one of their
// elements fails as ranging over a channelSlices name does.
var channelSliceHolders = kind{
	typ:   holdsChanSlices,
	value: madeAs(holdsChanSlices),
	global: func(v reflect.Value) bool {
		k := v.Kind()
		if k != reflect.Map && k != reflect.Slice && k != reflect.Array {
			return false
		}
		e := v.Type().Elem()
		return (e.Kind() == reflect.Slice || e.Kind() == reflect.Array) && e.Elem().Kind() == reflect.Chan
	},
	unsureIsNot: true,
}

// madeAs returns a kind's value test for kinds known only by their
// written types: a composite literal or a make of a type typ accepts.
func madeAs(typ func(ast.Expr) bool) func(ast.Expr, map[string]bool) (bool, bool) {
	return func(e ast.Expr, _ map[string]bool) (bool, bool) {
		switch e := e.(type) {
		case *ast.CompositeLit:
			return typ(e.Type), true
		case *ast.CallExpr:
			if id, ok := e.Fun.(*ast.Ident); ok && id.Name == "make" && len(e.Args) > 0 {
				return typ(e.Args[0]), true
			}
		}
		return false, false
	}
}

// holdsChanSlices reports whether t is written map[K][]chan T or [][]chan T.
func holdsChanSlices(t ast.Expr) bool {
	switch t := t.(type) {
	case *ast.MapType:
		return isChanSlice(t.Value)
	case *ast.ArrayType:
		return isChanSlice(t.Elt)
	}
	return false
}

// isChanSlice reports whether t is written []chan T, [n]chan T or ...chan T.
func isChanSlice(t ast.Expr) bool {
	switch t := t.(type) {
	case *ast.ArrayType:
		_, ok := t.Elt.(*ast.ChanType)
		return ok
	case *ast.Ellipsis:
		_, ok := t.Elt.(*ast.ChanType)
		return ok
	}
	return false
}

// rangeByIndex turns a range over a slice of channels into a counting
// loop over a copy of it (the range expression is evaluated once, as in
// Go; a loop statement, not a block, so that a label still names it):
//
//	for i, c := range cs { body }
//	for __k7_1, __x7_1 := 0, cs; __k7_1 < len(__x7_1); __k7_1++ { i := __k7_1; c := __x7_1[__k7_1]; body }
func rangeByIndex(r *ast.RangeStmt, fset *token.FileSet) ast.Stmt {
	if r.Value == nil {
		return r // only the index: yaegi manages
	}
	p := fset.Position(r.For)
	pos := r.For
	ident := func(name string) *ast.Ident { return &ast.Ident{NamePos: pos, Name: name} }
	k, x := fmt.Sprintf("__k%d_%d", p.Line, p.Column), fmt.Sprintf("__x%d_%d", p.Line, p.Column)
	tok := r.Tok
	if tok == token.ILLEGAL {
		tok = token.DEFINE
	}
	var pre []ast.Stmt
	if id, ok := r.Key.(*ast.Ident); r.Key != nil && (!ok || id.Name != "_") {
		pre = append(pre, &ast.AssignStmt{Lhs: []ast.Expr{r.Key}, TokPos: pos, Tok: tok, Rhs: []ast.Expr{ident(k)}})
	}
	if id, ok := r.Value.(*ast.Ident); !ok || id.Name != "_" {
		elem := &ast.IndexExpr{X: ident(x), Lbrack: pos, Index: ident(k), Rbrack: pos}
		pre = append(pre, &ast.AssignStmt{Lhs: []ast.Expr{r.Value}, TokPos: pos, Tok: tok, Rhs: []ast.Expr{elem}})
	}
	r.Body.List = append(pre, r.Body.List...)
	return &ast.ForStmt{
		For:  pos,
		Init: &ast.AssignStmt{Lhs: []ast.Expr{ident(k), ident(x)}, TokPos: pos, Tok: token.DEFINE, Rhs: []ast.Expr{&ast.BasicLit{ValuePos: pos, Kind: token.INT, Value: "0"}, r.X}},
		Cond: &ast.BinaryExpr{X: ident(k), OpPos: pos, Op: token.LSS, Y: &ast.CallExpr{Fun: ident("len"), Lparen: pos, Args: []ast.Expr{ident(x)}, Rparen: pos}},
		Post: &ast.IncDecStmt{X: ident(k), TokPos: pos, Tok: token.INC},
		Body: r.Body,
	}
}

// missingBuiltins are the Go 1.21 builtins yaegi lacks that the session
// provides, minus any the learner has defined under the same name.
func (s *Session) missingBuiltins() map[string]bool {
	m := map[string]bool{"min": true, "max": true, "clear": true, "print": true, "println": true}
	for name := range m {
		if _, ok := s.index.lookup(name); ok {
			delete(m, name)
		}
	}
	return m
}

// builtinCall rewrites a call of min, max, clear, print or println in
// place: min(a, b, c) becomes __min2(a, __min2(b, c)), helpers defined in
// the session's prelude, clear(x) becomes __rt.Clear(x) and println(x)
// __rt.Println(x) (print.go).
func builtinCall(c *ast.CallExpr, id *ast.Ident) {
	rt := func(name string) ast.Expr {
		return &ast.SelectorExpr{X: &ast.Ident{NamePos: id.NamePos, Name: "__rt"}, Sel: &ast.Ident{NamePos: id.NamePos, Name: name}}
	}
	switch id.Name {
	case "clear":
		c.Fun = rt("Clear")
	case "print":
		c.Fun = rt("Print")
	case "println":
		c.Fun = rt("Println")
	case "min", "max":
		if len(c.Args) == 0 {
			return // the compiler's error about the missing argument stands
		}
		helper := "__" + id.Name + "2"
		args := untypedFloats(c.Args)
		if len(args) == 1 {
			args = []ast.Expr{args[0], args[0]}
		}
		// Fold from the right: f(a, f(b, c)).
		acc := args[len(args)-1]
		for i := len(args) - 2; i >= 1; i-- {
			acc = &ast.CallExpr{Fun: &ast.Ident{NamePos: id.NamePos, Name: helper}, Lparen: c.Lparen, Args: []ast.Expr{args[i], acc}, Rparen: c.Rparen}
		}
		c.Fun = &ast.Ident{NamePos: id.NamePos, Name: helper}
		c.Args = []ast.Expr{args[0], acc}
	}
}

// untypedFloats converts the number literals among args to float64 when
// one of them is a float literal: min(2.5, 1) is a float64 in Go, and
// yaegi cannot infer a type parameter from untyped floats.
func untypedFloats(args []ast.Expr) []ast.Expr {
	isLit := func(e ast.Expr, kind token.Token) bool {
		if u, ok := e.(*ast.UnaryExpr); ok && (u.Op == token.SUB || u.Op == token.ADD) {
			e = u.X
		}
		l, ok := e.(*ast.BasicLit)
		return ok && l.Kind == kind
	}
	if !slices.ContainsFunc(args, func(e ast.Expr) bool { return isLit(e, token.FLOAT) }) {
		return args
	}
	out := slices.Clone(args)
	for i, e := range out {
		if isLit(e, token.FLOAT) || isLit(e, token.INT) {
			out[i] = &ast.CallExpr{Fun: &ast.Ident{NamePos: e.Pos(), Name: "float64"}, Lparen: e.Pos(), Args: []ast.Expr{e}, Rparen: e.End()}
		}
	}
	return out
}

// prelude declares the helpers that rewritten cells call.
const prelude = `package main

type __ordered interface {
	~int | ~int8 | ~int16 | ~int32 | ~int64 | ~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64 | ~uintptr | ~float32 | ~float64 | ~string
}

func __min2[__T __ordered](a, b __T) __T {
	if b < a {
		return b
	}
	return a
}

func __max2[__T __ordered](a, b __T) __T {
	if b > a {
		return b
	}
	return a
}
`

// clearBuiltin is clear(x) for maps and slices.
func clearBuiltin(x any) {
	v := reflect.ValueOf(x)
	switch v.Kind() {
	case reflect.Map, reflect.Slice:
		v.Clear()
	case reflect.Invalid:
	default:
		panic(fmt.Sprintf("invalid argument: clear(%T): argument must be a map or a slice", x))
	}
}
