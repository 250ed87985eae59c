package text

import (
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/warraq/warraq/fonts"
	"github.com/warraq/warraq/internal/cache/wire/wiretest"
)

// memoParagraphs exercise every part of a Block: Arabic justified with
// kashida, marks, mixed directions with isolates, links and decorations,
// mono, a character no font has, an empty paragraph.
func memoParagraphs() []Paragraph {
	long := strings.Repeat("وَكَانَ الوَرَّاقُ يَنْسَخُ الكُتُبَ فِي سُوقِ بَغْدَادَ، ", 6)
	return []Paragraph{
		{Spans: []Span{{Text: long, Style: Style{Size: 11}}}, Dir: RTL, Lang: "ar", Align: Justify, Kashida: true, Indent: 11},
		{Spans: []Span{{Text: "نص ", Style: Style{Size: 11}}, {Text: "Warraq 2.0", Style: Style{Size: 11, Italic: true, Link: "https://example.org", Decor: Underline}},
			{Text: " ونص", Style: Style{Size: 11, Bold: true, Color: [3]float64{0.5, 0, 0}, Rise: 2, Tag: 3}}},
			Dir: RTL, Lang: "ar", Align: Start, Isolates: []Isolate{{Start: 6, End: 16, Dir: LTR}}},
		{Spans: []Span{{Text: "code() \U0001F9FF \U000E0100", Style: Style{Role: Mono, Size: 9}}}, Dir: LTR, Lang: "en", Align: Center, Balance: true},
		{Spans: []Span{{Text: "", Style: Style{Size: 11}}}, Dir: RTL, Lang: "ar"},
	}
}

// A layout that went through the memo's encoding is the layout: every
// field, the face pointers and the glyphs' reading order included.
func TestMemoRoundTrip(t *testing.T) {
	e := newTestEngine(t)
	m := NewMemo()
	var want []Block
	for _, p := range memoParagraphs() {
		for _, w := range []float64{120, 300} {
			want = append(want, m.Layout(e, p, w))
		}
	}
	var missing, kashidas, marks int
	for _, b := range want {
		missing += len(b.Missing)
		for _, l := range b.Lines {
			for _, r := range l.Runs {
				kashidas += len(r.Kashidas)
				for _, g := range r.Glyphs {
					if g.Mark {
						marks++
					}
				}
			}
		}
	}
	if missing == 0 || kashidas == 0 || marks == 0 {
		t.Fatalf("the paragraphs do not exercise the codec: %d missing, %d kashidas, %d marks", missing, kashidas, marks)
	}
	if m.Hits() != 0 || m.Misses() != len(want) || !m.Changed() {
		t.Fatalf("a fresh memo: %d hits, %d misses", m.Hits(), m.Misses())
	}
	back, err := DecodeMemo(e, m.Encode(e))
	if err != nil {
		t.Fatal(err)
	}
	i := 0
	for _, p := range memoParagraphs() {
		for _, w := range []float64{120, 300} {
			got := back.Layout(e, p, w)
			if g, w := dump(got), dump(want[i]); g != w {
				t.Errorf("paragraph %d: the memo gave\n%s\nwant\n%s", i, g, w)
			}
			i++
		}
	}
	if back.Hits() != len(want) || back.Misses() != 0 || back.Changed() {
		t.Errorf("a full memo: %d hits, %d misses, changed %v", back.Hits(), back.Misses(), back.Changed())
	}
	// Another width is another layout.
	back.Layout(e, memoParagraphs()[0], 200)
	if back.Misses() != 1 || !back.Changed() {
		t.Errorf("a new width: %d misses", back.Misses())
	}
	// A layout not asked for again is dropped, and the memo changed.
	fewer, _ := DecodeMemo(e, m.Encode(e))
	fewer.Layout(e, memoParagraphs()[0], 120)
	if !fewer.Changed() {
		t.Error("a memo that lost layouts did not change")
	}
	again, _ := DecodeMemo(e, fewer.Encode(e))
	if len(again.prior) != 1 {
		t.Errorf("%d layouts kept, want 1", len(again.prior))
	}
}

// dump prints a block with every field, unexported ones included; nil and
// empty slices print alike, as they lay out alike.
func dump(b Block) string { return fmt.Sprintf("%+v", b) }

// A truncated or damaged memo is an error, never a panic, a wrong block
// from a cut entry, or an allocation much larger than the entry; so is a
// damaged line (the PDF's skeleton keeps its running heads as lines).
func TestMemoDecodeDamaged(t *testing.T) {
	e := newTestEngine(t)
	m := NewMemo()
	for _, p := range memoParagraphs() {
		m.Layout(e, p, 200)
	}
	data := m.Encode(e)
	bad := append([]byte(nil), data...)
	bad[0] = 99
	if _, err := DecodeMemo(e, bad); err == nil {
		t.Error("a memo of another version decoded")
	}
	// A glyph is 48 bytes in memory and eight or more encoded; a line's
	// glyphs about ten each.
	accepted := wiretest.Decode(t, data, 64, true, func(d []byte) error {
		_, err := DecodeMemo(e, d)
		return err
	})
	t.Logf("%d bytes of memo; %d changed ones decoded", len(data), accepted)

	lw := NewLineWriter(e)
	blk := e.Layout(memoParagraphs()[1], 300)
	if !lw.Append(&blk.Lines[0]) {
		t.Fatal("a line of the engine's own faces was refused")
	}
	line := append([]byte(nil), lw.Bytes()...)
	if l, err := DecodeLine(e, line); err != nil || dump(Block{Lines: []Line{*l}}) != dump(Block{Lines: blk.Lines[:1]}) {
		t.Fatalf("the line did not come back: %v", err)
	}
	wiretest.Decode(t, line, 64, true, func(d []byte) error {
		_, err := DecodeLine(e, d)
		return err
	})
	// Two lines where one was written.
	lw.Append(&blk.Lines[0])
	if _, err := DecodeLine(e, lw.Bytes()); err == nil {
		t.Error("two lines decoded as one")
	}
}

// Every field of a paragraph is in its key: change any one and the key
// changes. A field of a kind the key cannot hold would panic here.
func TestMemoKeyCoversParagraph(t *testing.T) {
	base := memoParagraphs()[1]
	k0 := paragraphKey(&base, 100)
	if k := paragraphKey(&base, 101); k == k0 {
		t.Error("the width is not in the key")
	}
	var visit func(path string, v reflect.Value)
	n := 0
	visit = func(path string, v reflect.Value) {
		switch v.Kind() {
		case reflect.Struct:
			for i := range v.NumField() {
				visit(path+"."+v.Type().Field(i).Name, v.Field(i))
			}
			return
		case reflect.Slice:
			if v.Len() == 0 {
				t.Fatalf("%s: give the test paragraph one element", path)
			}
			visit(path+"[0]", v.Index(0))
			return
		case reflect.Array:
			visit(path+"[0]", v.Index(0))
			return
		}
		old := reflect.ValueOf(v.Interface())
		switch v.Kind() {
		case reflect.String:
			v.SetString(v.String() + "x")
		case reflect.Bool:
			v.SetBool(!v.Bool())
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			v.SetInt(v.Int() + 1)
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
			v.SetUint(v.Uint() + 1)
		case reflect.Float32, reflect.Float64:
			v.SetFloat(v.Float() + 0.5)
		default:
			t.Fatalf("%s: a %s in a paragraph", path, v.Kind())
		}
		n++
		if paragraphKey(&base, 100) == k0 {
			t.Errorf("%s is not in the key", path)
		}
		v.Set(old)
		if paragraphKey(&base, 100) != k0 {
			t.Fatalf("%s: restoring it does not restore the key", path)
		}
	}
	visit("Paragraph", reflect.ValueOf(&base).Elem())
	if n < 20 {
		t.Errorf("only %d fields visited", n)
	}
}

// The memo's codec writes each field of the types a Block is made of; a
// field added to one of them must be added to the codec (memo.go) and
// counted here, or a cached layout would come back without it.
func TestMemoCodecCoversBlock(t *testing.T) {
	for _, tc := range []struct {
		v      any
		fields int
	}{
		{Block{}, 2}, {Line{}, 6}, {Run{}, 5}, {Glyph{}, 8}, {Kashida{}, 5}, {MissingRune{}, 3}, {Style{}, 11},
	} {
		if n := reflect.TypeOf(tc.v).NumField(); n != tc.fields {
			t.Errorf("%T has %d fields, the memo's codec writes %d", tc.v, n, tc.fields)
		}
	}
}

// TestFingerprintHashesContents: the fingerprint of a font set of embedded
// faces, which takes their sums from fonts.Digest, is the one hashing every
// face's bytes gives, so the cache keys it is part of are those of builds
// that hashed them; a face read from a file is hashed.
func TestFingerprintHashesContents(t *testing.T) {
	want := func(fs *FontSet) [32]byte {
		h := sha256.New()
		for _, f := range fs.Faces() {
			fmt.Fprintf(h, "%s\x00%s\x00%d\x00%x\n", f.Family, f.Name, f.Style, sha256.Sum256(f.Data))
		}
		var out [32]byte
		copy(out[:], h.Sum(nil))
		return out
	}
	fs, err := NewFontSet("", "", "", "")
	if err != nil {
		t.Fatal(err)
	}
	if got, w := fs.Fingerprint(), want(fs); got != w {
		t.Errorf("embedded faces: fingerprint %x, their bytes hash to %x", got, w)
	}
	dir := t.TempDir()
	data, _, _ := mustFamily(t, "Noto Sans").Face(fonts.Regular)
	if err := os.WriteFile(filepath.Join(dir, "Mine.ttf"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	mine, err := NewFontSet("Mine.ttf", "", "", dir)
	if err != nil {
		t.Fatal(err)
	}
	if got, w := mine.Fingerprint(), want(mine); got != w || got == fs.Fingerprint() {
		t.Errorf("a face from a file: fingerprint %x, want %x (and not the embedded set's)", got, w)
	}
}

// A face's Digest is its file's SHA-256 sum, embedded (from the table) or
// read from a file (hashed).
func TestFaceDigest(t *testing.T) {
	fs, err := NewFontSet("", "", "", "")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fs.Faces() {
		if got, want := f.Digest(), sha256.Sum256(f.Data); got != want {
			t.Errorf("%s: Digest %x, sum %x", f.Name, got, want)
		}
	}
	data, _, _ := mustFamily(t, "Noto Sans").Face(fonts.Bold)
	f, err := newFace(data, "file.ttf", fonts.Regular)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := f.Digest(), sha256.Sum256(data); got != want {
		t.Errorf("a face from a file: Digest %x, sum %x", got, want)
	}
}
