package corpus

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// blockKind is the kind of a block in a generated article.
type blockKind int

const (
	para blockKind = iota
	heading
	quote
	list
)

// span is a run of inline text; bold and emph are never both set.
type span struct {
	text string
	bold bool
	emph bool
}

type block struct {
	kind    blockKind
	level   int      // heading: 2 or 3
	ordered bool     // list
	spans   []span   // para, heading, quote
	items   [][]span // list
}

// article is one generated article, renderer-neutral.
type article struct {
	file     string // e.g. "maqala-0001.md" (the kit's slugPrefix), relative to the collection
	title    string
	subtitle string
	author   string
	date     time.Time
	tags     []string
	summary  string
	slug     string
	weight   int
	blocks   []block
}

// generator holds the state of one deterministic run.
type generator struct {
	rng *rand.Rand
	kit *kit
	ph  phrases
}

func newGenerator(k *kit, seed int64) *generator {
	return &generator{
		rng: rand.New(rand.NewPCG(uint64(seed), 0x77617272_61710001)),
		kit: k,
		ph:  k.phrases(),
	}
}

func (g *generator) pick(s []string) string { return s[g.rng.IntN(len(s))] }

// between returns an int in [lo, hi].
func (g *generator) between(lo, hi int) int { return lo + g.rng.IntN(hi-lo+1) }

// sentence returns a sample sentence, or now and then a filled template.
func (g *generator) sentence() string {
	if g.rng.IntN(6) == 0 {
		k := g.kit
		return fmt.Sprintf(g.pick(k.templates), g.pick(k.names), k.number(g.between(1450, 2025)), k.number(g.between(2, 98)))
	}
	return g.pick(g.ph.sentences)
}

// inline joins sentences into one run of spans, marking an occasional word
// bold or emphasised. Only whole words of the language's letters are marked
// (kit.markable), never the first word, so the markup always sits between
// spaces and never splits a number or a quote.
func (g *generator) inline(sentences []string) []span {
	words := strings.Fields(strings.Join(sentences, " "))
	var out []span
	var buf strings.Builder
	for i, w := range words {
		if i > 0 {
			buf.WriteByte(' ')
		}
		if r := g.rng.IntN(40); r < 2 && i > 0 && g.kit.markable(w) {
			out = append(out, span{text: buf.String()}, span{text: w, bold: r == 0, emph: r == 1})
			buf.Reset()
			continue
		}
		buf.WriteString(w)
	}
	if buf.Len() > 0 {
		out = append(out, span{text: buf.String()})
	}
	return out
}

func (g *generator) sentences(lo, hi int) []string {
	n := g.between(lo, hi)
	s := make([]string, n)
	for i := range s {
		s[i] = g.sentence()
	}
	return s
}

// epoch is the first possible article date; articles spread over eight years.
var epoch = time.Date(2018, 1, 1, 0, 0, 0, 0, time.UTC)

func (g *generator) article(i, n int) article {
	width := max(4, len(fmt.Sprint(n)))
	a := article{
		slug:   fmt.Sprintf("%s-%0*d", g.kit.slugPrefix, width, i+1),
		title:  g.pick(g.ph.headings),
		author: g.pick(g.kit.authors),
		date:   epoch.AddDate(0, 0, g.rng.IntN(8*365)),
	}
	a.file = a.slug + ".md"
	if g.rng.IntN(3) == 0 {
		a.subtitle = g.pick(g.ph.headings)
	}
	if g.rng.IntN(4) == 0 {
		a.weight = g.between(1, 100)
	}
	for _, k := range g.rng.Perm(len(g.kit.tags))[:g.between(1, 3)] {
		a.tags = append(a.tags, g.kit.tags[k])
	}
	a.summary = g.pick(g.ph.sentences)

	a.blocks = append(a.blocks, block{kind: para, spans: g.inline(g.sentences(2, 4))})
	for range g.between(3, 5) {
		a.blocks = append(a.blocks, block{kind: heading, level: 2, spans: []span{{text: g.pick(g.ph.headings)}}})
		for range g.between(1, 2) {
			a.blocks = append(a.blocks, block{kind: para, spans: g.inline(g.sentences(3, 5))})
		}
		switch g.rng.IntN(6) {
		case 0, 1:
			a.blocks = append(a.blocks, block{kind: quote, spans: g.inline(g.sentences(1, 2))})
		case 2, 3:
			b := block{kind: list, ordered: g.rng.IntN(2) == 0}
			for range g.between(3, 5) {
				b.items = append(b.items, g.inline([]string{g.sentence()}))
			}
			a.blocks = append(a.blocks, b)
		}
		if g.rng.IntN(4) == 0 {
			a.blocks = append(a.blocks, block{kind: heading, level: 3, spans: []span{{text: g.pick(g.ph.headings)}}})
			a.blocks = append(a.blocks, block{kind: para, spans: g.inline(g.sentences(2, 4))})
		}
	}
	return a
}

// articles generates n articles in the kit's language for seed; the same
// arguments give the same articles.
func articles(k *kit, n int, seed int64) []article {
	g := newGenerator(k, seed)
	out := make([]article, n)
	for i := range out {
		out[i] = g.article(i, n)
	}
	return out
}
