package doc

import "github.com/warraq/warraq/internal/cache/wire"

// The model is written to the build cache once an article is read, so a
// rebuild after an edit reads the articles it did not change from there
// instead of parsing and lowering them again (export/collection's body
// cache). Every field of every node is written; wire_test.go fills every
// field by reflection and fails when one is added to a type without being
// written here. A nil slice is told apart from an empty one and a nil
// pointer from a zero node, so what is read is deeply equal to what was
// written. Footnotes are shared: a NoteRef is written as its note's index
// in Document.Notes, and the notes come before the blocks that refer to
// them.

// maxWireDepth bounds how deep the nodes of an encoded model nest, blocks
// and inlines together. Lowering keeps blocks 8 containers deep and spans
// 16 (export/markdown's limits), far below it; a decoder that read
// deeper would follow a damaged entry down the stack.
const maxWireDepth = 256

// Block and inline tags: 0 is a nil node.
const (
	tagParagraph = 1 + iota
	tagHeading
	tagCodeBlock
	tagQuote
	tagVerse
	tagList
	tagTable
	tagFigure
	tagRule
	tagDiv
	tagDefList
)

const (
	tagText = 1 + iota
	tagSpan
	tagLink
	tagImage
	tagNoteRef
	tagBreak
)

// Encode appends d to w for the build cache. It returns false, having
// written part of it, when d is not a model lowering makes: a footnote
// reference to a note d.Notes does not hold, a node of a type outside this
// package, or nodes nested deeper than maxWireDepth. The caller then keeps
// no entry.
func Encode(w *wire.Writer, d *Document) bool {
	return encode(&encoder{w: w}, d)
}

// EncodeShared is Encode for a model kept in memory rather than in the
// cache (export/collection holds each article's model so): an image's
// file is written as its index in *assets (appended there when it is not
// yet in it), rather than with its bytes, so that the files are not
// copied into every model that shows them and DecodeShared gives back the
// very *Asset values, which the formats know the files by. The rest is
// written as Encode writes it.
func EncodeShared(w *wire.Writer, d *Document, assets *[]*Asset) bool {
	e := &encoder{w: w, assets: assets, assetNum: make(map[*Asset]int, len(*assets))}
	for i, a := range *assets {
		if _, dup := e.assetNum[a]; !dup {
			e.assetNum[a] = i
		}
	}
	return encode(e, d)
}

func encode(e *encoder, d *Document) bool {
	if d == nil {
		return false
	}
	w := e.w
	e.notes, e.ok = make(map[*Note]int, len(d.Notes)), true
	e.count(d.Notes == nil, len(d.Notes))
	for i, n := range d.Notes {
		if n == nil {
			return false
		}
		e.notes[n] = i
		w.Int(int64(n.Line))
		w.Int(int64(n.Number))
		w.Int(int64(n.Refs))
	}
	for _, n := range d.Notes {
		e.blocks(n.Blocks)
	}
	e.blocks(d.Blocks)
	return e.ok
}

type encoder struct {
	w     *wire.Writer
	notes map[*Note]int
	depth int
	ok    bool
	// assets, for EncodeShared, are the files numbered so far, and
	// assetNum their numbers.
	assets   *[]*Asset
	assetNum map[*Asset]int
}

// count writes a slice's length, 0 for a nil slice and n+1 for n items.
func (e *encoder) count(isNil bool, n int) {
	if isNil {
		e.w.Uint(0)
	} else {
		e.w.Uint(uint64(n) + 1)
	}
}

func (e *encoder) int(v int) { e.w.Int(int64(v)) }

// enter counts one level down; false (and the encoding refused) when too deep.
func (e *encoder) enter() bool {
	e.depth++
	if e.depth > maxWireDepth {
		e.ok = false
		return false
	}
	return true
}

func (e *encoder) blocks(bs []Block) {
	if !e.enter() {
		return
	}
	defer func() { e.depth-- }()
	e.count(bs == nil, len(bs))
	for _, b := range bs {
		e.block(b)
	}
}

func (e *encoder) block(b Block) {
	w := e.w
	switch b := b.(type) {
	case nil:
		w.Uint(0)
	case *Paragraph:
		w.Uint(tagParagraph)
		e.int(b.Line)
		e.inlines(b.Content)
	case *Heading:
		w.Uint(tagHeading)
		e.int(b.Line)
		e.int(b.Level)
		w.Str(b.ID)
		w.Str(b.Class)
		e.inlines(b.Content)
	case *CodeBlock:
		w.Uint(tagCodeBlock)
		e.int(b.Line)
		w.Str(b.Lang)
		w.Str(b.Text)
	case *Quote:
		w.Uint(tagQuote)
		e.int(b.Line)
		e.int(int(b.Kind))
		e.blocks(b.Blocks)
	case *Verse:
		w.Uint(tagVerse)
		e.int(b.Line)
		e.count(b.Stanzas == nil, len(b.Stanzas))
		for _, st := range b.Stanzas {
			e.count(st == nil, len(st))
			for _, vl := range st {
				if w.Bool(vl != nil); vl == nil {
					continue
				}
				e.int(vl.Line)
				e.count(vl.Hemistichs == nil, len(vl.Hemistichs))
				for _, h := range vl.Hemistichs {
					e.inlines(h)
				}
			}
		}
	case *List:
		w.Uint(tagList)
		e.int(b.Line)
		w.Bool(b.Ordered)
		e.int(b.Start)
		w.Uint(uint64(b.Delim))
		w.Bool(b.Tight)
		e.count(b.Items == nil, len(b.Items))
		for _, it := range b.Items {
			if w.Bool(it != nil); it == nil {
				continue
			}
			e.int(it.Line)
			e.int(int(it.Task))
			e.blocks(it.Blocks)
		}
	case *Table:
		w.Uint(tagTable)
		e.int(b.Line)
		e.count(b.Columns == nil, len(b.Columns))
		for _, a := range b.Columns {
			e.int(int(a))
		}
		e.rows(b.Head)
		e.rows(b.Body)
	case *Figure:
		w.Uint(tagFigure)
		e.int(b.Line)
		if w.Bool(b.Image != nil); b.Image != nil {
			e.image(b.Image)
		}
		e.inlines(b.Caption)
	case *Rule:
		w.Uint(tagRule)
		e.int(b.Line)
	case *Div:
		w.Uint(tagDiv)
		e.int(b.Line)
		w.Str(b.Lang)
		w.Str(b.Dir)
		w.Str(b.Class)
		e.blocks(b.Blocks)
	case *DefList:
		w.Uint(tagDefList)
		e.int(b.Line)
		e.count(b.Items == nil, len(b.Items))
		for _, it := range b.Items {
			if w.Bool(it != nil); it == nil {
				continue
			}
			e.inlines(it.Term)
			e.count(it.Defs == nil, len(it.Defs))
			for _, def := range it.Defs {
				e.blocks(def)
			}
		}
	default:
		e.ok = false
	}
}

func (e *encoder) rows(rows []*Row) {
	e.count(rows == nil, len(rows))
	for _, r := range rows {
		if e.w.Bool(r != nil); r == nil {
			continue
		}
		e.count(r.Cells == nil, len(r.Cells))
		for _, c := range r.Cells {
			if e.w.Bool(c != nil); c != nil {
				e.inlines(c.Content)
			}
		}
	}
}

func (e *encoder) image(im *Image) {
	w := e.w
	e.int(im.Line)
	w.Str(im.Src)
	w.Str(im.Alt)
	w.Str(im.Title)
	// Lowering leaves Asset nil (the loader hands each image its file
	// later), but a model with its files is written whole all the same.
	a := im.Asset
	if w.Bool(a != nil); a != nil && e.assets != nil {
		n, ok := e.assetNum[a]
		if !ok {
			n = len(*e.assets)
			e.assetNum[a] = n
			*e.assets = append(*e.assets, a)
		}
		w.Uint(uint64(n))
	} else if a != nil {
		w.Str(a.Path)
		e.count(a.Data == nil, len(a.Data))
		w.Bytes(a.Data)
		w.Str(a.MediaType)
		e.int(a.Width)
		e.int(a.Height)
	}
}

func (e *encoder) inlines(in []Inline) {
	if !e.enter() {
		return
	}
	defer func() { e.depth-- }()
	e.count(in == nil, len(in))
	w := e.w
	for _, n := range in {
		switch n := n.(type) {
		case nil:
			w.Uint(0)
		case *Text:
			w.Uint(tagText)
			e.int(n.Line)
			w.Str(n.Text)
		case *Span:
			w.Uint(tagSpan)
			e.int(int(n.Kind))
			w.Str(n.Lang)
			w.Str(n.Dir)
			w.Str(n.Class)
			w.Str(n.Title)
			w.Bool(n.NoBreak)
			w.Bool(n.Mixed)
			e.inlines(n.Content)
		case *Link:
			w.Uint(tagLink)
			e.int(n.Line)
			w.Str(n.Dest)
			w.Str(n.Title)
			w.Str(n.Target.URL)
			w.Str(n.Target.Article)
			w.Str(n.Target.Fragment)
			e.inlines(n.Content)
		case *Image:
			w.Uint(tagImage)
			e.image(n)
		case *NoteRef:
			w.Uint(tagNoteRef)
			e.int(n.Line)
			if n.Note == nil {
				w.Uint(0)
			} else if i, ok := e.notes[n.Note]; ok {
				w.Uint(uint64(i) + 1)
			} else {
				e.ok = false
			}
			e.int(n.Ref)
		case *Break:
			w.Uint(tagBreak)
		default:
			e.ok = false
		}
	}
}

// Decode reads a model Encode wrote. It returns nil once r has failed:
// the entry was cut or damaged (see package wire), and is a miss.
func Decode(r *wire.Reader) *Document {
	return decode(&decoder{r: r})
}

// DecodeShared reads a model EncodeShared wrote, its images' files from
// assets (what EncodeShared numbered). It returns nil once r has failed,
// as Decode does; a number assets does not hold is a failure.
func DecodeShared(r *wire.Reader, assets []*Asset) *Document {
	return decode(&decoder{r: r, assets: assets, shared: true})
}

func decode(d *decoder) *Document {
	r := d.r
	doc := &Document{}
	n, isNil := d.count()
	if !isNil {
		// A note takes three bytes at least: its line, number and refs.
		if n > r.Len()/3 {
			r.Fail()
			return nil
		}
		doc.Notes = make([]*Note, n)
		for i := range doc.Notes {
			doc.Notes[i] = &Note{Pos: Pos{d.int()}, Number: d.int(), Refs: d.int()}
		}
	}
	d.notes = doc.Notes
	for _, n := range doc.Notes {
		n.Blocks = d.blocks()
	}
	doc.Blocks = d.blocks()
	if r.Err() != nil {
		return nil
	}
	return doc
}

type decoder struct {
	r     *wire.Reader
	notes []*Note
	depth int
	// shared: the images' files are numbers in assets (DecodeShared).
	shared bool
	assets []*Asset
	// texts are Text nodes made ahead, textChunk at a time: a model is
	// mostly Texts, and one allocation each was some 200,000 of the
	// objects a 1,000-article EPUB allocates.
	texts []Text
}

const textChunk = 32

// text is a new Text node of the model being decoded.
func (d *decoder) text() *Text {
	if len(d.texts) == 0 {
		d.texts = make([]Text, textChunk)
	}
	t := &d.texts[0]
	d.texts = d.texts[1:]
	return t
}

// count reads what encoder.count wrote: n items, or a nil slice. Every
// item takes a byte at least, so n is bounded by what is left.
func (d *decoder) count() (n int, isNil bool) {
	v := d.r.Uint()
	if v == 0 {
		return 0, true
	}
	if v-1 > uint64(d.r.Len()) {
		d.r.Fail()
		return 0, true
	}
	return int(v - 1), false
}

func (d *decoder) int() int { return int(d.r.Int()) }

func (d *decoder) enter() bool {
	d.depth++
	if d.depth > maxWireDepth {
		d.r.Fail()
		return false
	}
	return true
}

func (d *decoder) blocks() []Block {
	if !d.enter() {
		return nil
	}
	defer func() { d.depth-- }()
	n, isNil := d.count()
	if isNil {
		return nil
	}
	out := make([]Block, n)
	for i := range out {
		if out[i] = d.block(); d.r.Err() != nil {
			return nil
		}
	}
	return out
}

func (d *decoder) block() Block {
	r := d.r
	switch tag := r.Uint(); tag {
	case 0:
		return nil
	case tagParagraph:
		return &Paragraph{Pos: Pos{d.int()}, Content: d.inlines()}
	case tagHeading:
		return &Heading{Pos: Pos{d.int()}, Level: d.int(), ID: r.Str(), Class: r.Str(), Content: d.inlines()}
	case tagCodeBlock:
		return &CodeBlock{Pos: Pos{d.int()}, Lang: r.Str(), Text: r.Str()}
	case tagQuote:
		return &Quote{Pos: Pos{d.int()}, Kind: QuoteKind(d.int()), Blocks: d.blocks()}
	case tagVerse:
		v := &Verse{Pos: Pos{d.int()}}
		if n, isNil := d.count(); !isNil {
			v.Stanzas = make([][]*VerseLine, n)
			for i := range v.Stanzas {
				v.Stanzas[i] = d.verseLines()
			}
		}
		return v
	case tagList:
		l := &List{Pos: Pos{d.int()}, Ordered: r.Bool(), Start: d.int()}
		delim := r.Uint()
		if delim > 0xff {
			r.Fail()
		}
		l.Delim, l.Tight = byte(delim), r.Bool()
		if n, isNil := d.count(); !isNil {
			l.Items = make([]*Item, n)
			for i := range l.Items {
				if r.Bool() {
					l.Items[i] = &Item{Pos: Pos{d.int()}, Task: Task(d.int()), Blocks: d.blocks()}
				}
			}
		}
		return l
	case tagTable:
		t := &Table{Pos: Pos{d.int()}}
		if n, isNil := d.count(); !isNil {
			t.Columns = make([]Align, n)
			for i := range t.Columns {
				t.Columns[i] = Align(d.int())
			}
		}
		t.Head, t.Body = d.rows(), d.rows()
		return t
	case tagFigure:
		f := &Figure{Pos: Pos{d.int()}}
		if r.Bool() {
			f.Image = d.image()
		}
		f.Caption = d.inlines()
		return f
	case tagRule:
		return &Rule{Pos{d.int()}}
	case tagDiv:
		return &Div{Pos: Pos{d.int()}, Lang: r.Str(), Dir: r.Str(), Class: r.Str(), Blocks: d.blocks()}
	case tagDefList:
		l := &DefList{Pos: Pos{d.int()}}
		if n, isNil := d.count(); !isNil {
			l.Items = make([]*DefItem, n)
			for i := range l.Items {
				if !r.Bool() {
					continue
				}
				it := &DefItem{Term: d.inlines()}
				if n, isNil := d.count(); !isNil {
					it.Defs = make([][]Block, n)
					for j := range it.Defs {
						it.Defs[j] = d.blocks()
					}
				}
				l.Items[i] = it
			}
		}
		return l
	default:
		r.Fail()
		return nil
	}
}

func (d *decoder) verseLines() []*VerseLine {
	n, isNil := d.count()
	if isNil {
		return nil
	}
	out := make([]*VerseLine, n)
	for i := range out {
		if !d.r.Bool() {
			continue
		}
		vl := &VerseLine{Pos: Pos{d.int()}}
		if m, isNil := d.count(); !isNil {
			vl.Hemistichs = make([][]Inline, m)
			for j := range vl.Hemistichs {
				vl.Hemistichs[j] = d.inlines()
			}
		}
		out[i] = vl
	}
	return out
}

func (d *decoder) rows() []*Row {
	n, isNil := d.count()
	if isNil {
		return nil
	}
	out := make([]*Row, n)
	for i := range out {
		if !d.r.Bool() {
			continue
		}
		row := &Row{}
		if m, isNil := d.count(); !isNil {
			row.Cells = make([]*Cell, m)
			for j := range row.Cells {
				if d.r.Bool() {
					row.Cells[j] = &Cell{Content: d.inlines()}
				}
			}
		}
		out[i] = row
	}
	return out
}

func (d *decoder) image() *Image {
	r := d.r
	im := &Image{Pos: Pos{d.int()}, Src: r.Str(), Alt: r.Str(), Title: r.Str()}
	switch {
	case !r.Bool():
	case d.shared:
		if n := r.Index(len(d.assets)); r.Err() == nil {
			im.Asset = d.assets[n]
		}
	default:
		a := &Asset{Path: r.Str()}
		if n, isNil := d.count(); !isNil {
			a.Data = append([]byte{}, r.Bytes(n)...)
		}
		a.MediaType, a.Width, a.Height = r.Str(), d.int(), d.int()
		im.Asset = a
	}
	return im
}

func (d *decoder) inlines() []Inline {
	if !d.enter() {
		return nil
	}
	defer func() { d.depth-- }()
	n, isNil := d.count()
	if isNil {
		return nil
	}
	r := d.r
	out := make([]Inline, n)
	for i := range out {
		switch tag := r.Uint(); tag {
		case 0:
		case tagText:
			t := d.text()
			t.Pos, t.Text = Pos{d.int()}, r.Str()
			out[i] = t
		case tagSpan:
			out[i] = &Span{Kind: SpanKind(d.int()), Lang: r.Str(), Dir: r.Str(), Class: r.Str(), Title: r.Str(),
				NoBreak: r.Bool(), Mixed: r.Bool(), Content: d.inlines()}
		case tagLink:
			out[i] = &Link{Pos: Pos{d.int()}, Dest: r.Str(), Title: r.Str(),
				Target: Target{URL: r.Str(), Article: r.Str(), Fragment: r.Str()}, Content: d.inlines()}
		case tagImage:
			out[i] = d.image()
		case tagNoteRef:
			ref := &NoteRef{Pos: Pos{d.int()}}
			if k := r.Uint(); k > 0 {
				if k > uint64(len(d.notes)) {
					r.Fail()
				} else {
					ref.Note = d.notes[k-1]
				}
			}
			ref.Ref = d.int()
			out[i] = ref
		case tagBreak:
			out[i] = &Break{}
		default:
			r.Fail()
		}
		if r.Err() != nil {
			return nil
		}
	}
	return out
}
