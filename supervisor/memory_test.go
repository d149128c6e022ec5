package supervisor

import (
	"os"
	"path/filepath"

	"testing"
	"time"
)

func TestParseSize(t *testing.T) {
	for in, want := range map[string]uint64{"1048576": 1 << 20, "512MiB": 512 << 20, "2GiB": 2 << 30, "64 KiB": 64 << 10, "100B": 100} {
		if got, err := parseSize(in); err != nil || got != want {
			t.Errorf("parseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "lots", "-1", "0", "1.5GiB", "2GB", "99999999999999GiB"} {
		if _, err := parseSize(bad); err == nil {
			t.Errorf("parseSize(%q) accepted", bad)
		}
	}
}

func TestMemoryLimit(t *testing.T) {
	t.Setenv(MemoryLimitEnv, "300MiB")
	if n, err := MemoryLimit(); err != nil || n != 300<<20 {
		t.Errorf("with %s=300MiB: %d, %v", MemoryLimitEnv, n, err)
	}
	t.Setenv(MemoryLimitEnv, "plenty")
	if _, err := MemoryLimit(); err == nil {
		t.Errorf("%s=plenty accepted", MemoryLimitEnv)
	}
	t.Setenv(MemoryLimitEnv, "")
	n, err := MemoryLimit()
	if err != nil || n == 0 {
		t.Errorf("default limit %d, %v; want three quarters of this machine's memory", n, err)
	}
	if total := meminfoTotal("/proc/meminfo"); total != 0 && n > total/4*3 {
		t.Errorf("default limit %d is above three quarters of MemTotal %d", n, total)
	}
}

func TestLimitFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	if got := meminfoTotal(write("meminfo", "MemTotal:       24576000 kB\nMemFree:         1000 kB\n")); got != 24576000<<10 {
		t.Errorf("meminfoTotal = %d", got)
	}
	if got := meminfoTotal(filepath.Join(dir, "none")); got != 0 {
		t.Errorf("meminfoTotal of a missing file = %d", got)
	}
	if got := cgroupPath(write("cgroup", "0::/user.slice/jupyter.scope\n")); got != "/user.slice/jupyter.scope" {
		t.Errorf("cgroupPath = %q", got)
	}
	if got := cgroupPath(write("cgroup", "12:memory:/docker/abc\n0::/\n")); got != "" {
		t.Errorf("cgroupPath of the root cgroup = %q", got)
	}
	for text, want := range map[string]uint64{"2147483648\n": 2 << 30, "max\n": 0, "9223372036854771712\n": 0} {
		if got := cgroupLimit(write("limit", text)); got != want {
			t.Errorf("cgroupLimit(%q) = %d; want %d", text, got, want)
		}
	}
}

// Memory a cell built and dropped goes back to the system; memory in use
// stays, and the returner then waits longer before it collects again, but
// finds memory dropped later all the same.
func TestMemoryReturned(t *testing.T) {
	var r memoryReturner
	now := time.Now()
	allocated = make([]byte, 400<<20) // in use
	if !r.check(now) {
		t.Fatal("no attempt to return memory while holding 400 MiB")
	}
	if r.wait <= returnEvery {
		t.Errorf("after a return that freed nothing, the wait is %v", r.wait)
	}
	if r.check(now.Add(time.Second)) {
		t.Error("returned again a second later")
	}
	before := inUse()
	allocated = nil // as a later cell drops its data
	if r.check(now.Add(r.wait - time.Second)) {
		t.Error("returned before the wait was over")
	}
	if !r.check(now.Add(r.wait)) {
		t.Fatal("no return once the wait was over")
	}
	if after := inUse(); after > before-300<<20 {
		t.Errorf("held %s before, %s after returning", size(before), size(after))
	}
	if r.wait != returnEvery {
		t.Errorf("after a return that freed much, the wait is %v, not %v", r.wait, returnEvery)
	}
}

// allocated is TestMemoryReturned's allocation, kept where the compiler cannot
// drop it early.
var allocated []byte
