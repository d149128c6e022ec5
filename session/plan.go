package session

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"strings"

	"github.com/gothreads/gothreads/cellsource"
)

// sourceName is the file name every chunk is parsed under. yaegi keys a
// file's imports by its name, so one constant name makes the imports of one
// cell visible in the next.
const sourceName = "_.go"

// cell is one cell being run.
type cell struct {
	name  string // "cell[3]", used in error positions
	count int
	src   string
}

// chunk is a run of segments compiled together: imports, declarations
// (compiled as a file), or statements (compiled as a block in the global
// scope).
type chunk struct {
	kind  cellsource.Kind
	count int // the cell's execution count
	segs  []cellsource.Segment
}

// linesPerCell spaces out the line numbers of different cells. Every chunk
// is parsed under the same file name (see sourceName), so a position
// reported from a function declared cells ago is told apart by its line:
// line L of the cell with count N is line N*linesPerCell+L.
const (
	linesPerCell = 10000
	maxCells     = 100000 // keeps lines below go/scanner's limit of 1<<30
)

// lineDirective makes positions in what follows name the segment's line and
// column in its cell.
func lineDirective(count int, seg cellsource.Segment) string {
	line := (count%maxCells)*linesPerCell + seg.Line
	return fmt.Sprintf("/*line %s:%d:%d*/", sourceName, line, seg.Col)
}

// cellLine splits a reported line number into the cell count and the line
// within that cell.
func cellLine(line int) (count, cellLine int) {
	return line / linesPerCell, line % linesPerCell
}

// source returns the chunk as a Go file.
func (ch chunk) source() string {
	var b strings.Builder
	b.WriteString("package main\n")
	if ch.kind != cellsource.Import && ch.kind != cellsource.Decl {
		b.WriteString("func main() {\n")
	}
	for _, seg := range ch.segs {
		b.WriteString(lineDirective(ch.count, seg))
		b.WriteString(seg.Text)
		b.WriteString("\n")
	}
	if ch.kind != cellsource.Import && ch.kind != cellsource.Decl {
		b.WriteString("}\n")
	}
	return b.String()
}

// displaySource returns the final expression wrapped in a call that records
// its value.
func (ch chunk) displaySource() string {
	seg := ch.segs[0]
	// The call gets the expression's position too: a panic while the
	// expression is evaluated is reported at the call.
	at := lineDirective(ch.count, seg)
	return "package main\nfunc main() {\n" + at + "__rt.Display(" + at + seg.Text + ",\n)\n}\n"
}

// plan turns a cell into the chunks to run, in order: new imports first,
// then declarations hoisted ahead of statements (so that a cell may call a
// function it declares further down), then the rest in source order, with
// the final expression, if any, in a chunk of its own.
//
// A declaration stays in place when it refers to a name a statement of the
// same cell defines, or to a declaration that stays in place.
func (s *Session) plan(c *cell) ([]chunk, error) {
	segs := cellsource.Split(c.src)
	info := make([]segInfo, len(segs))
	for i, seg := range segs {
		var err error
		if info[i], err = analyze(c.count, seg); err != nil {
			return nil, err
		}
	}

	defined := map[string]bool{} // names defined by statements
	for i, seg := range segs {
		if seg.Kind == cellsource.Stmt {
			for _, n := range info[i].defines {
				defined[n] = true
			}
		}
	}
	hoist := make([]bool, len(segs))
	for i, seg := range segs {
		hoist[i] = seg.Kind == cellsource.Decl
	}
	for changed := true; changed; {
		changed = false
		for i := range segs {
			if hoist[i] && info[i].refersTo(defined) {
				hoist[i] = false
				changed = true
				for _, n := range info[i].defines {
					defined[n] = true
				}
			}
		}
	}

	var chunks []chunk
	add := func(kind cellsource.Kind, seg cellsource.Segment) {
		if n := len(chunks); n > 0 && chunks[n-1].kind == kind && kind != cellsource.Display {
			chunks[n-1].segs = append(chunks[n-1].segs, seg)
			return
		}
		chunks = append(chunks, chunk{kind: kind, count: c.count, segs: []cellsource.Segment{seg}})
	}
	for _, seg := range segs {
		if seg.Kind == cellsource.Import {
			add(cellsource.Import, seg)
		}
	}
	for i, seg := range segs {
		if hoist[i] {
			add(cellsource.Decl, seg)
		}
	}
	order := inPlaceOrder(segs, info, hoist)
	for k, i := range order {
		seg := segs[i]
		switch {
		case k == len(order)-1 && i == len(segs)-1 && info[i].displayable:
			add(cellsource.Display, seg)
		default:
			add(seg.Kind, seg)
		}
	}
	return chunks, nil
}

// inPlaceOrder orders the segments that are neither imports nor hoisted:
// statements in source order, and each declaration after the segments that
// define the names it uses, and before those that use its names. Go lets a
// package-level function use a variable declared below it
// (`func g() { println(n) }` then `var n = 1`); in a cell that variable is
// a statement's, so the function must come after it to compile. Otherwise
// source order holds. When the constraints contradict each other (a
// statement calls the function before the variable it needs is declared),
// source order is kept, and the compiler says what is undefined.
func inPlaceOrder(segs []cellsource.Segment, info []segInfo, hoist []bool) []int {
	var idx []int
	for i, seg := range segs {
		if seg.Kind != cellsource.Import && !hoist[i] {
			idx = append(idx, i)
		}
	}
	// before[b][a]: segment a must run before segment b.
	before := map[int]map[int]bool{}
	must := func(a, b int) {
		if before[b] == nil {
			before[b] = map[int]bool{}
		}
		before[b][a] = true
	}
	for x, a := range idx {
		for _, b := range idx[x+1:] {
			switch {
			case segs[a].Kind == cellsource.Stmt && segs[b].Kind == cellsource.Stmt:
				must(a, b) // statements keep their order
			case uses(info[b], info[a]):
				must(a, b)
			case uses(info[a], info[b]):
				must(b, a)
			}
		}
	}
	// Kahn's algorithm, taking the earliest segment in source order that
	// is free to run.
	var order []int
	done := map[int]bool{}
	for len(order) < len(idx) {
		next := -1
		for _, i := range idx {
			if done[i] {
				continue
			}
			free := true
			for a := range before[i] {
				if !done[a] {
					free = false
					break
				}
			}
			if free {
				next = i
				break
			}
		}
		if next < 0 {
			return idx // a cycle: source order
		}
		done[next] = true
		order = append(order, next)
	}
	return order
}

// uses reports whether segment u refers to a name that segment d defines,
// or to a type whose methods d declares (a statement calling a method must
// come after it).
func uses(u, d segInfo) bool {
	for _, names := range [][]string{d.defines, d.methodsOf} {
		for _, n := range names {
			if u.refs[n] {
				return true
			}
		}
	}
	return false
}

// segInfo is what planning needs to know about a segment.
type segInfo struct {
	defines     []string        // top-level names it defines
	methodsOf   []string        // the types whose methods it declares
	refs        map[string]bool // the names it uses and does not declare
	displayable bool            // an expression whose value a learner wants to see
}

func (si segInfo) refersTo(names map[string]bool) bool {
	for n := range si.refs {
		if names[n] {
			return true
		}
	}
	return false
}

// analyze parses a segment on its own to learn what it defines and uses.
// A segment that does not parse is reported here, with the cell's positions.
func analyze(count int, seg cellsource.Segment) (segInfo, error) {
	var si segInfo
	fset := token.NewFileSet()
	ch := chunk{kind: seg.Kind, count: count, segs: []cellsource.Segment{seg}}
	// With object resolution, the parser leaves the segment's free names,
	// those it does not declare in some scope of its own, unresolved.
	f, err := parser.ParseFile(fset, sourceName, ch.source(), 0)
	if err != nil {
		return si, err
	}
	switch seg.Kind {
	case cellsource.Import:
		return si, nil
	case cellsource.Decl:
		for _, d := range f.Decls {
			si.defines = append(si.defines, declNames(d)...)
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv != nil && len(fd.Recv.List) == 1 {
				if name := receiverName(fd.Recv.List[0].Type); name != "" {
					si.methodsOf = append(si.methodsOf, name)
				}
			}
		}
	default:
		body := f.Decls[0].(*ast.FuncDecl).Body
		for _, st := range body.List {
			si.defines = append(si.defines, stmtNames(st)...)
		}
		if len(body.List) == 1 {
			if es, ok := body.List[0].(*ast.ExprStmt); ok {
				si.displayable = !isPrintCall(es.X)
			}
		}
	}
	si.refs = map[string]bool{}
	for _, id := range f.Unresolved {
		si.refs[id.Name] = true
	}
	for _, n := range si.defines {
		delete(si.refs, n)
	}
	return si, nil
}

// declNames returns the package-level names a declaration introduces.
// Methods introduce none.
func declNames(d ast.Decl) []string {
	var names []string
	switch d := d.(type) {
	case *ast.FuncDecl:
		if d.Recv == nil {
			names = append(names, d.Name.Name)
		}
	case *ast.GenDecl:
		for _, sp := range d.Specs {
			switch sp := sp.(type) {
			case *ast.TypeSpec:
				names = append(names, sp.Name.Name)
			case *ast.ValueSpec:
				for _, n := range sp.Names {
					names = append(names, n.Name)
				}
			}
		}
	}
	return names
}

// stmtNames returns the names a top-level statement defines: in a session,
// these are globals.
func stmtNames(st ast.Stmt) []string {
	switch st := st.(type) {
	case *ast.AssignStmt:
		if st.Tok != token.DEFINE {
			return nil
		}
		var names []string
		for _, e := range st.Lhs {
			if id, ok := e.(*ast.Ident); ok {
				names = append(names, id.Name)
			}
		}
		return names
	case *ast.DeclStmt:
		return declNames(st.Decl)
	}
	return nil
}

// isPrintCall reports whether e is a call to a print function, whose
// results (byte counts and errors) nobody wants to see.
func isPrintCall(e ast.Expr) bool {
	call, ok := e.(*ast.CallExpr)
	if !ok {
		return false
	}
	switch fn := call.Fun.(type) {
	case *ast.Ident:
		return fn.Name == "print" || fn.Name == "println"
	case *ast.SelectorExpr:
		pkg, ok := fn.X.(*ast.Ident)
		if !ok {
			return false
		}
		switch pkg.Name {
		case "fmt":
			return strings.HasPrefix(fn.Sel.Name, "Print") || strings.HasPrefix(fn.Sel.Name, "Fprint")
		case "log":
			return true
		}
	}
	return false
}

// importKey identifies an import by the name it binds and its path.
func importKey(sp *ast.ImportSpec) string {
	path := strings.Trim(sp.Path.Value, "`\"")
	name := path[strings.LastIndex(path, "/")+1:]
	if sp.Name != nil {
		name = sp.Name.Name
	}
	return name + " " + path
}
