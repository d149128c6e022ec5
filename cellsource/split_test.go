package cellsource

import "testing"

func TestSplit(t *testing.T) {
	src := "import \"strings\"\nx := 1; func f() {\n\ty := []int{1,\n\t\t2}\n}\ntype T int\nfunc (t T) M() {}\nfunc(n int) { _ = n }(1)\nf()"
	want := []struct {
		kind      Kind
		text      string
		line, col int
	}{
		{Import, `import "strings"`, 1, 1},
		{Stmt, "x := 1", 2, 1},
		{Decl, "func f() {\n\ty := []int{1,\n\t\t2}\n}", 2, 9},
		{Decl, "type T int", 6, 1},
		{Decl, "func (t T) M() {}", 7, 1},
		{Stmt, "func(n int) { _ = n }(1)", 8, 1},
		{Stmt, "f()", 9, 1},
	}
	got := Split(src)
	checkSegments(t, got, want)

	// Semicolons in statement headers do not split.
	src = "t := 0\nfor i := 0; i < 3; i++ { t += i }\nif v := t; v > 0 { t-- } else if w := 1; w > 0 {}\nswitch x := t; x { }; t"
	want = []struct {
		kind      Kind
		text      string
		line, col int
	}{
		{Stmt, "t := 0", 1, 1},
		{Stmt, "for i := 0; i < 3; i++ { t += i }", 2, 1},
		{Stmt, "if v := t; v > 0 { t-- } else if w := 1; w > 0 {}", 3, 1},
		{Stmt, "switch x := t; x { }", 4, 1},
		{Stmt, "t", 4, 23},
	}
	checkSegments(t, Split(src), want)
}

func checkSegments(t *testing.T, got []Segment, want []struct {
	kind      Kind
	text      string
	line, col int
}) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("Split gave %d segments %+v; want %d", len(got), got, len(want))
	}
	for i, w := range want {
		g := got[i]
		if g.Kind != w.kind || g.Text != w.text || g.Line != w.line || g.Col != w.col {
			t.Errorf("segment %d = %+v; want %+v", i, g, w)
		}
	}
}
