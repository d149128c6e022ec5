// Error handling in a config loader: sentinel errors, custom types, %w chains, errors.Is/As and Join.
package main

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

var ErrMissing = errors.New("missing value")

type FieldError struct {
	Line  int
	Field string
	Err   error
}

func (e *FieldError) Error() string {
	return fmt.Sprintf("line %d: field %q: %v", e.Line, e.Field, e.Err)
}
func (e *FieldError) Unwrap() error { return e.Err }

func parseLine(n int, line string) (string, int, error) {
	key, val, ok := strings.Cut(line, "=")
	if !ok {
		return "", 0, fmt.Errorf("line %d: no '=' in %q", n, line)
	}
	if val == "" {
		return "", 0, &FieldError{n, key, ErrMissing}
	}
	v, err := strconv.Atoi(val)
	if err != nil {
		return "", 0, &FieldError{n, key, err}
	}
	return key, v, nil
}

func load(src string) (map[string]int, error) {
	cfg := map[string]int{}
	var errs []error
	for i, line := range strings.Split(src, ";") {
		k, v, err := parseLine(i+1, line)
		if err != nil {
			errs = append(errs, fmt.Errorf("load: %w", err))
			continue
		}
		cfg[k] = v
	}
	return cfg, errors.Join(errs...)
}

func main() {
	cfg, err := load("port=80;workers=4")
	fmt.Println("good config:", cfg, "err == nil:", err == nil)
	cfg, err = load("port=;retries=three;verbose;limit=10")
	fmt.Printf("partial config: %v\ncombined error:\n%v\n", cfg, err)
	fmt.Println("is ErrMissing:", errors.Is(err, ErrMissing), "is ErrSyntax:", errors.Is(err, strconv.ErrSyntax))

	var fe *FieldError
	if errors.As(err, &fe) {
		fmt.Println("first field error:", fe.Field, "on line", fe.Line)
	}
	var ne *strconv.NumError
	if errors.As(err, &ne) {
		fmt.Println("number error:", ne.Func, ne.Num, ne.Err)
	}
	wrapped := fmt.Errorf("startup: %w", fmt.Errorf("config: %w", ErrMissing))
	fmt.Println(wrapped, "| unwrap twice:", errors.Unwrap(errors.Unwrap(wrapped)) == ErrMissing)
}
