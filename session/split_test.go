package session

import "testing"

func TestSplit(t *testing.T) {
	src := "import \"strings\"\nx := 1; func f() {\n\ty := []int{1,\n\t\t2}\n}\ntype T int\nfunc (t T) M() {}\nfunc(n int) { _ = n }(1)\nf()"
	want := []struct {
		kind      segKind
		text      string
		line, col int
	}{
		{segImport, `import "strings"`, 1, 1},
		{segStmt, "x := 1", 2, 1},
		{segDecl, "func f() {\n\ty := []int{1,\n\t\t2}\n}", 2, 9},
		{segDecl, "type T int", 6, 1},
		{segDecl, "func (t T) M() {}", 7, 1},
		{segStmt, "func(n int) { _ = n }(1)", 8, 1},
		{segStmt, "f()", 9, 1},
	}
	got := split(src)
	checkSegments(t, got, want)

	// Semicolons in statement headers do not split.
	src = "t := 0\nfor i := 0; i < 3; i++ { t += i }\nif v := t; v > 0 { t-- } else if w := 1; w > 0 {}\nswitch x := t; x { }; t"
	want = []struct {
		kind      segKind
		text      string
		line, col int
	}{
		{segStmt, "t := 0", 1, 1},
		{segStmt, "for i := 0; i < 3; i++ { t += i }", 2, 1},
		{segStmt, "if v := t; v > 0 { t-- } else if w := 1; w > 0 {}", 3, 1},
		{segStmt, "switch x := t; x { }", 4, 1},
		{segStmt, "t", 4, 23},
	}
	checkSegments(t, split(src), want)
}

func checkSegments(t *testing.T, got []segment, want []struct {
	kind      segKind
	text      string
	line, col int
}) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("split gave %d segments %+v; want %d", len(got), got, len(want))
	}
	for i, w := range want {
		g := got[i]
		if g.kind != w.kind || g.text != w.text || g.line != w.line || g.col != w.col {
			t.Errorf("segment %d = %+v; want %+v", i, g, w)
		}
	}
}
