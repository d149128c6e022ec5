package cellsource

import (
	"go/parser"
	"go/token"
	"reflect"
	"strings"
	"testing"
)

// earlierCells compiles cells through every pass, as a session does, and
// returns the compiler, whose Index then holds their declarations.
func earlierCells(t *testing.T, cells ...string) *Compiler {
	t.Helper()
	c := NewCompiler(token.NewFileSet(), NewIndex())
	for i, cell := range cells {
		compileAll(t, c, i+1, cell)
	}
	return c
}

// Program, golden: the program a compiled cell becomes.
func TestProgramGolden(t *testing.T) {
	c := earlierCells(t,
		"import \"strings\"\nfunc shout(s string) string { return strings.ToUpper(s) + bang }\nconst bang = \"!\"\nfunc unused() {}",
		"type greeter struct{ name string }\nfunc (g greeter) greet() string { return shout(\"hi \" + g.name) }",
		"func (g *greeter) rename(n string) { g.name = n }")
	imports := map[string]string{"strings": "strings", "fmt": "fmt", "threading": "github.com/gothreads/gothreads/runtime/threading"}
	got, err := Program(4, "import \"os\"\n\nvar start = 3\ng := greeter{name: os.Args[0]}\ng.rename(\"gopher\")\nfmt.Println(g.greet(), start, local())\nfunc local() int { return step }\nvar step = 2", c.Decls, NoGlobals{}, imports)
	if err != nil {
		t.Fatal(err)
	}
	want := `package main

/*line cell[4]:1:1*/import "os"
import fmt "fmt"
import strings "strings"

/*line cell[2]:1:1*/type greeter struct{ name string }

/*line cell[2]:2:1*/func (g greeter) greet() string { return shout("hi " + g.name) }

/*line cell[3]:1:1*/func (g *greeter) rename(n string) { g.name = n }

/*line cell[1]:2:1*/func shout(s string) string { return strings.ToUpper(s) + bang }

/*line cell[1]:3:1*/const bang = "!"

/*line cell[4]:3:1*/var start = 3

/*line cell[4]:7:1*/func local() int { return step }

/*line cell[4]:8:1*/var step = 2

func main() {
/*line cell[4]:4:1*/g := greeter{name: os.Args[0]}
/*line cell[4]:5:1*/g.rename("gopher")
/*line cell[4]:6:1*/fmt.Println(g.greet(), start, local())
}
`
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if _, err := parser.ParseFile(token.NewFileSet(), "main.go", got, 0); err != nil {
		t.Errorf("the program does not parse: %v", err)
	}
}

// What cannot be a program is refused with what to do.
func TestProgramRefusals(t *testing.T) {
	c := earlierCells(t, "total := 10")
	g := testGlobals{"total": reflect.TypeFor[int]()}
	if _, err := Program(2, "fmt.Println(total + 1)", c.Decls, g, nil); err == nil ||
		!strings.Contains(err.Error(), "total is a variable of the notebook's session") || !strings.Contains(err.Error(), "%%run") {
		t.Errorf("a session variable: %v", err)
	}
	if _, err := Program(3, "func main() { println(1) }\nprintln(2)", c.Decls, nil, nil); err == nil ||
		!strings.Contains(err.Error(), "cell[3]:2: a %%run cell that declares func main runs that") {
		t.Errorf("func main and statements: %v", err)
	}
}

// A cell that begins with package main is the program, with its lines.
func TestWholeProgram(t *testing.T) {
	cell := "\n// A program.\npackage main\n\nfunc main() {}\n"
	if !IsProgram(cell) || IsProgram("x := 1") || IsProgram("package mainly") {
		t.Errorf("IsProgram")
	}
	got, err := Program(5, cell, NewIndex(), nil, nil)
	if err != nil || got != "/*line cell[5]:3:1*/package main\n\nfunc main() {}\n" {
		t.Errorf("got %q, %v", got, err)
	}
}
