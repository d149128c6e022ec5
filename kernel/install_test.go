package kernel

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

func TestInstallWritesKernelspec(t *testing.T) {
	kernels := t.TempDir()
	// A leftover file from an older install must not survive a reinstall.
	old := filepath.Join(kernels, KernelName, "stale.txt")
	os.MkdirAll(filepath.Dir(old), 0o755)
	os.WriteFile(old, []byte("old"), 0o644)

	for range 2 { // running it again replaces the spec
		if _, err := Install(kernels, "/opt/bin/gothreads"); err != nil {
			t.Fatal(err)
		}
	}
	dir := filepath.Join(kernels, KernelName)
	data, err := os.ReadFile(filepath.Join(dir, "kernel.json"))
	if err != nil {
		t.Fatal(err)
	}
	var spec struct {
		Argv          []string `json:"argv"`
		DisplayName   string   `json:"display_name"`
		Language      string   `json:"language"`
		InterruptMode string   `json:"interrupt_mode"`
	}
	if err := json.Unmarshal(data, &spec); err != nil {
		t.Fatal(err)
	}
	want := []string{"/opt/bin/gothreads", "kernel", "{connection_file}"}
	if len(spec.Argv) != 3 || spec.Argv[0] != want[0] || spec.Argv[1] != want[1] || spec.Argv[2] != want[2] {
		t.Errorf("argv %q; want %q", spec.Argv, want)
	}
	if spec.DisplayName != "Go (gothreads)" || spec.Language != "go" || spec.InterruptMode != "message" {
		t.Errorf("kernel.json %s", data)
	}
	for _, logo := range []string{"logo-32x32.png", "logo-64x64.png", "logo-svg.svg"} {
		if fi, err := os.Stat(filepath.Join(dir, logo)); err != nil || fi.Size() == 0 {
			t.Errorf("%s: %v", logo, err)
		}
	}
	if _, err := os.Stat(old); !os.IsNotExist(err) {
		t.Errorf("stale file survived the reinstall: %v", err)
	}
}

func TestReadConnectionFile(t *testing.T) {
	dir := t.TempDir()
	write := func(s string) string {
		p := filepath.Join(dir, "c.json")
		os.WriteFile(p, []byte(s), 0o600)
		return p
	}
	good := `{"transport":"tcp","ip":"127.0.0.1","shell_port":1,"control_port":2,"iopub_port":3,"stdin_port":4,"hb_port":5,"key":"k","signature_scheme":"hmac-sha256"}`
	info, err := ReadConnectionFile(write(good))
	if err != nil {
		t.Fatal(err)
	}
	if info.endpoint(info.IOPubPort) != "tcp://127.0.0.1:3" {
		t.Errorf("iopub endpoint %s", info.endpoint(info.IOPubPort))
	}
	for _, bad := range []string{
		`{`,
		`{"transport":"ipc","ip":"x","shell_port":1,"control_port":2,"iopub_port":3,"stdin_port":4,"hb_port":5}`,
		`{"transport":"tcp","ip":"127.0.0.1","shell_port":0,"control_port":2,"iopub_port":3,"stdin_port":4,"hb_port":5}`,
		`{"transport":"tcp","ip":"127.0.0.1","shell_port":1,"control_port":2,"iopub_port":3,"stdin_port":4,"hb_port":5,"key":"k","signature_scheme":"hmac-md5"}`,
	} {
		if _, err := ReadConnectionFile(write(bad)); err == nil {
			t.Errorf("ReadConnectionFile(%s) succeeded; want an error", bad)
		}
	}
}
