package text

import (
	"bytes"
	"fmt"
	"os"
	"reflect"
	"sort"
	"strings"
	"testing"
	"unsafe"

	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/font/opentype/tables"
	"github.com/warraq/warraq/fonts"
)

// TestDigestAffectedWords checks the words that go-text v0.3.5 on its own
// shapes differently from HarfBuzz (its lookup filters wrongly reject glyphs
// of range coverages; see gotextfix.go) in all four Amiri faces, glyphs and
// positions, against hb-shape's output in testdata/hbcompat.txt. The words
// come from the samples: TestMatchesHarfBuzzWords tests only every fifth of
// them outside the body face, which can miss these.
func TestDigestAffectedWords(t *testing.T) {
	data, err := os.ReadFile("testdata/hbcompat.txt")
	if err != nil {
		t.Fatal(err)
	}
	byFont := map[string][][2]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		parts := strings.SplitN(line, "|", 3)
		if len(parts) != 3 {
			t.Fatalf("bad line %q", line)
		}
		byFont[parts[0]] = append(byFont[parts[0]], [2]string{parts[1], parts[2]})
	}
	files := make([]string, 0, len(byFont))
	for f := range byFont {
		files = append(files, f)
	}
	sort.Strings(files)
	if len(files) != 4 {
		t.Fatalf("reference faces %v, want the four Amiri faces", files)
	}
	for _, file := range files {
		t.Run(file, func(t *testing.T) {
			cases := byFont[file]
			if len(cases) < 30 {
				t.Fatalf("only %d words", len(cases))
			}
			e, face := engineFor(t, file)
			for _, c := range cases {
				if msg := compareHB(t, e, face, "ar", c[0], c[1]); msg != "" {
					t.Errorf("%s: %s", c[0], msg)
				}
			}
		})
	}
}

// TestListRangeCoveragesKeepsIndices checks the workaround on every embedded
// font: each subtable's primary coverage (the one go-text builds its filters
// from) is a glyph list afterwards, covers the same glyphs and gives each the
// same coverage index, so substitutions and positions are looked up exactly
// as before.
func TestListRangeCoveragesKeepsIndices(t *testing.T) {
	eachEmbeddedFace(t, func(t *testing.T, data []byte) {
		orig := parseFace(t, data)
		listed := parseFace(t, data)
		listRangeCoverages(listed.Font)
		var before, after []tables.Coverage
		var where []string
		for i, l := range orig.GSUB.Lookups {
			for j, s := range l.Subtables {
				before = append(before, s.Cov())
				after = append(after, listed.GSUB.Lookups[i].Subtables[j].Cov())
				where = append(where, fmt.Sprintf("GSUB lookup %d subtable %d", i, j))
			}
		}
		for i, l := range orig.GPOS.Lookups {
			for j, s := range l.Subtables {
				before = append(before, s.Cov())
				after = append(after, listed.GPOS.Lookups[i].Subtables[j].Cov())
				where = append(where, fmt.Sprintf("GPOS lookup %d subtable %d", i, j))
			}
		}
		ranges := 0
		for k := range before {
			if _, isRange := before[k].(tables.Coverage2); isRange {
				ranges++
			}
			if msg := sameCoverage(before[k], after[k]); msg != "" {
				t.Fatalf("%s: %s", where[k], msg)
			}
		}
		t.Logf("%d subtables, %d range coverages listed", len(before), ranges)
	})
}

// TestListRangeCoveragesReachesAll checks that the walk, which skips the
// types that cannot hold a coverage (containsCoverage), still reaches every
// coverage of every embedded font: afterwards a walk of its own through
// every field, pruning nothing, finds no range coverage but the malformed
// ones listCoverage refuses, and finds some glyph lists (chained rules'
// look-behind and look-ahead coverages among them), so it does look.
func TestListRangeCoveragesReachesAll(t *testing.T) {
	eachEmbeddedFace(t, func(t *testing.T, data []byte) {
		f := parseFace(t, data)
		before := countCoverages(f)
		listRangeCoverages(f.Font)
		after := countCoverages(f)
		if after.lists == 0 {
			t.Fatal("the test's walk found no coverage at all")
		}
		if after.listable != 0 {
			t.Errorf("%d range coverages left that could be listed (of %d before)", after.listable, before.listable)
		}
		if after.lists+after.ranges != before.lists+before.ranges {
			t.Errorf("%d coverages after, %d before", after.lists+after.ranges, before.lists+before.ranges)
		}
		t.Logf("%d range coverages listed; %d glyph lists, %d ranges left", before.listable, after.lists, after.ranges)
	})
}

type coverageCount struct{ lists, ranges, listable int }

// countCoverages counts the coverages reachable from f's GSUB and GPOS
// lookups, going through every interface, struct, pointer, slice and array
// to the depth the workaround's walk goes.
func countCoverages(f *font.Face) coverageCount {
	var n coverageCount
	var walk func(v reflect.Value, depth int)
	walk = func(v reflect.Value, depth int) {
		if depth > 24 {
			return
		}
		switch v.Kind() {
		case reflect.Interface, reflect.Pointer:
			if v.IsNil() {
				return
			}
			e := v.Elem()
			switch c := e.Interface().(type) {
			case tables.Coverage1:
				n.lists++
				return
			case tables.Coverage2:
				n.ranges++
				if _, ok := listCoverage(c); ok {
					n.listable++
				}
				return
			}
			if v.Kind() == reflect.Interface { // its contents are not addressable
				cp := reflect.New(e.Type()).Elem()
				cp.Set(e)
				e = cp
			}
			walk(e, depth+1)
		case reflect.Struct:
			for i := 0; i < v.NumField(); i++ {
				f := v.Field(i)
				walk(reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem(), depth+1)
			}
		case reflect.Slice, reflect.Array:
			for i := 0; i < v.Len(); i++ {
				walk(v.Index(i), depth+1)
			}
		}
	}
	walk(reflect.ValueOf(&f.GSUB.Lookups).Elem(), 0)
	walk(reflect.ValueOf(&f.GPOS.Lookups).Elem(), 0)
	return n
}

// eachEmbeddedFace runs test on every face of every embedded family, as a
// subtest named after its file, in a fixed order.
func eachEmbeddedFace(t *testing.T, test func(t *testing.T, data []byte)) {
	for _, fam := range fonts.Families() {
		styles := make([]fonts.Style, 0, len(fam.Files))
		for st := range fam.Files {
			styles = append(styles, st)
		}
		sort.Slice(styles, func(i, j int) bool { return styles[i] < styles[j] })
		for _, st := range styles {
			data, file, ok := fam.Face(st)
			if !ok {
				t.Fatalf("%s %v: no data", fam.Name, st)
			}
			t.Run(file, func(t *testing.T) { test(t, data) })
		}
	}
}

func parseFace(t *testing.T, data []byte) *font.Face {
	t.Helper()
	f, err := font.ParseTTF(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// sameCoverage describes how b differs from a, or returns "" when b is a
// glyph list with a's glyphs at a's indices. Glyphs next to a's ranges are
// checked too, so b cannot cover more.
func sameCoverage(a, b tables.Coverage) string {
	if a == nil && b == nil {
		return ""
	}
	if _, isRange := b.(tables.Coverage2); isRange {
		return "range coverage left in place"
	}
	if a.Len() != b.Len() {
		return "coverage length changed"
	}
	var probe []tables.GlyphID
	switch a := a.(type) {
	case tables.Coverage1:
		probe = a.Glyphs
	case tables.Coverage2:
		for _, r := range a.Ranges {
			for g := int(r.StartGlyphID) - 1; g <= int(r.EndGlyphID)+1; g++ {
				if g >= 0 && g <= 0xFFFF {
					probe = append(probe, tables.GlyphID(g))
				}
			}
		}
	}
	for _, g := range probe {
		ia, oka := a.Index(g)
		ib, okb := b.Index(g)
		if ia != ib || oka != okb {
			return fmt.Sprintf("glyph %d: index %d,%v became %d,%v", g, ia, oka, ib, okb)
		}
	}
	return ""
}
