package session

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
	"sync"

	"github.com/traefik/yaegi/stdlib/generic"
)

// Generic functions of the standard library that yaegi has neither as
// symbols (yaegi extract skips generics) nor among its own generic sources.
// They are compiled into the session as source, as yaegi's are, before the
// first cell that mentions their package: the compile costs milliseconds,
// which a session that never sorts need not pay.
//
//go:embed generic/slices.go.txt
var slicesSource string

var genericSources = map[string]string{"slices": slicesSource}

// addGenerics compiles the generic sources of the packages code mentions
// ("slices."), once each.
func (s *Session) addGenerics(code string) error {
	for pkg, src := range genericSources {
		if !strings.Contains(code, pkg+".") {
			continue
		}
		s.mu.Lock()
		done := s.generics[pkg]
		s.mu.Unlock()
		if done {
			continue
		}
		if _, err := s.interp.Compile(src); err != nil {
			return fmt.Errorf("compiling the generic functions of %s: %w", pkg, err)
		}
		// Marked once compiled: a compile that failed is tried again by
		// the next cell that uses the package, not skipped.
		s.mu.Lock()
		s.generics[pkg] = true
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
	for pkg, src := range genericSources {
		for _, name := range genericFuncs(src) {
			ours[pkg+"."+name] = true
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
