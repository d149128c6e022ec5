package kernel

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
)

// protocolVersion is the Jupyter messaging protocol version we speak.
// 5.3 brings interrupt_mode "message"; 5.5's iopub_welcome needs an XPUB
// socket, which we do not have.
const protocolVersion = "5.3"

// delimiter separates routing identities from the signed message frames.
var delimiter = []byte("<IDS|MSG>")

// Header is a Jupyter message header.
type Header struct {
	MsgID    string `json:"msg_id"`
	Username string `json:"username"`
	Session  string `json:"session"`
	Date     string `json:"date"`
	MsgType  string `json:"msg_type"`
	Version  string `json:"version"`
}

// Message is a Jupyter message as it travels over ZeroMQ.
type Message struct {
	// Identities are the routing frames before the delimiter. Replies echo
	// them so that a ROUTER socket delivers them to the right peer; on iopub
	// the single identity is the topic.
	Identities [][]byte
	Header     Header
	// RawHeader is the header exactly as received, echoed as the parent
	// header of every message sent in response.
	RawHeader    json.RawMessage
	ParentHeader json.RawMessage
	Metadata     json.RawMessage
	Content      json.RawMessage
	Buffers      [][]byte
}

// errWire marks a message that cannot be read; the kernel drops it.
var errWire = errors.New("bad message")

// signer computes message signatures. A zero-length key disables signing, as
// the protocol allows.
type signer struct {
	key []byte
}

func (s signer) sign(frames [][]byte) []byte {
	if len(s.key) == 0 {
		return nil
	}
	mac := hmac.New(sha256.New, s.key)
	for _, f := range frames {
		mac.Write(f)
	}
	sum := mac.Sum(nil)
	out := make([]byte, hex.EncodedLen(len(sum)))
	hex.Encode(out, sum)
	return out
}

// verify reports whether sig is the signature of frames, in constant time.
func (s signer) verify(sig []byte, frames [][]byte) bool {
	if len(s.key) == 0 {
		return true
	}
	return hmac.Equal(s.sign(frames), bytes.ToLower(sig))
}

// decode parses and verifies the frames of one received message.
func (s signer) decode(frames [][]byte) (*Message, error) {
	i := 0
	for i < len(frames) && !bytes.Equal(frames[i], delimiter) {
		i++
	}
	if i == len(frames) {
		return nil, fmt.Errorf("%w: no %s delimiter in %d frames", errWire, delimiter, len(frames))
	}
	rest := frames[i+1:]
	if len(rest) < 5 {
		return nil, fmt.Errorf("%w: %d frames after the delimiter, want at least 5", errWire, len(rest))
	}
	if !s.verify(rest[0], rest[1:5]) {
		return nil, fmt.Errorf("%w: invalid signature", errWire)
	}
	m := &Message{
		Identities:   frames[:i],
		RawHeader:    rest[1],
		ParentHeader: rest[2],
		Metadata:     rest[3],
		Content:      rest[4],
		Buffers:      rest[5:],
	}
	if err := json.Unmarshal(m.RawHeader, &m.Header); err != nil {
		return nil, fmt.Errorf("%w: header: %v", errWire, err)
	}
	if m.Header.MsgType == "" || m.Header.MsgID == "" {
		return nil, fmt.Errorf("%w: header lacks msg_type or msg_id", errWire)
	}
	if !isObject(m.Content) {
		return nil, fmt.Errorf("%w: %s content is not a JSON object", errWire, m.Header.MsgType)
	}
	return m, nil
}

func isObject(raw []byte) bool {
	raw = bytes.TrimSpace(raw)
	return len(raw) > 0 && raw[0] == '{' && json.Valid(raw)
}

// encode returns the signed frames of a message.
func (s signer) encode(m *Message) [][]byte {
	parent := m.ParentHeader
	if len(parent) == 0 {
		parent = json.RawMessage("{}")
	}
	meta := m.Metadata
	if len(meta) == 0 {
		meta = json.RawMessage("{}")
	}
	header := m.RawHeader
	if len(header) == 0 {
		header, _ = json.Marshal(m.Header) // a struct of strings always marshals
	}
	signed := [][]byte{header, parent, meta, m.Content}
	frames := make([][]byte, 0, len(m.Identities)+6+len(m.Buffers))
	frames = append(frames, m.Identities...)
	frames = append(frames, delimiter, s.sign(signed))
	frames = append(frames, signed...)
	return append(frames, m.Buffers...)
}

// newHeader makes the header of a message the kernel sends.
func newHeader(msgType, session string) Header {
	return Header{
		MsgID:    uuid.NewString(),
		Username: "kernel",
		Session:  session,
		Date:     time.Now().UTC().Format("2006-01-02T15:04:05.000000Z07:00"),
		MsgType:  msgType,
		Version:  protocolVersion,
	}
}
