package corpus

import (
	"bufio"
	_ "embed"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

//go:embed phrases.txt
var phrasesTxt string

// phrases is the parsed phrases.txt: headings (also used as titles) and sentences.
type phrases struct {
	headings  []string
	sentences []string
}

func loadPhrases() phrases {
	var p phrases
	sc := bufio.NewScanner(strings.NewReader(phrasesTxt))
	for sc.Scan() {
		kind, text, ok := strings.Cut(sc.Text(), "\t")
		if !ok {
			continue
		}
		switch kind {
		case "h":
			p.headings = append(p.headings, text)
		case "s":
			p.sentences = append(p.sentences, text)
		}
	}
	return p
}

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
	file     string // e.g. "maqala-0001.md", relative to the collection
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

var (
	authors = []string{"سلمى العطّار", "نادر الحلّاق", "ليلى الصفّار", "كريم الدبّاغ"}
	tagPool = []string{"تاريخ", "قراءة", "ترجمة", "خط", "طباعة", "مدن", "نشر رقمي", "كتب", "لغة", "ورق"}
	latin   = []string{"Gutenberg", "Unicode", "HarfBuzz", "OpenType", "EPUB", "PDF", "UTF-8",
		"Umberto Eco", "Chester Beatty", "Amiri", "Aldus Manutius", "Noto Naskh"}
	// Templates the generator fills with a Latin name (%[1]s), a year (%[2]d) and a
	// number (%[3]d); written so that digits and Latin words also open and close
	// sentences, where bidi mistakes show first.
	templates = []string{
		"وفي سنة %[2]d عاد الحديث عن %[1]s من جديد.",
		"%[2]d هو العام الذي تغيّر فيه كل شيء تقريبًا.",
		"ويقدّر بعضهم أن %[3]d%% من القرّاء لم يسمعوا باسم %[1]s قطّ.",
		"%[1]s اسم يعرفه كل من عمل في النشر.",
		"وقد بلغ عدد النسخ المطبوعة نحو %[3]d ألف نسخة في طبعتها الأولى.",
		"ولم يتغيّر الأمر كثيرًا حتى عام %[2]d.",
		"ثم جاء %[1]s فغيّر طريقة التفكير في الكتاب (على الأقل في نظر المحرّرين).",
		"وفي الفصل %[3]d من الكتاب إشارة سريعة إلى %[1]s.",
	}
)

// generator holds the state of one deterministic run.
type generator struct {
	rng *rand.Rand
	ph  phrases
}

func newGenerator(seed int64) *generator {
	return &generator{
		rng: rand.New(rand.NewPCG(uint64(seed), 0x77617272_61710001)),
		ph:  loadPhrases(),
	}
}

func (g *generator) pick(s []string) string { return s[g.rng.IntN(len(s))] }

// between returns an int in [lo, hi].
func (g *generator) between(lo, hi int) int { return lo + g.rng.IntN(hi-lo+1) }

// sentence returns a sample sentence, or now and then a filled template.
func (g *generator) sentence() string {
	if g.rng.IntN(6) == 0 {
		return fmt.Sprintf(g.pick(templates), g.pick(latin), g.between(1450, 2025), g.between(2, 98))
	}
	return g.pick(g.ph.sentences)
}

// inline joins sentences into one run of spans, marking an occasional word
// bold or emphasised. Only whole Arabic words are marked, never the first word,
// so the markup always sits between spaces and never splits a number or a quote.
func (g *generator) inline(sentences []string) []span {
	words := strings.Fields(strings.Join(sentences, " "))
	var out []span
	var buf strings.Builder
	for i, w := range words {
		if i > 0 {
			buf.WriteByte(' ')
		}
		if r := g.rng.IntN(40); r < 2 && i > 0 && arabicWord(w) {
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

// arabicWord reports whether w is made only of Arabic letters (no punctuation or
// digits), so that wrapping it in markup cannot split a number or a quotation.
func arabicWord(w string) bool {
	n := 0
	for _, r := range w {
		if !(r >= 0x0621 && r <= 0x064A || r >= 0x064B && r <= 0x0652 || r == 0x0671) {
			return false
		}
		n++
	}
	return n >= 3
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
		slug:   fmt.Sprintf("maqala-%0*d", width, i+1),
		title:  g.pick(g.ph.headings),
		author: g.pick(authors),
		date:   epoch.AddDate(0, 0, g.rng.IntN(8*365)),
	}
	a.file = a.slug + ".md"
	if g.rng.IntN(3) == 0 {
		a.subtitle = g.pick(g.ph.headings)
	}
	if g.rng.IntN(4) == 0 {
		a.weight = g.between(1, 100)
	}
	for _, k := range g.rng.Perm(len(tagPool))[:g.between(1, 3)] {
		a.tags = append(a.tags, tagPool[k])
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

// articles generates n articles for seed; the same arguments give the same articles.
func articles(n int, seed int64) []article {
	g := newGenerator(seed)
	out := make([]article, n)
	for i := range out {
		out[i] = g.article(i, n)
	}
	return out
}
