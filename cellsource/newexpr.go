package cellsource

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
)

// new(expr). Since Go 1.26 new's argument may be a value: new(42) is a
// pointer to a new int holding 42. The interpreter knows only new(T) and
// takes 42 for a type: the pointer it gives points to zero, with no error.
// The type checker tells a value from a type, and gives the value's type,
// so new(v) becomes a call of a func literal that copies v into a new
// variable and returns its address:
//
//	new(42)  =>  func() *int { var v int = 42; return &v }()
//
// Where the type cannot be written at the call (a package the cell has not
// imported), or without the checker's facts a value is plain to see
// (new(42), new(a+b)), the cell is refused: a pointer to zero would be a
// wrong answer.

// newValueName is the variable of the func literal; the argument is
// evaluated before it is declared, so it cannot be shadowed by it.
const newValueName = "__new"

func newExprs(u *Unit) error {
	var err error
	ast.Inspect(u.Node, func(n ast.Node) bool {
		c, ok := n.(*ast.CallExpr)
		if !ok || err != nil || len(c.Args) != 1 || !u.isBuiltin(c.Fun, "new") {
			return err == nil
		}
		arg := c.Args[0]
		if isType, known := u.IsType(arg); isType || (!known && !plainValue(arg)) {
			return true
		}
		pos := c.Pos()
		typ, ok := u.typeSource(arg, pos)
		if !ok {
			v := source(u.Fset, arg)
			err = u.errorAt(arg.Pos(), "new("+v+"): the interpreter would take the value for a type, and its type cannot be written "+
				"here (it names a package the session has not imported, or a type declared inside a function): write v := "+v+" and use &v"+CompiledHint)
			return false
		}
		// new(v) => (func() *T { var __new T = v; return &__new })()
		ptr, _ := u.typeSource(arg, pos) // a tree of its own for each use
		id := func() *ast.Ident { return &ast.Ident{NamePos: pos, Name: newValueName} }
		lit := &ast.FuncLit{
			Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{}, Results: &ast.FieldList{List: []*ast.Field{{Type: &ast.StarExpr{Star: pos, X: ptr}}}}},
			Body: &ast.BlockStmt{Lbrace: pos, List: []ast.Stmt{
				&ast.DeclStmt{Decl: &ast.GenDecl{TokPos: pos, Tok: token.VAR, Specs: []ast.Spec{&ast.ValueSpec{Names: []*ast.Ident{id()}, Type: typ, Values: []ast.Expr{arg}}}}},
				&ast.ReturnStmt{Return: pos, Results: []ast.Expr{&ast.UnaryExpr{OpPos: pos, Op: token.AND, X: id()}}},
			}, Rbrace: c.Rparen},
		}
		c.Fun = &ast.ParenExpr{Lparen: pos, X: lit, Rparen: pos}
		c.Args = nil
		return true
	})
	return err
}

// isBuiltin reports whether fun names the builtin called name: by the
// checker's facts, or without them by its name.
func (u *Unit) isBuiltin(fun ast.Expr, name string) bool {
	id, ok := unparen(fun).(*ast.Ident)
	if !ok || id.Name != name {
		return false
	}
	if obj, known := u.object(id); known {
		_, ok := obj.(*types.Builtin)
		return ok
	}
	return true
}

// plainValue reports whether e cannot be a type, by its syntax alone.
func plainValue(e ast.Expr) bool {
	switch e := unparen(e).(type) {
	case *ast.BasicLit, *ast.BinaryExpr, *ast.CompositeLit, *ast.FuncLit:
		return true
	case *ast.UnaryExpr:
		return e.Op != token.MUL
	}
	return false
}

// typeSource returns the type of value e as syntax the chunk can use at
// pos: an untyped constant has its default type, and every package the
// type names must be one the session has imported under that name.
func (u *Unit) typeSource(e ast.Expr, pos token.Pos) (ast.Expr, bool) {
	t := u.TypeOf(e)
	if t == nil || !typeWritable(t) {
		return nil, false
	}
	w := typeWriter{pos: pos, imports: u.sessionImports(), ok: true}
	x := w.expr(types.Default(t))
	return x, w.ok
}

// typeWriter writes types as syntax, at one position.
type typeWriter struct {
	pos     token.Pos
	imports map[string]string // the session's: package name -> path
	ok      bool              // false once a type could not be written
}

func (w *typeWriter) ident(name string) *ast.Ident { return &ast.Ident{NamePos: w.pos, Name: name} }

func (w *typeWriter) expr(t types.Type) ast.Expr {
	switch t := t.(type) {
	case *types.Basic:
		if t.Info()&types.IsUntyped != 0 || t.Kind() == types.Invalid {
			w.ok = false
		}
		return w.ident(t.Name())
	case *types.Alias:
		return w.named(t.Obj(), t.TypeArgs())
	case *types.Named:
		return w.named(t.Obj(), t.TypeArgs())
	case *types.Pointer:
		return &ast.StarExpr{Star: w.pos, X: w.expr(t.Elem())}
	case *types.Slice:
		return &ast.ArrayType{Lbrack: w.pos, Elt: w.expr(t.Elem())}
	case *types.Array:
		return &ast.ArrayType{Lbrack: w.pos, Len: &ast.BasicLit{ValuePos: w.pos, Kind: token.INT, Value: strconv.FormatInt(t.Len(), 10)}, Elt: w.expr(t.Elem())}
	case *types.Map:
		return &ast.MapType{Map: w.pos, Key: w.expr(t.Key()), Value: w.expr(t.Elem())}
	case *types.Chan:
		dir := map[types.ChanDir]ast.ChanDir{types.SendRecv: ast.SEND | ast.RECV, types.SendOnly: ast.SEND, types.RecvOnly: ast.RECV}[t.Dir()]
		elem := w.expr(t.Elem())
		if e, ok := t.Elem().(*types.Chan); ok && e.Dir() == types.RecvOnly && t.Dir() != types.RecvOnly {
			elem = &ast.ParenExpr{Lparen: w.pos, X: elem, Rparen: w.pos} // chan (<-chan T), not chan<- chan T
		}
		return &ast.ChanType{Begin: w.pos, Arrow: w.pos, Dir: dir, Value: elem}
	case *types.Signature:
		return w.funcType(t)
	case *types.Struct:
		fields := &ast.FieldList{Opening: w.pos, Closing: w.pos}
		for i := range t.NumFields() {
			f := t.Field(i)
			field := &ast.Field{Type: w.expr(f.Type())}
			if !f.Embedded() {
				field.Names = []*ast.Ident{w.ident(f.Name())}
			}
			if tag := t.Tag(i); tag != "" {
				field.Tag = &ast.BasicLit{ValuePos: w.pos, Kind: token.STRING, Value: strconv.Quote(tag)}
			}
			fields.List = append(fields.List, field)
		}
		return &ast.StructType{Struct: w.pos, Fields: fields}
	case *types.Interface:
		methods := &ast.FieldList{Opening: w.pos, Closing: w.pos}
		for i := range t.NumEmbeddeds() {
			methods.List = append(methods.List, &ast.Field{Type: w.expr(t.EmbeddedType(i))})
		}
		for i := range t.NumExplicitMethods() {
			m := t.ExplicitMethod(i)
			methods.List = append(methods.List, &ast.Field{Names: []*ast.Ident{w.ident(m.Name())}, Type: w.funcType(m.Type().(*types.Signature))})
		}
		return &ast.InterfaceType{Interface: w.pos, Methods: methods}
	case *types.TypeParam:
		return w.ident(t.Obj().Name())
	}
	w.ok = false // a union, a tuple: not the type of a value
	return w.ident("any")
}

// named writes a named type: its package's name (the session's import of
// it) and name, and its type arguments.
func (w *typeWriter) named(obj *types.TypeName, args *types.TypeList) ast.Expr {
	var x ast.Expr = w.ident(obj.Name())
	if p := obj.Pkg(); p != nil && p.Path() != "main" {
		if w.imports[p.Name()] != p.Path() {
			w.ok = false
		}
		x = &ast.SelectorExpr{X: w.ident(p.Name()), Sel: w.ident(obj.Name())}
	}
	if args.Len() == 0 {
		return x
	}
	var list []ast.Expr
	for a := range args.Types() {
		list = append(list, w.expr(a))
	}
	return &ast.IndexListExpr{X: x, Lbrack: w.pos, Indices: list, Rbrack: w.pos}
}

func (w *typeWriter) funcType(sig *types.Signature) *ast.FuncType {
	fields := func(tuple *types.Tuple, variadic bool) *ast.FieldList {
		list := &ast.FieldList{Opening: w.pos, Closing: w.pos}
		for i := range tuple.Len() {
			var x ast.Expr
			if variadic && i == tuple.Len()-1 {
				x = &ast.Ellipsis{Ellipsis: w.pos, Elt: w.expr(tuple.At(i).Type().(*types.Slice).Elem())}
			} else {
				x = w.expr(tuple.At(i).Type())
			}
			list.List = append(list.List, &ast.Field{Type: x})
		}
		return list
	}
	return &ast.FuncType{Func: w.pos, Params: fields(sig.Params(), sig.Variadic()), Results: fields(sig.Results(), false)}
}
