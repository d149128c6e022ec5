// A bank with concurrent deposits and withdrawals: sync.WaitGroup and a sync.Mutex with deferred Unlock guarding a map.
package main

import (
	"fmt"
	"sort"
	"sync"
)

type Bank struct {
	mu       sync.Mutex
	balances map[string]int
}

func (b *Bank) Deposit(name string, amount int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.balances[name] += amount
}

func (b *Bank) Withdraw(name string, amount int) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.balances[name] < amount {
		return false
	}
	b.balances[name] -= amount
	return true
}

func (b *Bank) Report(title string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	names := make([]string, 0, len(b.balances))
	for n := range b.balances {
		names = append(names, n)
	}
	sort.Strings(names)
	fmt.Println(title)
	for _, n := range names {
		fmt.Printf("  %-6s %5d\n", n, b.balances[n])
	}
}

func main() {
	bank := &Bank{balances: make(map[string]int)}
	customers := []string{"alice", "bob", "carol"}

	var wg sync.WaitGroup
	for i := 1; i <= 30; i++ {
		wg.Add(1)
		go func(n int) {
			defer wg.Done()
			bank.Deposit(customers[n%len(customers)], n*5)
		}(i)
	}
	wg.Wait()
	bank.Report("after deposits:")

	// Equal withdrawals: how many succeed does not depend on their order.
	approved := make(chan bool, 10)
	for range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			approved <- bank.Withdraw("bob", 100)
		}()
	}
	wg.Wait()
	close(approved)
	yes := 0
	for ok := range approved {
		if ok {
			yes++
		}
	}
	fmt.Printf("withdrawals approved=%d declined=%d\n", yes, 10-yes)
	bank.Report("after withdrawals:")
}
