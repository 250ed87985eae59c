package xhtml

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/warraq/warraq/export/doc"
	"github.com/warraq/warraq/export/locale"
)

// writer writes one document.
type writer struct {
	o   Options
	rtl bool // the document's direction
	lab locale.Labels

	ids        map[string]bool // every id used in the document
	headingIDs map[*doc.Heading]string
	noteIDs    map[*doc.Note]string
	refIDs     map[noteRef]string

	// The block whose words are being counted, the words counted, and the
	// page break markers written (pages.go).
	inBlock doc.Block
	words   int
	written []string

	// spare is the inline content para last wrote, whose memory the next
	// block's takes (newInline).
	spare *inline
}

type noteRef struct {
	note *doc.Note
	ref  int
}

// newWriter claims the document's ids before anything is written: heading
// ids first, since the table of contents and other articles link to them,
// then the footnotes' and their references', so a backlink can be written
// before (or without) the reference it leads to.
func newWriter(d *doc.Document, o Options) *writer {
	w := &writer{
		o: o, rtl: o.direction() == "rtl", lab: locale.For(o.Lang).Labels,
		ids: map[string]bool{}, headingIDs: map[*doc.Heading]string{},
		noteIDs: map[*doc.Note]string{}, refIDs: map[noteRef]string{},
	}
	var refs []*doc.NoteRef
	doc.InspectDocument(d, func(n any) bool {
		switch n := n.(type) {
		case *doc.Heading:
			if validID(n.ID) && !w.ids[n.ID] {
				w.ids[n.ID] = true
				w.headingIDs[n] = n.ID
			}
		case *doc.NoteRef:
			refs = append(refs, n)
		}
		return true
	})
	for _, n := range d.Notes {
		w.noteID(n)
	}
	for _, r := range refs {
		w.refID(r.Note, r.Ref)
	}
	return w
}

// claim reserves a unique id starting from want.
func (w *writer) claim(want string) string {
	id := want
	for i := 2; w.ids[id]; i++ {
		id = want + "-" + strconv.Itoa(i)
	}
	w.ids[id] = true
	return id
}

func (w *writer) noteID(n *doc.Note) string {
	if id, ok := w.noteIDs[n]; ok {
		return id
	}
	id := w.claim("fn-" + strconv.Itoa(n.Number))
	w.noteIDs[n] = id
	return id
}

func (w *writer) refID(n *doc.Note, ref int) string {
	key := noteRef{n, ref}
	if id, ok := w.refIDs[key]; ok {
		return id
	}
	want := "fnref-" + strconv.Itoa(n.Number)
	if ref > 0 {
		want += "-" + strconv.Itoa(ref+1)
	}
	id := w.claim(want)
	w.refIDs[key] = id
	return id
}

// number writes a generated number in the caller's digits.
func (w *writer) number(n int) string {
	if w.o.Digits != nil {
		return w.o.Digits(n)
	}
	return strconv.Itoa(n)
}

func (w *writer) blocks(b *strings.Builder, bs []doc.Block, rtl bool) {
	for _, bl := range bs {
		w.block(b, bl, rtl)
	}
}

// block writes one block, ended by a newline; rtl is the direction of the
// element it stands in.
func (w *writer) block(b *strings.Builder, bl doc.Block, rtl bool) {
	defer w.enter(bl)()
	switch x := bl.(type) {
	case *doc.Paragraph:
		w.para(b, "p", "", w.inlines(x.Content), rtl)
	case *doc.Heading:
		attrs := ""
		if id, ok := w.headingIDs[x]; ok {
			attrs += ` id="` + Escape(id) + `"`
		}
		if cls := cleanClass(x.Class); cls != "" {
			attrs += ` class="` + Escape(cls) + `"`
		}
		level := min(max(x.Level, 2), 6)
		w.para(b, "h"+strconv.Itoa(level), attrs, w.inlines(x.Content), rtl)
	case *doc.CodeBlock:
		attrs := ""
		if lang := cleanClass(x.Lang); lang != "" && !strings.Contains(lang, " ") {
			attrs = ` class="language-` + Escape(lang) + `"`
		}
		b.WriteString(`<pre dir="ltr"><code` + attrs + ">" + w.pageBreaksText(x.Text) + "</code></pre>\n")
	case *doc.Quote:
		if x.Kind == doc.PullQuote {
			w.pullQuote(b, x, rtl) // display.go
			return
		}
		b.WriteString("<blockquote>\n")
		w.blocks(b, x.Blocks, rtl)
		b.WriteString("</blockquote>\n")
	case *doc.Verse:
		w.verse(b, x, rtl) // display.go
	case *doc.List:
		w.list(b, x, rtl)
	case *doc.Table:
		w.table(b, x, rtl)
	case *doc.Figure:
		w.figure(b, x, rtl)
	case *doc.Rule:
		b.WriteString("<hr/>\n")
	case *doc.Div:
		if len(x.Blocks) == 0 {
			return
		}
		attrs := langAttrs(x.Lang)
		if x.Dir == "rtl" || x.Dir == "ltr" {
			attrs += ` dir="` + x.Dir + `"`
			rtl = x.Dir == "rtl"
		}
		if cls := cleanClass(x.Class); cls != "" {
			attrs += ` class="` + Escape(cls) + `"`
		}
		b.WriteString("<div" + attrs + ">\n")
		w.blocks(b, x.Blocks, rtl)
		b.WriteString("</div>\n")
	case *doc.DefList:
		w.defList(b, x, rtl)
	}
}

// para writes a block of inline content in element tag, or bare when tag
// is "" (a tight list item's text), isolating opposite-direction runs at
// its edges. A paragraph with nothing in it is not written.
func (w *writer) para(b *strings.Builder, tag, attrs string, in *inline, rtl bool) {
	if tag == "p" && in.empty() {
		return
	}
	dir := in.isolate(rtl)
	switch {
	case tag == "" && dir != "":
		b.WriteString(`<span dir="`)
		b.WriteString(dir)
		b.WriteString(`">`)
		in.writeMarkup(b)
		b.WriteString("</span>")
	case tag == "":
		in.writeMarkup(b)
	default:
		b.WriteString("<")
		b.WriteString(tag)
		b.WriteString(attrs)
		if dir != "" {
			b.WriteString(` dir="`)
			b.WriteString(dir)
			b.WriteString(`"`)
		}
		b.WriteString(">")
		in.writeMarkup(b)
		b.WriteString("</")
		b.WriteString(tag)
		b.WriteString(">")
	}
	if tag != "" {
		b.WriteString("\n")
	}
	w.spare = in
}

func (w *writer) list(b *strings.Builder, l *doc.List, rtl bool) {
	tag, attrs := "ul", ""
	if l.Ordered {
		tag = "ol"
		if l.Start != 1 {
			attrs = ` start="` + strconv.Itoa(l.Start) + `"`
		}
	}
	b.WriteString("<" + tag + attrs + ">\n")
	for _, it := range l.Items {
		w.item(b, it, l.Tight, rtl)
	}
	b.WriteString("</" + tag + ">\n")
}

// item writes a list item. The text of a tight list's item stands in the
// li without a paragraph; a task item opens with its check box, a symbol
// with the state as its label.
func (w *writer) item(b *strings.Builder, it *doc.Item, tight bool, rtl bool) {
	box := ""
	switch it.Task {
	case doc.TaskOpen:
		box = `<span class="task-box" role="img" aria-label="` + Escape(w.lab.NotDone) + `">☐</span>`
	case doc.TaskDone:
		box = `<span class="task-box" role="img" aria-label="` + Escape(w.lab.Done) + `">☑</span>`
	}
	if box != "" {
		b.WriteString(`<li class="task">`)
	} else {
		b.WriteString("<li>")
	}
	for i, bl := range it.Blocks {
		p, isPara := bl.(*doc.Paragraph)
		if !isPara {
			if i == 0 && box != "" {
				b.WriteString(box + "\n")
			}
			w.block(b, bl, rtl)
			continue
		}
		in := w.newInline()
		if i == 0 && box != "" {
			in.opaque(box)
			in.text(" ")
		}
		w.inlinesTo(in, p.Content)
		if !tight {
			w.para(b, "p", "", in, rtl)
			continue
		}
		w.para(b, "", "", in, rtl)
		if i < len(it.Blocks)-1 {
			b.WriteString("\n")
		}
	}
	if len(it.Blocks) == 0 {
		b.WriteString(box)
	}
	b.WriteString("</li>\n")
}

var alignClass = map[doc.Align]string{
	doc.AlignLeft: ` class="align-left"`, doc.AlignRight: ` class="align-right"`, doc.AlignCenter: ` class="align-center"`,
}

func (w *writer) table(b *strings.Builder, t *doc.Table, rtl bool) {
	if len(t.Head)+len(t.Body) == 0 {
		return
	}
	b.WriteString("<table>\n")
	rows := func(section, cell string, rs []*doc.Row) {
		if len(rs) == 0 {
			return
		}
		b.WriteString("<" + section + ">\n")
		for _, r := range rs {
			b.WriteString("<tr>")
			for i, c := range r.Cells {
				attrs := ""
				if cell == "th" {
					attrs = ` scope="col"`
				}
				if i < len(t.Columns) {
					attrs += alignClass[t.Columns[i]]
				}
				var cb strings.Builder
				w.para(&cb, cell, attrs, w.inlines(c.Content), rtl)
				b.WriteString(strings.TrimSuffix(cb.String(), "\n"))
			}
			b.WriteString("</tr>\n")
		}
		b.WriteString("</" + section + ">\n")
	}
	rows("thead", "th", t.Head)
	rows("tbody", "td", t.Body)
	b.WriteString("</table>\n")
}

func (w *writer) figure(b *strings.Builder, f *doc.Figure, rtl bool) {
	img := w.img(f.Image)
	if img == "" {
		return
	}
	b.WriteString(w.leadingBreaks() + `<figure class="image">` + img)
	if len(f.Caption) > 0 {
		var cb strings.Builder
		w.para(&cb, "figcaption", "", w.inlines(f.Caption), rtl)
		b.WriteString(strings.TrimSuffix(cb.String(), "\n"))
	}
	b.WriteString("</figure>\n")
}

// defList writes a definition list. A definition that is one paragraph
// stands in its dd without one; a term without a definition gets an empty
// one, since HTML wants every group to end with a dd.
func (w *writer) defList(b *strings.Builder, dl *doc.DefList, rtl bool) {
	if len(dl.Items) == 0 {
		return
	}
	b.WriteString("<dl>\n")
	for i, it := range dl.Items {
		w.para(b, "dt", "", w.inlines(it.Term), rtl)
		for _, d := range it.Defs {
			if len(d) == 1 {
				if p, ok := d[0].(*doc.Paragraph); ok {
					restore := w.enter(p)
					w.para(b, "dd", "", w.inlines(p.Content), rtl)
					restore()
					continue
				}
			}
			b.WriteString("<dd>\n")
			w.blocks(b, d, rtl)
			b.WriteString("</dd>\n")
		}
		if len(it.Defs) == 0 && i == len(dl.Items)-1 {
			b.WriteString("<dd></dd>\n")
		}
	}
	b.WriteString("</dl>\n")
}

// note writes a footnote as an aside: its number opens its first
// paragraph, and a link back to each reference ends its last.
func (w *writer) note(b *strings.Builder, n *doc.Note) {
	attrs := ""
	if w.o.EPUBTypes {
		attrs = ` epub:type="footnote"`
	}
	b.WriteString(`<aside` + attrs + ` role="doc-footnote" class="footnote" id="` + Escape(w.noteID(n)) + `">` + "\n")
	number := `<span class="note-number">` + Escape(w.number(n.Number)) + `</span>`
	backlinks := func(in *inline) {
		for i := 0; i < n.Refs; i++ {
			in.text(" ")
			in.opaque(`<a role="doc-backlink" class="backlink" href="#` + Escape(w.refID(n, i)) +
				`" title="` + Escape(w.lab.Back) + `" aria-label="` + Escape(w.lab.Back) + `">↩</a>`)
		}
	}
	last := len(n.Blocks) - 1
	for i, bl := range n.Blocks {
		p, ok := bl.(*doc.Paragraph)
		if !ok || i > 0 && i < last {
			if i == 0 {
				b.WriteString(`<p class="note-number">` + Escape(w.number(n.Number)) + "</p>\n")
			}
			w.block(b, bl, w.rtl)
			continue
		}
		in := w.newInline()
		if i == 0 {
			in.opaque(number)
			in.text(" ")
		}
		w.inlinesTo(in, p.Content)
		if i == last {
			backlinks(in)
		}
		w.para(b, "p", "", in, w.rtl)
	}
	if _, ok := lastBlock(n.Blocks).(*doc.Paragraph); !ok {
		in := w.newInline()
		if len(n.Blocks) == 0 {
			in.opaque(number)
		}
		backlinks(in)
		if !in.empty() {
			w.para(b, "p", ` class="backlinks"`, in, w.rtl)
		}
	}
	b.WriteString("</aside>\n")
}

func lastBlock(bs []doc.Block) doc.Block {
	if len(bs) == 0 {
		return nil
	}
	return bs[len(bs)-1]
}

// langAttrs writes lang and xml:lang (XHTML readers read one, XML tools
// the other).
func langAttrs(lang string) string {
	if lang == "" {
		return ""
	}
	l := Escape(lang)
	return ` lang="` + l + `" xml:lang="` + l + `"`
}

// idPattern accepts ids that are valid in XHTML and safe in a URL fragment.
var idPattern = regexp.MustCompile(`^[A-Za-z_\p{L}][-.\w\p{L}\p{M}\p{N}]*$`)

func validID(id string) bool { return id != "" && len(id) < 200 && idPattern.MatchString(id) }

var classClean = regexp.MustCompile(`[^A-Za-z0-9_ -]+`)

// cleanClass keeps class names a stylesheet can select.
func cleanClass(s string) string {
	if s == "" {
		return "" // most spans: no pattern to run
	}
	return strings.Join(strings.Fields(classClean.ReplaceAllString(s, "")), " ")
}
