package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"syscall"
	"time"
)

// errFrontEndGone ends a kernel whose front end is gone.
var errFrontEndGone = errors.New("the front end that started the kernel is gone")

// withParent returns a context that ends when the process that started the
// kernel does, as jupyter_client names it in JPY_PARENT_PID. A front end
// killed with -9 (a closed terminal, a crashed notebook server) cannot shut
// its kernel down; without this, the kernel and its workers would run on
// under PID 1, as ipykernel's parent poller also prevents. With no
// JPY_PARENT_PID (the kernel started by hand), ctx is returned as it is.
func withParent(ctx context.Context, logw io.Writer) (context.Context, context.CancelFunc) {
	pid, err := strconv.Atoi(os.Getenv("JPY_PARENT_PID"))
	if err != nil || pid <= 1 {
		return ctx, func() {}
	}
	ctx, cancel := context.WithCancelCause(ctx)
	// When the parent is this process's own, being adopted by another
	// (PID 1 or a subreaper) says it is gone even if its PID was reused.
	direct := os.Getppid() == pid
	go func() {
		tick := time.NewTicker(time.Second)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
			if (direct && os.Getppid() != pid) || errors.Is(syscall.Kill(pid, 0), syscall.ESRCH) {
				fmt.Fprintf(logw, "gothreads kernel: its front end (process %d) is gone; shutting down\n", pid)
				cancel(errFrontEndGone)
				return
			}
		}
	}()
	return ctx, func() { cancel(context.Canceled) }
}
