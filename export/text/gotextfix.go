package text

import (
	"reflect"
	"sync"
	"unsafe"

	"github.com/go-text/typesetting/bidi"
	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/font/opentype/tables"
)

// go-text v0.3.5 skips OpenType lookups that HarfBuzz applies. Its lookup
// filters (harfbuzz/set_digest.go, setDigest.addRange) stop adding a
// coverage's glyph ranges as soon as any one of their three bit masks is
// full, where HarfBuzz stops only when all three are. A lookup whose first
// coverage is a long list of ranges then "cannot" match glyphs from its later
// ranges and is never tried: Amiri's calt rule that joins meem and heh in
// "مهما" is one such (hb-shape: uni0645.init_MemHehInit; go-text: plain
// uni0645.init). Glyphs added one by one are unaffected, so before any
// shaping we rewrite every range coverage (format 2) of the font's GSUB and
// GPOS as the equivalent glyph list (format 1): same glyphs, same coverage
// indices, correct filters. Remove this once go-text fixes addRange.

var (
	coverageType  = reflect.TypeOf((*tables.Coverage)(nil)).Elem()
	coverage2Type = reflect.TypeOf(tables.Coverage2{})
)

// maxListedCoverage keeps a pathological font (one range over every glyph
// id) from costing more than a few hundred kilobytes.
const maxListedCoverage = 1 << 17

func listRangeCoverages(f *font.Font) {
	w := coverageWalk{holds: map[reflect.Type]bool{}}
	w.walk(reflect.ValueOf(&f.GSUB.Lookups).Elem(), 0)
	w.walk(reflect.ValueOf(&f.GPOS.Lookups).Elem(), 0)
}

// coverageWalk is one font's walk, with its own copy of containsCoverage's
// answers for the types it has met (a map of its own costs less to ask than
// the shared one, and it is asked for every value).
type coverageWalk struct {
	holds map[reflect.Type]bool
}

func (w *coverageWalk) contains(t reflect.Type) bool {
	h, ok := w.holds[t]
	if !ok {
		h = containsCoverage(t)
		w.holds[t] = h
	}
	return h
}

// walk rewrites the format-2 coverages reachable from v, which
// must be addressable, and reports whether it changed anything. Unexported
// fields are reached through their address: the tables keep most coverages
// in unexported fields.
func (w *coverageWalk) walk(v reflect.Value, depth int) bool {
	if depth > 24 {
		return false
	}
	switch v.Kind() {
	case reflect.Interface:
		if v.IsNil() {
			return false
		}
		e := v.Elem()
		if e.Type() == coverage2Type && v.Type() == coverageType {
			if c1, ok := listCoverage(e.Interface().(tables.Coverage2)); ok {
				v.Set(reflect.ValueOf(c1))
				return true
			}
			return false
		}
		if !w.contains(e.Type()) {
			return false
		}
		cp := reflect.New(e.Type()).Elem() // interface contents are not addressable
		cp.Set(e)
		if w.walk(cp, depth+1) {
			v.Set(cp)
			return true
		}
	case reflect.Struct:
		changed := false
		for i := 0; i < v.NumField(); i++ {
			f := v.Field(i)
			if !w.contains(f.Type()) {
				continue
			}
			f = reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem()
			changed = w.walk(f, depth+1) || changed
		}
		return changed
	case reflect.Slice, reflect.Array:
		if !w.contains(v.Type().Elem()) {
			return false
		}
		changed := false
		for i := 0; i < v.Len(); i++ {
			changed = w.walk(v.Index(i), depth+1) || changed
		}
		return changed
	case reflect.Pointer:
		if !v.IsNil() && w.contains(v.Type().Elem()) {
			return w.walk(v.Elem(), depth+1)
		}
	}
	return false
}

// containsCoverage reports whether values of t can hold a coverage, so the
// walk skips glyph arrays, value records, anchors and the like: an
// interface may hold anything, a struct only what its fields may, a
// pointer, slice or array what its element may. The answer for each type
// is worked out once (coverageTypes): the walk asks it of every value it
// meets, and a font's GPOS has thousands of anchors and value records.
func containsCoverage(t reflect.Type) bool {
	if v, ok := coverageTypes.Load(t); ok {
		return v.(bool)
	}
	// A type that reaches itself (through a pointer or a slice) counts as
	// holding a coverage while it is being looked at: the walk then goes
	// through it, which is always correct.
	coverageTypes.Store(t, true)
	var holds bool
	switch t.Kind() {
	case reflect.Interface:
		holds = true
	case reflect.Struct:
		for i := 0; i < t.NumField() && !holds; i++ {
			holds = containsCoverage(t.Field(i).Type)
		}
	case reflect.Pointer, reflect.Slice, reflect.Array:
		holds = containsCoverage(t.Elem())
	}
	coverageTypes.Store(t, holds)
	return holds
}

// coverageTypes is containsCoverage's answers, by type.
var coverageTypes sync.Map // reflect.Type → bool

// listCoverage converts a well-formed range coverage into the glyph list
// that gives every glyph the same coverage index; a malformed one (unsorted,
// overlapping or with gaps in its indices) is left alone.
func listCoverage(c tables.Coverage2) (tables.Coverage1, bool) {
	n := 0
	next := -1
	for _, r := range c.Ranges {
		if r.EndGlyphID < r.StartGlyphID || int(r.StartGlyphID) <= next || int(r.StartCoverageIndex) != n {
			return tables.Coverage1{}, false
		}
		n += int(r.EndGlyphID-r.StartGlyphID) + 1
		next = int(r.EndGlyphID)
		if n > maxListedCoverage {
			return tables.Coverage1{}, false
		}
	}
	glyphs := make([]tables.GlyphID, 0, n)
	for _, r := range c.Ranges {
		for g := int(r.StartGlyphID); g <= int(r.EndGlyphID); g++ {
			glyphs = append(glyphs, tables.GlyphID(g))
		}
	}
	return tables.Coverage1{Glyphs: glyphs}, true
}

// go-text v0.3.5's bidi.Runs cuts the text only where the direction
// changes and gives each run the level of its first character, so two
// adjacent stretches of one direction at different depths read as one:
// in "نص abc دج ب" with "abc دج" a left-to-right isolate, the Arabic word
// inside the isolate (level 3) and " ب" after it (level 1) became one run
// at level 3, and " ب" was drawn inside the isolate. The algorithm itself
// resolves every character's level correctly and Runs keeps them; this
// reads them. Remove it once go-text reports levels per character.

// levelsField is the index of Runs' per-character levels, -1 if go-text's
// Runs has changed shape.
var levelsField = func() int {
	f, ok := reflect.TypeOf(bidi.Runs{}).FieldByName("levels")
	if !ok || f.Type != reflect.TypeOf([]bidi.Level(nil)) || len(f.Index) != 1 {
		return -1
	}
	return f.Index[0]
}()

// charLevels copies the level of every character of the segmented text into
// level, from the runs' levels if Runs no longer holds per-character ones.
func charLevels(level []bidi.Level, runs *bidi.Runs) {
	if levelsField >= 0 {
		f := reflect.ValueOf(runs).Elem().Field(levelsField)
		all := *(*[]bidi.Level)(unsafe.Pointer(f.UnsafeAddr()))
		if len(all) == len(level) {
			copy(level, all)
			return
		}
	}
	for i := 0; i < runs.NumRuns(); i++ {
		r := runs.Run(i)
		for j := r.Start; j < r.End && j < len(level); j++ {
			level[j] = r.Level
		}
	}
}
