// Embedded interfaces, Stringer and error picked up by fmt, and comparisons of interface values.
package main

import "fmt"

type Namer interface{ Name() string }
type Sender interface{ Send(msg string) error }

type Notifier interface { // embeds two smaller interfaces
	Namer
	Sender
}

type Email struct{ Addr string }
type SMS struct{ Number string }
type SendError struct {
	Channel string
	Code    int
}

func (e *SendError) Error() string { return fmt.Sprintf("%s failed with code %d", e.Channel, e.Code) }

func (e Email) Name() string { return "email" }
func (e Email) Send(msg string) error {
	fmt.Printf("  mail to %s: %s\n", e.Addr, msg)
	return nil
}
func (e Email) String() string { return "<" + e.Addr + ">" }

func (s SMS) Name() string { return "sms" }
func (s SMS) Send(msg string) error {
	if len(msg) > 20 {
		return &SendError{"sms", 413}
	}
	fmt.Printf("  text to %s: %s\n", s.Number, msg)
	return nil
}

// mayFail returns a typed nil pointer inside a non-nil error interface when bad is false.
func mayFail(bad bool) error {
	var e *SendError
	if bad {
		e = &SendError{"push", 500}
	}
	return e
}

func main() {
	channels := []Notifier{Email{"ops@example.com"}, SMS{"555-0100"}}
	for _, msg := range []string{"disk full", "backup finished successfully"} {
		for _, c := range channels {
			if err := c.Send(msg); err != nil {
				fmt.Println("  error:", err)
			}
		}
	}
	fmt.Printf("%v %s %+v %v\n", channels[0], channels[0], channels[1], channels[1])

	var n Namer = channels[0]
	fmt.Println(n.Name(), "same:", n == Email{"ops@example.com"}, "different:", n == Email{"dev@example.com"})
	fmt.Println("email vs sms:", channels[0] == channels[1])

	var plain error
	typed := mayFail(false)
	fmt.Println("plain nil is nil:", plain == nil, "typed nil is nil:", typed == nil)
	fmt.Printf("typed nil dynamic type: %T, real error: %v\n", typed, mayFail(true))
	defer func() { fmt.Println("recovered:", recover()) }()
	var a, b any = []int{1}, []int{1}
	fmt.Println(a == b)
}
