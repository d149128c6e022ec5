package supervisor

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"
	"time"
)

// Memory. A cell that appends to a slice forever would take all the
// machine's memory, slow everything down while the system swaps, and end
// with the kernel's OOM killer sending SIGKILL, which says nothing. So the
// worker watches its own memory: past a limit it ends itself with a fatal
// error that names the limit, and the supervisor reports it like any other.

// MemoryLimitEnv names the environment variable that sets a worker's memory
// limit: a number of bytes, optionally with a KiB, MiB or GiB suffix.
const MemoryLimitEnv = "GOTHREADS_MEMORY_LIMIT"

// MemoryLimit returns the memory limit for a worker: $GOTHREADS_MEMORY_LIMIT
// when set, otherwise three quarters of the memory there is, the machine's
// or the container's (cgroup) limit when that is lower. It returns 0 when it
// cannot tell.
func MemoryLimit() (uint64, error) {
	if s := os.Getenv(MemoryLimitEnv); s != "" {
		n, err := parseSize(s)
		if err != nil {
			return 0, fmt.Errorf("%s: %w", MemoryLimitEnv, err)
		}
		return n, nil
	}
	total := meminfoTotal("/proc/meminfo")
	files := []string{"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"}
	if p := cgroupPath("/proc/self/cgroup"); p != "" {
		files = append(files, "/sys/fs/cgroup"+p+"/memory.max") // a nested cgroup v2
	}
	for _, f := range files {
		if n := cgroupLimit(f); n > 0 && (total == 0 || n < total) {
			total = n
		}
	}
	return total / 4 * 3, nil
}

// parseSize reads "512MiB", "2GiB", "1048576".
func parseSize(s string) (uint64, error) {
	s = strings.TrimSpace(s)
	mult := uint64(1)
	for _, u := range []struct {
		suffix string
		mult   uint64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"B", 1}} {
		if strings.HasSuffix(s, u.suffix) {
			s, mult = strings.TrimSpace(strings.TrimSuffix(s, u.suffix)), u.mult
			break
		}
	}
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil || n == 0 || n > math.MaxUint64/mult {
		return 0, fmt.Errorf("%q is not a size such as 512MiB or 2GiB", s)
	}
	return n * mult, nil
}

// meminfoTotal returns MemTotal from /proc/meminfo, 0 if unknown.
func meminfoTotal(path string) uint64 {
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if kb, ok := strings.CutPrefix(sc.Text(), "MemTotal:"); ok {
			n, err := strconv.ParseUint(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(kb), "kB")), 10, 64)
			if err == nil {
				return n << 10
			}
		}
	}
	return 0
}

// cgroupPath returns this process's cgroup v2 path ("0::/path"), or "".
func cgroupPath(proc string) string {
	data, err := os.ReadFile(proc)
	if err != nil {
		return ""
	}
	for _, line := range strings.Split(string(data), "\n") {
		if p, ok := strings.CutPrefix(line, "0::"); ok && p != "/" {
			return p
		}
	}
	return ""
}

// cgroupLimit reads a cgroup memory limit file; 0 means none or unknown.
func cgroupLimit(path string) uint64 {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	n, err := strconv.ParseUint(strings.TrimSpace(string(data)), 10, 64)
	if err != nil || n >= 1<<60 { // "max", or cgroup v1's "no limit"
		return 0
	}
	return n
}

// memoryCheck is how often GuardMemory looks at the memory in use.
const memoryCheck = 20 * time.Millisecond

// GuardMemory keeps the process under limit bytes: it sets Go's soft memory
// limit a tenth below it (unless $GOMEMLIMIT sets one), so that the garbage
// collector works harder as the limit nears, and when the memory in use is
// past the limit even after a full collection, it writes a fatal error to
// stderr and exits with status 2, as the Go runtime does.
func GuardMemory(limit uint64, stderr io.Writer) {
	if limit == 0 || limit > math.MaxInt64 {
		return
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(int64(limit / 10 * 9))
	}
	go func() {
		for range time.Tick(memoryCheck) {
			if inUse() <= limit {
				continue
			}
			debug.FreeOSMemory() // a full collection; the garbage may be all there is
			if used := inUse(); used > limit {
				// One paragraph: the supervisor shows a report's lines up to
				// the first blank one.
				fmt.Fprintf(stderr, "fatal error: out of memory: the Go session uses %s, more than its limit of %s\n"+
					"Something in the cells keeps growing: a slice appended to, a map filled, goroutines that never end.\n"+
					"The limit is $%s, or three quarters of the memory there is when that is not set.\n\n",
					size(used), size(limit), MemoryLimitEnv)
				os.Exit(2)
			}
		}
	}()
}

// inUse is the memory the Go runtime holds from the system, less what it
// has given back.
func inUse() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/total:bytes"}, {Name: "/memory/classes/heap/released:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 || s[1].Value.Kind() != metrics.KindUint64 {
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.Sys - m.HeapReleased
	}
	return s[0].Value.Uint64() - s[1].Value.Uint64()
}

// size formats a byte count for people.
func size(n uint64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.0f MiB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d KiB", n>>10)
}

// returnAbove is the memory held below which ReturnMemory never bothers.
const returnAbove = 256 << 20

// returnEvery is the shortest time between two returns of memory, and
// returnAtMost the longest that ReturnMemory backs off to.
const (
	returnEvery  = 10 * time.Second
	returnAtMost = 10 * time.Minute
)

// ReturnMemory gives memory the process no longer uses back to the system.
// After a cell that built hundreds of megabytes (a long line of output, a
// million goroutines, a dataset a later cell drops), Go keeps the pages
// for reuse, and on a class's shared JupyterHub node they count against
// the kernel until it ends. While the process holds more than returnAbove,
// it collects and returns what is free (debug.FreeOSMemory) at most every
// returnEvery; a return that frees little doubles the wait, up to
// returnAtMost, so that a process whose memory is in use is left alone.
func ReturnMemory() {
	go func() {
		var r memoryReturner
		for now := range time.Tick(time.Second) {
			r.check(now)
		}
	}()
}

// memoryReturner is ReturnMemory's state.
type memoryReturner struct {
	wait time.Duration // between the last return and the next
	next time.Time     // the earliest time of the next return
}

// check returns memory if the process holds enough and its wait is over,
// and reports whether it tried.
func (r *memoryReturner) check(now time.Time) bool {
	held := inUse()
	if held < returnAbove || now.Before(r.next) {
		return false
	}
	debug.FreeOSMemory()
	if freed := held - min(held, inUse()); freed < held/4 {
		r.wait = min(2*max(r.wait, returnEvery), returnAtMost)
	} else {
		r.wait = returnEvery
	}
	r.next = now.Add(r.wait)
	return true
}
