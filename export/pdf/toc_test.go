package pdf

import (
	"bytes"
	"regexp"
	"strconv"
	"testing"
)

// The contents' dot leaders are a form per row length, painted once a row:
// a contents page paints one form per entry and holds no curve (the dots
// were a filled Bézier path each); a form holds its row's dots, evenly
// spaced a leader step apart, and no two forms have as many dots.
func TestLeaderRowsAreForms(t *testing.T) {
	data, b := buildSamples(t, false)
	r := readBack(t, data)
	size := DefaultOptions().FontSize
	do := regexp.MustCompile(`/(Fm[0-9]+) Do`)
	at := regexp.MustCompile(`q 1 0 0 1 ([-0-9.]+) 0 cm`)
	first := r.dests[articleDest(b.Articles[0])]
	rows, dotsByForm := 0, map[string]int{}
	for p := 1; p < first; p++ {
		entries := 0
		for _, l := range r.links[p] {
			if l.dest != "" {
				entries++
			}
		}
		if entries == 0 {
			continue
		}
		d, _, _, err := r.ctx.PageDict(p, false)
		if err != nil {
			t.Fatal(err)
		}
		c, err := r.ctx.PageContent(d, p)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(c, []byte(" c\n")) {
			t.Errorf("contents page %d draws curves: a leader dot drawn as a path", p)
		}
		ms := do.FindAllSubmatch(c, -1)
		if len(ms) != entries {
			t.Errorf("contents page %d paints %d leader rows for %d entries", p, len(ms), entries)
		}
		rows += len(ms)
		xobj, err := r.ctx.DereferenceDict(d["Resources"])
		if err != nil {
			t.Fatal(err)
		}
		xobj, err = r.ctx.DereferenceDict(xobj["XObject"])
		if err != nil || xobj == nil {
			t.Fatalf("contents page %d: no XObject resources (%v)", p, err)
		}
		for _, m := range ms {
			name := string(m[1])
			if _, ok := dotsByForm[name]; ok {
				continue
			}
			sd, _, err := r.ctx.DereferenceStreamDict(xobj[name])
			if err != nil || sd == nil {
				t.Fatalf("page %d: no XObject %s (%v)", p, name, err)
			}
			if st := sd.NameEntry("Subtype"); st == nil || *st != "Form" {
				t.Errorf("%s is a %v, not a form", name, st)
			}
			if err := sd.Decode(); err != nil {
				t.Fatal(err)
			}
			fc := sd.Content
			dots := bytes.Count(fc, []byte("\nf Q"))
			if curves := bytes.Count(fc, []byte(" c\n")); dots == 0 || curves != 4*dots {
				t.Errorf("%s: %d fills, %d curves; want a circle of four curves a dot", name, dots, curves)
			}
			// The first dot is at the form's origin, the others a step apart.
			xs := []float64{0}
			for _, a := range at.FindAllSubmatch(fc, -1) {
				x, _ := strconv.ParseFloat(string(a[1]), 64)
				xs = append(xs, x)
			}
			if len(xs) != dots {
				t.Errorf("%s: %d dots, %d placed", name, dots, len(xs))
			}
			for i, x := range xs {
				if want := float64(i) * size * leaderStep; !almostEq(x, want) {
					t.Errorf("%s: dot %d at %.3f, want %.3f", name, i, x, want)
				}
			}
			dotsByForm[name] = dots
		}
	}
	if rows == 0 {
		t.Fatal("no leader rows on the contents pages")
	}
	seen := map[int]string{}
	for name, n := range dotsByForm {
		if other, ok := seen[n]; ok {
			t.Errorf("forms %s and %s both hold a row of %d dots", name, other, n)
		}
		seen[n] = name
	}
	if len(dotsByForm) >= rows {
		t.Errorf("%d forms for %d rows: rows of one length do not share their form", len(dotsByForm), rows)
	}
}
