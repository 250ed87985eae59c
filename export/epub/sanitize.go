package epub

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/util"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Raw HTML in Markdown is parsed with an HTML5 parser and written back as
// XHTML from an allow-list: elements readers can show and EPUB allows, with
// attributes that cannot run code or restyle direction. Everything else is
// unwrapped (its text kept) or, for active content, left out with a warning.

// phrasing elements may appear inside paragraphs. Ruby is not among them: in
// Markdown its rt children arrive as separate inline tags, and a ruby that
// loses them is invalid, so ruby is unwrapped to its text.
var phrasing = set("a abbr b bdi br cite code del dfn em i img ins kbd mark q s samp small span strong sub sup time u var wbr")

// flow elements are allowed where blocks are.
var flow = set("address article aside blockquote caption col colgroup dd details div dl dt figcaption figure footer " +
	"h1 h2 h3 h4 h5 h6 header hr li ol p pre section summary table tbody td tfoot th thead tr ul")

// removed elements are left out with their content, and reported.
var removed = set("script style iframe object embed applet frame frameset noscript template form input button " +
	"select textarea option optgroup link meta base svg math canvas audio video source track noembed noframes " +
	"param map area xmp plaintext title head dialog portal")

// voidEl elements have no end tag.
var voidEl = set("area base br col embed hr img input link meta param source track wbr")

// phrasingOnly elements may hold only phrasing content.
var phrasingOnly = set("p h1 h2 h3 h4 h5 h6 pre dt summary caption figcaption")

// parentOf lists where elements with a required parent may stand.
var parentOf = map[string]map[string]bool{
	"li": set("ol ul"), "dt": set("dl"), "dd": set("dl"),
	"figcaption": set("figure"), "summary": set("details"),
}

func set(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// sanitizeBlock parses a block of raw HTML as body content and writes it as
// well-formed XHTML.
func (r *docRenderer) sanitizeBlock(src string, line int) string {
	ctx := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	nodes, err := html.ParseFragment(strings.NewReader(src), ctx)
	if err != nil { // the parser only fails on reader errors
		return ""
	}
	var b strings.Builder
	for _, n := range nodes {
		r.sanitizeNode(&b, n, "", false, line)
	}
	if s := b.String(); strings.TrimSpace(s) != "" {
		return s + "\n"
	}
	return ""
}

func (r *docRenderer) sanitizeNode(b *strings.Builder, n *html.Node, parent string, inPhrasing bool, line int) {
	switch n.Type {
	case html.TextNode:
		b.WriteString(esc(n.Data))
		return
	case html.ElementNode:
	default: // comments, doctypes
		return
	}
	name := n.Data
	if n.Namespace != "" || removed[name] {
		r.p.warnAt(r.a, line, "raw HTML <"+name+"> removed: not allowed in the book")
		return
	}
	allowed := phrasing[name] || (!inPhrasing && flow[name])
	if need, ok := parentOf[name]; ok && !need[parent] {
		allowed = false
	}
	if name == "a" && (parent == "a" || r.insideLink(n)) {
		allowed = false
	}
	if !allowed {
		// Unwrap: keep the content where this element stood.
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			r.sanitizeNode(b, c, parent, inPhrasing, line)
		}
		return
	}
	attrs, keep := r.sanitizeAttrs(name, n.Attr, line)
	if !keep {
		return
	}
	if len(name) == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6' {
		name = "h" + strconv.Itoa(r.headingLevel(int(name[1]-'0')))
	}
	if voidEl[name] {
		b.WriteString("<" + name + attrs + "/>")
		return
	}
	b.WriteString("<" + name + attrs + ">")
	childPhrasing := inPhrasing || phrasing[name] || phrasingOnly[name]
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if (name == "ul" || name == "ol") && !(c.Type == html.ElementNode && c.Data == "li") {
			if c.Type == html.TextNode && strings.TrimSpace(c.Data) == "" {
				continue
			}
			// Lists hold only items: stray content gets an item of its own.
			b.WriteString("<li>")
			r.sanitizeNode(b, c, "li", false, line)
			b.WriteString("</li>")
			continue
		}
		if name == "dl" && !(c.Type == html.ElementNode && (c.Data == "dt" || c.Data == "dd")) {
			if c.Type == html.TextNode && strings.TrimSpace(c.Data) == "" {
				continue
			}
			b.WriteString("<dd>")
			r.sanitizeNode(b, c, "dd", false, line)
			b.WriteString("</dd>")
			continue
		}
		r.sanitizeNode(b, c, name, childPhrasing, line)
	}
	b.WriteString("</" + name + ">")
}

func (r *docRenderer) insideLink(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.Type == html.ElementNode && p.Data == "a" {
			return true
		}
	}
	return false
}

// rawInline handles one inline raw HTML node: a start tag, an end tag, a
// comment or a declaration.
func (r *docRenderer) rawInline(in *inline, n *ast.RawHTML) {
	var s strings.Builder
	for i := 0; i < n.Segments.Len(); i++ {
		seg := n.Segments.At(i)
		s.Write(seg.Value(r.src))
	}
	line := r.a.Line(offsetOf(n))
	z := html.NewTokenizer(strings.NewReader(s.String()))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return
		}
		t := z.Token()
		name := t.Data
		switch tt {
		case html.StartTagToken, html.SelfClosingTagToken:
			if r.skip != "" {
				continue
			}
			if removed[name] {
				r.p.warnAt(r.a, line, "raw HTML <"+name+"> removed: not allowed in the book")
				if !voidEl[name] && tt == html.StartTagToken {
					r.skip = name
				}
				continue
			}
			if !phrasing[name] || (name == "a" && in.isOpen("a")) || parentOf[name] != nil {
				continue
			}
			attrs, keep := r.sanitizeAttrs(name, t.Attr, line)
			if !keep {
				continue
			}
			if voidEl[name] {
				in.void("<" + name + attrs + "/>")
			} else if tt == html.SelfClosingTagToken {
				in.open(name, attrs, true)
				in.rawClose(name)
			} else {
				in.open(name, attrs, true)
			}
		case html.EndTagToken:
			if r.skip != "" {
				if name == r.skip {
					r.skip = ""
				}
				continue
			}
			in.rawClose(name)
		case html.TextToken:
			if r.skip == "" {
				in.text(t.Data)
			}
		}
	}
}

var (
	langPattern  = regexp.MustCompile(`^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$`)
	digitPattern = regexp.MustCompile(`^[0-9]{1,4}$`)
	datePattern  = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?$`)
)

// sanitizeAttrs keeps the attributes of an allowed element that are safe and
// valid, escaped. keep is false when the element itself must go (an image
// the book does not have).
func (r *docRenderer) sanitizeAttrs(el string, attrs []html.Attribute, line int) (out string, keep bool) {
	var b strings.Builder
	seen := map[string]bool{}
	put := func(k, v string) {
		if !seen[k] {
			seen[k] = true
			b.WriteString(" " + k + `="` + esc(v) + `"`)
		}
	}
	var src, alt string
	hasAlt := false
	for _, a := range attrs {
		k, v := strings.ToLower(a.Key), a.Val
		if a.Namespace != "" {
			continue
		}
		switch {
		case strings.HasPrefix(k, "on"):
			r.p.warnAt(r.a, line, "raw HTML: event handler "+k+" on <"+el+"> removed")
		case k == "id":
			if validID(v) && !r.ids[v] {
				r.ids[v] = true
				put("id", v)
			}
		case k == "class":
			if c := cleanClass(v); c != "" {
				put("class", c)
			}
		case k == "title":
			put("title", v)
		case k == "lang":
			if langPattern.MatchString(v) {
				put("lang", v)
				put("xml:lang", v)
			}
		case k == "dir":
			if v = strings.ToLower(v); v == "ltr" || v == "rtl" || v == "auto" {
				put("dir", v)
			}
		case k == "aria-label":
			put(k, v)
		case k == "href" && el == "a":
			if dangerousURL(v) {
				r.p.warnAt(r.a, line, "raw HTML: link to "+strconv.Quote(truncate(v, 40))+" removed: scripts are not allowed in the book")
				continue
			}
			t := r.p.b.Resolve(r.a, v)
			switch {
			case t.Article != nil:
				put("href", r.p.articleHref(t.Article, t.Fragment))
			case t.External != "" && safeExternal(t.External):
				put("href", escapeURL(t.External))
			}
		case k == "src" && el == "img":
			src = v
		case k == "alt" && el == "img":
			alt, hasAlt = v, true
		case (k == "colspan" || k == "rowspan") && (el == "td" || el == "th"):
			if n, err := strconv.Atoi(v); err == nil && n >= 1 && n <= 1000 { // HTML's limits
				put(k, strconv.Itoa(n))
			}
		case k == "start" && el == "ol":
			if digitPattern.MatchString(v) {
				put(k, v)
			}
		case k == "datetime" && (el == "time" || el == "del" || el == "ins"):
			if datePattern.MatchString(v) { // validators reject other forms
				put(k, v)
			}
		case k == "cite" && (el == "q" || el == "blockquote" || el == "del" || el == "ins"):
			if safeExternal(v) {
				put(k, escapeURL(v))
			}
		}
	}
	if el == "img" {
		if dangerousURL(src) {
			r.p.warnAt(r.a, line, "raw HTML: image "+strconv.Quote(truncate(src, 40))+" removed: scripts are not allowed in the book")
			return "", false
		}
		asset := r.p.b.Asset(r.a, src)
		if asset == nil {
			return "", false
		}
		if strings.TrimSpace(alt) == "" && !hasAlt {
			r.p.warnAt(r.a, line, "image "+src+" has no alt text (describe it for readers who cannot see it)")
		}
		tag := r.imgTag(asset, alt)
		// imgTag built the whole element; keep its attributes and the others.
		inner := strings.TrimSuffix(strings.TrimPrefix(tag, "<img"), "/>")
		return inner + b.String(), true
	}
	return b.String(), true
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

// safeExternal accepts the external URLs readers can follow.
func safeExternal(u string) bool {
	p, err := url.Parse(strings.TrimSpace(u))
	if err != nil {
		return false
	}
	switch strings.ToLower(p.Scheme) {
	case "http", "https", "mailto", "ftp", "tel":
		return true
	}
	return false
}

// escapeURL percent-encodes what may not stand in a URL (spaces, non-ASCII),
// leaving existing escapes alone.
func escapeURL(u string) string {
	return string(util.URLEscape([]byte(strings.TrimSpace(cleanXML(u))), false))
}
