package kernel

import (
	"encoding/json"
	"fmt"
	"os"
)

// ConnectionInfo is the content of the connection file Jupyter writes before
// it starts a kernel: where to listen and how to sign messages.
type ConnectionInfo struct {
	Transport       string `json:"transport"`
	IP              string `json:"ip"`
	ShellPort       int    `json:"shell_port"`
	ControlPort     int    `json:"control_port"`
	IOPubPort       int    `json:"iopub_port"`
	StdinPort       int    `json:"stdin_port"`
	HBPort          int    `json:"hb_port"`
	Key             string `json:"key"`
	SignatureScheme string `json:"signature_scheme"`
}

// ReadConnectionFile reads and checks a connection file.
func ReadConnectionFile(path string) (ConnectionInfo, error) {
	var info ConnectionInfo
	data, err := os.ReadFile(path)
	if err != nil {
		return info, fmt.Errorf("reading connection file: %w", err)
	}
	if err := json.Unmarshal(data, &info); err != nil {
		return info, fmt.Errorf("parsing connection file %s: %w", path, err)
	}
	if err := info.check(); err != nil {
		return info, fmt.Errorf("connection file %s: %w", path, err)
	}
	return info, nil
}

func (c ConnectionInfo) check() error {
	if c.Transport != "tcp" {
		return fmt.Errorf("transport %q is not supported (only tcp)", c.Transport)
	}
	if c.IP == "" {
		return fmt.Errorf("no ip")
	}
	if c.SignatureScheme != "hmac-sha256" && !(c.SignatureScheme == "" && c.Key == "") {
		return fmt.Errorf("signature scheme %q is not supported (only hmac-sha256)", c.SignatureScheme)
	}
	for name, port := range map[string]int{
		"shell_port": c.ShellPort, "control_port": c.ControlPort, "iopub_port": c.IOPubPort,
		"stdin_port": c.StdinPort, "hb_port": c.HBPort,
	} {
		if port <= 0 || port > 65535 {
			return fmt.Errorf("%s %d is not a port number", name, port)
		}
	}
	return nil
}

func (c ConnectionInfo) endpoint(port int) string {
	return fmt.Sprintf("%s://%s:%d", c.Transport, c.IP, port)
}
