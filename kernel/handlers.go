package kernel

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"runtime"
	"strings"
	"time"

	"github.com/gothreads/gothreads/evaluator"
)

// handlers maps each request type to the method that answers it. Status is
// published around every call by dispatch, never inside a handler. (It is
// filled in init because execute refers back to dispatch.)
var handlers map[string]func(*Kernel, *request) error

func init() {
	handlers = map[string]func(*Kernel, *request) error{
		"kernel_info_request": (*Kernel).kernelInfo,
		"execute_request":     (*Kernel).execute,
		"is_complete_request": (*Kernel).isComplete,
		"complete_request":    (*Kernel).complete,
		"inspect_request":     (*Kernel).inspect,
		"history_request":     (*Kernel).historyRequest,
		"comm_info_request":   (*Kernel).commInfo,
		"shutdown_request":    (*Kernel).shutdownRequest,
		"interrupt_request":   (*Kernel).interrupt,
		"comm_open":           (*Kernel).ignore,
		"comm_msg":            (*Kernel).ignore,
		"comm_close":          (*Kernel).ignore,
	}
}

// dispatch answers one request, wrapped in busy and idle on iopub.
func (k *Kernel) dispatch(r *request) {
	k.publish(r.Message, "status", map[string]string{"execution_state": "busy"})
	if h, ok := handlers[r.Header.MsgType]; !ok {
		k.log.Printf("%s: unknown message type %q: ignored", r.ch.name, r.Header.MsgType)
	} else if err := h(k, r); err != nil {
		k.log.Printf("%s: %s: %v", r.ch.name, r.Header.MsgType, err)
		var bad *badRequest
		if errors.As(err, &bad) {
			k.replyBadRequest(r, bad)
		}
	}
	k.publish(r.Message, "status", map[string]string{"execution_state": "idle"})
	if r.Header.MsgType == "shutdown_request" {
		k.shutdown()
	}
}

// decode reads a request's content into v.
func decode(r *request, v any) error {
	if err := json.Unmarshal(r.Content, v); err != nil {
		return &badRequest{msgType: r.Header.MsgType, err: err}
	}
	return nil
}

// badRequest is a request whose content does not have the types the
// messaging spec gives it (`"code": 5`, `"cursor_pos": "4"`).
type badRequest struct {
	msgType string
	err     error
}

func (b *badRequest) Error() string {
	msg := b.err.Error()
	var te *json.UnmarshalTypeError
	if errors.As(b.err, &te) && te.Field != "" {
		want := "a " + te.Type.String()
		switch te.Type.Kind() {
		case reflect.String:
			want = "a string"
		case reflect.Int, reflect.Int64, reflect.Int32:
			want = "an integer"
		case reflect.Bool:
			want = "true or false"
		case reflect.Float64:
			want = "a number"
		case reflect.Map, reflect.Struct:
			want = "an object"
		case reflect.Slice:
			want = "a list"
		}
		msg = fmt.Sprintf("%q is a JSON %s, where the messaging spec wants %s", te.Field, te.Value, want)
	}
	return "malformed " + b.msgType + ": " + msg
}

// replyBadRequest answers a request that could not be read with an error
// reply saying what was wrong, so that the client does not wait for ever;
// a malformed execute request's error is also shown as the cell's output.
func (k *Kernel) replyBadRequest(r *request, bad *badRequest) {
	if !strings.HasSuffix(r.Header.MsgType, "_request") {
		return // comm messages and replies want no answer
	}
	if r.Header.MsgType == "is_complete_request" { // its status is never "error"
		k.reply(r, "is_complete_reply", map[string]any{"status": "unknown"})
		return
	}
	content := map[string]any{"status": "error", "ename": "BadRequest", "evalue": bad.Error(),
		"traceback": []string{"BadRequest: " + bad.Error()}}
	if r.Header.MsgType == "execute_request" {
		content["execution_count"] = k.executionCount()
		var c struct {
			Silent bool `json:"silent"`
		}
		json.Unmarshal(r.Content, &c) // what can be read of it
		if !c.Silent {
			k.publish(r.Message, "error", map[string]any{"ename": content["ename"], "evalue": content["evalue"], "traceback": content["traceback"]})
		}
	}
	k.reply(r, strings.TrimSuffix(r.Header.MsgType, "_request")+"_reply", content)
}

type languageInfo struct {
	Name           string `json:"name"`
	Version        string `json:"version"`
	Mimetype       string `json:"mimetype"`
	FileExtension  string `json:"file_extension"`
	PygmentsLexer  string `json:"pygments_lexer"`
	CodemirrorMode string `json:"codemirror_mode"`
}

type helpLink struct {
	Text string `json:"text"`
	URL  string `json:"url"`
}

func (k *Kernel) kernelInfo(r *request) error {
	goVersion := strings.TrimPrefix(runtime.Version(), "go")
	k.reply(r, "kernel_info_reply", map[string]any{
		"status":                 "ok",
		"protocol_version":       protocolVersion,
		"implementation":         Implementation,
		"implementation_version": Version,
		"language_info": languageInfo{
			Name:           "go",
			Version:        goVersion,
			Mimetype:       "text/x-go",
			FileExtension:  ".go",
			PygmentsLexer:  "go",
			CodemirrorMode: "go",
		},
		"banner": fmt.Sprintf("gothreads %s: Go %s in Jupyter, for learning concurrency\n", Version, goVersion),
		"help_links": []helpLink{
			{"Go language specification", "https://go.dev/ref/spec"},
			{"Go standard library", "https://pkg.go.dev/std"},
		},
		"debugger": false,
	})
	return nil
}

type executeContent struct {
	Code         string `json:"code"`
	Silent       bool   `json:"silent"`
	StoreHistory *bool  `json:"store_history"`
	AllowStdin   bool   `json:"allow_stdin"`
	StopOnError  *bool  `json:"stop_on_error"`
}

func (k *Kernel) execute(r *request) error {
	var c executeContent
	if err := decode(r, &c); err != nil {
		return err
	}
	store := !c.Silent && (c.StoreHistory == nil || *c.StoreHistory)
	k.stateMu.Lock()
	if store {
		k.count++
	}
	count := k.count
	k.stateMu.Unlock()
	if !c.Silent {
		k.publish(r.Message, "execute_input", map[string]any{"code": c.Code, "execution_count": count})
	}

	var out *cellOutput
	var pub evaluator.Publisher = discard{}
	if !c.Silent {
		out = k.newCellOutput(r.Message)
		out.allowStdin = c.AllowStdin
		pub = out
	}
	req := evaluator.ExecuteRequest{Code: c.Code, Silent: c.Silent, AllowStdin: c.AllowStdin}
	if store {
		req.Count = count
	}
	res := k.eval.Execute(context.Background(), req, pub)
	if out != nil {
		out.flush()
	}
	if store {
		k.stateMu.Lock()
		k.history = append(k.history, historyEntry{line: count, input: c.Code})
		k.stateMu.Unlock()
	}

	if res.Err != nil {
		content := errorContent(res.Err)
		// A silent request (a front end's own probe) aborts nothing, as in
		// ipykernel; nor does one that came on the control channel, whose
		// goroutine must not take the shell queue's requests.
		if !c.Silent && r.ch == k.shell && (c.StopOnError == nil || *c.StopOnError) {
			// Before the error is shown, nothing a client sends can be an
			// answer to it: what is queued now, or arrives within the
			// grace period, was sent behind the failed cell (run all) and
			// is aborted, once this request's idle is out (runShell).
			k.aborts = k.takeQueued(stopOnErrorGrace)
		}
		if !c.Silent {
			k.publish(r.Message, "error", content)
		}
		content["status"] = "error"
		content["execution_count"] = count
		k.reply(r, "execute_reply", content)
		return nil
	}
	if res.Value != nil && !c.Silent {
		k.publish(r.Message, "execute_result", map[string]any{
			"execution_count": count,
			"data":            res.Value.Data,
			"metadata":        metadata(res.Value.Metadata),
		})
	}
	k.reply(r, "execute_reply", map[string]any{
		"status":           "ok",
		"execution_count":  count,
		"payload":          []any{},
		"user_expressions": map[string]any{},
	})
	return nil
}

// stopOnErrorGrace is how long a failed cell waits, before its error and
// reply go out, for requests still on their way behind it. A front end's "run all" sends every cell at
// once, but the ZeroMQ socket may deliver the next one a moment after a
// cell that fails at once has ended, later still on a busy machine (20 ms
// proved too short beside other tests on two cores). ipykernel's
// stop_on_error_timeout plays this part, but after its reply, so that it
// can abort a cell sent in answer to the error; waiting before the error
// is shown cannot (a cell run as soon as the error appears runs).
const stopOnErrorGrace = 50 * time.Millisecond

// takeQueued removes from the shell queue what waits there now, and what
// arrives within grace, in order.
func (k *Kernel) takeQueued(grace time.Duration) []*request {
	var taken []*request
	timer := time.NewTimer(grace)
	defer timer.Stop()
	for {
		select {
		case r := <-k.queue:
			taken = append(taken, r)
		case <-timer.C:
			return taken
		}
	}
}

// abortQueued answers the requests a failed cell took off the queue, in
// order: execute requests with status "aborted", as stop_on_error asks,
// others normally.
func (k *Kernel) abortQueued() {
	aborts := k.aborts
	k.aborts = nil
	for _, r := range aborts {
		if r.Header.MsgType != "execute_request" {
			k.dispatch(r)
			continue
		}
		k.publish(r.Message, "status", map[string]string{"execution_state": "busy"})
		k.reply(r, "execute_reply", map[string]any{"status": "aborted", "execution_count": k.executionCount()})
		k.publish(r.Message, "status", map[string]string{"execution_state": "idle"})
	}
}

func metadata(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}

func (k *Kernel) isComplete(r *request) error {
	var c struct {
		Code string `json:"code"`
	}
	if err := decode(r, &c); err != nil {
		return err
	}
	res := k.eval.IsComplete(c.Code)
	content := map[string]any{"status": res.Status}
	if res.Status == "incomplete" {
		content["indent"] = res.Indent
	}
	k.reply(r, "is_complete_reply", content)
	return nil
}

type cursorContent struct {
	Code        string `json:"code"`
	CursorPos   int    `json:"cursor_pos"`
	DetailLevel int    `json:"detail_level"`
}

func (k *Kernel) complete(r *request) error {
	var c cursorContent
	if err := decode(r, &c); err != nil {
		return err
	}
	res := k.eval.Complete(c.Code, byteOffset(c.Code, c.CursorPos))
	matches := res.Matches
	if matches == nil {
		matches = []string{}
	}
	k.reply(r, "complete_reply", map[string]any{
		"status":       "ok",
		"matches":      matches,
		"cursor_start": runeOffset(c.Code, res.Start),
		"cursor_end":   runeOffset(c.Code, res.End),
		"metadata":     map[string]any{},
	})
	return nil
}

func (k *Kernel) inspect(r *request) error {
	var c cursorContent
	if err := decode(r, &c); err != nil {
		return err
	}
	res := k.eval.Inspect(c.Code, byteOffset(c.Code, c.CursorPos), c.DetailLevel)
	data := map[string]any{}
	if res.Found {
		data["text/plain"] = res.Text
	}
	k.reply(r, "inspect_reply", map[string]any{
		"status":   "ok",
		"found":    res.Found,
		"data":     data,
		"metadata": map[string]any{},
	})
	return nil
}

func (k *Kernel) commInfo(r *request) error {
	k.reply(r, "comm_info_reply", map[string]any{"status": "ok", "comms": map[string]any{}})
	return nil
}

// ignore accepts comm messages: gothreads has no comm targets (widgets), and
// a frontend that opens one expects no answer.
func (k *Kernel) ignore(*request) error { return nil }

func (k *Kernel) interrupt(r *request) error {
	k.eval.Interrupt()
	select { // a cell waiting for input stops waiting
	case k.inputCancel <- struct{}{}:
	default:
	}
	k.reply(r, "interrupt_reply", map[string]any{"status": "ok"})
	return nil
}

func (k *Kernel) shutdownRequest(r *request) error {
	var c struct {
		Restart bool `json:"restart"`
	}
	if err := decode(r, &c); err != nil {
		// Shut down all the same, as asked, but not to restart.
		k.log.Printf("%s: %v: shutting down without restart", r.ch.name, err)
		c.Restart = false
	}
	k.eval.Interrupt()
	err := k.eval.Shutdown(c.Restart)
	k.reply(r, "shutdown_reply", map[string]any{"status": "ok", "restart": c.Restart})
	return err // dispatch stops the kernel once idle is out
}

// byteOffset converts a cursor position counted in Unicode code points, as
// the protocol counts them, to a byte offset into s.
func byteOffset(s string, runes int) int {
	if runes <= 0 {
		return 0
	}
	n := 0
	for i := range s {
		if n == runes {
			return i
		}
		n++
	}
	return len(s)
}

// runeOffset converts a byte offset into s to a count of code points.
func runeOffset(s string, bytes int) int {
	if bytes > len(s) {
		bytes = len(s)
	}
	if bytes < 0 {
		bytes = 0
	}
	return len([]rune(s[:bytes]))
}

// discard is the publisher of silent cells.
type discard struct{}

func (discard) Stream(string, string)                   {}
func (discard) Display(*evaluator.Bundle, string, bool) {}
func (discard) ClearOutput(bool)                        {}
func (discard) Error(*evaluator.Error)                  {}
func (discard) Input(string, bool) (string, error)      { return "", errNoInput }

// executionCount returns the execution count of the last stored cell.
func (k *Kernel) executionCount() int {
	k.stateMu.Lock()
	defer k.stateMu.Unlock()
	return k.count
}
