package epub

import (
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/warraq/warraq/export/config"
	"github.com/warraq/warraq/export/diag"
)

// Options is the epub: section of book.yaml with every default applied.
type Options struct {
	TOCDepth int // depth of the navigation document: 1 articles, 2 (default) with level-2 headings, 3
}

// DefaultOptions are the options of a book.yaml without an epub: section.
func DefaultOptions() Options { return Options{TOCDepth: 2} }

// decodeOptions reads the epub: section of book.yaml (n may be nil).
func decodeOptions(n *yaml.Node, r diag.List) Options {
	o := DefaultOptions()
	if n == nil {
		return o
	}
	config.Map(n, r, "epub", config.Fields{
		"toc-depth": config.IntRange(r, "epub.toc-depth", &o.TOCDepth, 1, 3),
		"digits": func(n *yaml.Node) {
			r.At(n.Column).Errorf(diag.UnknownKey, n.Line, "epub.digits: digits are set for the whole book now, so every format numbers alike: write digits: %s at the top level", strings.TrimSpace(n.Value))
		},
	})
	return o
}
