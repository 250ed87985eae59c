package collection

import (
	"reflect"
	"slices"
	"testing"

	"github.com/warraq/warraq/export/doc"
	"github.com/warraq/warraq/fonts"
)

// modelBook is a book whose articles have what the loader sets in a model
// after reading it (links' targets, images' files), notes, code and an
// image's text alternative with characters the text lacks.
func modelBook(t *testing.T) *Book {
	return load(t, map[string]string{
		"a.md": article("title: أ\ndate: 2024-01-01", "## مقدمة\n\nنص فيه [رابط](b.md#later) وحاشية[^1].\n\n"+
			"![صورة Ω](img/p.png)\n\n![](img/q.png) ![ثانية](img/p.png)\n\n```\nسطر\nline ∑\n```\n\n[^1]: حاشية ∂ في آخرها.\n"),
		"b.md":      article("title: ب\ndate: 2024-01-02", "## لاحقًا {#later}\n\nنص المقالة الثانية.\n"),
		"img/p.png": string(pngBytes(t, 5, 4)),
		"img/q.png": string(pngBytes(t, 3, 2)),
	}, Options{})
}

// A loaded book holds no article's model as a tree: every article holds
// it encoded, and Model decodes a copy of its own for each caller, with
// the links' targets and the images' files the loader gave it, the files
// being the book's own.
func TestLoadedBookHoldsNoModelTree(t *testing.T) {
	b := modelBook(t)
	for _, a := range b.Articles {
		if path := nodeIn(reflect.ValueOf(a), map[uintptr]bool{}); path != "" {
			t.Errorf("%s holds a model node at %s", a.Path, path)
		}
		if data, ok := a.ModelData(); !ok || len(data) == 0 {
			t.Errorf("%s: the model is not held encoded", a.Path)
		}
		one, two := a.Model(), a.Model()
		if one == nil || one == two || !reflect.DeepEqual(one, two) {
			t.Errorf("%s: Model gave %p and %p: not two equal copies", a.Path, one, two)
		}
		if n := len(doc.AllBlocks(one)); n != a.ModelBlocks() {
			t.Errorf("%s: %d blocks, ModelBlocks says %d", a.Path, n, a.ModelBlocks())
		}
	}
	a := b.Articles[0]
	d := a.Model()
	var link doc.Target
	var files []*Asset
	doc.InspectDocument(d, func(n any) bool {
		switch n := n.(type) {
		case *doc.Link:
			link = n.Target
		case *doc.Image:
			files = append(files, n.Asset)
		}
		return true
	})
	if link != (doc.Target{Article: "b.md", Fragment: "later"}) {
		t.Errorf("the link leads to %+v", link)
	}
	p, q := b.assets["img/p.png"], b.assets["img/q.png"]
	if p == nil || q == nil || !slices.Equal(files, []*Asset{p, q, p}) {
		t.Errorf("the images show %v, want the book's files %v %v %v", files, p, q, p)
	}
	if !slices.Equal(a.Assets(), []*Asset{p, q}) || !a.HasImage() || b.Articles[1].HasImage() || len(b.Articles[1].Assets()) > 0 {
		t.Errorf("Assets %v, HasImage %v and %v", a.Assets(), a.HasImage(), b.Articles[1].HasImage())
	}
	// A copy changed is the caller's alone.
	d.Blocks = nil
	if len(a.Model().Blocks) == 0 {
		t.Error("a change to a copy reached the article")
	}
	// The characters kept compactly read back as the model's.
	for _, a := range b.Articles {
		text, alt := a.Chars()
		wantText, wantAlt := doc.Chars(a.Model())
		if !slices.Equal(text, wantText) || !slices.Equal(alt, wantAlt) {
			t.Errorf("%s: Chars\n%v %q\nwant\n%v %q", a.Path, text, string(alt), wantText, string(wantAlt))
		}
		if len(text) == 0 || a == b.Articles[0] && len(alt) == 0 {
			t.Errorf("%s: %d characters, %d of alternative texts", a.Path, len(text), len(alt))
		}
	}
}

// nodeIn is the path to a node of the document model reachable from v,
// "" when there is none. The model's encoding and the files it names
// are what an article may hold.
func nodeIn(v reflect.Value, seen map[uintptr]bool) string {
	var block doc.Block
	var inline doc.Inline
	if v.Kind() == reflect.Interface && !v.IsNil() {
		v = v.Elem()
	}
	t := v.Type()
	if t.Implements(reflect.TypeOf(&block).Elem()) || t.Implements(reflect.TypeOf(&inline).Elem()) ||
		t == reflect.TypeFor[*doc.Document]() && !v.IsNil() {
		return t.String()
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() || seen[v.Pointer()] {
			return ""
		}
		seen[v.Pointer()] = true
		return nodeIn(v.Elem(), seen)
	case reflect.Struct:
		for i := range v.NumField() {
			if p := nodeIn(v.Field(i), seen); p != "" {
				return t.Field(i).Name + "." + p
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			if p := nodeIn(v.Index(i), seen); p != "" {
				return "[]" + p
			}
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			if p := nodeIn(it.Value(), seen); p != "" {
				return "map " + p
			}
		}
	}
	return ""
}

// A model that cannot be encoded (nested deeper than export/doc's limit:
// lowering never makes one) is held as it is: Model returns it itself,
// and what the article says of it is as for one encoded.
func TestUnencodableModelHeldAsItIs(t *testing.T) {
	deep := []doc.Inline{&doc.Text{Text: "نص"}}
	for range 300 {
		deep = []doc.Inline{&doc.Span{Content: deep}}
	}
	file := &Asset{Path: "p.png"}
	d := &doc.Document{Blocks: []doc.Block{
		&doc.Paragraph{Content: deep},
		&doc.Quote{Blocks: []doc.Block{&doc.Figure{Image: &doc.Image{Src: "p.png", Asset: file}}}},
	}}
	a := &Article{Path: "a.md"}
	a.SetModel(d)
	if _, ok := a.ModelData(); ok {
		t.Fatal("a model nested 300 deep was encoded")
	}
	if a.Model() != d || a.Model() != d {
		t.Error("Model does not return the model held")
	}
	// (What TestLoadedBookHoldsNoModelTree looks for, found.)
	if path := nodeIn(reflect.ValueOf(a), map[uintptr]bool{}); path == "" {
		t.Error("no model node found in an article holding its model as a tree")
	}
	if a.ModelBlocks() != 3 || !a.HasImage() || !slices.Equal(a.Assets(), []*Asset{file}) {
		t.Errorf("%d blocks, image %v, files %v", a.ModelBlocks(), a.HasImage(), a.Assets())
	}
	// Found from the model, the loader not having read it.
	if text, _ := a.Chars(); len(text) != 2 {
		t.Errorf("characters %v", text)
	}
	// Encoded again once it can be.
	d.Blocks = d.Blocks[1:]
	a.SetModel(d)
	if data, ok := a.ModelData(); !ok || len(data) == 0 || a.Model() == d || !reflect.DeepEqual(a.Model(), d) {
		t.Error("a model that can be encoded is not held encoded")
	}
	a.SetModel(nil)
	if a.Model() != nil || a.HasImage() || a.ModelBlocks() != 0 {
		t.Error("no model left something behind")
	}
}

// SetModel finds, once, what the fonts are chosen and checked by: the
// languages spans and divisions are marked in, in the order they come,
// each once; the body styles the model asks for, each with what asks first
// (note numbers before any span, strong emphasis where the two nest).
func TestModelUses(t *testing.T) {
	text := func(s string) *doc.Text { return &doc.Text{Text: s} }
	d := &doc.Document{
		Blocks: []doc.Block{
			&doc.Paragraph{Content: []doc.Inline{
				text("أ"), &doc.Span{Kind: doc.Plain, Lang: "en", Content: []doc.Inline{text("b")}},
				&doc.Link{Content: []doc.Inline{&doc.Span{Kind: doc.Emph, Content: []doc.Inline{
					&doc.Span{Kind: doc.Strong, Lang: "ur", Content: []doc.Inline{text("c")}}}}}},
			}},
			&doc.Div{Lang: "fa", Blocks: []doc.Block{&doc.Paragraph{Content: []doc.Inline{
				&doc.Span{Kind: doc.Strong, Lang: "en", Content: []doc.Inline{text("d")}}}}}},
		},
		Notes: []*doc.Note{{Number: 1, Blocks: []doc.Block{&doc.Paragraph{Content: []doc.Inline{text("e")}}}}},
	}
	var a Article
	a.SetModel(d)
	if got, want := a.ModelLangs(), []string{"en", "ur", "fa"}; !slices.Equal(got, want) {
		t.Errorf("ModelLangs = %q, want %q", got, want)
	}
	want := []StyleUse{{fonts.Bold, "note numbers"}, {fonts.Italic, "emphasis"}, {fonts.BoldItalic, "strong emphasis"}}
	if got := a.ModelStyles(); !slices.Equal(got, want) {
		t.Errorf("ModelStyles = %v, want %v", got, want)
	}
	a.SetModel(nil)
	if a.ModelLangs() != nil || a.ModelStyles() != nil {
		t.Errorf("an article without a model uses %q, %v", a.ModelLangs(), a.ModelStyles())
	}
}
