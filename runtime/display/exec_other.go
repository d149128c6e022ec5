//go:build !unix

package display

func closeOnExec(fd int) {}
