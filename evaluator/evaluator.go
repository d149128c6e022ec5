// Package evaluator defines the boundary between the Jupyter protocol and the
// code that runs cells.
//
// The kernel package speaks ZeroMQ and JSON; an Evaluator speaks plain Go
// values. Keeping the two apart is what lets the evaluator run in-process
// today and in a supervised worker process later without the protocol code
// noticing. Nothing here depends on a particular interpreter.
package evaluator

import "context"

// An Evaluator runs the cells of one session and answers the questions a
// frontend asks about code.
//
// Execute is called for one cell at a time. Interrupt may be called from any
// goroutine while Execute runs; every other method may be called while a
// cell runs too, and must not wait for it.
type Evaluator interface {
	// Execute runs one cell. Outputs produced while it runs (and later, by
	// goroutines it started) go to pub. The returned Result says whether the
	// cell failed and what its final expression evaluated to.
	Execute(ctx context.Context, req ExecuteRequest, pub Publisher) Result

	// Complete proposes completions for the identifier at cursor, a byte
	// offset into code.
	Complete(code string, cursor int) Completion

	// Inspect describes the name at cursor, a byte offset into code.
	// detail is 0 for a short description and 1 for more.
	Inspect(code string, cursor int, detail int) Inspection

	// IsComplete reports whether code is ready to run as it stands.
	IsComplete(code string) Completeness

	// Interrupt stops the cell that is running, if any.
	Interrupt()

	// Shutdown releases the session. When restart is true the caller will
	// go on to use a fresh session.
	Shutdown(restart bool) error
}

// ExecuteRequest is the part of a Jupyter execute_request an evaluator needs.
type ExecuteRequest struct {
	Code string
	// Count is the execution count the cell will be shown with; it names the
	// cell in error positions ("cell[3]:2:5"). Zero for silent cells.
	Count int
	// Silent cells produce no outputs and no result.
	Silent bool
	// AllowStdin says whether the frontend can answer input requests.
	AllowStdin bool
}

// Result is the outcome of one cell.
type Result struct {
	// Value is the final expression's value as a MIME bundle, or nil when the
	// cell ended with a statement, a call with no result, or a print call.
	Value *Bundle
	// Err is set when the cell failed to compile, panicked or was
	// interrupted.
	Err *Error
}

// Error describes a failed cell the way Jupyter's error message does.
type Error struct {
	Name      string   // ename, e.g. "CompileError", "panic", "Interrupted"
	Value     string   // evalue: the message a learner reads first
	Traceback []string // lines shown by the frontend; never nil
}

func (e *Error) Error() string { return e.Name + ": " + e.Value }

// Bundle is a MIME bundle: the same value in one or more representations.
type Bundle struct {
	Data     map[string]any // MIME type to content, e.g. "text/plain": "42"
	Metadata map[string]any // may be nil
}

// Text returns a bundle with a single text/plain representation.
func Text(s string) *Bundle {
	return &Bundle{Data: map[string]any{"text/plain": s}}
}

// A Publisher carries a cell's outputs to the frontend. Implementations must
// be safe for concurrent use: goroutines started by a cell publish too, and
// may keep doing so after the cell has finished.
type Publisher interface {
	// Stream writes text to the "stdout" or "stderr" stream.
	Stream(name, text string)
	// Display shows a bundle as display_data. A non-empty id names the
	// display so that a later call with update set replaces it in place.
	Display(b *Bundle, id string, update bool)
	// ClearOutput clears the cell's output area; with wait set, only when
	// the next output arrives.
	ClearOutput(wait bool)
	// Error shows an error that is not the cell's own result: a panic in a
	// goroutine the cell started, reported while or after the cell ran.
	Error(e *Error)
	// Input asks the user for a line of text, showing prompt; password
	// hides what is typed. It fails when the frontend cannot answer (the
	// request did not allow stdin) or the cell is interrupted meanwhile.
	Input(prompt string, password bool) (string, error)
}

// Completion is the answer to a complete request. Start and End are byte
// offsets into the code: the span that a chosen match replaces.
type Completion struct {
	Matches    []string
	Start, End int
}

// Inspection is the answer to an inspect request.
type Inspection struct {
	Found bool
	Text  string // plain text, shown as text/plain
}

// Completeness is the answer to an is_complete request.
type Completeness struct {
	// Status is "complete", "incomplete", "invalid" or "unknown".
	Status string
	// Indent is the indentation for the next line when Status is
	// "incomplete".
	Indent string
}
