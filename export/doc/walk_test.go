package doc

import (
	"reflect"
	"testing"
	"unicode"
	"unicode/utf8"
)

// IsSpace (counting words, the XHTML writer, the EPUB's page reader) asks
// unicode.IsSpace nothing between Latin-1 and U+1680, the first space
// character after it; it must answer as unicode.IsSpace everywhere.
func TestNoSpaceBetweenLatin1AndOgham(t *testing.T) {
	for r := rune(-1); r <= unicode.MaxRune+1; r++ {
		if IsSpace(r) != unicode.IsSpace(r) {
			t.Fatalf("IsSpace(%U) = %v", r, IsSpace(r))
		}
	}
	for r := rune(0x100); r < 0x1680; r++ {
		if unicode.IsSpace(r) {
			t.Fatalf("%U is white space", r)
		}
	}
	if !unicode.IsSpace(0x1680) {
		t.Fatal("U+1680 is not white space")
	}
}

func TestCountWords(t *testing.T) {
	for _, tc := range []struct {
		s    string
		want int
	}{
		{"", 0},
		{"كتب الورّاق  كتابًا.", 3},
		{"«قال» — نعم", 2},
		{"a\u00a0b\u1680c\u2003d\u3000e\u0085f", 6},
		{"Go 1.26 و ٢٠٢٥", 4},
		{"... — !", 0},
	} {
		if got := CountWords(tc.s); got != tc.want {
			t.Errorf("CountWords(%q) = %d, want %d", tc.s, got, tc.want)
		}
	}
}

// Chars gives each character once, in the order of its first use, at the
// line of that use (a code block's line for each of its lines), notes
// included; the alternative texts' characters apart, without those the
// text has; bytes that are not UTF-8 as U+FFFD.
func TestChars(t *testing.T) {
	d := &Document{
		Blocks: []Block{
			&Paragraph{Pos: Pos{Line: 3}, Content: []Inline{
				&Text{Pos: Pos{Line: 3}, Text: "بب ا"},
				&Image{Pos: Pos{Line: 3}, Alt: "اجz"},
			}},
			&CodeBlock{Pos: Pos{Line: 5}, Text: "ab\nac\n\xff𝔸a𝔸"},
		},
		Notes: []*Note{{Pos: Pos{Line: 9}, Number: 1, Blocks: []Block{
			&Paragraph{Pos: Pos{Line: 9}, Content: []Inline{&Text{Pos: Pos{Line: 9}, Text: "د ب"}}},
		}}},
	}
	text, alt := Chars(d)
	want := []CharUse{{'ب', 3}, {' ', 3}, {'ا', 3}, {'a', 5}, {'b', 5}, {'c', 6}, {'\uFFFD', 7}, {'𝔸', 7}, {'د', 9}}
	if !reflect.DeepEqual(text, want) {
		t.Errorf("text = %v, want %v", text, want)
	}
	if want := []rune{'ج', 'z'}; !reflect.DeepEqual(alt, want) {
		t.Errorf("alt = %q, want %q", alt, want)
	}
	if text, alt := Chars(&Document{}); text != nil || alt != nil {
		t.Errorf("an empty document has characters: %v %q", text, alt)
	}
}

// Words counts a block's words in the text a reader sees, across the
// inlines it is made of: a word split by emphasis or a link is one word, a
// line break ends one, an image or a note reference between two runs of
// letters does not.
func TestWords(t *testing.T) {
	text := func(s string) *Text { return &Text{Text: s} }
	d := &Document{
		Blocks: []Block{
			// "كتاب قديم جدًا، Goو 2026": كتاب in three pieces is one word,
			// the image joins Go and و.
			&Paragraph{Content: []Inline{
				text("كت"), &Span{Kind: Emph, Content: []Inline{text("ا")}}, &Link{Content: []Inline{text("ب قديم")}},
				&Break{}, text("جدًا"), &NoteRef{}, text("، Go"), &Image{Alt: "صورة"}, text("و 2026"),
			}},
			&Heading{Content: []Inline{text("باب "), &Span{Kind: Strong, Content: []Inline{text("أول")}}}},
			&CodeBlock{Text: "x := 1\n// —"},
			&Verse{Stanzas: [][]*VerseLine{{{Hemistichs: [][]Inline{{text("على قدر")}, {text("أهل العزم")}}}}}},
			&Table{Head: []*Row{{Cells: []*Cell{{Content: []Inline{text("عمود")}}}}},
				Body: []*Row{{Cells: []*Cell{{Content: []Inline{text("١")}}, {Content: []Inline{text("—")}}}}}},
		},
		Notes: []*Note{{Number: 1, Blocks: []Block{&Paragraph{Content: []Inline{text("حاشية"), text("قصيرة")}}}}},
	}
	// paragraph, heading, code, verse, table, note (its two texts run together)
	if got, want := Words(d), 5+2+2+4+2+1; got != want {
		t.Errorf("Words = %d, want %d", got, want)
	}
	// Each block's words as CountWords counts its plain text.
	for _, b := range d.Blocks {
		if p, ok := b.(*Paragraph); ok {
			if got, want := Words(&Document{Blocks: []Block{p}}), CountWords(PlainText(p.Content)); got != want {
				t.Errorf("paragraph: Words = %d, CountWords(PlainText) = %d", got, want)
			}
		}
	}
}

// isAlnum, which counting words asks of every word's first character,
// answers as unicode.IsLetter || unicode.IsDigit.
func TestIsAlnum(t *testing.T) {
	for r := rune(-1); r <= unicode.MaxRune+1; r++ {
		if isAlnum(r) != (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			t.Fatalf("isAlnum(%U) = %v", r, isAlnum(r))
		}
	}
}

// decodeRune decodes as utf8.DecodeRuneInString does, bytes that are not
// UTF-8 included.
func TestDecodeRune(t *testing.T) {
	for _, s := range []string{"a", "ك", "\u07ff", "\u0800", "𝔸", "\xff", "\xc0\x80", "\xc2", "\xd8a", "\xdf\xbf", "\xe0\xa0\x80", "\xc1\xbf"} {
		r, n := decodeRune(s)
		wr, wn := utf8.DecodeRuneInString(s)
		if r != wr || n != wn {
			t.Errorf("decodeRune(%q) = %U, %d; want %U, %d", s, r, n, wr, wn)
		}
	}
}

// Counting words looks the characters below U+0800 up in lowWord: each
// must count as a space or a letter or digit as IsSpace and isAlnum say,
// alone and between two words.
func TestLowWord(t *testing.T) {
	for r := rune(0); r < lowWordRunes; r++ {
		if got, want := lowWord[r]&wordSpace != 0, unicode.IsSpace(r); got != want {
			t.Fatalf("lowWord[%U] space = %v", r, got)
		}
		if got, want := lowWord[r]&wordAlnum != 0, unicode.IsLetter(r) || unicode.IsDigit(r); got != want {
			t.Fatalf("lowWord[%U] alnum = %v", r, got)
		}
		want := 2 // "ab" and "cd", and r alone a word if it is a letter or digit
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			want = 3
		}
		s := "ab " + string(r) + " cd"
		if got := CountWords(s); got != want {
			t.Fatalf("CountWords(%q) = %d, want %d", s, got, want)
		}
	}
}

// Facts finds what Words and Chars find, on documents made of every kind
// of block and inline, with texts of every kind of character (spaces,
// Arabic, Latin, astral, bytes that are not UTF-8, line ends).
func TestFactsAsWordsAndChars(t *testing.T) {
	texts := []string{"", " ", "كتب الورّاق", "Go 1.26", "\xff\xc2", "𝔸 b", "a\nb\n\nc", "—", "\u00a0x\u3000y", "ـ٢٠"}
	seed := uint32(7)
	next := func(n int) int {
		seed = seed*1664525 + 1013904223
		return int(seed>>8) % n
	}
	line := 0
	var inlines func(depth int) []Inline
	inlines = func(depth int) []Inline {
		var out []Inline
		for range next(5) {
			line++
			switch k := next(7); {
			case k < 3:
				out = append(out, &Text{Pos: Pos{Line: line}, Text: texts[next(len(texts))]})
			case k == 3 && depth < 3:
				out = append(out, &Span{Kind: SpanKind(next(3)), Content: inlines(depth + 1)})
			case k == 4 && depth < 3:
				out = append(out, &Link{Content: inlines(depth + 1)})
			case k == 5:
				out = append(out, &Image{Alt: texts[next(len(texts))] + "ج"})
			default:
				out = append(out, &Break{}, &NoteRef{})
			}
		}
		return out
	}
	var blocks func(depth int) []Block
	blocks = func(depth int) []Block {
		var out []Block
		for range 1 + next(4) {
			line++
			var b Block
			switch next(12) {
			case 0:
				b = &Heading{Content: inlines(0)}
			case 1:
				b = &CodeBlock{Pos: Pos{Line: line}, Text: texts[next(len(texts))] + "\n" + texts[next(len(texts))]}
			case 2:
				if depth < 2 {
					b = &Quote{Blocks: blocks(depth + 1)}
				}
			case 3:
				b = &Verse{Stanzas: [][]*VerseLine{{{Hemistichs: [][]Inline{inlines(0), inlines(0)}}}}}
			case 4:
				if depth < 2 {
					b = &List{Items: []*Item{{Blocks: blocks(depth + 1)}, {Blocks: blocks(depth + 1)}}}
				}
			case 5:
				b = &Table{Head: []*Row{{Cells: []*Cell{{Content: inlines(0)}}}}, Body: []*Row{{Cells: []*Cell{{Content: inlines(0)}, {Content: inlines(0)}}}}}
			case 6:
				b = &Figure{Image: &Image{Alt: texts[next(len(texts))] + "ف"}, Caption: inlines(0)}
			case 7:
				b = &Rule{}
			case 8:
				if depth < 2 {
					b = &Div{Blocks: blocks(depth + 1)}
				}
			case 9:
				if depth < 2 {
					b = &DefList{Items: []*DefItem{{Term: inlines(0), Defs: [][]Block{blocks(depth + 1)}}}}
				}
			default:
				b = &Paragraph{Content: inlines(0)}
			}
			if b != nil {
				out = append(out, b)
			}
		}
		return out
	}
	sawWords, sawAlt := false, false
	for range 300 {
		d := &Document{Blocks: blocks(0), Notes: []*Note{{Number: 1, Blocks: blocks(1)}}}
		words, text, alt := Facts(d)
		wantText, wantAlt := Chars(d)
		if want := Words(d); words != want {
			t.Fatalf("Facts words = %d, Words = %d", words, want)
		}
		if !reflect.DeepEqual(text, wantText) || !reflect.DeepEqual(alt, wantAlt) {
			t.Fatalf("Facts chars = %v %q\nChars = %v %q", text, alt, wantText, wantAlt)
		}
		sawWords, sawAlt = sawWords || words > 3, sawAlt || len(alt) > 0
	}
	if !sawWords || !sawAlt {
		t.Fatal("the documents made hold too few words or alternative texts to compare")
	}
	if w, text, alt := Facts(nil); w != 0 || text != nil || alt != nil {
		t.Error("a nil document has facts")
	}
}
