package session

import (
	"errors"
	"fmt"
	"go/scanner"
	"go/token"
	"reflect"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gothreads/gothreads/cellsource"
	"github.com/gothreads/gothreads/evaluator"
)

var keywords = []string{
	"break", "case", "chan", "const", "continue", "default", "defer", "else",
	"fallthrough", "for", "func", "go", "goto", "if", "import", "interface",
	"map", "package", "range", "return", "select", "struct", "switch", "type", "var",
}

var builtins = []string{
	"append", "bool", "byte", "cap", "close", "complex", "complex128", "complex64",
	"copy", "delete", "error", "false", "float32", "float64", "imag", "int", "int16",
	"int32", "int64", "int8", "iota", "len", "make", "new", "nil", "panic", "print",
	"println", "real", "recover", "rune", "string", "true", "uint", "uint16",
	"uint32", "uint64", "uint8", "uintptr", "any",
}

// Complete proposes names for the identifier that ends at cursor: members of
// a package or of a variable after a dot, otherwise keywords, builtins,
// packages and the session's own names.
func (s *Session) Complete(code string, cursor int) evaluator.Completion {
	if s.wait() != nil {
		return evaluator.Completion{Start: cursor, End: cursor}
	}
	cursor = clamp(cursor, len(code))
	start := identStart(code, cursor)
	prefix := code[start:cursor]
	var cands []string
	if p := magicStart(code, start); p < start {
		// A magic: the matches include the % (or %%), which the frontend
		// replaces.
		start, prefix = p, code[p:cursor]
		cands = magicNames()
	} else if start > 0 && code[start-1] == '.' {
		cands = s.members(code[identStart(code, start-1) : start-1])
	} else {
		cands = append(cands, keywords...)
		cands = append(cands, builtins...)
		cands = append(cands, s.packageNames()...)
		cands = append(cands, s.decls.Names()...)
		for name := range s.globals() {
			cands = append(cands, name)
		}
	}
	matches := []string{}
	seen := map[string]bool{}
	for _, c := range cands {
		if strings.HasPrefix(c, prefix) && !seen[c] && !strings.HasPrefix(c, "__") {
			seen[c] = true
			matches = append(matches, c)
		}
	}
	sort.Strings(matches)
	return evaluator.Completion{Matches: matches, Start: start, End: cursor}
}

// members lists what can follow "x.": a package's exported names, or the
// fields and methods of a variable's value.
func (s *Session) members(x string) []string {
	if path, ok := s.packagePath(x); ok {
		var names []string
		for name := range s.packageSymbols(path) {
			if !strings.HasPrefix(name, "_") {
				names = append(names, name)
			}
		}
		return names
	}
	v, ok := s.globals()[x]
	if !ok || !v.IsValid() {
		return nil
	}
	var names []string
	t := v.Type()
	for i := 0; i < t.NumMethod(); i++ {
		names = append(names, t.Method(i).Name)
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() == reflect.Struct {
		declared := declaredFields(t)
		for _, name := range declared {
			if token.IsExported(name) {
				names = append(names, name)
			}
		}
		names = append(names, s.decls.MethodsOfStruct(declared)...)
	}
	if t.Kind() == reflect.Struct || t.Kind() != v.Type().Kind() {
		pt := reflect.PointerTo(t)
		for i := 0; i < pt.NumMethod(); i++ {
			names = append(names, pt.Method(i).Name)
		}
	}
	return names
}

// packageNames returns the names imported packages are known by.
func (s *Session) packageNames() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var names []string
	for key := range s.imports {
		names = append(names, strings.SplitN(key, " ", 2)[0])
	}
	return names
}

// packagePath returns the import path of the package imported as name.
func (s *Session) packagePath(name string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for key := range s.imports {
		n, path, _ := strings.Cut(key, " ")
		if n == name {
			return path, true
		}
	}
	return "", false
}

// packageSymbols returns the exported symbols of an imported package.
func (s *Session) packageSymbols(path string) map[string]reflect.Value {
	for _, syms := range s.interp.Symbols(path) {
		return syms
	}
	return nil
}

// Inspect describes the name at cursor: a declaration's source, a
// variable's type and value, or a package member's type.
func (s *Session) Inspect(code string, cursor int, detail int) evaluator.Inspection {
	if s.wait() != nil {
		return evaluator.Inspection{}
	}
	cursor = clamp(cursor, len(code))
	start, end := identStart(code, cursor), identEnd(code, cursor)
	if start == end && start > 0 {
		// The cursor is just after an identifier, as in "fmt.Println|(".
		start, end = identStart(code, start-1), start-1
		if end < start {
			return evaluator.Inspection{}
		}
	}
	name := code[start:end]
	if p := magicStart(code, start); p < start {
		return magicHelpFor(code[p:start] + name)
	}
	if name == "" {
		return evaluator.Inspection{}
	}
	if start > 0 && code[start-1] == '.' {
		pkg := code[identStart(code, start-1) : start-1]
		if path, ok := s.packagePath(pkg); ok {
			if v, ok := s.packageSymbols(path)[name]; ok {
				return evaluator.Inspection{Found: true, Text: describeSymbol(pkg+"."+name, v, detail)}
			}
		}
		return evaluator.Inspection{}
	}
	if src, ok := s.decls.Lookup(name); ok {
		text := src
		if methods := s.decls.MethodsOf(name); len(methods) > 0 {
			text += "\n\n" + strings.Join(methods, "\n")
		}
		return evaluator.Inspection{Found: true, Text: text}
	}
	if v, ok := s.globals()[name]; ok && v.IsValid() {
		return evaluator.Inspection{Found: true, Text: fmt.Sprintf("%s %s = %s", name, v.Type(), format(v.Interface()))}
	}
	if path, ok := s.packagePath(name); ok {
		return evaluator.Inspection{Found: true, Text: fmt.Sprintf("package %s (import %q)", name, path)}
	}
	return evaluator.Inspection{}
}

// describeSymbol describes a compiled package member.
func describeSymbol(name string, v reflect.Value, detail int) string {
	t := v.Type()
	switch {
	case t.Kind() == reflect.Func:
		return "func " + name + signature(t, 0)
	case t.Kind() == reflect.Pointer && v.IsNil():
		// Types are exported as nil pointers to them.
		et := t.Elem()
		text := fmt.Sprintf("type %s %s", name, et.Kind())
		if et.Kind() == reflect.Struct || et.Kind() == reflect.Interface {
			text = fmt.Sprintf("type %s %s", name, et)
		}
		mt, skip := t, 1 // methods of T and *T, minus the receiver
		if et.Kind() == reflect.Interface {
			mt, skip = et, 0
		}
		var methods []string
		for i := 0; i < mt.NumMethod(); i++ {
			m := mt.Method(i)
			methods = append(methods, m.Name+signature(m.Type, skip))
		}
		if len(methods) > 0 {
			text += "\n\nmethods:\n  " + strings.Join(methods, "\n  ")
		}
		return text
	default:
		if t.Kind() == reflect.Pointer {
			t = t.Elem()
			v = v.Elem()
		}
		return fmt.Sprintf("%s %s = %v", name, t, v)
	}
}

// signature formats a func type's parameters and results, skipping the
// first skip parameters (a method's receiver).
func signature(t reflect.Type, skip int) string {
	var in, out []string
	for i := skip; i < t.NumIn(); i++ {
		p := t.In(i).String()
		if t.IsVariadic() && i == t.NumIn()-1 {
			p = "..." + t.In(i).Elem().String()
		}
		in = append(in, p)
	}
	for i := 0; i < t.NumOut(); i++ {
		out = append(out, t.Out(i).String())
	}
	sig := "(" + strings.Join(in, ", ") + ")"
	switch len(out) {
	case 0:
	case 1:
		sig += " " + out[0]
	default:
		sig += " (" + strings.Join(out, ", ") + ")"
	}
	return sig
}

// IsComplete reports whether code can run as it stands: "incomplete" while
// brackets, strings or comments are open or the code ends in an operator,
// "invalid" when it cannot parse, "complete" otherwise.
func (s *Session) IsComplete(code string) evaluator.Completeness {
	code, _ = splitMagics(code)
	if strings.TrimSpace(code) == "" {
		return evaluator.Completeness{Status: "complete"}
	}
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(code))
	var sc scanner.Scanner
	open := false // an unterminated string or comment
	bad := false
	sc.Init(file, []byte(code), func(_ token.Position, msg string) {
		if strings.Contains(msg, "not terminated") {
			open = true
		} else {
			bad = true
		}
	}, 0)
	var stack []token.Token
	last := token.ILLEGAL
	for {
		_, tok, lit := sc.Scan()
		if tok == token.EOF {
			break
		}
		if tok == token.SEMICOLON && lit == "\n" {
			continue
		}
		switch tok {
		case token.LPAREN, token.LBRACK, token.LBRACE:
			stack = append(stack, tok)
		case token.RPAREN, token.RBRACK, token.RBRACE:
			if len(stack) == 0 || stack[len(stack)-1] != opener(tok) {
				return evaluator.Completeness{Status: "invalid"}
			}
			stack = stack[:len(stack)-1]
		}
		last = tok
	}
	switch {
	case open:
		return evaluator.Completeness{Status: "incomplete", Indent: ""}
	case bad:
		return evaluator.Completeness{Status: "invalid"}
	case len(stack) > 0:
		if !closable(code, stack) {
			return evaluator.Completeness{Status: "invalid"}
		}
		return evaluator.Completeness{Status: "incomplete", Indent: strings.Repeat("\t", len(stack))}
	case continues(last):
		return evaluator.Completeness{Status: "incomplete", Indent: "\t"}
	}
	for _, seg := range cellsource.Split(code) {
		if _, err := cellsource.Analyze(0, seg); err != nil {
			return evaluator.Completeness{Status: "invalid"}
		}
	}
	return evaluator.Completeness{Status: "complete"}
}

// yaegiUnexported undoes yaegi's renaming of an interpreted struct's
// unexported field b to Xb, which reflection requires.
func yaegiUnexported(name string) (string, bool) {
	if len(name) > 1 && name[0] == 'X' && (name[1] == '_' || unicode.IsLower(rune(name[1]))) {
		return name[1:], true
	}
	return name, false
}

// closable reports whether code, whose brackets in stack are still open,
// can become valid by going on: it closes the brackets on lines of their
// own and parses the result. An error within code's own lines (as in
// "func {") means no continuation can save it.
func closable(code string, stack []token.Token) bool {
	var b strings.Builder
	b.WriteString(code)
	for i := len(stack) - 1; i >= 0; i-- {
		b.WriteString("\n")
		b.WriteString(closer(stack[i]))
	}
	lines := strings.Count(code, "\n") + 1
	for _, seg := range cellsource.Split(b.String()) {
		_, err := cellsource.Analyze(0, seg)
		var list scanner.ErrorList
		if errors.As(err, &list) && len(list) > 0 && list[0].Pos.Line <= lines {
			return false
		}
	}
	return true
}

func closer(opener token.Token) string {
	switch opener {
	case token.LPAREN:
		return ")"
	case token.LBRACK:
		return "]"
	}
	return "}"
}

func opener(closer token.Token) token.Token {
	switch closer {
	case token.RPAREN:
		return token.LPAREN
	case token.RBRACK:
		return token.LBRACK
	}
	return token.LBRACE
}

// continues reports whether a line ending in tok must go on: binary
// operators, assignments, commas and dots.
func continues(tok token.Token) bool {
	return tok.IsOperator() && tok != token.RPAREN && tok != token.RBRACK &&
		tok != token.RBRACE && tok != token.SEMICOLON && tok != token.INC && tok != token.DEC &&
		tok != token.ELLIPSIS
}

func clamp(i, n int) int {
	if i < 0 {
		return 0
	}
	if i > n {
		return n
	}
	return i
}

// identStart returns where the identifier ending at i begins.
func identStart(s string, i int) int {
	for i > 0 {
		r, size := utf8.DecodeLastRuneInString(s[:i])
		if !isIdent(r) {
			break
		}
		i -= size
	}
	return i
}

// identEnd returns where the identifier containing i ends.
func identEnd(s string, i int) int {
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !isIdent(r) {
			break
		}
		i += size
	}
	return i
}

func isIdent(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r)
}

// declaredFields returns the field names of an interpreted struct type as
// the cell wrote them (yaegi exports an unexported field b as Xb).
func declaredFields(t reflect.Type) []string {
	var declared []string
	for i := 0; i < t.NumField(); i++ {
		name := t.Field(i).Name
		if unexported, ok := yaegiUnexported(name); ok {
			name = unexported
		}
		declared = append(declared, name)
	}
	return declared
}

// isMagicLine reports whether the % at i starts a line among the magic
// lines at the top of code.
func isMagicLine(code string, i int) bool {
	before := code[:i]
	lineStart := strings.LastIndexByte(before, '\n') + 1
	if strings.TrimSpace(before[lineStart:]) != "" {
		return false
	}
	for _, line := range strings.Split(before[:lineStart], "\n") {
		if t := strings.TrimSpace(line); t != "" && !strings.HasPrefix(t, "%") {
			return false
		}
	}
	return true
}

// magicStart returns where the magic whose name starts at start begins,
// with its % or %% (start itself if it is no magic).
func magicStart(code string, start int) int {
	p := start
	for p > 0 && code[p-1] == '%' && start-p < 2 {
		p--
	}
	if p < start && isMagicLine(code, p) {
		return p
	}
	return start
}

// magicHelpFor returns the lines of %help that describe the magic name.
func magicHelpFor(name string) evaluator.Inspection {
	var lines []string
	for _, f := range magicForms(name) {
		lines = append(lines, fmt.Sprintf("%-16s  %s", strings.TrimSpace(name+" "+f.arg), f.help))
	}
	if lines == nil {
		return evaluator.Inspection{}
	}
	return evaluator.Inspection{Found: true, Text: strings.Join(lines, "\n")}
}
