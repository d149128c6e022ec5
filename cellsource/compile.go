package cellsource

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"reflect"
	"slices"
	"sort"
	"strings"
)

// Globals is what the compiler asks of the live session: the type of each
// variable that earlier cells declared. The session answers from a
// snapshot it takes once per chunk.
type Globals interface {
	// Type returns the type of the session's variable name, as the cell
	// wrote it: for a stand-in the session puts in place of a standard
	// type (an interruptible sync.WaitGroup), the standard type.
	Type(name string) (reflect.Type, bool)
}

// NoGlobals is a session without variables, for tests and tools.
type NoGlobals struct{}

// Type reports that there is no variable name.
func (NoGlobals) Type(string) (reflect.Type, bool) { return nil, false }

// A Compiler turns the chunks of a session's cells, one after another, into
// the syntax trees the interpreter runs. It remembers what earlier cells
// declared and what the passes learnt of them. A session has one; its
// Compile and Done calls come one at a time (cells run one at a time), and
// its Decls may be read concurrently.
type Compiler struct {
	Fset  *token.FileSet
	Decls *Index
	// Types type-checks the chunks; nil leaves the passes without types.
	Types *TypeChecker
	// lastMain is the func main declared last, as renamed (rename-main).
	lastMain string
	// chanElems are the element types of the channels cells declared at
	// their top level, for comma-ok receives.
	chanElems map[string]ast.Expr
	// TypeArgsWritable reports whether the interpreter's generic function
	// name of the package path has Go's type parameters, so that the type
	// arguments Go infers for a call of it can be written out (see
	// instantiate); nil for all.
	TypeArgsWritable func(path, name string) bool
	// copies are the copies of generic declarations chunks made, by name
	// (see instantiate).
	copies map[string]*copyRecord
}

// NewCompiler returns a compiler for a new session whose sources are
// parsed into fset, recording declarations in decls.
func NewCompiler(fset *token.FileSet, decls *Index) *Compiler {
	return &Compiler{Fset: fset, Decls: decls, chanElems: map[string]ast.Expr{}, copies: map[string]*copyRecord{}}
}

// A Unit is one chunk under compilation, what its checks and passes share:
// the syntax tree they read and rewrite, and what they know of the session.
type Unit struct {
	Chunk Chunk
	Fset  *token.FileSet
	// File is the chunk parsed; Node is what the passes work on: File for
	// declarations, the body of File's func main for statements and
	// displays.
	File *ast.File
	Node ast.Node
	// Src is the source File was parsed from.
	Src     string
	Globals Globals
	Decls   *Index
	// Mains are the names that rename-main gave the func mains the chunk
	// declares: the runner calls each once, after the chunk compiled.
	Mains []string
	// Warnings are what the warning checks found, in source order.
	Warnings []Diagnostic
	// Info is what the type checker learnt of File before any pass ran
	// (but instantiate, after which it checks the chunk again), nil
	// without one; TypeErrors are the errors it found in the chunk.
	Info       *types.Info
	TypeErrors []types.Error
	// Copies are the copies of generic declarations a statement or
	// display chunk instantiates (a declaration chunk's are among its
	// own): the runner compiles them before Node.
	Copies *ast.File

	compiler  *Compiler
	defs      map[string]Definition // the types and methods a Decl chunk declares
	chanTypes map[string]ast.Expr   // element types of the channels a Stmt chunk declares (nil: not a channel now)
	main      string                // the func main that uses of main call
	counter   int                   // numbers the names passes introduce (__ch1, __i2)

	sessionFile *ast.File              // the session's part of the package, as the type checker read it
	pkg         *types.Package         // the package the type checker made of it and the chunk
	boxed       map[string]bool        // the types whose values it puts into interfaces (boxedTypes)
	copies      map[string]*copyRecord // the copies of generics the chunk made
	copyRefs    map[string]bool        // and those it names
}

// Compile parses a chunk and runs the passes over it, in the order of the
// Passes table, and each check before the passes or after the one it
// names (Check.After). A refusing check or a failing pass stops it with an
// error at a cell position (a scanner.ErrorList); the Unit it returns then
// still holds the warnings found so far, which the learner is shown too.
// Call Done once the result has compiled.
func (c *Compiler) Compile(ch Chunk, g Globals) (*Unit, error) {
	u, err := c.parse(ch, g)
	if err != nil || ch.Kind == Import {
		return u, err
	}
	u.Info, u.TypeErrors = c.Types.typeCheck(u)
	if err := u.check(""); err != nil {
		return u, err
	}
	var copies *Unit // the passes' view of u.Copies
	for _, p := range Passes {
		if slices.Contains(p.Kinds, ch.Kind) {
			if err := p.Run(u); err != nil {
				return u, err
			}
		}
		if copies != nil && slices.Contains(p.Kinds, Decl) {
			if err := p.Run(copies); err != nil {
				return u, err
			}
		}
		if p.Name == "instantiate" && u.Copies != nil {
			copies = u.copiesUnit()
		}
		if err := u.check(p.Name); err != nil {
			return u, err
		}
	}
	return u, nil
}

// copiesUnit is the declaration chunk that the copies of a statement
// chunk are to the passes after instantiate.
func (u *Unit) copiesUnit() *Unit {
	return &Unit{Chunk: Chunk{Kind: Decl, Count: u.Chunk.Count}, Fset: u.Fset, File: u.Copies, Node: u.Copies,
		Globals: u.Globals, Decls: u.Decls, Info: u.Info, compiler: u.compiler, main: u.main,
		counter: 1 << 20, // its names apart from the chunk's
		copies:  u.copies, copyRefs: u.copyRefs, sessionFile: u.sessionFile, pkg: u.pkg}
}

// check runs the checks that read the chunk after the pass named after
// ("" for before any pass).
func (u *Unit) check(after string) error {
	for _, k := range Checks {
		if k.After != after || !slices.Contains(k.Kinds, u.Chunk.Kind) {
			continue
		}
		ds := k.Run(u)
		sort.SliceStable(ds, func(i, j int) bool { return ds[i].Pos < ds[j].Pos })
		if k.Refuses && len(ds) > 0 {
			var list scanner.ErrorList
			for _, d := range ds {
				list.Add(u.Fset.Position(d.Pos), d.Message)
			}
			return list
		}
		u.Warnings = append(u.Warnings, ds...)
	}
	return nil
}

// parse parses a chunk into a Unit, as no check or pass has seen it.
func (c *Compiler) parse(ch Chunk, g Globals) (*Unit, error) {
	if g == nil {
		g = NoGlobals{}
	}
	u := &Unit{Chunk: ch, Fset: c.Fset, Globals: g, Decls: c.Decls, compiler: c, main: c.lastMain}
	u.Src = ch.Source()
	if ch.Kind == Display {
		u.Src = ch.DisplaySource()
	}
	f, err := parser.ParseFile(c.Fset, SourceName, u.Src, parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	u.File, u.Node = f, f
	switch ch.Kind {
	case Import:
	case Decl:
		u.defs = Definitions(c.Fset, f, ch.Count)
	default:
		u.Node = f.Decls[0].(*ast.FuncDecl).Body
	}
	return u, nil
}

// Done records what a compiled unit declared, for the chunks that follow.
func (c *Compiler) Done(u *Unit) {
	c.Types.record(u)
	c.Decls.Box(u.boxed)
	for name, rec := range u.copies {
		c.copies[name] = rec
	}
	for name, t := range u.chanTypes {
		if t == nil {
			delete(c.chanElems, name)
		} else {
			c.chanElems[name] = t
		}
	}
	if u.Chunk.Kind != Decl {
		return
	}
	if len(u.Mains) > 0 {
		c.lastMain = u.Mains[len(u.Mains)-1]
	}
	c.Decls.Define(u.defs)
	c.Decls.Add(c.Fset, withoutCopies(u.File))
	for _, seg := range u.Chunk.Segs {
		c.Decls.write(u.Chunk.Count, seg)
	}
}

// withoutCopies is f without the copies of generic declarations, which the
// index does not show.
func withoutCopies(f *ast.File) *ast.File {
	var decls []ast.Decl
	for _, d := range f.Decls {
		if !isCopyDecl(d) {
			decls = append(decls, d)
		}
	}
	g := *f
	g.Decls = decls
	return &g
}

func isCopyDecl(d ast.Decl) bool {
	switch d := d.(type) {
	case *ast.FuncDecl:
		if d.Recv != nil && len(d.Recv.List) == 1 {
			if id := receiverIdent(d.Recv.List[0].Type); id != nil {
				return isCopyName(id.Name)
			}
		}
		return isCopyName(d.Name.Name)
	case *ast.GenDecl:
		for _, sp := range d.Specs {
			if ts, ok := sp.(*ast.TypeSpec); ok && isCopyName(ts.Name.Name) {
				return true
			}
		}
	}
	return false
}

// errorAt returns an error at pos, as the parser reports them.
func (u *Unit) errorAt(pos token.Pos, msg string) error {
	return scanner.ErrorList{{Pos: u.Fset.Position(pos), Msg: msg}}
}

// Warning writes a warning of a check as the learner sees it, at its cell
// line: "⚠ cell[3]:5: ...".
func (u *Unit) Warning(d Diagnostic) string {
	count, line := CellLine(u.Fset.Position(d.Pos).Line)
	return fmt.Sprintf("⚠ %s:%d: %s", CellName(count), line, d.Message)
}

// CompiledHint ends the errors that come from the interpreter's limits,
// not from the learner's code: a compiled cell has no such limits.
const CompiledHint = "; or put %%run at the top of the cell, which runs it with the Go compiler"

// CellName names the cell with an execution count as the notebook does:
// cell[3]; a cell run without a count is "cell".
func CellName(count int) string {
	if count <= 0 {
		return "cell"
	}
	return fmt.Sprintf("cell[%d]", count)
}

// Position writes a reported position of a chunk's source as a cell
// position: cell[3]:5:2.
func Position(p token.Position) string {
	count, line := CellLine(p.Line)
	return fmt.Sprintf("%s:%d:%d", CellName(count), line, p.Column)
}

// TypeExpr returns t as a cell can write it. Types declared in cells have
// no name that their reflect type tells, so a struct type, or any type
// with one inside, is not written.
func TypeExpr(fset *token.FileSet, t reflect.Type) (ast.Expr, bool) {
	src := t.String()
	if strings.Contains(src, "struct {") || strings.Contains(src, "main.") {
		return nil, false
	}
	e, err := parser.ParseExprFrom(fset, "", src, parser.SkipObjectResolution)
	return e, err == nil
}
