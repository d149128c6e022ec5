package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	goruntime "runtime"
	"strings"

	"github.com/gothreads/gothreads/notebook"
	"github.com/gothreads/gothreads/supervisor"
)

// newSession starts a supervised Go session: the worker processes of the
// kernel and of "gothreads run" alike.
func newSession() (*supervisor.Supervisor, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("finding this program's path: %w", err)
	}
	return supervisor.New(func() *exec.Cmd {
		cmd := exec.Command(self, "worker")
		// Crash reports then name each goroutine's cell (its profiler
		// label), which the supervisor shows with a fatal error.
		cmd.Env = append(os.Environ(), "GODEBUG="+strings.Trim(os.Getenv("GODEBUG")+",tracebacklabels=1", ","))
		return cmd
	}, os.Stderr), nil
}

// runNotebooks is "gothreads run": it executes notebooks without Jupyter,
// printing cells and outputs, and with -w saves the outputs.
func runNotebooks(args []string) error {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	write := fs.Bool("w", false, "write the outputs back into the notebooks")
	quiet := fs.Bool("q", false, "do not print the cells and their outputs")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return errors.New("usage: gothreads run [-w] [-q] NOTEBOOK...")
	}
	failed := 0
	for _, path := range fs.Args() {
		nb, err := notebook.Read(path)
		if err != nil {
			return err
		}
		var echo io.Writer = os.Stdout
		if *quiet {
			echo = nil
		} else {
			fmt.Printf("==> %s\n", path)
		}
		n, err := execute(nb, echo)
		if err != nil {
			return err
		}
		failed += n
		if *write {
			if err := notebook.Write(path, nb); err != nil {
				return err
			}
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d notebook cells failed", failed)
	}
	return nil
}

// execute runs nb in a fresh session and reports its failed cells on
// stderr, returning how many there were.
func execute(nb *notebook.Notebook, echo io.Writer) (int, error) {
	sess, err := newSession()
	if err != nil {
		return 0, err
	}
	defer sess.Shutdown(false)
	opt := notebook.RunOptions{Echo: echo}
	if echo != nil {
		in := bufio.NewReader(os.Stdin)
		opt.Input = func(prompt string) (string, error) {
			fmt.Print(prompt)
			line, err := in.ReadString('\n')
			return strings.TrimRight(line, "\r\n"), err
		}
	}
	failures := notebook.Run(context.Background(), nb, sess, opt)
	for _, f := range failures {
		fmt.Fprintf(os.Stderr, "cell %d (%s) failed: %s: %s\n", f.Cell+1, nb.Cells[f.Cell].ID, f.Error.Name, f.Error.Value)
	}
	return len(failures), nil
}

// buildLessons is "gothreads lessons": it makes a notebook of each lesson
// source, runs it and writes it into the output folder. With -check it
// only checks that the notebooks there match the sources.
func buildLessons(args []string) error {
	fs := flag.NewFlagSet("lessons", flag.ContinueOnError)
	out := fs.String("o", "notebooks", "write the notebooks into `DIR`")
	check := fs.Bool("check", false, "check that the notebooks in DIR match the sources, without running")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return errors.New("usage: gothreads lessons [-o DIR] [-check] LESSON.md...")
	}
	goVersion := strings.TrimPrefix(goruntime.Version(), "go")
	var stale []string
	for _, path := range fs.Args() {
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		name := notebook.LessonName(path)
		nb, err := notebook.FromLesson(name, string(src), goVersion)
		if err != nil {
			return err
		}
		dest := filepath.Join(*out, name+".ipynb")
		if *check {
			if err := sameSources(dest, nb); err != nil {
				stale = append(stale, err.Error())
			}
			continue
		}
		fmt.Printf("%s -> %s\n", path, dest)
		n, err := execute(nb, nil)
		if err != nil {
			return err
		}
		if n > 0 {
			return fmt.Errorf("%s: %d cells failed", path, n)
		}
		if err := notebook.Write(dest, nb); err != nil {
			return err
		}
	}
	if len(stale) > 0 {
		return fmt.Errorf("notebooks out of date with lessons/ (run make notebooks):\n  %s", strings.Join(stale, "\n  "))
	}
	return nil
}

// sameSources reports how the notebook at path differs from want in what
// the lesson source decides: cells, their sources, ids and tags, and the
// notebook metadata (but the Go version, which depends on the machine).
func sameSources(path string, want *notebook.Notebook) error {
	got, err := notebook.Read(path)
	if err != nil {
		return err
	}
	if len(got.Cells) != len(want.Cells) {
		return fmt.Errorf("%s: %d cells, the lesson has %d", path, len(got.Cells), len(want.Cells))
	}
	for i, c := range want.Cells {
		g := got.Cells[i]
		if g.CellType != c.CellType || g.Source != c.Source || g.ID != c.ID || !reflect.DeepEqual(g.Tags(), c.Tags()) {
			return fmt.Errorf("%s: cell %d (%s) differs from the lesson", path, i+1, c.ID)
		}
	}
	strip := func(m map[string]any) string {
		b, _ := notebook.Marshal(&notebook.Notebook{Metadata: m})
		s := string(b)
		if li, ok := m["language_info"].(map[string]any); ok {
			s = strings.Replace(s, fmt.Sprintf("%q", li["version"]), `""`, 1)
		}
		return s
	}
	if strip(got.Metadata) != strip(want.Metadata) {
		return fmt.Errorf("%s: notebook metadata differs from what the lessons make", path)
	}
	return nil
}
