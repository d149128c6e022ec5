package cellsource

import (
	"fmt"
	"go/ast"
	"go/token"
	"maps"
	"slices"
)

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

// anyArgs converts the arguments that a func-typed struct field takes as
// `any` explicitly: in `j.run(w)`, with `run func(x any)` and w a string,
// yaegi hands the function its internal wrapper of w instead of w; with
// j.run(any(w)) the value arrives intact. Fields are known from the struct
// types the session and n declare; a name that is also a method is left
// alone, as the call might be the method's.
func anyArgs(n ast.Node, idx *Index) {
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

// missingBuiltins are the Go 1.21 builtins the interpreter lacks that the
// runner provides (__rt.Clear, __rt.Print, __rt.Println and Prelude's), minus any the learner has defined under the same name.
func missingBuiltins(decls *Index) map[string]bool {
	m := maps.Clone(missingBuiltin)
	for name := range m {
		if _, ok := decls.Lookup(name); ok {
			delete(m, name)
		}
	}
	return m
}

// missingBuiltin are the builtins the interpreter lacks.
var missingBuiltin = map[string]bool{"min": true, "max": true, "clear": true, "print": true, "println": true}

// builtinCall rewrites a call of min, max, clear, print or println in
// place: min(a, b, c) becomes __min2(a, __min2(b, c)), helpers defined in
// the session's prelude, clear(x) becomes __rt.Clear(x) and println(x)
// __rt.Println(x) (package session's print.go).
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

func isBuiltinFunc(name string) bool {
	switch name {
	case "append", "cap", "clear", "close", "complex", "copy", "delete", "imag", "len",
		"make", "max", "min", "new", "panic", "print", "println", "real", "recover":
		return true
	}
	return false
}

// Prelude declares the helpers that rewritten cells call, which the
// runner compiles before the first cell: __min2 and __max2, for min and
// max (see builtinCall).
const Prelude = `package main

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
