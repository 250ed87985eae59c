package markdown

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"

	"github.com/warraq/warraq/export/doc"
)

// inlineSink collects one block's inline content. Raw HTML tags arrive one
// by one between Markdown nodes ("<span dir=ltr>", text, "</span>"), so the
// elements they open are frames on a stack, closed by their end tag or, at
// the latest, when the Markdown container they opened in ends.
type inlineSink struct {
	l      *lowerer
	frames []inlineFrame
	// skip is a removed element (an inline <script>) whose content is
	// being left out, until its end tag.
	skip string
	// ignored counts raw start tags dropped (a link inside a link), whose
	// end tags must be dropped too.
	ignored     map[string]int
	line        int  // the line of the last text, for nodes without a segment
	warnedDepth bool // raw HTML too deeply nested was reported
	// pend is the last Text added, whose text is buf until flush writes
	// it: goldmark cuts a paragraph's text at every character an inline
	// parser looks at (a comma, a quotation mark), and joining each piece
	// to a new copy of the text before it was a million strings for
	// 1,000 articles.
	pend *doc.Text
	buf  []byte
}

// flush writes the pending text into its node.
func (s *inlineSink) flush() {
	if s.pend != nil {
		s.pend.Text = string(s.buf)
		s.pend = nil
	}
}

// rawDepth is the number of raw HTML elements open.
func (s *inlineSink) rawDepth() int {
	n := 0
	for i := len(s.frames) - 1; i > 0 && s.frames[i].tag != ""; i-- {
		n++
	}
	return n
}

type inlineFrame struct {
	tag   string // the raw HTML element; "" for a Markdown container
	out   *[]doc.Inline
	link  bool   // the frame is a link's content: no link may open inside
	close string // text to add when the frame closes (a <q>'s closing mark)
}

// inlines lowers the inline children of n.
func (l *lowerer) inlines(n ast.Node) []doc.Inline {
	var out []doc.Inline
	s := &inlineSink{l: l, frames: []inlineFrame{{out: &out}}, ignored: map[string]int{}, line: l.nodeLine(n), buf: l.textBuf}
	l.textBuf = nil
	s.children(n)
	s.popTo(1)
	s.flush()
	l.textBuf = s.buf[:0]
	return tidy(out)
}

func (s *inlineSink) children(n ast.Node) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		s.node(c)
	}
}

func (s *inlineSink) add(n doc.Inline) {
	f := &s.frames[len(s.frames)-1]
	*f.out = append(*f.out, n)
}

// text adds t to the content, joined to a short Text before it: tidy
// joins the rest in one pass (joined here one at a time, 100,000 brackets
// took seconds of copying).
func (s *inlineSink) text(t string) { appendText(s, t) }

// textBytes is text(string(t)), without making the string.
func (s *inlineSink) textBytes(t []byte) { appendText(s, t) }

func appendText[T string | []byte](s *inlineSink, t T) {
	if len(t) == 0 {
		return
	}
	f := &s.frames[len(s.frames)-1]
	if k := len(*f.out); k > 0 {
		if prev, ok := (*f.out)[k-1].(*doc.Text); ok {
			switch {
			case prev == s.pend && len(s.buf) < 256:
				s.buf = append(s.buf, t...)
				return
			case prev != s.pend && len(prev.Text) < 256:
				prev.Text += string(t)
				return
			}
		}
	}
	s.flush()
	s.pend = s.l.newText()
	s.pend.Pos = doc.Pos{Line: s.line}
	*f.out = append(*f.out, s.pend)
	s.buf = append(s.buf[:0], t...)
}

// push adds a container and sends what follows into its content.
func (s *inlineSink) push(n doc.Inline, content *[]doc.Inline, f inlineFrame) {
	s.add(n)
	f.out = content
	s.frames = append(s.frames, f)
}

// popTo closes frames until depth remain.
func (s *inlineSink) popTo(depth int) {
	for len(s.frames) > depth {
		top := s.frames[len(s.frames)-1]
		if top.close != "" {
			s.text(top.close)
		}
		s.frames = s.frames[:len(s.frames)-1]
	}
}

func (s *inlineSink) inLink() bool {
	for _, f := range s.frames {
		if f.link {
			return true
		}
	}
	return false
}

// container lowers a Markdown container's children into node's content.
func (s *inlineSink) container(node doc.Inline, content *[]doc.Inline, n ast.Node, link bool) {
	depth := len(s.frames)
	s.push(node, content, inlineFrame{link: link})
	s.children(n)
	s.popTo(depth)
}

func (s *inlineSink) node(n ast.Node) {
	l := s.l
	if s.skip != "" {
		if raw, ok := n.(*ast.RawHTML); ok {
			s.raw(raw)
		}
		return
	}
	switch n := n.(type) {
	case *ast.Text:
		s.line = l.line(n.Segment.Start)
		v := n.Segment.Value(l.src)
		if n.IsRaw() || bytes.IndexByte(v, '\\') < 0 && bytes.IndexByte(v, '&') < 0 { // ContainsAny(v, `\&`), which makes a set each call
			s.textBytes(v) // decode would copy v as it is
		} else {
			s.text(decode(v, true))
		}
		if n.HardLineBreak() {
			s.add(&doc.Break{})
		} else if n.SoftLineBreak() {
			s.text(" ")
		}
	case *ast.String:
		s.text(string(n.Value))
	case *ast.CodeSpan:
		var b strings.Builder
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch t := c.(type) {
			case *ast.Text:
				s.line = l.line(t.Segment.Start)
				b.Write(t.Segment.Value(l.src))
				if t.SoftLineBreak() {
					b.WriteByte(' ')
				}
			case *ast.String:
				b.Write(t.Value)
			}
		}
		code := strings.ReplaceAll(b.String(), "\n", " ")
		s.add(&doc.Span{Kind: doc.Code, Content: []doc.Inline{&doc.Text{Pos: doc.Pos{Line: s.line}, Text: code}}})
	case *ast.Emphasis:
		sp := &doc.Span{Kind: doc.Emph}
		if n.Level >= 2 {
			sp.Kind = doc.Strong
		}
		s.container(sp, &sp.Content, n, false)
	case *east.Strikethrough:
		sp := &doc.Span{Kind: doc.Strike}
		s.container(sp, &sp.Content, n, false)
	case *ast.Link:
		if s.inLink() {
			s.children(n)
			return
		}
		lk := &doc.Link{Pos: doc.Pos{Line: l.nodeLine(n)}, Dest: decode(n.Destination, true), Title: decode(n.Title, true)}
		s.container(lk, &lk.Content, n, true)
	case *ast.AutoLink:
		label := string(n.Label(l.src))
		url := string(n.URL(l.src))
		if n.AutoLinkType == ast.AutoLinkEmail && !strings.HasPrefix(strings.ToLower(url), "mailto:") {
			url = "mailto:" + url
		}
		if s.inLink() {
			s.text(label)
			return
		}
		pos := doc.Pos{Line: s.line}
		s.add(&doc.Link{Pos: pos, Dest: url, Content: []doc.Inline{&doc.Text{Pos: pos, Text: label}}})
	case *ast.Image:
		if img := l.image(n); img != nil {
			s.add(img)
		}
	case *ast.RawHTML:
		s.raw(n)
	case *east.FootnoteLink:
		note := l.note(n.Index)
		note.Refs = max(note.Refs, n.RefIndex+1, n.RefCount)
		s.add(&doc.NoteRef{Pos: doc.Pos{Line: s.line}, Note: note, Ref: n.RefIndex})
	case *east.FootnoteBacklink, *east.TaskCheckBox:
		// Renderers make their own way back to the text; the check box is
		// the list item's Task.
	default:
		s.children(n)
	}
}

// tidy collapses runs of spaces (across node boundaries, not inside code),
// trims the content's ends and drops what was emptied: how HTML shows
// white space, made true of the model so every format shows the same.
func tidy(in []doc.Inline) []doc.Inline {
	space := true // spaces at the start go
	out := collapse(in, &space)
	return trimEnd(out)
}

func collapse(in []doc.Inline, space *bool) []doc.Inline {
	out := in[:0]
	// joined is the text of out's last node while Texts are being joined to it.
	var joined strings.Builder
	joining := false
	join := func() {
		if joining {
			out[len(out)-1].(*doc.Text).Text = joined.String()
			joined.Reset()
			joining = false
		}
	}
	for _, n := range in {
		if _, ok := n.(*doc.Text); !ok {
			join()
		}
		switch x := n.(type) {
		case *doc.Text:
			x.Text = squeeze(x.Text, space)
			if x.Text == "" {
				continue
			}
			if k := len(out); k > 0 {
				if prev, ok := out[k-1].(*doc.Text); ok {
					if !joining {
						joined.WriteString(prev.Text)
						joining = true
					}
					joined.WriteString(x.Text)
					continue
				}
			}
		case *doc.Span:
			if x.Kind == doc.Code {
				if doc.PlainText(x.Content) == "" {
					continue
				}
				*space = false
				break
			}
			x.Content = collapse(x.Content, space)
			if len(x.Content) == 0 {
				continue
			}
		case *doc.Link:
			x.Content = collapse(x.Content, space)
			if len(x.Content) == 0 {
				continue
			}
		case *doc.Break:
			out = trimEnd(out)
			*space = true
		default:
			*space = false
		}
		out = append(out, n)
	}
	join()
	return out
}

// squeeze writes s with each run of white space as one space, none at all
// when the text before it already ended in one.
func squeeze(s string, space *bool) string {
	white, valid, single := scanWhite(s, *space)
	if !white {
		if s != "" {
			*space = false
		}
		return s
	}
	if !valid {
		return squeezeRunes(s, space)
	}
	// White space is ASCII, and no byte of a longer character in UTF-8
	// is: valid text is squeezed byte by byte, and most text, whose
	// spaces are single, is taken as it is.
	if single {
		*space = s[len(s)-1] == ' '
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case ' ', '\t', '\n', '\r', '\f':
			if !*space {
				b.WriteByte(' ')
				*space = true
			}
		default:
			b.WriteByte(c)
			*space = false
		}
	}
	return b.String()
}

// scanWhite reads s once for squeeze, the text before it ending in a space
// when space is: whether s has white space, whether it is valid UTF-8, and
// whether squeeze leaves it as it is when it is valid (its white space is
// single spaces, and it does not begin with one after a space). Reading
// it three times (strings.ContainsAny, utf8.ValidString, then the spaces)
// was 6% of the instructions of loading a book.
func scanWhite(s string, space bool) (white, valid, single bool) {
	valid, single = true, true
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch c {
			case ' ':
				white = true
				if space {
					single = false
				}
				space = true
			case '\t', '\n', '\r', '\f':
				white, single = true, false
			default:
				space = false
			}
			i++
			continue
		}
		space = false
		// The characters of two bytes (Arabic, Hebrew) are checked
		// here; the others as utf8.ValidString checks them.
		if c >= 0xC2 && c < 0xE0 && i+1 < len(s) && s[i+1]&0xC0 == 0x80 {
			i += 2
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			valid = false
		}
		i += size
	}
	return white, valid, single
}

// squeezeRunes is squeeze of text that is not valid UTF-8, whose bytes
// that are not are written as U+FFFD.
func squeezeRunes(s string, space *bool) string {
	var b strings.Builder
	for _, r := range s {
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f' {
			if !*space {
				b.WriteByte(' ')
				*space = true
			}
			continue
		}
		b.WriteRune(r)
		*space = false
	}
	return b.String()
}

// trimEnd removes trailing spaces from the end of inline content.
func trimEnd(in []doc.Inline) []doc.Inline {
	for len(in) > 0 {
		switch x := in[len(in)-1].(type) {
		case *doc.Text:
			x.Text = strings.TrimRight(x.Text, " ")
			if x.Text != "" {
				return in
			}
		case *doc.Span:
			if x.Kind == doc.Code {
				return in
			}
			x.Content = trimEnd(x.Content)
			if len(x.Content) > 0 {
				return in
			}
		case *doc.Link:
			x.Content = trimEnd(x.Content)
			if len(x.Content) > 0 {
				return in
			}
		case *doc.Break:
			// A line break that ends a block breaks nothing.
		default:
			return in
		}
		in = in[:len(in)-1]
	}
	return in
}
