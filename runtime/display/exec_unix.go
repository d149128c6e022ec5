//go:build unix

package display

import "syscall"

func closeOnExec(fd int) { syscall.CloseOnExec(fd) }
