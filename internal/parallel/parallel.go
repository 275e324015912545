// Package parallel spreads independent work over the machine's cores.
package parallel

import (
	"runtime"
	"sync"
)

// Do calls do(0) … do(n-1) on up to GOMAXPROCS goroutines and returns
// when all have returned. The calls must not depend on each other's order.
func Do(n int, do func(i int)) {
	Workers(runtime.GOMAXPROCS(0), n, do)
}

// Workers is Do on up to workers goroutines: more than the cores for work
// that mostly waits on the file system.
func Workers(workers, n int, do func(i int)) {
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(workers, n) {
		wg.Go(func() {
			for i := range next {
				do(i)
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}
