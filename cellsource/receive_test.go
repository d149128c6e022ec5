package cellsource

import (
	"go/parser"
	"go/token"
	"testing"
)

// parenReceives, golden: a function body in, the body as compiled out.
func TestParenReceivesGolden(t *testing.T) {
	tests := []struct{ name, in, out string }{
		{"return", "return <-c", "return (<-c)"},
		{"return with others", "return <-c, nil", "return (<-c), nil"},
		{"define", "v := <-c", "v := (<-c)"},
		{"assign", "v = <-c", "v = (<-c)"},
		{"var", "var v = <-c", "var v = (<-c)"},
		{"two at once", "a, b = <-c, <-d", "a, b = (<-c), (<-d)"},
		{"send", "out <- <-in", "out <- (<-in)"},
		{"if init", "if v := <-c; v > 0 { v++ }", "if v := (<-c); v > 0 { v++ }"},
		{"comma-ok stays", "v, ok := <-c\nvar w, ok2 = <-c", "v, ok := <-c\nvar w, ok2 = <-c"},
		{"a statement stays", "<-done", "<-done"},
		{"select cases stay, their bodies do not", "select {\ncase v := <-c:\n\tw := <-c\n\t_ = v\ncase <-d:\n}", "select {\ncase v := <-c:\n\tw := (<-c)\n\t_ = v\ncase <-d:\n}"},
		{"inside an expression stays", "v := <-c + 1\nf(<-c)", "v := <-c + 1\nf(<-c)"},
		{"in a func literal", "g := func() int { return <-c }", "g := func() int { return (<-c) }"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := parser.ParseFile(token.NewFileSet(), "", "package p\nfunc _() {\n"+tt.in+"\n}\n", parser.SkipObjectResolution)
			if err != nil {
				t.Fatal(err)
			}
			parenReceives(f)
			if got, want := printed(t, f), printed(t, "package p\nfunc _() {\n"+tt.out+"\n}\n"); got != want {
				t.Errorf("got\n%s\nwant\n%s", got, want)
			}
		})
	}
}
