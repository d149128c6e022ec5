// Package cellsource turns the text of a notebook cell into Go source that
// an interpreter can run, knowing nothing of the interpreter: it imports
// only the standard library (a test keeps it so).
//
// A cell mixes what Go keeps apart: imports, declarations and statements,
// in any order, ending perhaps with an expression whose value is shown.
// Split cuts a cell into its top-level segments. Plan orders them into
// chunks that compile one after another (imports; declarations that can
// come first; statements and the declarations that need them, in an order
// that defines each name before its use; the final expression), and
// Chunk.Source writes each as a Go file whose positions name the cell's own
// lines (LineDirective, CellLine). Checks report Diagnostics at token
// positions (CopiedLocks: go vet's "passes lock by value"), which the
// session writes as cell lines. The rewrites that make chunks behave as Go,
// and the other checks, are still in package session, on their way here
// (issue 17).
package cellsource
