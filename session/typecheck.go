package session

import (
	"fmt"
	"go/ast"
	"go/build"
	"go/build/constraint"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/gothreads/gothreads/cellsource"
	"github.com/gothreads/gothreads/compiled"
	gtruntime "github.com/gothreads/gothreads/runtime"
)

// The cell compiler's type checker reads the standard library from the
// toolchain's source, as go/importer's "source" importer does, and the
// runtime packages the session preloads from the copy of their source the
// binary carries (runtime.Source).

const runtimeModule = "github.com/gothreads/gothreads/runtime/"

// sourceImporter imports the standard library from $GOROOT/src and the
// runtime packages from their embedded source, each package once.
type sourceImporter struct {
	fset     *token.FileSet
	std      types.Importer
	packages map[string]*types.Package
}

// newTypeChecker returns the session's type checker, or nil when no Go
// toolchain with its source is found: cells then run with what the passes
// do without types.
func newTypeChecker(imports func() map[string]string) *cellsource.TypeChecker {
	root := sourceRoot()
	if root == "" {
		return nil
	}
	fset := token.NewFileSet()
	imp := &sourceImporter{fset: fset, std: importer.ForCompiler(fset, "source", nil), packages: map[string]*types.Package{}}
	return &cellsource.TypeChecker{Importer: imp, Imports: imports}
}

// sourceRoot finds the GOROOT whose source the importers read, "" for
// none, and sets it in build.Default, which go/importer's source importer
// reads: once, as other sessions' importers may be reading it.
var sourceRoot = sync.OnceValue(func() string {
	root := build.Default.GOROOT
	if tc, err := compiled.FindToolchain(); err == nil {
		// The GOROOT of the go command that compiled cells use, which is
		// the one the learner has, wherever this binary was built.
		root = filepath.Dir(filepath.Dir(tc.Go))
	}
	if _, err := os.Stat(filepath.Join(root, "src", "fmt", "print.go")); err != nil {
		return ""
	}
	build.Default.GOROOT = root
	return root
})

func (si *sourceImporter) Import(p string) (*types.Package, error) {
	if pkg, ok := si.packages[p]; ok {
		return pkg, nil
	}
	if !strings.HasPrefix(p, runtimeModule) {
		pkg, err := si.std.Import(p)
		if err == nil {
			si.packages[p] = pkg
		}
		return pkg, err
	}
	dir := strings.TrimPrefix(p, runtimeModule)
	entries, err := fs.ReadDir(gtruntime.Source, dir)
	if err != nil {
		return nil, fmt.Errorf("importing %s: %w", p, err)
	}
	var files []*ast.File
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		name := path.Join(dir, e.Name())
		src, err := fs.ReadFile(gtruntime.Source, name)
		if err != nil {
			return nil, err
		}
		f, err := parser.ParseFile(si.fset, name, src, parser.SkipObjectResolution|parser.ParseComments)
		if err != nil {
			return nil, fmt.Errorf("importing %s: %w", p, err)
		}
		if buildsHere(f) {
			files = append(files, f)
		}
	}
	conf := types.Config{Importer: si}
	pkg, err := conf.Check(p, si.fset, files, nil)
	if err != nil {
		return nil, fmt.Errorf("importing %s: %w", p, err)
	}
	si.packages[p] = pkg
	return pkg, nil
}

// buildsHere reports whether a file's //go:build line, if any, holds for
// this system, as the go command would decide.
func buildsHere(f *ast.File) bool {
	for _, g := range f.Comments {
		if g.Pos() > f.Package {
			break
		}
		for _, c := range g.List {
			expr, err := constraint.Parse(c.Text)
			if err != nil {
				continue
			}
			return expr.Eval(func(tag string) bool {
				switch tag {
				case runtime.GOOS, runtime.GOARCH, "gc":
					return true
				case "unix":
					return unixOS[runtime.GOOS]
				}
				return strings.HasPrefix(tag, "go1.")
			})
		}
	}
	return true
}

// unixOS are the systems the unix build constraint means.
var unixOS = map[string]bool{"aix": true, "android": true, "darwin": true, "dragonfly": true, "freebsd": true,
	"hurd": true, "illumos": true, "ios": true, "linux": true, "netbsd": true, "openbsd": true, "solaris": true}
