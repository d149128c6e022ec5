// A command-line tool that validates its input and exits with status 3 on failure: deferred calls do not run at os.Exit.
package main

import (
	"fmt"
	"os"
	"strconv"
)

func parsePorts(args []string) ([]int, error) {
	var ports []int
	for _, a := range args {
		p, err := strconv.Atoi(a)
		if err != nil || p < 1 || p > 65535 {
			return ports, fmt.Errorf("bad port %q", a)
		}
		ports = append(ports, p)
	}
	return ports, nil
}

func main() {
	defer fmt.Println("cleanup (never printed: os.Exit skips deferred calls)")
	fmt.Println("program name given:", len(os.Args) == 1)
	ports, err := parsePorts([]string{"80", "443", "http"})
	fmt.Println("parsed before the error:", ports)
	if err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(3)
	}
	fmt.Println("unreachable")
}
