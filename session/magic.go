package session

import (
	"bytes"
	"fmt"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/gothreads/gothreads/cellsource"
	"github.com/gothreads/gothreads/crashsite"
	"github.com/gothreads/gothreads/evaluator"
)

// Magics are lines at the top of a cell that start with %. They set up the
// session rather than run Go. The table is the one place each is defined:
// %help, completion and inspection are read from it.
var magicTable []magicDef

// magicDef is a magic: its name and the forms it can be written in.
type magicDef struct {
	name  string
	forms []magicForm
}

func init() { // not an initializer: %help reads the table it is in
	magicTable = []magicDef{
		{"%timestamps", []magicForm{
			{"on", "prefix every output line with the time it was written (HH:MM:SS.mmm)",
				func(s *Session, _ evaluator.Publisher, _ *cellOptions) { s.router.timestamps.Store(true) }},
			{"off", "stop doing that (the default)",
				func(s *Session, _ evaluator.Publisher, _ *cellOptions) { s.router.timestamps.Store(false) }},
		}},
		{"%time", []magicForm{{"", "time the rest of the cell: wall time, and CPU time of all its goroutines (%%time too)",
			func(_ *Session, _ evaluator.Publisher, o *cellOptions) { o.timed = true }}}},
		{"%goroutines", []magicForm{{"", "list the goroutines cells started that are still running, and what each waits for",
			func(s *Session, pub evaluator.Publisher, _ *cellOptions) { pub.Stream("stdout", s.goroutineReport()) }}}},
		{"%who", []magicForm{{"", "list the session's variables, with their types and values, and its functions and types",
			func(s *Session, pub evaluator.Publisher, _ *cellOptions) { pub.Stream("stdout", s.variableReport()) }}}},
		{"%%run", []magicForm{{"[-race] [-- ARGS]", "build the cell with the Go compiler and run it as a program: Go's own speed, semantics " +
			"and race detector; it sees earlier cells' functions and types, not their variables (a cell that begins with " +
			"package main runs so too)", nil}}},
		{"%help", []magicForm{{"", "show this list",
			func(_ *Session, pub evaluator.Publisher, _ *cellOptions) { pub.Stream("stdout", magicHelp()) }}}},
	}
}

// magicForm is one way to write a magic: its argument ("" for none), what
// it does, and the doing.
type magicForm struct {
	arg, help string
	run       func(s *Session, pub evaluator.Publisher, o *cellOptions)
}

// magicHelp is what %help shows: every form of every magic, a line each.
func magicHelp() string {
	var b strings.Builder
	b.WriteString("Magics (lines at the top of a cell that start with %):\n")
	for _, m := range magicTable {
		for _, f := range m.forms {
			fmt.Fprintf(&b, "  %-16s  %s\n", strings.TrimSpace(m.name+" "+f.arg), f.help)
		}
	}
	return b.String()
}

// magicNames are the magics, for completion, sorted.
func magicNames() []string {
	var names []string
	for _, m := range magicTable {
		names = append(names, m.name)
	}
	slices.Sort(names)
	return names
}

// magicForms returns the forms of the magic name, nil for none.
func magicForms(name string) []magicForm {
	for _, m := range magicTable {
		if m.name == name {
			return m.forms
		}
	}
	return nil
}

// cellOptions are what a cell's magics ask of its run.
type cellOptions struct {
	timed bool        // %time
	run   *runOptions // %%run: compiled
}

// magics runs the magic lines at the top of code and returns the code with
// them blanked out (so that positions stay right) and what they ask of the
// run, or an error for a magic it does not know.
func (s *Session) magics(code string, pub evaluator.Publisher) (string, cellOptions, *evaluator.Error) {
	code, magics := splitMagics(code)
	var o cellOptions
	for _, m := range magics {
		fields := strings.Fields(m.text)
		name, arg := fields[0], strings.Join(fields[1:], " ")
		if name == "%%time" { // as IPython's cell magic is written
			name = "%time"
		}
		if name == "%%run" {
			ro, err := parseRunOptions(arg)
			if err != nil {
				msg := fmt.Sprintf("line %d: %v", m.line+1, err)
				return "", o, &evaluator.Error{Name: "MagicError", Value: msg, Traceback: []string{red("MagicError") + ": " + msg}}
			}
			o.run = &ro
			continue
		}
		var run func(*Session, evaluator.Publisher, *cellOptions)
		for _, f := range magicForms(name) {
			if f.arg == arg || name == "%help" {
				run = f.run
			}
		}
		if run == nil {
			msg := fmt.Sprintf("line %d: unknown magic %q; %%help lists the magics", m.line+1, m.text)
			return "", o, &evaluator.Error{Name: "MagicError", Value: msg, Traceback: []string{red("MagicError") + ": " + msg}}
		}
		run(s, pub, &o)
	}
	return code, o, nil
}

// timer measures a cell for %time.
type timer struct {
	wall    time.Time
	cpu     time.Duration
	haveCPU bool
}

func startTimer() timer {
	cpu, ok := processCPU()
	return timer{wall: time.Now(), cpu: cpu, haveCPU: ok}
}

// report says how long the cell took. CPU time is the process's, which in
// the worker is the session's: more than the wall time when goroutines ran
// in parallel.
func (t timer) report() string {
	wall := time.Since(t.wall)
	out := fmt.Sprintf("Wall time: %s", round(wall))
	if cpu, ok := processCPU(); ok && t.haveCPU {
		used := cpu - t.cpu
		out += fmt.Sprintf(", CPU time: %s", round(used))
		if wall > 0 && used > wall*11/10 {
			out += fmt.Sprintf(" (%.1f× the wall time: goroutines ran in parallel)", float64(used)/float64(wall))
		}
	}
	return out + "\n"
}

// round keeps three significant digits or so.
func round(d time.Duration) time.Duration {
	switch {
	case d >= time.Second:
		return d.Round(time.Millisecond)
	case d >= time.Millisecond:
		return d.Round(10 * time.Microsecond)
	}
	return d.Round(time.Microsecond)
}

// magicLine is a magic and its line index in the cell.
type magicLine struct {
	line int
	text string
}

// splitMagics returns code with its leading magic lines blanked out, and
// those lines.
func splitMagics(code string) (string, []magicLine) {
	if !strings.Contains(code, "%") {
		return code, nil
	}
	lines := strings.Split(code, "\n")
	var magics []magicLine
	for i, line := range lines {
		trimmed := strings.TrimSpace(line)
		if trimmed == "" {
			continue
		}
		if !strings.HasPrefix(trimmed, "%") {
			break
		}
		magics = append(magics, magicLine{i, trimmed})
		lines[i] = ""
	}
	return strings.Join(lines, "\n"), magics
}

// stamp prefixes each line in p that starts a line of output with the time,
// given whether the previous write ended a line. It returns the new text
// and whether it ends a line.
func stamp(p []byte, atStart bool, now time.Time) ([]byte, bool) {
	ts := now.Format("15:04:05.000 ")
	out := make([]byte, 0, len(p)+len(ts)*2)
	for _, b := range p {
		if atStart {
			out = append(out, ts...)
		}
		out = append(out, b)
		atStart = b == '\n'
	}
	return out, atStart
}

// goroutineReport lists the goroutines running cell code or the runtime
// packages' threads, for %goroutines: where each was started and what it
// is doing.
func (s *Session) goroutineReport() string {
	buf := make([]byte, 1<<20)
	cut := ""
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		if len(buf) >= maxReportDump {
			buf = buf[:bytes.LastIndex(buf, []byte("\n\n"))]
			cut = fmt.Sprintf("(and more: the session has %d goroutines, too many to look at)\n", runtime.NumGoroutine())
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	var lines, descs []string
	ids := map[string][]string{} // goroutine ids by what they do
	total := 0
	for _, g := range strings.Split(string(buf), "\n\n") {
		// A goroutine of a go statement that has not run yet is in
		// spawn's code, not yet in the interpreter's.
		if !runsCellCode(g) && !strings.Contains(g, funcNames.spawn) ||
			strings.Contains(g, funcNames.report) {
			continue
		}
		header, _, _ := strings.Cut(g, "\n")
		id, _, _ := strings.Cut(strings.TrimPrefix(header, "goroutine "), " [")
		state, _ := goroutineState(g)
		line := ""
		if site, ok := crashsite.Find("\n" + g); ok {
			cell := site.Cell
			if n, err := strconv.Atoi(site.Labels["cell"]); err == nil {
				cell = n
			}
			left := cell > 0 && cell <= s.router.stoppedThrough()
			switch {
			case site.Cell > 0:
				line += fmt.Sprintf(", started at %s:%d", cellsource.CellName(site.Cell), site.Line)
				if src, ok := s.sourceLine(site.Cell, site.Line); ok {
					line += " (" + strings.TrimSpace(src) + ")"
				}
			case site.Labels["cell"] != "":
				line += ", of cell[" + site.Labels["cell"] + "]"
			}
			switch {
			case site.Cell > 0:
			case strings.Contains(site.CreatedBy, "gothreads/runtime/threading."):
				line += ", a threading.Thread"
			case strings.HasSuffix(site.CreatedBy, funcNames.spawn):
				line += ", of a go statement, starting or ending"
			case strings.Contains(site.CreatedBy, "ExecuteWithContext") && left:
				line += ", the stopped cell's own code"
			case strings.Contains(site.CreatedBy, "ExecuteWithContext"):
				line += ", the running cell's own code"
			case site.CreatedBy != "":
				line += ", started by " + site.CreatedBy[strings.LastIndex(site.CreatedBy, "/")+1:]
			}
			if left {
				line += ", left running by a stop"
			}
		}
		desc := line + ": " + describeState(state)
		if _, seen := ids[desc]; !seen {
			descs = append(descs, desc)
		}
		ids[desc] = append(ids[desc], id)
		total++
	}
	// Goroutines that do the same are one line, so that a thousand make a
	// line, not a thousand.
	for _, d := range descs {
		switch ids := ids[d]; {
		case len(ids) == 1:
			lines = append(lines, "  goroutine "+ids[0]+d)
		case len(ids) <= 3:
			lines = append(lines, "  goroutines "+strings.Join(ids, ", ")+d)
		default:
			lines = append(lines, fmt.Sprintf("  %d goroutines (%s, ...)%s", len(ids), strings.Join(ids[:3], ", "), d))
		}
	}
	switch total {
	case 0:
		return "No goroutine that a cell started is running.\n" + cut
	case 1:
		return "1 goroutine that a cell started is running:\n" + lines[0] + "\n" + cut
	}
	return fmt.Sprintf("%d goroutines that cells started are running:\n%s\n", total, strings.Join(lines, "\n")) + cut
}

// maxReportDump bounds the goroutine dump of %goroutines, which the learner
// asked for: larger than the deadlock watch's, which runs unasked.
const maxReportDump = 64 << 20

// describeState says what a goroutine in a state of Go's tracebacks is
// doing ("chan receive, 2 minutes").
func describeState(state string) string {
	parts := strings.Split(state, ", ") // "chan receive, 2 minutes, locked to thread"
	what, since := parts[0], ""
	for _, p := range parts[1:] {
		switch {
		case p == "1 minutes":
			since = "1 minute"
		case strings.HasSuffix(p, " minutes"):
			since = p
		}
	}
	words := map[string]string{
		"chan receive": "waiting to receive from a channel", "chan send": "waiting to send on a channel",
		"chan receive (nil chan)": "waiting for ever to receive from a nil channel",
		"chan send (nil chan)":    "waiting for ever to send on a nil channel",
		// yaegi makes a blocking channel operation a select, so that an
		// interrupt can end it.
		"select": "waiting on a channel or in a select", "select (no cases)": "waiting for ever in an empty select",
		"sleep": "sleeping", "sync.Mutex.Lock": "waiting for a mutex", "sync.RWMutex.Lock": "waiting for a mutex",
		"sync.RWMutex.RLock": "waiting for a read lock", "sync.WaitGroup.Wait": "waiting for a WaitGroup",
		"sync.Cond.Wait": "waiting on a condition", "running": "running", "runnable": "ready to run",
		"semacquire": "waiting for a lock", "IO wait": "waiting for input or the network",
	}
	if w, ok := words[what]; ok {
		what = w
	}
	if since != "" {
		what += ", for " + since
	}
	return what
}

// variableReport lists the session's variables for %who: name, type and
// value, one a line, as a table.
func (s *Session) variableReport() string {
	globals := s.globals()
	if len(globals) == 0 {
		return "No variables yet.\n" + s.declarationReport()
	}
	names := make([]string, 0, len(globals))
	for name := range globals {
		names = append(names, name)
	}
	slices.Sort(names)
	var b strings.Builder
	w := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "Variable\tType\tValue")
	for _, name := range names {
		v := globals[name]
		value := "(cannot be shown)"
		switch {
		case v.Kind() == reflect.Chan && !v.IsNil():
			value = fmt.Sprintf("%d of %d buffered", v.Len(), v.Cap()) // more telling than its address
		case v.CanAddr() && v.Type() == reflect.TypeFor[Mutex]():
			value = lockState(v.Addr().Interface().(*Mutex).locked.Load())
		case v.CanAddr() && v.Type() == reflect.TypeFor[RWMutex]():
			m := v.Addr().Interface().(*RWMutex)
			value = lockState(m.locked.Load())
			if n := m.readers.Load(); n > 0 {
				value = fmt.Sprintf("read-locked by %d", n)
			}
		case v.Type() == reflect.TypeFor[WaitGroup]():
			value = "" // its counter is not to be had
		case v.CanInterface():
			value = format(v.Interface())
		}
		if len(value) > 60 {
			value = value[:57] + "..."
		}
		fmt.Fprintf(w, "%s\t%s\t%s\n", name, s.typeName(v.Type()), strings.ReplaceAll(value, "\n", " "))
	}
	w.Flush()
	return b.String() + s.declarationReport()
}

// declarationReport lists the functions and types the cells declared, for
// %who, a line each.
func (s *Session) declarationReport() string {
	var funcs, types []string
	for _, name := range s.decls.Names() {
		src, _ := s.decls.Lookup(name)
		switch {
		case strings.HasPrefix(name, "__"):
		case strings.HasPrefix(src, "func "):
			funcs = append(funcs, name)
		case strings.HasPrefix(src, "type "):
			types = append(types, name)
		}
	}
	slices.Sort(funcs)
	slices.Sort(types)
	out := ""
	if len(funcs) > 0 {
		out += "Functions: " + strings.Join(funcs, ", ") + "\n"
	}
	if len(types) > 0 {
		out += "Types: " + strings.Join(types, ", ") + "\n"
	}
	return out
}

// typeName writes t as the cells wrote it: yaegi's type of a struct a cell
// declared has no name, which the session's index recovers from its fields.
func (s *Session) typeName(t reflect.Type) string {
	switch t { // the session's own sync types stand for sync's
	case reflect.TypeFor[Mutex]():
		return "sync.Mutex"
	case reflect.TypeFor[RWMutex]():
		return "sync.RWMutex"
	case reflect.TypeFor[WaitGroup]():
		return "sync.WaitGroup"
	}
	switch t.Kind() {
	case reflect.Struct:
		if t.Name() == "" {
			if name, ok := s.decls.StructNamed(declaredFields(t)); ok {
				return name
			}
		}
	case reflect.Pointer:
		return "*" + s.typeName(t.Elem())
	case reflect.Slice:
		return "[]" + s.typeName(t.Elem())
	case reflect.Map:
		return "map[" + s.typeName(t.Key()) + "]" + s.typeName(t.Elem())
	case reflect.Array:
		return fmt.Sprintf("[%d]%s", t.Len(), s.typeName(t.Elem()))
	case reflect.Chan:
		return map[reflect.ChanDir]string{reflect.BothDir: "chan ", reflect.RecvDir: "<-chan ", reflect.SendDir: "chan<- "}[t.ChanDir()] +
			s.typeName(t.Elem())
	case reflect.Func:
		in := make([]string, t.NumIn())
		for i := range in {
			in[i] = s.typeName(t.In(i))
		}
		if t.IsVariadic() {
			in[len(in)-1] = "..." + strings.TrimPrefix(in[len(in)-1], "[]")
		}
		out := make([]string, t.NumOut())
		for i := range out {
			out[i] = s.typeName(t.Out(i))
		}
		results := strings.Join(out, ", ")
		if len(out) > 1 {
			results = "(" + results + ")"
		}
		return strings.TrimSpace("func(" + strings.Join(in, ", ") + ") " + results)
	}
	return t.String()
}

func lockState(locked bool) string {
	if locked {
		return "locked"
	}
	return "unlocked"
}
