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
		return fmt.Sprintf("//line %s:%d\n%s", CellName(count), line, strings.Join(strings.Split(cell, "\n")[line-1:], "\n")), nil
	}
	p := &program{count: count, decls: decls, globals: globals, imports: imports,
		defined: map[string]bool{}, imported: map[string]bool{}, included: map[*Written]bool{}}
	var free []string
	var main []Segment
	declaresMain := false
	for _, seg := range Split(cell) {
		info, err := Analyze(count, seg)
		if err != nil {
			return "", err
		}
		switch {
		case seg.Kind == Import:
			p.cellImports = append(p.cellImports, seg)
			for _, name := range importNames(seg.Text) {
				p.imported[name] = true
			}
			continue
		case seg.Kind == Decl || isVarDecl(seg.Text):
			p.top = append(p.top, p.at(count, seg))
			declaresMain = declaresMain || slices.Contains(info.Defines, "main")
		default:
			main = append(main, seg)
		}
		for _, n := range info.Defines {
			p.defined[n] = true
		}
		for n := range info.Refs {
			free = append(free, n)
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
	imported    map[string]bool   // package names the cell imports
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
	for len(names) > 0 {
		name := names[0]
		names = names[1:]
		if p.defined[name] || p.imported[name] {
			continue
		}
		if w, ok := p.decls.WrittenAs(name); ok && name != "main" {
			for _, w := range append([]*Written{w}, p.decls.MethodsWritten(name)...) {
				if p.included[w] {
					continue
				}
				p.included[w] = true
				p.earlier = append(p.earlier, p.at(w.Cell, w.Seg))
				for _, n := range w.Names {
					p.defined[n] = true
				}
				for n := range w.Refs {
					names = append(names, n)
				}
			}
			continue
		}
		if _, ok := p.globals.Type(name); ok {
			return fmt.Errorf("%s is a variable of the notebook's session, whose value lives in the interpreter: "+
				"a compiled cell (%%%%run) cannot read it. Declare it in this cell", name)
		}
		if path, ok := p.imports[name]; ok {
			if p.added == nil {
				p.added = map[string]string{}
			}
			p.added[name] = path
			p.defined[name] = true
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

// importNames returns the package names an import segment binds.
func importNames(src string) []string {
	f, err := parser.ParseFile(token.NewFileSet(), "", "package p\n"+src, parser.ImportsOnly)
	if err != nil {
		return nil
	}
	var names []string
	for _, sp := range f.Imports {
		key := ImportKey(sp)
		names = append(names, key[:strings.Index(key, " ")])
	}
	return names
}
