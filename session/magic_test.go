package session

import (
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"
)

func TestMagics(t *testing.T) {
	h := newHarness(t)
	if _, out := h.ok("%help"); !strings.Contains(out, "%timestamps on") {
		t.Errorf("%%help printed %q", out)
	}
	for _, name := range magicNames() { // the names completion offers
		if !strings.Contains(magicHelp(), "\n  "+name+" ") {
			t.Errorf("%%help does not describe %s", name)
		}
	}
	_, out := h.ok("%timestamps on\nfmt.Print(\"a\\nb\")\nfmt.Println(\" c\")")
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("output %q", out)
	}
	for i, want := range []string{"a", "b c"} {
		ts, rest, _ := strings.Cut(lines[i], " ")
		if _, err := time.Parse("15:04:05.000", ts); err != nil || rest != want {
			t.Errorf("line %q: want a timestamp, then %q", lines[i], want)
		}
	}
	if _, out := h.ok("%timestamps off\nfmt.Println(\"plain\")"); out != "plain\n" {
		t.Errorf("after %%timestamps off: %q", out)
	}
	if e := h.fails("%nonsense"); e.Name != "MagicError" || !strings.Contains(e.Value, "%help") {
		t.Errorf("unknown magic: %s: %s", e.Name, e.Value)
	}

	// %time: the cell's output, then its wall and CPU time; the value last.
	v, out := h.ok("%time\nfmt.Println(\"working\")\ntime.Sleep(120 * time.Millisecond)\n6 * 7")
	m := regexp.MustCompile(`^working\nWall time: (\S+), CPU time: (\S+)( \(.*\))?\n$`).FindStringSubmatch(out)
	if v != "42" || m == nil {
		t.Fatalf("%%time cell: value %q, output %q", v, out)
	}
	if wall, err := time.ParseDuration(m[1]); err != nil || wall < 120*time.Millisecond {
		t.Errorf("wall time %q shorter than the cell's sleep", m[1])
	}
	if _, err := time.ParseDuration(m[2]); err != nil {
		t.Errorf("CPU time %q: %v", m[2], err)
	}
	// Four goroutines spinning on two or more cores use more CPU than wall time.
	if runtime.NumCPU() >= 2 {
		_, out = h.ok("%time\nvar spin sync.WaitGroup\nfor range 4 { spin.Go(func() { x := 0; for i := range 3000000 { x += i }; _ = x }) }\nspin.Wait()")
		if !strings.Contains(out, "goroutines ran in parallel") {
			t.Logf("no parallel speedup seen (a busy machine?): %q", out)
		}
	}
	if _, out := h.ok("%%time\n1 + 1"); !strings.HasPrefix(out, "Wall time: ") {
		t.Errorf("%%%%time: %q", out)
	}
	if e := h.fails("%time\nundefinedName"); e.Name != "CompileError" {
		t.Errorf("%%time of a failing cell: %s: %s", e.Name, e.Value)
	}
}

// %goroutines lists what the cells started and is still running. The
// listing is the process's: other tests' sessions leave goroutines too, so
// only this session's lines are looked for, at lines no other test uses.
func TestGoroutinesMagic(t *testing.T) {
	h := newHarness(t)
	// The sleep lets the goroutines get as far as the code they wait in.
	h.ok("stop := make(chan int)" + strings.Repeat("\n", 40) + "go func() { <-stop }()\nfunc sleeper() { time.Sleep(time.Hour) }\ngo sleeper()\ntime.Sleep(50 * time.Millisecond)")
	h.ok("th := threading.NewThread(func() { time.Sleep(time.Hour) })\nth.Start()\ntime.Sleep(50 * time.Millisecond)")
	_, out := h.ok("%goroutines")
	receiver := regexp.MustCompile(`\n  goroutine \d+, started at cell\[1\]:41 \(go func\(\) \{ <-stop \}\(\)\): waiting on a channel or in a select\n`)
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`^\d+ goroutines that cells started are running:\n`),
		receiver,
		regexp.MustCompile(`\n  goroutine \d+, started at cell\[1\]:43 \(go sleeper\(\)\): sleeping\n`),
		regexp.MustCompile(`\n  goroutine \d+, a threading.Thread: sleeping\n`),
	} {
		if !want.MatchString(out) {
			t.Errorf("output %q\ndoes not match %s", out, want)
		}
	}
	h.ok("close(stop)")
	for deadline := time.Now().Add(5 * time.Second); receiver.MatchString(out) && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond) // until the goroutine has ended
		_, out = h.ok("%goroutines\n1 + 1")
	}
	if receiver.MatchString(out) {
		t.Errorf("a goroutine that ended is still listed: %q", out)
	}
}

// %who lists the session's variables: names, types as the cells wrote
// them, values.
func TestWhoMagic(t *testing.T) {
	if got := describeState("chan receive, 1 minutes, locked to thread"); got != "waiting to receive from a channel, for 1 minute" {
		t.Errorf("describeState: %q", got)
	}
	h := newHarness(t)
	if _, out := h.ok("%who"); out != "No variables yet.\n" {
		t.Errorf("before any: %q", out)
	}
	h.ok("x := 3\ntype point struct{ X, Y int }\np := point{1, 2}\npts := []*point{&p}\nq := queue.New(2)\nch := make(chan int, 4)\nch <- 1\nlong := strings.Repeat(\"x\", 100)")
	_, out := h.ok("%who")
	want := "Variable  Type          Value\n" +
		"ch        chan int      1 of 4 buffered\n" +
		"long      string        \"" + strings.Repeat("x", 56) + "...\n" +
		"p         point         {X:1 Y:2}\n" +
		"pts       []*point      [0x"
	if !strings.HasPrefix(out, want) || !strings.Contains(out, "\nq         *queue.Queue  <queue.Queue maxsize=2 qsize=0>\nx         int           3\n") {
		t.Errorf("output\n%s\nwant it to start\n%s", out, want)
	}
	h.ok("%timestamps off\nvar mu sync.Mutex\nmu.Lock()\nvar grid [2]point\nvar send chan<- point = make(chan point)\nf := func(p point, xs ...int) (point, error) { return p, nil }\nfunc origin() point { return point{} }")
	_, out = h.ok("%who")
	if !strings.HasSuffix(out, "\nFunctions: origin\nTypes: point\n") {
		t.Errorf("output\n%s\ndoes not end with the functions and types", out)
	}
	for _, line := range []string{"\nf     func(point, ...int) (point, error)  ", "\ngrid  [2]point  ", "\nmu    sync.Mutex  locked\n",
		"\nsend  chan<- point  0 of 0 buffered\n"} {
		if !strings.Contains(regexp.MustCompile(` +`).ReplaceAllString(out, "  "), regexp.MustCompile(` +`).ReplaceAllString(line, "  ")) {
			t.Errorf("output\n%s\nhas no line %q", out, line)
		}
	}
}
