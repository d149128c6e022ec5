package session

import (
	"context"
	"fmt"
	"testing"

	"github.com/gothreads/gothreads/evaluator"
)

type pr struct{}

func (pr) Stream(n, t string)                         { fmt.Printf("[%s] %q\n", n, t) }
func (pr) Display(b *evaluator.Bundle, id string, u bool) { fmt.Printf("[display] %v\n", b.Data) }
func (pr) ClearOutput(bool)                           {}

func TestTry(t *testing.T) {
	s, err := New(nil)
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range []string{
		"x := 21", "x * 2", `fmt.Println("hi")`, "func f() int { return x + 1 }\nf()",
		"a := 1; func g() int { return a }; g()", "fmt.Println(hh()); func hh() int { return 7 }",
		"func main() { fmt.Println(\"main ran\") }", "1+2",
		"y := undefinedThing + 1", "func p() { panic(\"boom\") }\np()", "x",
		`import "strings"` + "\nstrings.ToUpper(\"abc\")", `import "strings"` + "\nstrings.Repeat(\"ab\", 2)",
		"type P struct{A int; b string}\nP{1, \"x\"}", "var i any = 3\nswitch v := i.(type) { case int: fmt.Println(\"int\", v) }",
		"display.HTML(\"<b>hi</b>\")", "two := func() (int, string) { return 1, \"a\" }\ntwo()",
		"x := )",
	} {
		r := s.Execute(context.Background(), evaluator.ExecuteRequest{Code: c, Count: i + 1}, pr{})
		if r.Value != nil {
			fmt.Printf("%d OUT %v\n", i+1, r.Value.Data)
		}
		if r.Err != nil {
			fmt.Printf("%d ERR %s | %q | %q\n", i+1, r.Err.Name, r.Err.Value, r.Err.Traceback)
		}
	}
}
