// Package notebook reads and writes Jupyter notebooks (nbformat 4), builds
// them from lesson sources, and runs them through an evaluator without
// Jupyter.
//
// A lesson source is Markdown. Each fenced block whose info string starts
// with "go" becomes a code cell; the text between blocks becomes Markdown
// cells, split at lines holding only "+++". Words after "go" in the info
// string are the cell's tags, such as raises-exception:
//
//	```go raises-exception
//	var m sync.Mutex
//	m.Unlock()
//	```
package notebook

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// Notebook is an nbformat 4 notebook.
type Notebook struct {
	Cells         []*Cell        `json:"cells"`
	Metadata      map[string]any `json:"metadata"`
	NBFormat      int            `json:"nbformat"`
	NBFormatMinor int            `json:"nbformat_minor"`
}

// Cell is a notebook cell.
type Cell struct {
	CellType       string         `json:"cell_type"`
	ExecutionCount *int           `json:"execution_count,omitempty"`
	ID             string         `json:"id"`
	Metadata       map[string]any `json:"metadata"`
	Outputs        []Output       `json:"outputs,omitempty"`
	Source         Lines          `json:"source"`

	code bool // a code cell: outputs and execution_count are always written
}

// Output is one output of a code cell, as nbformat stores it.
type Output map[string]any

// Lines is multi-line text, stored as nbformat does: a list of lines, each
// but the last ending in a newline. It reads either form.
type Lines string

func (l Lines) MarshalJSON() ([]byte, error) { return json.Marshal(splitLines(string(l))) }

func (l *Lines) UnmarshalJSON(b []byte) error {
	var s string
	if json.Unmarshal(b, &s) == nil {
		*l = Lines(s)
		return nil
	}
	var parts []string
	if err := json.Unmarshal(b, &parts); err != nil {
		return fmt.Errorf("notebook text: %w", err)
	}
	*l = Lines(strings.Join(parts, ""))
	return nil
}

func splitLines(s string) []string {
	lines := strings.SplitAfter(s, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	if lines == nil {
		lines = []string{}
	}
	return lines
}

// MarshalJSON writes a cell with the fields its type requires.
func (c *Cell) MarshalJSON() ([]byte, error) {
	if c.CellType != "code" {
		type md struct {
			CellType string         `json:"cell_type"`
			ID       string         `json:"id"`
			Metadata map[string]any `json:"metadata"`
			Source   Lines          `json:"source"`
		}
		return json.Marshal(md{c.CellType, c.ID, nonNil(c.Metadata), c.Source})
	}
	type code struct {
		CellType       string         `json:"cell_type"`
		ExecutionCount *int           `json:"execution_count"`
		ID             string         `json:"id"`
		Metadata       map[string]any `json:"metadata"`
		Outputs        []Output       `json:"outputs"`
		Source         Lines          `json:"source"`
	}
	outs := c.Outputs
	if outs == nil {
		outs = []Output{}
	}
	return json.Marshal(code{c.CellType, c.ExecutionCount, c.ID, nonNil(c.Metadata), outs, c.Source})
}

func nonNil(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}

// Tags returns the cell's tags.
func (c *Cell) Tags() []string {
	var tags []string
	if list, ok := c.Metadata["tags"].([]any); ok {
		for _, t := range list {
			if s, ok := t.(string); ok {
				tags = append(tags, s)
			}
		}
	}
	if list, ok := c.Metadata["tags"].([]string); ok {
		tags = append(tags, list...)
	}
	return tags
}

// HasTag reports whether the cell carries tag.
func (c *Cell) HasTag(tag string) bool {
	for _, t := range c.Tags() {
		if t == tag {
			return true
		}
	}
	return false
}

// Read reads a notebook file.
func Read(path string) (*Notebook, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var nb Notebook
	if err := json.Unmarshal(data, &nb); err != nil {
		return nil, fmt.Errorf("%s: not a notebook: %w", path, err)
	}
	if nb.NBFormat != 4 {
		return nil, fmt.Errorf("%s: nbformat %d; only 4 is supported", path, nb.NBFormat)
	}
	return &nb, nil
}

// Write writes nb to path as Jupyter does: indented JSON with a final
// newline, so that diffs stay readable.
func Write(path string, nb *Notebook) error {
	data, err := Marshal(nb)
	if err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o644)
}

// Marshal encodes nb as Jupyter writes notebooks.
func Marshal(nb *Notebook) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", " ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(nb); err != nil {
		return nil, fmt.Errorf("encoding notebook: %w", err)
	}
	return buf.Bytes(), nil
}

// Metadata returns the notebook metadata of a gothreads notebook: the
// kernelspec and the Go language_info. goVersion is the Go version to
// record.
func Metadata(goVersion string) map[string]any {
	return map[string]any{
		"kernelspec": map[string]any{"display_name": "Go (gothreads)", "language": "go", "name": "gothreads"},
		"language_info": map[string]any{
			"name": "go", "version": goVersion, "mimetype": "text/x-go", "file_extension": ".go",
			"pygments_lexer": "go", "codemirror_mode": "go",
		},
	}
}

var (
	fence     = regexp.MustCompile("^```go(?:[ \t]+(.*))?$")
	separator = "+++"
)

// FromLesson builds a notebook from a lesson source. name (the file's base
// name without extension) makes the cell ids.
func FromLesson(name, src, goVersion string) (*Notebook, error) {
	nb := &Notebook{Metadata: Metadata(goVersion), NBFormat: 4, NBFormatMinor: 5}
	idBase := regexp.MustCompile(`[^A-Za-z0-9_-]+`).ReplaceAllString(name, "-")
	add := func(kind, text string, tags []string) {
		text = strings.Trim(text, "\n")
		if strings.TrimSpace(text) == "" {
			return
		}
		c := &Cell{CellType: kind, ID: fmt.Sprintf("%s-%d", idBase, len(nb.Cells)+1), Source: Lines(text), Metadata: map[string]any{}}
		if len(tags) > 0 {
			c.Metadata["tags"] = tags
		}
		nb.Cells = append(nb.Cells, c)
	}
	var prose, code strings.Builder
	var tags []string
	inCode := false
	for _, line := range strings.Split(src, "\n") {
		switch {
		case !inCode && fence.MatchString(line):
			add("markdown", prose.String(), nil)
			prose.Reset()
			inCode = true
			tags = strings.Fields(fence.FindStringSubmatch(line)[1])
		case inCode && line == "```":
			add("code", code.String(), tags)
			code.Reset()
			inCode = false
		case inCode:
			code.WriteString(line + "\n")
		case strings.TrimSpace(line) == separator:
			add("markdown", prose.String(), nil)
			prose.Reset()
		default: // prose, including fences of other languages
			prose.WriteString(line + "\n")
		}
	}
	if inCode {
		return nil, fmt.Errorf("lesson %s: a ```go block is not closed", name)
	}
	add("markdown", prose.String(), nil)
	return nb, nil
}

// LessonName returns the name a lesson file's notebook gets: its base name
// without extension.
func LessonName(path string) string {
	return strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
}
