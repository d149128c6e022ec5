package compiled

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"unsafe"
)

// waitsForInput reports whether one of the program's threads is blocked
// reading its standard input with nothing left to read in the pipe that
// feeds it (r, the pipe's read end): the moment to ask for a line. ok is
// false when the system does not tell (no /proc, or not allowed).
func waitsForInput(pid int, r *os.File) (waits, ok bool) {
	if unread, err := pipeUnread(r); err != nil {
		return false, false
	} else if unread > 0 {
		return false, true
	}
	tasks, err := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/syscall", pid))
	if err != nil || len(tasks) == 0 {
		if _, err := os.Stat(fmt.Sprintf("/proc/%d", pid)); errors.Is(err, fs.ErrNotExist) {
			return false, true // it has ended: it waits for nothing
		}
		return false, false
	}
	readable := false
	for _, t := range tasks {
		data, err := os.ReadFile(t)
		if err != nil {
			continue
		}
		readable = true
		// "0 0x0 0xc000... ...": the syscall's number, then its arguments,
		// the first being the descriptor.
		f := strings.Fields(string(data))
		if len(f) >= 2 && f[0] == fmt.Sprint(syscall.SYS_READ) && f[1] == "0x0" {
			return true, true
		}
	}
	return false, readable
}

// pipeUnread is how many bytes wait in the pipe r reads from.
func pipeUnread(r *os.File) (int, error) {
	var unread int32
	if _, _, errno := syscall.Syscall(syscall.SYS_IOCTL, r.Fd(), syscall.TIOCINQ, uintptr(unsafe.Pointer(&unread))); errno != 0 {
		return 0, errno
	}
	return int(unread), nil
}
