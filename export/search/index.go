package search

import (
	"bytes"
	"encoding/json"
	"io"
	"slices"
	"sort"
	"strings"
	"sync"
)

// Doc is one place a search result can lead to: an article's opening, or
// one of its sections.
type Doc struct {
	URL     string `json:"u"` // relative to the site's root, with a fragment for a section
	Article string `json:"a"` // the article's title
	Section string `json:"s"` // the section's heading; "" for the article's opening
	Text    string `json:"x"` // the words a reader sees, for snippets
}

// Index maps every folded word, and its stems, to the documents that hold
// it. Terms are sorted, so the script can find every term a query word
// begins.
type Index struct {
	Lang     string   `json:"lang"`
	Docs     []Doc    `json:"docs"`
	Terms    []string `json:"terms"`
	Postings [][]int  `json:"postings"` // Postings[i]: the documents holding Terms[i], in book order
	// Titles are the documents whose article title or section heading
	// holds a term: they rank first.
	Titles [][]int `json:"titles"`
}

// Build indexes docs, which are in book order.
func Build(lang string, docs []Doc) *Index { return (*Memo)(nil).Build(lang, docs) }

// Memo remembers the terms of the texts it has indexed, for a caller that
// indexes nearly the same documents again and again (the live preview,
// after each save): finding a text's words and their stems is most of
// indexing. What one Build did not use is forgotten at the next. Its zero
// value is ready; nil remembers nothing.
type Memo struct {
	mu        sync.Mutex
	now, last map[string][]string
}

// terms are the stems of the words of s, each word's once.
func (m *Memo) terms(s string) []string {
	if m != nil {
		m.mu.Lock()
		t, ok := m.now[s]
		if !ok {
			if t, ok = m.last[s]; ok {
				m.now[s] = t
			}
		}
		m.mu.Unlock()
		if ok {
			return t
		}
	}
	var out []string
	seen := map[string]bool{}
	for _, w := range Words(s) {
		if seen[w] {
			continue // a document's words repeat: stem each once
		}
		seen[w] = true
		out = append(out, Stems(w)...)
	}
	if m != nil {
		m.mu.Lock()
		m.now[s] = out
		m.mu.Unlock()
	}
	return out
}

// Build is Build, taking the terms of the texts m remembers from m.
func (m *Memo) Build(lang string, docs []Doc) *Index {
	if m != nil {
		m.mu.Lock()
		m.last, m.now = m.now, map[string][]string{}
		m.mu.Unlock()
	}
	body := map[string][]int{}
	head := map[string][]int{}
	add := func(idx map[string][]int, s string, d int) {
		for _, t := range m.terms(s) {
			if p := idx[t]; len(p) == 0 || p[len(p)-1] != d {
				idx[t] = append(p, d)
			}
		}
	}
	for i, d := range docs {
		add(body, d.Section+" "+d.Text, i)
		add(head, d.Section, i)
		if d.Section == "" {
			add(head, d.Article, i)
			add(body, d.Article, i)
		}
	}
	ix := &Index{Lang: lang, Docs: docs}
	for t := range body {
		ix.Terms = append(ix.Terms, t)
	}
	// JavaScript compares strings by UTF-16 code units; Go by bytes. They
	// order differently only where a rune above U+FFFF meets one between
	// U+E000 and U+FFFF, so sort by code units and the script's binary
	// search holds for every text.
	sort.Slice(ix.Terms, func(i, j int) bool { return utf16Less(ix.Terms[i], ix.Terms[j]) })
	for _, t := range ix.Terms {
		ix.Postings = append(ix.Postings, body[t])
		ix.Titles = append(ix.Titles, head[t])
	}
	return ix
}

func utf16Less(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	for i := 0; i < len(ra) && i < len(rb); i++ {
		if ra[i] != rb[i] {
			return utf16Key(ra[i]) < utf16Key(rb[i])
		}
	}
	return len(ra) < len(rb)
}

// utf16Key orders runes as their first UTF-16 code unit does (surrogates,
// D800-DFFF, come before E000-FFFF) and then by value.
func utf16Key(r rune) int64 {
	if r >= 0x10000 {
		return int64(0xD800)<<21 | int64(r)
	}
	return int64(r) << 21
}

// Result is a document a query found, with its score.
type Result struct {
	Doc   int
	Score int
}

// Search finds the documents holding every word of q: a word matches a
// term it equals or begins (so a word being typed already finds), either
// as typed or without its joined particles. Exact matches count more than
// prefixes, and matches in a title or heading more than in the text;
// equal scores keep book order. The page's script does the same, and the
// browser test holds them to it.
func (ix *Index) Search(q string, limit int) []Result {
	words := Words(q)
	if len(words) == 0 {
		return nil
	}
	score := map[int]int{}
	for i, w := range words {
		got := map[int]int{}
		for _, s := range Stems(w) {
			lo := sort.Search(len(ix.Terms), func(k int) bool { return !utf16Less(ix.Terms[k], s) })
			for k := lo; k < len(ix.Terms) && strings.HasPrefix(ix.Terms[k], s); k++ {
				pts := 1
				if ix.Terms[k] == s {
					pts = 3
				}
				for _, d := range ix.Postings[k] {
					got[d] = max(got[d], pts)
				}
				for _, d := range ix.Titles[k] {
					got[d] = max(got[d], pts+5)
				}
			}
		}
		if i == 0 {
			score = got
			continue
		}
		for d := range score {
			if g, ok := got[d]; ok {
				score[d] += g
			} else {
				delete(score, d)
			}
		}
	}
	out := make([]Result, 0, len(score))
	for d, s := range score {
		out = append(out, Result{d, s})
	}
	slices.SortFunc(out, func(a, b Result) int {
		if a.Score != b.Score {
			return b.Score - a.Score
		}
		return a.Doc - b.Doc
	})
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out
}

// WriteScript writes the index as a script that hands it to the search
// page (window.warraqSearchIndex): a script, not JSON to fetch, so the
// search works from files opened straight from disk, where browsers
// refuse fetch.
func (ix *Index) WriteScript(w io.Writer) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(true) // "</script>" in an article cannot end anything
	if err := enc.Encode(ix); err != nil {
		return err
	}
	if _, err := io.WriteString(w, "window.warraqSearchIndex = "); err != nil {
		return err
	}
	data := bytes.TrimRight(buf.Bytes(), "\n")
	// U+2028 and U+2029 end a line in older JavaScript parsers; Go's
	// encoder escapes them already.
	if _, err := w.Write(data); err != nil {
		return err
	}
	_, err := io.WriteString(w, ";\n")
	return err
}
