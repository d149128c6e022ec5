package compiled

import "syscall"

// procAttr puts a program in a process group of its own, so that a stop
// reaches the children it starts too, and has the kernel kill it if the
// worker that started it dies (a crash, a restart, a shutdown): a program
// must not outlive its session.
func procAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}
