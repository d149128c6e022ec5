// Package display shows rich output (HTML, Markdown, SVG, images) in a
// notebook cell, and lets a cell keep one output up to date in place.
//
// In a gothreads notebook the kernel installs a Publisher and every call
// becomes a display_data message in the cell that made it, even when the
// call comes from a goroutine that outlived its cell. In a compiled program
// there is no notebook: each call prints its plain-text form to standard
// output instead, so lesson code runs the same under go run; unless the
// program is a compiled cell the kernel runs (%%run), which hands it a
// file descriptor (FDEnv) to send its calls back on, as JSON lines.
package display

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
)

// A Publisher shows display data. data maps MIME types to content (binary
// content base64-encoded, as Jupyter wants it). A non-empty id names the
// output so that a later call with update set replaces it.
type Publisher interface {
	Display(data map[string]string, id string, update bool)
	Clear(wait bool)
}

var (
	mu  sync.RWMutex
	pub Publisher
)

// FDEnv names the file descriptor that a compiled cell's program writes its
// display calls to, a Message per line, for the kernel to show.
const FDEnv = "GOTHREADS_DISPLAY_FD"

// A Message is a display call of a compiled cell, on its way to the kernel.
type Message struct {
	Data   map[string]string `json:"data,omitempty"`
	ID     string            `json:"id,omitempty"`
	Update bool              `json:"update,omitempty"`
	Clear  bool              `json:"clear,omitempty"`
	Wait   bool              `json:"wait,omitempty"`
}

func init() {
	fd, err := strconv.Atoi(os.Getenv(FDEnv))
	if err != nil || fd < 3 {
		return
	}
	// Programs this one starts do not inherit it.
	closeOnExec(fd)
	if f := os.NewFile(uintptr(fd), "display"); f != nil {
		SetPublisher(&lines{enc: json.NewEncoder(f)})
	}
}

// lines sends display calls as Messages.
type lines struct {
	mu  sync.Mutex
	enc *json.Encoder
}

func (l *lines) Display(data map[string]string, id string, update bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.enc.Encode(Message{Data: data, ID: id, Update: update})
}

func (l *lines) Clear(wait bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.enc.Encode(Message{Clear: true, Wait: wait})
}

// SetPublisher makes p receive every display call; nil restores printing to
// standard output. The notebook kernel calls it once per session.
func SetPublisher(p Publisher) {
	mu.Lock()
	pub = p
	mu.Unlock()
}

func publish(data map[string]string, id string, update bool) {
	mu.RLock()
	p := pub
	mu.RUnlock()
	if p == nil {
		fmt.Fprintln(os.Stdout, data["text/plain"])
		return
	}
	p.Display(data, id, update)
}

// HTML shows an HTML fragment.
func HTML(html string) { publish(bundle("text/html", html, html), "", false) }

// Markdown shows Markdown text.
func Markdown(md string) { publish(bundle("text/markdown", md, md), "", false) }

// SVG shows an SVG image given as its XML text.
func SVG(svg string) { publish(bundle("image/svg+xml", svg, "<svg image>"), "", false) }

// Text shows plain text as a display (unlike fmt.Print, it can be updated
// in place through a Handle).
func Text(text string) { publish(map[string]string{"text/plain": text}, "", false) }

// PNG shows a PNG image given as its encoded bytes.
func PNG(data []byte) {
	publish(bundle("image/png", base64.StdEncoding.EncodeToString(data), fmt.Sprintf("<PNG image, %d bytes>", len(data))), "", false)
}

// Image shows an image, encoded as PNG. It reports an encoding error, which
// only happens for images with an empty or huge bounding box.
func Image(img image.Image) error {
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return fmt.Errorf("display: encoding image: %w", err)
	}
	PNG(buf.Bytes())
	return nil
}

// Clear clears the cell's output now.
func Clear() { clearOutput(false) }

// ClearWait clears the cell's output when the next output arrives, which
// avoids flicker when a cell redraws itself in a loop.
func ClearWait() { clearOutput(true) }

func clearOutput(wait bool) {
	mu.RLock()
	p := pub
	mu.RUnlock()
	if p != nil {
		p.Clear(wait)
	}
}

func bundle(mime, content, plain string) map[string]string {
	return map[string]string{mime: content, "text/plain": plain}
}

var handles atomic.Int64

// A Handle is one output that can be replaced in place, for progress bars
// and live counters. The first call shows it; later calls update it.
// A Handle is safe for use by several goroutines.
type Handle struct {
	id    string
	shown atomic.Bool
}

// NewHandle returns a handle for an output that has not been shown yet.
func NewHandle() *Handle {
	return &Handle{id: "gothreads-" + strconv.Itoa(os.Getpid()) + "-" + strconv.FormatInt(handles.Add(1), 10)}
}

func (h *Handle) show(data map[string]string) {
	publish(data, h.id, h.shown.Swap(true))
}

// Text shows or replaces the output with plain text.
func (h *Handle) Text(text string) { h.show(map[string]string{"text/plain": text}) }

// HTML shows or replaces the output with an HTML fragment.
func (h *Handle) HTML(html string) { h.show(bundle("text/html", html, html)) }

// Markdown shows or replaces the output with Markdown text.
func (h *Handle) Markdown(md string) { h.show(bundle("text/markdown", md, md)) }
