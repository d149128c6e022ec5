package session

import (
	"os"
	"strings"
	"testing"
)

func TestZZProbe(t *testing.T) {
	h := newHarness(t)
	b, _ := os.ReadFile(os.Getenv("PROBE"))
	src := string(b)
	src = src[strings.Index(src, "import"):]
	r, rec := h.run(src)
	t.Logf("%v %v\n%s", r.Value, r.Err, rec.streams["stdout"])
}
