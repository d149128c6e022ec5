package logging

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gothreads/gothreads/runtime/threading"
)

func capture(c Config) *bytes.Buffer {
	var b bytes.Buffer
	c.Stream = &b
	BasicConfig(c)
	return &b
}

func TestLevelsAndDefaultFormat(t *testing.T) {
	b := capture(Config{})
	root.SetLevel(WARNING)
	Debug("hidden")
	Info("hidden")
	Warning("careful %d", 1)
	Error("bad")
	if got := b.String(); got != "WARNING:root:careful 1\nERROR:root:bad\n" {
		t.Errorf("output %q", got)
	}
	b.Reset()
	l := GetLogger("db")
	l.SetLevel(DEBUG)
	l.Debug("query")
	if GetLogger("db") != l || b.String() != "DEBUG:db:query\n" {
		t.Errorf("named logger: %q", b.String())
	}
}

func TestFormatsAndThreadName(t *testing.T) {
	b := capture(Config{Format: "%(asctime)s %(levelname)-8s (%(threadName)-10s) %(name)s %(msecs)03d %(message)s", Datefmt: "%H:%M:%S", Level: DEBUG})
	th := threading.NewThread(func() { Debug("in thread") })
	th.Name = "worker-1"
	th.Start()
	th.Join()
	line := strings.TrimSuffix(b.String(), "\n")
	re := regexp.MustCompile(`^\d\d:\d\d:\d\d DEBUG    \(worker-1  \) root \d{3} in thread$`)
	if !re.MatchString(line) {
		t.Errorf("line %q", line)
	}
	b.Reset()
	BasicConfig(Config{Format: "%(relativeCreated)6d %(thread)d %(levelno)s %(message)r", Stream: b, Level: DEBUG})
	Info("x")
	if !regexp.MustCompile(`^ +\d+ \d+ 20 "x"\n$`).MatchString(b.String()) {
		t.Errorf("line %q", b.String())
	}
	b.Reset()
	BasicConfig(Config{Format: "%(asctime)s|%(message)s", Stream: b, Level: DEBUG})
	Exception(errors.New("disk full"), "saving")
	if !regexp.MustCompile(`^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}\|saving\ndisk full\n$`).MatchString(b.String()) {
		t.Errorf("default asctime and exception: %q", b.String())
	}
}

func TestStrftime(t *testing.T) {
	at := time.Date(2026, 3, 4, 17, 5, 9, 123456000, time.UTC)
	if got := Strftime("%Y-%m-%d %H:%M:%S.%f %I%p %a %b %j %% %y", at); got != "2026-03-04 17:05:09.123456 05PM Wed Mar 063 % 26" {
		t.Errorf("Strftime %q", got)
	}
}

func TestRecordsAreWholeLines(t *testing.T) {
	b := capture(Config{Format: "%(threadName)s %(message)s", Level: DEBUG})
	var ths []*threading.Thread
	for i := range 4 {
		th := threading.NewThread(func() {
			for j := range 50 {
				Info("line %d-%d", i, j)
			}
		})
		th.Start()
		ths = append(ths, th)
	}
	for _, th := range ths {
		th.Join()
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != 200 {
		t.Fatalf("%d lines", len(lines))
	}
	for _, l := range lines {
		if !regexp.MustCompile(`^Thread-\d+ line \d-\d+$`).MatchString(l) {
			t.Fatalf("mixed line %q", l)
		}
	}
}

func ExampleBasicConfig() {
	var out bytes.Buffer
	BasicConfig(Config{Format: "%(levelname)s %(message)s", Level: INFO, Stream: &out})
	Debug("not shown")
	Info("starting %d workers", 3)
	fmt.Print(out.String())
	// Output: INFO starting 3 workers
}

func TestLoggerString(t *testing.T) {
	l := GetLogger("stringer")
	l.SetLevel(DEBUG)
	if got := l.String(); got != "<Logger stringer (DEBUG)>" {
		t.Errorf("got %s", got)
	}
	if got := GetLogger("").String(); !strings.HasPrefix(got, "<RootLogger root (") {
		t.Errorf("root: %s", got)
	}
}
