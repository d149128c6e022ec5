// Go 1.26 features in a signup validator: errors.AsType, new(expr), plus sync.OnceValue and clear.
package main

import (
	"errors"
	"fmt"
	"strings"
	"sync"
)

type FieldError struct {
	Field, Problem string
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Problem }

type Form struct {
	Email string
	Age   *int
}

var loads int
var blocked = sync.OnceValue(func() map[string]bool {
	loads++
	return map[string]bool{"spam.test": true, "junk.test": true}
})

func validate(f Form) error {
	at := strings.LastIndex(f.Email, "@")
	switch {
	case at < 1:
		return &FieldError{"email", "missing @"}
	case blocked()[f.Email[at+1:]]:
		return fmt.Errorf("signup rejected: %w", &FieldError{"email", "blocked domain"})
	case f.Age == nil:
		return errors.New("age is required")
	case *f.Age < 13:
		return fmt.Errorf("wrap 1: %w", fmt.Errorf("wrap 2: %w", &FieldError{"age", fmt.Sprint("too young: ", *f.Age)}))
	}
	return nil
}

func main() {
	forms := []Form{
		{"lee@mail.test", new(30)},
		{"no-at-sign", new(22)},
		{"bot@spam.test", new(40)},
		{"kid@mail.test", new(9)},
		{"ghost@mail.test", nil},
	}
	problems := map[string]int{}
	for _, f := range forms {
		err := validate(f)
		if fe, ok := errors.AsType[*FieldError](err); ok {
			problems[fe.Field]++
			fmt.Printf("%-16s field=%s problem=%q\n", f.Email, fe.Field, fe.Problem)
		} else if err != nil {
			fmt.Printf("%-16s other error: %v\n", f.Email, err)
		} else {
			fmt.Printf("%-16s ok (age %d)\n", f.Email, *f.Age)
		}
	}
	fmt.Println("blocklist loads:", loads, "email problems:", problems["email"], "age problems:", problems["age"])

	limit := new(len(forms)*2 - 3)
	attempts := []int{*limit, 2, 1}
	clear(problems)
	clear(attempts[1:])
	fmt.Println("retry budget:", *limit, "attempts:", attempts, "problems after clear:", len(problems))
}
