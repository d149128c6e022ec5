// The maps package on service configs: Clone, Equal, EqualFunc, DeleteFunc, Copy, Collect and sorted Keys/Values.
package main

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

type Config map[string]string

func Diff[M ~map[K]V, K comparable, V comparable](old, updated M) (added, changed, removed []K) {
	for k, v := range updated {
		if ov, ok := old[k]; !ok {
			added = append(added, k)
		} else if ov != v {
			changed = append(changed, k)
		}
	}
	for k := range old {
		if _, ok := updated[k]; !ok {
			removed = append(removed, k)
		}
	}
	return added, changed, removed
}

func main() {
	base := Config{"port": "8080", "host": "localhost", "debug": "true", "tmp.cache": "/tmp/c", "tmp.logs": "/tmp/l"}
	prod := maps.Clone(base)
	fmt.Println("clone equal:", maps.Equal(base, prod))

	prod["host"] = "api.example.org"
	prod["debug"] = "false"
	maps.DeleteFunc(prod, func(k, _ string) bool { return strings.HasPrefix(k, "tmp.") })
	maps.Copy(prod, Config{"tls": "on", "port": "8080"})
	fmt.Println("after edits equal:", maps.Equal(base, prod), "len:", len(base), len(prod))

	added, changed, removed := Diff(base, prod)
	slices.Sort(added)
	slices.Sort(changed)
	slices.Sort(removed)
	fmt.Println("added:", added, "changed:", changed, "removed:", removed)

	for _, k := range slices.Sorted(maps.Keys(prod)) {
		fmt.Printf("  %s=%s\n", k, prod[k])
	}
	fmt.Println("values:", slices.Sorted(maps.Values(prod)))

	loud := Config{"port": "8080", "host": "API.EXAMPLE.ORG", "debug": "FALSE", "tls": "ON"}
	same := maps.EqualFunc(prod, loud, func(a, b string) bool { return strings.EqualFold(a, b) })
	fmt.Println("equal ignoring value case:", same, "strict:", maps.Equal(prod, loud))

	upper := maps.Collect(func(yield func(string, string) bool) {
		for k, v := range maps.All(prod) {
			if !yield(strings.ToUpper(k), v) {
				return
			}
		}
	})
	fmt.Println("upper keys:", slices.Sorted(maps.Keys(upper)), "HOST:", upper["HOST"])
}
