package session

import (
	"context"
	"errors"
	"fmt"
	"go/parser"
	"go/scanner"
	"go/token"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"

	"github.com/gothreads/gothreads/cellsource"
	"github.com/gothreads/gothreads/evaluator"
)

// Error names (ename) a learner sees.
const (
	errCompile     = "CompileError"
	errPanic       = "panic"
	errInterrupted = "Interrupted"
)

// maxErrors is how many compile errors a traceback lists.
const maxErrors = 10

var (
	// position matches the position yaegi puts before a message, "12:5: "
	// or "_.go:12:5: ".
	position = regexp.MustCompile(`^(?:_\.go:)?(\d+):(\d+): `)
	// internalType matches yaegi's names for basic types, "stringT".
	internalType = regexp.MustCompile(`\b(bool|u?int(?:8|16|32|64|ptr)?|float(?:32|64)|complex(?:64|128)|string|error|nil)T\b`)
)

// describe turns an error from running cell c into what the frontend shows.
// frames are the panic frames yaegi reported while unwinding.
func (s *Session) describe(c *cell, err error, frames []string) *evaluator.Error {
	var p interp.Panic
	var list scanner.ErrorList
	switch {
	case errors.Is(err, context.Canceled):
		return &evaluator.Error{
			Name:      errInterrupted,
			Value:     "the cell was interrupted",
			Traceback: []string{red("Interrupted") + ": the cell was stopped; variables and functions defined so far are kept"},
		}
	case errors.As(err, &p):
		value, tb := panicLines("panic: ", fmt.Sprint(p.Value))
		for _, f := range frames {
			tb = append(tb, s.panicFrame(f)...)
		}
		if strings.Contains(value, "reflect: call of reflect.Value.Len on int Value") {
			// yaegi's own failure, not the learner's (see rangeByIndex).
			tb = append(tb, "", "The interpreter fails this way on a loop that ranges with a value variable over a slice of "+
				"channels it could not recognise as one. Range over the indexes instead: for i := range s { ch := s[i]; ... }")
		}
		return &evaluator.Error{Name: errPanic, Value: value, Traceback: tb}
	case errors.As(err, &list):
		list = withinCell(list, c)
		for _, e := range list {
			e.Msg = cellsource.GoNames(e.Msg)
			if e.Msg == "expected 1 expression" {
				// x, y on a line of its own, as a Python notebook shows a tuple.
				e.Msg += ": a line holds one expression; to see several values, print them: fmt.Println(a, b)"
			}
		}
		var tb []string
		for i, e := range list {
			if i == maxErrors {
				tb = append(tb, fmt.Sprintf("(and %d more errors)", len(list)-i))
				break
			}
			tb = append(tb, s.located(e.Pos.Line, e.Pos.Column, e.Msg)...)
		}
		first := list[0]
		return &evaluator.Error{Name: errCompile, Value: s.where(first.Pos.Line, first.Pos.Column) + ": " + first.Msg, Traceback: tb}
	default:
		msg := cellsource.GoNames(internalType.ReplaceAllString(err.Error(), "$1"))
		if strings.Contains(msg, "definition loop") {
			// yaegi's word for an unknown name on the right of := is
			// "constant definition loop"; say what Go would say.
			if name, line, col, ok := s.undefinedName(c); ok {
				msg = fmt.Sprintf("%d:%d: undefined: %s", line, col, name)
			}
		}
		if u := (*unsupportedError)(nil); errors.As(err, &u) && fmt.Sprint(u.value) == "nil type" && strings.Contains(c.src, "range") {
			// What yaegi says for a range over a function it was not
			// shown as one (see rangefunc.go).
			msg += "; if the cell ranges over a function (an iterator), give the function's type where it is " +
				"declared, func(yield func(T) bool), or call it with the loop body as its yield function"
		}
		msg = missingPackage.ReplaceAllStringFunc(msg, explainImport)
		msg = missingMember.ReplaceAllStringFunc(msg, explainMember)
		msg = undefinedIdent.ReplaceAllStringFunc(msg, explainUndefined)
		m := position.FindStringSubmatch(msg)
		if m == nil {
			return &evaluator.Error{Name: errCompile, Value: msg, Traceback: []string{red(errCompile) + ": " + msg}}
		}
		line, _ := strconv.Atoi(m[1])
		col, _ := strconv.Atoi(m[2])
		rest := msg[len(m[0]):]
		if strings.HasPrefix(rest, "cannot use type ") {
			if name, ok := s.genericCallBefore(line, col); ok {
				rest += fmt.Sprintf("; the interpreter could not infer the type arguments of %s: give them explicitly, as in %s[int, string](...)", name, name)
			}
		}
		return &evaluator.Error{Name: errCompile, Value: s.where(line, col) + ": " + rest, Traceback: s.located(line, col, rest)}
	}
}

// runtimeErrors are what Go says for the run-time errors that reach a cell
// in reflect's words, because yaegi makes the operation through reflect.
// Only these exact messages are translated: a learner's own panic that
// mentions reflect stays as it is.
var runtimeErrors = map[string]string{
	"reflect: slice index out of range":                      "runtime error: index out of range",
	"reflect: array index out of range":                      "runtime error: index out of range",
	"reflect: string index out of range":                     "runtime error: index out of range",
	"reflect.Value.Slice: slice index out of bounds":         "runtime error: slice bounds out of range",
	"reflect.Value.Slice: string slice index out of bounds":  "runtime error: slice bounds out of range",
	"reflect.Value.Slice3: slice index out of bounds":        "runtime error: slice bounds out of range",
	"reflect: call of reflect.Value.Field on zero Value":     "runtime error: invalid memory address or nil pointer dereference",
	"reflect: call of reflect.Value.Interface on zero Value": "runtime error: invalid memory address or nil pointer dereference",
	"reflect.Value.Call: call of nil function":               "runtime error: invalid memory address or nil pointer dereference",
	"reflect: Method on nil interface value":                 "runtime error: invalid memory address or nil pointer dereference",
}

// yaegiPosition is a position yaegi puts before its interface conversion
// panics, in its own numbering ("50002:1: interface conversion: ...").
var yaegiPosition = regexp.MustCompile(`^\d+:\d+: (interface conversion: )`)

// goWords returns a panic value as Go would word it, and the interpreter's
// words when they differ enough to be worth showing too.
func goWords(value string) (goes, said string) {
	value = yaegiPosition.ReplaceAllString(value, "$1")
	if g, ok := runtimeErrors[value]; ok {
		return g, value
	}
	return value, ""
}

// panicLines returns a panic's value in Go's words and the first lines of
// its traceback: the value after prefix, the interpreter's own words when
// they differ, and a blank line.
func panicLines(prefix, raw string) (value string, tb []string) {
	value, said := goWords(raw)
	tb = []string{red(prefix + value)}
	if said != "" {
		tb = append(tb, "(the interpreter's words: "+said+")")
	}
	return value, append(tb, "")
}

// missingPackage matches yaegi's error for an import it has no symbols for,
// which talks of GOPATH and source files.
var missingPackage = regexp.MustCompile(`import "([^"]+)" error: unable to find source related to: .*`)

// explainImport says why an import failed in the learner's terms.
func explainImport(msg string) string {
	path := missingPackage.FindStringSubmatch(msg)[1]
	if first, _, _ := strings.Cut(path, "/"); !strings.Contains(first, ".") {
		return fmt.Sprintf("package %s is not available here: the notebook's Go interpreter (yaegi) has most of the "+
			"standard library, but not %s; put %%%%run at the top of the cell, which runs it with the Go compiler", path, path)
	}
	return fmt.Sprintf("cannot import %s: cells can import the standard library and gothreads' runtime packages "+
		"(threading, queue, logging, futures, collections, generator: already imported), not other modules", path)
}

// missingMember matches yaegi's error for a package member it lacks:
// "undefined selector: maps.Keys", "undefined selector sync/atomic.Pointer"
// in a type, or `package sync "sync" has no symbol OnceValue`.
var missingMember = regexp.MustCompile(`(?:undefined selector:? ([\w./]+)\.|package (\w+) "([^"]+)" has no symbol )(\w+)$`)

// memberWorkarounds say what to write instead of standard library members
// the interpreter lacks: generics, which yaegi's symbol tables cannot hold,
// and what came after Go 1.22, whose standard library yaegi 0.16 has. The
// iterator functions, sync.OnceValue and atomic.Pointer that were here are
// now the session's own (generic.go); a member added to Go later, without
// a known way around it, is only said to be missing.
var memberWorkarounds = map[string]string{}

// explainMember says that a standard library member is missing from the
// interpreter, and what to write instead where there is a known way; or,
// when the package has a member of a name close to it, that the name is
// probably misspelt.
func explainMember(msg string) string {
	m := missingMember.FindStringSubmatch(msg)
	path, name := m[1]+m[3], m[4]
	pkg := m[2] // as the cell names it
	if pkg == "" {
		pkg = path[strings.LastIndex(path, "/")+1:]
	}
	tables := stdSymbols(path)
	if len(tables) == 0 && pkg != "maps" && pkg != "slices" && pkg != "cmp" { // yaegi has these three as source
		return msg // a runtime package's, or a variable's: yaegi's words suffice
	}
	if close := closeName(name, tables); close != "" {
		return fmt.Sprintf("undefined: %s.%s (did you mean %s.%s?)", pkg, name, pkg, close)
	}
	explained := fmt.Sprintf("%s.%s is not available in the notebook's Go interpreter (yaegi, whose standard library "+
		"is Go 1.22's, without its generic functions and types)", pkg, name)
	if w, ok := memberWorkarounds[path+"."+name]; ok {
		explained += ": " + w
	}
	explained += cellsource.CompiledHint
	return explained
}

// stdSymbols returns yaegi's symbol tables of the standard packages that
// path names: an import path ("sync/atomic"), or a package name as a cell
// uses it ("rand": crypto/rand, math/rand and math/rand/v2).
func stdSymbols(path string) []map[string]reflect.Value {
	var byPath, byName []map[string]reflect.Value
	for key, t := range stdlib.Symbols { // "import/path/name": "math/rand/v2/rand"
		dir, name := key[:max(0, strings.LastIndex(key, "/"))], key[strings.LastIndex(key, "/")+1:]
		switch {
		case strings.Contains(key, "internal"):
		case dir == path:
			byPath = append(byPath, t)
		case name == path:
			byName = append(byName, t)
		}
	}
	if len(byPath) > 0 {
		return byPath
	}
	return byName
}

// closeName returns the member of tables closest to name, if one is
// within two edits of it (Contain: Contains), one for a short name, or "".
func closeName(name string, tables []map[string]reflect.Value) string {
	best, bestDist := "", 3
	if len(name) <= 4 {
		bestDist = 2
	}
	for _, t := range tables {
		for member := range t {
			if d := editDistance(strings.ToLower(name), strings.ToLower(member)); d < bestDist || d == bestDist && member < best {
				best, bestDist = member, d
			}
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

// undefinedIdent matches yaegi's error for a name declared nowhere.
var undefinedIdent = regexp.MustCompile(`undefined: (\w+)$`)

// explainUndefined adds, when an undefined name is that of standard
// library packages, which to import.
func explainUndefined(msg string) string {
	name := undefinedIdent.FindStringSubmatch(msg)[1]
	var paths []string
	for key := range stdlib.Symbols { // "path/name": "math/rand/v2/rand"
		if path, ok := strings.CutSuffix(key, "/"+name); ok && !strings.Contains(path, "internal") {
			paths = append(paths, strconv.Quote(path))
		}
	}
	if len(paths) == 0 {
		return msg
	}
	slices.Sort(paths)
	return fmt.Sprintf("%s (if you meant the package, add import %s)", msg, strings.Join(paths, " or "))
}

// withinCell drops errors the parser reports past the end of the cell's
// code (an "expected ';', found 'EOF'" that follows a real error), keeping
// at least the first.
func withinCell(list scanner.ErrorList, c *cell) scanner.ErrorList {
	lines := strings.Count(c.src, "\n") + 1
	kept := list[:1]
	for _, e := range list[1:] {
		if count, l := cellsource.CellLine(e.Pos.Line); count == c.count%cellsource.MaxCells && l <= lines {
			kept = append(kept, e)
		}
	}
	return kept
}

// undefinedName finds the first name in cell c that is declared nowhere:
// not in the cell, not by an earlier cell, not a package or a builtin. It
// returns the name's position as a line number of the kind yaegi reports.
func (s *Session) undefinedName(c *cell) (name string, line, col int, ok bool) {
	known := map[string]bool{}
	for _, n := range builtins {
		known[n] = true
	}
	for _, n := range s.packageNames() {
		known[n] = true
	}
	for _, n := range s.decls.Names() {
		known[n] = true
	}
	for n := range s.globals() {
		known[n] = true
	}
	segs := cellsource.Split(c.src)
	for _, seg := range segs {
		if si, err := cellsource.Analyze(c.count, seg); err == nil {
			for _, n := range si.Defines {
				known[n] = true
			}
		}
	}
	for _, seg := range segs {
		ch := cellsource.Chunk{Kind: seg.Kind, Count: c.count, Segs: []cellsource.Segment{seg}}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, cellsource.SourceName, ch.Source(), 0)
		if err != nil {
			continue
		}
		for _, id := range f.Unresolved {
			if !known[id.Name] {
				pos := fset.Position(id.Pos())
				return id.Name, pos.Line, pos.Column, true
			}
		}
	}
	return "", 0, 0, false
}

// where names a position as "cell[3]:2:5".
func (s *Session) where(line, col int) string {
	return cellsource.Position(token.Position{Line: line, Column: col})
}

// located renders a message at a position, followed by the source line and
// a caret under the column, as compilers do.
func (s *Session) located(line, col int, msg string) []string {
	out := []string{red(s.where(line, col)) + ": " + msg}
	count, l := cellsource.CellLine(line)
	if src, ok := s.sourceLine(count, l); ok {
		out = append(out, "    "+src)
		caret := 0
		for i, r := range src {
			if i >= col-1 {
				break
			}
			if r == '\t' {
				caret += 4 - caret%4
			} else {
				caret++
			}
		}
		out = append(out, "    "+strings.Repeat(" ", caret)+"^")
	}
	return out
}

// sourceLine returns line l (1-based) of the cell with the given count,
// with tabs expanded.
// genericCallBefore returns the generic function called, without type
// arguments, last before the column col of line.
func (s *Session) genericCallBefore(line, col int) (string, bool) {
	count, l := cellsource.CellLine(line)
	src, ok := s.sourceLine(count, l)
	if !ok {
		return "", false
	}
	if col-1 < len(src) {
		src = src[:col-1]
	}
	calls := genericCall.FindAllStringSubmatch(src, -1)
	for i := len(calls) - 1; i >= 0; i-- {
		if name := calls[i][1]; s.decls.IsGeneric(name) {
			return name, true
		}
	}
	return "", false
}

// genericCall matches a call without type arguments: "Map(".
var genericCall = regexp.MustCompile(`\b([A-Za-z_]\w*)\(`)

func (s *Session) sourceLine(count, l int) (string, bool) {
	s.mu.Lock()
	src, ok := s.sources[count]
	s.mu.Unlock()
	if !ok {
		return "", false
	}
	lines := strings.Split(src, "\n")
	if l < 1 || l > len(lines) {
		return "", false
	}
	return strings.TrimRight(lines[l-1], " \t\r"), true
}

// panicFrame renders one line yaegi reported while a panic unwound,
// "12:5: panic: main.f(...)", as "  at cell[1]:2:5 in f" and the source
// line.
func (s *Session) panicFrame(f string) []string {
	m := panicFrame.FindStringSubmatch(strings.TrimRight(f, "\n"))
	if m == nil {
		return []string{f}
	}
	fn := strings.TrimPrefix(m[3], "main.")
	if i := strings.IndexRune(fn, 'ᐸ'); i >= 0 {
		// A copy of a generic function (cellsource's instantiate) goes
		// by the generic's name, as in Go's tracebacks.
		fn = fn[:i]
	}
	switch {
	case fn == "main" || fn == "":
		fn = "the cell"
	case strings.HasPrefix(fn, "__main_cell"):
		fn = "main"
	case strings.Trim(strings.ReplaceAll(fn, "func", ""), ".") == "":
		// yaegi's name for a func literal, "func", and for one inside
		// another, or inside the wrapper the session makes it in
		// (madeApart): "func.func".
		fn = "a func literal"
	}
	if m[2] == "-" {
		return []string{"  in " + fn}
	}
	parts := strings.SplitN(m[2], ":", 2)
	line, _ := strconv.Atoi(parts[0])
	col, _ := strconv.Atoi(parts[1])
	out := []string{"  at " + s.where(line, col) + " in " + fn}
	count, l := cellsource.CellLine(line)
	if src, ok := s.sourceLine(count, l); ok {
		out = append(out, "      "+strings.TrimSpace(src))
	}
	return out
}

// red colours text as frontends show errors (ANSI escapes).
func red(s string) string { return "\x1b[0;31m" + s + "\x1b[0m" }
