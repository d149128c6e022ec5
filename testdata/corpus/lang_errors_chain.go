// A job runner's errors: wrapped several levels, joined, matched by Is and As methods, compared and counted by kind.
package main

import (
	"errors"
	"fmt"
	"sort"
)

var ErrTimeout = errors.New("timeout")

// StepError is a pointer-receiver error that wraps the cause.
type StepError struct {
	Step  string
	Cause error
}

func (e *StepError) Error() string { return "step " + e.Step + ": " + e.Cause.Error() }
func (e *StepError) Unwrap() error { return e.Cause }

// ExitCode is a value-receiver error, comparable.
type ExitCode int

func (c ExitCode) Error() string { return fmt.Sprintf("exit status %d", int(c)) }

// Retryable matches any other Retryable by its Is method.
type Retryable struct{ After int }

func (r Retryable) Error() string { return fmt.Sprintf("retry after %ds", r.After) }
func (r Retryable) Is(target error) bool {
	_, ok := target.(Retryable)
	return ok
}

// Batch holds several errors and unwraps to all of them.
type Batch []error

func (b Batch) Error() string   { return fmt.Sprintf("%d failures", len(b)) }
func (b Batch) Unwrap() []error { return b }

func run(job string) error {
	switch job {
	case "fetch":
		return fmt.Errorf("job %s: %w", job, &StepError{"download", ErrTimeout})
	case "build":
		return fmt.Errorf("job %s: %w", job, &StepError{"compile", ExitCode(2)})
	case "deploy":
		return fmt.Errorf("job %s: %w", job, Retryable{30})
	}
	var none *StepError
	if job == "typed-nil" {
		return none // a typed nil: not a nil error
	}
	return nil
}

func main() {
	jobs := []string{"fetch", "build", "deploy", "test"}
	var all []error
	for _, j := range jobs {
		if err := run(j); err != nil {
			all = append(all, err)
		}
	}
	batch := Batch(all)
	joined := errors.Join(all...)
	fmt.Println(batch, "|", len(all), "errors")
	fmt.Println(joined)

	fmt.Println("timeout:", errors.Is(batch, ErrTimeout), errors.Is(joined, ErrTimeout))
	fmt.Println("exit 2:", errors.Is(joined, ExitCode(2)), "exit 1:", errors.Is(joined, ExitCode(1)))
	fmt.Println("retryable:", errors.Is(joined, Retryable{}))

	var se *StepError
	if errors.As(joined, &se) {
		fmt.Println("first step error:", se.Step, "cause:", se.Cause)
	}
	var code ExitCode
	if errors.As(batch, &code) {
		fmt.Println("exit code:", int(code))
	}

	counts := map[error]int{}
	for _, err := range all {
		cause := errors.Unwrap(err)
		if inner := errors.Unwrap(cause); inner != nil {
			cause = inner
		}
		counts[cause]++
	}
	counts[ExitCode(2)]++
	var kinds []string
	for k, n := range counts {
		kinds = append(kinds, fmt.Sprintf("%v=%d", k, n))
	}
	sort.Strings(kinds)
	fmt.Println("by cause:", kinds)

	results := make(chan string)
	go func() {
		err := run("build")
		var se *StepError
		errors.As(err, &se)
		results <- fmt.Sprintf("goroutine: %v %v %T", errors.Unwrap(err) == se, se.Cause == ExitCode(2), se.Cause)
	}()
	fmt.Println(<-results)

	tn := run("typed-nil")
	fmt.Printf("typed nil: %v %T\n", tn == nil, tn)
	fmt.Printf("nil: %v %T\n", run("test") == nil, run("test"))
}
