//go:build unix && !linux

package compiled

import "syscall"

// procAttr puts a program in a process group of its own, so that a stop
// reaches the children it starts too. (Only Linux can have a program
// killed when its parent dies.)
func procAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true}
}
