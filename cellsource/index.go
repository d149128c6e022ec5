package cellsource

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"slices"
	"sort"
	"strings"
	"sync"
)

// An Index remembers the declarations of every cell: the passes need the
// types and signatures earlier cells declared, and completion and
// inspection show them (an interpreter can list live variables, but not the
// functions, types and methods a session declared, nor their source). Its
// methods are safe for concurrent use.
type Index struct {
	mu    sync.Mutex
	decls map[string]string // top-level name -> declaration source
	// methods maps a receiver type name to its methods' signatures.
	methods map[string]map[string]string
	// fields maps a struct type name to its field names, in order. yaegi's
	// runtime types of interpreted structs carry no name, so completion
	// matches a value to its type by these.
	fields map[string][]string
	// defined maps "type T" and "method T.M" to the source that declared
	// them and its cell, to catch redefinitions yaegi would ignore.
	defined map[string]Definition
	// generic holds the names of generic functions, which cannot be
	// started through reflection (see goCall).
	generic map[string]bool
	// anyParams maps a struct type name to its func-typed fields and the
	// positions of their `any` parameters (see anyArgs).
	anyParams map[string]map[string][]int
	// written holds the declarations as the learner wrote them, by the
	// names they declare, and methods by "T.m", for compiled cells.
	written map[string]*Written
	// boxed holds the names of the types whose values cells put into
	// interfaces (see boxedTypes).
	boxed map[string]bool
}

// Written is a package-level declaration of a cell as the learner wrote
// it: a compiled cell that uses what it declares is given its source.
type Written struct {
	Seg      Segment // its text, and where it was in its cell
	Cell     int     // the cell's execution count
	Names    []string
	Receiver string          // for methods: the type's name
	Method   string          // and the method's
	Refs     map[string]bool // the names it uses and does not declare
}

// A Definition is the source of a type or method declaration and the cell
// that declared it, to catch redefinitions an interpreter would ignore.
type Definition struct {
	Src  string
	Cell int
	Pos  token.Pos
}

// NewIndex returns an empty Index.
func NewIndex() *Index {
	return &Index{decls: map[string]string{}, methods: map[string]map[string]string{}, fields: map[string][]string{},
		defined: map[string]Definition{}, generic: map[string]bool{}, anyParams: map[string]map[string][]int{},
		written: map[string]*Written{}, boxed: map[string]bool{}}
}

// Add records the declarations of a compiled file.
func (x *Index) Add(fset *token.FileSet, f *ast.File) {
	x.mu.Lock()
	defer x.mu.Unlock()
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			sig := source(fset, &ast.FuncDecl{Recv: d.Recv, Name: d.Name, Type: d.Type})
			if d.Recv == nil {
				x.decls[d.Name.Name] = sig
				x.generic[d.Name.Name] = d.Type.TypeParams != nil
				continue
			}
			recv := ReceiverName(d.Recv.List[0].Type)
			if x.methods[recv] == nil {
				x.methods[recv] = map[string]string{}
			}
			x.methods[recv][d.Name.Name] = sig
		case *ast.GenDecl:
			for _, sp := range d.Specs {
				switch sp := sp.(type) {
				case *ast.TypeSpec:
					x.decls[sp.Name.Name] = "type " + source(fset, sp)
					delete(x.fields, sp.Name.Name)
					delete(x.anyParams, sp.Name.Name)
					if st, ok := sp.Type.(*ast.StructType); ok {
						x.anyParams[sp.Name.Name] = funcFieldAnyParams(st)
						var names []string
						for _, f := range st.Fields.List {
							for _, n := range f.Names {
								names = append(names, n.Name)
							}
							if len(f.Names) == 0 {
								names = append(names, ReceiverName(f.Type))
							}
						}
						x.fields[sp.Name.Name] = names
					}
				case *ast.ValueSpec:
					for _, n := range sp.Names {
						x.decls[n.Name] = d.Tok.String() + " " + source(fset, sp)
					}
				}
			}
		}
	}
}

// Definitions returns the types and methods f declares, keyed "type T" or
// "method T.M". It must be called before f is rewritten: rewrites embed
// positions, and the same code run in another cell must compare equal.
func Definitions(fset *token.FileSet, f *ast.File, cell int) map[string]Definition {
	defs := map[string]Definition{}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv != nil && len(d.Recv.List) > 0 {
				key := "method " + ReceiverName(d.Recv.List[0].Type) + "." + d.Name.Name
				defs[key] = Definition{Src: source(fset, d), Cell: cell, Pos: d.Name.Pos()}
			}
		case *ast.GenDecl:
			for _, sp := range d.Specs {
				if ts, ok := sp.(*ast.TypeSpec); ok {
					defs["type "+ts.Name.Name] = Definition{Src: source(fset, ts), Cell: cell, Pos: ts.Name.Pos()}
				}
			}
		}
	}
	return defs
}

// Redefined returns a declaration among defs that differs from an earlier
// one of the same name, and that earlier one.
func (x *Index) Redefined(defs map[string]Definition) (key string, now, before Definition, ok bool) {
	x.mu.Lock()
	defer x.mu.Unlock()
	for k, d := range defs {
		if old, found := x.defined[k]; found && old.Src != d.Src {
			return k, d, old, true
		}
	}
	return "", Definition{}, Definition{}, false
}

// Define records defs once they have compiled.
func (x *Index) Define(defs map[string]Definition) {
	x.mu.Lock()
	defer x.mu.Unlock()
	for k, d := range defs {
		if _, found := x.defined[k]; !found {
			x.defined[k] = d
		}
	}
}

// anyParamFields returns, by field name, the positions of the `any`
// parameters of the func-typed fields of the session's struct types, and
// the names of all methods declared so far.
func (x *Index) anyParamFields() (fields map[string][]int, methods map[string]bool) {
	x.mu.Lock()
	defer x.mu.Unlock()
	fields, methods = map[string][]int{}, map[string]bool{}
	for _, fs := range x.anyParams {
		mergeAnyParams(fields, fs)
	}
	for _, ms := range x.methods {
		for m := range ms {
			methods[m] = true
		}
	}
	return fields, methods
}

// funcFieldAnyParams returns every named field of st with the positions of
// its `any` (or interface{}) parameters: none for a field that is not a
// func or has no such parameter, so that merging with another type's
// same-named field keeps nothing.
func funcFieldAnyParams(st *ast.StructType) map[string][]int {
	out := map[string][]int{}
	for _, f := range st.Fields.List {
		ft, ok := f.Type.(*ast.FuncType)
		if !ok {
			for _, name := range f.Names {
				out[name.Name] = nil
			}
			continue
		}
		var pos []int
		i := 0
		for _, p := range ft.Params.List {
			n := max(len(p.Names), 1)
			if isEmptyInterface(p.Type) {
				for k := range n {
					pos = append(pos, i+k)
				}
			}
			i += n
		}
		for _, name := range f.Names {
			out[name.Name] = pos
		}
	}
	return out
}

// mergeAnyParams adds fs to into. For a field name that several types use,
// only the positions that are `any` in all of them are kept: a call cannot
// tell the types apart.
func mergeAnyParams(into, fs map[string][]int) {
	for name, pos := range fs {
		have, ok := into[name]
		if !ok {
			into[name] = pos
			continue
		}
		var both []int
		for _, p := range pos {
			if slices.Contains(have, p) {
				both = append(both, p)
			}
		}
		into[name] = both
	}
}

// isEmptyInterface reports whether e is `any` or `interface{}`.
func isEmptyInterface(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name == "any"
	case *ast.InterfaceType:
		return e.Methods == nil || len(e.Methods.List) == 0
	}
	return false
}

// IsGeneric reports whether name is a generic function of the session.
func (x *Index) IsGeneric(name string) bool {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.generic[name]
}

// Lookup returns the source of a top-level declaration.
func (x *Index) Lookup(name string) (string, bool) {
	x.mu.Lock()
	defer x.mu.Unlock()
	src, ok := x.decls[name]
	return src, ok
}

// FuncType returns the signature of the function an earlier cell declared
// as name, parsed into fset.
func (x *Index) FuncType(fset *token.FileSet, name string) (*ast.FuncType, bool) {
	d, ok := x.parsed(fset, name, "func ")
	if !ok {
		return nil, false
	}
	fd, ok := d.(*ast.FuncDecl)
	if !ok {
		return nil, false
	}
	return fd.Type, true
}

// TypeSpec returns the type an earlier cell declared as name, parsed into
// fset.
func (x *Index) TypeSpec(fset *token.FileSet, name string) (*ast.TypeSpec, bool) {
	d, ok := x.parsed(fset, name, "type ")
	if !ok {
		return nil, false
	}
	gd, ok := d.(*ast.GenDecl)
	if !ok || len(gd.Specs) != 1 {
		return nil, false
	}
	ts, ok := gd.Specs[0].(*ast.TypeSpec)
	return ts, ok
}

// parsed parses the declaration of name, if it starts with kind.
func (x *Index) parsed(fset *token.FileSet, name, kind string) (ast.Decl, bool) {
	src, ok := x.Lookup(name)
	if !ok || !strings.HasPrefix(src, kind) {
		return nil, false
	}
	f, err := parser.ParseFile(fset, "", "package p\n"+src, parser.SkipObjectResolution)
	if err != nil || len(f.Decls) != 1 {
		return nil, false
	}
	return f.Decls[0], true
}

// write records a declaration segment of cell count, as written.
func (x *Index) write(count int, seg Segment) {
	info, err := Analyze(count, seg)
	if err != nil {
		return
	}
	w := &Written{Seg: seg, Cell: count, Names: info.Defines, Refs: info.Refs}
	x.mu.Lock()
	defer x.mu.Unlock()
	for _, n := range info.Defines {
		if n != "_" {
			x.written[n] = w
		}
	}
	if len(info.MethodsOf) == 1 && len(info.Defines) == 0 {
		w.Receiver, w.Method = info.MethodsOf[0], methodName(seg.Text)
		x.written[w.Receiver+"."+w.Method] = w
	}
}

// methodName is the name of the method a declaration's text declares.
func methodName(src string) string {
	f, err := parser.ParseFile(token.NewFileSet(), "", "package p\n"+src, parser.SkipObjectResolution)
	if err != nil || len(f.Decls) != 1 {
		return ""
	}
	if fd, ok := f.Decls[0].(*ast.FuncDecl); ok {
		return fd.Name.Name
	}
	return ""
}

// WrittenAs returns the declaration of name as a cell wrote it.
func (x *Index) WrittenAs(name string) (*Written, bool) {
	x.mu.Lock()
	defer x.mu.Unlock()
	w, ok := x.written[name]
	return w, ok
}

// Box records that cells put values of the types named into interfaces.
func (x *Index) Box(names map[string]bool) {
	x.mu.Lock()
	defer x.mu.Unlock()
	for n := range names {
		x.boxed[n] = true
	}
}

// Boxed reports whether a cell put a value of the type name into an
// interface.
func (x *Index) Boxed(name string) bool {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.boxed[name]
}

// TypeNames returns the names of the types cells declared, sorted.
func (x *Index) TypeNames() []string {
	x.mu.Lock()
	defer x.mu.Unlock()
	var names []string
	for name, d := range x.decls {
		if strings.HasPrefix(d, "type ") {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return names
}

// MethodsWritten returns the methods cells declared on the type name, as
// written, in the order of their cells and lines.
func (x *Index) MethodsWritten(typ string) []*Written {
	x.mu.Lock()
	defer x.mu.Unlock()
	var ws []*Written
	for _, w := range x.written {
		if w.Receiver == typ {
			ws = append(ws, w)
		}
	}
	slices.SortFunc(ws, func(a, b *Written) int {
		if a.Cell != b.Cell {
			return a.Cell - b.Cell
		}
		return a.Seg.Line - b.Seg.Line
	})
	return ws
}

// Names returns every top-level name declared so far.
func (x *Index) Names() []string {
	x.mu.Lock()
	defer x.mu.Unlock()
	names := make([]string, 0, len(x.decls))
	for n := range x.decls {
		names = append(names, n)
	}
	return names
}

// MethodsOf returns the method signatures of a named type, sorted by name.
func (x *Index) MethodsOf(typeName string) []string {
	x.mu.Lock()
	defer x.mu.Unlock()
	var sigs []string
	for _, sig := range x.methods[typeName] {
		sigs = append(sigs, sig)
	}
	sort.Strings(sigs)
	return sigs
}

// StructNamed returns the name of the one struct type the session declared
// with these fields, in order.
func (x *Index) StructNamed(fields []string) (string, bool) {
	x.mu.Lock()
	defer x.mu.Unlock()
	found := ""
	for typ, fs := range x.fields {
		if slices.Equal(fs, fields) {
			if found != "" {
				return "", false // two types alike: cannot tell
			}
			found = typ
		}
	}
	return found, found != ""
}

// MethodsOfStruct returns the method names of every struct type declared
// with exactly these field names.
func (x *Index) MethodsOfStruct(fields []string) []string {
	x.mu.Lock()
	defer x.mu.Unlock()
	var names []string
	for typ, fs := range x.fields {
		if slices.Equal(fs, fields) {
			for name := range x.methods[typ] {
				names = append(names, name)
			}
		}
	}
	return names
}

// source prints an AST node as Go source.
func source(fset *token.FileSet, n any) string {
	var b bytes.Buffer
	if err := printer.Fprint(&b, fset, n); err != nil {
		return ""
	}
	return b.String()
}
