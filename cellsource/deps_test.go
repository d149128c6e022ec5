package cellsource

import (
	"os/exec"
	"strings"
	"testing"
)

// The cell compiler knows no interpreter and no session: it imports the
// standard library only (issue 17's room of its own).
func TestImportsOnlyTheStandardLibrary(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, p := range strings.Fields(string(out)) {
		if p != "github.com/gothreads/gothreads/cellsource" {
			t.Errorf("cellsource depends on %s", p)
		}
	}
}
