// Package cellsource turns the text of a notebook cell into the Go syntax
// trees an interpreter runs, knowing nothing of the interpreter: it imports
// only the standard library (a test keeps it so).
//
// A cell mixes what Go keeps apart: imports, declarations and statements,
// in any order, ending perhaps with an expression whose value is shown.
// The path of a cell:
//
//  1. Split cuts it into top-level segments (split.go).
//  2. Plan orders them into chunks that compile one after another: imports;
//     declarations that can come first; statements and the declarations
//     that need them, in an order that defines each name before its use;
//     the final expression (plan.go). Chunk.Source writes each as a Go file
//     whose positions name the cell's own lines (LineDirective, CellLine).
//  3. Compiler.Compile parses a chunk into a Unit and runs the Checks over
//     it, then the Passes, in the order of those tables (passes.go). A
//     check reports Diagnostics, as go vet's analyzers do: warnings, or a
//     refusal. A pass rewrites the tree where the interpreter would not run
//     it as Go would, or refuses a construct it cannot make right. What a
//     pass needs of the live session comes through Globals (the types of
//     its variables) and the Compiler's Index of earlier declarations.
//  4. The runner prints the Unit's Warnings (Unit.Warning writes cell[N]:L
//     positions; a refused chunk has them too), compiles and runs its Node,
//     calls Done, and then the renamed func mains the chunk declared
//     (Unit.Mains).
//
// Rewritten code calls helpers the runner provides: __rt.Go, __rt.Defer,
// __rt.Display, __rt.Clear, __rt.Print, __rt.Println, and Prelude's.
//
// Each pass and check has a golden file, testdata/NAME.txtar: cells in, the
// chunks the pass prints (or its findings) out, with a case it must leave
// alone. `go test -run TestGolden -update` rewrites their wants.
package cellsource
