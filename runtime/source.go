// Package runtime holds the sources of the runtime packages beneath it
// (threading, queue, logging, futures, collections, generator, display,
// hook), so that a compiled cell can import them wherever the gothreads
// binary runs: the binary writes them out as a module of their own
// (package compiled) and the program is built against it.
package runtime

import "embed"

// Source is the runtime packages' Go files, test files included (the
// writer leaves those out), as runtime/NAME/FILE.go paths below this
// directory: threading/thread.go, ...
//
//go:embed */*.go
var Source embed.FS
