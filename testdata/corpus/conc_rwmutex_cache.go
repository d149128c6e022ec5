// A DNS cache guarded by sync.RWMutex: many concurrent readers under RLock, writers under Lock, an atomic lookup counter.
package main

import (
	"fmt"
	"sort"
	"sync"
	"sync/atomic"
)

type cache struct {
	mu      sync.RWMutex
	entries map[string]string
	lookups atomic.Int64 // readers hold RLock together, so this must be atomic
}

func (c *cache) Lookup(host string) (string, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	c.lookups.Add(1)
	ip, ok := c.entries[host]
	return ip, ok
}

func (c *cache) Store(host, ip string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.entries[host] = ip
}

func (c *cache) Hosts() []string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	hosts := make([]string, 0, len(c.entries))
	for h := range c.entries {
		hosts = append(hosts, h)
	}
	sort.Strings(hosts)
	return hosts
}

func main() {
	c := &cache{entries: map[string]string{
		"go.dev":      "10.0.0.1",
		"example.com": "10.0.0.2",
		"golang.org":  "10.0.0.3",
	}}
	known := c.Hosts()

	var hits, misses atomic.Int64
	var wg sync.WaitGroup
	for range 5 {
		wg.Go(func() {
			for i := range 20 {
				if _, ok := c.Lookup(known[i%len(known)]); ok {
					hits.Add(1)
				}
				if _, ok := c.Lookup("missing.test"); !ok {
					misses.Add(1)
				}
			}
		})
	}
	for w := range 2 {
		wg.Go(func() {
			for i := 1; i <= 3; i++ {
				c.Store(fmt.Sprintf("svc%d-%d.internal", w, i), fmt.Sprintf("192.168.%d.%d", w, i))
			}
		})
	}
	wg.Wait()

	fmt.Println("hits:", hits.Load(), "misses:", misses.Load(), "lookups:", c.lookups.Load())
	hosts := c.Hosts()
	fmt.Println("cached hosts:", len(hosts))
	for _, h := range hosts {
		ip, _ := c.Lookup(h)
		fmt.Printf("  %-18s %s\n", h, ip)
	}
}
