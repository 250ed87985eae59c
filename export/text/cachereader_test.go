package text

import (
	"reflect"
	"testing"
)

// cached counts the cache's entries.
func (c *shapeCache) cached() int {
	n := 0
	for i := range c.shards {
		c.shards[i].mu.RLock()
		n += len(c.shards[i].m)
		c.shards[i].mu.RUnlock()
	}
	return n
}

// A CacheReader lays out as its engine does, using the words its engine
// cached, and adds none.
func TestCacheReader(t *testing.T) {
	fs, err := NewFontSet("", "", "", "")
	if err != nil {
		t.Fatal(err)
	}
	para := func(s string) Paragraph {
		return Paragraph{Spans: []Span{{Text: s, Style: Style{Role: Body, Size: 10, Lang: "ar"}}}, Dir: RTL, Lang: "ar"}
	}
	const seen, unseen = "كتب الورّاق في سوق الكتب ١٢٣", "قرأ الناسخ المخطوطة على ضوء السراج"

	full := NewEngine(fs)
	want := full.Layout(para(unseen), 120)
	full.Layout(para(seen), 120)

	e := NewEngine(fs)
	e.Layout(para(seen), 120)
	before := e.cache.cached()
	if before == 0 {
		t.Fatal("the engine cached no word")
	}
	r := e.CacheReader()
	if got := r.Layout(para(unseen), 120); !reflect.DeepEqual(got, want) {
		t.Error("the reader's layout differs from the engine's")
	}
	if got, want := r.Layout(para(seen), 120), full.Layout(para(seen), 120); !reflect.DeepEqual(got, want) {
		t.Error("the reader's layout of cached words differs from the engine's")
	}
	if after := e.cache.cached(); after != before {
		t.Errorf("the reader added %d words to the cache", after-before)
	}
	if e.Layout(para(unseen), 120); e.cache.cached() == before {
		t.Error("the engine itself no longer caches")
	}
}
