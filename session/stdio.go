package session

import (
	"fmt"
	"io"
	"sync"

	"github.com/gothreads/gothreads/cellsource"
	"github.com/gothreads/gothreads/evaluator"
)

// The standard streams of cells: os.Stdout and os.Stderr as files that
// write to the running cell's output, and standard input read through the
// front end.

// stdVar is os.Stdout or os.Stderr as cells see them: the variable, and
// the stream it must hold.
type stdVar struct {
	name string
	v    **StdStream
	want *StdStream
}

// restoreStdStreams puts the notebook's streams back into os.Stdout and
// os.Stderr if an earlier cell assigned them (os.Stdout = nil would
// otherwise break every later fmt.Fprintln(os.Stdout, ...)), and says so.
func (s *Session) restoreStdStreams(pub evaluator.Publisher) {
	for _, sv := range s.stdStreams {
		if *sv.v != sv.want {
			*sv.v = sv.want
			pub.Stream("stderr", sv.name+" had been changed by an earlier cell; it writes to the notebook again\n")
		}
	}
}

// StdStream is os.Stdout and os.Stderr in cells: what is written goes to
// the cell that writes it (output.go). With yaegi's own stdio emulation they
// would be plain io.Writers, and os.Stdout.WriteString would not compile.
type StdStream struct {
	name string
	w    io.Writer
}

func (f *StdStream) Write(p []byte) (int, error) { return f.w.Write(p) }

func (f *StdStream) WriteString(s string) (int, error) { return f.w.Write([]byte(s)) }

func (f *StdStream) Name() string { return f.name }

func (f *StdStream) Sync() error { return nil }

func (f *StdStream) Close() error { return nil }

// stdinReader is the standard input of cells: each time its buffer runs
// dry it asks the frontend of the cell that is reading for a line.
type stdinReader struct {
	r   *router
	mu  sync.Mutex
	buf []byte
}

func (in *stdinReader) Read(p []byte) (int, error) {
	in.mu.Lock()
	defer in.mu.Unlock()
	if len(in.buf) == 0 {
		sk := in.r.sink()
		if sk == nil {
			return 0, io.EOF
		}
		// Only the running cell may ask: a prompt of a finished cell's
		// goroutine would stand before the running cell's own, and take
		// the answer meant for it.
		if !in.r.running(sk) {
			return 0, fmt.Errorf("standard input: %s has ended, and only the running cell can read input", cellsource.CellName(sk.cell))
		}
		line, err := sk.pub.Input("", false)
		if err != nil {
			sk.pub.Stream("stderr", "reading standard input: "+err.Error()+"\n")
			return 0, err
		}
		in.buf = []byte(line + "\n")
	}
	n := copy(p, in.buf)
	in.buf = in.buf[n:]
	return n, nil
}
