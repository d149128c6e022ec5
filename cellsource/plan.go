package cellsource

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"strings"
)

// SourceName is the file name every Chunk is parsed under. yaegi keys a
// file's imports by its name, so one constant name makes the imports of one
// cell visible in the next.
const SourceName = "_.go"

// Chunk is a run of segments compiled together: imports, declarations
// (compiled as a file), or statements (compiled as a block in the global
// scope).
type Chunk struct {
	Kind  Kind
	Count int // the cell's execution count
	Segs  []Segment
}

// LinesPerCell spaces out the line numbers of different cells. Every Chunk
// is parsed under the same file name (see SourceName), so a position
// reported from a function declared cells ago is told apart by its line:
// line L of the cell with count N is line N*LinesPerCell+L.
const (
	LinesPerCell = 10000
	MaxCells     = 100000 // keeps lines below go/scanner's limit of 1<<30
)

// LineDirective makes positions in what follows name the segment's line and
// column in its cell.
func LineDirective(count int, seg Segment) string {
	line := (count%MaxCells)*LinesPerCell + seg.Line
	return fmt.Sprintf("/*line %s:%d:%d*/", SourceName, line, seg.Col)
}

// CellLine splits a reported line number into the cell count and the line
// within that cell.
func CellLine(line int) (count, CellLine int) {
	return line / LinesPerCell, line % LinesPerCell
}

// source returns the Chunk as a Go file.
func (ch Chunk) Source() string {
	var b strings.Builder
	b.WriteString("package main\n")
	if ch.Kind != Import && ch.Kind != Decl {
		b.WriteString("func main() {\n")
	}
	for _, seg := range ch.Segs {
		b.WriteString(LineDirective(ch.Count, seg))
		b.WriteString(seg.Text)
		b.WriteString("\n")
	}
	if ch.Kind != Import && ch.Kind != Decl {
		b.WriteString("}\n")
	}
	return b.String()
}

// displaySource returns the final expression wrapped in a call that records
// its value.
func (ch Chunk) DisplaySource() string {
	seg := ch.Segs[0]
	// The call gets the expression's position too: a panic while the
	// expression is evaluated is reported at the call.
	at := LineDirective(ch.Count, seg)
	return "package main\nfunc main() {\n" + at + "__rt.Display(" + at + seg.Text + ",\n)\n}\n"
}

// plan turns a cell into the chunks to run, in order: new imports first,
// then declarations hoisted ahead of statements (so that a cell may call a
// function it declares further down), then the rest in source order, with
// the final expression, if any, in a Chunk of its own.
//
// A declaration stays in place when it refers to a name a statement of the
// same cell defines, or to a declaration that stays in place, or to a type
// whose method stays in place.
func Plan(count int, src string) ([]Chunk, error) {
	segs := Split(src)
	info := make([]Info, len(segs))
	for i, seg := range segs {
		var err error
		if info[i], err = Analyze(count, seg); err != nil {
			return nil, err
		}
	}

	defined := map[string]bool{} // names defined by statements
	for i, seg := range segs {
		if seg.Kind == Stmt {
			for _, n := range info[i].Defines {
				defined[n] = true
			}
		}
	}
	hoist := make([]bool, len(segs))
	for i, seg := range segs {
		hoist[i] = seg.Kind == Decl
	}
	for changed := true; changed; {
		changed = false
		for i := range segs {
			if hoist[i] && info[i].refersTo(defined) {
				hoist[i] = false
				changed = true
				for _, n := range info[i].Defines {
					defined[n] = true
				}
			}
		}
	}
	unhoistUsersOfMethods(segs, info, hoist)

	var chunks []Chunk
	add := func(kind Kind, seg Segment) {
		if n := len(chunks); n > 0 && chunks[n-1].Kind == kind && kind != Display {
			chunks[n-1].Segs = append(chunks[n-1].Segs, seg)
			return
		}
		chunks = append(chunks, Chunk{Kind: kind, Count: count, Segs: []Segment{seg}})
	}
	for _, seg := range segs {
		if seg.Kind == Import {
			add(Import, seg)
		}
	}
	for i, seg := range segs {
		if hoist[i] {
			add(Decl, seg)
		}
	}
	order := inPlaceOrder(segs, info, hoist)
	for k, i := range order {
		seg := segs[i]
		switch {
		case k == len(order)-1 && i == len(segs)-1 && info[i].Displayable:
			add(Display, seg)
		default:
			add(seg.Kind, seg)
		}
	}
	return chunks, nil
}

// unhoistUsersOfMethods keeps in place, after the methods that stay in
// place, the functions that use their types: a method is part of its
// type, which a function's code must see (func main printed a State
// without the String method that reads a cell's variable). Constants,
// variables and types made of the type need no methods and stay hoisted,
// but a function that uses them uses the type. A function stays hoisted
// when a segment that is not moved with it refers to it (the method
// itself may call it), and so do methods, which are part of the type.
func unhoistUsersOfMethods(segs []Segment, info []Info, hoist []bool) {
	involved := map[string]bool{} // the types with methods in place, and what is made of them
	for i := range segs {
		if !hoist[i] {
			for _, n := range info[i].MethodsOf {
				involved[n] = true
			}
		}
	}
	if len(involved) == 0 {
		return
	}
	isFunc := func(i int) bool { return strings.HasPrefix(segs[i].Text, "func") }
	for changed := true; changed; {
		changed = false
		for i := range segs {
			if hoist[i] && !isFunc(i) && info[i].refersTo(involved) {
				for _, n := range info[i].Defines {
					if !involved[n] {
						involved[n] = true
						changed = true
					}
				}
			}
		}
	}
	// The functions that use the types, directly or by calling another.
	moved := map[int]bool{}
	uses := maps.Clone(involved)
	for changed := true; changed; {
		changed = false
		for i := range segs {
			if hoist[i] && !moved[i] && isFunc(i) && len(info[i].MethodsOf) == 0 && info[i].refersTo(uses) {
				moved[i] = true
				maps.Copy(uses, info[i].names())
				changed = true
			}
		}
	}
	for changed := true; changed; {
		changed = false
		for i := range moved {
			for j := range segs {
				if j != i && !moved[j] && segs[j].Kind != Import && info[j].refersTo(info[i].names()) {
					delete(moved, i)
					changed = true
					break
				}
			}
		}
	}
	for i := range moved {
		hoist[i] = false
	}
}

// names is the set of the names si defines.
func (si Info) names() map[string]bool {
	names := map[string]bool{}
	for _, n := range si.Defines {
		names[n] = true
	}
	return names
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
func inPlaceOrder(segs []Segment, info []Info, hoist []bool) []int {
	var idx []int
	for i, seg := range segs {
		if seg.Kind != Import && !hoist[i] {
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
			case segs[a].Kind == Stmt && segs[b].Kind == Stmt:
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
func uses(u, d Info) bool {
	for _, names := range [][]string{d.Defines, d.MethodsOf} {
		for _, n := range names {
			if u.Refs[n] {
				return true
			}
		}
	}
	return false
}

// Info is what planning needs to know about a segment.
type Info struct {
	Defines     []string        // top-level names it defines
	MethodsOf   []string        // the types whose methods it declares
	Refs        map[string]bool // the names it uses and does not declare
	Displayable bool            // an expression whose value a learner wants to see
}

func (si Info) refersTo(names map[string]bool) bool {
	for n := range si.Refs {
		if names[n] {
			return true
		}
	}
	return false
}

// Analyze parses a segment on its own to learn what it defines and uses.
// A segment that does not parse is reported here, with the cell's positions.
func Analyze(count int, seg Segment) (Info, error) {
	var si Info
	fset := token.NewFileSet()
	ch := Chunk{Kind: seg.Kind, Count: count, Segs: []Segment{seg}}
	// With object resolution, the parser leaves the segment's free names,
	// those it does not declare in some scope of its own, unresolved.
	f, err := parser.ParseFile(fset, SourceName, ch.Source(), 0)
	if err != nil {
		return si, err
	}
	switch seg.Kind {
	case Import:
		return si, nil
	case Decl:
		for _, d := range f.Decls {
			si.Defines = append(si.Defines, declNames(d)...)
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv != nil && len(fd.Recv.List) == 1 {
				if name := ReceiverName(fd.Recv.List[0].Type); name != "" {
					si.MethodsOf = append(si.MethodsOf, name)
				}
			}
		}
	default:
		body := f.Decls[0].(*ast.FuncDecl).Body
		for _, st := range body.List {
			si.Defines = append(si.Defines, stmtNames(st)...)
		}
		if len(body.List) == 1 {
			if es, ok := body.List[0].(*ast.ExprStmt); ok {
				si.Displayable = !isPrintCall(es.X)
			}
		}
	}
	si.Refs = map[string]bool{}
	for _, id := range f.Unresolved {
		si.Refs[id.Name] = true
	}
	for _, n := range si.Defines {
		delete(si.Refs, n)
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

// ImportKey identifies an import by the name it binds and its path. The
// name of a major version's path (math/rand/v2) is the element before the
// version, as the go command takes it.
func ImportKey(sp *ast.ImportSpec) string {
	path := strings.Trim(sp.Path.Value, "`\"")
	elems := strings.Split(path, "/")
	name := elems[len(elems)-1]
	if len(elems) > 1 && len(name) > 1 && name[0] == 'v' && strings.Trim(name[1:], "0123456789") == "" {
		name = elems[len(elems)-2]
	}
	if sp.Name != nil {
		name = sp.Name.Name
	}
	return name + " " + path
}

// ReceiverName returns T for receivers T, *T, T[K] and *T[K].
func ReceiverName(e ast.Expr) string {
	for {
		switch t := e.(type) {
		case *ast.StarExpr:
			e = t.X
		case *ast.IndexExpr:
			e = t.X
		case *ast.IndexListExpr:
			e = t.X
		case *ast.ParenExpr:
			e = t.X
		case *ast.Ident:
			return t.Name
		default:
			return ""
		}
	}
}
