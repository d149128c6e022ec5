package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"
)

// errFrontEndGone ends a kernel whose front end is gone.
var errFrontEndGone = errors.New("the front end that started the kernel is gone")

// withParent returns a context that ends when the process that started the
// kernel does. A front end killed with -9 (a closed terminal, a crashed
// notebook server) cannot shut its kernel down; without this, the kernel
// and its workers would run on under PID 1. Like ipykernel's parent poller,
// it watches this process's parent, and only under a Jupyter front end,
// which says so with JPY_PARENT_PID: the kernel's parent dying makes it an
// orphan, adopted by PID 1 or a subreaper. It does not probe the PID that
// JPY_PARENT_PID names, which may be another namespace's (a kernel in a
// container) or reused. With no JPY_PARENT_PID (the kernel started by
// hand), ctx is returned as it is.
func withParent(ctx context.Context, logw io.Writer) (context.Context, context.CancelFunc) {
	if _, err := strconv.Atoi(os.Getenv("JPY_PARENT_PID")); err != nil {
		return ctx, func() {}
	}
	parent := os.Getppid()
	if parent <= 1 { // already an orphan: nothing to watch
		return ctx, func() {}
	}
	ctx, cancel := context.WithCancelCause(ctx)
	go func() {
		tick := time.NewTicker(time.Second)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
			if os.Getppid() != parent {
				fmt.Fprintf(logw, "gothreads kernel: its front end (process %d) is gone; shutting down\n", parent)
				cancel(errFrontEndGone)
				return
			}
		}
	}()
	return ctx, func() { cancel(context.Canceled) }
}
