package session

import (
	"embed"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
	"sync"

	"github.com/traefik/yaegi/stdlib/generic"
)

// Generic functions of the standard library that yaegi has neither as
// symbols (yaegi extract skips generics) nor among its own generic sources,
// and what came after Go 1.22, whose standard library yaegi 0.16 has:
// package iter, the iterator functions of slices, maps, strings and bytes,
// sync.OnceFunc and OnceValue, errors.AsType, atomic.Pointer. They are
// compiled into the session as source, as yaegi's are, before the first
// cell that mentions them: a compile costs milliseconds, which a session
// that never uses them need not pay. The interpreter finds a package's
// source functions beside its compiled symbols (yaegi patch 0030). Their
// type parameters end in an underscore (E_): yaegi infers a call's type
// arguments reading the parameter types in the caller's scope, where a
// cell's own type E would stand for the parameter E.
//
//go:embed generic/*.go.txt
var genericFiles embed.FS

// A genericSource is a file of generic/, with what in a cell calls for it.
type genericSource struct {
	file  string   // in generic/
	uses  []string // a cell containing any of these needs the file
	needs []string // the files to compile first
}

// genericSources are in an order that compiles each file after those it
// needs.
var genericSources = []genericSource{
	{file: "iter.go.txt", uses: []string{`"iter"`, "iter."}},
	{file: "slices.go.txt", uses: []string{"slices."}},
	{file: "slices_iter.go.txt", needs: []string{"iter.go.txt", "slices.go.txt"},
		uses: []string{"slices.All", "slices.Backward", "slices.Values", "slices.AppendSeq", "slices.Collect", "slices.Sorted", "slices.Chunk"}},
	{file: "maps.go.txt", needs: []string{"iter.go.txt"},
		uses: []string{"maps."}}, // any: once it is compiled, the checker knows the package
	{file: "strings.go.txt", needs: []string{"iter.go.txt"},
		uses: []string{"strings.Lines", "strings.SplitSeq", "strings.SplitAfterSeq", "strings.FieldsSeq", "strings.FieldsFuncSeq"}},
	{file: "bytes.go.txt", needs: []string{"iter.go.txt"},
		uses: []string{"bytes.Lines", "bytes.SplitSeq", "bytes.SplitAfterSeq", "bytes.FieldsSeq", "bytes.FieldsFuncSeq"}},
	{file: "sync.go.txt", uses: []string{"sync.OnceFunc", "sync.OnceValue"}},
	{file: "errors.go.txt", uses: []string{"errors.AsType"}},
	{file: "atomic.go.txt", uses: []string{"atomic.Pointer"}},
}

// addGenerics compiles the generic sources that code calls for, and those
// they need, once each.
func (s *Session) addGenerics(code string) error {
	wanted := map[string]bool{}
	var want func(file string)
	want = func(file string) {
		wanted[file] = true
		for _, g := range genericSources {
			if g.file == file {
				for _, n := range g.needs {
					want(n)
				}
			}
		}
	}
	for _, g := range genericSources {
		for _, u := range g.uses {
			if strings.Contains(code, u) {
				want(g.file)
				break
			}
		}
	}
	for _, g := range genericSources {
		if !wanted[g.file] {
			continue
		}
		s.mu.Lock()
		done := s.generics[g.file]
		s.mu.Unlock()
		if done {
			continue
		}
		src, err := genericFiles.ReadFile("generic/" + g.file)
		if err != nil {
			return err
		}
		// Executed as well as compiled: that sets the values of its
		// functions that are not generic, which a compile alone leaves
		// unset.
		if _, err := s.interp.Eval(string(src)); err != nil {
			return fmt.Errorf("compiling the generic functions of %s: %w", g.file, err)
		}
		// Marked once compiled: a compile that failed is tried again by
		// the next cell that uses the package, not skipped.
		s.mu.Lock()
		s.generics[g.file] = true
		s.mu.Unlock()
	}
	return nil
}

// typeArgsWritable reports whether the interpreter's generic function name
// of package path is one of yaegi's generic sources, which have Go's type
// parameters: a call of one can have the type arguments that Go infers
// written out, which yaegi cannot infer through a constraint's core type
// (slices.Clone(v) with v a named slice type). gothreads' own (slices.Sort)
// take plain slices, and are left to infer.
func typeArgsWritable(path, name string) bool {
	return yaegiGenerics()[path+"."+name]
}

// yaegiGenerics are the generic functions of yaegi's generic sources, as
// "path.Name".
var yaegiGenerics = sync.OnceValue(func() map[string]bool {
	ours := map[string]bool{}
	for _, g := range genericSources {
		src, err := genericFiles.ReadFile("generic/" + g.file)
		if err != nil {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), "", src, parser.PackageClauseOnly)
		if err != nil {
			continue
		}
		for _, name := range genericFuncs(string(src)) {
			ours[f.Name.Name+"."+name] = true
		}
	}
	funcs := map[string]bool{}
	for _, src := range generic.Sources {
		f, err := parser.ParseFile(token.NewFileSet(), "", src, parser.SkipObjectResolution)
		if err != nil {
			continue
		}
		for _, name := range genericFuncs(src) {
			if key := f.Name.Name + "." + name; !ours[key] {
				funcs[key] = true
			}
		}
	}
	return funcs
})

// genericFuncs returns the names of the generic functions src declares.
func genericFuncs(src string) []string {
	f, err := parser.ParseFile(token.NewFileSet(), "", src, parser.SkipObjectResolution)
	if err != nil {
		return nil
	}
	var names []string
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Type.TypeParams != nil {
			names = append(names, fd.Name.Name)
		}
	}
	return names
}
