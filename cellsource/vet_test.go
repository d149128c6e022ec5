package cellsource

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
	"testing"
)

// CopiedLocks, golden: a cell's declarations in, each finding as
// "line:col: message" out; a case with none must be left alone.
func TestCopiedLocksGolden(t *testing.T) {
	earlier := map[string]*ast.StructType{} // a struct an earlier cell declared
	f, err := parser.ParseFile(token.NewFileSet(), "", "package p\ntype guarded struct{ mu sync.Mutex; n int }", 0)
	if err != nil {
		t.Fatal(err)
	}
	earlier["guarded"] = f.Decls[0].(*ast.GenDecl).Specs[0].(*ast.TypeSpec).Type.(*ast.StructType)
	tests := []struct {
		name, src string
		stmts     bool // src is statements, parsed in a function body
		want      string
	}{
		{"a WaitGroup by value", "func work(wg sync.WaitGroup) { wg.Done() }", false,
			`1:11: work takes the sync.WaitGroup wg by value, so it gets a copy: its Done never reaches the caller's WaitGroup, whose Wait then waits for ever. Take a pointer, wg *sync.WaitGroup, and pass the address of the caller's (go vet calls this "passes lock by value").`},
		{"a value receiver of a struct with a mutex", "type counter struct {\n\tmu sync.Mutex\n\tn  int\n}\nfunc (c counter) inc() { c.n++ }", false,
			"5:1: the method inc has a value receiver, so it works on a copy of counter, its sync.Mutex mu included: locking the copy keeps no other goroutine out. Use a pointer receiver: func (c *counter) inc(...)."},
		{"a struct of an earlier cell, in a func literal", "f := func(g guarded) {}\n_ = f", true,
			`1:11: a func literal takes the guarded g by value, and with it a copy of its sync.Mutex mu: locking the copy keeps no other goroutine out. Take a pointer, g *guarded (go vet calls this "passes lock by value").`},
		{"pointers: left alone", "func work(wg *sync.WaitGroup, g *guarded) {}\nfunc (c *counter) inc() {}", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			head := "package p\n"
			if tt.stmts {
				head += "func main() {\n"
			}
			src := head + tt.src
			if tt.stmts {
				src += "\n}"
			}
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, "", src, 0)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, d := range CopiedLocks(f, func(name string) *ast.StructType { return earlier[name] }) {
				p := fset.Position(d.Pos)
				got = append(got, fmt.Sprintf("%d:%d: %s", p.Line-strings.Count(head, "\n"), p.Column, d.Message))
			}
			if g := strings.Join(got, "\n"); g != tt.want {
				t.Errorf("got\n%s\nwant\n%s", g, tt.want)
			}
		})
	}
}
