package kernel

import (
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
	k      *Kernel
	parent *Message

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
