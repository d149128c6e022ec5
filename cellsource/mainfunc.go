package cellsource

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
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
