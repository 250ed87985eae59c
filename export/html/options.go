package html

import (
	"go.yaml.in/yaml/v3"

	"github.com/warraq/warraq/export/config"
	"github.com/warraq/warraq/export/diag"
)

// Options is the html: section of book.yaml with every default applied.
type Options struct {
	// Search adds the search page and its index (default true). A book
	// whose site is searched elsewhere can leave them out.
	Search bool
}

// DefaultOptions are the options of a book.yaml without an html: section.
func DefaultOptions() Options { return Options{Search: true} }

func decodeOptions(n *yaml.Node, r diag.List) Options {
	o := DefaultOptions()
	if n == nil {
		return o
	}
	config.Map(n, r, "html", config.Fields{
		"search": config.Bool(r, "html.search", &o.Search),
	})
	return o
}
