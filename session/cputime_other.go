//go:build !unix

package session

import "time"

// processCPU is not measured here; %time shows the wall time only.
func processCPU() (time.Duration, bool) { return 0, false }
