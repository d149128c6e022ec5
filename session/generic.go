package session

import (
	_ "embed"
	"fmt"
	"strings"
)

// Generic functions of the standard library that yaegi has neither as
// symbols (yaegi extract skips generics) nor among its own generic sources.
// They are compiled into the session as source, as yaegi's are, before the
// first cell that mentions their package: the compile costs milliseconds,
// which a session that never sorts need not pay.
//
//go:embed generic/slices.go.txt
var slicesSource string

var genericSources = map[string]string{"slices": slicesSource}

// addGenerics compiles the generic sources of the packages code mentions
// ("slices."), once each.
func (s *Session) addGenerics(code string) error {
	for pkg, src := range genericSources {
		if !strings.Contains(code, pkg+".") {
			continue
		}
		s.mu.Lock()
		done := s.generics[pkg]
		s.mu.Unlock()
		if done {
			continue
		}
		if _, err := s.interp.Compile(src); err != nil {
			return fmt.Errorf("compiling the generic functions of %s: %w", pkg, err)
		}
		// Marked once compiled: a compile that failed is tried again by
		// the next cell that uses the package, not skipped.
		s.mu.Lock()
		s.generics[pkg] = true
		s.mu.Unlock()
	}
	return nil
}
