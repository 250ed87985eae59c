package markdown

import (
	"regexp"
	"strings"

	"github.com/yuin/goldmark/ast"

	"github.com/warraq/warraq/export/diag"
	"github.com/warraq/warraq/export/doc"
)

// Pull quotes and verse have no Markdown syntax of their own. Both are
// written so that any other Markdown tool still shows something sensible:
//
//   - A pull quote is a block quote that opens with the marker
//     [!pullquote], the form GitHub and Obsidian give their callouts
//     ("> [!NOTE]"): Obsidian shows it as a callout, every other tool as a
//     block quote with the marker in its first line.
//
//     > [!pullquote]
//     > الكتاب الجيد صديق لا يخون.
//
//   - Verse is a fenced block whose info string is verse (or poem): every
//     tool keeps its lines as typed. Each line is a bayt whose two
//     hemistichs are separated by a tab or by two spaces or more; a line
//     without one is a hemistich alone, and a blank line ends a stanza. The
//     text is taken as typed, like a code block's.
//
//     ```verse
//     أَلا لَيتَ الشَبابَ يَعودُ يَوماً    فَأُخبِرَهُ بِما فَعَلَ المَشيبُ
//     ```
const pullQuoteMarker = "[!pullquote]"

// quote lowers a block quote: a pull quote when it opens with the marker,
// which is then not part of its text. An empty pull quote is left out with
// a warning.
func (l *lowerer) quote(pos doc.Pos, n *ast.Blockquote) doc.Block {
	q := &doc.Quote{Pos: pos, Blocks: l.blocks(n)}
	if len(q.Blocks) == 0 {
		return q
	}
	p, ok := q.Blocks[0].(*doc.Paragraph)
	if !ok || len(p.Content) == 0 {
		return q
	}
	t, ok := p.Content[0].(*doc.Text)
	if !ok || len(t.Text) < len(pullQuoteMarker) || !strings.EqualFold(t.Text[:len(pullQuoteMarker)], pullQuoteMarker) {
		return q
	}
	q.Kind = doc.PullQuote
	if t.Text = strings.TrimLeft(t.Text[len(pullQuoteMarker):], " "); t.Text == "" {
		p.Content = p.Content[1:]
	}
	if len(p.Content) == 0 {
		q.Blocks = q.Blocks[1:]
	}
	if len(q.Blocks) == 0 {
		l.diags.Warnf(diag.EmptyArticle, pos.Line, "pull quote has no text; left out")
		return nil
	}
	return q
}

// fenced lowers a fenced block: verse when its info word says so, code
// otherwise.
func (l *lowerer) fenced(pos doc.Pos, n *ast.FencedCodeBlock) doc.Block {
	info := string(n.Language(l.src))
	switch strings.ToLower(info) {
	case "verse", "poem":
		return l.verse(pos, n)
	}
	return l.code(pos, n, info)
}

// hemistichGap is what separates the two hemistichs of a bayt.
var hemistichGap = regexp.MustCompile(`\t+| {2,}`)

// verse lowers a verse block line by line. An empty one is left out with a
// warning.
func (l *lowerer) verse(pos doc.Pos, n *ast.FencedCodeBlock) doc.Block {
	v := &doc.Verse{Pos: pos}
	var stanza []*doc.VerseLine
	end := func() {
		if len(stanza) > 0 {
			v.Stanzas = append(v.Stanzas, stanza)
			stanza = nil
		}
	}
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		text := strings.TrimRight(string(seg.Value(l.src)), " \t\r\n")
		text = strings.TrimLeft(text, " \t")
		if text == "" {
			end()
			continue
		}
		vl := &doc.VerseLine{Pos: doc.Pos{Line: l.line(seg.Start)}}
		for _, h := range hemistichGap.Split(text, 2) {
			h = strings.Join(strings.Fields(h), " ")
			vl.Hemistichs = append(vl.Hemistichs, []doc.Inline{&doc.Text{Pos: vl.Pos, Text: h}})
		}
		stanza = append(stanza, vl)
	}
	end()
	if len(v.Stanzas) == 0 {
		l.diags.Warnf(diag.EmptyArticle, pos.Line, "verse block has no lines; left out")
		return nil
	}
	return v
}
