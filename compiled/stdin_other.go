//go:build unix && !linux

package compiled

import "os"

// waitsForInput cannot tell on this system: input is asked for at once.
func waitsForInput(pid int, r *os.File) (waits, ok bool) { return false, false }

// pipeUnread cannot tell on this system.
func pipeUnread(r *os.File) (int, error) { return 0, nil }
