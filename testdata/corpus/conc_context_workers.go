// context in a download manager: WithCancel stops a producer, WithTimeout ends a stuck wait, WithValue carries a request id.
package main

import (
	"context"
	"errors"
	"fmt"
	"time"
)

type ctxKey string

func chunks(ctx context.Context) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for n := 1; ; n++ {
			select {
			case out <- n * 64:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}

func waitForServer(ctx context.Context, ready <-chan struct{}) error {
	id, _ := ctx.Value(ctxKey("request")).(string)
	select {
	case <-ready:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("request %s: %w", id, ctx.Err())
	}
}

func main() {
	ctx, cancel := context.WithCancel(context.Background())
	stream := chunks(ctx)
	total := 0
	for range 5 {
		total += <-stream
	}
	cancel()
	for range stream { // drain until the producer notices and closes
	}
	fmt.Println("downloaded KB:", total)
	fmt.Println("after cancel:", ctx.Err())

	reqCtx := context.WithValue(context.Background(), ctxKey("request"), "req-42")
	fmt.Println("request id:", reqCtx.Value(ctxKey("request")), "missing key:", reqCtx.Value(ctxKey("user")))

	tctx, tcancel := context.WithTimeout(reqCtx, 15*time.Millisecond)
	defer tcancel()
	err := waitForServer(tctx, make(chan struct{})) // never ready
	fmt.Println(err)
	fmt.Println("deadline exceeded:", errors.Is(err, context.DeadlineExceeded))

	ready := make(chan struct{})
	close(ready)
	okCtx, okCancel := context.WithTimeout(reqCtx, 2*time.Second)
	fmt.Println("server ready error:", waitForServer(okCtx, ready))
	okCancel()

	parent, stop := context.WithCancel(context.Background())
	child := context.WithValue(parent, ctxKey("request"), "req-43")
	stop()
	<-child.Done()
	fmt.Println("child sees parent cancel:", errors.Is(child.Err(), context.Canceled), child.Value(ctxKey("request")))
}
