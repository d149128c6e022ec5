// Package kernel is the Jupyter side of gothreads: it reads the connection
// file, serves the shell, control, iopub, stdin and heartbeat channels over
// ZeroMQ, signs and verifies messages, and hands code to an
// evaluator.Evaluator. It knows nothing about how cells are run.
//
// The path of an execute_request: channel.serve reads the frames and
// decodes them (wire.go), Kernel.dispatch publishes busy and calls the
// handler from the table in handlers.go, Kernel.execute calls the evaluator
// with a cellOutput as its publisher (output.go), and dispatch publishes idle
// once the reply is sent.
package kernel

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"sync"

	"github.com/go-zeromq/zmq4"
	"github.com/google/uuid"

	"github.com/gothreads/gothreads/evaluator"
)

// Implementation names this kernel in kernel_info replies.
const Implementation = "gothreads"

// Version is the kernel's version, reported in kernel_info replies.
var Version = "0.1.0"

// iopubHWM bounds the iopub send queue. Output is coalesced into large
// stream messages (see output.go), so this many queued messages means a
// frontend that stopped reading, not a busy cell.
const iopubHWM = 100000

// Kernel serves one Jupyter session.
type Kernel struct {
	info    ConnectionInfo
	eval    evaluator.Evaluator
	signer  signer
	session string // our session id, in the header of every message we send
	log     *log.Logger

	shell, control, stdin, iopub, hb *channel

	// queue holds shell requests in arrival order; one goroutine runs them.
	queue chan *request
	// aborts holds the requests a failed cell took off the queue, to be
	// aborted after its idle (runShell's goroutine only).
	aborts []*request

	// The execution count and history are written by the goroutine that
	// runs execute requests and read by both channels' (a history or
	// malformed execute request may come on control).
	stateMu sync.Mutex
	count   int // execution count of the last stored cell
	history []historyEntry

	// Input requests wait for input_reply messages on inputs; an interrupt
	// cancels the one pending through inputCancel.
	inputMu     sync.Mutex
	inputs      chan *request
	inputCancel chan struct{}

	shutdownOnce sync.Once
	done         chan struct{} // closed after a shutdown_reply is sent
}

// channel is one ZeroMQ socket of the kernel. Sends are serialised so that
// messages from different goroutines never interleave.
type channel struct {
	name string
	sock zmq4.Socket
	mu   sync.Mutex
}

// request is a received message and the channel to reply on.
type request struct {
	*Message
	ch *channel
}

// New returns a kernel that will serve info's endpoints with eval behind
// them. Diagnostics (dropped messages, send failures) go to logw.
func New(info ConnectionInfo, eval evaluator.Evaluator, logw io.Writer) *Kernel {
	return &Kernel{
		info:        info,
		eval:        eval,
		signer:      signer{key: []byte(info.Key)},
		session:     uuid.NewString(),
		log:         log.New(logw, "gothreads: ", 0),
		queue:       make(chan *request, 1024),
		inputs:      make(chan *request, 1),
		inputCancel: make(chan struct{}, 1),
		done:        make(chan struct{}),
	}
}

// Run listens on the connection's endpoints and serves until a
// shutdown_request has been answered or ctx is done.
func (k *Kernel) Run(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	k.shell = &channel{name: "shell", sock: zmq4.NewRouter(ctx)}
	k.control = &channel{name: "control", sock: zmq4.NewRouter(ctx)}
	k.stdin = &channel{name: "stdin", sock: zmq4.NewRouter(ctx)}
	k.iopub = &channel{name: "iopub", sock: zmq4.NewPub(ctx)}
	k.hb = &channel{name: "heartbeat", sock: zmq4.NewRep(ctx)}
	for _, c := range []struct {
		ch   *channel
		port int
	}{
		{k.shell, k.info.ShellPort}, {k.control, k.info.ControlPort},
		{k.stdin, k.info.StdinPort}, {k.iopub, k.info.IOPubPort}, {k.hb, k.info.HBPort},
	} {
		if err := c.ch.sock.Listen(k.info.endpoint(c.port)); err != nil {
			k.closeSockets()
			return fmt.Errorf("%s channel: %w", c.ch.name, err)
		}
	}
	defer k.closeSockets()
	if err := k.iopub.sock.SetOption(zmq4.OptionHWM, iopubHWM); err != nil {
		return fmt.Errorf("iopub high-water mark: %w", err)
	}

	k.publish(nil, "status", map[string]string{"execution_state": "starting"})

	go k.heartbeat()
	go k.control.serve(k, func(r *request) { k.dispatch(r) })
	go k.shell.serve(k, func(r *request) { k.queue <- r })
	go k.stdin.serve(k, func(r *request) {
		if r.Header.MsgType != "input_reply" {
			k.log.Printf("unexpected %s on the stdin channel: dropped", r.Header.MsgType)
			return
		}
		select {
		case k.inputs <- r:
		default:
			k.log.Printf("input_reply nobody asked for: dropped")
		}
	})
	go k.runShell(ctx)

	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-k.done:
		return nil
	}
}

func (k *Kernel) closeSockets() {
	for _, c := range []*channel{k.shell, k.control, k.stdin, k.iopub, k.hb} {
		if c != nil {
			c.sock.Close()
		}
	}
}

// serve reads messages from a ROUTER channel until its socket closes,
// dropping those that cannot be read or are wrongly signed.
func (c *channel) serve(k *Kernel, handle func(*request)) {
	for {
		zm, err := c.sock.Recv()
		if err != nil {
			if errors.Is(err, context.Canceled) {
				return
			}
			k.log.Printf("%s: receive: %v", c.name, err)
			select {
			case <-k.done:
				return
			default:
				continue
			}
		}
		m, err := k.signer.decode(zm.Frames)
		if err != nil {
			k.log.Printf("%s: message dropped: %v", c.name, err)
			continue
		}
		handle(&request{Message: m, ch: c})
	}
}

// heartbeat echoes every ping so the frontend knows we are alive, even
// while a cell runs.
func (k *Kernel) heartbeat() {
	for {
		msg, err := k.hb.sock.Recv()
		if err != nil {
			if errors.Is(err, context.Canceled) {
				return
			}
			continue
		}
		if err := k.hb.sock.Send(msg); err != nil {
			k.log.Printf("heartbeat: %v", err)
		}
	}
}

// runShell runs queued shell requests one at a time, in order.
func (k *Kernel) runShell(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case r := <-k.queue:
			k.dispatch(r)
			// A failed cell's idle is out: now the requests queued behind it.
			k.abortQueued()
		}
	}
}

// send signs a message and sends it on c.
func (k *Kernel) send(c *channel, m *Message) {
	frames := k.signer.encode(m)
	c.mu.Lock()
	err := c.sock.SendMulti(zmq4.NewMsgFrom(frames...))
	c.mu.Unlock()
	if err != nil {
		k.log.Printf("%s: sending %s: %v", c.name, m.Header.MsgType, err)
	}
}

// message builds a message of msgType in response to parent (nil for none).
func (k *Kernel) message(parent *Message, msgType string, content any) *Message {
	body, err := json.Marshal(content)
	if err != nil {
		// Content comes from our own structs and maps of plain values;
		// failing to marshal is a bug, but the frontend still needs a reply.
		k.log.Printf("encoding %s: %v", msgType, err)
		body = []byte(`{}`)
	}
	m := &Message{Header: newHeader(msgType, k.session), Content: body}
	if parent != nil {
		m.ParentHeader = parent.RawHeader
	}
	return m
}

// reply answers r on the channel it came in on.
func (k *Kernel) reply(r *request, msgType string, content any) {
	m := k.message(r.Message, msgType, content)
	m.Identities = r.Identities
	k.send(r.ch, m)
}

// publish broadcasts a message on iopub, with parent as its parent (nil for
// none). The topic frame is the message type, as ipykernel's are.
func (k *Kernel) publish(parent *Message, msgType string, content any) {
	m := k.message(parent, msgType, content)
	m.Identities = [][]byte{[]byte(msgType)}
	k.send(k.iopub, m)
}

// shutdown makes Run return. Safe to call more than once.
func (k *Kernel) shutdown() {
	k.shutdownOnce.Do(func() { close(k.done) })
}
