package pdf

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"math"
	"reflect"

	"github.com/warraq/warraq/export/collection"
	"github.com/warraq/warraq/export/text"
	"github.com/warraq/warraq/internal/cache"
	"github.com/warraq/warraq/internal/cache/wire"
)

// An article whose pages are all in the page cache need not be laid out:
// pagination needs only its rows' heights, spaces, keeps, notes,
// destinations and where their text begins, and drawing nothing. So the
// article's entry also keeps its skeleton, the rows without their
// drawing (each with its key, pagecache.go), its structure tree and its
// running heads, under the hash of everything its layout is made from:
// every exported field of the article and of its document model, followed
// through pointers and interfaces (its digest, render.Digests), the book's particulars,
// its parts' titles and the slugs of the articles it may link to, with the
// fonts, options and Warraq of the entry's own key. A rebuild paginates an
// unchanged article from its skeleton; if a
// page of it must be drawn after all (its place changed sides, its key is
// not in the cache), the article is laid out then (from the layout cache)
// and the page drawn from the rows the skeleton's stand for.

// skeletonVersion changes whenever the skeleton's encoding or its key does.
const skeletonVersion = 3

// inputKey hashes what article a's layout is made from (see above); false
// when something in it cannot be hashed.
func (l *bookLayout) inputKey(a *collection.Article) (key [32]byte, ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	h := cache.NewHasher()
	h.Uint(skeletonVersion)
	h.Value(reflect.ValueOf(l.b.Meta))
	for _, p := range l.b.Parts {
		h.Str(p.Title)
	}
	h.Str("\x00links")
	h.Raw(l.linkTable[:])
	art, ok := l.digests.Of(a)
	if !ok {
		return key, false
	}
	h.Raw(art[:])
	return h.Sum(), true
}

// linkTable hashes what links between articles are resolved with: each
// article's path and slug.
func linkTable(b *collection.Book) [32]byte {
	h := sha256.New()
	for _, a := range b.Articles {
		fmt.Fprintf(h, "%s\x00%s\x00", a.Path, a.Slug)
	}
	var out [32]byte
	h.Sum(out[:0])
	return out
}

// skeleton is what a laid-out article is remembered by (see above).
type skeleton struct {
	rows []*row // every row, in canonical order (skeletonRows)
	full []*row // the laid-out rows they stand for, once laid out
}

// skeletonRows lists every row of an article once: its rows in order,
// each followed by its notes' rows and its repeated header.
func skeletonRows(rows []*row) []*row {
	var out []*row
	seen := map[*row]bool{}
	var add func(r *row)
	add = func(r *row) {
		if r == nil || seen[r] {
			return
		}
		seen[r] = true
		r.idx = len(out)
		out = append(out, r)
		for _, n := range r.notes {
			for _, nr := range n.rows {
				add(nr)
			}
		}
		add(r.head)
	}
	for _, r := range rows {
		add(r)
	}
	return out
}

// encodeSkeleton writes la's skeleton (in internal/cache/wire's fields,
// floats as the varints of their bits); its rows must have their keys.
// nil when a row's text begins in a block the model does not have.
func encodeSkeleton(la *laidArticle, e *text.Engine) []byte {
	rows := skeletonRows(la.rows)
	var w wire.Writer
	f := func(v float64) { w.Uint(math.Float64bits(v)) }
	w.Uint(uint64(len(rows)))
	notes := map[*note]int{}
	var noteList []*note
	for _, r := range rows {
		for _, n := range r.notes {
			if _, ok := notes[n]; !ok {
				notes[n] = len(noteList)
				noteList = append(noteList, n)
			}
		}
	}
	inNote := map[*row]bool{}
	for _, n := range noteList {
		for _, r := range n.rows {
			inNote[r] = true
		}
	}
	for _, r := range rows {
		f(r.h)
		f(r.before)
		w.Bool(r.keep)
		w.Bool(r.soft)
		w.Int(int64(r.float))
		w.Uint(uint64(len(r.dests)))
		for _, d := range r.dests {
			w.Str(d)
		}
		w.Bool(r.at.ok)
		// A note's first paragraph, with its number, is made by the
		// layout (withLead); where a note's row begins is never a page's
		// beginning (pageBreak reads the body's).
		if r.at.block < 0 && !inNote[r] {
			return nil
		}
		w.Int(int64(r.at.block))
		w.Int(int64(r.at.word))
		w.Int(int64(r.keyed))
		if r.keyed == 1 {
			w.Bytes(r.key[:])
		}
		w.Uint(uint64(len(r.notes)))
		for _, n := range r.notes {
			w.Uint(uint64(notes[n]))
		}
		if r.head != nil {
			w.Int(int64(r.head.idx))
		} else {
			w.Int(-1)
		}
	}
	w.Uint(uint64(len(noteList)))
	for _, n := range noteList {
		w.Int(int64(n.num))
		w.Uint(uint64(len(n.rows)))
		for _, r := range n.rows {
			w.Uint(uint64(r.idx))
		}
	}
	w.Uint(uint64(len(la.rows)))
	for _, r := range la.rows {
		w.Uint(uint64(r.idx))
	}
	var tree func(n *snode)
	tree = func(n *snode) {
		w.Str(n.kind)
		w.Str(n.alt)
		w.Str(n.lang)
		w.Str(n.id)
		w.Str(n.scope)
		w.Uint(uint64(len(n.kids)))
		for _, k := range n.kids {
			tree(k)
		}
	}
	w.Bool(la.tag != nil)
	if la.tag != nil {
		tree(la.tag)
	}
	for _, l := range []*text.Line{la.head, la.author} {
		w.Bool(l != nil)
		if l != nil {
			lw := text.NewLineWriter(e)
			if !lw.Append(l) {
				return nil
			}
			w.Raw(lw.Bytes())
		}
	}
	return w.Data()
}

var errSkeleton = errors.New("pdf: damaged skeleton")

// maxTreeDepth bounds the structure tree a skeleton is read into: a
// damaged entry must not recurse without end.
const maxTreeDepth = 1000

// decodeSkeleton reads a skeleton back into a laid-out article of a
// (without drawing: its rows have no elements). Any damage is an error
// (the article is then laid out).
func decodeSkeleton(data []byte, a *collection.Article, e *text.Engine) (la *laidArticle, err error) {
	d := wire.NewReader(data)
	f := func() float64 { return math.Float64frombits(d.Uint()) }
	blocks := a.ModelBlocks()
	n := d.CountOf(12) // a row takes twelve bytes or more
	rows := make([]*row, n)
	for k := range rows {
		rows[k] = &row{idx: k}
	}
	heads := make([]int, n)
	noteRefs := make([][]int, n)
	for k, r := range rows {
		r.h, r.before = f(), f()
		r.keep, r.soft = d.Bool(), d.Bool()
		r.float = int(d.Int())
		if nd := d.Count(); nd > 0 {
			r.dests = make([]string, nd)
			for j := range r.dests {
				r.dests[j] = d.Str()
			}
		}
		r.at.ok = d.Bool()
		r.at.block = int(d.Int())
		if r.at.block < -1 || r.at.block > blocks {
			return nil, errSkeleton
		}
		r.at.word = int(d.Int())
		r.keyed = int8(d.Int())
		if r.keyed == 1 {
			copy(r.key[:], d.Bytes(32))
		}
		nn := d.Count()
		for range nn {
			// An index into the notes, which follow (checked below).
			noteRefs[k] = append(noteRefs[k], d.Count())
		}
		heads[k] = int(d.Int())
		if heads[k] >= n || d.Err() != nil {
			return nil, errSkeleton
		}
	}
	notes := make([]*note, d.Count())
	for k := range notes {
		nt := &note{num: int(d.Int())}
		for range d.Count() {
			j := d.Index(n)
			if d.Err() != nil {
				return nil, errSkeleton
			}
			nt.rows = append(nt.rows, rows[j])
		}
		notes[k] = nt
	}
	for k, r := range rows {
		for _, j := range noteRefs[k] {
			if j >= len(notes) {
				return nil, errSkeleton
			}
			r.notes = append(r.notes, notes[j])
		}
		if heads[k] >= 0 {
			r.head = rows[heads[k]]
		}
	}
	la = &laidArticle{a: a}
	nt := d.Count()
	la.rows = make([]*row, 0, nt)
	for range nt {
		j := d.Index(n)
		if d.Err() != nil {
			return nil, errSkeleton
		}
		la.rows = append(la.rows, rows[j])
	}
	var tree func(depth int) *snode
	tree = func(depth int) *snode {
		if depth > maxTreeDepth {
			d.Fail()
		}
		if d.Err() != nil {
			return nil
		}
		sn := &snode{kind: d.Str(), alt: d.Str(), lang: d.Str(), id: d.Str(), scope: d.Str()}
		nk := d.Count()
		for range nk {
			if k := tree(depth + 1); k != nil {
				sn.kids = append(sn.kids, k)
			}
		}
		return sn
	}
	if d.Bool() {
		la.tag = tree(0)
	}
	for _, l := range []**text.Line{&la.head, &la.author} {
		if d.Bool() {
			ln, err := text.DecodeLine(e, d.Raw())
			if err != nil {
				return nil, err
			}
			*l = ln
		}
	}
	if d.End() != nil {
		return nil, errSkeleton
	}
	la.skel = &skeleton{rows: rows}
	return la, nil
}

// expand lays out an article paginated from its skeleton, for a page that
// must be drawn: its rows, in the skeleton's order, and its structure
// nodes made the elements the skeleton's were made.
func (l *bookLayout) expand(la *laidArticle) ([]*row, error) {
	full := l.layoutCached(la.a)
	rows := skeletonRows(full.rows)
	if len(rows) != len(la.skel.rows) {
		return nil, fmt.Errorf("pdf: cache: %s laid out in %d rows, its skeleton has %d", la.a.Path, len(rows), len(la.skel.rows))
	}
	var match func(a, b *snode) bool
	match = func(a, b *snode) bool {
		if a == nil || b == nil {
			return a == b
		}
		if a.kind != b.kind || len(a.kids) != len(b.kids) {
			return false
		}
		b.elem = a.elem
		for i := range a.kids {
			if !match(a.kids[i], b.kids[i]) {
				return false
			}
		}
		return true
	}
	if !match(la.tag, full.tag) {
		return nil, fmt.Errorf("pdf: cache: %s laid out with another structure than its skeleton's", la.a.Path)
	}
	return rows, nil
}

// drawn is the row to draw for r, a row of the page being filled: r
// itself, or for an article paginated from its skeleton, the laid-out row
// it stands for (the article is laid out the first time one is needed).
func (p *pager) drawn(r *row) *row {
	la := p.art
	if la == nil || la.skel == nil {
		return r
	}
	if la.skel.full == nil {
		full, err := p.expand(la)
		if err != nil {
			if p.em.err == nil {
				p.em.err = err
			}
			return &row{}
		}
		la.skel.full = full
		if p.stats != nil {
			p.stats.expanded++
		}
	}
	if r.idx < 0 || r.idx >= len(la.skel.full) {
		return &row{}
	}
	f := la.skel.full[r.idx]
	if r.artifact {
		f = asArtifact(f)
	}
	return f
}
