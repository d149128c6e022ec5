package cellsource

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// A Check reads a chunk and reports what it finds, as go vet's analyzers
// do. A refusing check's first finding stops the chunk with an error; the
// others' are warnings, and the chunk runs.
type Check struct {
	Name    string
	Doc     string
	Kinds   []Kind // the chunks it reads
	Refuses bool
	// After names the pass after which the check reads the chunk; "" for
	// before any.
	After string
	Run   func(u *Unit) []Diagnostic
}

// A Pass rewrites a chunk so that the interpreter runs it as Go would.
// Each is a function over the syntax tree; one that cannot rewrite a
// construct right refuses it with an error that says why.
type Pass struct {
	Name  string
	Doc   string
	Kinds []Kind // the chunks it rewrites
	Run   func(u *Unit) error
}

var (
	decls    = []Kind{Decl}
	stmts    = []Kind{Stmt}
	code     = []Kind{Decl, Stmt}
	anyChunk = []Kind{Decl, Stmt, Display}
)

// Checks run over every chunk of their kinds, in this order. The warning
// checks read the chunk once comma-ok has declared the variables of
// `v, ok :=` with their types, which tell them what v holds; a refusal of
// a redefinition comes after them, so that their warnings are shown too.
var Checks = []*Check{
	{Name: "compile-errors", Kinds: code, Refuses: true, Run: compileErrors,
		Doc: "what the Go compiler would refuse (a mismatched type, a variable declared and not used in a function), in its words"},
	{Name: "method-expression", Kinds: code, Refuses: true, After: "method-expr-func", Run: methodExpressions,
		Doc: "T.m or (*T).m on a type of the session, which the interpreter compiles but cannot call"},
	{Name: "func-type-assertions", Kinds: anyChunk, Refuses: true, Run: funcTypeAssertions,
		Doc: "a type assertion or type switch case of a func type, which the interpreter's function values never match"},
	{Name: "recursive-types", Kinds: decls, Refuses: true, Run: recursiveTypes,
		Doc: "a type made of itself with no struct between (type T []T, type F func(string) F), which the interpreter cannot build"},
	{Name: "twin-types", Kinds: anyChunk, Refuses: true, Run: twinTypes,
		Doc: "a type assertion, type switch case or comparison of an interface value with a type that the interpreter runs as another the value could hold (type Cents int, and int)"},
	{Name: "errors-as-target", Kinds: anyChunk, Refuses: true, Run: errorsAsTargets,
		Doc: "errors.As into an interface a cell declares, which the interpreter's compiled errors.As cannot check"},
	{Name: "copied-locks", Kinds: code, After: "comma-ok", Run: checkCopiedLocks,
		Doc: "a function that takes a lock by value, or a value receiver holding one (go vet's copylocks)"},
	{Name: "waitgroup-add", Kinds: code, After: "comma-ok", Run: addInGoroutine,
		Doc: "wg.Add called first thing in the goroutine it counts (go vet's waitgroup)"},
	{Name: "redefinition", Kinds: decls, After: "comma-ok", Refuses: true, Run: redefinitions,
		Doc: "a type or method declared again differently, which the interpreter would ignore"},
}

// Passes rewrite every chunk of their kinds, in this order: later passes
// see what earlier ones wrote.
var Passes = []*Pass{
	{Name: "instantiate", Kinds: anyChunk, Run: instantiate,
		Doc: "each instance of a generic function or type of the session is a plain copy for its type arguments"},
	{Name: "generic-func-values", Kinds: anyChunk, Run: genericFuncValues,
		Doc: "a generic function of another package used as a value (cmp.Compare[string], or passed on) becomes the func literal that calls it, which the interpreter makes right"},
	{Name: "method-expr-func", Kinds: anyChunk, Run: methodExprFuncs,
		Doc: "a method expression T.m or (*T).m becomes the func literal it stands for, which the interpreter can call"},
	{Name: "printf-args", Kinds: anyChunk, Run: printfArgs,
		Doc: "printf's %T prints the name of a cell's type (written out, or of an interface's value, by __rt.TypeOf), and %d of one with methods its number, which the interpreter's values lose"},
	{Name: "const-values", Kinds: code, Run: constValues,
		Doc: "each constant of a declaration is the value and type the type checker gave it, which the interpreter may compute wrongly (iota expressions of named types, untyped constants beyond int64)"},
	{Name: "shift-operands", Kinds: anyChunk, Run: shiftOperands,
		Doc: "the untyped constant shifted by a variable (1<<i) gets the type Go gives it, not int"},
	{Name: "new-expr", Kinds: anyChunk, Run: newExprs,
		Doc: "new(v) of a value (Go 1.26) points to a copy of v, which the interpreter would take for a type"},
	{Name: "method-values", Kinds: anyChunk, Run: methodValues,
		Doc: "a method value with a value receiver copies its receiver when it is evaluated, which the interpreter would bind"},
	{Name: "fold-constants", Kinds: anyChunk, Run: foldConstants,
		Doc: "a constant expression is the value the type checker computed, typed, which the interpreter may overflow or fail to compute"},
	{Name: "error-keys", Kinds: anyChunk, Run: errorKeys,
		Doc: "a key of a map keyed by error, of a cell's type, is converted to error, so that it gets the wrapper the map's keys have"},
	{Name: "array-pointers", Kinds: anyChunk, Run: arrayPointers,
		Doc: "an index, slice or range of a pointer to an array goes through the array, which the interpreter fails to reach"},
	{Name: "interface-switch", Kinds: anyChunk, Run: interfaceSwitches,
		Doc: "a switch on an interface value with cases of other types compares each case with the value, which the interpreter would convert"},
	{Name: "case-lists", Kinds: anyChunk, Run: caseLists,
		Doc: "a case of several conditions in a switch without a tag is one condition joined by ||, as the interpreter ran none"},
	{Name: "rename-main", Kinds: decls, Run: renameMainPass,
		Doc: "func main gets a name of its own, so that it runs once, when declared"},
	{Name: "call-last-main", Kinds: anyChunk, Run: callLastMainPass,
		Doc: "main() calls the func main declared last"},
	{Name: "top-level-defer", Kinds: stmts, Run: rewriteDefers,
		Doc: "a cell's defer statements run when the cell ends, arguments evaluated at the defer"},
	{Name: "defer-args", Kinds: anyChunk, Run: deferArgs,
		Doc: "a function's defer evaluates the function value and arguments at the defer statement"},
	{Name: "comma-ok", Kinds: stmts, Run: declareCommaOK,
		Doc: "v, ok := <-ch / m[k] / x.(T) at a cell's top level: variables declared first, with their types"},
	{Name: "generic-results", Kinds: stmts, Run: typeGenericResults,
		Doc: "x := g(...) / var x = g(...) at a cell's top level, g generic: x declared first, with its type"},
	{Name: "range-func", Kinds: code, Run: rewriteRangeFunc,
		Doc: "range over a function becomes a call with the body as yield"},
	{Name: "range-assign", Kinds: anyChunk, Run: rangeAssign,
		Doc: "for k, v = range x (assignment form) assigns k and v, by way of declared variables"},
	{Name: "select-assign", Kinds: anyChunk, Run: selectAssign,
		Doc: "case v = <-c (assignment form) assigns v, by way of a declared variable"},
	{Name: "parallel-assign", Kinds: anyChunk, Run: parallelAssign,
		Doc: "w, g = a+1, f(a) (several values, a call among them) assigns through declared variables"},
	{Name: "top-level-compound", Kinds: stmts, Run: func(u *Unit) error { rewriteStmts(u.body()); return nil },
		Doc: "a compound statement at a cell's top level runs in a func literal"},
	{Name: "hoist-func-args", Kinds: anyChunk, Run: func(u *Unit) error { hoistFuncArgs(u.Node, u.Fset); return nil },
		Doc: "a func literal passed to a call is bound to a variable first, to capture its iteration"},
	{Name: "any-args", Kinds: anyChunk, Run: func(u *Unit) error { anyArgs(u.Node, u.Decls); return nil },
		Doc: "arguments of a func-typed field's any parameters are converted to any"},
	{Name: "select-branches", Kinds: anyChunk, Run: func(u *Unit) error { selectBranches(u.Node, u.Fset); return nil },
		Doc: "break and continue in select cases are taken after the select"},
	{Name: "select-comma-ok", Kinds: anyChunk, Run: selectCommaOK,
		Doc: "a select's receive from a channel that is not a plain name (case v, ok := <-x.ch:) evaluates the channel into a variable first, as Go does on entry"},
	{Name: "go-call", Kinds: anyChunk, Run: goCalls,
		Doc: "go f(x) starts through __rt.Go, which recovers and reports the goroutine's panic; from a func literal, its arguments evaluated first, if f is generic or has a parameter of an interface type with methods"},
	{Name: "range-int", Kinds: anyChunk, Run: rangeInts,
		Doc: "for i := range n becomes a three-clause loop"},
	{Name: "range-chan-slice", Kinds: anyChunk, Run: rangeChanSlices,
		Doc: "a range over a slice of channels counts by index"},
	{Name: "name-params", Kinds: anyChunk, Run: func(u *Unit) error { inspect(u.Node, nameParamsOf); return nil },
		Doc: "unnamed parameters are named _"},
	{Name: "per-iteration", Kinds: anyChunk, Run: func(u *Unit) error { inspect(u.Node, perIteration); return nil },
		Doc: "each iteration of a loop gets its own loop variables (Go 1.22)"},
	{Name: "builtins", Kinds: anyChunk, Run: builtins,
		Doc: "min, max, clear, print and println, which the interpreter lacks, call the runner's"},
	{Name: "thread-target", Kinds: anyChunk, Run: func(u *Unit) error { inspect(u.Node, threadTarget); return nil },
		Doc: "threading.NewThread(worker) names its thread after worker"},
	{Name: "paren-receives", Kinds: anyChunk, Run: func(u *Unit) error { parenReceives(u.Node); return nil },
		Doc: "a stored receive (return <-c, v = <-c) is parenthesised, so its value is copied"},
}

// body returns the statements of a statement chunk.
func (u *Unit) body() *ast.BlockStmt {
	b, _ := u.Node.(*ast.BlockStmt)
	if b == nil {
		return &ast.BlockStmt{}
	}
	return b
}

// inspect calls f on every node under n.
func inspect(n ast.Node, f func(ast.Node)) {
	ast.Inspect(n, func(n ast.Node) bool {
		if n != nil {
			f(n)
		}
		return true
	})
}

func nameParamsOf(n ast.Node) {
	switch n := n.(type) {
	case *ast.FuncDecl:
		nameParams(n.Type)
	case *ast.FuncLit:
		nameParams(n.Type)
	}
}

func perIteration(n ast.Node) {
	switch n := n.(type) {
	case *ast.ForStmt:
		perIterationFor(n)
	case *ast.RangeStmt:
		perIterationRange(n)
	}
}

func threadTarget(n ast.Node) {
	if c, ok := n.(*ast.CallExpr); ok {
		nameThreadTarget(c)
	}
}

func renameMainPass(u *Unit) error {
	u.Mains = renameMain(u.File, u.Chunk.Count)
	if len(u.Mains) > 0 {
		u.main = u.Mains[len(u.Mains)-1]
	}
	return nil
}

// callLastMainPass points the uses of main in a chunk at the func main
// declared last; before any, a use is an error, as it is not the
// interpreter's to resolve.
func callLastMainPass(u *Unit) error {
	// Most chunks name main only in their wrapper: no need to parse them
	// again.
	code := strings.TrimPrefix(strings.TrimPrefix(u.Src, "package main\n"), "func main() {\n")
	if !strings.Contains(code, "main") {
		return nil
	}
	if id := callLastMain(u.Node, u.Fset, mainUses(u.Src), u.main); id != nil {
		return u.errorAt(id.Pos(), "undefined: main (no cell has declared func main yet)")
	}
	return nil
}

// selectCommaOK hoists the channels of comma-ok select cases, except in a
// select that a label names (the label must stay on the select).
func selectCommaOK(u *Unit) error {
	labeled := labeledStmts(u.Node)
	replaceStmts(u.Node, func(st ast.Stmt) ast.Stmt {
		if sel, ok := st.(*ast.SelectStmt); ok && !labeled[st] {
			return hoistCommaOk(sel, &u.counter)
		}
		return st
	})
	return nil
}

// labeledStmts returns the statements that labels name.
func labeledStmts(n ast.Node) map[ast.Stmt]bool {
	labeled := map[ast.Stmt]bool{}
	ast.Inspect(n, func(n ast.Node) bool {
		if l, ok := n.(*ast.LabeledStmt); ok {
			labeled[l.Stmt] = true
		}
		return true
	})
	return labeled
}

func goCalls(u *Unit) error {
	generic := u.Decls.IsGeneric
	if u.Chunk.Kind == Decl {
		local := map[string]bool{}
		for _, d := range u.File.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil {
				local[fd.Name.Name] = fd.Type.TypeParams != nil
			}
		}
		generic = func(name string) bool {
			if g, ok := local[name]; ok {
				return g
			}
			return u.Decls.IsGeneric(name)
		}
	}
	replaceStmts(u.Node, func(st ast.Stmt) ast.Stmt {
		if g, ok := st.(*ast.GoStmt); ok {
			if lit := u.printLiteral(g.Call); lit != nil {
				g = &ast.GoStmt{Go: g.Go, Call: lit}
			}
			return goCall(g, u.Fset.Position(g.Go), u.goRouteOf(g.Call, generic))
		}
		return st
	})
	return nil
}

// printLiteral returns, for a call of a print function of package fmt or
// log (go fmt.Println(job)), the call of a func literal that makes it with
// the arguments as its parameters, evaluated as the go statement runs: the
// interpreter gives a print call's arguments their String methods only
// when it makes the call itself. nil for another call (a method, whose
// receiver must be evaluated at the go statement too), or one whose
// arguments' types a cell cannot write there.
func (u *Unit) printLiteral(call *ast.CallExpr) *ast.CallExpr {
	if u.Info == nil || u.pkg == nil || call.Ellipsis.IsValid() || !u.printCall(call) {
		return nil
	}
	sel := ast.Unparen(call.Fun).(*ast.SelectorExpr) // printCall's
	if x, ok := sel.X.(*ast.Ident); !ok {
		return nil
	} else if _, isPkg := u.Info.Uses[x].(*types.PkgName); !isPkg {
		return nil
	}
	sig, ok := u.TypeOf(call.Fun).(*types.Signature)
	if !ok {
		return nil
	}
	pos := call.Pos()
	scope := u.pkg.Scope().Innermost(pos)
	var params []*ast.Field
	var args []ast.Expr
	for i, a := range call.Args {
		// A fixed parameter keeps the function's type (an io.Writer);
		// the values to print keep their own, whose methods print.
		var t types.Type
		if fixed := sig.Params().Len() - 1; !sig.Variadic() || i < fixed {
			t = sig.Params().At(min(i, sig.Params().Len()-1)).Type()
		} else if t = u.TypeOf(a); t == nil || isUntypedNil(t) {
			// nil, or a constant another pass wrote: as the function's
			// ...any takes it.
			t = sig.Params().At(fixed).Type().(*types.Slice).Elem()
		}
		if t == nil {
			return nil
		}
		te, ok := u.typeSyntax(types.Default(t), pos)
		if !ok || !namesTypes(te, scope, pos) {
			return nil
		}
		name := &ast.Ident{NamePos: pos, Name: fmt.Sprintf("__pa%d", i)}
		params = append(params, &ast.Field{Names: []*ast.Ident{name}, Type: te})
		args = append(args, &ast.Ident{NamePos: pos, Name: name.Name})
	}
	inner := &ast.CallExpr{Fun: call.Fun, Lparen: call.Lparen, Args: args, Rparen: call.Rparen}
	lit := &ast.FuncLit{
		Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{List: params}},
		Body: &ast.BlockStmt{Lbrace: pos, List: []ast.Stmt{&ast.ExprStmt{X: inner}}, Rbrace: call.Rparen},
	}
	return &ast.CallExpr{Fun: lit, Lparen: call.Lparen, Args: call.Args, Rparen: call.Rparen}
}

// isUntypedNil reports whether t is the type of nil.
func isUntypedNil(t types.Type) bool {
	b, ok := t.(*types.Basic)
	return ok && b.Kind() == types.UntypedNil
}

// namesTypes reports whether the names of te, a type written at pos, are
// the types and packages they name there, not variables that shadow them.
func namesTypes(te ast.Expr, scope *types.Scope, pos token.Pos) bool {
	if scope == nil {
		return false
	}
	ok := true
	ast.Inspect(te, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectorExpr:
			if x, isIdent := n.X.(*ast.Ident); isIdent {
				if _, obj := scope.LookupParent(x.Name, pos); obj != nil {
					if _, isPkg := obj.(*types.PkgName); !isPkg {
						ok = false
					}
				}
			}
			return false
		case *ast.Ident:
			if _, obj := scope.LookupParent(n.Name, pos); obj != nil {
				if _, isType := obj.(*types.TypeName); !isType {
					ok = false
				}
			}
		}
		return ok
	})
	return ok
}
func rangeInts(u *Unit) error {
	ints := namesOf(u.Node, integers, u.Globals)
	replaceStmts(u.Node, func(st ast.Stmt) ast.Stmt {
		if r, ok := st.(*ast.RangeStmt); ok && u.isInt(r.X, ints) {
			u.counter++
			return rangeInt(r, u.counter)
		}
		return st
	})
	return nil
}

// isInteger reports whether the type checker found t to be an integer.
func isInteger(t types.Type) bool {
	if t == nil {
		return false
	}
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsInteger != 0
}

// isInt reports whether x is an integer: the type checker's word where it
// has one, which knows a name in each of its scopes; else x's form and
// ints, whose names are one per chunk (a named result `c int` in one
// function is not the channel c of another).
func (u *Unit) isInt(x ast.Expr, ints map[string]bool) bool {
	if t := u.TypeOf(x); t != nil {
		return isInteger(t)
	}
	return isIntExpr(x, ints)
}

func rangeChanSlices(u *Unit) error {
	chanSlices := namesOf(u.Node, channelSlices, u.Globals)
	holders := namesOf(u.Node, channelSliceHolders, u.Globals)
	replaceStmts(u.Node, func(st ast.Stmt) ast.Stmt {
		r, ok := st.(*ast.RangeStmt)
		if !ok {
			return st
		}
		if t := u.TypeOf(r.X); t != nil {
			// The type checker's word: any slice or array of channels,
			// however it is written ([]chan int{a, b} too).
			var elem types.Type
			switch x := t.Underlying().(type) {
			case *types.Slice:
				elem = x.Elem()
			case *types.Array:
				elem = x.Elem()
			}
			if elem != nil {
				if _, ok := elem.Underlying().(*types.Chan); ok {
					return rangeByIndex(r, u.Fset)
				}
			}
			return st
		}
		if id, ok := r.X.(*ast.Ident); ok && chanSlices[id.Name] {
			return rangeByIndex(r, u.Fset)
		}
		// subs[topic], with subs a map[string][]chan T.
		if ix, ok := r.X.(*ast.IndexExpr); ok {
			if id, ok := ix.X.(*ast.Ident); ok && holders[id.Name] {
				return rangeByIndex(r, u.Fset)
			}
		}
		return st
	})
	return nil
}

func builtins(u *Unit) error {
	missing := missingBuiltins(u.Decls)
	inspect(u.Node, func(n ast.Node) {
		if c, ok := n.(*ast.CallExpr); ok {
			id, ok := c.Fun.(*ast.Ident)
			if !ok {
				return
			}
			// The type checker knows a builtin from a function, a variable
			// or a named result of the same name; without its facts, a name
			// no cell declares is the builtin.
			if obj, known := u.object(id); known {
				if _, builtin := obj.(*types.Builtin); builtin && missingBuiltin[id.Name] {
					builtinCall(c, id)
				}
			} else if missing[id.Name] {
				builtinCall(c, id)
			}
		}
	})
	return nil
}
