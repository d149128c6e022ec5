package cellsource

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"reflect"
	"strings"
	"unicode"
)

// The interpreter's generics fail in many ways that Go's do not (type
// arguments inferred through a constraint's core type, a generic
// constructor called in a statement, methods of a generic type used with
// two type arguments, a generic type embedding another), so cells never
// hand it an instantiation: pass instantiate writes, for each generic
// function or type of the session and each list of type arguments the
// type checker found it instantiated with (types.Info.Instances), a plain
// copy of the declaration with the type parameters replaced by the
// arguments: Pair[string, int] becomes the type Pairᐸstringˏintᐳ, with
// copies of Pair's methods. The copy of a generic function that
// instantiates another generic copies that one for the arguments its own
// instance gives (transitively). A call of another package's generic
// function whose type arguments were inferred gets them written out
// (slices.Clone(v) becomes slices.Clone[Vec, float64](v)), which the
// interpreter's generic sources handle where its inference fails.
//
// A copy's name is the generic's with its type arguments in letters that
// look like Go's brackets, which no cell writes: it reads as the instance
// in the interpreter's errors (GoNames turns it back), and printf-args
// writes %T of a copy as Go prints the instance (main.Pair[string,int]).
// The copies are made once a session: a later chunk uses the copy an
// earlier one made, unless the generic declaration changed since.
//
// The generic declarations stay as written, for the type checker and for
// the copies later cells need; the interpreter only declares them.

// copyRunes spell the type arguments' source in a copy's name.
var copyRunes = map[rune]rune{'[': 'ᐸ', ']': 'ᐳ', ',': 'ˏ', '.': 'ꓸ', '*': 'ᕽ', '(': 'ᑕ', ')': 'ᑐ', ' ': 'ˑ'}

// goRunes turn copyRunes back.
var goRunes = func() *strings.Replacer {
	var pairs []string
	for g, c := range copyRunes {
		pairs = append(pairs, string(c), string(g))
	}
	return strings.NewReplacer(pairs...)
}()

// GoNames writes the copies of generic declarations named in msg (an
// interpreter's error) as Go writes the instances: Pairᐸstringˏintᐳ
// becomes Pair[string,int].
func GoNames(msg string) string {
	if !strings.ContainsRune(msg, 'ᐸ') {
		return msg
	}
	return goRunes.Replace(msg)
}

// isCopyName reports whether name is the name of a copy.
func isCopyName(name string) bool { return strings.ContainsRune(name, 'ᐸ') }

// A copyRecord is a copy of a generic declaration a chunk made, for the
// chunks that use it later.
type copyRecord struct {
	isType  bool
	generic string // the declaration's source (with its methods'), to tell it changed
	// goExpr is the instance in Go ("Pair[string, int]"), with the packages
	// it names and the names it uses: the type checker's alias of the copy.
	goExpr  string
	imports map[string]string
	refs    []string
	display string // the instance as reflect names it, for %T
}

// copyRecord returns the record of the copy name, made by this chunk or an
// earlier one; nil for a name that is no copy.
func (u *Unit) copyRecord(name string) *copyRecord {
	if !isCopyName(name) {
		return nil
	}
	if c, ok := u.copies[name]; ok {
		return c
	}
	if u.compiler == nil {
		return nil
	}
	return u.compiler.copies[name]
}

// made reports whether this chunk declares the copy name.
func (u *Unit) made(name string) bool {
	_, ok := u.copies[name]
	return ok
}

// copyDisplay returns how reflect names the instance the copy name stands
// for.
func (u *Unit) copyDisplay(name string) (string, bool) {
	if c := u.copyRecord(name); c != nil && c.isType {
		return c.display, true
	}
	return "", false
}

// instantiator makes the copies of one chunk.
type instantiator struct {
	u    *Unit
	info *types.Info
	// generics are the generic declarations of the session and the chunk:
	// *ast.FuncDecl for a function, *ast.TypeSpec for a type, by object.
	generics map[types.Object]ast.Node
	methods  map[types.Object][]*ast.FuncDecl // of generic types
	out      []ast.Decl                       // the copies, in the order made
	seen     map[string]bool                  // the copies named so far
	used     bool                             // the chunk names a copy or an instance
	err      error
	// composites holds the identifiers in composite literals' elements.
	composites map[*ast.Ident]bool
}

// instantiate is the pass.
func instantiate(u *Unit) error {
	if u.Info == nil || len(u.Info.Instances) == 0 {
		return nil
	}
	in := &instantiator{u: u, info: u.Info, generics: map[types.Object]ast.Node{}, methods: map[types.Object][]*ast.FuncDecl{},
		seen: map[string]bool{}}
	files := []*ast.File{u.File}
	if u.sessionFile != nil {
		files = append(files, u.sessionFile)
	}
	for _, f := range files {
		in.findGenerics(f)
	}
	u.copies, u.copyRefs = map[string]*copyRecord{}, map[string]bool{}
	decls := u.File.Decls
	for i, d := range decls {
		if in.isGeneric(d) {
			continue
		}
		decls[i] = in.copyTree(d, nil).(ast.Decl)
		if in.err != nil {
			return in.err
		}
	}
	if !in.used {
		return nil
	}
	switch u.Chunk.Kind {
	case Decl:
		u.File.Decls = append(u.File.Decls, in.out...)
		u.Node = u.File
	default:
		u.Node = u.File.Decls[len(u.File.Decls)-1].(*ast.FuncDecl).Body
		if len(in.out) > 0 {
			// At the chunk's position: the interpreter keys a file's
			// declarations by its file name.
			u.Copies = &ast.File{Package: u.File.Package, Name: &ast.Ident{NamePos: u.File.Name.Pos(), Name: "main"}, Decls: in.out}
		}
	}
	// The passes after this one read the copies: they get the type
	// checker's facts of the chunk as it now is.
	var extra []*ast.File
	if u.Copies != nil {
		extra = append(extra, u.Copies)
	}
	if info, _ := u.compiler.Types.check(u, extra); info != nil {
		u.Info = info
	}
	return nil
}

// findGenerics records the generic declarations of f and the methods of
// its generic types.
func (in *instantiator) findGenerics(f *ast.File) {
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil {
				if d.Type.TypeParams != nil {
					if obj := in.info.Defs[d.Name]; obj != nil {
						in.generics[obj] = d
					}
				}
				continue
			}
			if len(d.Recv.List) != 1 {
				continue
			}
			if id := receiverIdent(d.Recv.List[0].Type); id != nil {
				if obj, ok := in.info.Uses[id].(*types.TypeName); ok && isGenericNamed(obj.Type()) {
					in.methods[obj] = append(in.methods[obj], d)
				}
			}
		case *ast.GenDecl:
			for _, sp := range d.Specs {
				if ts, ok := sp.(*ast.TypeSpec); ok && ts.TypeParams != nil {
					if obj := in.info.Defs[ts.Name]; obj != nil {
						in.generics[obj] = ts
					}
				}
			}
		}
	}
}

// isGeneric reports whether d declares a generic function or type, or a
// method of one: it stays as written.
func (in *instantiator) isGeneric(d ast.Decl) bool {
	switch d := d.(type) {
	case *ast.FuncDecl:
		if d.Type.TypeParams != nil {
			return true
		}
		if d.Recv != nil && len(d.Recv.List) == 1 {
			if id := receiverIdent(d.Recv.List[0].Type); id != nil {
				obj, _ := in.info.Uses[id].(*types.TypeName)
				return obj != nil && isGenericNamed(obj.Type())
			}
		}
	case *ast.GenDecl:
		for _, sp := range d.Specs {
			if ts, ok := sp.(*ast.TypeSpec); ok && ts.TypeParams != nil {
				return true
			}
		}
	}
	return false
}

// receiverIdent is the type name of a receiver: T in T, *T, T[K], *T[K].
func receiverIdent(e ast.Expr) *ast.Ident {
	for {
		switch x := e.(type) {
		case *ast.StarExpr:
			e = x.X
		case *ast.ParenExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.IndexListExpr:
			e = x.X
		case *ast.Ident:
			return x
		default:
			return nil
		}
	}
}

func isGenericNamed(t types.Type) bool {
	n, ok := t.(*types.Named)
	return ok && n.TypeParams().Len() > 0
}

// env maps the type parameters of the declaration being copied to its
// type arguments.
type env map[*types.TypeParam]types.Type

// copyTree copies n, replacing what names a type parameter of env, an
// instance, or an embedded field of an instance's type. The copy keeps
// n's positions and drops its comments.
func (in *instantiator) copyTree(n ast.Node, e env) ast.Node {
	return in.copyValue(reflect.ValueOf(n), e).Interface().(ast.Node)
}

var (
	nodeType    = reflect.TypeFor[ast.Node]()
	commentType = reflect.TypeFor[*ast.CommentGroup]()
	objectType  = reflect.TypeFor[*ast.Object]()
	scopeType   = reflect.TypeFor[*ast.Scope]()
)

func (in *instantiator) copyValue(v reflect.Value, e env) reflect.Value {
	switch v.Kind() {
	case reflect.Interface:
		if v.IsNil() {
			return v
		}
		out := reflect.New(v.Type()).Elem()
		out.Set(in.copyValue(v.Elem(), e))
		return out
	case reflect.Pointer:
		if v.IsNil() || v.Type() == commentType || v.Type() == objectType || v.Type() == scopeType {
			return reflect.Zero(v.Type())
		}
		if v.Type().Implements(nodeType) {
			if r := in.replace(v.Interface().(ast.Node), e); r != nil {
				return reflect.ValueOf(r)
			}
		}
		out := reflect.New(v.Type().Elem())
		out.Elem().Set(in.copyValue(v.Elem(), e))
		return out
	case reflect.Slice:
		if v.IsNil() {
			return v
		}
		out := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		for i := range v.Len() {
			out.Index(i).Set(in.copyValue(v.Index(i), e))
		}
		return out
	case reflect.Struct:
		out := reflect.New(v.Type()).Elem()
		for i := range v.NumField() {
			if out.Field(i).CanSet() {
				out.Field(i).Set(in.copyValue(v.Field(i), e))
			}
		}
		return out
	}
	return v
}

// replace returns what stands for n in a copy under e, or nil to copy n.
func (in *instantiator) replace(n ast.Node, e env) ast.Node {
	switch n := n.(type) {
	case *ast.Ident:
		switch obj := in.info.Uses[n].(type) {
		case *types.TypeName:
			if tp, ok := obj.Type().(*types.TypeParam); ok {
				if t, ok := e[tp]; ok {
					return in.typeExpr(t, n.Pos())
				}
			}
		case *types.Var:
			// An embedded field of an instance is named for its type.
			if obj.Embedded() && obj.IsField() {
				if name, ok := in.copyOfType(obj.Type(), e); ok {
					return &ast.Ident{NamePos: n.Pos(), Name: name}
				}
			}
		}
		if inst, ok := in.info.Instances[n]; ok {
			return in.instance(n, n, inst, e)
		}
	case *ast.SelectorExpr:
		if inst, ok := in.info.Instances[n.Sel]; ok {
			return in.instance(n, n.Sel, inst, e)
		}
	case *ast.IndexExpr:
		if id := instanceIdent(n.X); id != nil {
			if inst, ok := in.info.Instances[id]; ok {
				return in.instance(n.X, id, inst, e)
			}
		}
	case *ast.IndexListExpr:
		if id := instanceIdent(n.X); id != nil {
			if inst, ok := in.info.Instances[id]; ok {
				return in.instance(n.X, id, inst, e)
			}
		}
	}
	return nil
}

// instanceIdent is the name an instance's generic goes by: F in F[int],
// Clone in slices.Clone[S].
func instanceIdent(x ast.Expr) *ast.Ident {
	switch x := x.(type) {
	case *ast.Ident:
		return x
	case *ast.SelectorExpr:
		return x.Sel
	}
	return nil
}

// instance returns what stands for an instance, named by x (F, pkg.F)
// whose name is id: the copy of a generic of the session, or another
// package's generic with every type argument written.
func (in *instantiator) instance(x ast.Expr, id *ast.Ident, inst types.Instance, e env) ast.Node {
	if in.err != nil {
		return nil
	}
	obj := in.info.Uses[id]
	if obj == nil || obj.Pkg() == nil {
		return nil
	}
	args := make([]types.Type, inst.TypeArgs.Len())
	for i := range args {
		args[i] = subst(inst.TypeArgs.At(i), e)
		if hasTypeParam(args[i]) {
			return nil // in a generic declaration: its copies instantiate it
		}
	}
	in.used = true
	if obj.Pkg().Path() == "main" {
		name := in.copyOf(obj, args, id.Pos())
		if name == "" {
			return nil
		}
		return &ast.Ident{NamePos: id.Pos(), Name: name}
	}
	if w := in.u.compiler.TypeArgsWritable; w != nil && !w(obj.Pkg().Path(), obj.Name()) {
		return nil
	}
	if in.inComposite(id) {
		// Written out in a composite literal's element, the interpreter
		// takes the instance for a type ([]any{slices.Contains[[]int,
		// int](xs, 7)}: "not a generic type"); left to its inference.
		return nil
	}
	indices := make([]ast.Expr, len(args))
	for i, t := range args {
		indices[i] = in.typeExpr(t, id.Pos())
	}
	if in.err != nil {
		in.err = nil // a type argument the cell cannot write: left to the interpreter
		return nil
	}
	var fun ast.Expr = &ast.Ident{NamePos: id.Pos(), Name: id.Name}
	if sel, ok := x.(*ast.SelectorExpr); ok {
		fun = &ast.SelectorExpr{X: in.copyTree(sel.X, e).(ast.Expr), Sel: fun.(*ast.Ident)}
	}
	if len(indices) == 1 {
		// The interpreter takes a list of one for another thing.
		return &ast.IndexExpr{X: fun, Lbrack: id.End(), Index: indices[0], Rbrack: id.End()}
	}
	return &ast.IndexListExpr{X: fun, Lbrack: id.End(), Indices: indices, Rbrack: id.End()}
}

// copyOfType returns the name of the copy that t (or *t), under e, is: ok
// is false for a type that is not an instance of the session's generics.
func (in *instantiator) copyOfType(t types.Type, e env) (string, bool) {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(subst(t, e)).(*types.Named)
	if !ok || n.TypeArgs().Len() == 0 || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() != "main" || hasTypeParam(n) {
		return "", false
	}
	args := make([]types.Type, n.TypeArgs().Len())
	for i := range args {
		args[i] = n.TypeArgs().At(i)
	}
	name := in.copyOf(n.Origin().Obj(), args, n.Obj().Pos())
	return name, name != ""
}

// copyOf returns the name of the copy of the generic obj for args, making
// it unless this chunk or an earlier one made it from the same
// declaration; "" with in.err set when it cannot be made.
func (in *instantiator) copyOf(obj types.Object, args []types.Type, at token.Pos) string {
	name, ok := in.copyName(obj, args, at)
	if !ok {
		return ""
	}
	if in.seen[name] {
		return name
	}
	in.seen[name] = true
	in.u.copyRefs[name] = true
	decl, ok := in.generics[obj]
	if !ok {
		in.err = in.u.errorAt(at, fmt.Sprintf("cannot instantiate %s: its declaration is not at hand%s", obj.Name(), CompiledHint))
		return ""
	}
	methods := in.methods[obj]
	rec := &copyRecord{isType: isTypeName(obj), generic: in.declSource(decl, methods)}
	rec.goExpr, rec.imports, rec.refs = instanceSource(obj, args)
	if rec.isType {
		rec.display, _ = reflectName(instanceType(obj, args), in.u.copyDisplay)
	}
	if old := in.u.compiler.copies[name]; old != nil && old.generic == rec.generic {
		return name // made before: the earlier chunk's copy serves
	}
	in.u.copies[name] = rec
	switch decl := decl.(type) {
	case *ast.FuncDecl:
		fd := in.copyTree(decl, bind(obj.Type().(*types.Signature).TypeParams(), args)).(*ast.FuncDecl)
		fd.Name = &ast.Ident{NamePos: decl.Name.Pos(), Name: name}
		fd.Type.TypeParams = nil
		in.out = append(in.out, fd)
	case *ast.TypeSpec:
		ts := in.copyTree(decl, bind(obj.Type().(*types.Named).TypeParams(), args)).(*ast.TypeSpec)
		ts.Name = &ast.Ident{NamePos: decl.Name.Pos(), Name: name}
		ts.TypeParams = nil
		in.out = append(in.out, &ast.GenDecl{TokPos: decl.Pos(), Tok: token.TYPE, Specs: []ast.Spec{ts}})
		for _, md := range methods {
			fn, ok := in.info.Defs[md.Name].(*types.Func)
			if !ok {
				continue
			}
			m := in.copyTree(md, bind(fn.Signature().RecvTypeParams(), args)).(*ast.FuncDecl)
			recv := m.Recv.List[0]
			var typ ast.Expr = &ast.Ident{NamePos: recv.Type.Pos(), Name: name}
			if _, ptr := md.Recv.List[0].Type.(*ast.StarExpr); ptr {
				typ = &ast.StarExpr{Star: recv.Type.Pos(), X: typ}
			}
			recv.Type = typ
			in.out = append(in.out, m)
		}
	}
	return name
}

func isTypeName(obj types.Object) bool {
	_, ok := obj.(*types.TypeName)
	return ok
}

// bind maps the type parameters tps to args.
func bind(tps *types.TypeParamList, args []types.Type) env {
	e := env{}
	for i := range min(tps.Len(), len(args)) {
		e[tps.At(i)] = args[i]
	}
	return e
}

// declSource is the source of a generic declaration and its methods.
func (in *instantiator) declSource(decl ast.Node, methods []*ast.FuncDecl) string {
	var b strings.Builder
	b.WriteString(source(in.u.Fset, decl))
	for _, m := range methods {
		b.WriteString("\n" + source(in.u.Fset, m))
	}
	return b.String()
}

// copyName names the copy of obj for args: Pairᐸstringˏintᐳ. A type
// argument that the copy, at package level, cannot name (a type declared
// inside a function) is refused.
func (in *instantiator) copyName(obj types.Object, args []types.Type, at token.Pos) (string, bool) {
	var b strings.Builder
	b.WriteString(obj.Name() + "ᐸ")
	for i, t := range args {
		if !typeWritable(t) {
			in.err = in.u.errorAt(at, fmt.Sprintf("%s instantiated with %s, a type declared inside a function: the notebook's "+
				"interpreter runs generics as copies declared at package level, where that type is not known; declare it "+
				"at the top level of a cell%s", obj.Name(), types.TypeString(t, relativeTo), CompiledHint))
			return "", false
		}
		if i > 0 {
			b.WriteRune('ˏ')
		}
		for _, r := range types.TypeString(t, relativeTo) {
			if c, ok := copyRunes[r]; ok {
				b.WriteRune(c)
			} else if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' {
				b.WriteRune(r)
			} else {
				fmt.Fprintf(&b, "ǂ%xǂ", r)
			}
		}
	}
	b.WriteString("ᐳ")
	return b.String(), true
}

// relativeTo qualifies other packages' names by their package's name.
func relativeTo(p *types.Package) string {
	if p.Path() == "main" {
		return ""
	}
	return p.Name()
}

// instanceSource writes obj[args] as Go source, with the packages and
// names it uses.
func instanceSource(obj types.Object, args []types.Type) (src string, imports map[string]string, refs []string) {
	imports = map[string]string{}
	refs = []string{obj.Name()}
	parts := make([]string, len(args))
	for i, t := range args {
		s, imp, r := typeSource(t)
		parts[i] = s
		for k, v := range imp {
			imports[k] = v
		}
		refs = append(refs, r...)
	}
	return obj.Name() + "[" + strings.Join(parts, ", ") + "]", imports, refs
}

// instanceType is the instance obj[args] of a generic type.
func instanceType(obj types.Object, args []types.Type) types.Type {
	t, err := types.Instantiate(nil, obj.Type(), args, false)
	if err != nil {
		return obj.Type()
	}
	return t
}

// typeExpr writes t as an expression of the copies' world: instances of
// the session's generics are their copies.
func (in *instantiator) typeExpr(t types.Type, at token.Pos) ast.Expr {
	src := in.typeString(t, at)
	x, err := parser.ParseExpr(src)
	if err != nil {
		if in.err == nil {
			in.err = in.u.errorAt(at, fmt.Sprintf("cannot write the type %s%s", types.TypeString(t, relativeTo), CompiledHint))
		}
		return &ast.Ident{NamePos: at, Name: "_"}
	}
	// Parsed apart, its positions would point nowhere: all are at.
	ast.Inspect(x, func(n ast.Node) bool {
		setPos(n, at)
		return true
	})
	// A type that does not end its own syntax (*T, func() T, chan T) is
	// parenthesised, to stay one type where a conversion calls it.
	switch x.(type) {
	case *ast.StarExpr, *ast.FuncType, *ast.ChanType:
		return &ast.ParenExpr{Lparen: at, X: x, Rparen: at}
	}
	return x
}

// setPos moves the positions of a node that was parsed apart to at.
func setPos(n ast.Node, at token.Pos) {
	if n == nil {
		return
	}
	v := reflect.ValueOf(n)
	if v.Kind() != reflect.Pointer || v.IsNil() {
		return
	}
	v = v.Elem()
	if v.Kind() != reflect.Struct {
		return
	}
	for i := range v.NumField() {
		if f := v.Field(i); f.Type() == posType && f.CanSet() && f.Int() != 0 {
			f.SetInt(int64(at))
		}
	}
}

var posType = reflect.TypeFor[token.Pos]()

// typeString writes t as Go source, an instance of the session's
// generics as its copy (made if need be).
func (in *instantiator) typeString(t types.Type, at token.Pos) string {
	switch t := t.(type) {
	case *types.Alias:
		return in.typeString(types.Unalias(t), at)
	case *types.Named:
		obj := t.Obj()
		if t.TypeArgs().Len() > 0 && obj.Pkg() != nil && obj.Pkg().Path() == "main" {
			args := make([]types.Type, t.TypeArgs().Len())
			for i := range args {
				args[i] = t.TypeArgs().At(i)
			}
			if name := in.copyOf(t.Origin().Obj(), args, at); name != "" {
				return name
			}
			return "_"
		}
		if t.TypeArgs().Len() > 0 {
			parts := make([]string, t.TypeArgs().Len())
			for i := range parts {
				parts[i] = in.typeString(t.TypeArgs().At(i), at)
			}
			return relativeName(obj) + "[" + strings.Join(parts, ", ") + "]"
		}
		return relativeName(obj)
	case *types.Pointer:
		return "*" + in.typeString(t.Elem(), at)
	case *types.Slice:
		return "[]" + in.typeString(t.Elem(), at)
	case *types.Array:
		return fmt.Sprintf("[%d]%s", t.Len(), in.typeString(t.Elem(), at))
	case *types.Map:
		return "map[" + in.typeString(t.Key(), at) + "]" + in.typeString(t.Elem(), at)
	case *types.Chan:
		prefix := map[types.ChanDir]string{types.SendRecv: "chan ", types.SendOnly: "chan<- ", types.RecvOnly: "<-chan "}[t.Dir()]
		elem := in.typeString(t.Elem(), at)
		if c, ok := t.Elem().(*types.Chan); ok && t.Dir() == types.SendRecv && c.Dir() == types.RecvOnly {
			elem = "(" + elem + ")"
		}
		return prefix + elem
	case *types.Signature:
		return "func" + in.signatureString(t, at)
	case *types.Struct:
		var b strings.Builder
		b.WriteString("struct{")
		for i := range t.NumFields() {
			if i > 0 {
				b.WriteString("; ")
			}
			f := t.Field(i)
			if !f.Embedded() {
				b.WriteString(f.Name() + " ")
			}
			b.WriteString(in.typeString(f.Type(), at))
			if tag := t.Tag(i); tag != "" {
				b.WriteString(" " + fmt.Sprintf("%q", tag))
			}
		}
		b.WriteString("}")
		return b.String()
	}
	return types.TypeString(t, relativeTo)
}

func (in *instantiator) signatureString(sig *types.Signature, at token.Pos) string {
	tuple := func(tup *types.Tuple, variadic bool) string {
		parts := make([]string, tup.Len())
		for i := range parts {
			pt := tup.At(i).Type()
			if variadic && i == tup.Len()-1 {
				parts[i] = "..." + in.typeString(pt.(*types.Slice).Elem(), at)
				continue
			}
			parts[i] = in.typeString(pt, at)
		}
		return strings.Join(parts, ", ")
	}
	s := "(" + tuple(sig.Params(), sig.Variadic()) + ")"
	switch sig.Results().Len() {
	case 0:
	case 1:
		s += " " + tuple(sig.Results(), false)
	default:
		s += " (" + tuple(sig.Results(), false) + ")"
	}
	return s
}

// relativeName is obj's name as package main writes it.
func relativeName(obj *types.TypeName) string {
	if obj.Pkg() == nil || obj.Pkg().Path() == "main" {
		return obj.Name()
	}
	return obj.Pkg().Name() + "." + obj.Name()
}

// hasTypeParam reports whether t mentions a type parameter.
func hasTypeParam(t types.Type) bool {
	found := false
	eachType(t, func(t types.Type) bool {
		if _, ok := t.(*types.TypeParam); ok {
			found = true
		}
		return !found
	})
	return found
}

// subst returns t with the type parameters of e replaced by their
// arguments.
func subst(t types.Type, e env) types.Type {
	if len(e) == 0 || !hasTypeParam(t) {
		return t
	}
	switch t := t.(type) {
	case *types.TypeParam:
		if a, ok := e[t]; ok {
			return a
		}
		return t
	case *types.Alias:
		return subst(types.Unalias(t), e)
	case *types.Named:
		args := make([]types.Type, t.TypeArgs().Len())
		for i := range args {
			args[i] = subst(t.TypeArgs().At(i), e)
		}
		if n, err := types.Instantiate(nil, t.Origin(), args, false); err == nil {
			return n
		}
		return t
	case *types.Pointer:
		return types.NewPointer(subst(t.Elem(), e))
	case *types.Slice:
		return types.NewSlice(subst(t.Elem(), e))
	case *types.Array:
		return types.NewArray(subst(t.Elem(), e), t.Len())
	case *types.Map:
		return types.NewMap(subst(t.Key(), e), subst(t.Elem(), e))
	case *types.Chan:
		return types.NewChan(t.Dir(), subst(t.Elem(), e))
	case *types.Signature:
		return types.NewSignatureType(nil, nil, nil, substTuple(t.Params(), e), substTuple(t.Results(), e), t.Variadic())
	case *types.Struct:
		fields := make([]*types.Var, t.NumFields())
		tags := make([]string, t.NumFields())
		for i := range fields {
			f := t.Field(i)
			fields[i] = types.NewField(f.Pos(), f.Pkg(), f.Name(), subst(f.Type(), e), f.Embedded())
			tags[i] = t.Tag(i)
		}
		return types.NewStruct(fields, tags)
	}
	return t
}

func substTuple(tup *types.Tuple, e env) *types.Tuple {
	vars := make([]*types.Var, tup.Len())
	for i := range vars {
		v := tup.At(i)
		vars[i] = types.NewParam(v.Pos(), v.Pkg(), v.Name(), subst(v.Type(), e))
	}
	return types.NewTuple(vars...)
}

// inComposite reports whether id is inside an element of a composite
// literal of the chunk.
func (in *instantiator) inComposite(id *ast.Ident) bool {
	if in.composites == nil {
		in.composites = map[*ast.Ident]bool{}
		ast.Inspect(in.u.Node, func(n ast.Node) bool {
			if cl, ok := n.(*ast.CompositeLit); ok {
				for _, e := range cl.Elts {
					ast.Inspect(e, func(n ast.Node) bool {
						if id, ok := n.(*ast.Ident); ok {
							in.composites[id] = true
						}
						return true
					})
				}
			}
			return true
		})
	}
	return in.composites[id]
}
