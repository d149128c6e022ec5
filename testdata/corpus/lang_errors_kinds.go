// Errors as values: sentinel errors, custom error types (pointer and string kinds), wrapping, joining, errors.Is and As, a recovered runtime error.
package main

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

type ValidationError struct {
	Field string
	Msg   string
}

func (e *ValidationError) Error() string { return e.Field + ": " + e.Msg }

type NotFound string

func (n NotFound) Error() string { return string(n) + " not found" }

var ErrEmpty = errors.New("empty input")

func parse(s string) (int, error) {
	if s == "" {
		return 0, ErrEmpty
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, &ValidationError{"n", err.Error()}
	}
	if n < 0 {
		return 0, fmt.Errorf("parse %q: %w", s, &ValidationError{"n", "negative"})
	}
	return n, nil
}

func find(k string) error {
	if k != "ok" {
		return NotFound(k)
	}
	return nil
}

type multi []error

func (m multi) Error() string {
	var parts []string
	for _, e := range m {
		parts = append(parts, e.Error())
	}
	return strings.Join(parts, "; ")
}

func main() {
	for _, in := range []string{"", "12", "x", "-3"} {
		n, err := parse(in)
		var ve *ValidationError
		switch {
		case errors.Is(err, ErrEmpty):
			fmt.Println("empty")
		case errors.As(err, &ve):
			fmt.Println("invalid:", ve.Field, ve.Msg, "|", err)
		case err == nil:
			fmt.Println("ok", n)
		}
	}
	err := find("cat")
	var nf NotFound
	fmt.Println(err, errors.As(err, &nf), string(nf), find("ok") == nil)
	var m multi
	m = append(m, errors.New("a"), io.EOF)
	var e error = m
	fmt.Println(e)
	wrapped := fmt.Errorf("outer: %w", fmt.Errorf("inner: %w", io.ErrUnexpectedEOF))
	fmt.Println(wrapped, errors.Is(wrapped, io.ErrUnexpectedEOF), errors.Unwrap(errors.Unwrap(wrapped)) == io.ErrUnexpectedEOF)
	joined := errors.Join(ErrEmpty, NotFound("dog"))
	fmt.Println(errors.Is(joined, ErrEmpty), errors.As(joined, &nf), nf)
	fmt.Printf("%v|%s|%q\n", err, err, err)
	var nilErr *ValidationError
	var asErr error = nilErr
	fmt.Println(asErr == nil, nilErr == nil)
	defer func() {
		r := recover()
		fmt.Println("recovered:", r)
		if e, ok := r.(error); ok {
			fmt.Println("is error:", e)
		}
	}()
	var arr []int
	_ = arr[3]
}
