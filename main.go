// Command gothreads is a Jupyter kernel for Go, built for learning
// concurrency.
//
//	gothreads install [--user | --sys-prefix | --prefix DIR]
//	gothreads kernel [--in-process] CONNECTION_FILE
//	gothreads run [-w] [-q] NOTEBOOK...
//	gothreads lessons [-o DIR] [-check] LESSON.md...
//	gothreads warm
//	gothreads version
//
// The kernel runs cells in a worker process, "gothreads worker", which it
// starts and supervises itself.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"syscall"

	"github.com/gothreads/gothreads/compiled"
	"github.com/gothreads/gothreads/kernel"
	"github.com/gothreads/gothreads/session"
	"github.com/gothreads/gothreads/supervisor"
)

const usage = `gothreads: a Jupyter kernel for Go, built for learning concurrency

Usage:
  gothreads install [--user | --sys-prefix | --prefix DIR]
        install the "gothreads" kernelspec (default: --user)
  gothreads kernel [--in-process] CONNECTION_FILE
        run as a kernel; Jupyter starts this. --in-process runs cells in
        the kernel's own process, without a worker: for measuring the
        worker's cost and for profiling; a fatal error in a cell then ends
        the kernel
  gothreads run [-w] [-q] NOTEBOOK...
        run notebooks without Jupyter, printing cells and outputs;
        -w writes the outputs into the notebooks
  gothreads lessons [-o DIR] [-check] LESSON.md...
        build notebooks from lesson sources, run them and write them to DIR
        (default notebooks); -check only checks DIR is up to date
  gothreads warm
        build the runtime packages for compiled cells (%%run) into the Go
        build cache, plain and with -race, so that the first is quick
  gothreads version
        print the version
`

func main() {
	if len(os.Args) < 2 {
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	var err error
	switch cmd, args := os.Args[1], os.Args[2:]; cmd {
	case "install":
		err = install(args)
	case "kernel":
		err = runKernel(args)
	case "worker":
		err = runWorker()
	case "run":
		err = runNotebooks(args)
	case "lessons":
		err = buildLessons(args)
	case "warm":
		err = warm()
	case "version", "--version":
		fmt.Printf("gothreads %s\n", kernel.Version)
	case "help", "-h", "--help":
		fmt.Print(usage)
	default:
		fmt.Fprintf(os.Stderr, "gothreads: unknown command %q\n\n%s", cmd, usage)
		os.Exit(2)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "gothreads %s: %v\n", os.Args[1], err)
		os.Exit(1)
	}
}

func install(args []string) error {
	fs := flag.NewFlagSet("install", flag.ContinueOnError)
	user := fs.Bool("user", false, "install for the current user (the default)")
	sysPrefix := fs.Bool("sys-prefix", false, "install into the prefix of the jupyter on PATH (a virtual environment)")
	prefix := fs.String("prefix", "", "install into `DIR`/share/jupyter/kernels")
	if err := fs.Parse(args); err != nil {
		return err
	}
	scope := "user"
	switch {
	case *prefix != "" && (*sysPrefix || *user), *sysPrefix && *user:
		return errors.New("choose one of --user, --sys-prefix and --prefix")
	case *prefix != "":
		scope = "prefix"
	case *sysPrefix:
		scope = "sys-prefix"
	}
	dir, err := kernel.InstallDir(scope, *prefix)
	if err != nil {
		return err
	}
	binary, err := os.Executable()
	if err != nil {
		return fmt.Errorf("finding this program's path: %w", err)
	}
	if binary, err = filepath.EvalSymlinks(binary); err != nil {
		return fmt.Errorf("finding this program's path: %w", err)
	}
	spec, err := kernel.Install(dir, binary)
	if err != nil {
		return err
	}
	fmt.Printf("installed kernelspec %s in %s\n", kernel.KernelName, spec)
	return nil
}

func runKernel(args []string) error {
	fs := flag.NewFlagSet("kernel", flag.ContinueOnError)
	inProcess := fs.Bool("in-process", false, "run cells in this process, without a worker")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("usage: gothreads kernel [--in-process] CONNECTION_FILE")
	}
	info, err := kernel.ReadConnectionFile(fs.Arg(0))
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	ctx, cancel := withParent(ctx, os.Stderr)
	defer cancel()
	if *inProcess {
		return runInProcess(ctx, info)
	}
	// Cells run in a supervised worker process: a fatal error there (a
	// concurrent map write, a stack overflow) costs the session's state but
	// never the kernel.
	sup, err := newSession()
	if err != nil {
		return err
	}
	supervisor.ReturnMemory() // the kernel's own: a huge output passes through it
	defer sup.Shutdown(false)
	interruptOnSignal(sup.Interrupt)
	return endOfKernel(ctx, kernel.New(info, sup, os.Stderr).Run(ctx))
}

// endOfKernel is the kernel's exit status: none when it ended because its
// front end is gone, Run's error otherwise.
func endOfKernel(ctx context.Context, err error) error {
	if errors.Is(context.Cause(ctx), errFrontEndGone) {
		return nil
	}
	return err
}

// interruptOnSignal makes SIGINT interrupt the running cell, as the stop
// button does; Go's default would kill the kernel. jupyter_client sends it
// in "signal" interrupt mode and before shutting a kernel down.
func interruptOnSignal(interrupt func()) {
	interrupts := make(chan os.Signal, 1)
	signal.Notify(interrupts, os.Interrupt)
	go func() {
		for range interrupts {
			interrupt()
		}
	}()
}

// runInProcess serves the session from the kernel's own process, as the
// worker would, but with nothing to survive a fatal error.
func runInProcess(ctx context.Context, info kernel.ConnectionInfo) error {
	sess := session.Start(os.Stderr)
	if err := sess.Ready(); err != nil {
		return err
	}
	defer sess.Shutdown(false)
	interruptOnSignal(sess.Interrupt)
	return endOfKernel(ctx, kernel.New(info, sess, os.Stderr).Run(ctx))
}

// runWorker serves a Go session to the kernel that started this process,
// over the pipes it passed as file descriptors 3 and 4.
func runWorker() error {
	// Interrupts arrive as requests from the kernel; a Ctrl-C meant for
	// jupyter console must not kill the session.
	signal.Ignore(os.Interrupt)
	// Endless recursion is a classic learner bug. Go would grow the stack
	// to 1 GB before "fatal error: stack overflow", taking seconds and the
	// memory of the machine; 256 MB is plenty for interpreted code.
	debug.SetMaxStack(256 << 20)
	// A cell that keeps allocating ends with a clear error, not with the
	// machine swapping or the system's OOM killer.
	limit, err := supervisor.MemoryLimit()
	if err != nil {
		fmt.Fprintf(os.Stderr, "gothreads worker: %v; no memory limit\n", err)
	}
	supervisor.GuardMemory(limit, os.Stderr)
	supervisor.ReturnMemory()
	in, out := os.NewFile(3, "requests"), os.NewFile(4, "events")
	if in == nil || out == nil {
		return errors.New("the worker is started by the kernel, not by hand")
	}
	sess := session.Start(os.Stderr)
	// Goroutines that a stop could not end: the kernel reports this as the
	// worker's fatal error and starts a fresh session.
	sess.Unstoppable = func(report string) {
		fmt.Fprintln(os.Stderr, "fatal error: "+report)
		os.Exit(2)
	}
	err = supervisor.Serve(sess, sess.Ready, in, out)
	// Goroutines the cells started must not outlive the kernel.
	if err != nil {
		fmt.Fprintf(os.Stderr, "gothreads worker: %v\n", err)
		os.Exit(1)
	}
	os.Exit(0)
	return nil
}

// warm fills the Go build cache for compiled cells (an image does it when
// it is built).
func warm() error {
	tc, err := compiled.FindToolchain()
	if err != nil {
		return err
	}
	b, err := compiled.NewBuilder(tc)
	if err != nil {
		return err
	}
	fmt.Printf("go: %s (%s)\n", tc.Go, tc.Version)
	return b.Warm(context.Background(), os.Stdout)
}
