package kernel

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"
)

func testMessage() *Message {
	return &Message{
		Identities:   [][]byte{[]byte("peer-1")},
		Header:       newHeader("execute_request", "session-1"),
		ParentHeader: json.RawMessage(`{}`),
		Metadata:     json.RawMessage(`{"k":1}`),
		Content:      json.RawMessage(`{"code":"x := 1"}`),
	}
}

func TestEncodeDecodeRoundTrip(t *testing.T) {
	s := signer{key: []byte("secret")}
	m := testMessage()
	frames := s.encode(m)
	if !bytes.Equal(frames[0], []byte("peer-1")) || !bytes.Equal(frames[1], delimiter) {
		t.Fatalf("frames start %q, %q; want the identity then %s", frames[0], frames[1], delimiter)
	}
	got, err := s.decode(frames)
	if err != nil {
		t.Fatal(err)
	}
	if got.Header != m.Header || string(got.Content) != string(m.Content) || string(got.Metadata) != string(m.Metadata) {
		t.Errorf("decoded %+v; want %+v", got, m)
	}
	if len(got.Identities) != 1 || string(got.Identities[0]) != "peer-1" {
		t.Errorf("identities %q; want [peer-1]", got.Identities)
	}
}

// TestSignatureIsHMACSHA256 checks the signature against one computed
// independently, in Python: hmac.new(b"key", b"abcd", "sha256").hexdigest().
func TestSignatureIsHMACSHA256(t *testing.T) {
	s := signer{key: []byte("key")}
	got := string(s.sign([][]byte{[]byte("a"), []byte("b"), []byte("c"), []byte("d")}))
	const want = "2a31ec0ee8d878c9eece9fb0df79b3b90b2256240163aa5ee50d176d3d1121f8"
	if got != want {
		t.Errorf("sign = %s; want %s", got, want)
	}
	if !s.verify([]byte(want), [][]byte{[]byte("ab"), []byte("cd")}) {
		t.Error("verify rejects a correct signature")
	}
}

func TestDecodeRejects(t *testing.T) {
	s := signer{key: []byte("secret")}
	good := s.encode(testMessage())
	tamper := func(f func([][]byte) [][]byte) [][]byte {
		c := make([][]byte, len(good))
		for i := range good {
			c[i] = append([]byte(nil), good[i]...)
		}
		return f(c)
	}
	tests := map[string][][]byte{
		"wrong signature": tamper(func(f [][]byte) [][]byte { f[2] = bytes.Repeat([]byte("0"), 64); return f }),
		"wrong key":       signer{key: []byte("other")}.encode(testMessage()),
		"changed content": tamper(func(f [][]byte) [][]byte { f[6] = []byte(`{"code":"rm"}`); return f }),
		"no signature":    tamper(func(f [][]byte) [][]byte { f[2] = nil; return f }),
		"no delimiter":    tamper(func(f [][]byte) [][]byte { return append(f[:1], f[2:]...) }),
		"truncated":       tamper(func(f [][]byte) [][]byte { return f[:5] }),
		"empty":           {},
		"header not JSON": signedWith(s, []byte("{"), []byte(`{}`)),
		"no msg_type":     signedWith(s, []byte(`{"msg_id":"1"}`), []byte(`{}`)),
		"content array":   signedWith(s, []byte(`{"msg_id":"1","msg_type":"execute_request"}`), []byte(`[]`)),
	}
	for name, frames := range tests {
		if _, err := s.decode(frames); !errors.Is(err, errWire) {
			t.Errorf("%s: decode error %v; want errWire", name, err)
		}
	}
}

func signedWith(s signer, header, content []byte) [][]byte {
	signed := [][]byte{header, []byte("{}"), []byte("{}"), content}
	return append([][]byte{[]byte("id"), delimiter, s.sign(signed)}, signed...)
}

func TestEmptyKeyDisablesSigning(t *testing.T) {
	s := signer{}
	frames := s.encode(testMessage())
	if len(frames[2]) != 0 {
		t.Errorf("signature %q; want empty with no key", frames[2])
	}
	if _, err := s.decode(frames); err != nil {
		t.Errorf("decode unsigned: %v", err)
	}
}

func TestCursorOffsets(t *testing.T) {
	const code = "é := \"𝔾o\"; é"
	for runes, bytes := range map[int]int{0: 0, 1: 2, 7: 11, 12: len(code)} {
		if got := byteOffset(code, runes); got != bytes {
			t.Errorf("byteOffset(%d) = %d; want %d", runes, got, bytes)
		}
		if got := runeOffset(code, bytes); got != runes {
			t.Errorf("runeOffset(%d) = %d; want %d", bytes, got, runes)
		}
	}
}
