package doc

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/warraq/warraq/internal/cache/wire"
	"github.com/warraq/warraq/internal/cache/wire/wiretest"
)

// The node types the tests build, by name; TestNodeTypesAreKnown checks
// them against the types this package declares as blocks and inlines.
var (
	blockTypes = []Block{&Paragraph{}, &Heading{}, &CodeBlock{}, &Quote{}, &Verse{}, &List{}, &Table{},
		&Figure{}, &Rule{}, &Div{}, &DefList{}}
	inlineTypes = []Inline{&Text{}, &Span{}, &Link{}, &Image{}, &NoteRef{}, &Break{}}
)

func typeNames[T any](nodes []T) []string {
	var out []string
	for _, n := range nodes {
		out = append(out, reflect.TypeOf(n).Elem().Name())
	}
	slices.Sort(out)
	return out
}

// Every type with a block or inline method in the package's source is
// among those the round trip fills: a new node type cannot be left out of
// the encoding without failing here.
func TestNodeTypesAreKnown(t *testing.T) {
	pkgs, err := parser.ParseDir(token.NewFileSet(), ".", func(fi fs.FileInfo) bool {
		return !strings.HasSuffix(fi.Name(), "_test.go")
	}, 0)
	if err != nil {
		t.Fatal(err)
	}
	found := map[string][]string{}
	for _, f := range pkgs["doc"].Files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv == nil || (fd.Name.Name != "block" && fd.Name.Name != "inline") ||
				fd.Type.Params.NumFields() > 0 || fd.Type.Results.NumFields() > 0 {
				continue
			}
			star, ok := fd.Recv.List[0].Type.(*ast.StarExpr)
			if !ok {
				t.Fatalf("%s's receiver is not a pointer", fd.Name.Name)
			}
			found[fd.Name.Name] = append(found[fd.Name.Name], star.X.(*ast.Ident).Name)
		}
	}
	slices.Sort(found["block"])
	slices.Sort(found["inline"])
	if want := typeNames(blockTypes); !slices.Equal(found["block"], want) {
		t.Errorf("block types declared %v, the encoding's tests know %v", found["block"], want)
	}
	if want := typeNames(inlineTypes); !slices.Equal(found["inline"], want) {
		t.Errorf("inline types declared %v, the encoding's tests know %v", found["inline"], want)
	}
}

// filler makes a model in which every field of every node type is set, to
// a value no other field has, by reflection: a field added to a type is
// set too, and the round trip fails until Encode writes it.
type filler struct {
	n     int
	notes []*Note
	// set records, for each struct type and field, whether the field was
	// ever given a value other than its zero.
	set map[reflect.Type][]bool
}

// fillDepth bounds how deep the filled model nests; every node type is
// made with every field set at the top levels already.
const fillDepth = 8

func (f *filler) next() int {
	f.n++
	return f.n
}

func (f *filler) document() *Document {
	d := &Document{}
	for range 2 {
		n := &Note{}
		f.fill(reflect.ValueOf(n).Elem(), 1)
		d.Notes = append(d.Notes, n)
		f.notes = append(f.notes, n)
	}
	f.fill(reflect.ValueOf(&d.Blocks).Elem(), 0)
	return d
}

func (f *filler) fill(v reflect.Value, depth int) {
	switch v.Kind() {
	case reflect.String:
		v.SetString(fmt.Sprintf("نص %d", f.next()))
	case reflect.Int, reflect.Int64, reflect.Int32:
		n := f.next()
		if n%2 == 0 {
			n = -n // zig-zag varints carry a sign
		}
		v.SetInt(int64(n))
	case reflect.Uint8:
		v.SetUint(uint64(f.next()%250 + 1))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Pointer:
		if v.Type() == reflect.TypeFor[*Note]() {
			if len(f.notes) == 0 {
				return // a note's own blocks, made before the notes are
			}
			v.Set(reflect.ValueOf(f.notes[f.next()%len(f.notes)]))
			return
		}
		p := reflect.New(v.Type().Elem())
		f.fill(p.Elem(), depth)
		v.Set(p)
	case reflect.Struct:
		t := v.Type()
		if f.set[t] == nil {
			f.set[t] = make([]bool, t.NumField())
		}
		for i := range t.NumField() {
			f.fill(v.Field(i), depth+1)
			if !v.Field(i).IsZero() {
				f.set[t][i] = true
			}
		}
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 0, 0) // empty, not nil, at the deepest
		if depth < fillDepth {
			switch v.Type() {
			case reflect.TypeFor[[]Block]():
				if depth > 0 { // one block, each time another
					b := blockTypes[f.next()%len(blockTypes)]
					s = reflect.Append(s, f.node(reflect.TypeOf(b), depth))
					break
				}
				for _, b := range blockTypes {
					s = reflect.Append(s, f.node(reflect.TypeOf(b), depth))
				}
			case reflect.TypeFor[[]Inline]():
				for _, in := range inlineTypes {
					s = reflect.Append(s, f.node(reflect.TypeOf(in), depth))
				}
			default:
				for range 2 {
					e := reflect.New(v.Type().Elem()).Elem()
					f.fill(e, depth+1)
					s = reflect.Append(s, e)
				}
			}
		}
		v.Set(s)
	default:
		panic(fmt.Sprintf("the filler does not know %s (%s): teach it, and Encode", v.Type(), v.Kind()))
	}
}

func (f *filler) node(t reflect.Type, depth int) reflect.Value {
	p := reflect.New(t.Elem())
	f.fill(p.Elem(), depth+1)
	return p
}

func roundTrip(t *testing.T, d *Document) (*Document, []byte) {
	t.Helper()
	w := wire.NewWriter(nil)
	if !Encode(&w, d) {
		t.Fatal("Encode refused a model lowering could make")
	}
	r := wire.NewReader(w.Data())
	got := Decode(&r)
	if err := r.End(); err != nil || got == nil {
		t.Fatalf("Decode: %v", err)
	}
	return got, w.Data()
}

// sameNotes checks that every NoteRef of got points at one of got's own
// notes, the one of the same index as in want.
func sameNotes(t *testing.T, got, want *Document) {
	t.Helper()
	var gotRefs, wantRefs []*NoteRef
	collect := func(d *Document, into *[]*NoteRef) {
		InspectDocument(d, func(n any) bool {
			if r, ok := n.(*NoteRef); ok {
				*into = append(*into, r)
			}
			return true
		})
	}
	collect(got, &gotRefs)
	collect(want, &wantRefs)
	if len(gotRefs) != len(wantRefs) || len(wantRefs) == 0 && len(want.Notes) > 0 {
		t.Fatalf("%d note references read back, %d written", len(gotRefs), len(wantRefs))
	}
	for i, r := range gotRefs {
		if r.Note == nil && wantRefs[i].Note == nil {
			continue
		}
		gi, wi := slices.Index(got.Notes, r.Note), slices.Index(want.Notes, wantRefs[i].Note)
		if gi < 0 || gi != wi {
			t.Errorf("reference %d points at note %d of the notes read, written for note %d", i, gi, wi)
		}
	}
}

// Every field of every node type goes through Encode and Decode unchanged.
func TestWireRoundTripsEveryField(t *testing.T) {
	f := &filler{set: map[reflect.Type][]bool{}}
	d := f.document()
	// The filler itself reached every node type and set every field.
	for _, n := range append(append([]any{}, toAny(blockTypes)...), toAny(inlineTypes)...) {
		nt := reflect.TypeOf(n).Elem()
		if _, ok := f.set[nt]; !ok && nt.NumField() > 0 {
			t.Errorf("the filled model has no %s", nt.Name())
		}
	}
	for typ, fields := range f.set {
		for i, ok := range fields {
			if !ok {
				t.Errorf("%s.%s was never set", typ.Name(), typ.Field(i).Name)
			}
		}
	}
	got, data := roundTrip(t, d)
	if !reflect.DeepEqual(got, d) {
		t.Fatal("the model read back differs from the one written")
	}
	sameNotes(t, got, d)
	t.Logf("%d bytes", len(data))
}

func toAny[T any](s []T) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}

// zeroDocument has every node type with every field zero, nil pointers
// and nil nodes among non-nil ones, and empty slices beside nil ones:
// each must come back as it was, not as its neighbour.
func zeroDocument() *Document {
	var blocks []Block
	blocks = append(blocks, nil)
	for _, b := range blockTypes {
		blocks = append(blocks, reflect.New(reflect.TypeOf(b).Elem()).Interface().(Block))
	}
	var inlines []Inline
	inlines = append(inlines, nil)
	for _, in := range inlineTypes {
		inlines = append(inlines, reflect.New(reflect.TypeOf(in).Elem()).Interface().(Inline))
	}
	blocks = append(blocks,
		&Paragraph{Content: inlines},
		&Paragraph{Content: []Inline{}},
		&Quote{Blocks: []Block{}},
		&Verse{Stanzas: [][]*VerseLine{nil, {}, {nil, {Hemistichs: [][]Inline{nil, {}}}}}},
		&List{Items: []*Item{nil, {Blocks: []Block{}}}},
		&Table{Columns: []Align{}, Head: []*Row{nil, {}, {Cells: []*Cell{nil, {}}}}, Body: []*Row{}},
		&Figure{Image: &Image{}},
		&Figure{Image: &Image{Asset: &Asset{}}},
		&Figure{Image: &Image{Asset: &Asset{Data: []byte{}}}},
		&DefList{Items: []*DefItem{nil, {}, {Term: []Inline{}, Defs: [][]Block{nil, {}}}}},
	)
	return &Document{Blocks: blocks, Notes: []*Note{}}
}

func TestWireRoundTripsZerosAndNils(t *testing.T) {
	for _, d := range []*Document{{}, zeroDocument()} {
		got, _ := roundTrip(t, d)
		if !reflect.DeepEqual(got, d) {
			t.Errorf("the model read back differs from the one written: %#v", got)
		}
	}
}

// Encode refuses what lowering never makes, rather than writing a model
// that would read back as another.
func TestEncodeRefuses(t *testing.T) {
	deep := []Inline{&Text{Text: "x"}}
	for range maxWireDepth + 1 {
		deep = []Inline{&Span{Content: deep}}
	}
	type foreign struct{ *Paragraph }
	for name, d := range map[string]*Document{
		"a reference to a note the document does not hold": {Blocks: []Block{&Paragraph{Content: []Inline{&NoteRef{Note: &Note{Number: 1}}}}}},
		"spans nested too deep":                            {Blocks: []Block{&Paragraph{Content: deep}}},
		"a block of another package's type":                {Blocks: []Block{foreign{&Paragraph{}}}},
		"a nil note":                                       {Notes: []*Note{nil}},
		"no document":                                      nil,
	} {
		w := wire.NewWriter(nil)
		if Encode(&w, d) {
			t.Errorf("%s: encoded", name)
		}
	}
}

// A damaged entry is a miss: no panic, no allocation out of proportion
// to its size, and a cut one always fails.
func TestDecodeDamaged(t *testing.T) {
	d := (&filler{set: map[reflect.Type][]bool{}}).document()
	w := wire.NewWriter(nil)
	if !Encode(&w, d) {
		t.Fatal("Encode refused the filled model")
	}
	data := w.Data()
	accepted := wiretest.Decode(t, data, 64, true, func(b []byte) error {
		r := wire.NewReader(b)
		got := Decode(&r)
		if err := r.End(); err != nil {
			if got != nil && r.Err() != nil {
				t.Fatal("Decode returned a model from a failed reader")
			}
			return err
		}
		return nil
	})
	t.Logf("%d bytes; %d damaged entries still decoded", len(data), accepted)
	// A tree deeper than any lowering makes is refused while reading, not
	// followed down the stack.
	w.Reset()
	w.Uint(0) // no notes
	for range maxWireDepth + 1 {
		w.Uint(2)        // one block
		w.Uint(tagQuote) // a quotation
		w.Int(1)         // its line
		w.Int(0)         // its kind
	}
	r := wire.NewReader(w.Data())
	if Decode(&r) != nil || r.Err() == nil {
		t.Error("a tree deeper than maxWireDepth decoded")
	}
}

// FuzzDecode reads arbitrary bytes as an encoded model: no panic, and a
// model that decodes encodes again and reads back the same.
func FuzzDecode(f *testing.F) {
	for _, d := range []*Document{(&filler{set: map[reflect.Type][]bool{}}).document(), zeroDocument()} {
		w := wire.NewWriter(nil)
		Encode(&w, d)
		f.Add(w.Data())
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r := wire.NewReader(data)
		d := Decode(&r)
		if r.End() != nil {
			return
		}
		w := wire.NewWriter(nil)
		if !Encode(&w, d) {
			t.Fatal("a decoded model does not encode")
		}
		r = wire.NewReader(w.Data())
		again := Decode(&r)
		if r.End() != nil || !reflect.DeepEqual(again, d) {
			t.Fatal("a decoded model encoded and decoded again differs")
		}
	})
}

// EncodeShared writes what Encode writes but an image's file, which it
// numbers: DecodeShared gives back the model with the very files it was
// given, each as often as it was shown, and a number it was not given
// is damage.
func TestWireSharedAssets(t *testing.T) {
	f := &filler{set: map[reflect.Type][]bool{}}
	d := f.document()
	var images []*Image
	InspectDocument(d, func(n any) bool {
		if im, ok := n.(*Image); ok {
			images = append(images, im)
		}
		return true
	})
	if len(images) < 3 {
		t.Fatalf("the filled model has %d images", len(images))
	}
	shared := &Asset{Path: "shared.png", Data: make([]byte, 4096)}
	images[0].Asset, images[2].Asset = shared, shared
	images[1].Asset = nil
	assets := []*Asset{{Path: "given before"}}
	w := wire.NewWriter(nil)
	if !EncodeShared(&w, d, &assets) {
		t.Fatal("EncodeShared refused the filled model")
	}
	if assets[0].Path != "given before" || !slices.Contains(assets, shared) {
		t.Fatalf("assets %v: the one given must stay first, the shared one be added", assets)
	}
	if n := len(assets); n != len(images)-1 { // the one given, the others less the repeat and the nil
		t.Errorf("%d assets numbered for %d images", n, len(images))
	}
	// The file's bytes, which Encode writes each time it is shown, are
	// not written.
	inline := wire.NewWriter(nil)
	Encode(&inline, d)
	if w.Len() > inline.Len()-2*len(shared.Data) {
		t.Errorf("%d bytes shared, %d written whole: the file's %d bytes are in the encoding", w.Len(), inline.Len(), len(shared.Data))
	}
	r := wire.NewReader(w.Data())
	got := DecodeShared(&r, assets)
	if err := r.End(); err != nil || got == nil {
		t.Fatalf("DecodeShared: %v", err)
	}
	if !reflect.DeepEqual(got, d) {
		t.Fatal("the model read back differs from the one written")
	}
	sameNotes(t, got, d)
	k := 0
	InspectDocument(got, func(n any) bool {
		if im, ok := n.(*Image); ok {
			if im.Asset != images[k].Asset {
				t.Errorf("image %d: file %p read back, %p written", k, im.Asset, images[k].Asset)
			}
			k++
		}
		return true
	})
	// Fewer files than the numbers name: a failure, not a panic.
	r = wire.NewReader(w.Data())
	if DecodeShared(&r, assets[:1]) != nil || r.Err() == nil {
		t.Error("a model naming files it was not given decoded")
	}
}

// AllBlocks numbers the blocks of every copy of a model alike.
func TestAllBlocks(t *testing.T) {
	d := (&filler{set: map[reflect.Type][]bool{}}).document()
	got, _ := roundTrip(t, d)
	want, blocks := AllBlocks(d), AllBlocks(got)
	if len(want) != len(blocks) || len(want) < len(blockTypes) {
		t.Fatalf("%d blocks in the copy, %d in the model", len(blocks), len(want))
	}
	n := 0
	InspectDocument(d, func(x any) bool {
		if b, ok := x.(Block); ok {
			if want[n] != b {
				t.Fatalf("block %d is not the %d-th block InspectDocument visits", n, n)
			}
			n++
		}
		return true
	})
	for i := range want {
		if !reflect.DeepEqual(want[i], blocks[i]) || want[i] == blocks[i] {
			t.Errorf("block %d of the copy is not a copy of the model's", i)
		}
	}
}
