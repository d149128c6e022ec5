package main

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-zeromq/zmq4"
	"github.com/google/uuid"
)

// frontend is a minimal Jupyter client for the end-to-end tests: it starts
// the built binary with a connection file and talks to it over ZeroMQ the
// way jupyter_client does.
type frontend struct {
	t       testing.TB
	key     []byte
	session string
	cmd     *exec.Cmd
	stderr  *lockedBuffer

	shell, control, stdin zmq4.Socket
	iopub, hb             zmq4.Socket

	mu    sync.Mutex
	iomsg []msg // every iopub message received so far
	iocv  *sync.Cond
}

// msg is a decoded message as the tests see it.
type msg struct {
	Header       map[string]any
	ParentHeader map[string]any
	Content      map[string]any
}

func (m msg) Type() string   { s, _ := m.Header["msg_type"].(string); return s }
func (m msg) Parent() string { s, _ := m.ParentHeader["msg_id"].(string); return s }

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

var buildOnce struct {
	sync.Once
	path string
	err  error
}

// TestMain removes the kernel binary the tests built (30 MB a run).
func TestMain(m *testing.M) {
	code := m.Run()
	if buildOnce.path != "" {
		os.RemoveAll(filepath.Dir(buildOnce.path))
	}
	os.Exit(code)
}

// kernelBinary builds gothreads once per test run.
func kernelBinary(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "gothreads-e2e")
		if err != nil {
			buildOnce.err = err
			return
		}
		buildOnce.path = filepath.Join(dir, "gothreads")
		out, err := exec.Command("go", "build", "-o", buildOnce.path, ".").CombinedOutput()
		if err != nil {
			buildOnce.err = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildOnce.err != nil {
		t.Fatal(buildOnce.err)
	}
	return buildOnce.path
}

func freePorts(t testing.TB, n int) []int {
	t.Helper()
	var ports []int
	var ls []net.Listener
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	for _, l := range ls {
		l.Close()
	}
	return ports
}

// startKernel launches the kernel, with flags before the connection file,
// and connects to all its channels.
func startKernel(t testing.TB, flags ...string) *frontend {
	t.Helper()
	return startKernelUnder(t, nil, flags...)
}

// startKernelUnder is startKernel with the kernel started by a parent
// process of its own: parent is a command line, which runs the kernel's
// command line given as its arguments (as sh -c '"$@" & wait' sh does).
// Then f.cmd is that parent.
func startKernelUnder(t testing.TB, parent []string, flags ...string) *frontend {
	t.Helper()
	bin := kernelBinary(t)
	ports := freePorts(t, 5)
	key := uuid.NewString()
	conn := map[string]any{
		"transport": "tcp", "ip": "127.0.0.1",
		"shell_port": ports[0], "control_port": ports[1], "iopub_port": ports[2],
		"stdin_port": ports[3], "hb_port": ports[4],
		"key": key, "signature_scheme": "hmac-sha256",
	}
	data, _ := json.Marshal(conn)
	file := filepath.Join(t.TempDir(), "kernel.json")
	if err := os.WriteFile(file, data, 0o600); err != nil {
		t.Fatal(err)
	}

	f := &frontend{t: t, key: []byte(key), session: uuid.NewString(), stderr: &lockedBuffer{}}
	f.iocv = sync.NewCond(&f.mu)
	args := append(append([]string{bin, "kernel"}, flags...), file)
	if parent != nil {
		args = append(append([]string{}, parent...), args...)
	}
	f.cmd = exec.Command(args[0], args[1:]...)
	f.cmd.Stderr = f.stderr
	if err := f.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	endpoint := func(p int) string { return fmt.Sprintf("tcp://127.0.0.1:%d", p) }
	id := zmq4.WithID(zmq4.SocketIdentity(f.session))
	f.shell = zmq4.NewDealer(ctx, id)
	f.control = zmq4.NewDealer(ctx, id)
	f.stdin = zmq4.NewDealer(ctx, id)
	f.iopub = zmq4.NewSub(ctx)
	f.hb = zmq4.NewReq(ctx)
	for _, c := range []struct {
		s    zmq4.Socket
		port int
	}{{f.shell, ports[0]}, {f.control, ports[1]}, {f.iopub, ports[2]}, {f.stdin, ports[3]}, {f.hb, ports[4]}} {
		if err := dialRetry(c.s, endpoint(c.port)); err != nil {
			cancel()
			f.cmd.Process.Kill()
			t.Fatalf("connecting to the kernel: %v\nkernel stderr:\n%s", err, f.stderr)
		}
	}
	if err := f.iopub.SetOption(zmq4.OptionSubscribe, ""); err != nil {
		t.Fatal(err)
	}
	go f.readIOPub()

	t.Cleanup(func() {
		if f.cmd.ProcessState == nil {
			f.cmd.Process.Kill()
			f.cmd.Wait()
		}
		cancel()
		for _, s := range []zmq4.Socket{f.shell, f.control, f.stdin, f.iopub, f.hb} {
			s.Close()
		}
		if t.Failed() {
			t.Logf("kernel stderr:\n%s", f.stderr)
		}
	})
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

func (f *frontend) waitReady() {
	f.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		id := f.send(f.shell, "kernel_info_request", map[string]any{})
		f.reply(f.shell, id)
		if f.waitIOPub(id, "status", 500*time.Millisecond) {
			return
		}
	}
	f.t.Fatal("kernel never became ready")
}

func (f *frontend) sign(frames [][]byte) []byte {
	mac := hmac.New(sha256.New, f.key)
	for _, fr := range frames {
		mac.Write(fr)
	}
	return []byte(hex.EncodeToString(mac.Sum(nil)))
}

// sendFrames sends raw frames, for tests of malformed messages.
func (f *frontend) sendFrames(s zmq4.Socket, frames [][]byte) {
	f.t.Helper()
	if err := s.SendMulti(zmq4.NewMsgFrom(frames...)); err != nil {
		f.t.Fatal(err)
	}
}

// message returns the signed frames of a new request and its msg_id.
func (f *frontend) message(msgType string, content any) ([][]byte, string) {
	id := uuid.NewString()
	header, _ := json.Marshal(map[string]any{
		"msg_id": id, "username": "test", "session": f.session,
		"date": time.Now().UTC().Format(time.RFC3339Nano), "msg_type": msgType, "version": "5.3",
	})
	body, _ := json.Marshal(content)
	signed := [][]byte{header, []byte("{}"), []byte("{}"), body}
	frames := append([][]byte{[]byte("<IDS|MSG>"), f.sign(signed)}, signed...)
	return frames, id
}

// send sends a request on s and returns its msg_id.
func (f *frontend) send(s zmq4.Socket, msgType string, content any) string {
	f.t.Helper()
	frames, id := f.message(msgType, content)
	f.sendFrames(s, frames)
	return id
}

func (f *frontend) decode(frames [][]byte) (msg, error) {
	i := 0
	for i < len(frames) && string(frames[i]) != "<IDS|MSG>" {
		i++
	}
	if len(frames)-i < 6 {
		return msg{}, fmt.Errorf("short message: %q", frames)
	}
	rest := frames[i+1:]
	if !hmac.Equal(rest[0], f.sign(rest[1:5])) {
		return msg{}, fmt.Errorf("bad signature on %s", rest[1])
	}
	var m msg
	for j, dst := range []*map[string]any{&m.Header, &m.ParentHeader, &m.Content} {
		src := rest[1+j]
		if j == 2 {
			src = rest[4]
		}
		if err := json.Unmarshal(src, dst); err != nil {
			return msg{}, err
		}
	}
	return m, nil
}

// reply waits for the reply to request id on s.
func (f *frontend) reply(s zmq4.Socket, id string) msg {
	f.t.Helper()
	type result struct {
		m   msg
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
			m, err := f.decode(zm.Frames)
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
			f.t.Fatalf("reading reply: %v", r.err)
		}
		return r.m
	case <-time.After(30 * time.Second):
		f.t.Fatalf("no reply to %s within 30s", id)
	}
	return msg{}
}

func (f *frontend) readIOPub() {
	for {
		zm, err := f.iopub.Recv()
		if err != nil {
			return
		}
		m, err := f.decode(zm.Frames)
		if err != nil {
			f.t.Errorf("iopub: %v", err)
			continue
		}
		f.mu.Lock()
		f.iomsg = append(f.iomsg, m)
		f.iocv.Broadcast()
		f.mu.Unlock()
	}
}

// waitIOPub waits until an iopub message of msgType with parent id has
// arrived (for status, the idle one) and reports whether it did in time.
func (f *frontend) waitIOPub(id, msgType string, timeout time.Duration) bool {
	timer := time.AfterFunc(timeout, func() {
		f.mu.Lock()
		f.iocv.Broadcast()
		f.mu.Unlock()
	})
	defer timer.Stop()
	deadline := time.Now().Add(timeout)
	f.mu.Lock()
	defer f.mu.Unlock()
	for {
		for _, m := range f.iomsg {
			if m.Parent() == id && m.Type() == msgType &&
				(msgType != "status" || m.Content["execution_state"] == "idle") {
				return true
			}
		}
		if time.Now().After(deadline) {
			return false
		}
		f.iocv.Wait()
	}
}

// outputs returns the iopub messages with parent id, in arrival order.
func (f *frontend) outputs(id string) []msg {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []msg
	for _, m := range f.iomsg {
		if m.Parent() == id {
			out = append(out, m)
		}
	}
	return out
}

// lateError waits up to timeout for an error output under the request id,
// one that may come after the request's reply (a goroutine's, a dying
// worker's), and returns the last such output's content.
func (f *frontend) lateError(id string, timeout time.Duration) map[string]any {
	f.t.Helper()
	if !f.waitIOPub(id, "error", timeout) {
		f.t.Fatalf("no error output under %s within %v", id, timeout)
	}
	var e map[string]any
	for _, m := range f.outputs(id) {
		if m.Type() == "error" {
			e = m.Content
		}
	}
	return e
}

// execution is what one execute_request produced.
type execution struct {
	reply   msg
	outputs []msg // iopub messages up to and including idle
}

// stdout returns all the text the cell wrote to the named stream.
func (e execution) stream(name string) string {
	var b strings.Builder
	for _, m := range e.outputs {
		if m.Type() == "stream" && m.Content["name"] == name {
			b.WriteString(m.Content["text"].(string))
		}
	}
	return b.String()
}

// first returns the first output of msgType, or nil.
func (e execution) first(msgType string) map[string]any {
	for _, m := range e.outputs {
		if m.Type() == msgType {
			return m.Content
		}
	}
	return nil
}

// execute runs code and waits for its reply and idle status.
func (f *frontend) execute(code string) execution {
	f.t.Helper()
	id := f.send(f.shell, "execute_request", map[string]any{
		"code": code, "silent": false, "store_history": true,
		"user_expressions": map[string]any{}, "allow_stdin": false, "stop_on_error": true,
	})
	r := f.reply(f.shell, id)
	if !f.waitIOPub(id, "status", 30*time.Second) {
		f.t.Fatalf("no idle status after executing %q", code)
	}
	return execution{reply: r, outputs: f.outputs(id)}
}

// alive checks that the kernel still answers kernel_info.
func (f *frontend) alive() {
	f.t.Helper()
	id := f.send(f.control, "kernel_info_request", map[string]any{})
	if r := f.reply(f.control, id); r.Content["status"] != "ok" {
		f.t.Fatalf("kernel_info_reply: %v", r.Content)
	}
}
