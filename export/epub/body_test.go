package epub

import (
	"bytes"
	"compress/flate"
	"fmt"
	"io"
	"reflect"
	"testing"

	"github.com/warraq/warraq/export/render"
	"github.com/warraq/warraq/internal/testdir"
)

// The body's pages are made side by side and added in order; an article
// that shows images is made again in its turn, since the images' names are
// claimed in the order the pages first show them. The pages, the images'
// names and order and the page list must be what making the pages one
// after another gives (packager.article, in book order). The book has more
// articles than are made ahead of the one being added, images of the same
// name in several directories, an image shown again later, and page
// breaks at titles and inside bodies.
func TestBodyPagesInBookOrder(t *testing.T) {
	files := map[string]string{"book.yaml": "title: كتاب\nlanguage: ar\nparts: year\n"}
	shows := map[int]string{3: "d3", 70: "d70", 71: "d3", 72: "d72", 140: "d140", 141: "d70"}
	const n = 150
	for i := 1; i <= n; i++ {
		body := fmt.Sprintf("فقرة أولى من المقالة %d.\n\nفقرة ثانية.\n", i)
		if d, ok := shows[i]; ok {
			body += fmt.Sprintf("\n![صورة](%s/pic.png)\n\nبعد الصورة.\n", d)
			if i == 71 {
				body += "\n![صورة أخرى](d71/pic.png)\n"
			}
		}
		files[fmt.Sprintf("a%03d.md", i)] = fmt.Sprintf("---\ntitle: المقالة %d\ndate: %d-01-%02d\n---\n\n%s", i, 2020+i/60, 1+i%28, body)
	}
	for _, d := range []string{"d3", "d70", "d71", "d72", "d140"} {
		files[d+"/pic.png"] = string(testPNG(t))
	}
	b := loadBook(t, testdir.Write(t, files))
	if len(b.Articles) != n {
		t.Fatalf("%d articles loaded, want %d", len(b.Articles), n)
	}
	var breaks []render.PageBreak
	for i, part := range b.Parts {
		breaks = append(breaks, render.PageBreak{Page: 1000 + i, Label: fmt.Sprint(1000 + i), Part: part})
	}
	for i, a := range b.Articles {
		breaks = append(breaks, render.PageBreak{Page: 2*i + 1, Label: fmt.Sprint(2*i + 1), Article: a})
		if d := a.Model(); len(d.Blocks) > 1 {
			breaks = append(breaks, render.PageBreak{Page: 2*i + 2, Label: fmt.Sprint(2*i + 2), Article: a, Block: blockNumber(d, d.Blocks[1]), Word: 1})
		}
	}
	opt := testOptions(t)
	opt.PageBreaks = breaks

	p := newPackager(b, opt)
	made, err := p.build()
	if err != nil {
		t.Fatal(err)
	}
	ref := newPackager(b, opt)
	ref.claimNames()
	for _, part := range b.Parts {
		if name, ok := ref.parts[part]; ok {
			ref.listPages(ref.partPages[part], name)
		}
		for _, a := range part.Articles {
			want, err := ref.article(a, ref.docs[a])
			if err != nil {
				t.Fatal(err)
			}
			if got := pageData(t, made, "OEBPS/"+ref.docs[a]); !bytes.Equal(got, want) {
				t.Fatalf("%s differs from the page made in turn", ref.docs[a])
			}
		}
	}
	var gotImages, wantImages []string
	for _, it := range p.images {
		gotImages = append(gotImages, it.asset.Path+" "+it.href+" "+it.id)
	}
	for _, it := range ref.images {
		wantImages = append(wantImages, it.asset.Path+" "+it.href+" "+it.id)
	}
	if len(wantImages) != 5 || !reflect.DeepEqual(gotImages, wantImages) {
		t.Errorf("images %q, want %q", gotImages, wantImages)
	}
	if len(b.Parts) < 2 || len(ref.parts) != len(b.Parts) {
		t.Errorf("%d parts, %d of them titled: the book should have titled parts", len(b.Parts), len(ref.parts))
	}
	if len(ref.pageList) != 2*n+len(b.Parts) || !reflect.DeepEqual(p.pageList, ref.pageList) {
		t.Errorf("page list of %d entries differs from the %d made in turn", len(p.pageList), len(ref.pageList))
	}
}

// pageData is the data of the file called name, inflated if it was packed.
func pageData(t *testing.T, files []entry, name string) []byte {
	t.Helper()
	for _, e := range files {
		if e.name != name {
			continue
		}
		if e.packed == nil {
			return e.data
		}
		data, err := io.ReadAll(flate.NewReader(bytes.NewReader(e.packed.data)))
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	t.Fatalf("no file %s among %d", name, len(files))
	return nil
}
