package cellsource

import (
	"go/scanner"
	"go/token"
	"strings"
)

// Kind classifies a top-level piece of a cell.
type Kind int

const (
	Stmt   Kind = iota // a statement, including var declarations
	Decl               // a func, method, type or const declaration
	Import             // an import declaration
	// Display is no kind of segment that Split makes: a planner gives it
	// to the cell's final expression, whose value is shown.
	Display Kind = -1
)

// Segment is one top-level declaration or statement of a cell.
type Segment struct {
	Kind Kind
	Text string
	Line int // 1-based position of Text's first byte in the cell
	Col  int
}

// Split cuts a cell into its top-level segments: it breaks at every
// semicolon (written or inserted at a line end) that is outside brackets.
// yaegi decides between "file" and "statement" mode from a source's first
// token only, so a cell that mixes the two must be cut up and its pieces
// compiled separately.
//
// Scan errors are not reported here: the parser reports them with better
// messages when the segments are compiled.
func Split(src string) []Segment {
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(src))
	var s scanner.Scanner
	s.Init(file, []byte(src), func(token.Position, string) {}, 0)

	var (
		segs  []Segment
		start = -1 // offset of the current segment's first token
		toks  []token.Token
		depth int
		// header is set between a for, if or switch keyword and the
		// brace that opens its body.
		header bool
	)
	end := func(at int) {
		if start < 0 {
			return
		}
		text := strings.TrimRight(src[start:at], " \t\r\n;")
		pos := file.Position(file.Pos(start))
		segs = append(segs, Segment{Kind: classify(toks), Text: text, Line: pos.Line, Col: pos.Column})
		start, toks = -1, toks[:0]
	}
	for {
		pos, tok, _ := s.Scan()
		off := file.Offset(pos)
		switch tok {
		case token.EOF:
			end(len(src))
			return segs
		case token.SEMICOLON:
			if depth == 0 && !header {
				end(off)
				continue
			}
		case token.FOR, token.IF, token.SWITCH:
			// "for i := 0; i < n; i++ {" and "if v := f(); v > 0 {":
			// the semicolons up to the body's brace are the header's.
			if depth == 0 {
				header = true
			}
		case token.LBRACE:
			if depth == 0 {
				header = false
			}
			depth++
		case token.LPAREN, token.LBRACK:
			depth++
		case token.RPAREN, token.RBRACK, token.RBRACE:
			if depth > 0 {
				depth--
			}
		}
		if start < 0 {
			start = off
		}
		// The leading tokens classify a segment; a method's receiver list
		// is never longer than this.
		if len(toks) < 64 {
			toks = append(toks, tok)
		}
	}
}

// classify decides what a segment is from its leading tokens.
func classify(toks []token.Token) Kind {
	if len(toks) == 0 {
		return Stmt
	}
	switch toks[0] {
	case token.IMPORT:
		return Import
	case token.TYPE, token.CONST:
		return Decl
	case token.FUNC:
		if len(toks) > 1 && toks[1] == token.IDENT {
			return Decl // func name(...)
		}
		if len(toks) > 1 && toks[1] == token.LPAREN {
			// Either a method, "func (r T) Name(", or a func literal,
			// "func(x int) T {...}(1)". After the first bracketed list a
			// method has its name followed by "(".
			depth := 0
			for i := 1; i < len(toks); i++ {
				switch toks[i] {
				case token.LPAREN, token.LBRACK:
					depth++
				case token.RPAREN, token.RBRACK:
					depth--
				}
				if depth == 0 {
					if i+2 < len(toks) && toks[i+1] == token.IDENT &&
						(toks[i+2] == token.LPAREN || toks[i+2] == token.LBRACK) {
						return Decl
					}
					return Stmt
				}
			}
		}
	}
	return Stmt
}
