package cellsource

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"strconv"
	"strings"
)

// Program writes a compiled cell (%%run) as a Go program, for the Go
// toolchain rather than the interpreter: the cell's imports and
// declarations at package level, with its var declarations; its other
// statements as the body of func main; and the declarations of earlier
// cells that it uses, directly or through each other (functions, types
// with all their methods, constants), with the imports those need. A cell
// that begins with a package clause is a whole program and is taken as it
// is.
//
// The program's //line directives name the cells its lines come from, so
// that compile errors, panics and race reports say cell[3]:5. imports maps
// the package names the session has imported (and preloads) to their
// paths. A name the cell uses that only an earlier cell's variable
// provides is an error that names it: a compiled program cannot see the
// interpreter's values.
func Program(count int, cell string, decls *Index, globals Globals, imports map[string]string) (string, error) {
	if globals == nil {
		globals = NoGlobals{}
	}
	if line, ok := packageClause(cell); ok {
		return fmt.Sprintf("/*line %s:%d:1*/%s", CellName(count), line, strings.Join(strings.Split(cell, "\n")[line-1:], "\n")), nil
	}
	p := &program{count: count, decls: decls, globals: globals, imports: imports,
		defined: map[string]bool{}, own: map[string]bool{}, imported: map[string]string{}, included: map[*Written]bool{}, methods: map[string]bool{}}
	type part struct {
		seg  Segment
		info Info
		top  bool // at package level
	}
	var parts []*part
	declRefs := map[string]bool{}
	for _, seg := range Split(cell) {
		info, err := Analyze(count, seg)
		if err != nil {
			return "", err
		}
		if seg.Kind == Import {
			p.cellImports = append(p.cellImports, seg)
			for name, path := range importPaths(seg.Text) {
				p.imported[name] = path
			}
			continue
		}
		pt := &part{seg: seg, info: info, top: seg.Kind == Decl}
		parts = append(parts, pt)
		if pt.top {
			for n := range info.Refs {
				declRefs[n] = true
			}
			if len(info.MethodsOf) == 1 && len(info.Defines) == 0 {
				p.methods[info.MethodsOf[0]+"."+methodName(seg.Text)] = true
			}
		}
	}
	// A var declaration is a package-level variable, as in a program:
	// initialised before main runs, seen by the cell's functions.
	for _, pt := range parts {
		pt.top = pt.top || isVarDecl(pt.seg.Text)
	}
	locals := map[string]bool{} // what the statements in main declare
	declaresMain := false
	var main []Segment
	var free []string
	for _, pt := range parts {
		if pt.top {
			p.top = append(p.top, p.at(count, pt.seg))
			declaresMain = declaresMain || slices.Contains(pt.info.Defines, "main")
			for _, n := range pt.info.Defines {
				p.defined[n] = true
				p.own[n] = true
			}
		} else {
			main = append(main, pt.seg)
			for _, n := range pt.info.Defines {
				locals[n] = true
			}
		}
	}
	for _, pt := range parts {
		for n := range pt.info.Refs {
			switch {
			case !locals[n] || p.defined[n]:
				free = append(free, n)
			case pt.top:
				return "", fmt.Errorf("%s:%d: %s is declared in this cell's statements, which a compiled cell runs in "+
					"func main, so its declarations cannot see it: declare it with var (var %s = ...)", CellName(count), pt.seg.Line, n, n)
			}
		}
	}
	if declaresMain && len(main) > 0 {
		return "", fmt.Errorf("%s:%d: a %%%%run cell that declares func main runs that: move its other statements into main",
			CellName(count), main[0].Line)
	}
	slices.Sort(free)
	if err := p.need(slices.Compact(free)); err != nil {
		return "", err
	}

	var b strings.Builder
	b.WriteString("package main\n\n")
	for _, seg := range p.cellImports {
		b.WriteString(p.at(count, seg) + "\n")
	}
	added := make([]string, 0, len(p.added))
	for name := range p.added {
		added = append(added, name)
	}
	slices.Sort(added)
	for _, name := range added {
		fmt.Fprintf(&b, "import %s %s\n", name, strconv.Quote(p.added[name]))
	}
	for _, src := range p.earlier {
		b.WriteString("\n" + src + "\n")
	}
	for _, src := range p.top {
		b.WriteString("\n" + src + "\n")
	}
	if !declaresMain {
		b.WriteString("\nfunc main() {\n")
		for _, seg := range main {
			b.WriteString(p.at(count, seg) + "\n")
		}
		b.WriteString("}\n")
	}
	return b.String(), nil
}

type program struct {
	count   int
	decls   *Index
	globals Globals
	imports map[string]string

	cellImports []Segment
	top         []string          // the cell's package-level declarations, with their directives
	earlier     []string          // earlier cells' declarations, with theirs
	defined     map[string]bool   // names the program declares so far
	own         map[string]bool   // the package-level names the cell declares
	imported    map[string]string // the cell's imports: package name to path
	methods     map[string]bool   // the methods the cell declares, as "T.m"
	added       map[string]string // imports added for what the program uses
	included    map[*Written]bool
}

// at is a segment's text after the directive that gives its cell position.
func (p *program) at(count int, seg Segment) string {
	return fmt.Sprintf("/*line %s:%d:%d*/%s", CellName(count), seg.Line, seg.Col, seg.Text)
}

// need adds what provides each free name: an earlier cell's declaration,
// or an import; a session variable is an error.
func (p *program) need(names []string) error {
	type ref struct {
		name string
		by   *Written // the earlier declaration that uses it; nil for the cell
	}
	todo := make([]ref, len(names))
	for i, n := range names {
		todo[i] = ref{name: n}
	}
	for len(todo) > 0 {
		r := todo[0]
		todo = todo[1:]
		if path, ok := p.imported[r.name]; ok {
			if w, declared := p.decls.WrittenAs(r.name); r.by != nil && declared {
				return fmt.Errorf("this cell imports %q as %s, but %s (%s) uses the %s that %s declares: a compiled cell "+
					"is one file, with one meaning for each name; import it under another name here", path, r.name,
					strings.Join(r.by.Names, ", "), CellName(r.by.Cell), r.name, CellName(w.Cell))
			}
			if r.by != nil && p.imports[r.name] != "" && p.imports[r.name] != path {
				return fmt.Errorf("this cell imports %q as %s, but %s (%s) uses %s for %q: a compiled cell is one file, "+
					"with one meaning for each name; import it under another name here", path, r.name,
					strings.Join(r.by.Names, ", "), CellName(r.by.Cell), r.name, p.imports[r.name])
			}
			continue
		}
		if p.defined[r.name] {
			continue
		}
		if w, ok := p.decls.WrittenAs(r.name); ok && r.name != "main" {
			for _, w := range append([]*Written{w}, p.decls.MethodsWritten(r.name)...) {
				if p.included[w] || w.Receiver != "" && p.methods[w.Receiver+"."+w.Method] {
					continue // the cell declares that method anew
				}
				for _, n := range w.Names {
					if n == "_" {
						continue
					}
					if p.own[n] {
						return fmt.Errorf("%s declares %s together with %s, which this cell declares again: a compiled "+
							"cell cannot take one without the other; declare %s in this cell too", CellName(w.Cell), r.name, n, r.name)
					}
					if now, _ := p.decls.WrittenAs(n); now != w {
						return fmt.Errorf("%s declares %s together with %s, which %s declared again: a compiled cell "+
							"cannot take one without the other; declare %s again in a cell of its own",
							CellName(w.Cell), r.name, n, CellName(now.Cell), r.name)
					}
				}
				p.included[w] = true
				p.earlier = append(p.earlier, p.at(w.Cell, w.Seg))
				for _, n := range w.Names {
					p.defined[n] = true
				}
				for n := range w.Refs {
					todo = append(todo, ref{name: n, by: w})
				}
			}
			continue
		}
		if _, ok := p.globals.Type(r.name); ok {
			if r.by != nil {
				return fmt.Errorf("%s (%s) uses %s, a variable of the notebook's session, whose value lives in the "+
					"interpreter: a compiled cell (%%%%run) cannot read it. Pass it to %s as an argument instead",
					strings.Join(r.by.Names, ", "), CellName(r.by.Cell), r.name, strings.Join(r.by.Names, ", "))
			}
			return fmt.Errorf("%s is a variable of the notebook's session, whose value lives in the interpreter: "+
				"a compiled cell (%%%%run) cannot read it. Declare it in this cell", r.name)
		}
		if path, ok := p.imports[r.name]; ok {
			if p.added == nil {
				p.added = map[string]string{}
			}
			p.added[r.name] = path
			p.defined[r.name] = true
		}
	}
	return nil
}

// packageClause reports whether a cell is a whole program, and the line
// of its package clause.
func packageClause(cell string) (int, bool) {
	for i, line := range strings.Split(cell, "\n") {
		t := strings.TrimSpace(line)
		if t == "" || strings.HasPrefix(t, "//") {
			continue
		}
		return i + 1, t == "package main" || strings.HasPrefix(t, "package main ") || strings.HasPrefix(t, "package main;")
	}
	return 0, false
}

// IsProgram reports whether a cell is a whole program: it begins with
// package main.
func IsProgram(cell string) bool {
	_, ok := packageClause(cell)
	return ok
}

// isVarDecl reports whether a statement segment is a var declaration,
// which a program keeps at package level, where functions see it.
func isVarDecl(src string) bool {
	f, err := parser.ParseFile(token.NewFileSet(), "", "package p\nfunc _() {\n"+src+"\n}", parser.SkipObjectResolution)
	if err != nil {
		return false
	}
	body := f.Decls[0].(*ast.FuncDecl).Body.List
	if len(body) != 1 {
		return false
	}
	ds, ok := body[0].(*ast.DeclStmt)
	return ok && ds.Decl.(*ast.GenDecl).Tok == token.VAR
}

// importPaths returns the package names an import segment binds, with
// their paths.
func importPaths(src string) map[string]string {
	f, err := parser.ParseFile(token.NewFileSet(), "", "package p\n"+src, parser.ImportsOnly)
	if err != nil {
		return nil
	}
	paths := map[string]string{}
	for _, sp := range f.Imports {
		name, path, _ := strings.Cut(ImportKey(sp), " ")
		paths[name] = path
	}
	return paths
}
