package cellsource

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
)

// Range over a function, Go 1.23's iterators. yaegi cannot compile it
// ("nil type"), so the loop becomes the call it stands for, with the body
// as the yield function:
//
//	for i, s := range pairs { if i > 2 { break }; use(s) }
//	pairs(func(i int, s string) bool { if i > 2 { return false }; use(s); return true })
//
// continue becomes return true, and break return false. The yield
// function's parameter types come from the type checker (an iter.Seq[T],
// a method's or a package function's result, a type parameter's T), or
// without its facts from the iterator's declaration: a func declared in a
// cell, a variable of a func type written out or named, or a call of a
// function that returns one. A return in the body returns from the
// enclosing function by way of a flag and variables set in the yield
// function (loopReturns). A body that returns from inside another loop
// over a function, jumps out of the loop to a label, or (inside a
// function: a cell's own defers are rewritten first, see defer.go) defers
// a call cannot be written that way; it is refused with an error that
// says so, as is an iterator whose types cannot be told.

// rewriteRangeFunc rewrites the ranges over functions in n, a cell's file
// or statements.
func rewriteRangeFunc(u *Unit) error {
	n := u.Node
	if !hasRange(n) {
		return nil
	}
	r := &rangeFuncRewrite{u: u, funcs: namesOf(n, funcValues, u.Globals), sigs: enclosingSignatures(u)}
	r.collect(n)
	var err error
	replaceStmts(n, func(st ast.Stmt) ast.Stmt {
		// A labeled loop comes as its label's statement, before the loop:
		// the call replaces both, the branches to the label becoming
		// returns.
		label := ""
		rs, ok := st.(*ast.RangeStmt)
		if ls, isLabeled := st.(*ast.LabeledStmt); isLabeled {
			rs, ok = ls.Stmt.(*ast.RangeStmt)
			label = ls.Label.Name
		}
		if !ok || err != nil {
			return st
		}
		out, rerr := r.rewrite(rs, label)
		if rerr != nil {
			err = rerr
			return st
		}
		if out == ast.Stmt(rs) {
			return st
		}
		return out
	})
	return err
}

// hasRange reports whether n has a range statement.
func hasRange(n ast.Node) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if _, ok := n.(*ast.RangeStmt); ok {
			found = true
		}
		return !found
	})
	return found
}

// funcValues is the kind of function values.
var funcValues = kind{
	typ: func(t ast.Expr) bool {
		_, ok := t.(*ast.FuncType)
		return ok
	},
	value: func(e ast.Expr, _ map[string]bool) (bool, bool) {
		switch e.(type) {
		case *ast.FuncLit:
			return true, true
		case *ast.BasicLit, *ast.CompositeLit:
			return false, true
		}
		return false, false
	},
	global: func(t reflect.Type) bool { return t.Kind() == reflect.Func },
}

// funcScope is what one function (or the chunk's top level) declares:
// the names it declares as functions, with their types, and the names it
// declares as something else.
type funcScope struct {
	types map[string]*ast.FuncType
	other map[string]bool
}

// collect records, for each range statement in n, what the names of its
// scopes are, innermost function first, and the types and functions n
// declares.
func (r *rangeFuncRewrite) collect(n ast.Node) {
	r.localTypes, r.localFuncs = map[string]ast.Expr{}, map[string]*ast.FuncType{}
	r.scopes = map[*ast.RangeStmt][]funcScope{}
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.TypeSpec:
			r.localTypes[n.Name.Name] = n.Type
		case *ast.FuncDecl:
			if n.Recv == nil {
				r.localFuncs[n.Name.Name] = n.Type
			}
		}
		return true
	})
	var walk func(n ast.Node, stack []funcScope)
	walk = func(n ast.Node, stack []funcScope) {
		ast.Inspect(n, func(c ast.Node) bool {
			switch c := c.(type) {
			case *ast.FuncDecl:
				if c.Body != nil {
					walk(c.Body, append(stack[:len(stack):len(stack)], r.declared(c.Body, c.Recv, c.Type.Params, c.Type.Results)))
				}
				return false
			case *ast.FuncLit:
				walk(c.Body, append(stack[:len(stack):len(stack)], r.declared(c.Body, c.Type.Params, c.Type.Results)))
				return false
			case *ast.RangeStmt:
				r.scopes[c] = stack
			}
			return true
		})
	}
	walk(n, []funcScope{r.declared(n)})
}

// declared returns what n declares outside the functions in it, with the
// parameters in fields.
func (r *rangeFuncRewrite) declared(n ast.Node, fields ...*ast.FieldList) funcScope {
	sc := funcScope{types: map[string]*ast.FuncType{}, other: map[string]bool{}}
	set := func(id *ast.Ident, t ast.Expr) {
		ft := r.funcType(t, 0)
		switch {
		case id.Name == "_":
		case ft == nil:
			sc.other[id.Name] = true
			delete(sc.types, id.Name)
		case !sc.other[id.Name]:
			sc.types[id.Name] = ft
		}
	}
	for _, fl := range fields {
		if fl == nil {
			continue
		}
		for _, f := range fl.List {
			for _, id := range f.Names {
				set(id, f.Type)
			}
		}
	}
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncDecl:
			if n.Recv == nil {
				set(n.Name, n.Type)
			}
			return false
		case *ast.FuncLit:
			return false
		case *ast.ValueSpec:
			for i, id := range n.Names {
				switch {
				case n.Type != nil:
					set(id, n.Type)
				case len(n.Values) == len(n.Names):
					set(id, n.Values[i])
				default:
					set(id, nil)
				}
			}
		case *ast.AssignStmt:
			eachDefined(n, set)
		case *ast.RangeStmt:
			if n.Tok == token.DEFINE {
				for _, e := range []ast.Expr{n.Key, n.Value} {
					if id, ok := e.(*ast.Ident); ok {
						set(id, nil)
					}
				}
			}
		}
		return true
	})
	return sc
}

// funcType returns the func type that t, a type or a value, is or has,
// or nil: a func type or literal, a type declared as a func type, or a
// call of a function that returns one.
func (r *rangeFuncRewrite) funcType(t ast.Expr, depth int) *ast.FuncType {
	if depth > 8 {
		return nil // type A B; type B A
	}
	switch t := t.(type) {
	case *ast.FuncType:
		return t
	case *ast.FuncLit:
		return t.Type
	case *ast.ParenExpr:
		return r.funcType(t.X, depth+1)
	case *ast.Ident:
		if under, ok := r.localTypes[t.Name]; ok {
			return r.funcType(under, depth+1)
		}
		if under, ok := r.declaredType(t.Name); ok {
			return r.funcType(under, depth+1)
		}
	case *ast.CallExpr:
		id, ok := t.Fun.(*ast.Ident)
		if !ok {
			return nil
		}
		f, ok := r.localFuncs[id.Name]
		if !ok {
			f, ok = r.declaredFunc(id.Name)
		}
		if !ok || f.Results == nil || len(f.Results.List) != 1 || len(f.Results.List[0].Names) > 1 {
			return nil
		}
		return r.funcType(f.Results.List[0].Type, depth+1)
	}
	return nil
}

// rangeFuncRewrite is the state of rewriteRangeFunc in one chunk.
type rangeFuncRewrite struct {
	u          *Unit
	funcs      map[string]bool                     // names holding functions
	localTypes map[string]ast.Expr                 // types the chunk declares
	localFuncs map[string]*ast.FuncType            // functions the chunk declares
	scopes     map[*ast.RangeStmt][]funcScope      // the scopes of each range, outermost first
	sigs       map[*ast.RangeStmt]*types.Signature // the function each range is in, by the checker
}

// enclosingSignatures maps each range statement of u to the signature of
// the function it is in, where the checker knows it.
func enclosingSignatures(u *Unit) map[*ast.RangeStmt]*types.Signature {
	sigs := map[*ast.RangeStmt]*types.Signature{}
	if u.Info == nil {
		return sigs
	}
	var stack []*types.Signature
	var nodes []ast.Node
	ast.Inspect(u.Node, func(n ast.Node) bool {
		if n == nil {
			if _, ok := nodes[len(nodes)-1].(*ast.FuncDecl); ok {
				stack = stack[:len(stack)-1]
			} else if _, ok := nodes[len(nodes)-1].(*ast.FuncLit); ok {
				stack = stack[:len(stack)-1]
			}
			nodes = nodes[:len(nodes)-1]
			return true
		}
		nodes = append(nodes, n)
		switch n := n.(type) {
		case *ast.FuncDecl:
			sig, _ := u.Info.Defs[n.Name].Type().(*types.Signature)
			stack = append(stack, sig)
		case *ast.FuncLit:
			sig, _ := u.TypeOf(n).(*types.Signature)
			stack = append(stack, sig)
		case *ast.RangeStmt:
			if len(stack) > 0 && stack[len(stack)-1] != nil {
				sigs[n] = stack[len(stack)-1]
			}
		}
		return true
	})
	return sigs
}

// rewrite returns rs as a call if it ranges over a function, and rs
// otherwise. label is the loop's label, if it has one.
func (r *rangeFuncRewrite) rewrite(rs *ast.RangeStmt, label string) (ast.Stmt, error) {
	iter, isFunc := r.iterType(rs)
	if !isFunc {
		return rs, nil
	}
	name := types.ExprString(rs.X)
	fail := func(msg string) error {
		return r.u.errorAt(rs.For, msg)
	}
	yield := yieldOf(iter)
	if yield == nil {
		return nil, fail(fmt.Sprintf("range over a function (an iterator, Go 1.23) needs the iterator's type written "+
			"out in the notebook's Go interpreter: declare %s as a func(yield func(T) bool), or call it with the loop "+
			"body as its yield function, %s(func(v T) bool { ...; return true })", name, name) + CompiledHint)
	}
	var params []ast.Expr
	for _, f := range yield.Params.List {
		for range max(1, len(f.Names)) {
			params = append(params, f.Type)
		}
	}
	vars := []ast.Expr{rs.Key, rs.Value}
	if len(params) > 2 || rs.Value != nil && len(params) < 2 || rs.Key != nil && len(params) < 1 {
		return nil, fail(fmt.Sprintf("range over %s: its yield function takes %d values", name, len(params)))
	}
	sig := r.sigs[rs]
	if msg := r.unsupported(rs.Body, label, sig != nil); msg != "" {
		return nil, fail(fmt.Sprintf("the notebook's Go interpreter runs a range over a function as a call of it "+
			"with the loop body as the yield function, and %s in the body cannot be written that way: set a "+
			"variable and break, then act on it after the loop", msg) + CompiledHint)
	}
	pos := rs.For
	ident := func(name string) *ast.Ident { return &ast.Ident{NamePos: pos, Name: name} }
	var fields []*ast.Field
	var assign *ast.AssignStmt
	for i, t := range params {
		v, isIdent := vars[i].(*ast.Ident)
		switch {
		case vars[i] == nil || isIdent && v.Name == "_":
			fields = append(fields, &ast.Field{Names: []*ast.Ident{ident("_")}, Type: t})
		case rs.Tok == token.DEFINE:
			fields = append(fields, &ast.Field{Names: []*ast.Ident{ident(v.Name)}, Type: t})
		default: // for k, s.v = range f: assign the loop's variables
			p := ident(fmt.Sprintf("__y%d", i))
			fields = append(fields, &ast.Field{Names: []*ast.Ident{p}, Type: t})
			if assign == nil {
				assign = &ast.AssignStmt{TokPos: pos, Tok: token.ASSIGN}
			}
			assign.Lhs = append(assign.Lhs, vars[i])
			assign.Rhs = append(assign.Rhs, ident(p.Name))
		}
	}
	var ret *loopReturns
	if sig != nil && hasReturn(rs.Body) {
		r.u.counter++
		ret = &loopReturns{sig: sig, n: r.u.counter, pos: pos}
		ret.rewrite(rs.Body)
	}
	body := branchesAsReturns(rs.Body, label)
	if assign != nil {
		body.List = append([]ast.Stmt{assign}, body.List...)
	}
	body.List = append(body.List, &ast.ReturnStmt{Return: rs.Body.Rbrace, Results: []ast.Expr{ident("true")}})
	lit := &ast.FuncLit{
		Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{List: fields},
			Results: &ast.FieldList{List: []*ast.Field{{Type: ident("bool")}}}},
		Body: body,
	}
	call := &ast.ExprStmt{X: &ast.CallExpr{Fun: rs.X, Lparen: pos, Args: []ast.Expr{lit}, Rparen: rs.Body.Rbrace}}
	if ret == nil {
		return call, nil
	}
	return ret.around(r.u, call)
}

// loopReturns rewrites the returns of a range-over-function body, which
// become returns of the yield function: each sets a flag (and the
// results, into variables of their own: a named result may be shadowed
// in the body) and stops the loop; after the call, the enclosing function
// returns as the body said:
//
//	for x := range seq { if x > 2 { return x, nil } }
//	=>
//	{
//		var __ret1 int; var __r1_0 int; var __r1_1 error
//		seq(func(x int) bool { if x > 2 { __r1_0, __r1_1 = x, nil; __ret1 = 1; return false }; return true })
//		if __ret1 == 1 { return __r1_0, __r1_1 }
//	}
//
// A bare return (flag 2) returns the named results as they are.
type loopReturns struct {
	sig          *types.Signature
	n            int
	pos          token.Pos
	values, bare bool // the kinds of return the body has
}

func (l *loopReturns) ident(name string) *ast.Ident { return &ast.Ident{NamePos: l.pos, Name: name} }
func (l *loopReturns) flag() *ast.Ident             { return l.ident(fmt.Sprintf("__ret%d", l.n)) }
func (l *loopReturns) result(i int) *ast.Ident      { return l.ident(fmt.Sprintf("__r%d_%d", l.n, i)) }

// rewrite replaces the returns of body, outside func literals.
func (l *loopReturns) rewrite(body *ast.BlockStmt) {
	made := map[ast.Stmt]bool{} // the yield function's own returns, walked next
	replaceStmtsIn(body, func(st ast.Stmt) ast.Stmt {
		rs, ok := st.(*ast.ReturnStmt)
		if !ok || made[st] {
			return st
		}
		set := func(v string) ast.Stmt {
			return &ast.AssignStmt{Lhs: []ast.Expr{l.flag()}, TokPos: rs.Return, Tok: token.ASSIGN,
				Rhs: []ast.Expr{&ast.BasicLit{ValuePos: rs.Return, Kind: token.INT, Value: v}}}
		}
		stop := &ast.ReturnStmt{Return: rs.Return, Results: []ast.Expr{l.ident("false")}}
		made[stop] = true
		if len(rs.Results) == 0 {
			l.bare = true
			return &ast.BlockStmt{Lbrace: rs.Return, List: []ast.Stmt{set("2"), stop}, Rbrace: rs.End()}
		}
		l.values = true
		var lhs []ast.Expr
		for i := range l.sig.Results().Len() {
			lhs = append(lhs, l.result(i))
		}
		assign := &ast.AssignStmt{Lhs: lhs, TokPos: rs.Return, Tok: token.ASSIGN, Rhs: rs.Results}
		return &ast.BlockStmt{Lbrace: rs.Return, List: []ast.Stmt{assign, set("1"), stop}, Rbrace: rs.End()}
	}, false)
}

// around puts the declarations of the flag and results before the call,
// and the returns after it.
func (l *loopReturns) around(u *Unit, call ast.Stmt) (ast.Stmt, error) {
	decl := func(id *ast.Ident, typ ast.Expr) ast.Stmt {
		return &ast.DeclStmt{Decl: &ast.GenDecl{TokPos: l.pos, Tok: token.VAR, Specs: []ast.Spec{&ast.ValueSpec{Names: []*ast.Ident{id}, Type: typ}}}}
	}
	list := []ast.Stmt{decl(l.flag(), l.ident("int"))}
	var results []ast.Expr
	if l.values {
		for i := range l.sig.Results().Len() {
			typ, ok := u.typeSyntax(l.sig.Results().At(i).Type(), l.pos)
			if !ok {
				return nil, u.errorAt(l.pos, "a return in the body of a range over a function: its results' types cannot be written here"+CompiledHint)
			}
			list = append(list, decl(l.result(i), typ))
			results = append(results, l.result(i))
		}
	}
	list = append(list, call)
	when := func(v string, results []ast.Expr) ast.Stmt {
		return &ast.IfStmt{If: l.pos, Cond: &ast.BinaryExpr{X: l.flag(), OpPos: l.pos, Op: token.EQL, Y: &ast.BasicLit{ValuePos: l.pos, Kind: token.INT, Value: v}},
			Body: &ast.BlockStmt{Lbrace: l.pos, List: []ast.Stmt{&ast.ReturnStmt{Return: l.pos, Results: results}}, Rbrace: l.pos}}
	}
	if l.values {
		list = append(list, when("1", results))
	}
	if l.bare {
		list = append(list, when("2", nil))
	}
	return &ast.BlockStmt{Lbrace: l.pos, List: list, Rbrace: l.pos}, nil
}

// hasReturn reports whether body has a return statement outside func
// literals.
func hasReturn(body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			found = true
		}
		return !found
	})
	return found
}

// iterType returns the type of the function that rs ranges over, if it
// ranges over one: nil for a function whose type cannot be told.
func (r *rangeFuncRewrite) iterType(rs *ast.RangeStmt) (*ast.FuncType, bool) {
	if t := r.u.TypeOf(rs.X); t != nil {
		sig, ok := t.Underlying().(*types.Signature)
		if !ok {
			return nil, false
		}
		return r.checkedIterType(sig, rs.For), true
	}
	id, ok := rs.X.(*ast.Ident)
	if !ok {
		t := r.funcType(rs.X, 0)
		return t, t != nil
	}
	scopes := r.scopes[rs]
	for i := len(scopes) - 1; i >= 0; i-- {
		if t, ok := scopes[i].types[id.Name]; ok {
			return t, true
		}
		if scopes[i].other[id.Name] {
			return nil, false
		}
	}
	if t, ok := r.declaredFunc(id.Name); ok {
		return t, true
	}
	if !r.funcs[id.Name] {
		return nil, false
	}
	return r.globalType(id.Name), true
}

// checkedIterType writes the type the checker found an iterator to have,
// func(yield func(...) bool), or returns nil if it is not one or a type of
// its yield function cannot be written in the chunk.
func (r *rangeFuncRewrite) checkedIterType(sig *types.Signature, pos token.Pos) *ast.FuncType {
	if sig.Params().Len() != 1 || sig.Results().Len() != 0 {
		return nil
	}
	yield, ok := sig.Params().At(0).Type().Underlying().(*types.Signature)
	if !ok || yield.Results().Len() != 1 {
		return nil
	}
	var params []*ast.Field
	for v := range yield.Params().Variables() {
		e, ok := r.u.typeSyntax(v.Type(), pos)
		if !ok {
			return nil
		}
		params = append(params, &ast.Field{Type: e})
	}
	yt := &ast.FuncType{Func: pos, Params: &ast.FieldList{List: params},
		Results: &ast.FieldList{List: []*ast.Field{{Type: &ast.Ident{NamePos: pos, Name: "bool"}}}}}
	return &ast.FuncType{Func: pos, Params: &ast.FieldList{List: []*ast.Field{{Type: yt}}}}
}

// declaredFunc returns the type of a non-generic function an earlier cell
// declared.
func (r *rangeFuncRewrite) declaredFunc(name string) (*ast.FuncType, bool) {
	t, ok := r.u.Decls.FuncType(r.u.Fset, name)
	return t, ok && t.TypeParams == nil
}

// declaredType returns the non-generic type an earlier cell declared as
// name.
func (r *rangeFuncRewrite) declaredType(name string) (ast.Expr, bool) {
	ts, ok := r.u.Decls.TypeSpec(r.u.Fset, name)
	if !ok || ts.TypeParams != nil {
		return nil, false
	}
	return ts.Type, true
}

// globalType returns the type of a session variable holding a function,
// when every type in it can be written in a cell.
func (r *rangeFuncRewrite) globalType(name string) *ast.FuncType {
	g, ok := r.u.Globals.Type(name)
	if !ok || g == nil || g.Kind() != reflect.Func {
		return nil
	}
	e, _ := TypeExpr(r.u.Fset, g)
	t, _ := e.(*ast.FuncType)
	return t
}

// yieldOf returns the yield function type of an iterator type,
// func(yield func(...) bool), or nil if it is not one.
func yieldOf(iter *ast.FuncType) *ast.FuncType {
	if iter == nil || iter.Params == nil || len(iter.Params.List) != 1 || len(iter.Params.List[0].Names) > 1 ||
		iter.Results != nil && len(iter.Results.List) > 0 {
		return nil
	}
	y, ok := iter.Params.List[0].Type.(*ast.FuncType)
	if !ok || y.Results == nil || len(y.Results.List) != 1 {
		return nil
	}
	if b, ok := y.Results.List[0].Type.(*ast.Ident); !ok || b.Name != "bool" {
		return nil
	}
	return y
}

// unsupported names what in body cannot move into a yield function: a
// return (unless returns, when the enclosing function's results are
// known), a return from inside another loop over a function, a defer, a goto, a break or continue to a label outside the loop
// (label is the loop's own), or to the loop's label from inside another
// loop over a function, whose own yield function it would return from.
func (r *rangeFuncRewrite) unsupported(body *ast.BlockStmt, label string, returns bool) string {
	inside := map[string]bool{label: true}
	ast.Inspect(body, func(n ast.Node) bool {
		if ls, ok := n.(*ast.LabeledStmt); ok {
			inside[ls.Label.Name] = true
		}
		_, lit := n.(*ast.FuncLit)
		return !lit
	})
	msg := ""
	var walk func(n ast.Node, inFuncRange bool)
	walk = func(n ast.Node, inFuncRange bool) {
		ast.Inspect(n, func(c ast.Node) bool {
			if msg != "" {
				return false
			}
			switch c := c.(type) {
			case *ast.FuncLit:
				return false
			case *ast.RangeStmt:
				if _, isFunc := r.iterType(c); isFunc && c != n {
					walk(c.Body, true)
					return false
				}
			case *ast.ReturnStmt:
				switch {
				case inFuncRange:
					msg = "a return from inside another loop over a function"
				case !returns:
					msg = "a return"
				}
			case *ast.DeferStmt:
				msg = "a defer"
			case *ast.BranchStmt:
				switch {
				case c.Tok == token.GOTO:
					msg = "a goto"
				case c.Label != nil && !inside[c.Label.Name]:
					msg = fmt.Sprintf("a %s to the label %s", c.Tok, c.Label.Name)
				case c.Label != nil && c.Label.Name == label && inFuncRange:
					msg = fmt.Sprintf("a %s %s from inside another loop over a function", c.Tok, label)
				}
			}
			return msg == ""
		})
	}
	walk(body, false)
	return msg
}

// branchesAsReturns turns the break and continue statements of the loop
// being rewritten (unlabeled and not inside another loop, switch or select,
// or labeled with the loop's label) into returns of the yield function:
// continue is return true, break return false.
func branchesAsReturns(body *ast.BlockStmt, label string) *ast.BlockStmt {
	b := branchRewrite{label: label}
	b.stmts(body.List, false, false)
	return body
}

type branchRewrite struct{ label string }

func (b branchRewrite) stmts(list []ast.Stmt, inLoop, inSwitch bool) {
	for i, st := range list {
		list[i] = b.stmt(st, inLoop, inSwitch)
	}
}

func (b branchRewrite) stmt(st ast.Stmt, inLoop, inSwitch bool) ast.Stmt {
	switch st := st.(type) {
	case *ast.BranchStmt:
		ours := st.Label != nil && st.Label.Name == b.label ||
			st.Label == nil && !inLoop && (st.Tok == token.CONTINUE || !inSwitch)
		if !ours || st.Tok != token.BREAK && st.Tok != token.CONTINUE {
			return st
		}
		result := "true"
		if st.Tok == token.BREAK {
			result = "false"
		}
		return &ast.ReturnStmt{Return: st.Pos(), Results: []ast.Expr{&ast.Ident{NamePos: st.Pos(), Name: result}}}
	case *ast.BlockStmt:
		b.stmts(st.List, inLoop, inSwitch)
	case *ast.IfStmt:
		b.stmts(st.Body.List, inLoop, inSwitch)
		if st.Else != nil {
			st.Else = b.stmt(st.Else, inLoop, inSwitch)
		}
	case *ast.LabeledStmt:
		st.Stmt = b.stmt(st.Stmt, inLoop, inSwitch)
	case *ast.ForStmt:
		b.stmts(st.Body.List, true, inSwitch)
	case *ast.RangeStmt:
		b.stmts(st.Body.List, true, inSwitch)
	case *ast.SwitchStmt:
		b.clauses(st.Body, inLoop)
	case *ast.TypeSwitchStmt:
		b.clauses(st.Body, inLoop)
	case *ast.SelectStmt:
		b.clauses(st.Body, inLoop)
	}
	return st
}

func (b branchRewrite) clauses(body *ast.BlockStmt, inLoop bool) {
	for _, c := range body.List {
		switch c := c.(type) {
		case *ast.CaseClause:
			b.stmts(c.Body, inLoop, true)
		case *ast.CommClause:
			b.stmts(c.Body, inLoop, true)
		}
	}
}
