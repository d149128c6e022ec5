// Package crashsite marks goroutines with the place in a cell that started
// them, in a form that outlives the process.
//
// A fatal Go error (concurrent map writes, a stack overflow) ends the
// process without running any deferred code, so nothing can be recorded at
// the time. But Go prints the failing goroutine's stack with the arguments
// of every frame: a goroutine that runs its code inside Run shows Run's
// frame with the cell and line as plain numbers, and Find reads them back
// from the crash report.
package crashsite

import (
	"regexp"
	"strconv"
	"strings"
)

// Run calls f with a frame that records cell and line in crash reports.
//
//go:noinline
func Run(cell, line int, f func()) {
	f()
	keep(cell, line) // keeps both arguments in their stack slots for the report
}

//go:noinline
func keep(int, int) {}

// Site is where the failing goroutine of a crash report came from.
type Site struct {
	// Cell and Line locate the statement that started the goroutine; both
	// are 0 when the report does not name one.
	Cell, Line int
	// CreatedBy is the function that started the goroutine, as the report
	// names it ("" for the main goroutine).
	CreatedBy string
	// Labels are the goroutine's profiler labels, which Go prints in the
	// report when GODEBUG has tracebacklabels=1.
	Labels map[string]string
}

var (
	frame     = regexp.MustCompile(`(?m)^\S*crashsite\.Run\((0x[0-9a-f]+), (0x[0-9a-f]+)`)
	labels    = regexp.MustCompile(`labels:\{(.*)\}\]:`)
	label     = regexp.MustCompile(`"((?:[^"\\]|\\.)*)": "((?:[^"\\]|\\.)*)"`)
	createdBy = regexp.MustCompile(`(?m)^created by (\S+)`)
)

// Find returns the site of the first goroutine in a Go crash report: the
// one that failed. It reports false when the report has no goroutine.
func Find(report string) (Site, bool) {
	start := strings.Index(report, "\ngoroutine ")
	if start < 0 {
		return Site{}, false
	}
	g := report[start+1:]
	if end := strings.Index(g, "\n\n"); end >= 0 {
		g = g[:end]
	}
	var s Site
	if m := frame.FindStringSubmatch(g); m != nil {
		cell, err1 := strconv.ParseInt(m[1], 0, 64)
		line, err2 := strconv.ParseInt(m[2], 0, 64)
		if err1 == nil && err2 == nil {
			s.Cell, s.Line = int(cell), int(line)
		}
	}
	if m := createdBy.FindStringSubmatch(g); m != nil {
		s.CreatedBy = m[1]
	}
	header, _, _ := strings.Cut(g, "\n")
	if m := labels.FindStringSubmatch(header); m != nil {
		s.Labels = map[string]string{}
		for _, kv := range label.FindAllStringSubmatch(m[1], -1) {
			k, err1 := strconv.Unquote(`"` + kv[1] + `"`)
			v, err2 := strconv.Unquote(`"` + kv[2] + `"`)
			if err1 == nil && err2 == nil {
				s.Labels[k] = v
			}
		}
	}
	return s, true
}
