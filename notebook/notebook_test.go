package notebook

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/gothreads/gothreads/evaluator"
)

const lesson = "# Title\n\nSome prose.\n\n```go\nx := 1\n```\n\nMore prose.\n+++\nA new cell.\n\n```go raises-exception\npanic(\"no\")\n```\n\n```python\nnot go\n```\n"

func TestFromLesson(t *testing.T) {
	nb, err := FromLesson("01-intro", lesson, "1.26")
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, c := range nb.Cells {
		kinds = append(kinds, c.CellType)
	}
	if strings.Join(kinds, " ") != "markdown code markdown markdown code markdown" {
		t.Fatalf("cells %v", kinds)
	}
	if nb.Cells[1].Source != "x := 1" || nb.Cells[1].ID != "01-intro-2" {
		t.Errorf("code cell %q id %q", nb.Cells[1].Source, nb.Cells[1].ID)
	}
	if !nb.Cells[4].HasTag("raises-exception") || nb.Cells[1].HasTag("raises-exception") {
		t.Error("tags")
	}
	if !strings.Contains(string(nb.Cells[5].Source), "```python") {
		t.Error("other fences stay in the prose")
	}
	if _, err := FromLesson("bad", "```go\nx := 1\n", "1.26"); err == nil {
		t.Error("an unclosed block was accepted")
	}
}

func TestMarshalIsNBFormat(t *testing.T) {
	nb, _ := FromLesson("l", lesson, "1.26")
	data, err := Marshal(nb)
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string]any
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatal(err)
	}
	cells := raw["cells"].([]any)
	code := cells[1].(map[string]any)
	if _, ok := code["outputs"]; !ok || code["execution_count"] != nil {
		t.Errorf("code cell %v", code)
	}
	md := cells[0].(map[string]any)
	if _, ok := md["outputs"]; ok {
		t.Errorf("markdown cell has outputs: %v", md)
	}
	if src := md["source"].([]any); len(src) != 3 || src[0] != "# Title\n" {
		t.Errorf("source lines %q", src)
	}
	ks := raw["metadata"].(map[string]any)["kernelspec"].(map[string]any)
	if ks["name"] != "gothreads" || raw["nbformat"] != 4.0 {
		t.Errorf("metadata %v", raw["metadata"])
	}
}

// fake runs cells named by their text: "print X", "fail", "value X",
// "keep" (its publisher is kept), "later X" (prints X through the kept one).
type fake struct{ kept *evaluator.Publisher }

func (f fake) Execute(_ context.Context, r evaluator.ExecuteRequest, p evaluator.Publisher) evaluator.Result {
	switch {
	case r.Code == "keep":
		*f.kept = p
	case strings.HasPrefix(r.Code, "later "):
		(*f.kept).Stream("stdout", strings.TrimPrefix(r.Code, "later ")+"\n")
	case strings.HasPrefix(r.Code, "print "):
		p.Stream("stdout", strings.TrimPrefix(r.Code, "print ")+"\n")
		p.Stream("stdout", "more\n")
	case r.Code == "late":
		p.Error(&evaluator.Error{Name: "panic", Value: "in a goroutine"})
	case r.Code == "fail":
		return evaluator.Result{Err: &evaluator.Error{Name: "panic", Value: "no", Traceback: []string{"panic: no"}}}
	case strings.HasPrefix(r.Code, "value "):
		return evaluator.Result{Value: evaluator.Text(strings.TrimPrefix(r.Code, "value "))}
	}
	return evaluator.Result{}
}
func (fake) Complete(string, int) evaluator.Completion     { return evaluator.Completion{} }
func (fake) Inspect(string, int, int) evaluator.Inspection { return evaluator.Inspection{} }
func (fake) IsComplete(string) evaluator.Completeness      { return evaluator.Completeness{} }
func (fake) Interrupt()                                    {}
func (fake) Shutdown(bool) error                           { return nil }

func TestRunReportsGoroutineErrors(t *testing.T) {
	nb, _ := FromLesson("l", "```go\nlate\n```\n```go raises-exception\nlate\n```\n", "1.26")
	failures := Run(context.Background(), nb, fake{}, RunOptions{Settle: 1})
	if len(failures) != 1 || failures[0].Cell != 0 || failures[0].Error.Value != "in a goroutine" {
		t.Errorf("failures %+v; want the untagged cell's goroutine error", failures)
	}
}

func TestRun(t *testing.T) {
	nb, _ := FromLesson("l", "```go\nprint hi\n```\n```go raises-exception\nfail\n```\n```go\nvalue 42\n```\n```go\nfail\n```\n```go\nprint never\n```\n", "1.26")
	failures := Run(context.Background(), nb, fake{}, RunOptions{Settle: 1})
	if len(failures) != 1 || failures[0].Cell != 3 {
		t.Fatalf("failures %+v; want the untagged failure, cell 3", failures)
	}
	if out := nb.Cells[0].Outputs; len(out) != 1 || out[0]["text"] != Lines("hi\nmore\n") {
		t.Errorf("stream outputs %v", out)
	}
	if out := nb.Cells[1].Outputs; len(out) != 1 || out[0]["output_type"] != "error" {
		t.Errorf("tagged failure %v", out)
	}
	if out := nb.Cells[2].Outputs; len(out) != 1 || out[0]["output_type"] != "execute_result" || *nb.Cells[2].ExecutionCount != 3 {
		t.Errorf("result %v", out)
	}
	if nb.Cells[4].Outputs != nil || nb.Cells[4].ExecutionCount != nil {
		t.Error("a cell after the failure ran")
	}
}

// Output a cell's goroutines write while a later cell runs is saved under
// its own cell, and echoed marked with it.
func TestRunLateOutput(t *testing.T) {
	nb, _ := FromLesson("l", "```go\nkeep\n```\n```go\nlater from one\n```\n", "1.26")
	var echo strings.Builder
	var kept evaluator.Publisher
	if failures := Run(context.Background(), nb, fake{kept: &kept}, RunOptions{Settle: 1, Echo: &echo}); failures != nil {
		t.Fatalf("failures %+v", failures)
	}
	if out := nb.Cells[0].Outputs; len(out) != 1 || out[0]["text"] != Lines("from one\n") || nb.Cells[1].Outputs != nil {
		t.Errorf("outputs %v, %v", nb.Cells[0].Outputs, nb.Cells[1].Outputs)
	}
	if !strings.Contains(echo.String(), "In [2]:\n    later from one\n[from In [1]] from one\n") {
		t.Errorf("echo:\n%s", echo.String())
	}
}
