// Type switches with a nil case, several types per case, and a custom type in a settings loader.
// corpus: refused the interpreter cannot tell int from Duration
package main

import (
	"fmt"
	"sort"
	"strings"
)

type Duration int

type Setting struct {
	Key   string
	Value any
}

func render(v any) string {
	switch x := v.(type) {
	case nil:
		return "<unset>"
	case int, int64:
		// x has type any here because the case lists two types.
		return fmt.Sprintf("integer %v", x)
	case float64:
		return fmt.Sprintf("float %.2f", x)
	case string:
		return fmt.Sprintf("string %q (len %d)", x, len(x))
	case bool:
		if x {
			return "enabled"
		}
		return "disabled"
	case Duration:
		return fmt.Sprintf("%ds", int(x))
	case []string:
		return "list " + strings.Join(x, ",")
	case error:
		return "error: " + x.Error()
	default:
		return fmt.Sprintf("unsupported %T", x)
	}
}

func main() {
	settings := []Setting{
		{"port", 8080}, {"max_size", int64(1 << 40)}, {"ratio", 0.75},
		{"name", "gopher"}, {"debug", false}, {"verbose", true},
		{"timeout", Duration(30)}, {"hosts", []string{"a", "b", "c"}}, {"proxy", nil},
		{"last_error", fmt.Errorf("code %d", 503)}, {"weights", []float64{1, 2}},
	}
	sort.Slice(settings, func(i, j int) bool { return settings[i].Key < settings[j].Key })
	counts := map[string]int{}
	for _, s := range settings {
		out := render(s.Value)
		kind := strings.Fields(out)[0]
		counts[kind]++
		fmt.Printf("%-10s = %s\n", s.Key, out)
	}
	var kinds []string
	for k := range counts {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		fmt.Printf("%s:%d ", k, counts[k])
	}
	fmt.Println()
}
