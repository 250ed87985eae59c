package render

import (
	"testing"

	"github.com/warraq/warraq/export/collection"
	"github.com/warraq/warraq/export/doc"
	"github.com/warraq/warraq/internal/corpus"
)

// BenchmarkArticleDigest makes the digests of 100 generated articles, as
// every build does for every article (a rebuild of an unchanged one too).
func BenchmarkArticleDigest(b *testing.B) {
	dir := b.TempDir()
	if err := corpus.Generate(dir, 100, 1); err != nil {
		b.Fatal(err)
	}
	book, err := collection.Load(dir, collection.Options{})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		for _, a := range book.Articles {
			if _, ok := ArticleDigest(a); !ok {
				b.Fatal("no digest")
			}
		}
	}
}

// The digest follows the model into what the loader sets after reading it
// (link targets, images' files) and into flags that change no text.
func TestDigestCoversTheModel(t *testing.T) {
	a := &collection.Article{Path: "a.md", Title: "أ"}
	d := &doc.Document{Blocks: []doc.Block{
		&doc.Paragraph{Pos: doc.Pos{Line: 3}, Content: []doc.Inline{
			&doc.Link{Dest: "b.md", Content: []doc.Inline{&doc.Text{Text: "رابط"}}},
			&doc.Span{Content: []doc.Inline{&doc.Text{Text: "Go 1.26"}}},
			&doc.Image{Src: "p.png", Asset: &doc.Asset{Path: "p.png", Data: []byte{1, 2, 3}, MediaType: "image/png", Width: 1, Height: 1}},
		}},
	}}
	para := d.Blocks[0].(*doc.Paragraph)
	link, span, img := para.Content[0].(*doc.Link), para.Content[1].(*doc.Span), para.Content[2].(*doc.Image)
	// The article holds its model encoded: each change is given to it.
	digest := func() ([32]byte, bool) {
		a.SetModel(d)
		return ArticleDigest(a)
	}
	base, ok := digest()
	if !ok {
		t.Fatal("no digest")
	}
	for _, tc := range []struct {
		what         string
		change, undo func()
	}{
		{"a link's target", func() { link.Target.Article = "b.md" }, func() { link.Target.Article = "" }},
		{"an image's bytes", func() { img.Asset.Data[1] = 9 }, func() { img.Asset.Data[1] = 2 }},
		{"a span kept on one line", func() { span.NoBreak = true }, func() { span.NoBreak = false }},
		{"a block's line", func() { para.Line = 4 }, func() { para.Line = 3 }},
		{"the title", func() { a.Title = "ب" }, func() { a.Title = "أ" }},
	} {
		tc.change()
		if d, _ := digest(); d == base {
			t.Errorf("%s: the digest did not change", tc.what)
		}
		tc.undo()
		if d, _ := digest(); d != base {
			t.Errorf("%s undone: the digest is not the first one", tc.what)
		}
	}
	// A model the cache cannot encode has no digest (its work is not kept).
	para.Content = append(para.Content, &doc.NoteRef{Note: &doc.Note{Number: 1}})
	if _, ok := digest(); ok {
		t.Error("a reference to a note the document does not hold has a digest")
	}
}
