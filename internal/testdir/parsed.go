package testdir

import (
	"slices"
	"sync"
)

// Parsed records the articles a load parses rather than finds in the build
// cache: give its Probe to collection.Options.Probe (the loader's
// "markdown" stage). It is safe for the loader's goroutines.
type Parsed struct {
	mu    sync.Mutex
	files []string
}

// Probe notes an article being parsed.
func (p *Parsed) Probe(stage, item string) {
	if stage == "markdown" {
		p.mu.Lock()
		p.files = append(p.files, item)
		p.mu.Unlock()
	}
}

// Take returns the articles parsed since the last Take, sorted, and
// forgets them.
func (p *Parsed) Take() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := p.files
	p.files = nil
	slices.Sort(out)
	return out
}
