// Package logging is the part of Python's logging module that the threading
// notes use: leveled messages with Python's format strings, such as
//
//	logging.BasicConfig(logging.Config{
//		Format:  "%(asctime)s (%(threadName)-10s) %(message)s",
//		Datefmt: "%H:%M:%S",
//		Level:   logging.DEBUG,
//	})
//	logging.Debug("starting %d workers", n)
//
// Messages are formatted with Go's fmt verbs. Each record is written whole,
// in one Write, so that lines from different threads never mix. The default
// stream is standard error, as in Python, through package hook.
package logging

import (
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gothreads/gothreads/runtime/hook"
	"github.com/gothreads/gothreads/runtime/threading"
)

// Level is a record's severity.
type Level int

// The levels, as Python numbers them.
const (
	NOTSET   Level = 0
	DEBUG    Level = 10
	INFO     Level = 20
	WARNING  Level = 30
	ERROR    Level = 40
	CRITICAL Level = 50
)

func (l Level) String() string {
	switch l {
	case DEBUG:
		return "DEBUG"
	case INFO:
		return "INFO"
	case WARNING:
		return "WARNING"
	case ERROR:
		return "ERROR"
	case CRITICAL:
		return "CRITICAL"
	case NOTSET:
		return "NOTSET"
	}
	return "Level " + strconv.Itoa(int(l))
}

// Config is the arguments of Python's logging.basicConfig.
type Config struct {
	// Format is a Python format string; empty means
	// "%(levelname)s:%(name)s:%(message)s".
	Format string
	// Datefmt is a strftime format for %(asctime)s; empty means
	// "2006-01-02 15:04:05,000" as Python prints it.
	Datefmt string
	// Level is the root logger's level; zero leaves WARNING.
	Level Level
	// Stream is where records go; nil means standard error.
	Stream io.Writer
}

// DefaultFormat is Python's BASIC_FORMAT.
const DefaultFormat = "%(levelname)s:%(name)s:%(message)s"

var (
	mu       sync.Mutex
	writeMu  sync.Mutex
	config   = Config{Format: DefaultFormat}
	loggers  = map[string]*Logger{}
	root     = &Logger{name: "root", level: WARNING}
	startAt  = time.Now()
	fieldRef = regexp.MustCompile(`%\((\w+)\)([-#0 +]*\d*(?:\.\d+)?)([sdfr])`)
)

// BasicConfig configures the root logger, as logging.basicConfig does.
// Unlike Python's, a second call takes effect too: a notebook re-runs cells.
func BasicConfig(c Config) {
	mu.Lock()
	defer mu.Unlock()
	if c.Format == "" {
		c.Format = DefaultFormat
	}
	config = c
	if c.Level != NOTSET {
		root.level = c.Level
	}
}

// Logger is a named logger with its own level.
type Logger struct {
	name  string
	level Level // NOTSET: the root logger's
}

// GetLogger returns the logger called name, making it on first use; ""
// is the root logger.
func GetLogger(name string) *Logger {
	if name == "" || name == "root" {
		return root
	}
	mu.Lock()
	defer mu.Unlock()
	l, ok := loggers[name]
	if !ok {
		l = &Logger{name: name}
		loggers[name] = l
	}
	return l
}

// Name returns the logger's name.
func (l *Logger) Name() string { return l.name }

// SetLevel sets the lowest level the logger writes.
func (l *Logger) SetLevel(level Level) {
	mu.Lock()
	defer mu.Unlock()
	l.level = level
}

// EffectiveLevel returns the level in force: the logger's own, or the
// root's when it has none.
func (l *Logger) EffectiveLevel() Level {
	mu.Lock()
	defer mu.Unlock()
	if l.level == NOTSET {
		return root.level
	}
	return l.level
}

// IsEnabledFor reports whether a record of level would be written.
func (l *Logger) IsEnabledFor(level Level) bool { return level >= l.EffectiveLevel() }

// String describes the logger and its level in force, as Python's repr
// does: <Logger worker (DEBUG)>, <RootLogger root (WARNING)>.
func (l *Logger) String() string {
	if l == root {
		return fmt.Sprintf("<RootLogger root (%v)>", l.EffectiveLevel())
	}
	return fmt.Sprintf("<Logger %s (%v)>", l.name, l.EffectiveLevel())
}

// Log writes a record at level; msg is formatted with args by fmt.Sprintf
// when there are args.
func (l *Logger) Log(level Level, msg string, args ...any) {
	if !l.IsEnabledFor(level) {
		return
	}
	now := time.Now()
	if len(args) > 0 {
		msg = fmt.Sprintf(msg, args...)
	}
	mu.Lock()
	c := config
	mu.Unlock()
	line := format(c, record{logger: l, level: level, msg: msg, at: now, thread: threading.CurrentThread()})
	w := c.Stream
	if w == nil {
		w = hook.Stderr()
	}
	// One Write per record, one record at a time, as Python's handler lock
	// does: lines from different threads never mix.
	writeMu.Lock()
	io.WriteString(w, line+"\n")
	writeMu.Unlock()
}

// Debug logs at DEBUG.
func (l *Logger) Debug(msg string, args ...any) { l.Log(DEBUG, msg, args...) }

// Info logs at INFO.
func (l *Logger) Info(msg string, args ...any) { l.Log(INFO, msg, args...) }

// Warning logs at WARNING.
func (l *Logger) Warning(msg string, args ...any) { l.Log(WARNING, msg, args...) }

// Error logs at ERROR.
func (l *Logger) Error(msg string, args ...any) { l.Log(ERROR, msg, args...) }

// Critical logs at CRITICAL.
func (l *Logger) Critical(msg string, args ...any) { l.Log(CRITICAL, msg, args...) }

// Exception logs err at ERROR after msg, as Python's logging.exception
// follows the message with the exception.
func (l *Logger) Exception(err error, msg string, args ...any) {
	if len(args) > 0 {
		msg = fmt.Sprintf(msg, args...)
	}
	l.Log(ERROR, "%s\n%v", msg, err)
}

// Debug logs at DEBUG on the root logger.
func Debug(msg string, args ...any) { root.Log(DEBUG, msg, args...) }

// Info logs at INFO on the root logger.
func Info(msg string, args ...any) { root.Log(INFO, msg, args...) }

// Warning logs at WARNING on the root logger.
func Warning(msg string, args ...any) { root.Log(WARNING, msg, args...) }

// Error logs at ERROR on the root logger.
func Error(msg string, args ...any) { root.Log(ERROR, msg, args...) }

// Critical logs at CRITICAL on the root logger.
func Critical(msg string, args ...any) { root.Log(CRITICAL, msg, args...) }

// Exception logs err at ERROR on the root logger.
func Exception(err error, msg string, args ...any) { root.Exception(err, msg, args...) }

type record struct {
	logger *Logger
	level  Level
	msg    string
	at     time.Time
	thread *threading.Thread
}

// format renders a record with the configured Python format string.
func format(c Config, r record) string {
	return fieldRef.ReplaceAllStringFunc(c.Format, func(ref string) string {
		m := fieldRef.FindStringSubmatch(ref)
		name, flags, conv := m[1], m[2], m[3]
		var v any
		switch name {
		case "message":
			v = r.msg
		case "asctime":
			v = asctime(c.Datefmt, r.at)
		case "levelname":
			v = r.level.String()
		case "levelno":
			v = int(r.level)
		case "name":
			v = r.logger.name
		case "threadName":
			v = r.thread.Name
		case "thread":
			v = r.thread.Ident()
		case "relativeCreated":
			v = float64(r.at.Sub(startAt).Microseconds()) / 1000
		case "msecs":
			v = r.at.Nanosecond() / 1e6
		case "created":
			v = float64(r.at.UnixMicro()) / 1e6
		case "process":
			v = os.Getpid()
		default:
			return ref // unknown fields stay as written, as a hint
		}
		return pyFormat(flags, conv, v)
	})
}

// pyFormat applies a Python %-conversion (flags and width, then s, d, f or
// r) to v.
func pyFormat(flags, conv string, v any) string {
	switch conv {
	case "d":
		switch n := v.(type) {
		case float64:
			v = int64(n)
		}
		return fmt.Sprintf("%"+flags+"d", v)
	case "f":
		switch n := v.(type) {
		case int:
			v = float64(n)
		case int64:
			v = float64(n)
		}
		return fmt.Sprintf("%"+flags+"f", v)
	case "r":
		return fmt.Sprintf("%"+flags+"s", strconv.Quote(fmt.Sprint(v)))
	}
	if f, ok := v.(float64); ok {
		v = strconv.FormatFloat(f, 'f', -1, 64)
	}
	return fmt.Sprintf("%"+flags+"v", v)
}

// asctime renders t for %(asctime)s: with datefmt, a strftime format, or
// Python's default "2006-01-02 15:04:05,000".
func asctime(datefmt string, t time.Time) string {
	if datefmt == "" {
		return t.Format("2006-01-02 15:04:05") + fmt.Sprintf(",%03d", t.Nanosecond()/1e6)
	}
	return Strftime(datefmt, t)
}

// Strftime formats t with C's strftime directives (%H:%M:%S and the rest).
func Strftime(f string, t time.Time) string {
	var b strings.Builder
	for i := 0; i < len(f); i++ {
		if f[i] != '%' || i+1 == len(f) {
			b.WriteByte(f[i])
			continue
		}
		i++
		switch f[i] {
		case 'Y':
			b.WriteString(strconv.Itoa(t.Year()))
		case 'y':
			fmt.Fprintf(&b, "%02d", t.Year()%100)
		case 'm':
			fmt.Fprintf(&b, "%02d", int(t.Month()))
		case 'd':
			fmt.Fprintf(&b, "%02d", t.Day())
		case 'H':
			fmt.Fprintf(&b, "%02d", t.Hour())
		case 'I':
			fmt.Fprintf(&b, "%02d", (t.Hour()+11)%12+1)
		case 'M':
			fmt.Fprintf(&b, "%02d", t.Minute())
		case 'S':
			fmt.Fprintf(&b, "%02d", t.Second())
		case 'f':
			fmt.Fprintf(&b, "%06d", t.Nanosecond()/1000)
		case 'p':
			b.WriteString(t.Format("PM"))
		case 'a':
			b.WriteString(t.Format("Mon"))
		case 'A':
			b.WriteString(t.Format("Monday"))
		case 'b':
			b.WriteString(t.Format("Jan"))
		case 'B':
			b.WriteString(t.Format("January"))
		case 'j':
			fmt.Fprintf(&b, "%03d", t.YearDay())
		case 'z':
			b.WriteString(t.Format("-0700"))
		case 'Z':
			b.WriteString(t.Format("MST"))
		case 'c':
			b.WriteString(t.Format("Mon Jan  2 15:04:05 2006"))
		case 'x':
			b.WriteString(t.Format("01/02/06"))
		case 'X':
			b.WriteString(t.Format("15:04:05"))
		case '%':
			b.WriteByte('%')
		default:
			b.WriteByte('%')
			b.WriteByte(f[i])
		}
	}
	return b.String()
}
