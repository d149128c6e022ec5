package supervisor

import (
	"errors"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/gothreads/gothreads/crashsite"
	"github.com/gothreads/gothreads/evaluator"
)

// What the kernel says when a worker dies: the error a cell gets, with the
// crash site in cell lines, and the note shown at the next cell when the
// worker died between cells.

// diedBetweenCells reports the death of the serving worker while no cell
// ran (a goroutine that outlived its cell, a memory limit): e under the
// cell whose goroutine ended it, or the cell that ran last, and at the next
// cell a note that the session was restarted, when and why.
func (s *Supervisor) diedBetweenCells(pub evaluator.Publisher, e *evaluator.Error) {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return // shut down on purpose
	}
	s.restarted = fmt.Sprintf("⚠ The Go session was restarted at %s, after the last cell ended: %s.\n"+
		"Variables, functions and goroutines from earlier cells are gone: run the cells you need again.\n",
		time.Now().Format("15:04:05"), e.Value)
	s.mu.Unlock()
	if pub != nil {
		pub.Error(e)
	}
}

// crashError describes the death of a worker to the learner whose cell was
// running. cells holds the code of the cells the worker ran, by count.
func crashError(killed, report string, exitErr error, cells map[int]string) *evaluator.Error {
	const lost = "The Go session was restarted: variables, functions and goroutines from earlier cells are gone. Run the cells you need again."
	if killed != "" {
		return &evaluator.Error{Name: "Interrupted", Value: killed,
			Traceback: []string{red("Interrupted") + ": " + killed, "", lost}}
	}
	value := "the Go session stopped"
	var ee *exec.ExitError
	switch {
	case errors.As(exitErr, &ee) && killedBySystem(ee):
		// The kernel's OOM killer, most often; it leaves no report.
		value = "the Go session was killed (SIGKILL), most likely by the system for using too much memory"
	case exitErr != nil:
		value = "the Go session stopped: " + exitErr.Error()
	}
	var tb []string
	if report != "" {
		lines := strings.Split(strings.TrimRight(report, "\n"), "\n")
		for _, l := range lines {
			if strings.HasPrefix(l, "fatal error: ") || strings.HasPrefix(l, "panic: ") {
				value = l
				break
			}
		}
		// The report's header says what happened; the goroutine dumps after
		// it show the interpreter's frames, not the cell's, so they are cut.
		for _, l := range lines {
			if l == "" || strings.HasPrefix(l, "goroutine ") {
				break
			}
			tb = append(tb, l)
		}
		tb = append(tb, crashSite(report, cells)...)
	}
	if len(tb) == 0 {
		tb = []string{value}
	}
	tb[0] = red(tb[0])
	tb = append(tb, "", lost)
	return &evaluator.Error{Name: "fatal error", Value: value, Traceback: tb}
}

// killedBySystem reports whether a worker ended by SIGKILL; the supervisor
// has its own message for the times it kills one.
func killedBySystem(ee *exec.ExitError) bool {
	ws, ok := ee.Sys().(syscall.WaitStatus)
	return ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL
}

// runtimePackages is where the goroutines of the runtime packages start.
const runtimePackages = "github.com/gothreads/gothreads/runtime/"

// crashSite says where the goroutine that failed in report came from: the
// go statement of a cell, with its source line, or the cell whose
// goroutine it is (its profiler label, printed when the worker runs with
// GODEBUG=tracebacklabels=1) and the runtime package that started it. The
// Go stack itself shows only the interpreter's frames.
func crashSite(report string, cells map[int]string) []string {
	site, ok := crashsite.Find(report)
	if !ok {
		return nil
	}
	if site.Cell > 0 {
		out := []string{"", fmt.Sprintf("in the goroutine started at cell[%d]:%d", site.Cell, site.Line)}
		if lines := strings.Split(cells[site.Cell], "\n"); site.Line >= 1 && site.Line <= len(lines) {
			out = append(out, "    "+strings.TrimSpace(lines[site.Line-1]))
		}
		return out
	}
	var where string
	if cell, err := strconv.Atoi(site.Labels["cell"]); err == nil && cell > 0 {
		where = fmt.Sprintf("in a goroutine of cell[%d]", cell)
	}
	if by, ok := strings.CutPrefix(site.CreatedBy, runtimePackages); ok {
		if where == "" {
			where = "in a goroutine"
		}
		where += ", started by " + by
	}
	if where == "" {
		return nil
	}
	return []string{"", where}
}

func red(s string) string { return "\x1b[0;31m" + s + "\x1b[0m" }

// sessionError is an error of the session as a whole (the worker would
// not start or answer), with the traceback a frontend shows.
func sessionError(value string) *evaluator.Error {
	return &evaluator.Error{Name: "SessionError", Value: value, Traceback: []string{red("SessionError") + ": " + value}}
}
