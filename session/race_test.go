//go:build race

package session

// raceEnabled is set when the tests run under the race detector.
const raceEnabled = true
