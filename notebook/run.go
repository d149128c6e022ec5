package notebook

import (
	"context"
	"fmt"
	"io"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gothreads/gothreads/evaluator"
)

// RunOptions controls Run.
type RunOptions struct {
	// Echo, if not nil, receives each cell's source and outputs as plain
	// text while the notebook runs, for reading in a terminal.
	Echo io.Writer
	// Input answers the cells' reads of standard input; nil refuses them.
	Input func(prompt string) (string, error)
	// Settle is how long to wait after the last cell for output of
	// goroutines still running. Zero means 200 ms.
	Settle time.Duration
}

// Failure is a cell that failed without the raises-exception tag.
type Failure struct {
	Cell  int // index in the notebook
	Error *evaluator.Error
}

// Run executes the code cells of nb in order on eval, replacing their
// outputs and execution counts, and returns the cells that failed without
// being tagged raises-exception. Like Jupyter's nbclient, it goes on after
// a tagged failure and stops at an untagged one.
func Run(ctx context.Context, nb *Notebook, eval evaluator.Evaluator, opt RunOptions) []Failure {
	var failures []Failure
	count := 0
	var outs []*cellOutputs
	var running atomic.Int64 // the count of the cell being run
	for i, c := range nb.Cells {
		if c.CellType != "code" {
			if opt.Echo != nil {
				fmt.Fprintf(opt.Echo, "\n%s\n", indent(string(c.Source), "  # "))
			}
			continue
		}
		count++
		n := count
		c.ExecutionCount = &n
		out := &cellOutputs{count: n, echo: opt.Echo, input: opt.Input, running: &running}
		running.Store(int64(n))
		outs = append(outs, out)
		if opt.Echo != nil {
			fmt.Fprintf(opt.Echo, "\nIn [%d]:\n%s\n", n, indent(string(c.Source), "    "))
		}
		res := eval.Execute(ctx, evaluator.ExecuteRequest{Code: string(c.Source), Count: n, AllowStdin: opt.Input != nil}, out)
		if res.Value != nil {
			out.add(Output{"output_type": "execute_result", "execution_count": n, "data": res.Value.Data, "metadata": nonNil(res.Value.Metadata)})
			out.echoText(fmt.Sprintf("Out[%d]: %v\n", n, res.Value.Data["text/plain"]))
		}
		if res.Err != nil {
			out.Error(res.Err)
			if !c.HasTag("raises-exception") {
				failures = append(failures, Failure{Cell: i, Error: res.Err})
				break
			}
		}
	}
	settle := opt.Settle
	if settle == 0 {
		settle = 200 * time.Millisecond
	}
	running.Store(0)
	time.Sleep(settle) // goroutines of the last cells may still print
	k := 0
	for i, c := range nb.Cells {
		if c.CellType == "code" && k < len(outs) {
			c.Outputs = outs[k].take()
			k++
			failures = appendLateErrors(failures, i, c)
		} else if c.CellType == "code" {
			c.Outputs, c.ExecutionCount = nil, nil
		}
	}
	return failures
}

// appendLateErrors adds to failures the error outputs of an untagged cell
// that did not fail itself: panics of goroutines it started.
func appendLateErrors(failures []Failure, i int, c *Cell) []Failure {
	if c.HasTag("raises-exception") {
		return failures
	}
	for _, f := range failures {
		if f.Cell == i {
			return failures
		}
	}
	for _, o := range c.Outputs {
		if o["output_type"] == "error" {
			e := &evaluator.Error{}
			e.Name, _ = o["ename"].(string)
			e.Value, _ = o["evalue"].(string)
			return append(failures, Failure{Cell: i, Error: e})
		}
	}
	return failures
}

func indent(s, prefix string) string {
	return prefix + strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n"+prefix)
}

// cellOutputs collects the outputs of one cell; it is the cell's
// evaluator.Publisher, also after the cell ended.
type cellOutputs struct {
	count   int
	echo    io.Writer
	input   func(string) (string, error)
	running *atomic.Int64 // the cell being run, to mark output that comes later

	mu   sync.Mutex
	outs []Output
}

func (o *cellOutputs) add(out Output) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.outs = append(o.outs, out)
}

// echoText echoes s; text of a cell that is no longer running (written by
// its goroutines later) is marked with the cell it belongs to, as the saved
// notebook shows it under that cell.
func (o *cellOutputs) echoText(s string) {
	if o.echo == nil {
		return
	}
	if o.running != nil && o.running.Load() != int64(o.count) {
		mark := fmt.Sprintf("[from In [%d]] ", o.count)
		s = mark + strings.ReplaceAll(strings.TrimSuffix(s, "\n"), "\n", "\n"+mark)
		if !strings.HasSuffix(s, "\n") {
			s += "\n"
		}
	}
	io.WriteString(o.echo, s)
}

func (o *cellOutputs) take() []Output {
	o.mu.Lock()
	defer o.mu.Unlock()
	outs := o.outs
	o.outs = nil
	return outs
}

func (o *cellOutputs) Stream(name, text string) {
	o.echoText(text)
	o.mu.Lock()
	defer o.mu.Unlock()
	if n := len(o.outs); n > 0 && o.outs[n-1]["output_type"] == "stream" && o.outs[n-1]["name"] == name {
		o.outs[n-1]["text"] = o.outs[n-1]["text"].(Lines) + Lines(text)
		return
	}
	o.outs = append(o.outs, Output{"output_type": "stream", "name": name, "text": Lines(text)})
}

func (o *cellOutputs) Display(b *evaluator.Bundle, id string, update bool) {
	if t, ok := b.Data["text/plain"]; ok {
		o.echoText(fmt.Sprintln(t))
	}
	o.add(Output{"output_type": "display_data", "data": b.Data, "metadata": nonNil(b.Metadata)})
}

func (o *cellOutputs) ClearOutput(bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.outs = nil
}

func (o *cellOutputs) Error(e *evaluator.Error) {
	o.echoText(strings.Join(e.Traceback, "\n") + "\n")
	tb := e.Traceback
	if tb == nil {
		tb = []string{}
	}
	o.add(Output{"output_type": "error", "ename": e.Name, "evalue": e.Value, "traceback": tb})
}

func (o *cellOutputs) Input(prompt string, password bool) (string, error) {
	if o.input == nil {
		return "", fmt.Errorf("no input: this notebook runs without a terminal to read from")
	}
	return o.input(prompt)
}
