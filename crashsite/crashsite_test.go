package crashsite

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// A real crash: this test binary runs itself with crashChild set, and the
// child dies of concurrent map writes inside Run.
func TestFindInARealCrash(t *testing.T) {
	if os.Getenv("CRASHSITE_CHILD") == "1" {
		m := map[int]int{}
		for range 2 {
			go Run(12, 34, func() {
				for i := 0; ; i++ {
					m[i%64] = i
				}
			})
		}
		select {}
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestFindInARealCrash$")
	cmd.Env = append(os.Environ(), "CRASHSITE_CHILD=1")
	out, _ := cmd.CombinedOutput()
	report := string(out)
	if !strings.Contains(report, "fatal error: concurrent map writes") {
		t.Fatalf("the child did not crash as expected:\n%s", report)
	}
	site, ok := Find(report)
	if !ok || site.Cell != 12 || site.Line != 34 {
		t.Errorf("Find = %+v, %v; want cell 12, line 34, from:\n%s", site, ok, report)
	}
	if !strings.HasSuffix(site.CreatedBy, "crashsite.TestFindInARealCrash") {
		t.Errorf("CreatedBy = %q", site.CreatedBy)
	}
}

func TestFind(t *testing.T) {
	report := `fatal error: concurrent map writes

goroutine 41 [running]:
internal/runtime/maps.fatal({0x4b2fee?, 0x0?})
	/usr/local/go/src/runtime/panic.go:1181 +0x18
reflect.mapassign0(...)
github.com/gothreads/gothreads/crashsite.Run(0x5, 0x1c, 0xc000123456?)
	/src/crashsite/crashsite.go:22 +0x22
created by github.com/gothreads/gothreads/session.(*Session).spawn in goroutine 40
	/src/session/goroutines.go:50 +0x3c

goroutine 1 [chan receive]:
github.com/gothreads/gothreads/crashsite.Run(0x1, 0x2, 0xc000654321?)
`
	site, ok := Find(report)
	want := Site{Cell: 5, Line: 28, CreatedBy: "github.com/gothreads/gothreads/session.(*Session).spawn"}
	if !ok || site.Cell != want.Cell || site.Line != want.Line || site.CreatedBy != want.CreatedBy || site.Labels != nil {
		t.Errorf("Find = %+v, %v; want %+v", site, ok, want)
	}

	// The failing goroutine has no Run frame: no site, even though a
	// later goroutine has one.
	noSite := strings.Replace(report, "github.com/gothreads/gothreads/crashsite.Run(0x5, 0x1c, 0xc000123456?)\n", "", 1)
	if site, ok := Find(noSite); !ok || site.Cell != 0 || site.Line != 0 {
		t.Errorf("Find without a Run frame = %+v, %v", site, ok)
	}

	labeled := strings.Replace(noSite, "goroutine 41 [running]:", `goroutine 41 [running labels:{"cell": "7", "odd \"key\"": "v"}]:`, 1)
	if site, ok := Find(labeled); !ok || site.Labels["cell"] != "7" || site.Labels[`odd "key"`] != "v" {
		t.Errorf("Find with labels = %+v, %v", site, ok)
	}

	if _, ok := Find("panic: something\n[signal SIGSEGV]\n"); ok {
		t.Error("Find found a goroutine in a report without one")
	}
}
