package cellsource

import (
	"bytes"
	gofmt "go/format"
	"go/parser"
	"go/token"
	"strings"
	"testing"
)

// callLastMain, golden: a chunk in, the chunk as it is compiled out.
func TestCallLastMainGolden(t *testing.T) {
	tests := []struct{ name, in, out string }{
		{"a call", "main()", "__main_cell2()"},
		{"go and defer", "go main()\ndefer main()", "go __main_cell2()\ndefer __main_cell2()"},
		{"a func value", "f := main\nf()", "f := __main_cell2\nf()"},
		{"in a func literal", "func() { main() }()", "func() { __main_cell2() }()"},
		{"a field is not the func", "x.main()\nx.main = 1", "x.main()\nx.main = 1"},
		{"a variable named main", "main := 1\nmain++", "main := 1\nmain++"},
		{"a parameter named main", "g := func(main int) int { return main }", "g := func(main int) int { return main }"},
		{"a label named main", "main:\nfor {\n\tbreak main\n}", "main:\nfor {\n\tbreak main\n}"},
		{"a struct field named main", "v := struct{ main int }{main: 1}\nmain()", "v := struct{ main int }{main: 1}\n__main_cell2()"},
		{"a local main in one literal, the func in another",
			"a := func() { main := 3; _ = main }\nb := func() { main() }",
			"a := func() { main := 3; _ = main }\nb := func() { __main_cell2() }"},
		{"a variable shadowing main, then out of its scope",
			"if true { main := 1; _ = main }\nmain()",
			"if true { main := 1; _ = main }\n__main_cell2()"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := "package p\nfunc _() {\n" + tt.in + "\n}\n"
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, "", src, parser.SkipObjectResolution)
			if err != nil {
				t.Fatal(err)
			}
			if u := callLastMain(f.Decls[0], fset, mainUses(src), "__main_cell2"); u != nil {
				t.Errorf("reported %s as unresolved", u.Name)
			}
			if got, want := printed(t, f), printed(t, "package p\nfunc _() {\n"+tt.out+"\n}\n"); got != want {
				t.Errorf("got\n%s\nwant\n%s", got, want)
			}
		})
	}
	// Declarations: a method named main keeps its name; a function calling
	// main calls the last one, and so does the cell's own func main (renamed
	// by now) calling itself.
	src := "package main\nfunc (t T) main() { main() }\nfunc run() { main() }\nfunc main() { main() }\n"
	fset := token.NewFileSet()
	f, _ := parser.ParseFile(fset, "", src, parser.SkipObjectResolution)
	renameMain(f, 4)
	callLastMain(f, fset, mainUses(src), "__main_cell4")
	if got, want := printed(t, f), printed(t, "package main\nfunc (t T) main() { __main_cell4() }\nfunc run() { __main_cell4() }\nfunc __main_cell4() { __main_cell4() }\n"); got != want {
		t.Errorf("declarations:\n%s\nwant\n%s", got, want)
	}
	// With no func main declared yet, the first use is reported.
	src = "package p\nfunc _() {\nx := 1\ngo main()\n}\n"
	fset = token.NewFileSet()
	f, _ = parser.ParseFile(fset, "", src, parser.SkipObjectResolution)
	if u := callLastMain(f.Decls[0], fset, mainUses(src), ""); u == nil || u.Name != "main" {
		t.Errorf("no func main yet: reported %v", u)
	}
}

// printed is Go source (a string to parse, or a node) as gofmt prints it.
func printed(t *testing.T, src any) string {
	t.Helper()
	if text, ok := src.(string); ok {
		f, err := parser.ParseFile(token.NewFileSet(), "", text, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		src = f
	}
	var b bytes.Buffer
	if err := gofmt.Node(&b, token.NewFileSet(), src); err != nil {
		t.Fatal(err)
	}
	// Printed without positions, a node's layout may differ: compare words.
	return strings.Join(strings.Fields(b.String()), " ")
}
