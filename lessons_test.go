package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/gothreads/gothreads/notebook"
)

// keyOutputs are what each lesson must show when it runs: one pattern per
// code cell, by cell id, matched against the cell's text outputs.
var keyOutputs = map[string]map[string]string{
	"01-starting-threads": {
		"01-starting-threads-7":  `(?m)^\d\d:\d\d:\d\d: Thread 1: starting\n(.*\n)*\d\d:\d\d:\d\d: Thread 1: finishing\n\d\d:\d\d:\d\d: Main    : all done`,
		"01-starting-threads-9":  `^Thread-\d+ \(threadFunction\) alive: false`,
		"01-starting-threads-11": `(?s)Main    : started thread 2 and did not wait\n.*Thread 2: finishing`,
		"01-starting-threads-13": `(?s)thread 2 alive\? true\n.*thread 2 alive\? false`,
		"01-starting-threads-16": `(?m)Main    : before joining thread 0\n(.*\n)*.*Main    : thread 2 done`,
		"01-starting-threads-18": `Main    : everyone is done`,
		"01-starting-threads-20": `(?s)Thread 0: finishing.*Main    : everyone is done, with wg.Go`,
		"01-starting-threads-22": `^⚠ cell\[\d+\]:1: countsTheCopy takes the sync.WaitGroup wg by value, so it gets a copy`,
		"01-starting-threads-25": `runAll returned when \d of 5 workers had finished`,
	},
	"02-thread-pools": {
		"02-thread-pools-5":  `(?m)Job 1: starting on ThreadPoolExecutor-\d+_\d\n(.*\n)*.*Main: squares \[1 4 9 16 25\], error <nil>`,
		"02-thread-pools-7":  `(?s)5 <nil>\n.*0 division by zero\n.*slow job done yet\? false\n.*49 <nil>\nslow job done now\? true`,
		"02-thread-pools-9":  `^finished: 1\nfinished: 2\nfinished: 4\n$`,
		"02-thread-pools-11": `a task failed and nobody asked for its result: task panicked: the disk is full`,
		"02-thread-pools-13": `cannot use seven \(string\) as int`,
		"02-thread-pools-15": `sum of squares: 91`,
		"02-thread-pools-19": `1 call\(s\) ran at once: use 3 workers`,
	},
	"03-race-conditions-and-locks": {
		"03-race-conditions-and-locks-3":  `Testing update. Ending value is 1\.`,
		"03-race-conditions-and-locks-6":  `(?s)has lock.*about to release lock.*has lock.*about to release lock.*Ending value is 2\.`,
		"03-race-conditions-and-locks-8":  `counter: 400`,
		"03-race-conditions-and-locks-10": `try while held: false\nwait 200ms while held: false after 200ms\ntry when free: true`,
		"03-race-conditions-and-locks-12": `release unlocked lock`,
		"03-race-conditions-and-locks-14": `level 3 count 3\nlocked after all levels returned: false`,
		"03-race-conditions-and-locks-16": `mutex counter: 2000`,
		"03-race-conditions-and-locks-18": `atomic counter: 2000`,
		"03-race-conditions-and-locks-20": `(?s)WARNING: DATA RACE\n.*main\.\(\*FakeDatabase\)\.Update\(\)\n +cell\[1\]:\d+.*Found \d data race\(s\).*exit status 66`,
		"03-race-conditions-and-locks-23": `fatal error: concurrent map writes`,
		"03-race-conditions-and-locks-27": `(?s)WARNING: DATA RACE\n.*main\.\(\*Account\)\.Deposit\(\).*Found \d data race\(s\).*exit status 66`,
	},
	"04-deadlock": {
		"04-deadlock-3":  `(?s)holds x, wants y.*Lock.Acquire: interrupted.*A alive: false, B alive: false.*x locked: true, y locked: true`,
		"04-deadlock-6":  `(?s)\(A +\) could not get y while holding x: backing off.*\(B +\) holds y and x.*x locked: false, y locked: false`,
		"04-deadlock-11": `(?s)A holds locks 1 and 2.*B holds locks 2 and 1.*no deadlock`,
		"04-deadlock-13": `lock order violation: holding lock 2, asked for lock 1`,
		"04-deadlock-15": `(?s)^fatal error: all goroutines are asleep - deadlock!\n.*main\.main\.func1\(\)\n\tcell\[\d+\]:\d+.*exit status 2`,
		"04-deadlock-19": `the transfers are stuck: a deadlock`,
	},
	"05-events-conditions-semaphores": {
		"05-events-conditions-semaphores-3":  `(?s)countdown starting.*countdown is running.*T-minus 1`,
		"05-events-conditions-semaphores-5":  `set within 100ms\? false`,
		"05-events-conditions-semaphores-9":  `(?s)T-minus 4.*counting 1.*T-minus 1`,
		"05-events-conditions-semaphores-12": `most connections in use at once: 2`,
		"05-events-conditions-semaphores-14": `semaphore released too many times`,
		"05-events-conditions-semaphores-18": `^the first timer fired\ndone: only the first fired\n$`,
		"05-events-conditions-semaphores-21": `(?s)(reached the barrier\n.*){3}-- everyone arrived --\n(.* goes on\n){3}`,
		"05-events-conditions-semaphores-23": `(?s)(worker \d saw ready\n){3}`,
		"05-events-conditions-semaphores-25": `(?s)ready, steady\.\.\.\n(runner \d off\n){3}`,
		"05-events-conditions-semaphores-28": `threads passed before the gate opened`,
	},
	"06-producer-consumer": {
		"06-producer-consumer-4":  `(?s)producer got message 11.*producer got message 55.*producer sent the sentinel`,
		"06-producer-consumer-7":  `(?s)largest queue size seen: 10; setting the stop event.*(producer received the stop event.*consumer received the stop event, queue empty|consumer received the stop event, queue empty.*producer received the stop event).*main: queue empty\? true`,
		"06-producer-consumer-9":  `(?s)(worker \d: got the sentinel, stopping.*){3}main: all workers stopped`,
		"06-producer-consumer-11": `(?s)squarer: 2² = 4\n.*request 2 has been processed.*squarer: 4² = 16\n.*request 4 has been processed`,
		"06-producer-consumer-14": `(?s)(consumer \d: channel closed, stopping.*){3}main: every consumer stopped`,
		"06-producer-consumer-17": `got \[\], want \[GO IS FUN\]`,
	},
	"07-stopping-threads": {
		"07-stopping-threads-3":  `(?s)T-minus 10\n.*countdown stopped at \d\nalive after Join: false`,
		"07-stopping-threads-5":  `^No goroutine that a cell started is running\.\n$`,
		"07-stopping-threads-7":  `server listening on 127\.0\.0\.1:\d+`,
		"07-stopping-threads-9":  `(?s)reader got: tick 1\n.*reader stopped after \d+ lines and [1-9]\d* timeouts`,
		"07-stopping-threads-11": `tick 1\ntick 2\ntick 3\nticker: context canceled`,
		"07-stopping-threads-13": `(?s)got: tick 1\n.*reader stopped: context deadline exceeded`,
		"07-stopping-threads-15": `server closed: true`,
		"07-stopping-threads-18": `collect is still running a second later`,
	},
	"08-thread-specific-state": {
		"08-thread-specific-state-3":  `(?s)(Thread-\d+ \(remember\) sees name=(ada|bea|cy)\n){3}the main thread sees: <nil> false`,
		"08-thread-specific-state-9":  `(?s)(opened a connection.*){2}connections the server accepted: 2`,
		"08-thread-specific-state-11": `(?s)got RED.*new connections: 2`,
		"08-thread-specific-state-15": `the goroutines share a counter`,
	},
	"09-parallelism": {
		"09-parallelism-3":  `this machine has \d+ cores; Go uses \d+`,
		"09-parallelism-5":  `6057 primes below 60000, on one goroutine, in \d+`,
		"09-parallelism-7":  `6057 primes, on 8 goroutines, in .*\nspeedup on this machine: \d+\.\dx with \d+ cores`,
		"09-parallelism-9":  `^Wall time: \S+, CPU time: \S+`,
		"09-parallelism-11": `8 goroutines on 1 core: .*\nGOMAXPROCS is back to \d+`,
		"09-parallelism-14": `1 goroutine\(s\): .*\n2 goroutine\(s\): .*\n4 goroutine\(s\): .*\n8 goroutine\(s\): `,
		"09-parallelism-16": `^compiled, 6057 primes below 60000: one goroutine \S+, 8 goroutines \S+\nspeedup on this machine: \d+\.\dx with \d+ cores\n$`,
		"09-parallelism-20": `the work did not run on 4 goroutines`,
	},
	"10-actors": {
		"10-actors-5":  `(?s)printer got: hello\n(main: sent three messages\n)?printer got: world\n(main: sent three messages\n)?printer got: 42\n.*main: printer stopped\n$`,
		"10-actors-8":  `results: 5 42`,
		"10-actors-11": `count after 10 × 100 increments: 1000\ncounter: inbox closed, final count 1000`,
		"10-actors-15": `the account does not answer`,
	},
	"11-publish-subscribe": {
		"11-publish-subscribe-7":  `^\[left\] hello\n\[right\] hello\n\[left\] world\n\[right\] world\n\[left\] right has left\nthe counter received 3 messages\n$`,
		"11-publish-subscribe-9":  `^\[guest\] the guest hears this\n\[left\] the guest hears this\n\[left\] the guest is gone\n$`,
		"11-publish-subscribe-11": `(?s)publishing took (0s|[1-9]0ms)\n.*\[slow\] alert 1\n\[slow\] alert 2\n\[slow\] alert 3`,
		"11-publish-subscribe-14": `(?s)(ann|bob) received "first".*ann unsubscribed.*|(?s).*bob unsubscribed.*ann unsubscribed|(?s).*ann unsubscribed.*bob unsubscribed`,
		"11-publish-subscribe-17": `want \[x y\] for both, then closed`,
	},
	"12-generators-and-schedulers": {
		"12-generators-and-schedulers-3":  `^T-minus 3\nT-minus 2\nT-minus 1\nBlastoff!\n$`,
		"12-generators-and-schedulers-5":  `^T-minus 3\nT-minus 2\nT-minus 1\nBlastoff!\nT-minus 10\nT-minus 9\nT-minus 8\n\(stopped early\)\n$`,
		"12-generators-and-schedulers-7":  `^T-minus 3\nT-minus 2\nCounting up 0\nT-minus 2\nT-minus 1\nCounting up 1\nT-minus 1\nBlastoff!\nCounting up 2\nBlastoff!\n$`,
		"12-generators-and-schedulers-11": `^printer got: 4\nprinter got: 3\nprinter got: 2\nprinter got: 1\nprinter got: 0\nthreads running now: 1\n$`,
		"12-generators-and-schedulers-13": `^queue 1: from q1\nqueue 3: from q3\nqueue 2: from q2\n$`,
		"12-generators-and-schedulers-15": `^channel 1: from c1\nchannel 3: from c3\nchannel 2: from c2\n$`,
		"12-generators-and-schedulers-19": `got \[\], want \[1 10 20 2 11 3\]`,
	},
}

// alsoKeyOutputs are second patterns for cells whose threads print in
// orders one regular expression cannot express: each thread's lines keep
// their order, but the threads' lines interleave in any way.
var alsoKeyOutputs = map[string]string{
	"06-producer-consumer-4": `(?s)consumer storing message 11.*consumer storing message 55.*consumer got the sentinel: exiting`,
	// One thread may say all its words before the other opens its connection.
	"08-thread-specific-state-9": `(?s)got THREE.*connections the server accepted: 2`,
	// A compiled program's stdout and stderr come as they come, interleaved.
	"03-race-conditions-and-locks-20": `ending value: \d`,
	"03-race-conditions-and-locks-27": `the balance is \d+, not 500`,
}

// TestLessonNotebooks runs every committed notebook through the kernel's
// session, as "gothreads run" does, and checks that no cell fails unless
// tagged raises-exception and that the key outputs appear.
func TestLessonNotebooks(t *testing.T) {
	bin := kernelBinary(t)
	paths, _ := filepath.Glob("notebooks/*.ipynb")
	if len(paths) == 0 {
		t.Fatal("no notebooks")
	}
	for _, path := range paths {
		name := notebook.LessonName(path)
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			copyPath := filepath.Join(t.TempDir(), filepath.Base(path))
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			os.WriteFile(copyPath, data, 0o644)
			out, err := exec.Command(bin, "run", "-q", "-w", copyPath).CombinedOutput()
			if err != nil {
				t.Fatalf("gothreads run: %v\n%s", err, out)
			}
			nb, err := notebook.Read(copyPath)
			if err != nil {
				t.Fatal(err)
			}
			want := keyOutputs[name]
			if want == nil {
				t.Fatalf("no key outputs listed for %s", name)
			}
			for _, c := range nb.Cells {
				if c.CellType != "code" {
					continue
				}
				text := cellText(c)
				for _, o := range c.Outputs {
					if o["output_type"] == "error" && !c.HasTag("raises-exception") {
						t.Errorf("cell %s failed: %v", c.ID, o["evalue"])
					}
				}
				if pat, ok := want[c.ID]; ok {
					for _, p := range []string{pat, alsoKeyOutputs[c.ID]} {
						if p != "" && !regexp.MustCompile(p).MatchString(text) {
							t.Errorf("cell %s: output does not match %q:\n%s", c.ID, p, text)
						}
					}
					delete(want, c.ID)
				}
			}
			for id := range want {
				t.Errorf("no cell %s", id)
			}
		})
	}
}

// cellText joins a cell's stream, result and error texts.
func cellText(c *notebook.Cell) string {
	var b strings.Builder
	for _, o := range c.Outputs {
		switch o["output_type"] {
		case "stream":
			b.WriteString(joinText(o["text"]))
		case "execute_result", "display_data":
			if d, ok := o["data"].(map[string]any); ok {
				b.WriteString(joinText(d["text/plain"]) + "\n")
			}
		case "error":
			b.WriteString(joinText(o["evalue"]) + "\n")
		}
	}
	return b.String()
}

func joinText(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case []any:
		var b strings.Builder
		for _, s := range v {
			b.WriteString(s.(string))
		}
		return b.String()
	}
	return ""
}
