package kernel

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
)

// KernelName is the kernelspec's name: `jupyter console --kernel gothreads`.
const KernelName = "gothreads"

// kernelSpec is the content of kernel.json.
type kernelSpec struct {
	Argv          []string          `json:"argv"`
	DisplayName   string            `json:"display_name"`
	Language      string            `json:"language"`
	InterruptMode string            `json:"interrupt_mode"`
	Env           map[string]string `json:"env,omitempty"`
	Metadata      map[string]any    `json:"metadata"`
}

// InstallDir returns the kernels directory Jupyter reads for a scope:
// "user" (the default), "sys-prefix" (the prefix of the jupyter command on
// PATH, as for a virtual environment), or an explicit prefix.
func InstallDir(scope, prefix string) (string, error) {
	switch scope {
	case "prefix":
		return filepath.Join(prefix, "share", "jupyter", "kernels"), nil
	case "sys-prefix":
		jupyter, err := exec.LookPath("jupyter")
		if err != nil {
			return "", fmt.Errorf("--sys-prefix needs the jupyter command on PATH: %w", err)
		}
		return filepath.Join(filepath.Dir(filepath.Dir(jupyter)), "share", "jupyter", "kernels"), nil
	default:
		dir, err := userDataDir()
		if err != nil {
			return "", err
		}
		return filepath.Join(dir, "kernels"), nil
	}
}

// userDataDir is Jupyter's per-user data directory (jupyter --data-dir).
func userDataDir() (string, error) {
	if d := os.Getenv("JUPYTER_DATA_DIR"); d != "" {
		return d, nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("finding the Jupyter data directory: %w", err)
	}
	switch runtime.GOOS {
	case "darwin":
		return filepath.Join(home, "Library", "Jupyter"), nil
	case "windows":
		if appdata := os.Getenv("APPDATA"); appdata != "" {
			return filepath.Join(appdata, "jupyter"), nil
		}
		return filepath.Join(home, "AppData", "Roaming", "jupyter"), nil
	}
	if xdg := os.Getenv("XDG_DATA_HOME"); xdg != "" {
		return filepath.Join(xdg, "jupyter"), nil
	}
	return filepath.Join(home, ".local", "share", "jupyter"), nil
}

// Install writes the gothreads kernelspec into kernelsDir, replacing any
// earlier one, with binary (an absolute path) as the kernel to start. It
// returns the kernelspec's directory.
func Install(kernelsDir, binary string) (string, error) {
	dir := filepath.Join(kernelsDir, KernelName)
	if err := os.RemoveAll(dir); err != nil {
		return "", fmt.Errorf("removing the old kernelspec: %w", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("creating the kernelspec directory: %w", err)
	}
	spec := kernelSpec{
		Argv:          []string{binary, "kernel", "{connection_file}"},
		DisplayName:   "Go (gothreads)",
		Language:      "go",
		InterruptMode: "message",
		Metadata:      map[string]any{"debugger": false},
	}
	js, err := json.MarshalIndent(spec, "", "  ")
	if err != nil {
		return "", err
	}
	files := map[string][]byte{"kernel.json": append(js, '\n'), "logo-svg.svg": []byte(logoSVG)}
	for _, size := range []int{32, 64} {
		png, err := logoPNG(size)
		if err != nil {
			return "", err
		}
		files[fmt.Sprintf("logo-%dx%d.png", size, size)] = png
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return "", fmt.Errorf("writing the kernelspec: %w", err)
		}
	}
	return dir, nil
}
