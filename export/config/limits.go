package config

import (
	"bytes"
	"fmt"

	"go.yaml.in/yaml/v3"

	"github.com/warraq/warraq/export/diag"
)

// Limits of a YAML document (book.yaml, or one article's front matter).
//
// yaml.v3 keeps an alias as a pointer to its anchor, so parsing is cheap,
// but every walker that follows the pointer does the anchor's work again:
// 200 KB of front matter that names a 200 KB string 200 times made the PDF
// set 40 MB of tags (4.7 GB, still growing after two minutes). So the size
// a document would have with every alias written out is measured once,
// with each node's expansion remembered, and refused past MaxBytes; alias
// uses are capped as well, since a long chain of small ones is work too.
// A real book.yaml, with a hundred parts, is a few kilobytes.
const (
	MaxBytes   = 1 << 20 // a document, as written and with its aliases expanded
	MaxAliases = 1000    // alias uses, counting those inside expanded aliases
)

// checkExpansion reports, at the alias that crosses it, a document whose
// expansion exceeds MaxBytes or uses aliases more than MaxAliases times,
// and an alias used inside the value it names.
func checkExpansion(doc *yaml.Node, r diag.List) bool {
	e := &expansion{size: map[*yaml.Node]int64{}, uses: map[*yaml.Node]int64{}, busy: map[*yaml.Node]bool{}}
	var total, uses int64
	ok := true
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if !ok || n == nil {
			return
		}
		if n.Kind == yaml.AliasNode {
			size, u, cyclic := e.measure(n.Alias)
			total, uses = total+size, uses+1+u
			switch {
			case cyclic:
				r.At(n.Column).Errorf(diag.Limit, n.Line, "alias *%s is used inside the value it names, which would never end", n.Value)
				ok = false
			case total > MaxBytes:
				r.At(n.Column).Errorf(diag.Limit, n.Line, "alias *%s makes the YAML larger than %s (the limit) once aliases are written out; write the value where it is needed, or shorten it", n.Value, Size(MaxBytes))
				ok = false
			case uses > MaxAliases:
				r.At(n.Column).Errorf(diag.Limit, n.Line, "alias *%s: aliases are used more than %d times (the limit) once written out", n.Value, MaxAliases)
				ok = false
			}
			return
		}
		total += int64(len(n.Value)) + 1
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(doc)
	return ok
}

// expansion measures nodes with every alias written out, each node once.
type expansion struct {
	size, uses map[*yaml.Node]int64
	busy       map[*yaml.Node]bool // being measured: met again, an alias cycle
}

// measure returns n's size and alias uses when written out, both capped
// just above the limits so that nested aliases cannot overflow.
func (e *expansion) measure(n *yaml.Node) (size, uses int64, cyclic bool) {
	if n == nil {
		return 0, 0, false
	}
	if s, ok := e.size[n]; ok {
		return s, e.uses[n], false
	}
	if e.busy[n] {
		return 0, 0, true
	}
	e.busy[n] = true
	defer delete(e.busy, n)
	if n.Kind == yaml.AliasNode {
		s, u, c := e.measure(n.Alias)
		size, uses, cyclic = s, u+1, c
	} else {
		size = int64(len(n.Value)) + 1
		for _, c := range n.Content {
			s, u, cyc := e.measure(c)
			if cyc {
				return 0, 0, true
			}
			size, uses = min(size+s, MaxBytes+1), min(uses+u, MaxAliases+1)
		}
	}
	if cyclic {
		return 0, 0, true
	}
	e.size[n], e.uses[n] = size, uses
	return size, uses, false
}

// lineAt is the 1-based line of byte offset off in src.
func lineAt(src []byte, off int) int {
	return 1 + bytes.Count(src[:min(off, len(src))], []byte{'\n'})
}

// Size writes a number of bytes for messages: "640 KB", "64 MB".
func Size(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
