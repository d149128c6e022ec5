// A worker pool: three workers take jobs from a jobs channel and send results on a results channel; results sorted by job id.
package main

import (
	"fmt"
	"sort"
	"sync"
)

type job struct {
	id int
	n  int
}

type result struct {
	jobID  int
	n      int
	steps  int
	worker int
}

// collatz counts the steps needed to reach 1.
func collatz(n int) int {
	steps := 0
	for n != 1 {
		if n%2 == 0 {
			n /= 2
		} else {
			n = 3*n + 1
		}
		steps++
	}
	return steps
}

func worker(id int, jobs <-chan job, results chan<- result, wg *sync.WaitGroup) {
	defer wg.Done()
	for j := range jobs {
		results <- result{jobID: j.id, n: j.n, steps: collatz(j.n), worker: id}
	}
}

func main() {
	inputs := []int{27, 7, 97, 1, 871, 12, 6171, 3, 19}
	jobs := make(chan job)
	results := make(chan result, len(inputs))

	var wg sync.WaitGroup
	for w := 1; w <= 3; w++ {
		wg.Add(1)
		go worker(w, jobs, results, &wg)
	}
	for i, n := range inputs {
		jobs <- job{id: i + 1, n: n}
	}
	close(jobs)
	wg.Wait()
	close(results)

	var all []result
	perWorker := map[int]int{}
	for r := range results {
		all = append(all, r)
		perWorker[r.worker]++
	}
	sort.Slice(all, func(i, j int) bool { return all[i].jobID < all[j].jobID })

	longest := all[0]
	for _, r := range all {
		fmt.Printf("job %d: collatz(%d) = %d steps\n", r.jobID, r.n, r.steps)
		if r.steps > longest.steps {
			longest = r
		}
	}
	fmt.Println("jobs completed:", len(all), "workers used <= 3:", len(perWorker) <= 3)
	fmt.Printf("longest: %d with %d steps\n", longest.n, longest.steps)
}
