package markdown

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/warraq/warraq/export/diag"
	"github.com/warraq/warraq/export/doc"
)

// Raw HTML in Markdown is read with an HTML5 tokenizer and parser and
// reduced to the model's own blocks and spans, from an allow-list: what a
// book can show (paragraphs, headings, lists, tables, quotations, figures,
// emphasis, code, links, images, language and direction changes). Elements
// outside the list are unwrapped, their text kept; active or embedded
// content (scripts, forms, frames, media, SVG) is left out with a warning.
// Event handlers and script URLs are dropped with a warning. So raw HTML
// says the same thing in every format, and no format has to sanitise it.

var (
	// removed elements are left out with their content, and reported.
	removed = set("script style iframe object embed applet frame frameset noscript template form input button " +
		"select textarea option optgroup link meta base svg math canvas audio video source track noembed noframes " +
		"param map area xmp plaintext title head dialog portal")
	// voidEl elements have no end tag.
	voidEl = set("area base br col embed hr img input link meta param source track wbr")
	// spanning elements may open in one HTML block and close in a later
	// one, with Markdown between: <div dir="ltr">, blank line, Markdown,
	// blank line, </div>.
	spanning = set("div section article aside header footer main nav address blockquote details figure center hgroup search")
	// blockEl are the elements that make blocks (the rest is inline).
	blockEl = set("address article aside blockquote center dd details div dl dt figcaption figure footer " +
		"h1 h2 h3 h4 h5 h6 header hgroup hr li main nav ol p pre section summary table tbody td tfoot th thead tr ul search")
	// spanKinds maps inline elements to what they mean.
	spanKinds = map[string]doc.SpanKind{
		"em": doc.Emph, "i": doc.Emph, "cite": doc.Emph, "dfn": doc.Emph, "var": doc.Emph,
		"strong": doc.Strong, "b": doc.Strong,
		"del": doc.Strike, "s": doc.Strike, "strike": doc.Strike,
		"u": doc.Underline, "ins": doc.Underline,
		"code": doc.Code, "samp": doc.Code, "tt": doc.Code,
		"kbd": doc.Kbd, "sub": doc.Sub, "sup": doc.Sup, "mark": doc.Mark, "small": doc.Small, "abbr": doc.Abbr,
		"span": doc.Plain, "bdi": doc.Plain, "bdo": doc.Plain, "time": doc.Plain, "q": doc.Plain,
	}
)

func set(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

var langPattern = regexp.MustCompile(`^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$`)

// attrs are the attributes of a raw element the model keeps.
type attrs struct {
	lang, dir, class, title string
	href, src, alt          string
	hasHref, hasAlt         bool
	start                   int // <ol start>
	span                    bool
}

// readAttrs keeps what the model uses of an element's attributes and warns
// about event handlers.
func (l *lowerer) readAttrs(el string, as []html.Attribute, line int) attrs {
	var a attrs
	for _, at := range as {
		k, v := strings.ToLower(at.Key), at.Val
		if at.Namespace != "" {
			continue
		}
		switch {
		case strings.HasPrefix(k, "on"):
			l.diags.Warnf(diag.RawHTML, line, "raw HTML: event handler %s on <%s> removed", k, el)
		case k == "lang":
			if langPattern.MatchString(v) {
				a.lang = v
			}
		case k == "dir":
			if v = strings.ToLower(strings.TrimSpace(v)); v == "ltr" || v == "rtl" || v == "auto" {
				a.dir = v
			}
		case k == "class":
			a.class = cleanClass(v)
		case k == "title":
			a.title = v
		case k == "href":
			a.href, a.hasHref = strings.TrimSpace(v), true
		case k == "src":
			a.src = strings.TrimSpace(v)
		case k == "alt":
			a.alt, a.hasAlt = v, true
		case k == "start":
			if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && n >= 0 && n < 1e6 {
				a.start = n
			}
		case k == "colspan" || k == "rowspan":
			if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && n > 1 {
				a.span = true
			}
		}
	}
	return a
}

// dangerousURL reports URLs that run code when followed.
func dangerousURL(u string) bool {
	s := strings.ToLower(strings.Map(func(r rune) rune {
		if r <= ' ' || r == 0x7f {
			return -1 // browsers ignore control characters and spaces inside schemes
		}
		return r
	}, u))
	return strings.HasPrefix(s, "javascript:") || strings.HasPrefix(s, "vbscript:") || strings.HasPrefix(s, "data:")
}

func (l *lowerer) warnRemoved(name string, line int) {
	l.diags.Warnf(diag.RawHTML, line, "raw HTML <%s> removed: not allowed in the book", name)
}

// rawImage makes an image from a raw <img>, or nil when it is left out.
func (l *lowerer) rawImage(a attrs, line int) *doc.Image {
	if dangerousURL(a.src) {
		l.diags.Warnf(diag.RawHTML, line, "raw HTML: image %q removed: scripts are not allowed in the book", truncate(a.src, 40))
		return nil
	}
	img := &doc.Image{Pos: doc.Pos{Line: line}, Src: a.src, Alt: strings.TrimSpace(a.alt), Title: a.title}
	if !a.hasAlt {
		// alt="" is a decorative image; no alt at all is an omission.
		l.diags.Warnf(diag.ImageAlt, line, "image %q has no alt text (describe it for readers who cannot see it)", img.Src)
	}
	if !l.keepImage(img.Src, line) {
		return nil
	}
	return img
}

// rawLink makes a link from a raw <a>; a script URL becomes no link.
func (l *lowerer) rawLink(a attrs, line int) *doc.Link {
	lk := &doc.Link{Pos: doc.Pos{Line: line}, Title: a.title}
	if dangerousURL(a.href) {
		l.diags.Warnf(diag.RawHTML, line, "raw HTML: link to %q removed: scripts are not allowed in the book", truncate(a.href, 40))
	} else {
		lk.Dest = a.href
	}
	return lk
}

func truncate(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// newSpan makes the span for an inline element, or nil when the element
// is not one the model keeps (it is unwrapped).
func (l *lowerer) newSpan(name string, a attrs) (*doc.Span, string, string) {
	kind, ok := spanKinds[name]
	if !ok {
		if a.lang == "" && a.dir == "" {
			return nil, "", ""
		}
		kind = doc.Plain // an unknown element that changes language or direction
	}
	sp := &doc.Span{Kind: kind, Lang: a.lang, Dir: a.dir, Class: a.class, Title: a.title}
	if name == "bdi" && sp.Dir == "" {
		sp.Dir = "auto"
	}
	if kind != doc.Abbr {
		sp.Title = ""
	}
	if name == "q" {
		// A quotation's marks are text: written here, so every format
		// prints the language's own marks.
		q := l.loc.Quotes
		return sp, q.Open, q.Close
	}
	return sp, "", ""
}

// raw handles one inline raw HTML node: a start tag, an end tag, a comment
// or a declaration.
func (s *inlineSink) raw(n *ast.RawHTML) {
	l := s.l
	var b strings.Builder
	for i := 0; i < n.Segments.Len(); i++ {
		seg := n.Segments.At(i)
		b.Write(seg.Value(l.src))
	}
	line := s.line
	if n.Segments.Len() > 0 {
		line = l.line(n.Segments.At(0).Start)
		s.line = line
	}
	z := html.NewTokenizer(strings.NewReader(b.String()))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return
		}
		t := z.Token()
		name := t.Data
		switch tt {
		case html.StartTagToken, html.SelfClosingTagToken:
			if s.skip != "" {
				continue
			}
			selfClosing := tt == html.SelfClosingTagToken || voidEl[name]
			if removed[name] {
				l.warnRemoved(name, line)
				if !selfClosing {
					s.skip = name
				}
				continue
			}
			if !selfClosing && s.rawDepth() >= maxHTMLDepth {
				// Too deep: the element is left out and its text kept.
				s.ignored[name]++
				if !s.warnedDepth {
					s.warnedDepth = true
					l.diags.Warnf(diag.Limit, line, "raw HTML nested more than %d deep: the deeper elements are left out, their text kept", maxHTMLDepth)
				}
				continue
			}
			a := l.readAttrs(name, t.Attr, line)
			switch name {
			case "br":
				s.add(&doc.Break{})
				continue
			case "img":
				if img := l.rawImage(a, line); img != nil {
					s.add(img)
				}
				continue
			case "a":
				if s.inLink() {
					if !selfClosing {
						s.ignored["a"]++
					}
					continue
				}
				lk := l.rawLink(a, line)
				s.push(lk, &lk.Content, inlineFrame{tag: "a", link: true})
			default:
				sp, open, closing := l.newSpan(name, a)
				if sp == nil || selfClosing {
					if sp == nil && !selfClosing {
						s.ignored[name]++
					}
					continue
				}
				s.push(sp, &sp.Content, inlineFrame{tag: name, close: closing})
				s.text(open)
			}
			if selfClosing {
				s.closeRaw(name)
			}
		case html.EndTagToken:
			if s.skip != "" {
				if name == s.skip {
					s.skip = ""
				}
				continue
			}
			if s.ignored[name] > 0 {
				s.ignored[name]--
				continue
			}
			s.closeRaw(name)
		case html.TextToken:
			if s.skip == "" {
				s.text(t.Data)
			}
		}
	}
}

// closeRaw closes the innermost raw element called name opened inside the
// current Markdown container; a stray end tag is dropped.
func (s *inlineSink) closeRaw(name string) {
	for i := len(s.frames) - 1; i > 0 && s.frames[i].tag != ""; i-- {
		if s.frames[i].tag == name {
			s.popTo(i)
			return
		}
	}
}

// htmlBlock lowers a block of raw HTML. Spanning elements (div, section,
// blockquote...) may stay open across Markdown blocks; everything between
// them is parsed as an HTML fragment and lowered.
func (l *lowerer) htmlBlock(s *blockSink, n *ast.HTMLBlock) {
	var b strings.Builder
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		b.Write(seg.Value(l.src))
	}
	if n.HasClosure() {
		b.Write(n.ClosureLine.Value(l.src))
	}
	line := l.line0
	if lines.Len() > 0 {
		line = l.line(lines.At(0).Start)
	}
	src := b.String()
	toks := tokenize(src)
	closed := closedElements(toks)
	chunk := -1       // where the fragment being collected starts, or -1
	var open []string // elements open inside the fragment
	opened := map[string]int{}
	flush := func(end int) {
		if chunk >= 0 {
			s.add(l.htmlFragment(src[chunk:end], line)...)
			chunk, open = -1, nil
			clear(opened)
		}
	}
	for i, t := range toks {
		if len(open) == 0 {
			// Between fragments, or at a fragment's top level: a spanning
			// element that does not close in this block opens a container
			// that Markdown blocks after it go into; its end tag, in a later
			// block, closes it.
			switch {
			case t.Type == html.StartTagToken && spanning[t.Data] && !closed[i]:
				flush(t.start)
				l.openSpanning(s, t.Data, l.readAttrs(t.Data, t.Attr, line), line)
				continue
			case t.Type == html.EndTagToken && spanning[t.Data] && s.isOpen(t.Data):
				flush(t.start)
				s.close(t.Data)
				continue
			case chunk < 0 && (t.Type == html.CommentToken || t.Type == html.DoctypeToken ||
				t.Type == html.TextToken && strings.TrimSpace(t.Data) == "" || t.Type == html.EndTagToken):
				continue
			}
		}
		if chunk < 0 {
			chunk = t.start
		}
		switch t.Type {
		case html.StartTagToken:
			if !voidEl[t.Data] {
				open = append(open, t.Data)
				opened[t.Data]++
			}
		case html.EndTagToken:
			k := -1
			if opened[t.Data] > 0 { // else no need to look: 100,000 stray end tags scanned 100,000 open elements each
				k = len(open) - 1
				for open[k] != t.Data {
					k--
				}
			}
			switch {
			case k >= 0:
				for _, e := range open[k:] {
					opened[e]--
				}
				open = open[:k]
			case spanning[t.Data] && s.isOpen(t.Data):
				// Closes an element opened in an earlier block (the fragment
				// left something unclosed): the fragment ends here.
				flush(t.start)
				s.close(t.Data)
			}
		}
	}
	flush(len(src))
}

// token is an HTML token with where it starts in its source.
type token struct {
	html.Token
	start int
}

func tokenize(src string) []token {
	var out []token
	z := html.NewTokenizer(strings.NewReader(src))
	pos := 0
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return out
		}
		n := len(z.Raw())
		out = append(out, token{Token: z.Token(), start: pos})
		pos += n
	}
}

// closedElements reports, for each start tag among toks, whether an end tag
// of the same name closes it later on (counting only elements of that
// name), in one pass: asked token by token, 100,000 <div>s took minutes.
func closedElements(toks []token) []bool {
	closed := make([]bool, len(toks))
	starts := map[string][]int{} // unclosed start tags by name
	for i, t := range toks {
		switch t.Type {
		case html.StartTagToken:
			starts[t.Data] = append(starts[t.Data], i)
		case html.EndTagToken:
			if st := starts[t.Data]; len(st) > 0 {
				closed[st[len(st)-1]] = true
				starts[t.Data] = st[:len(st)-1]
			}
		}
	}
	return closed
}

// openSpanning opens a spanning element as a model container.
func (l *lowerer) openSpanning(s *blockSink, tag string, a attrs, line int) {
	pos := doc.Pos{Line: line}
	if tag == "blockquote" {
		q := &doc.Quote{Pos: pos}
		if a.lang == "" && a.dir == "" {
			s.open(tag, q, &q.Blocks)
			return
		}
		d := &doc.Div{Pos: pos, Lang: a.lang, Dir: a.dir, Class: a.class, Blocks: []doc.Block{q}}
		s.open(tag, d, &q.Blocks)
		return
	}
	d := &doc.Div{Pos: pos, Lang: a.lang, Dir: nonAuto(a.dir), Class: a.class}
	s.open(tag, d, &d.Blocks)
}

// nonAuto drops dir="auto" where the model needs a definite direction.
func nonAuto(dir string) string {
	if dir == "auto" {
		return ""
	}
	return dir
}

// htmlFragment parses src as body content and lowers it to blocks.
func (l *lowerer) htmlFragment(src string, line int) []doc.Block {
	ctx := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	if shallow, ok := shallowHTML(src); !ok {
		l.diags.Warnf(diag.Limit, line, "raw HTML nested more than %d deep: the deeper elements are left out, their text kept", maxHTMLDepth)
		src = shallow
	}
	nodes, err := html.ParseFragment(strings.NewReader(src), ctx)
	if err != nil { // the parser only fails on reader errors
		return nil
	}
	h := &htmlLowerer{l: l, line: line}
	return h.blocks(nodes)
}

// shallowHTML returns src without the elements opened more than
// maxHTMLDepth deep (their text stays), and false when there were any. The
// HTML5 parser refuses a fragment that reaches 512 open elements, and the
// book would lose all of it; the parser opens some elements of its own
// (tbody, p), so the limit here is well below that.
func shallowHTML(src string) (string, bool) {
	toks := tokenize(src)
	depth, deep := 0, false
	for _, t := range toks {
		if t.Type == html.StartTagToken && !voidEl[t.Data] {
			if depth++; depth > maxHTMLDepth {
				deep = true
				break
			}
		} else if t.Type == html.EndTagToken && depth > 0 {
			depth--
		}
	}
	if !deep {
		return src, true
	}
	var b strings.Builder
	depth = 0
	dropped := map[string]int{} // start tags left out, whose end tags go too
	for i, t := range toks {
		end := len(src)
		if i+1 < len(toks) {
			end = toks[i+1].start
		}
		raw := src[t.start:end]
		switch {
		case t.Type == html.StartTagToken && !voidEl[t.Data]:
			if depth >= maxHTMLDepth {
				dropped[t.Data]++
				continue
			}
			depth++
		case t.Type == html.EndTagToken && dropped[t.Data] > 0:
			dropped[t.Data]--
			continue
		case t.Type == html.EndTagToken && depth > 0:
			depth--
		}
		b.WriteString(raw)
	}
	return b.String(), false
}

// htmlLowerer lowers a parsed HTML fragment.
type htmlLowerer struct {
	l          *lowerer
	line       int
	warnedSpan bool
}

func (h *htmlLowerer) pos() doc.Pos { return doc.Pos{Line: h.line} }

// blocks lowers nodes in block context: inline content between blocks
// becomes paragraphs.
func (h *htmlLowerer) blocks(nodes []*html.Node) []doc.Block {
	var out []doc.Block
	var pending []doc.Inline
	flush := func() {
		if in := tidy(pending); len(in) > 0 {
			out = append(out, &doc.Paragraph{Pos: h.pos(), Content: in})
		}
		pending = nil
	}
	if img := soleImg(nodes); img != nil {
		if f := h.figure(img, nil); f != nil {
			return []doc.Block{f}
		}
		return nil
	}
	for _, n := range nodes {
		if n.Type == html.ElementNode && n.Namespace == "" && blockEl[n.Data] {
			flush()
			out = append(out, h.block(n)...)
			continue
		}
		pending = append(pending, h.inlines([]*html.Node{n})...)
	}
	flush()
	return out
}

// soleImg returns the one img element among nodes when there is nothing
// else but white space: an image standing alone is a figure.
func soleImg(nodes []*html.Node) *html.Node {
	var img *html.Node
	for _, n := range nodes {
		switch {
		case n.Type == html.TextNode && strings.TrimSpace(n.Data) == "", n.Type == html.CommentNode:
		case n.Type == html.ElementNode && n.Data == "img" && img == nil:
			img = n
		default:
			return nil
		}
	}
	return img
}

func children(n *html.Node) []*html.Node {
	var out []*html.Node
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		out = append(out, c)
	}
	return out
}

// block lowers one block element.
func (h *htmlLowerer) block(n *html.Node) []doc.Block {
	l := h.l
	a := l.readAttrs(n.Data, n.Attr, h.line)
	pos := h.pos()
	var b doc.Block
	switch n.Data {
	case "p", "dt", "dd", "li", "td", "th", "tr", "tbody", "thead", "tfoot", "summary", "figcaption":
		// Outside their usual parents: their content stands as blocks.
		if n.Data == "p" || n.Data == "summary" || n.Data == "figcaption" {
			if img := soleImg(children(n)); img != nil {
				if f := h.figure(img, nil); f != nil {
					b = f
				}
				break
			}
			in := tidy(h.inlines(children(n)))
			if len(in) == 0 {
				return nil
			}
			b = &doc.Paragraph{Pos: pos, Content: in}
			break
		}
		return h.wrap(h.blocks(children(n)), a)
	case "h1", "h2", "h3", "h4", "h5", "h6":
		b = &doc.Heading{Pos: pos, Level: int(n.Data[1] - '0'), Class: a.class, Content: tidy(h.inlines(children(n)))}
	case "hr":
		b = &doc.Rule{Pos: pos}
	case "pre":
		b = &doc.CodeBlock{Pos: pos, Lang: codeLang(n), Text: strings.TrimRight(textContent(n), " \t\n")}
	case "blockquote":
		b = &doc.Quote{Pos: pos, Blocks: h.blocks(children(n))}
	case "ul", "ol":
		b = h.list(n, a)
	case "table":
		b = h.table(n)
	case "dl":
		b = h.defList(n)
	case "figure":
		if img, caption := figureParts(n); img != nil {
			if f := h.figure(img, caption); f != nil {
				b = f
			}
			break
		}
		return []doc.Block{&doc.Div{Pos: pos, Lang: a.lang, Dir: nonAuto(a.dir), Class: a.class, Blocks: h.blocks(children(n))}}
	default: // div, section, aside and the other containers
		return []doc.Block{&doc.Div{Pos: pos, Lang: a.lang, Dir: nonAuto(a.dir), Class: a.class, Blocks: h.blocks(children(n))}}
	}
	if b == nil {
		return nil
	}
	return h.wrap([]doc.Block{b}, a)
}

// wrap puts blocks in a Div when their element changed language or direction.
func (h *htmlLowerer) wrap(bs []doc.Block, a attrs) []doc.Block {
	if len(bs) == 0 || a.lang == "" && nonAuto(a.dir) == "" {
		return bs
	}
	return []doc.Block{&doc.Div{Pos: h.pos(), Lang: a.lang, Dir: nonAuto(a.dir), Blocks: bs}}
}

func (h *htmlLowerer) list(n *html.Node, a attrs) *doc.List {
	lst := &doc.List{Pos: h.pos(), Ordered: n.Data == "ol", Start: 1, Delim: '.', Tight: true}
	if !lst.Ordered {
		lst.Delim = 0
	}
	if a.start > 0 || a.start == 0 && hasAttr(n, "start") {
		lst.Start = a.start
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.TextNode && strings.TrimSpace(c.Data) == "" {
			continue
		}
		content := []*html.Node{c}
		if c.Type == html.ElementNode && c.Data == "li" {
			content = children(c)
		}
		it := &doc.Item{Pos: h.pos(), Blocks: h.blocks(content)}
		for _, b := range it.Blocks {
			if _, ok := b.(*doc.Paragraph); !ok || len(it.Blocks) > 1 || hasBlockChild(content) {
				lst.Tight = false
			}
		}
		lst.Items = append(lst.Items, it)
	}
	return lst
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if strings.EqualFold(a.Key, key) {
			return true
		}
	}
	return false
}

func hasBlockChild(nodes []*html.Node) bool {
	for _, n := range nodes {
		if n.Type == html.ElementNode && blockEl[n.Data] {
			return true
		}
	}
	return false
}

// table lowers a raw table: its rows in order, header rows those in thead
// or made only of th cells before any other row.
func (h *htmlLowerer) table(n *html.Node) *doc.Table {
	tbl := &doc.Table{Pos: h.pos()}
	body := false
	var walk func(n *html.Node, head bool)
	walk = func(n *html.Node, head bool) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			switch c.Data {
			case "thead":
				walk(c, true)
			case "tbody", "tfoot":
				walk(c, false)
			case "tr":
				row, allTH := h.row(c)
				if head || !body && allTH {
					tbl.Head = append(tbl.Head, row)
				} else {
					body = true
					tbl.Body = append(tbl.Body, row)
				}
				for len(tbl.Columns) < len(row.Cells) {
					tbl.Columns = append(tbl.Columns, doc.AlignNone)
				}
			}
		}
	}
	walk(n, false)
	return tbl
}

func (h *htmlLowerer) row(tr *html.Node) (*doc.Row, bool) {
	row := &doc.Row{}
	allTH := true
	for c := tr.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode || c.Data != "td" && c.Data != "th" {
			continue
		}
		allTH = allTH && c.Data == "th"
		if a := h.l.readAttrs(c.Data, c.Attr, h.line); a.span && !h.warnedSpan {
			h.warnedSpan = true
			h.l.diags.Warnf(diag.RawHTML, h.line, "raw HTML table: colspan and rowspan are not supported; each cell is set in one column")
		}
		row.Cells = append(row.Cells, &doc.Cell{Content: tidy(h.flatten(children(c)))})
	}
	return row, allTH && len(row.Cells) > 0
}

// flatten lowers nodes to inline content, blocks inside them joined by
// spaces (table cells and definition terms hold one line of content).
func (h *htmlLowerer) flatten(nodes []*html.Node) []doc.Inline {
	var out []doc.Inline
	for _, n := range nodes {
		if n.Type == html.ElementNode && blockEl[n.Data] {
			out = append(out, &doc.Text{Pos: h.pos(), Text: " "})
			out = append(out, h.flatten(children(n))...)
			out = append(out, &doc.Text{Pos: h.pos(), Text: " "})
			continue
		}
		out = append(out, h.inlines([]*html.Node{n})...)
	}
	return out
}

func (h *htmlLowerer) defList(n *html.Node) *doc.DefList {
	dl := &doc.DefList{Pos: h.pos()}
	var cur *doc.DefItem
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		switch c.Data {
		case "dt":
			cur = &doc.DefItem{Term: tidy(h.flatten(children(c)))}
			dl.Items = append(dl.Items, cur)
		case "dd":
			if cur == nil {
				cur = &doc.DefItem{}
				dl.Items = append(dl.Items, cur)
			}
			cur.Defs = append(cur.Defs, h.blocks(children(c)))
		}
	}
	return dl
}

// figureParts finds a figure's one image and its caption.
func figureParts(fig *html.Node) (img, caption *html.Node) {
	n := 0
	var walk func(*html.Node)
	walk = func(p *html.Node) {
		for c := p.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			switch c.Data {
			case "img":
				img = c
				n++
			case "figcaption":
				caption = c
			default:
				walk(c)
			}
		}
	}
	walk(fig)
	if n != 1 {
		return nil, nil
	}
	return img, caption
}

// figure makes a Figure of a raw image, captioned by figcaption or the
// image's title.
func (h *htmlLowerer) figure(img, caption *html.Node) *doc.Figure {
	a := h.l.readAttrs("img", img.Attr, h.line)
	im := h.l.rawImage(a, h.line)
	if im == nil {
		return nil
	}
	f := &doc.Figure{Pos: h.pos(), Image: im}
	if caption != nil {
		f.Caption = tidy(h.flatten(children(caption)))
	} else if im.Title != "" {
		f.Caption = tidy([]doc.Inline{&doc.Text{Pos: h.pos(), Text: im.Title}})
	}
	return f
}

func codeLang(pre *html.Node) string {
	for c := pre.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.Data == "code" {
			for _, a := range c.Attr {
				if a.Key == "class" {
					for _, cl := range strings.Fields(a.Val) {
						if l, ok := strings.CutPrefix(cl, "language-"); ok {
							return cleanClass(l)
						}
					}
				}
			}
		}
	}
	return ""
}

func textContent(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch {
		case n.Type == html.TextNode:
			b.WriteString(n.Data)
		case n.Type == html.ElementNode && n.Data == "br":
			b.WriteByte('\n')
		case n.Type == html.ElementNode && removed[n.Data]:
		default:
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
	}
	walk(n)
	return b.String()
}

// inlines lowers nodes in inline context.
func (h *htmlLowerer) inlines(nodes []*html.Node) []doc.Inline {
	l := h.l
	var out []doc.Inline
	for _, n := range nodes {
		switch n.Type {
		case html.TextNode:
			// White space in HTML text is a space, whatever it is in the source.
			out = append(out, &doc.Text{Pos: h.pos(), Text: n.Data})
			continue
		case html.ElementNode:
		default: // comments, doctypes
			continue
		}
		name := n.Data
		if n.Namespace != "" || removed[name] {
			l.warnRemoved(name, h.line)
			continue
		}
		a := l.readAttrs(name, n.Attr, h.line)
		switch name {
		case "br":
			out = append(out, &doc.Break{})
		case "img":
			if img := l.rawImage(a, h.line); img != nil {
				out = append(out, img)
			}
		case "a":
			lk := l.rawLink(a, h.line)
			lk.Content = h.inlines(children(n))
			if insideLink(n) {
				out = append(out, lk.Content...)
				continue
			}
			out = append(out, lk)
		case "wbr":
		default:
			if blockEl[name] {
				// A block inside inline content (only malformed HTML gets
				// here): its text, set apart by spaces.
				out = append(out, &doc.Text{Pos: h.pos(), Text: " "})
				out = append(out, h.inlines(children(n))...)
				out = append(out, &doc.Text{Pos: h.pos(), Text: " "})
				continue
			}
			sp, open, closing := l.newSpan(name, a)
			content := h.inlines(children(n))
			if sp == nil {
				out = append(out, content...)
				continue
			}
			if open != "" {
				content = append(append([]doc.Inline{&doc.Text{Pos: h.pos(), Text: open}}, content...),
					&doc.Text{Pos: h.pos(), Text: closing})
			}
			if sp.Kind == doc.Code {
				content = []doc.Inline{&doc.Text{Pos: h.pos(), Text: strings.Join(strings.Fields(doc.PlainText(content)), " ")}}
			}
			sp.Content = content
			out = append(out, sp)
		}
	}
	return out
}

func insideLink(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.Type == html.ElementNode && p.Data == "a" {
			return true
		}
	}
	return false
}
