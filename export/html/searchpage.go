package html

import (
	"bytes"
	"strings"

	"github.com/warraq/warraq/export/collection"
	"github.com/warraq/warraq/export/doc"
	"github.com/warraq/warraq/export/locale"
	"github.com/warraq/warraq/export/search"
	"github.com/warraq/warraq/templates"
)

// search adds the search page, its script and the index: a document for
// each article's opening and one for each of its sections (level 2 and 3
// headings), so a result leads to the place it found.
func (s *site) search() error {
	if !s.o.Search {
		return nil
	}
	var docs []search.Doc
	for _, sec := range s.sections {
		docs = append(docs, sec...)
	}
	s.sections = nil
	var buf bytes.Buffer
	var memo *search.Memo
	if s.cache != nil {
		memo = &s.cache.terms
	}
	if err := memo.Build(s.lang, docs).WriteScript(&buf); err != nil {
		return err
	}
	s.add(indexScript, buf.Bytes())
	js, err := templates.Source("search.js")
	if err != nil {
		return err
	}
	s.add(searchJS, js)
	data, err := s.execute("search.html", s.newPage(s.loc.Labels.Search, "", ""))
	if err != nil {
		return err
	}
	s.add(searchPage, data)
	return nil
}

// articleSections splits an article, whose model is d, at its level 2 and
// 3 headings that have an anchor; its footnotes are one more document.
func (s *site) articleSections(a *collection.Article, d *doc.Document) []search.Doc {
	page := s.pages[a.Path]
	title := strings.TrimSpace(a.Title)
	cur := search.Doc{URL: page, Article: title}
	var text strings.Builder
	text.WriteString(a.Subtitle)
	var out []search.Doc
	flush := func() {
		cur.Text = strings.Join(strings.Fields(text.String()), " ")
		if cur.Text != "" || cur.Section != "" || len(out) == 0 {
			out = append(out, cur)
		}
		text.Reset()
	}
	for _, bl := range d.Blocks {
		if h, ok := bl.(*doc.Heading); ok && h.Level <= 3 && h.ID != "" {
			flush()
			cur = search.Doc{URL: page + "#" + h.ID, Article: title, Section: strings.TrimSpace(doc.PlainText(h.Content))}
			continue
		}
		blockText(&text, []doc.Block{bl})
	}
	flush()
	if len(d.Notes) > 0 {
		cur = search.Doc{URL: page, Article: title, Section: locale.For(a.Lang).Labels.Notes}
		for _, n := range d.Notes {
			blockText(&text, n.Blocks)
		}
		flush()
	}
	return out
}

// blockText writes the words a reader sees in blocks, a space between
// blocks and cells.
func blockText(b *strings.Builder, blocks []doc.Block) {
	doc.Inspect(blocks, func(n any) bool {
		switch x := n.(type) {
		case *doc.Text:
			b.WriteString(x.Text)
		case *doc.CodeBlock:
			b.WriteString(x.Text)
			b.WriteByte(' ')
		case *doc.Image:
			b.WriteString(" " + x.Alt + " ")
		case *doc.Break:
			b.WriteByte(' ')
		case *doc.Table:
			for _, rows := range [][]*doc.Row{x.Head, x.Body} {
				for _, r := range rows {
					for _, c := range r.Cells {
						b.WriteString(" " + doc.PlainText(c.Content) + " ")
					}
				}
			}
			return false
		case doc.Block:
			b.WriteByte(' ')
		}
		return true
	})
}
