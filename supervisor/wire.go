// Package supervisor runs an evaluator in a worker process and supervises
// it, so that nothing a cell does can take the kernel down.
//
// The process Jupyter starts owns the sockets and never runs user code. A
// Supervisor is its evaluator.Evaluator: it forwards each call to a worker
// process (the same binary, started as "gothreads worker"), which serves
// the real evaluator with Serve. When the worker dies, as Go programs do on
// "fatal error: concurrent map writes" or a stack overflow, the running cell
// ends with an error that says so and a spare worker, started in advance,
// takes over.
//
// Supervisor and worker talk over two pipes, one JSON object a line: the
// worker reads requests on file descriptor 3 and writes events on 4. Its
// standard output and error are pipes too: what compiled code writes there
// goes to the running cell, and a fatal error's report is kept for the
// error message. The package knows nothing about the interpreter.
package supervisor

import "github.com/gothreads/gothreads/evaluator"

// Operations a request may ask for.
const (
	opExecute    = "execute"
	opComplete   = "complete"
	opInspect    = "inspect"
	opIsComplete = "is_complete"
	opInterrupt  = "interrupt"
	opShutdown   = "shutdown"
	opInput      = "input" // the answer to an evInput event
)

// request is one call from the supervisor to the worker.
type request struct {
	ID      uint64                    `json:"id"`
	Op      string                    `json:"op"`
	Execute *evaluator.ExecuteRequest `json:"execute,omitempty"`
	Code    string                    `json:"code,omitempty"`
	Cursor  int                       `json:"cursor,omitempty"`
	Detail  int                       `json:"detail,omitempty"`
	Input   *inputAnswer              `json:"input,omitempty"`
}

// inputAnswer is the frontend's answer to an evInput event.
type inputAnswer struct {
	Value string `json:"value"`
	Err   string `json:"err,omitempty"`
}

// Kinds of event.
const (
	evReady   = "ready"   // the worker's evaluator is ready
	evReply   = "reply"   // the answer to request ID
	evStream  = "stream"  // output of the execute request ID, also after it ended
	evDisplay = "display" // likewise
	evClear   = "clear"
	evError   = "error"
	evInput   = "input" // a cell reads standard input: ask the frontend
)

// event is one message from the worker to the supervisor.
type event struct {
	ID   uint64 `json:"id"`
	Kind string `json:"kind"`

	// evReply, by operation.
	Result       *evaluator.Result       `json:"result,omitempty"`
	Completion   *evaluator.Completion   `json:"completion,omitempty"`
	Inspection   *evaluator.Inspection   `json:"inspection,omitempty"`
	Completeness *evaluator.Completeness `json:"completeness,omitempty"`

	// Outputs.
	Name      string            `json:"name,omitempty"` // stream name
	Text      string            `json:"text,omitempty"`
	Bundle    *evaluator.Bundle `json:"bundle,omitempty"`
	DisplayID string            `json:"display_id,omitempty"`
	Update    bool              `json:"update,omitempty"`
	Wait      bool              `json:"wait,omitempty"`
	Err       *evaluator.Error  `json:"error,omitempty"` // evError; for evReady, a failed start
	InputID   uint64            `json:"input_id,omitempty"`
	Password  bool              `json:"password,omitempty"`
}
