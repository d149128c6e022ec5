package session

import (
	"bytes"
	"go/ast"
	"go/printer"
	"go/token"
	"slices"
	"sort"
	"sync"
)

// index remembers the declarations of every cell, for completion and
// inspection: yaegi can list live variables but not the functions, types
// and methods a session declared, nor show their source.
type index struct {
	mu    sync.Mutex
	decls map[string]string // top-level name -> declaration source
	// methods maps a receiver type name to its methods' signatures.
	methods map[string]map[string]string
	// fields maps a struct type name to its field names, in order. yaegi's
	// runtime types of interpreted structs carry no name, so completion
	// matches a value to its type by these.
	fields map[string][]string
}

func newIndex() *index {
	return &index{decls: map[string]string{}, methods: map[string]map[string]string{}, fields: map[string][]string{}}
}

// add records the declarations of a compiled file.
func (x *index) add(fset *token.FileSet, f *ast.File) {
	x.mu.Lock()
	defer x.mu.Unlock()
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			sig := source(fset, &ast.FuncDecl{Recv: d.Recv, Name: d.Name, Type: d.Type})
			if d.Recv == nil {
				x.decls[d.Name.Name] = sig
				continue
			}
			recv := receiverName(d.Recv.List[0].Type)
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
					if st, ok := sp.Type.(*ast.StructType); ok {
						var names []string
						for _, f := range st.Fields.List {
							for _, n := range f.Names {
								names = append(names, n.Name)
							}
							if len(f.Names) == 0 {
								names = append(names, receiverName(f.Type))
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

// lookup returns the source of a top-level declaration.
func (x *index) lookup(name string) (string, bool) {
	x.mu.Lock()
	defer x.mu.Unlock()
	src, ok := x.decls[name]
	return src, ok
}

// names returns every top-level name declared so far.
func (x *index) names() []string {
	x.mu.Lock()
	defer x.mu.Unlock()
	names := make([]string, 0, len(x.decls))
	for n := range x.decls {
		names = append(names, n)
	}
	return names
}

// methodsOf returns the method signatures of a named type, sorted by name.
func (x *index) methodsOf(typeName string) []string {
	x.mu.Lock()
	defer x.mu.Unlock()
	var sigs []string
	for _, sig := range x.methods[typeName] {
		sigs = append(sigs, sig)
	}
	sort.Strings(sigs)
	return sigs
}

// methodsOfStruct returns the method names of every struct type declared
// with exactly these field names.
func (x *index) methodsOfStruct(fields []string) []string {
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

// receiverName returns T for receivers T, *T, T[K] and *T[K].
func receiverName(e ast.Expr) string {
	for {
		switch t := e.(type) {
		case *ast.StarExpr:
			e = t.X
		case *ast.IndexExpr:
			e = t.X
		case *ast.IndexListExpr:
			e = t.X
		case *ast.Ident:
			return t.Name
		default:
			return ""
		}
	}
}

// source prints an AST node as Go source.
func source(fset *token.FileSet, n any) string {
	var b bytes.Buffer
	if err := printer.Fprint(&b, fset, n); err != nil {
		return ""
	}
	return b.String()
}
