package epub

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/warraq/warraq/export/collection"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

// docRenderer writes one article's goldmark document as XHTML body markup.
// It walks the AST itself (rather than using goldmark's HTML renderer) because
// the EPUB needs things an HTML page does not: well-formed XML whatever the
// source, EPUB footnote semantics, links and images resolved through the
// Book, sanitised raw HTML and direction isolates.
type docRenderer struct {
	p   *packager
	a   *collection.Article
	src []byte
	rtl bool
	lab labels // in the article's language

	ids        map[string]bool // every id used in the document
	headingIDs map[*ast.Heading]string
	noteIDs    map[int]string // footnote index -> id of its aside
	refIDs     map[[2]int]string

	body, notes strings.Builder
	skip        string // an element from raw HTML whose content is being left out (inline <script>)
	lastLevel   int    // level of the last heading written (1: the article title)
	noteNumber  int    // footnote whose number still has to be written at the start of its text
}

func newDocRenderer(p *packager, a *collection.Article) *docRenderer {
	return &docRenderer{
		p: p, a: a, src: a.Source, rtl: a.Dir == "rtl", lab: labelsFor(a.Lang), lastLevel: 1,
		ids: map[string]bool{}, headingIDs: map[*ast.Heading]string{}, noteIDs: map[int]string{}, refIDs: map[[2]int]string{},
	}
}

// render returns the article's body and its footnotes.
func (r *docRenderer) render() (body, notes string) {
	if r.a.AST == nil {
		return "", ""
	}
	// Heading ids are claimed first: they are the targets of the table of
	// contents and of links from other articles, so raw HTML cannot take them.
	_ = ast.Walk(r.a.AST, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering {
			if id := attrString(h, "id"); validID(id) && !r.ids[id] {
				r.ids[id] = true
				r.headingIDs[h] = id
			}
		}
		return ast.WalkContinue, nil
	})
	for c := r.a.AST.FirstChild(); c != nil; c = c.NextSibling() {
		r.block(&r.body, c)
	}
	return r.body.String(), r.notes.String()
}

// headingLevel maps a source heading level to the one written: below the
// article title (the h1), and never more than one level deeper than the
// heading before it, since readers navigate by that outline.
func (r *docRenderer) headingLevel(source int) int {
	l := min(max(source, 2), r.lastLevel+1, 6)
	r.lastLevel = l
	return l
}

// claim reserves a unique id starting from want.
func (r *docRenderer) claim(want string) string {
	id := want
	for i := 2; r.ids[id]; i++ {
		id = want + "-" + strconv.Itoa(i)
	}
	r.ids[id] = true
	return id
}

func (r *docRenderer) noteID(index int) string {
	if id, ok := r.noteIDs[index]; ok {
		return id
	}
	id := r.claim("fn-" + strconv.Itoa(index))
	r.noteIDs[index] = id
	return id
}

func (r *docRenderer) refID(index, ref int) string {
	key := [2]int{index, ref}
	if id, ok := r.refIDs[key]; ok {
		return id
	}
	want := "fnref-" + strconv.Itoa(index)
	if ref > 0 {
		want += "-" + strconv.Itoa(ref+1)
	}
	id := r.claim(want)
	r.refIDs[key] = id
	return id
}

func (r *docRenderer) block(w *strings.Builder, n ast.Node) {
	switch n := n.(type) {
	case *ast.Heading:
		level := r.headingLevel(n.Level)
		attrs := ""
		if id, ok := r.headingIDs[n]; ok {
			attrs += ` id="` + esc(id) + `"`
		}
		if cls := cleanClass(attrString(n, "class")); cls != "" {
			attrs += ` class="` + esc(cls) + `"`
		}
		r.inlineBlock(w, n, "h"+strconv.Itoa(level), attrs)
	case *ast.Paragraph:
		if img, ok := soleImage(n); ok {
			r.figure(w, img)
			return
		}
		r.inlineBlock(w, n, "p", "")
	case *ast.TextBlock:
		r.inlineBlock(w, n, "", "")
	case *ast.ThematicBreak:
		w.WriteString("<hr/>\n")
	case *ast.CodeBlock:
		r.code(w, n, "")
	case *ast.FencedCodeBlock:
		r.code(w, n, string(n.Language(r.src)))
	case *ast.Blockquote:
		w.WriteString("<blockquote>\n")
		r.children(w, n)
		w.WriteString("</blockquote>\n")
	case *ast.List:
		tag := "ul"
		attrs := ""
		if n.IsOrdered() {
			tag = "ol"
			if n.Start != 1 {
				attrs = ` start="` + strconv.Itoa(n.Start) + `"`
			}
		}
		w.WriteString("<" + tag + attrs + ">\n")
		r.children(w, n)
		w.WriteString("</" + tag + ">\n")
	case *ast.ListItem:
		if isTask(n) {
			w.WriteString(`<li class="task">`)
		} else {
			w.WriteString("<li>")
		}
		r.children(w, n)
		w.WriteString("</li>\n")
	case *ast.HTMLBlock:
		var s strings.Builder
		for i := 0; i < n.Lines().Len(); i++ {
			seg := n.Lines().At(i)
			s.Write(seg.Value(r.src))
		}
		if n.HasClosure() {
			s.Write(n.ClosureLine.Value(r.src))
		}
		w.WriteString(r.sanitizeBlock(s.String(), r.a.Line(offsetOf(n))))
	case *east.Table:
		r.table(w, n)
	case *east.FootnoteList:
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			r.block(&r.notes, c)
		}
	case *east.Footnote:
		if n.Index < 0 {
			return
		}
		id := r.noteID(n.Index)
		w.WriteString(`<aside epub:type="footnote" role="doc-footnote" class="footnote" id="` + esc(id) + `">` + "\n")
		r.noteNumber = n.Index
		if _, ok := n.FirstChild().(*ast.Paragraph); !ok {
			w.WriteString(`<p class="note-number">` + r.p.digits.format(n.Index) + "</p>\n")
			r.noteNumber = 0
		}
		r.children(w, n)
		r.noteNumber = 0
		w.WriteString("</aside>\n")
	default:
		if n.Type() == ast.TypeInline {
			// Inline content where a block was expected: keep its text.
			var in inline
			r.inline(&in, n)
			in.finish()
			if !in.empty() {
				w.WriteString("<p>" + in.markup() + "</p>\n")
			}
			return
		}
		r.children(w, n)
	}
}

func (r *docRenderer) children(w *strings.Builder, n ast.Node) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		r.block(w, c)
	}
}

// inlineBlock writes a block of inline content, in element tag (none for the
// text of a tight list item), isolating opposite-direction runs at its edges.
func (r *docRenderer) inlineBlock(w *strings.Builder, n ast.Node, tag, attrs string) {
	var in inline
	if r.noteNumber > 0 {
		in.opaque(`<span class="note-number">` + r.p.digits.format(r.noteNumber) + `</span>`)
		in.text(" ")
		r.noteNumber = 0
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		r.inline(&in, c)
	}
	in.finish()
	r.skip = ""
	if tag == "p" && in.empty() {
		return // everything in it was removed raw HTML
	}
	if dir := in.isolate(r.rtl); dir != "" {
		if tag == "" {
			w.WriteString(`<span dir="` + dir + `">` + in.markup() + "</span>\n")
			return
		}
		attrs += ` dir="` + dir + `"`
	}
	if tag == "" {
		w.WriteString(in.markup())
		if n.NextSibling() != nil {
			w.WriteString("\n")
		}
		return
	}
	w.WriteString("<" + tag + attrs + ">" + in.markup() + "</" + tag + ">\n")
}

func (r *docRenderer) code(w *strings.Builder, n ast.Node, lang string) {
	var s strings.Builder
	for i := 0; i < n.Lines().Len(); i++ {
		seg := n.Lines().At(i)
		s.Write(seg.Value(r.src))
	}
	attrs := ""
	if lang = cleanClass(lang); lang != "" && !strings.Contains(lang, " ") {
		attrs = ` class="language-` + esc(lang) + `"`
	}
	w.WriteString(`<pre dir="ltr"><code` + attrs + ">" + esc(s.String()) + "</code></pre>\n")
}

func (r *docRenderer) figure(w *strings.Builder, img *ast.Image) {
	markup := r.image(img)
	if markup == "" {
		return
	}
	w.WriteString(`<figure class="image">` + markup)
	if len(img.Title) > 0 {
		w.WriteString("<figcaption>" + esc(unescapeMarkdown(img.Title, true)) + "</figcaption>")
	}
	w.WriteString("</figure>\n")
}

// image returns the img element for a Markdown image, or "" when the book
// leaves the image out.
func (r *docRenderer) image(n *ast.Image) string {
	asset := r.p.b.Asset(r.a, string(n.Destination))
	if asset == nil {
		return ""
	}
	// A Markdown image without alt text was reported by collection.Load;
	// raw HTML images are reported here, since the loader does not read HTML.
	return r.imgTag(asset, strings.TrimSpace(plainText(n, r.src)))
}

func (r *docRenderer) imgTag(asset *collection.Asset, alt string) string {
	href := r.p.useAsset(asset, alt != "")
	attrs := ""
	if asset.Width > 0 && asset.Height > 0 {
		attrs = ` width="` + strconv.Itoa(asset.Width) + `" height="` + strconv.Itoa(asset.Height) + `"`
	}
	return `<img src="../` + esc(href) + `" alt="` + esc(alt) + `"` + attrs + "/>"
}

func (r *docRenderer) table(w *strings.Builder, t *east.Table) {
	w.WriteString("<table>\n")
	inBody := false
	for row := t.FirstChild(); row != nil; row = row.NextSibling() {
		cellTag := "td"
		switch row.(type) {
		case *east.TableHeader:
			w.WriteString("<thead>\n")
			cellTag = "th"
		default:
			if !inBody {
				w.WriteString("<tbody>\n")
				inBody = true
			}
		}
		w.WriteString("<tr>")
		for c := row.FirstChild(); c != nil; c = c.NextSibling() {
			cell, ok := c.(*east.TableCell)
			if !ok {
				continue
			}
			attrs := ""
			if cellTag == "th" {
				attrs = ` scope="col"`
			}
			switch cell.Alignment {
			case east.AlignLeft:
				attrs += ` class="align-left"`
			case east.AlignRight:
				attrs += ` class="align-right"`
			case east.AlignCenter:
				attrs += ` class="align-center"`
			}
			var cb strings.Builder
			r.inlineBlock(&cb, cell, cellTag, attrs)
			w.WriteString(strings.TrimSuffix(cb.String(), "\n"))
		}
		w.WriteString("</tr>\n")
		if _, ok := row.(*east.TableHeader); ok {
			w.WriteString("</thead>\n")
		}
	}
	if inBody {
		w.WriteString("</tbody>\n")
	}
	w.WriteString("</table>\n")
}

func (r *docRenderer) inline(in *inline, n ast.Node) {
	if r.skip != "" {
		if raw, ok := n.(*ast.RawHTML); ok {
			r.rawInline(in, raw)
		}
		return
	}
	switch n := n.(type) {
	case *ast.Text:
		v := n.Segment.Value(r.src)
		if n.IsRaw() {
			in.text(string(v))
		} else {
			in.text(unescapeMarkdown(v, true))
		}
		if n.HardLineBreak() {
			in.void("<br/>")
		} else if n.SoftLineBreak() {
			in.text("\n")
		}
	case *ast.String:
		in.text(unescapeMarkdown(n.Value, false))
	case *ast.CodeSpan:
		var s strings.Builder
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			if t, ok := c.(*ast.Text); ok {
				v := t.Segment.Value(r.src)
				s.Write(v)
				if t.SoftLineBreak() {
					s.WriteByte(' ')
				}
			} else if st, ok := c.(*ast.String); ok {
				s.Write(st.Value)
			}
		}
		in.opaque(`<code dir="ltr">` + esc(strings.ReplaceAll(s.String(), "\n", " ")) + "</code>")
	case *ast.Emphasis:
		tag := "em"
		if n.Level >= 2 {
			tag = "strong"
		}
		in.open(tag, "", false)
		r.inlineChildren(in, n)
		in.close()
	case *east.Strikethrough:
		in.open("del", "", false)
		r.inlineChildren(in, n)
		in.close()
	case *ast.Link:
		href, ok := r.href(string(n.Destination))
		if !ok || in.isOpen("a") {
			r.inlineChildren(in, n)
			return
		}
		attrs := ` href="` + esc(href) + `"`
		if len(n.Title) > 0 {
			attrs += ` title="` + esc(unescapeMarkdown(n.Title, true)) + `"`
		}
		in.open("a", attrs, false)
		r.inlineChildren(in, n)
		in.close()
	case *ast.AutoLink:
		label := string(n.Label(r.src))
		url := string(n.URL(r.src))
		if !safeExternal(url) || in.isOpen("a") {
			in.text(label)
			return
		}
		in.open("a", ` href="`+esc(escapeURL(url))+`"`, false)
		in.text(label)
		in.close()
	case *ast.Image:
		if m := r.image(n); m != "" {
			in.void(m)
		}
	case *ast.RawHTML:
		r.rawInline(in, n)
	case *east.TaskCheckBox:
		box, label := "☐", r.lab.NotDone
		if n.IsChecked {
			box, label = "☑", r.lab.Done
		}
		in.opaque(`<span class="task-box" role="img" aria-label="` + esc(label) + `">` + box + "</span>")
		in.text(" ")
	case *east.FootnoteLink:
		in.opaque(`<a epub:type="noteref" role="doc-noteref" class="noteref" id="` + esc(r.refID(n.Index, n.RefIndex)) +
			`" href="#` + esc(r.noteID(n.Index)) + `">` + r.p.digits.format(n.Index) + "</a>")
	case *east.FootnoteBacklink:
		in.text(" ")
		in.opaque(`<a role="doc-backlink" class="backlink" href="#` + esc(r.refID(n.Index, n.RefIndex)) +
			`" title="` + esc(r.lab.Back) + `" aria-label="` + esc(r.lab.Back) + `">↩</a>`)
	default:
		r.inlineChildren(in, n)
	}
}

func (r *docRenderer) inlineChildren(in *inline, n ast.Node) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		r.inline(in, c)
	}
}

// href resolves a link destination through the book: another article (and a
// heading in it), an external URL, or nothing (the link becomes text).
func (r *docRenderer) href(dest string) (string, bool) {
	if dangerousURL(dest) {
		// collection.Load has reported it (not http, https or mailto); this
		// check only makes sure no resolver change can let it through.
		return "", false
	}
	t := r.p.b.Resolve(r.a, dest)
	switch {
	case t.Article != nil:
		return r.p.articleHref(t.Article, t.Fragment), true
	case t.External != "" && safeExternal(t.External):
		return escapeURL(t.External), true
	}
	return "", false
}

// offsetOf finds a source offset for n, for file:line messages.
func offsetOf(n ast.Node) int {
	for ; n != nil; n = n.Parent() {
		switch v := n.(type) {
		case *ast.Text:
			return v.Segment.Start
		case *ast.RawHTML:
			if v.Segments.Len() > 0 {
				return v.Segments.At(0).Start
			}
		}
		if n.Type() == ast.TypeBlock && n.Lines().Len() > 0 {
			return n.Lines().At(0).Start
		}
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			if t, ok := c.(*ast.Text); ok {
				return t.Segment.Start
			}
		}
	}
	return 0
}

func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b.WriteString(unescapeMarkdown(c.Segment.Value(src), !c.IsRaw()))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.WriteString(unescapeMarkdown(c.Value, false))
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

func soleImage(p *ast.Paragraph) (*ast.Image, bool) {
	img, ok := p.FirstChild().(*ast.Image)
	if !ok || p.ChildCount() != 1 {
		return nil, false
	}
	return img, true
}

func isTask(li *ast.ListItem) bool {
	first := li.FirstChild()
	if first == nil {
		return false
	}
	_, ok := first.FirstChild().(*east.TaskCheckBox)
	return ok
}

func attrString(n ast.Node, name string) string {
	v, ok := n.AttributeString(name)
	if !ok {
		return ""
	}
	switch v := v.(type) {
	case []byte:
		return string(v)
	case string:
		return v
	}
	return ""
}

// validID accepts ids that are valid in XHTML and safe in a URL fragment.
var idPattern = regexp.MustCompile(`^[A-Za-z_\p{L}][-.\w\p{L}\p{M}\p{N}]*$`)

func validID(id string) bool { return id != "" && len(id) < 200 && idPattern.MatchString(id) }

var classClean = regexp.MustCompile(`[^A-Za-z0-9_ -]+`)

func cleanClass(s string) string {
	return strings.Join(strings.Fields(classClean.ReplaceAllString(s, "")), " ")
}

func truncate(s string, n int) string {
	if len([]rune(s)) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}
