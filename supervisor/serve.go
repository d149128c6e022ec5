package supervisor

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sync"

	"github.com/gothreads/gothreads/evaluator"
)

// Serve is the worker side: it reads requests from in, runs them on eval
// and writes events to out until in is closed or a shutdown request comes.
// ready is called to learn when eval can run cells; a non-nil error from it
// is reported to the supervisor, which gives up on this worker.
func Serve(eval evaluator.Evaluator, ready func() error, in io.Reader, out io.Writer) error {
	// Each event is one write on the pipe: the supervisor may be waiting
	// for it, so nothing is buffered beyond the stream delay.
	w := &eventWriter{enc: json.NewEncoder(out)}
	if err := ready(); err != nil {
		w.send(event{Kind: evReady, Err: sessionError(err.Error())})
		return err
	}
	w.send(event{Kind: evReady})

	sv := &server{eval: eval, w: w, dec: json.NewDecoder(bufio.NewReader(in)), done: make(chan error, 1),
		inputs: map[uint64]chan inputAnswer{}}
	go sv.serveRequests()
	return <-sv.done
}

// server is the worker's side of one supervisor connection.
type server struct {
	eval evaluator.Evaluator
	w    *eventWriter
	dec  *json.Decoder
	done chan error // receives Serve's result

	mu        sync.Mutex
	nextInput uint64
	inputs    map[uint64]chan inputAnswer // input requests awaiting answers
}

// serveRequests reads and answers requests until the input ends. A request
// that takes long (execute, complete, inspect) is answered on this
// goroutine after a fresh one has taken over reading: that keeps reading
// free for an interrupt, and spares the request a hand-off to another
// goroutine, which on a busy machine costs more than the cell itself.
func (sv *server) serveRequests() {
	eval, w, dec, done := sv.eval, sv.w, sv.dec, sv.done
	for {
		var r request
		if err := dec.Decode(&r); err != nil {
			if err == io.EOF {
				err = nil
			} else {
				err = fmt.Errorf("reading a request: %w", err)
			}
			done <- err
			return
		}
		switch r.Op {
		case opExecute:
			go sv.serveRequests()
			res := eval.Execute(context.Background(), *r.Execute, &workerOutput{sv: sv, id: r.ID})
			w.send(event{ID: r.ID, Kind: evReply, Result: &res})
			return
		case opComplete:
			go sv.serveRequests()
			c := eval.Complete(r.Code, r.Cursor)
			w.send(event{ID: r.ID, Kind: evReply, Completion: &c})
			return
		case opInspect:
			go sv.serveRequests()
			in := eval.Inspect(r.Code, r.Cursor, r.Detail)
			w.send(event{ID: r.ID, Kind: evReply, Inspection: &in})
			return
		case opIsComplete:
			c := eval.IsComplete(r.Code)
			w.send(event{ID: r.ID, Kind: evReply, Completeness: &c})
		case opInterrupt:
			eval.Interrupt()
		case opInput:
			sv.mu.Lock()
			ch := sv.inputs[r.ID]
			delete(sv.inputs, r.ID)
			sv.mu.Unlock()
			if ch != nil && r.Input != nil {
				ch <- *r.Input
			}
		case opShutdown:
			eval.Shutdown(false)
			w.send(event{ID: r.ID, Kind: evReply})
			done <- nil
			return
		}
	}
}

// eventWriter serialises events onto the pipe. Stream text is sent as it
// is written, never held back in the worker: text held back dies with a
// worker that a fatal error ends, and it is the text that says what the
// cell was doing. The kernel coalesces it before iopub (kernel/output.go).
type eventWriter struct {
	mu  sync.Mutex
	enc *json.Encoder
}

func (w *eventWriter) send(e event) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.encodeLocked(e)
}

func (w *eventWriter) stream(id uint64, name, text string) {
	w.send(event{ID: id, Kind: evStream, Name: name, Text: text})
}

// encodeLocked writes one event.
func (w *eventWriter) encodeLocked(e event) {
	_ = w.enc.Encode(e) // a broken pipe means the supervisor is gone
}

// workerOutput is the Publisher of one execute request in the worker.
type workerOutput struct {
	sv *server
	id uint64
}

func (o *workerOutput) Stream(name, text string) { o.sv.w.stream(o.id, name, text) }

func (o *workerOutput) Display(b *evaluator.Bundle, id string, update bool) {
	o.sv.w.send(event{ID: o.id, Kind: evDisplay, Bundle: b, DisplayID: id, Update: update})
}

func (o *workerOutput) ClearOutput(wait bool) {
	o.sv.w.send(event{ID: o.id, Kind: evClear, Wait: wait})
}

func (o *workerOutput) Error(e *evaluator.Error) {
	o.sv.w.send(event{ID: o.id, Kind: evError, Err: e})
}

// Input asks the supervisor, and through it the frontend, for a line.
func (o *workerOutput) Input(prompt string, password bool) (string, error) {
	ch := make(chan inputAnswer, 1)
	o.sv.mu.Lock()
	o.sv.nextInput++
	in := o.sv.nextInput
	o.sv.inputs[in] = ch
	o.sv.mu.Unlock()
	o.sv.w.send(event{ID: o.id, Kind: evInput, InputID: in, Text: prompt, Password: password})
	a := <-ch
	if a.Err != "" {
		return "", errors.New(a.Err)
	}
	return a.Value, nil
}
