package kernel

import (
	"regexp"
	"strings"
)

// historySession is the session number our history entries carry. History
// lives as long as the kernel process, so there is only ever this one; a
// request for session 0 (IPython's "the current session") means it too.
const historySession = 1

type historyEntry struct {
	line  int
	input string
}

type historyContent struct {
	Output         bool   `json:"output"`
	Raw            bool   `json:"raw"`
	HistAccessType string `json:"hist_access_type"`
	Session        int    `json:"session"`
	Start          int    `json:"start"`
	Stop           int    `json:"stop"`
	N              int    `json:"n"`
	Pattern        string `json:"pattern"`
	Unique         bool   `json:"unique"`
}

// historyRequest answers tail, range and search requests over the cells run
// in this session.
func (k *Kernel) historyRequest(r *request) error {
	var c historyContent
	if err := decode(r, &c); err != nil {
		return err
	}
	k.stateMu.Lock()
	history := k.history[:len(k.history):len(k.history)] // appends go elsewhere
	k.stateMu.Unlock()
	var entries []historyEntry
	switch c.HistAccessType {
	case "tail":
		entries = lastN(history, c.N)
	case "range":
		if c.Session == 0 || c.Session == historySession {
			for _, e := range history {
				if e.line >= c.Start && (c.Stop <= 0 || e.line < c.Stop) {
					entries = append(entries, e)
				}
			}
		}
	case "search":
		re, err := globRegexp(c.Pattern)
		if err != nil {
			return err
		}
		seen := map[string]bool{}
		for _, e := range history {
			if !re.MatchString(e.input) {
				continue
			}
			if c.Unique {
				if seen[e.input] {
					continue
				}
				seen[e.input] = true
			}
			entries = append(entries, e)
		}
		entries = lastN(entries, c.N)
	}
	items := make([][]any, 0, len(entries))
	for _, e := range entries {
		if c.Output {
			items = append(items, []any{historySession, e.line, []any{e.input, nil}})
		} else {
			items = append(items, []any{historySession, e.line, e.input})
		}
	}
	k.reply(r, "history_reply", map[string]any{"status": "ok", "history": items})
	return nil
}

// lastN returns the last n entries, or all of them when n is not positive.
func lastN(entries []historyEntry, n int) []historyEntry {
	if n > 0 && len(entries) > n {
		return entries[len(entries)-n:]
	}
	return entries
}

// globRegexp compiles a history search pattern: a glob over the whole cell,
// where * matches any run of characters (newlines too) and ? any one, as in
// IPython's history search.
func globRegexp(pattern string) (*regexp.Regexp, error) {
	if pattern == "" {
		pattern = "*"
	}
	var b strings.Builder
	b.WriteString(`(?s)^`)
	for _, r := range pattern {
		switch r {
		case '*':
			b.WriteString(`.*`)
		case '?':
			b.WriteString(`.`)
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	b.WriteString(`$`)
	return regexp.Compile(b.String())
}
