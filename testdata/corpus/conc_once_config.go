// sync.Once and sync.OnceValue: a config file "loaded" once although many request handlers ask for it at the same time.
package main

import (
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
)

type config struct {
	port    int
	workers int
	region  string
}

var (
	loadOnce sync.Once
	cfg      *config
	loads    atomic.Int32
	builds   atomic.Int32
)

func getConfig() *config {
	loadOnce.Do(func() {
		loads.Add(1)
		cfg = &config{port: 8080, workers: 4, region: "eu-west"}
	})
	return cfg
}

// A banner built lazily with sync.OnceValue.
var banner = sync.OnceValue(func() string {
	builds.Add(1)
	c := getConfig()
	return strings.ToUpper(fmt.Sprintf("%s:%d", c.region, c.port))
})

func main() {
	var wg sync.WaitGroup
	ports := make([]int, 8)
	banners := make([]string, 8)
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ports[i] = getConfig().port + i
			banners[i] = banner()
		}()
	}
	wg.Wait()

	fmt.Println("handler ports:", ports)
	same := true
	for _, b := range banners {
		same = same && b == banners[0]
	}
	fmt.Println("banner:", banners[0], "identical:", same)
	fmt.Println("config loads:", loads.Load(), "banner builds:", builds.Load())

	// Once.Do runs only the first function it is given, even a different one.
	var once sync.Once
	calls := []string{}
	for _, name := range []string{"first", "second", "third"} {
		once.Do(func() { calls = append(calls, name) })
	}
	fmt.Println("ran:", calls)
	fmt.Println("workers:", getConfig().workers, "region:", getConfig().region)
}
