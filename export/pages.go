package export

import (
	"context"
	"sync"

	"github.com/warraq/warraq/export/render"
)

// The EPUB carries the PDF's pages (its page list), so within one build
// the PDF's layout says where its pages begin and the EPUB waits for it:
// the paginator is started first, and a format that reads pages blocks
// until the paginator has finished. A build that writes no PDF writes an
// EPUB without a page list: laying the book out for it alone made an
// EPUB-only build of 100 generated articles take 2 to 3 times as long
// (README, "Print pages in the EPUB").

// pageFeed hands the paginator's page breaks to the formats that read them.
// The paginator gives them as soon as its pages are final (Input.Paginated),
// so the readers start while it writes the rest of its file.
type pageFeed struct {
	pager  int // index of the Paginator among the formats, -1: none built
	done   chan struct{}
	once   sync.Once
	breaks []render.PageBreak
}

func newPageFeed(formats []render.Renderer) *pageFeed {
	f := &pageFeed{pager: -1, done: make(chan struct{})}
	for i, r := range formats {
		if _, ok := r.(render.Paginator); ok && f.pager < 0 {
			f.pager = i
		}
	}
	return f
}

// order is the order to start the formats in: the paginator first, so a
// reader waiting for it never holds the only slot.
func (f *pageFeed) order(n int) []int {
	out := make([]int, 0, n)
	if f.pager >= 0 {
		out = append(out, f.pager)
	}
	for i := 0; i < n; i++ {
		if i != f.pager {
			out = append(out, i)
		}
	}
	return out
}

// publish gives the paginator's page breaks (nil if it failed before it
// had them) to the readers; the first call counts, and the paginator's
// end calls it whatever happened.
func (f *pageFeed) publish(breaks []render.PageBreak) {
	f.once.Do(func() {
		f.breaks = breaks
		close(f.done)
	})
}

// pagesFor returns the input for format r: in itself, or, for a format
// that reads pages when the build has a paginator, a copy with its page
// breaks, once they are known.
func pagesFor(ctx context.Context, f *pageFeed, r render.Renderer, in *render.Input) (*render.Input, error) {
	if _, ok := r.(render.PageReader); !ok {
		return in, nil
	}
	if f.pager < 0 {
		return in, nil
	}
	cp := *in
	select {
	case <-f.done:
		cp.PageBreaks = f.breaks
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	return &cp, nil
}
