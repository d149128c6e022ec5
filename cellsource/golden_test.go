package cellsource

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"go/ast"
	"go/importer"
	"go/printer"
	"go/scanner"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
)

// The golden tests of the passes and checks: testdata/NAME.txtar for each
// entry of Passes and Checks (TestEveryPassHasGolden keeps it so). A file
// is a comment, then sections:
//
//	-- earlier --   cells compiled before, through every pass (optional)
//	-- globals --   the session's variables, "name type" a line (optional)
//	-- untyped --   the cells after it are compiled without go/types facts
//	-- cell --      a cell: each of its chunks goes through this pass only
//	-- want --      the chunks as the pass leaves them, or a check's findings
//
// A file has several cell/want pairs, at least one of them left alone by
// the pass (its want is the cell as it was); `-- error --` in place of
// `-- want --` is the error the pass refuses the cell with.
var update = flag.Bool("update", false, "rewrite the golden files' want and error sections with what the passes do")

func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden files: %v", err)
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".txtar")
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			secs := parseTxtar(string(data))
			runGolden(t, name, secs)
			if *update {
				if err := os.WriteFile(file, []byte(formatTxtar(string(data), secs)), 0o644); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

// TestEveryPassHasGolden: each pass and check has its golden file, and
// each golden file tests a pass or check.
func TestEveryPassHasGolden(t *testing.T) {
	names := map[string]bool{}
	for _, p := range Passes {
		names[p.Name] = true
	}
	for _, c := range Checks {
		names[c.Name] = true
	}
	for name := range names {
		if _, err := os.Stat(filepath.Join("testdata", name+".txtar")); err != nil {
			t.Errorf("%s has no golden file: %v", name, err)
		}
	}
	files, _ := filepath.Glob("testdata/*.txtar")
	for _, f := range files {
		if name := strings.TrimSuffix(filepath.Base(f), ".txtar"); !names[name] {
			t.Errorf("%s tests no pass or check", f)
		}
	}
}

type section struct{ name, text string }

// formatTxtar writes the sections back after the archive's comment.
func formatTxtar(data string, secs []section) string {
	comment := ""
	if !strings.HasPrefix(data, "-- ") {
		comment, _, _ = strings.Cut(data, "\n-- ")
		comment = strings.TrimRight(comment, "\n") + "\n"
	}
	var b strings.Builder
	b.WriteString(comment)
	for _, s := range secs {
		fmt.Fprintf(&b, "-- %s --\n%s", s.name, s.text)
	}
	return b.String()
}

// parseTxtar splits a txtar archive into its sections, in order.
func parseTxtar(data string) []section {
	var out []section
	for _, line := range strings.SplitAfter(data, "\n") {
		if name, ok := strings.CutPrefix(strings.TrimRight(line, "\n"), "-- "); ok && strings.HasSuffix(name, " --") {
			out = append(out, section{name: strings.TrimSuffix(name, " --")})
			continue
		}
		if len(out) > 0 {
			out[len(out)-1].text += line
		}
	}
	return out
}

// runGolden runs the cases of a golden file; with -update, it sets each
// want or error section to what the pass did.
func runGolden(t *testing.T, name string, secs []section) {
	pass := slices.IndexFunc(Passes, func(p *Pass) bool { return p.Name == name })
	check := slices.IndexFunc(Checks, func(c *Check) bool { return c.Name == name })
	if pass < 0 && check < 0 {
		t.Fatalf("no pass or check %s", name)
	}
	c := NewCompiler(token.NewFileSet(), NewIndex())
	c.Types = testTypeChecker()
	globals := testGlobals{}
	count, cases, alone, changed := 0, 0, false, false
	var cell string
	for i := range secs {
		s := &secs[i]
		switch s.name {
		case "earlier":
			count++
			compileAll(t, c, count, s.text)
		case "globals":
			for _, line := range strings.Split(strings.TrimSpace(s.text), "\n") {
				n, typ, _ := strings.Cut(line, " ")
				rt, ok := typesByName[typ]
				if !ok {
					t.Fatalf("globals: no type %q in typesByName", typ)
				}
				globals[n] = rt
				c.Types.setVar(n, typ)
			}
		case "cell":
			cell = s.text
		case "untyped":
			// The cells that follow are compiled without the type
			// checker's facts, as in a session without a toolchain.
			c.Types = nil
		case "want", "error":
			count++
			cases++
			var got string
			var err error
			if pass >= 0 {
				got, err = runPass(c, Passes[pass], count, cell, globals)
			} else {
				got, err = runCheck(c, Checks[check], count, cell, globals)
			}
			if *update {
				if err != nil {
					s.name, s.text = "error", errorText(err)+"\n"
				} else {
					s.name, s.text = "want", strings.TrimSpace(got)+"\n"
				}
			}
			if s.name == "error" {
				changed = true
				if err == nil {
					t.Errorf("cell\n%s\nwas not refused; it became\n%s", cell, got)
				} else if g, w := errorText(err), strings.TrimSpace(s.text); g != w {
					t.Errorf("cell\n%s\nrefused with\n%s\nwant\n%s", cell, g, w)
				}
				continue
			}
			if err != nil {
				t.Errorf("cell\n%s\nfailed: %v", cell, err)
				continue
			}
			if g, w := strings.TrimSpace(got), strings.TrimSpace(s.text); g != w {
				t.Errorf("cell\n%s\ngot\n%s\nwant\n%s", cell, g, w)
			}
			if pass >= 0 {
				if strings.TrimSpace(s.text) == strings.TrimSpace(printedAlone(t, cell)) {
					alone = true
				} else {
					changed = true
				}
			} else if strings.TrimSpace(s.text) != "(none)" {
				changed = true
			}
		default:
			t.Fatalf("unknown section %q", s.name)
		}
	}
	if cases < 2 {
		t.Errorf("%d cases; want one the pass changes and one it leaves alone", cases)
	}
	if pass >= 0 && !alone {
		t.Errorf("no case that the pass leaves alone")
	}
	if !changed {
		t.Errorf("no case that the pass changes or the check reports")
	}
}

// compileAll compiles a cell through every pass, as the session does, and
// records it as compiled.
func compileAll(t *testing.T, c *Compiler, count int, cell string) {
	t.Helper()
	chunks, err := Plan(count, cell)
	if err != nil {
		t.Fatal(err)
	}
	for _, ch := range chunks {
		u, err := c.Compile(ch, NoGlobals{})
		if err != nil {
			t.Fatalf("earlier cell: %v", err)
		}
		c.Done(u)
	}
}

// runPass runs one pass over each chunk of a cell and prints the chunks.
func runPass(c *Compiler, p *Pass, count int, cell string, g Globals) (string, error) {
	var out []string
	err := eachUnit(c, count, cell, g, func(u *Unit) error {
		if slices.Contains(p.Kinds, u.Chunk.Kind) {
			if err := p.Run(u); err != nil {
				return err
			}
		}
		out = append(out, printUnit(u))
		return nil
	})
	return strings.Join(out, "\n"), err
}

// runCheck runs one check over each chunk of a cell, after the passes that
// come before it (Check.After), and writes its findings as
// "cell[N]:L:C: message"; a refusing check's as an error.
func runCheck(c *Compiler, k *Check, count int, cell string, g Globals) (string, error) {
	var out []string
	err := eachUnit(c, count, cell, g, func(u *Unit) error {
		if !slices.Contains(k.Kinds, u.Chunk.Kind) {
			return nil
		}
		if k.After != "" {
			for _, p := range Passes {
				if slices.Contains(p.Kinds, u.Chunk.Kind) {
					if err := p.Run(u); err != nil {
						return err
					}
				}
				if p.Name == k.After {
					break
				}
			}
		}
		for _, d := range k.Run(u) {
			if k.Refuses {
				return u.errorAt(d.Pos, d.Message)
			}
			out = append(out, Position(u.Fset.Position(d.Pos))+": "+d.Message)
		}
		return nil
	})
	if len(out) == 0 {
		out = append(out, "(none)")
	}
	return strings.Join(out, "\n"), err
}

// eachUnit plans a cell and calls f with each chunk parsed as Compile
// parses it, before any check or pass.
func eachUnit(c *Compiler, count int, cell string, g Globals, f func(*Unit) error) error {
	chunks, err := Plan(count, cell)
	if err != nil {
		return err
	}
	for _, ch := range chunks {
		u, err := c.parse(ch, g)
		if err != nil {
			return err
		}
		if ch.Kind == Import {
			continue
		}
		u.Info, u.TypeErrors = c.Types.typeCheck(u)
		if err := f(u); err != nil {
			return err
		}
	}
	return nil
}

// printedAlone is the cell's chunks as no pass changes them.
func printedAlone(t *testing.T, cell string) string {
	c := NewCompiler(token.NewFileSet(), NewIndex())
	got, err := runPass(c, &Pass{}, 1, cell, NoGlobals{})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// printUnit prints a chunk: its declarations, or its statements (a
// display's, __rt.Display(x)), as gofmt would with every position cleared,
// so that the layout does not depend on where passes placed new nodes.
func printUnit(u *Unit) string {
	var nodes []any
	if u.Copies != nil {
		for _, d := range u.Copies.Decls {
			nodes = append(nodes, d)
		}
	}
	if u.Chunk.Kind == Decl {
		for _, d := range u.File.Decls {
			nodes = append(nodes, d)
		}
	} else {
		for _, st := range u.body().List {
			nodes = append(nodes, st)
		}
	}
	var b bytes.Buffer
	for _, n := range nodes {
		clearPositions(reflect.ValueOf(n))
		printer.Fprint(&b, token.NewFileSet(), n)
		b.WriteString("\n")
	}
	return b.String()
}

// clearPositions zeroes every token.Pos under v and drops comments.
func clearPositions(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			clearPositions(v.Elem())
		}
	case reflect.Slice:
		for i := range v.Len() {
			clearPositions(v.Index(i))
		}
	case reflect.Struct:
		for i := range v.NumField() {
			f := v.Field(i)
			switch {
			case f.Type() == posType && v.Type() == reflect.TypeFor[ast.CallExpr]() && v.Type().Field(i).Name == "Ellipsis":
				// f(xs...) has its ellipsis where Ellipsis is valid.
				if f.Int() != 0 {
					f.SetInt(1)
				}
			case f.Type() == posType:
				f.SetInt(0)
			case f.Type() == reflect.TypeFor[*ast.CommentGroup]():
				f.Set(reflect.Zero(f.Type()))
			case f.Type() == reflect.TypeFor[*ast.Object](), f.Type() == reflect.TypeFor[*ast.Scope]():
			default:
				clearPositions(f)
			}
		}
	}
}

// errorText writes a pass's error as the session shows it, at cell
// positions.
func errorText(err error) string {
	var list scanner.ErrorList
	if errors.As(err, &list) {
		var lines []string
		for _, e := range list {
			lines = append(lines, Position(e.Pos)+": "+e.Msg)
		}
		return strings.Join(lines, "\n")
	}
	return err.Error()
}

// testGlobals are the session variables a golden file declares.
type testGlobals map[string]reflect.Type

func (g testGlobals) Type(name string) (reflect.Type, bool) {
	t, ok := g[name]
	return t, ok
}

// typesByName are the types a golden file's globals may have.
var typesByName = map[string]reflect.Type{
	"int":                          reflect.TypeFor[int](),
	"string":                       reflect.TypeFor[string](),
	"chan string":                  reflect.TypeFor[chan string](),
	"[]chan int":                   reflect.TypeFor[[]chan int](),
	"map[string][]chan int":        reflect.TypeFor[map[string][]chan int](),
	"*sync.WaitGroup":              reflect.TypeFor[*sync.WaitGroup](),
	"func(func(int) bool)":         reflect.TypeFor[func(func(int) bool)](),
	"func(func(string, int) bool)": reflect.TypeFor[func(func(string, int) bool)](),
}

// testImporter reads the standard library from the toolchain's source,
// once for all the tests, one import at a time.
var testImporter = &serialImporter{imp: importer.ForCompiler(token.NewFileSet(), "source", nil)}

type serialImporter struct {
	mu  sync.Mutex
	imp types.Importer
}

func (s *serialImporter) Import(path string) (*types.Package, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.imp.Import(path)
}

// testImports are the packages the tests' sessions have imported.
var testImports = map[string]string{"fmt": "fmt", "strings": "strings", "sync": "sync", "time": "time",
	"errors": "errors", "os": "os", "sort": "sort", "strconv": "strconv", "math": "math",
	"context": "context", "atomic": "sync/atomic", "runtime": "runtime", "iter": "iter", "slices": "slices",
	"cmp": "cmp", "maps": "maps", "generator": "github.com/gothreads/gothreads/runtime/generator"}

// testTypeChecker is a type checker as a session's, for the tests.
func testTypeChecker() *TypeChecker {
	return &TypeChecker{Importer: testImporter, Imports: func() map[string]string { return testImports }}
}

// setVar declares a session variable of a type written in Go, whose
// packages are among testImports.
func (tc *TypeChecker) setVar(name, typ string) {
	imports := map[string]string{}
	for n, p := range testImports {
		if strings.Contains(typ, n+".") {
			imports[n] = p
		}
	}
	if tc.vars == nil {
		tc.vars = map[string]sessionVar{}
	}
	tc.vars[name] = sessionVar{typ: typ, imports: imports}
}
