package pdf

import (
	"bytes"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/warraq/warraq/export/collection"
	"github.com/warraq/warraq/export/render"
)

// buildWith lays the samples out with options o.
func buildWith(t *testing.T, o Options) []byte {
	t.Helper()
	b, err := collection.Load(samplesDir(), collection.Options{Formats: testFormats})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := Write(&buf, &render.Input{Book: b, Engine: testEngine(t)}, o); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// kashidaFill finds black paths drawn at an origin: kashidas in body text
// (leader dots are grey).
var kashidaFill = regexp.MustCompile(`q 1 0 0 1 [-0-9.]+ [-0-9.]+ cm 0 0 0 rg\n`)

// TestKashidaPrinted: with justify: kashida the samples print kashidas (as
// paths), and the text a reader's software reads back through the fonts'
// ToUnicode maps is word for word what the same book says with justify:
// spaces: no tatweel, no joiner, no word split at a kashida (the page
// furniture, which follows where pages break, aside).
func TestKashidaPrinted(t *testing.T) {
	o := DefaultOptions()
	if o.Justify != "kashida" {
		t.Fatalf("default justify is %q", o.Justify)
	}
	withK := buildWith(t, o)
	o.Justify = "spaces"
	withS := buildWith(t, o)
	if n := len(kashidaFill.FindAll(contentOf(t, withS), -1)); n != 0 {
		t.Errorf("justify: spaces draws %d kashidas", n)
	}
	if n := len(kashidaFill.FindAll(contentOf(t, withK), -1)); n < 100 {
		t.Errorf("justify: kashida draws %d kashidas in the samples, want many", n)
	}
	top := DefaultOptions().Height - DefaultOptions().Margins.Top
	words := func(data []byte) []string {
		r := readBack(t, data)
		var out []string
		for p := 1; p <= r.pages; p++ {
			if p <= len(r.labels) && strings.ContainsAny(r.labels[p-1], "أبجدهـوزحطي") {
				continue // the front matter: contents numbers follow the pages
			}
			for _, l := range r.lines[p] {
				if l.y > top {
					continue // running heads and folios
				}
				// The writer's RLMs around spaces depend on the space's
				// neighbours, so on where lines break.
				out = append(out, strings.Fields(strings.ReplaceAll(l.text, "\u200f", ""))...)
			}
		}
		slices.Sort(out)
		return out
	}
	wk, ws := words(withK), words(withS)
	if !slices.Equal(wk, ws) {
		t.Errorf("the words read back differ: %d with kashida, %d with spaces", len(wk), len(ws))
		for _, w := range wk {
			if !slices.Contains(ws, w) {
				t.Errorf("only with kashida: %q", w)
				break
			}
		}
	}
	joined := strings.Join(wk, " ")
	if strings.Count(joined, "\u0640") != strings.Count(strings.Join(ws, " "), "\u0640") || strings.Contains(joined, "\u200d\u200d") {
		t.Error("kashida added tatweels or joiners to the text")
	}
}

// contentOf is every page's content stream, concatenated.
func contentOf(t *testing.T, data []byte) []byte {
	r := readBack(t, data)
	var all []byte
	for p := 1; p <= r.pages; p++ {
		d, _, _, err := r.ctx.PageDict(p, false)
		if err != nil {
			t.Fatal(err)
		}
		if c, err := r.ctx.PageContent(d, p); err == nil {
			all = append(all, c...) // blank pages have none
		}
	}
	return all
}
