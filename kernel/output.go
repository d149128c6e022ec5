package kernel

import (
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/gothreads/gothreads/evaluator"
)

// Stream output is coalesced the way ipykernel does it, so that a cell
// printing ten thousand lines sends a handful of messages instead of ten
// thousand (frontends and jupyter_server's rate limit cope badly with the
// latter).
const (
	// flushDelay is how long text may wait for more text before it is sent.
	// Short enough that output still appears live.
	flushDelay = 30 * time.Millisecond
	// flushSize sends pending text at once when it grows this large.
	flushSize = 64 << 10
)

// cellOutput publishes the outputs of one cell on iopub, with the cell's
// request as their parent. It outlives the cell: goroutines the cell started
// keep writing to it, and their output still lands under that cell.
type cellOutput struct {
	k          *Kernel
	parent     *Message
	allowStdin bool

	mu    sync.Mutex
	name  string // stream the pending text belongs to
	text  []byte
	timer *time.Timer
}

func (k *Kernel) newCellOutput(parent *Message) *cellOutput {
	return &cellOutput{k: k, parent: parent}
}

// Stream queues text for the named stream. Text for one stream that follows
// text for the other sends the latter first, so order is kept.
func (o *cellOutput) Stream(name, text string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if name != o.name && len(o.text) > 0 {
		o.flushLocked()
	}
	o.name = name
	o.text = append(o.text, text...)
	if len(o.text) >= flushSize {
		o.flushLocked()
		return
	}
	if o.timer == nil {
		o.timer = time.AfterFunc(flushDelay, o.flush)
	}
}

func (o *cellOutput) Display(b *evaluator.Bundle, id string, update bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.flushLocked()
	msgType := "display_data"
	if update && id != "" {
		msgType = "update_display_data"
	}
	content := map[string]any{"data": b.Data, "metadata": metadata(b.Metadata), "transient": map[string]any{}}
	if id != "" {
		content["transient"] = map[string]any{"display_id": id}
	}
	o.k.publish(o.parent, msgType, content)
}

func (o *cellOutput) ClearOutput(wait bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.flushLocked()
	o.k.publish(o.parent, "clear_output", map[string]any{"wait": wait})
}

func (o *cellOutput) Error(e *evaluator.Error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.flushLocked()
	o.k.publish(o.parent, "error", errorContent(e))
}

// errorContent is the content of an error message for e.
func errorContent(e *evaluator.Error) map[string]any {
	tb := e.Traceback
	if tb == nil {
		tb = []string{}
	}
	return map[string]any{"ename": e.Name, "evalue": e.Value, "traceback": tb}
}

// errNoInput is the error of Input when the frontend cannot answer.
var errNoInput = errors.New("this frontend does not accept input: it sent the cell with allow_stdin false")

// Input sends an input_request on the stdin channel to the frontend that
// sent the cell and waits for its input_reply.
func (o *cellOutput) Input(prompt string, password bool) (string, error) {
	if !o.allowStdin {
		return "", errNoInput
	}
	o.flush() // the prompt should follow what the cell printed
	k := o.k
	k.inputMu.Lock()
	defer k.inputMu.Unlock()
	select { // forget an interrupt that came while no input was pending
	case <-k.inputCancel:
	default:
	}
	m := k.message(o.parent, "input_request", map[string]any{"prompt": prompt, "password": password})
	m.Identities = o.parent.Identities
	k.send(k.stdin, m)
	for {
		select {
		case r := <-k.inputs:
			var c struct {
				Value string `json:"value"`
			}
			if err := json.Unmarshal(r.Content, &c); err != nil {
				return "", fmt.Errorf("malformed input_reply: %w", err)
			}
			return c.Value, nil
		case <-k.inputCancel:
			return "", errors.New("input interrupted")
		case <-k.done:
			return "", errors.New("the kernel is shutting down")
		}
	}
}

// flush sends pending text now.
func (o *cellOutput) flush() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.flushLocked()
}

func (o *cellOutput) flushLocked() {
	if o.timer != nil {
		o.timer.Stop()
		o.timer = nil
	}
	if len(o.text) == 0 {
		return
	}
	o.k.publish(o.parent, "stream", map[string]string{"name": o.name, "text": string(o.text)})
	o.text = o.text[:0]
}
