package session

import (
	"strings"
	"testing"
)

// errorTypes are a cell's error types of every shape package errors reads:
// pointer and value receivers, Unwrap() error and Unwrap() []error, Is and
// As methods.
const errorTypes = `var ErrMissing = errors.New("missing")

type FieldError struct {
	Field string
	Err   error
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Err.Error() }
func (e *FieldError) Unwrap() error { return e.Err }

type Code struct{ N int }

func (c Code) Error() string { return fmt.Sprint("code ", c.N) }

type Multi struct{ Errs []error }

func (m Multi) Error() string   { return fmt.Sprint(len(m.Errs), " errors") }
func (m Multi) Unwrap() []error { return m.Errs }

type Kind struct{ Name string }

func (k *Kind) Error() string { return "kind " + k.Name }
func (k *Kind) Is(target error) bool {
	t, ok := target.(*Kind)
	return ok && t.Name == k.Name
}

type Legacy struct{}

func (Legacy) Error() string { return "legacy" }
func (Legacy) As(target any) bool {
	if c, ok := target.(*Code); ok {
		*c = Code{99}
		return true
	}
	return false
}

var ErrGone = &FieldError{"gone", ErrMissing}

type store struct{ last error }

func (s *store) find(key string) error {
	s.last = fmt.Errorf("find %q: %w", key, &FieldError{key, ErrMissing})
	return s.last
}`

// errors.Is, As, Unwrap, Join and %w see a cell's error types as Go's do,
// and errors of cell types compare, key maps and hold typed nils as Go's
// do: at the top level, in a function, a method, a closure and a
// goroutine.
func TestErrorsThroughCellTypes(t *testing.T) {
	h := newHarness(t)
	h.ok(errorTypes)
	h.expectSteps([]step{
		// Top level: a chain through a pointer receiver's Unwrap, several levels.
		{code: "err := fmt.Errorf(\"load: %w\", fmt.Errorf(\"parse: %w\", &FieldError{\"port\", ErrMissing}))\n" +
			"var fe *FieldError\nfmt.Println(err, errors.Is(err, ErrMissing), errors.As(err, &fe), fe.Field)",
			stdout: "load: parse: port: missing true true port\n"},
		// A sentinel of a cell's type, and errors.Unwrap back to it.
		{code: "w := fmt.Errorf(\"x: %w\", ErrGone)\nfmt.Println(errors.Is(w, ErrGone), errors.Unwrap(w) == ErrGone, errors.Unwrap(errors.Unwrap(w)) == ErrMissing)",
			stdout: "true true true\n"},
		// A function: value receivers, errors.Join of cell errors, Unwrap() []error.
		{code: "func check() string {\n\tj := errors.Join(Code{1}, &FieldError{\"f\", ErrMissing})\n\tm := Multi{[]error{Code{2}, ErrGone}}\n" +
			"\tvar c Code\n\treturn fmt.Sprintln(errors.Is(j, Code{1}), errors.Is(j, Code{3}), errors.Is(j, ErrMissing), errors.As(m, &c), c.N, errors.Is(m, ErrGone))\n}\nfmt.Print(check())",
			stdout: "true false true true 2 true\n"},
		// A method: Is and As methods.
		{code: "func (s *store) kinds() string {\n\tvar c Code\n\treturn fmt.Sprint(errors.Is(fmt.Errorf(\"w: %w\", &Kind{\"disk\"}), &Kind{\"disk\"}), errors.Is(&Kind{\"disk\"}, &Kind{\"net\"}), " +
			"errors.As(fmt.Errorf(\"w: %w\", Legacy{}), &c), c.N)\n}\nfmt.Println((&store{}).kinds())",
			stdout: "true false true 99\n"},
		// A closure keeping the error it made; errors.As into error itself.
		{code: "s := &store{}\nget := func() error { return s.find(\"k\") }\ne1 := get()\nvar target error\n" +
			"fmt.Println(e1 == s.last, errors.As(e1, &target), target == e1, errors.Is(e1, ErrMissing))",
			stdout: "true true true true\n"},
		// A goroutine.
		{code: "done := make(chan string)\ngo func() {\n\tvar fe *FieldError\n\terr := fmt.Errorf(\"g: %w\", &FieldError{\"g\", ErrMissing})\n" +
			"\tdone <- fmt.Sprint(errors.Is(err, ErrMissing), errors.As(err, &fe), \" \", fe.Field)\n}()\nfmt.Println(<-done)",
			stdout: "true true g\n"},
		// == of errors, errors as map keys, errors made in a loop.
		{code: "var a, b error = ErrGone, ErrGone\nvar c1, c2 error = Code{1}, Code{1}\nseen := map[error]int{ErrGone: 1, Code{1}: 2}\n" +
			"var errs []error\nfor i := 0; i < 3; i++ {\n\terrs = append(errs, &FieldError{fmt.Sprint(\"f\", i), ErrMissing})\n}\n" +
			"fmt.Println(a == b, c1 == c2, c1 == Code{2}, seen[a], seen[c2], errs)",
			stdout: "true true false 1 2 [f0: missing f1: missing f2: missing]\n"},
		// A typed nil pointer in an error is not a nil error.
		{code: "func mayFail(bad bool) error {\n\tvar e *FieldError\n\tif bad {\n\t\te = &FieldError{\"bad\", ErrMissing}\n\t}\n\treturn e\n}\n" +
			"err := mayFail(false)\nvar plain error\nfmt.Printf(\"%v %v %T %T\\n\", err == nil, plain == nil, err, mayFail(true))",
			stdout: "false true *main.FieldError *main.FieldError\n"},
	})
	// What the interpreter cannot make right is refused, with %%run.
	e := h.fails("type temporary interface{ Temporary() bool }\nvar tmp temporary\nerrors.As(ErrGone, &tmp)")
	if !strings.Contains(e.Value, "errors.As cannot look for an error that implements temporary") || !strings.Contains(e.Value, "%%run") {
		t.Errorf("errors.As into a cell's interface: %s: %s", e.Name, e.Value)
	}
}

// A recovered run-time panic is the runtime's own error, in Go's words and
// a runtime.Error, in a function, a method, a closure, a goroutine and at
// the top level.
func TestRecoveredRuntimeErrorsAreGos(t *testing.T) {
	h := newHarness(t)
	h.ok(`type node struct {
	val  int
	next *node
}

func catch(f func()) string {
	var msg string
	func() {
		defer func() {
			r := recover()
			_, rt := r.(runtime.Error)
			_, isErr := r.(error)
			msg = fmt.Sprint(rt, " ", isErr, " ", r)
		}()
		f()
	}()
	return msg
}

type checker struct{ xs []int }

func (c checker) at(i int) string { return catch(func() { _ = c.xs[i] }) }`)
	h.expectSteps([]step{
		{code: "xs := []int{1, 2, 3}\ni, lo := 5, 2\nfmt.Println(catch(func() { _ = xs[i] }))\nfmt.Println(catch(func() { _ = xs[lo:1] }))\nfmt.Println(catch(func() { _ = xs[:i] }))",
			stdout: "true true runtime error: index out of range [5] with length 3\ntrue true runtime error: slice bounds out of range [2:1]\n" +
				"true true runtime error: slice bounds out of range [:5] with capacity 3\n"},
		{code: "func nils() {\n\tvar head *node\n\tvar p *int\n\tvar f func()\n\tfmt.Println(catch(func() { _ = head.next.val }))\n" +
			"\tfmt.Println(catch(func() { _ = *p }))\n\tfmt.Println(catch(func() { f() }))\n}\nnils()",
			stdout: strings.Repeat("true true runtime error: invalid memory address or nil pointer dereference\n", 3)},
		{code: "fmt.Println(checker{[]int{1}}.at(4))", stdout: "true true runtime error: index out of range [4] with length 1\n"},
		{code: "var anything any = \"text\"\ns := \"abc\"\nn := 9\nfmt.Println(catch(func() { _ = anything.(int) }))\nfmt.Println(catch(func() { _ = s[n] }))",
			stdout: "true true interface conversion: interface {} is string, not int\ntrue true runtime error: index out of range [9] with length 3\n"},
		{code: "done := make(chan string)\ngo func() {\n\tvar m map[string]int\n\tdone <- catch(func() { m[\"a\"] = 1 })\n}()\nfmt.Println(<-done)",
			stdout: "true true assignment to entry in nil map\n"},
		{code: "ch := make(chan int)\nclose(ch)\nfmt.Println(catch(func() { close(ch) }))\nzero := 0\nfmt.Println(catch(func() { _ = 1 / zero }))",
			stdout: "true true close of closed channel\ntrue true runtime error: integer divide by zero\n"},
	})
}

// An interface value compares with == as Go compares it: by dynamic type
// and value.
func TestInterfaceComparisons(t *testing.T) {
	h := newHarness(t)
	h.ok("type Namer interface{ Name() string }\ntype Email struct{ Addr string }\nfunc (e Email) Name() string { return \"email\" }\n" +
		"type U16 uint16\nfunc (U16) Method() {}")
	h.expectSteps([]step{
		{code: "var n Namer = Email{\"a\"}\nfmt.Println(n == Email{\"a\"}, n == Email{\"b\"}, Email{\"a\"} == n)", stdout: "true false true\n"},
		{code: "func same() bool {\n\tu := U16(1)\n\tvar i interface{} = u\n\treturn any(u) == i\n}\nfmt.Println(same(), any(U16(1)) == any(uint16(1)))", stdout: "true false\n"},
		{code: "done := make(chan bool)\ngo func() { var a, b Namer = Email{\"x\"}, Email{\"x\"}; done <- a == b }()\nfmt.Println(<-done)", stdout: "true\n"},
	})
	e := h.fails("var a, b any = []int{1}, []int{1}\n_ = a == b")
	if !strings.Contains(e.Value, "runtime error: comparing uncomparable type []int") {
		t.Errorf("comparing slices in interfaces: %s", e.Value)
	}
}
