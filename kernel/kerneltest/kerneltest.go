// Package kerneltest is a Jupyter client for tests, as net/http/httptest is
// an HTTP one: it connects to a kernel's five channels over ZeroMQ, signs
// its requests and checks the signatures of what comes back, the way
// jupyter_client does, and keeps every iopub message it receives. The
// kernel's own tests run a kernel in their process behind it; the
// end-to-end tests of the gothreads binary, a kernel process.
package kerneltest

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-zeromq/zmq4"
	"github.com/google/uuid"
)

// Connection is what a connection file holds: free ports on 127.0.0.1 and
// a signing key.
type Connection struct {
	Shell, Control, IOPub, Stdin, HB int
	Key                              string
}

// NewConnection picks five free ports and a new key.
func NewConnection(t testing.TB) Connection {
	t.Helper()
	var ports [5]int
	for i := range ports {
		p, err := freePort()
		if err != nil {
			t.Fatal(err)
		}
		ports[i] = p
	}
	return Connection{Shell: ports[0], Control: ports[1], IOPub: ports[2], Stdin: ports[3], HB: ports[4], Key: uuid.NewString()}
}

// Ports are handed out from below the range the system picks ephemeral
// ports from, one after another: a port the system gave another socket
// (a client's outgoing connection) between our check and the kernel's
// listen would keep the kernel from starting, and tests that run at once
// must not get the same port.
var ports struct {
	sync.Mutex
	next int
}

const lowestPort = 10000

func freePort() (int, error) {
	ports.Lock()
	defer ports.Unlock()
	top := ephemeralLow()
	if ports.next == 0 {
		// Another test binary may run at the same time: start apart.
		ports.next = lowestPort + rand.IntN(top-lowestPort)
	}
	for range top - lowestPort {
		p := ports.next
		if ports.next++; ports.next >= top {
			ports.next = lowestPort
		}
		if l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", p)); err == nil {
			l.Close()
			return p, nil
		}
	}
	return 0, fmt.Errorf("no free port between %d and %d", lowestPort, top)
}

// ephemeralLow is the lowest port the system gives sockets that ask for
// none (Linux's ip_local_port_range; 32768 where it cannot tell).
func ephemeralLow() int {
	low := 32768
	if data, err := os.ReadFile("/proc/sys/net/ipv4/ip_local_port_range"); err == nil {
		if f := strings.Fields(string(data)); len(f) == 2 {
			if n, err := strconv.Atoi(f[0]); err == nil && n > lowestPort+100 {
				low = n
			}
		}
	}
	return low
}

// WriteFile writes c as a connection file in a test's temporary directory
// and returns its path.
func (c Connection) WriteFile(t testing.TB) string {
	t.Helper()
	data, _ := json.Marshal(map[string]any{
		"transport": "tcp", "ip": "127.0.0.1",
		"shell_port": c.Shell, "control_port": c.Control, "iopub_port": c.IOPub,
		"stdin_port": c.Stdin, "hb_port": c.HB,
		"key": c.Key, "signature_scheme": "hmac-sha256",
	})
	file := filepath.Join(t.TempDir(), "kernel.json")
	if err := os.WriteFile(file, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return file
}

// Client is a connected Jupyter client.
type Client struct {
	T       testing.TB
	Key     []byte
	Session string

	Shell, Control, Stdin zmq4.Socket
	IOPub, HB             zmq4.Socket

	mu    sync.Mutex
	iomsg []Msg // every iopub message received so far
	iocv  *sync.Cond
}

// Msg is a decoded message as the tests see it.
type Msg struct {
	Header       map[string]any
	ParentHeader map[string]any
	Content      map[string]any
}

// Type is the message's msg_type.
func (m Msg) Type() string { s, _ := m.Header["msg_type"].(string); return s }

// Parent is the msg_id of the request the message answers.
func (m Msg) Parent() string { s, _ := m.ParentHeader["msg_id"].(string); return s }

// Connect connects to the kernel listening on c and waits until it is
// ready: it answers kernel_info, and iopub messages arrive. explain, if
// not nil, is called when connecting fails, for what to tell (a kernel
// process's standard error). The sockets close when the test ends.
func Connect(t testing.TB, c Connection, explain func() string) *Client {
	t.Helper()
	f := &Client{T: t, Key: []byte(c.Key), Session: uuid.NewString()}
	f.iocv = sync.NewCond(&f.mu)
	ctx, cancel := context.WithCancel(context.Background())
	endpoint := func(p int) string { return fmt.Sprintf("tcp://127.0.0.1:%d", p) }
	id := zmq4.WithID(zmq4.SocketIdentity(f.Session))
	f.Shell = zmq4.NewDealer(ctx, id)
	f.Control = zmq4.NewDealer(ctx, id)
	f.Stdin = zmq4.NewDealer(ctx, id)
	f.IOPub = zmq4.NewSub(ctx)
	f.HB = zmq4.NewReq(ctx)
	t.Cleanup(func() {
		cancel()
		for _, s := range []zmq4.Socket{f.Shell, f.Control, f.Stdin, f.IOPub, f.HB} {
			s.Close()
		}
	})
	for _, s := range []struct {
		s    zmq4.Socket
		port int
	}{{f.Shell, c.Shell}, {f.Control, c.Control}, {f.IOPub, c.IOPub}, {f.Stdin, c.Stdin}, {f.HB, c.HB}} {
		if err := dialRetry(s.s, endpoint(s.port)); err != nil {
			why := ""
			if explain != nil {
				why = "\n" + explain()
			}
			t.Fatalf("connecting to the kernel: %v%s", err, why)
		}
	}
	if err := f.IOPub.SetOption(zmq4.OptionSubscribe, ""); err != nil {
		t.Fatal(err)
	}
	go f.readIOPub()
	// The kernel is ready once it answers kernel_info; iopub subscriptions
	// take a moment to propagate, so wait for them too, as jupyter_client's
	// wait_for_ready does.
	f.waitReady()
	return f
}

func dialRetry(s zmq4.Socket, ep string) error {
	var err error
	for range 100 {
		if err = s.Dial(ep); err == nil {
			return nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	return err
}

func (f *Client) waitReady() {
	f.T.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		id := f.Send(f.Shell, "kernel_info_request", map[string]any{})
		f.Reply(f.Shell, id)
		if f.WaitIOPub(id, "status", 500*time.Millisecond) {
			return
		}
	}
	f.T.Fatal("kernel never became ready")
}

// Sign returns the HMAC signature of a message's frames (header,
// parent header, metadata, content), as the kernel checks it.
func (f *Client) Sign(frames [][]byte) []byte {
	mac := hmac.New(sha256.New, f.Key)
	for _, fr := range frames {
		mac.Write(fr)
	}
	return []byte(hex.EncodeToString(mac.Sum(nil)))
}

// SendFrames sends raw frames, for tests of malformed messages.
func (f *Client) SendFrames(s zmq4.Socket, frames [][]byte) {
	f.T.Helper()
	// A send can block for ever where the peer is gone; a test that fails
	// says so instead of hanging.
	done := make(chan error, 1)
	go func() { done <- s.SendMulti(zmq4.NewMsgFrom(frames...)) }()
	select {
	case err := <-done:
		if err != nil {
			f.T.Fatal(err)
		}
	case <-time.After(30 * time.Second):
		f.T.Fatal("a send to the kernel blocked for 30 s")
	}
}

// Message returns the signed frames of a new request and its msg_id.
func (f *Client) Message(msgType string, content any) ([][]byte, string) {
	id := uuid.NewString()
	header, _ := json.Marshal(map[string]any{
		"msg_id": id, "username": "test", "session": f.Session,
		"date": time.Now().UTC().Format(time.RFC3339Nano), "msg_type": msgType, "version": "5.3",
	})
	body, _ := json.Marshal(content)
	signed := [][]byte{header, []byte("{}"), []byte("{}"), body}
	frames := append([][]byte{[]byte("<IDS|MSG>"), f.Sign(signed)}, signed...)
	return frames, id
}

// Send sends a request on s and returns its msg_id.
func (f *Client) Send(s zmq4.Socket, msgType string, content any) string {
	f.T.Helper()
	frames, id := f.Message(msgType, content)
	f.SendFrames(s, frames)
	return id
}

// Decode checks the signature of a message's frames and decodes it.
func (f *Client) Decode(frames [][]byte) (Msg, error) {
	i := 0
	for i < len(frames) && string(frames[i]) != "<IDS|MSG>" {
		i++
	}
	if len(frames)-i < 6 {
		return Msg{}, fmt.Errorf("short message: %q", frames)
	}
	rest := frames[i+1:]
	if !hmac.Equal(rest[0], f.Sign(rest[1:5])) {
		return Msg{}, fmt.Errorf("bad signature on %s", rest[1])
	}
	var m Msg
	for j, dst := range []*map[string]any{&m.Header, &m.ParentHeader, &m.Content} {
		src := rest[1+j]
		if j == 2 {
			src = rest[4]
		}
		if err := json.Unmarshal(src, dst); err != nil {
			return Msg{}, err
		}
	}
	return m, nil
}

// Reply waits for the reply to request id on s.
func (f *Client) Reply(s zmq4.Socket, id string) Msg {
	f.T.Helper()
	type result struct {
		m   Msg
		err error
	}
	ch := make(chan result, 1)
	go func() {
		for {
			zm, err := s.Recv()
			if err != nil {
				ch <- result{err: err}
				return
			}
			m, err := f.Decode(zm.Frames)
			if err != nil {
				ch <- result{err: err}
				return
			}
			if m.Parent() == id {
				ch <- result{m: m}
				return
			}
		}
	}()
	select {
	case r := <-ch:
		if r.err != nil {
			f.T.Fatalf("reading reply: %v", r.err)
		}
		return r.m
	case <-time.After(30 * time.Second):
		f.T.Fatalf("no reply to %s within 30s", id)
	}
	return Msg{}
}

func (f *Client) readIOPub() {
	for {
		zm, err := f.IOPub.Recv()
		if err != nil {
			return
		}
		m, err := f.Decode(zm.Frames)
		if err != nil {
			f.T.Errorf("iopub: %v", err)
			continue
		}
		f.mu.Lock()
		f.iomsg = append(f.iomsg, m)
		f.iocv.Broadcast()
		f.mu.Unlock()
	}
}

// WaitIOPub waits until an iopub message of msgType with parent id has
// arrived (for status, the idle one) and reports whether it did in time.
func (f *Client) WaitIOPub(id, msgType string, timeout time.Duration) bool {
	// The timer marks the wait expired under the lock, so that its wake-up
	// cannot come between a check and the wait and be lost.
	expired := false
	timer := time.AfterFunc(timeout, func() {
		f.mu.Lock()
		expired = true
		f.iocv.Broadcast()
		f.mu.Unlock()
	})
	defer timer.Stop()
	f.mu.Lock()
	defer f.mu.Unlock()
	for {
		for _, m := range f.iomsg {
			if m.Parent() == id && m.Type() == msgType &&
				(msgType != "status" || m.Content["execution_state"] == "idle") {
				return true
			}
		}
		if expired {
			return false
		}
		f.iocv.Wait()
	}
}

// Received returns every iopub message received so far, in arrival order.
func (f *Client) Received() []Msg {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Msg(nil), f.iomsg...)
}

// Outputs returns the iopub messages with parent id, in arrival order.
func (f *Client) Outputs(id string) []Msg {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []Msg
	for _, m := range f.iomsg {
		if m.Parent() == id {
			out = append(out, m)
		}
	}
	return out
}

// LateError waits up to timeout for an error output under the request id,
// one that may come after the request's reply (a goroutine's, a dying
// worker's), and returns the last such output's content.
func (f *Client) LateError(id string, timeout time.Duration) map[string]any {
	f.T.Helper()
	if !f.WaitIOPub(id, "error", timeout) {
		f.T.Fatalf("no error output under %s within %v", id, timeout)
	}
	var e map[string]any
	for _, m := range f.Outputs(id) {
		if m.Type() == "error" {
			e = m.Content
		}
	}
	return e
}

// Execution is what one execute_request produced.
type Execution struct {
	Reply   Msg
	Outputs []Msg // iopub messages up to and including idle
}

// Stream returns all the text the cell wrote to the named stream.
func (e Execution) Stream(name string) string {
	var b strings.Builder
	for _, m := range e.Outputs {
		if m.Type() == "stream" && m.Content["name"] == name {
			b.WriteString(m.Content["text"].(string))
		}
	}
	return b.String()
}

// Result returns the text/plain of the cell's execute_result, or "".
func (e Execution) Result() string {
	r := e.First("execute_result")
	if r == nil {
		return ""
	}
	s, _ := r["data"].(map[string]any)["text/plain"].(string)
	return s
}

// First returns the first output of msgType, or nil.
func (e Execution) First(msgType string) map[string]any {
	for _, m := range e.Outputs {
		if m.Type() == msgType {
			return m.Content
		}
	}
	return nil
}

// Execute runs code and waits for its reply and idle status.
func (f *Client) Execute(code string) Execution {
	f.T.Helper()
	id := f.Send(f.Shell, "execute_request", map[string]any{
		"code": code, "silent": false, "store_history": true,
		"user_expressions": map[string]any{}, "allow_stdin": false, "stop_on_error": true,
	})
	r := f.Reply(f.Shell, id)
	if !f.WaitIOPub(id, "status", 30*time.Second) {
		f.T.Fatalf("no idle status after executing %q", code)
	}
	return Execution{Reply: r, Outputs: f.Outputs(id)}
}

// Alive checks that the kernel still answers kernel_info.
func (f *Client) Alive() {
	f.T.Helper()
	id := f.Send(f.Control, "kernel_info_request", map[string]any{})
	if r := f.Reply(f.Control, id); r.Content["status"] != "ok" {
		f.T.Fatalf("kernel_info_reply: %v", r.Content)
	}
}
