package text

import (
	"math"
	"os"
	"strings"
	"testing"
)

// testParagraphs are the sentences of testdata/arabic.txt joined into
// paragraphs of two to five sentences, as body text is.
func testParagraphs(t testing.TB) []string {
	data, err := os.ReadFile("testdata/arabic.txt")
	if err != nil {
		t.Fatal(err)
	}
	ss := strings.Split(strings.TrimSpace(string(data)), "\n")
	var out []string
	for i := range ss {
		k := 2 + i%4
		var parts []string
		for j := 0; j < k; j++ {
			parts = append(parts, ss[(i+j)%len(ss)])
		}
		out = append(out, strings.Join(parts, " "))
	}
	return out
}

// lineRatios returns the adjustment ratio each line of a justified
// paragraph laid out in sc was set at: how far its spaces grew, as a share
// of spaceStretch (negative: shrank, as a share of spaceShrink); 0 for a
// last line that fits. It recomputes them from the lines' natural widths,
// and reports whether the last line is one word.
func lineRatios(sc *scratch, p *Paragraph, width float64) (rs []float64, runt bool) {
	for i, l := range sc.lines {
		avail := width
		if i == 0 {
			avail -= p.Indent
		}
		t := trailingWS(sc.pg, l[0], l[1])
		wd, spw, nsp := sc.lineShape(l[0], t)
		extra := avail - wd
		switch {
		case extra < 0:
			rs = append(rs, extra/(spw*spaceShrink))
		case i == len(sc.lines)-1:
			rs = append(rs, 0)
			runt = i > 0 && nsp == 0
		case spw == 0:
			rs = append(rs, math.Inf(1))
		default:
			rs = append(rs, extra/(spw*spaceStretch))
		}
	}
	return rs, runt
}

// demerits is the cost total fit minimises, computed from the lines.
func demerits(rs []float64, runt bool) float64 {
	d := 0.0
	prev := fitDecent
	for _, r := range rs {
		x := linePenalty + badness(r)
		d += x * x
		if c := fitness(r); c-prev > 1 || prev-c > 1 {
			d += fitnessPenalty
		}
		prev = fitness(r)
	}
	if runt {
		d += runtPenalty
	}
	return d
}

// TestTotalFit: over real paragraphs and measures, total fit never sets a
// paragraph worse (by the sum of its lines' demerits) than filling each line
// greedily, often better; no line shrinks its spaces past spaceShrink; it
// uses shrinking; and it leaves clearly fewer loose lines (spaces stretched
// past their stretch) than greedy filling.
func TestTotalFit(t *testing.T) {
	e := newTestEngine(t)
	better, shrunk := 0, 0
	looseFit, looseGreedy, lines := 0, 0, 0
	for _, text := range testParagraphs(t) {
		for width := 280.0; width <= 430; width += 30 {
			w := e.pool.get(len(e.fs.all))
			p := para(text, RTL)
			p.Spans[0].Style.Size = 11
			p.Align, p.Indent = Justify, 16
			e.layout(w, &p, width)
			fit, fitRunt := lineRatios(&w.sc, &p, width)
			e.breakGreedy(w, &w.sc, &p, width)
			greedy, greedyRunt := lineRatios(&w.sc, &p, width)
			e.pool.put(w)
			df, dg := demerits(fit, fitRunt), demerits(greedy, greedyRunt)
			if df > dg*(1+1e-9) {
				t.Errorf("width %g: total fit costs %g, greedy %g", width, df, dg)
			}
			if df < dg*(1-1e-9) {
				better++
			}
			for _, r := range fit[:len(fit)-1] {
				if r < -1-1e-9 {
					t.Errorf("width %g: a line shrinks its spaces at ratio %g, past the limit", width, r)
				}
				if r < 0 {
					shrunk++
				}
				if r > 1 {
					looseFit++
				}
			}
			for _, r := range greedy[:len(greedy)-1] {
				if r > 1 {
					looseGreedy++
				}
			}
			lines += len(fit) - 1
		}
	}
	if better == 0 || shrunk == 0 {
		t.Errorf("total fit improved on greedy %d times and shrank %d lines: the test proves nothing", better, shrunk)
	}
	if 2*looseFit > looseGreedy {
		t.Errorf("%d loose lines of %d with total fit, %d with greedy filling: want at most half", looseFit, lines, looseGreedy)
	}
	t.Logf("%d lines: loose %d (total fit), %d (greedy); %d shrunk", lines, looseFit, looseGreedy, shrunk)
}

// TestShrunkLine: a justified line that holds more than its natural width
// allows still fills the measure exactly: its spaces narrow, no glyph
// leaves the measure.
func TestShrunkLine(t *testing.T) {
	e := newTestEngine(t)
	for _, text := range testParagraphs(t) {
		for width := 150.0; width <= 330; width += 30 {
			p := para(text, RTL)
			p.Align = Justify
			b := e.Layout(p, width)
			for i, l := range b.Lines {
				left, right, _ := extent(t, l)
				if left < -1e-6 || right > width+1e-6 {
					t.Fatalf("width %g line %d: pen spans [%g, %g]", width, i, left, right)
				}
				if !l.Last && !almost(l.Width, width) {
					t.Errorf("width %g line %d: %g wide, want %g", width, i, l.Width, width)
				}
			}
			checkCoverage(t, text, b)
		}
	}
}

// TestRunt: at a book's measures (11 pt type, 280 to 430 pt), most
// paragraphs whose greedy setting ends with one word alone end with at
// least two once total fit sets them: the runt penalty outweighs a line set
// a little looser, not a very loose one.
func TestRunt(t *testing.T) {
	e := newTestEngine(t)
	greedyRunts, fitRunts := 0, 0
	for _, text := range testParagraphs(t) {
		for width := 280.0; width <= 430; width += 10 {
			p := para(text, RTL)
			p.Spans[0].Style.Size = 11
			p.Align = Justify
			start := p
			start.Align = Start
			greedy := e.Layout(start, width)
			if len(strings.Fields(lineText(greedy.Lines[len(greedy.Lines)-1]))) != 1 {
				continue
			}
			greedyRunts++
			b := e.Layout(p, width)
			if last := strings.Fields(lineText(b.Lines[len(b.Lines)-1])); len(last) < 2 {
				fitRunts++
			}
		}
	}
	if greedyRunts == 0 {
		t.Fatal("greedy filling never left a runt: the test proves nothing")
	}
	if 3*fitRunts > greedyRunts {
		t.Errorf("total fit kept %d of greedy's %d runts; want at most a third", fitRunts, greedyRunts)
	}
	t.Logf("runts: %d greedy, %d total fit", greedyRunts, fitRunts)
}

// TestBalance: a title broken with Balance has as many lines as filling
// would give, near-equal in length, and never a last line of one word when
// greedy filling would leave one.
func TestBalance(t *testing.T) {
	e := newTestEngine(t)
	titles := []string{
		"من سمرقند إلى ضفاف دجلة: رحلة الورق الطويلة إلى بغداد",
		"النسخ، خطّ الكتب من ابن مقلة إلى الخطوط الرقمية",
		"دفاتر الورّاق مقالات في الورق والخطّ والقراءة",
		"A long English title that breaks into lines of uneven length",
	}
	improved := 0
	for _, title := range titles {
		for width := 120.0; width <= 300; width += 20 {
			p := para(title, RTL)
			p.Align = Center
			greedy := e.Layout(p, width)
			p.Balance = true
			b := e.Layout(p, width)
			if len(b.Lines) != len(greedy.Lines) {
				t.Errorf("%q at %g: %d balanced lines, greedy %d", title, width, len(b.Lines), len(greedy.Lines))
				continue
			}
			checkCoverage(t, title, b)
			if len(b.Lines) < 2 {
				continue
			}
			spread := func(b Block) float64 {
				lo, hi := math.Inf(1), 0.0
				for _, l := range b.Lines {
					lo, hi = math.Min(lo, l.Width), math.Max(hi, l.Width)
					if l.Width > width+1e-6 {
						t.Errorf("%q at %g: a line is %g wide", title, width, l.Width)
					}
				}
				return hi - lo
			}
			if spread(b) > spread(greedy)+1e-6 {
				t.Errorf("%q at %g: balanced lines differ by %g, greedy by %g", title, width, spread(b), spread(greedy))
			}
			if spread(b) < spread(greedy)-1 {
				improved++
			}
			lastG := strings.Fields(lineText(greedy.Lines[len(greedy.Lines)-1]))
			last := strings.Fields(lineText(b.Lines[len(b.Lines)-1]))
			if len(lastG) == 1 && len(last) == 1 {
				t.Errorf("%q at %g: balanced last line is one word %q", title, width, last)
			}
		}
	}
	if improved == 0 {
		t.Error("balancing never evened the lines: the test proves nothing")
	}
}

// TestJustifyAll: every line fills the measure, the last one too.
func TestJustifyAll(t *testing.T) {
	e := newTestEngine(t)
	p := para("أَلا لَيتَ الشَبابَ يَعودُ يَوماً", RTL)
	p.Align = JustifyAll
	b := e.Layout(p, 200)
	if len(b.Lines) != 1 || !almost(b.Lines[0].Width, 200) {
		t.Errorf("%d lines, the first %g wide; want one of 200", len(b.Lines), b.Lines[0].Width)
	}
	p.Align = Justify
	if w := e.Layout(p, 200).Lines[0].Width; w >= 199 {
		t.Errorf("a Justify last line is %g wide: the test proves nothing", w)
	}
}

// TestBadness: TeX's 100|r|³, capped at noStretchBadness, which is also
// what a line that must grow with nothing to stretch (r = +Inf) costs.
func TestBadness(t *testing.T) {
	for _, c := range []struct{ r, want float64 }{
		{0, 0}, {0.5, 12.5}, {-0.5, 12.5}, {1, 100}, {2, 800}, {-3, 2700},
		{21, 926100}, {22, noStretchBadness}, {1e300, noStretchBadness},
		{math.Inf(1), noStretchBadness}, {math.Inf(-1), noStretchBadness},
	} {
		if got := badness(c.r); got != c.want {
			t.Errorf("badness(%g) = %g, want %g", c.r, got, c.want)
		}
	}
	if !math.IsNaN(badness(math.NaN())) {
		t.Error("badness(NaN) is not NaN")
	}
}
