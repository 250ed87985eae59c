package markdown

import (
	"fmt"
	"strings"

	"github.com/warraq/warraq/export/doc"
)

// dump writes a document model compactly, for tests to compare:
// blocks one per line, inlines in brackets.
func dump(d *doc.Document) string {
	var b strings.Builder
	dumpBlocks(&b, d.Blocks, "")
	for _, n := range d.Notes {
		fmt.Fprintf(&b, "note %d (%d refs)\n", n.Number, n.Refs)
		dumpBlocks(&b, n.Blocks, "  ")
	}
	return b.String()
}

func dumpBlocks(b *strings.Builder, bs []doc.Block, ind string) {
	for _, x := range bs {
		b.WriteString(ind)
		switch x := x.(type) {
		case *doc.Paragraph:
			b.WriteString("p " + dumpInlines(x.Content) + "\n")
		case *doc.Heading:
			fmt.Fprintf(b, "h%d#%s %s\n", x.Level, x.ID, dumpInlines(x.Content))
		case *doc.CodeBlock:
			fmt.Fprintf(b, "code(%s) %q\n", x.Lang, x.Text)
		case *doc.Quote:
			b.WriteString("quote\n")
			dumpBlocks(b, x.Blocks, ind+"  ")
		case *doc.Div:
			fmt.Fprintf(b, "div lang=%s dir=%s class=%s\n", x.Lang, x.Dir, x.Class)
			dumpBlocks(b, x.Blocks, ind+"  ")
		case *doc.List:
			fmt.Fprintf(b, "list ordered=%v start=%d tight=%v\n", x.Ordered, x.Start, x.Tight)
			for _, it := range x.Items {
				fmt.Fprintf(b, "%s  item task=%d\n", ind, it.Task)
				dumpBlocks(b, it.Blocks, ind+"    ")
			}
		case *doc.Table:
			fmt.Fprintf(b, "table cols=%v\n", x.Columns)
			for _, r := range x.Head {
				b.WriteString(ind + "  head")
				for _, c := range r.Cells {
					b.WriteString(" | " + dumpInlines(c.Content))
				}
				b.WriteString("\n")
			}
			for _, r := range x.Body {
				b.WriteString(ind + "  row")
				for _, c := range r.Cells {
					b.WriteString(" | " + dumpInlines(c.Content))
				}
				b.WriteString("\n")
			}
		case *doc.Figure:
			fmt.Fprintf(b, "figure %s caption=%s\n", dumpInlines([]doc.Inline{x.Image}), dumpInlines(x.Caption))
		case *doc.Rule:
			b.WriteString("rule\n")
		case *doc.DefList:
			b.WriteString("dl\n")
			for _, it := range x.Items {
				b.WriteString(ind + "  dt " + dumpInlines(it.Term) + "\n")
				for _, d := range it.Defs {
					b.WriteString(ind + "  dd\n")
					dumpBlocks(b, d, ind+"    ")
				}
			}
		}
	}
}

func dumpInlines(in []doc.Inline) string {
	var parts []string
	for _, n := range in {
		switch x := n.(type) {
		case *doc.Text:
			parts = append(parts, fmt.Sprintf("%q", x.Text))
		case *doc.Span:
			attrs := ""
			if x.Lang != "" {
				attrs += " lang=" + x.Lang
			}
			if x.Dir != "" {
				attrs += " dir=" + x.Dir
			}
			if x.Title != "" {
				attrs += " title=" + x.Title
			}
			if x.NoBreak {
				attrs += " nobreak"
			}
			parts = append(parts, fmt.Sprintf("%s%s(%s)", spanName[x.Kind], attrs, dumpInlines(x.Content)))
		case *doc.Link:
			parts = append(parts, fmt.Sprintf("link<%s>(%s)", x.Dest, dumpInlines(x.Content)))
		case *doc.Image:
			parts = append(parts, fmt.Sprintf("img<%s alt=%q>", x.Src, x.Alt))
		case *doc.NoteRef:
			parts = append(parts, fmt.Sprintf("note%d", x.Note.Number))
		case *doc.Break:
			parts = append(parts, "br")
		}
	}
	return strings.Join(parts, " ")
}

var spanName = map[doc.SpanKind]string{doc.Plain: "span", doc.Emph: "em", doc.Strong: "strong", doc.Strike: "del",
	doc.Underline: "u", doc.Code: "code", doc.Kbd: "kbd", doc.Sub: "sub", doc.Sup: "sup", doc.Mark: "mark",
	doc.Small: "small", doc.Abbr: "abbr"}
