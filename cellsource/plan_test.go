package cellsource

import (
	"strings"
	"testing"
)

// A package-level variable declared below the functions that use it, in the
// same cell: the functions are planned after it, as Go's package-level
// order allows.
func TestInPlaceOrderGolden(t *testing.T) {
	tests := []struct{ name, cell, want string }{
		{"a var below the func that uses it",
			"func g() { println(n) }\nvar n = 1\ng()",
			"stmt[var n = 1] decl[func g() { println(n) }] display[g()]"},
		{"a method and a var below",
			"type acc struct{}\nfunc (a *acc) add() { total++ }\nvar total int\nvar a acc\na.add()\ntotal",
			"decl[type acc struct{}] stmt[var total int] decl[func (a *acc) add() { total++ }] stmt[var a acc; a.add()] display[total]"},
		{"a chain of funcs", "func h() { g() }\nfunc g() { println(n) }\nn := 2\nh()",
			"stmt[n := 2] decl[func g() { println(n) }; func h() { g() }] display[h()]"},
		{"a use before the var: source order", "func g() { println(n) }\ng()\nvar n = 1",
			"decl[func g() { println(n) }] stmt[g(); var n = 1]"},
		{"nothing to move", "x := 1\nfunc f() int { return x }\nf()",
			"stmt[x := 1] decl[func f() int { return x }] display[f()]"},
		{"a method before the statements that use its type",
			"type P struct{ n int }\nfunc (p P) show() { fmt.Println(p.n * scale) }\nscale := 2\nP{1}.show()",
			"decl[type P struct{ n int }] stmt[scale := 2] decl[func (p P) show() { fmt.Println(p.n * scale) }] display[P{1}.show()]"},
		{"a parenthesised receiver",
			"type R struct{ n int }\nfunc (r (R)) show() { fmt.Println(r.n * f) }\nf := 3\nR{1}.show()",
			"decl[type R struct{ n int }] stmt[f := 3] decl[func (r (R)) show() { fmt.Println(r.n * f) }] display[R{1}.show()]"},
		{"a func main that uses a type whose method stays in place",
			"type State int\nvar names = []string{\"idle\"}\nfunc (s State) String() string { return names[s] }\nfunc show(s State) { fmt.Println(s) }\nfunc main() { show(0) }",
			"decl[type State int] stmt[var names = []string{\"idle\"}] decl[func (s State) String() string { return names[s] }; func show(s State) { fmt.Println(s) }; func main() { show(0) }]"},
		{"constants of such a type stay hoisted",
			"type State int\nconst Idle State = 0\nvar names = map[State]string{Idle: \"idle\"}\nfunc (s State) String() string { return names[s] }\nfunc main() { fmt.Println(Idle) }",
			"decl[type State int; const Idle State = 0] stmt[var names = map[State]string{Idle: \"idle\"}] decl[func (s State) String() string { return names[s] }; func main() { fmt.Println(Idle) }]"},
		{"a method the in-place method calls stays hoisted",
			"type State int\nprefix := \">\"\nfunc (s State) String() string { return prefix + s.Name() }\ncount := 3\nfunc (s State) Name() string { return \"idle\" }\nfmt.Println(State(0), count)",
			"decl[type State int; func (s State) Name() string { return \"idle\" }] stmt[prefix := \">\"] decl[func (s State) String() string { return prefix + s.Name() }] stmt[count := 3; fmt.Println(State(0), count)]"},
		{"a function the in-place method calls stays hoisted",
			"type State int\nvar prefix = \"state \"\nfunc (s State) String() string { return prefix + label(s) }\nvar count = 2\nfunc label(s State) string { return \"x\" }\nfunc main() { fmt.Println(State(1), count) }",
			"decl[type State int; func label(s State) string { return \"x\" }] stmt[var prefix = \"state \"] decl[func (s State) String() string { return prefix + label(s) }] stmt[var count = 2] decl[func main() { fmt.Println(State(1), count) }]"},
		{"a method whose variable comes after its use: source order",
			"type Q struct{}\nfunc (q Q) show() { fmt.Println(k) }\nQ{}.show()\nk := 2",
			"decl[type Q struct{}; func (q Q) show() { fmt.Println(k) }] stmt[Q{}.show(); k := 2]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			chunks, err := Plan(1, tt.cell)
			if err != nil {
				t.Fatal(err)
			}
			var parts []string
			for _, ch := range chunks {
				kind := map[Kind]string{Decl: "decl", Stmt: "stmt", Display: "display", Import: "import"}[ch.Kind]
				var texts []string
				for _, seg := range ch.Segs {
					texts = append(texts, seg.Text)
				}
				parts = append(parts, kind+"["+strings.Join(texts, "; ")+"]")
			}
			if got := strings.Join(parts, " "); got != tt.want {
				t.Errorf("plan\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}
