// Package par runs the pipeline's parallel work: a bounded number of tasks
// at a time, each turning a panic into an error that names the item it was
// working on, so one bad article ends the build with a message instead of a
// stack trace, and nothing else is left running.
package par

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"

	"golang.org/x/sync/semaphore"
)

// Panic is a panic recovered in a task.
type Panic struct {
	Item  string // what the task was working on ("a.md")
	Value any    // what was passed to panic
	Stack []byte
}

func (p *Panic) Error() string {
	if p.Item == "" {
		return fmt.Sprintf("internal error (please report it with the input that caused it): %v", p.Value)
	}
	return fmt.Sprintf("%s: internal error (please report it with the file): %v", p.Item, p.Value)
}

// Limit is the default number of tasks run at once: one per CPU.
func Limit() int { return runtime.GOMAXPROCS(0) }

// Do calls f and returns its error, or a *Panic naming item if it panics.
func Do(item string, f func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &Panic{Item: item, Value: r, Stack: debug.Stack()}
		}
	}()
	return f()
}

// Each runs f(i) for i in [0, n), at most limit at a time (Limit() when
// limit <= 0). item(i) names what task i works on, for panics. It returns
// the error of the lowest i that failed; once a task fails, tasks not yet
// started are skipped.
//
// Tasks are started in order of i by limit workers, each running task
// after task: a goroutine per task grew a new stack for each (parsing and
// lowering an article's Markdown goes deep), 4% of loading a book.
func Each(n, limit int, item func(i int) string, f func(i int) error) error {
	if limit <= 0 {
		limit = Limit()
	}
	limit = min(limit, n)
	errs := make([]error, n)
	var (
		wg     sync.WaitGroup
		next   atomic.Int64
		failed atomic.Bool
	)
	wg.Add(limit)
	for w := 0; w < limit; w++ {
		go func() {
			defer wg.Done()
			for !failed.Load() {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				if err := Do(item(i), func() error { return f(i) }); err != nil {
					errs[i] = err
					failed.Store(true)
				}
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// Ordered runs produce(i) for i in [0, n) in parallel, at most limit at a
// time and at most window ahead of the consumer, and calls consume(i, v)
// in order of i from the calling goroutine. The window bounds memory: a
// produced value waits for its turn, and production stops window items
// ahead. The first error (a panic in produce included, naming item(i)), or
// ctx ending, stops everything; Ordered returns once no task is running.
func Ordered[T any](ctx context.Context, n, limit, window int, item func(i int) string,
	produce func(i int) (T, error), consume func(i int, v T) error) error {
	return OrderedWeighted(ctx, n, limit, window, nil, 0, item, produce, consume)
}

// OrderedWeighted is Ordered with a second bound on what is ahead of the
// consumer: the weights of the items produced or being produced and not yet
// consumed add up to at most budget, except that an item heavier than the
// budget runs alone. Items are started in order, so an item waiting for
// the budget never holds up one before it. The pipeline weighs articles by
// their size, so that a few very large ones are laid out one at a time
// whatever the number of CPUs, instead of window of them at once.
func OrderedWeighted[T any](ctx context.Context, n, limit, window int, weight func(i int) int64, budget int64,
	item func(i int) string, produce func(i int) (T, error), consume func(i int, v T) error) error {
	if limit <= 0 {
		limit = Limit()
	}
	if window < limit {
		window = limit
	}
	type result struct {
		v   T
		err error
	}
	results := make([]chan result, n)
	for i := range results {
		results[i] = make(chan result, 1)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ahead := make(chan struct{}, window)
	sem := make(chan struct{}, limit)
	var heavy *semaphore.Weighted
	weights := make([]int64, n)
	if weight != nil && budget > 0 {
		heavy = semaphore.NewWeighted(budget)
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; i < n; i++ {
			select {
			case ahead <- struct{}{}:
			case <-ctx.Done():
				return
			}
			if heavy != nil {
				weights[i] = min(max(weight(i), 1), budget)
				if heavy.Acquire(ctx, weights[i]) != nil {
					return
				}
			}
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				return
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer func() { <-sem }()
				var v T
				err := Do(item(i), func() (err error) {
					v, err = produce(i)
					return err
				})
				results[i] <- result{v, err}
			}()
		}
	}()
	err := func() error {
		for i := 0; i < n; i++ {
			if err := ctx.Err(); err != nil {
				return err
			}
			var r result
			select {
			case r = <-results[i]:
			case <-ctx.Done():
				return ctx.Err()
			}
			if r.err != nil {
				return r.err
			}
			if err := consume(i, r.v); err != nil {
				return err
			}
			if heavy != nil {
				heavy.Release(weights[i])
			}
			<-ahead
		}
		return nil
	}()
	cancel()
	wg.Wait()
	return err
}
