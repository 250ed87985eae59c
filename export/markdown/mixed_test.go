package markdown

import (
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/warraq/warraq/export/doc"
)

// TestMixedScripts: what the mixed-script pass makes of each kind of
// left-to-right token in right-to-left text (and the other way round), of
// names with their versions, and of quotation marks, in the model every
// format renders. span dir=ltr is an isolate; nobreak keeps a line from
// breaking inside.
func TestMixedScripts(t *testing.T) {
	for _, tc := range []struct{ lang, src, want string }{
		{`ar`, `لغة C++ قديمة`, `p "لغة " span dir=ltr("C++") " قديمة"`},
		{`ar`, `لغة C# جديدة`, `p "لغة " span dir=ltr("C#") " جديدة"`},
		{`ar`, `منصة .NET هنا`, `p "منصة " span dir=ltr(".NET") " هنا"`},
		{`ar`, `مكتبة Node.js للخادم`, `p "مكتبة " span dir=ltr("Node.js") " للخادم"`},
		{`ar`, `راسلني على salma@example.org الآن`, `p "راسلني على " link<mailto:salma@example.org>(span dir=ltr("salma@example.org")) " الآن"`},
		{`ar`, `زر https://example.org/a?b=1. ثم`, `p "زر " link<https://example.org/a?b=1>(span dir=ltr("https://example.org/a?b=1")) ". ثم"`},
		{`ar`, `الرابط www.example.org/path/to/page_1 مهم`, `p "الرابط " link<http://www.example.org/path/to/page_1>(span dir=ltr("www.example.org/path/to/page_1")) " مهم"`},
		{`ar`, `وسم #AI و@warraq`, `p "وسم " span dir=ltr("#AI") " و" span dir=ltr("@warraq")`},
		{`ar`, `بين EPUB وPDF`, `p "بين " span dir=ltr("EPUB") " و" span dir=ltr("PDF")`},
		{`ar`, `بين C++، وJava، وGo`, `p "بين " span dir=ltr("C++") "، و" span dir=ltr("Java") "، و" span dir=ltr("Go")`},
		{`ar`, `The New York Times صحيفة`, `p span dir=ltr("The New York Times") " صحيفة"`},
		{`ar`, `الدالة f(x) = 2x + 1 معروفة`, `p "الدالة " span dir=ltr("f(x) = 2x + 1") " معروفة"`},
		{`ar`, `(GPT-4o) نموذج`, `p "(" span dir=ltr nobreak("GPT-4o") ") نموذج"`},
		{`ar`, `مكتبة HarfBuzz (المشكّل) مهمة`, `p "مكتبة " span dir=ltr("HarfBuzz") " (المشكّل) مهمة"`},
		{`ar`, "كتب `fmt.Println(\"x\")` في Go", `p "كتب " code("fmt.Println(\"x\")") " في " span dir=ltr("Go")`},
		{`ar`, `كلمة עברית داخل العربية`, `p "كلمة עברית داخل العربية"`},
		{`ar`, `نص <span dir="ltr">C++ و "Hello world"</span> هنا`, `p "نص " span dir=ltr("C++ " span dir=rtl("و") " “Hello world”") " هنا"`},
		{`en`, `The word كتاب 2 times`, `p "The word " span dir=rtl("كتاب") " 2 times"`},
		{`en`, `In 2025 we used Python 3 and the word قلم, كتاب (2 كتب) here.`, `p "In 2025 we used " span nobreak("Python 3") " and the word " span dir=rtl("قلم, كتاب (2 كتب)") " here."`},
		{`ar`, `النسبة 37.5% فقط`, `p "النسبة 37.5% فقط"`},
		{`ar`, `التاريخ 2025/03/15 و2025-03-15`, `p "التاريخ 2025/03/15 و" span dir=ltr nobreak("2025-03-15")`},
		{`ar`, `الساعة 10:30 صباحًا`, `p "الساعة 10:30 صباحًا"`},
		{`ar`, `العنوان 192.168.1.1 محلي`, `p "العنوان 192.168.1.1 محلي"`},
		{`ar`, `الإصدار 1.26.3 أحدث`, `p "الإصدار 1.26.3 أحدث"`},
		{`ar`, `سعة 16 GB فقط`, `p "سعة 16 " span dir=ltr("GB") " فقط"`},
		{`ar`, `الرقم +966-50-123-4567 للاتصال`, `p "الرقم " span dir=ltr nobreak("+966-50-123-4567") " للاتصال"`},
		{`ar`, `درجة -5 تحت الصفر`, `p "درجة " span dir=ltr nobreak("-5") " تحت الصفر"`},
		{`ar`, `من 1990–2000 ومن 1990-2000`, `p "من 1990–2000 ومن " span nobreak("1990-2000")`},
		{`ar`, `معمارية x86-64 شائعة`, `p "معمارية " span dir=ltr nobreak("x86-64") " شائعة"`},
		{`ar`, `الملف /etc/hosts مهم`, `p "الملف " span dir=ltr nobreak("/etc/hosts") " مهم"`},
		{`ar`, `الإصدار Go 1.26 جديد`, `p "الإصدار " span dir=ltr nobreak("Go 1.26") " جديد"`},
		{`ar`, `نموذج DeepSeek R1 وQwQ-32B وGPT-4o`, `p "نموذج " span dir=ltr nobreak("DeepSeek R1") " و" span dir=ltr nobreak("QwQ-32B") " و" span dir=ltr nobreak("GPT-4o")`},
		{`ar`, `هاتف iPhone 16 Pro جديد`, `p "هاتف " span dir=ltr nobreak("iPhone 16 Pro") " جديد"`},
		{`ar`, `نظام Windows 11 ثم`, `p "نظام " span dir=ltr nobreak("Windows 11") " ثم"`},
		{`ar`, `منفذ USB-C فقط`, `p "منفذ " span dir=ltr nobreak("USB-C") " فقط"`},
		{`ar`, `نموذج DeepSeek / R1 هنا`, `p "نموذج " span dir=ltr nobreak("DeepSeek / R1") " هنا"`},
		{`ar`, `يعمل iPhone 16 (Pro) جيدا`, `p "يعمل " span dir=ltr(span nobreak("iPhone 16") " (Pro)") " جيدا"`},
		{`ar`, `**Go** 1.26 و[Node.js](https://nodejs.org) 20`, `p span dir=ltr nobreak(strong("Go") " 1.26") " و" span dir=ltr nobreak(link<https://nodejs.org>("Node.js") " 20")`},
		{`ar`, `استخدمت Python 3 مرات`, `p "استخدمت " span dir=ltr nobreak("Python 3") " مرات"`},
		{`ar`, `مسار C:\Windows\System32 و~/.config/warraq`, `p "مسار " span dir=ltr nobreak("C:\\Windows\\System32") " و" span dir=ltr nobreak("~/.config/warraq")`},
		{`ar`, `الإصدار v1.2.3-beta.1 صدر`, `p "الإصدار " span dir=ltr nobreak("v1.2.3-beta.1") " صدر"`},
		{`ar`, `شريحة Apple M3 Max وNvidia H100 وAMD Ryzen 9 7950X`, `p "شريحة " span dir=ltr nobreak("Apple M3 Max") " و" span dir=ltr nobreak("Nvidia H100") " و" span dir=ltr("AMD " span nobreak("Ryzen 9") " 7950X")`},
		{`en`, `She said "it's 'fine'" and left; the Smiths' car. Version Go 1.26 and iPhone 16 Pro.`, `p "She said “it’s ‘fine’” and left; the Smiths’ car. Version " span nobreak("Go 1.26") " and " span nobreak("iPhone 16 Pro") "."`},
		{`ar`, `"كلمة" و“أخرى” و'ثالثة'`, `p "«كلمة» و«أخرى» و«ثالثة»"`},
		{`ar`, `«قال "نعم" ثم»`, `p "«قال “نعم” ثم»"`},
		{`ar`, `قال “Hello”`, `p "قال «" span dir=ltr("Hello") "»"`},
		{`ar`, `قال: "Hello, world" ثم مضى`, `p "قال: " span dir=ltr("“Hello, world”") " ثم مضى"`},
		{`ar`, `قال "The word كتاب means book" ثم`, `p "قال " span dir=ltr("“The word " span dir=rtl("كتاب") " means book”") " ثم"`},
		{`ar`, `قال «هذا “C++” و“Go”» ثم`, `p "قال «هذا “" span dir=ltr("C++") "” و“" span dir=ltr("Go") "”» ثم"`},
		{`ar`, `قال: 'The quick brown fox' انتهى`, `p "قال: " span dir=ltr("“The quick brown fox”") " انتهى"`},
		{`ar`, `قال <span lang="fr">"Bonjour tout le monde"</span> ثم`, `p "قال " span lang=fr(span dir=ltr("“Bonjour tout le monde”")) " ثم"`},
		{`ar`, `قال "He said 'yes' to me" ثم`, `p "قال " span dir=ltr("“He said ‘yes’ to me”") " ثم"`},
		{`ar`, `قال don't و O'Reilly`, `p "قال " span dir=ltr("don’t") " و " span dir=ltr("O’Reilly")`},
		{`ar`, `و"باز" و'x'`, `p "و«باز» و«" span dir=ltr("x") "»"`},
		{`fa`, `گفت "سلام" و 'The End of It' بود`, `p "گفت «سلام» و " span dir=ltr("“The End of It”") " بود"`},
		{`he`, `הוא אמר "שלום" ו-'כן' וגם "Hello there friend" וצה"ל`, `p "הוא אמר „שלום” ו-‚כן’ וגם " span dir=ltr("“Hello there friend”") " וצה\"ל"`},
		{`en`, `A well-known USB-C port and /etc/hosts`, `p "A well-known " span nobreak("USB-C") " port and " span nobreak("/etc/hosts")`},
		{`en`, `Say "مرحبا" twice`, `p "Say “" span dir=rtl("مرحبا") "” twice"`},
	} {
		r := Read(Source{File: "a.md", Text: []byte(tc.src), Line: 1, Lang: tc.lang})
		if got := strings.TrimSpace(dump(r.Doc)); got != tc.want {
			t.Errorf("%s %s:\n got %s\nwant %s", tc.lang, tc.src, got, tc.want)
		}
	}
}

// TestMixedKeepsTheWords: the pass changes quotation marks and nothing
// else a reader could copy, and running it again changes nothing.
func TestMixedKeepsTheWords(t *testing.T) {
	srcs := []string{
		"نموذج DeepSeek R1 وQwQ-32B في C++ و.NET عبر https://example.org/x. ثم 2025-03-15.",
		"قال \"The word كتاب means book\" و'نعم' ثم **Go** 1.26 و[Node.js](https://nodejs.org) 20.",
		"| C++ | Go 1.26 |\n|---|---|\n| x86-64 | «نص» |\n\n> iPhone 16 Pro مع `code` وH<sub>2</sub>O[^1]\n\n[^1]: حاشية USB-C.",
		"The word كتاب 2 times, \"quoted\" and 'single'.",
	}
	marks := strings.NewReplacer("\"", "", "'", "", "“", "", "”", "", "‘", "", "’", "", "«", "", "»", "", "‹", "", "›", "", "„", "", "‚", "")
	for _, src := range srcs {
		for _, lang := range []string{"ar", "en", "he"} {
			s := Source{File: "a.md", Text: []byte(src), Line: 1, Lang: lang}
			plain := lower(s).Doc
			d := Read(s).Doc
			if a, b := marks.Replace(allText(plain)), marks.Replace(allText(d)); a != b {
				t.Errorf("%s %q: the pass changed the text:\n%s\n%s", lang, src, a, b)
			}
			once := dump(d)
			mixScripts(d, lang)
			if twice := dump(d); twice != once {
				t.Errorf("%s %q: a second pass changed the model:\n%s\n%s", lang, src, once, twice)
			}
		}
	}
}

func allText(d *doc.Document) string {
	var b strings.Builder
	doc.InspectDocument(d, func(n any) bool {
		if t, ok := n.(*doc.Text); ok {
			b.WriteString(t.Text)
		}
		return true
	})
	return b.String()
}

// BenchmarkMixScripts measures the pass alone on a long paragraph with
// Latin words, a model name and a quotation in every sentence (the shape
// of the hostile-input test's paragraph).
func BenchmarkMixScripts(b *testing.B) {
	src := Source{File: "a.md", Text: []byte(strings.Repeat("كلمة عربية وword لاتينية ونموذج GPT-4o و«نص» ", 2000)), Line: 1, Lang: "ar"}
	b.SetBytes(int64(len(src.Text)))
	for b.Loop() {
		b.StopTimer()
		d := lower(src).Doc
		b.StartTimer()
		mixScripts(d, "ar")
		if len(d.Blocks[0].(*doc.Paragraph).Content) < 2000 {
			b.Fatal("nothing isolated")
		}
	}
}

// FuzzMixScripts: on any input the pass keeps every character a reader
// could copy (only quotation marks may change), keeps inlines it did not
// make where they were, and a second pass changes nothing.
func FuzzMixScripts(f *testing.F) {
	for _, s := range []string{
		"نموذج DeepSeek R1 وQwQ-32B في C++ و.NET عبر https://example.org/x. ثم 2025-03-15.",
		"قال \"The word كتاب means book\" و'نعم' ثم **Go** 1.26 و[Node.js](https://nodejs.org) 20.",
		"The word كتاب 2 times, \"quoted\" and 'single'. iPhone 16 (Pro) f(x",
		"<span dir=\"ltr\">C++ و \"Hello world\"</span> `code` H<sub>2</sub>O[^1]\n\n[^1]: USB-C.",
		"«قال “C++” و‹Go›» ' \" „x‟ ‚y‛ )GPT-4o( 12-15 +966-50-1 -5 ~/.config C:\\x @a #b",
	} {
		f.Add(s, "ar")
		f.Add(s, "en")
	}
	marks := strings.NewReplacer("\"", "", "'", "", "“", "", "”", "", "‘", "", "’", "", "«", "", "»", "", "‹", "", "›", "", "„", "", "‚", "", "‟", "", "‛", "")
	f.Fuzz(func(t *testing.T, src, lang string) {
		s := Source{File: "a.md", Text: []byte(src), Line: 1, Lang: lang}
		plain := lower(s).Doc
		d := Read(s).Doc
		if a, b := marks.Replace(allText(plain)), marks.Replace(allText(d)); a != b {
			t.Fatalf("the pass changed the text:\n%q\n%q", a, b)
		}
		once := dump(d)
		mixScripts(d, lang)
		if twice := dump(d); twice != once {
			t.Fatalf("a second pass changed the model:\n%s\n%s", once, twice)
		}
	})
}

// The tokenizer passes over a character past ASCII that is neither a
// left-to-right letter or digit nor a minus sign without asking whether a
// token or a URL begins there (tokens): none may. And isMark, which the
// tokenizer asks for every character before a token, answers as
// unicode.IsMark.
func TestTokenStartsPastASCII(t *testing.T) {
	for r := rune(utf8.RuneSelf); r <= unicode.MaxRune; r++ {
		if isMark(r) != unicode.IsMark(r) {
			t.Fatalf("isMark(%U) = %v", r, isMark(r))
		}
		if r == '−' || isAlnumLTR(r) {
			continue
		}
		u := &unit{r: []rune{' ', r, 'w', 'w', 'w', '.', 'a', 'b', ' '}}
		if u.tokenStart(1, len(u.r)) {
			t.Fatalf("a token starts at %U", r)
		}
		if _, ok := u.urlAt(1, len(u.r)); ok {
			t.Fatalf("a URL starts at %U", r)
		}
	}
}

// squeeze takes valid text byte by byte and text that is not valid UTF-8
// rune by rune; both write each run of white space as one space, none
// after a space, and U+FFFD for each byte that is not UTF-8.
func TestSqueeze(t *testing.T) {
	for _, tc := range []struct {
		s         string
		space     bool
		want      string
		wantSpace bool
	}{
		{"كتاب قديم", false, "كتاب قديم", false},
		{"كتاب قديم ", false, "كتاب قديم ", true},
		{" كتاب", true, "كتاب", false},
		{" كتاب", false, " كتاب", false},
		{"a  b\t\nc\f", false, "a b c ", true},
		{"\n\n", true, "", true},
		{"ab", true, "ab", false},
		{"a\xffb  c", false, "a\ufffdb c", false},
		{"\xff", false, "\xff", false}, // no white space: as it is
	} {
		space := tc.space
		if got := squeeze(tc.s, &space); got != tc.want || space != tc.wantSpace {
			t.Errorf("squeeze(%q, %v) = %q, %v; want %q, %v", tc.s, tc.space, got, space, tc.want, tc.wantSpace)
		}
	}
}

// scanWhite finds in one reading what squeeze asked of strings.ContainsAny,
// utf8.ValidString and a reading of the spaces.
func TestScanWhite(t *testing.T) {
	parts := []string{"", " ", "  ", "\t", "\n", "\r\n", "\f", "a", "كتاب", "é", "€", "𝄞",
		"\xff", "\xc3", "\xe2\x82", "\xed\xa0\x80", "\xc0\xaf", "\uFFFD", "\u00a0"}
	single := func(s string, space bool) bool { // squeezed, as it was
		for i := 0; i < len(s); i++ {
			switch s[i] {
			case ' ':
				if space {
					return false
				}
				space = true
			case '\t', '\n', '\r', '\f':
				return false
			default:
				space = false
			}
		}
		return true
	}
	for _, a := range parts {
		for _, b := range parts {
			for _, c := range parts {
				s := a + b + c
				for _, space := range []bool{false, true} {
					w, v, sg := scanWhite(s, space)
					if w != strings.ContainsAny(s, " \t\n\r\f") || v != utf8.ValidString(s) || sg != single(s, space) {
						t.Errorf("scanWhite(%q, %v) = %v, %v, %v", s, space, w, v, sg)
					}
				}
			}
		}
	}
}

// flatten's summaries of a unit are those of its characters: classes the
// classes of them all, joiner whether one is a hyphen, a slash or a
// backslash, markAt where the quotation marks are (the keys of marks, in
// order), whatever characters, objects and line breaks the unit holds.
func TestFlattenSummaries(t *testing.T) {
	var texts []string
	for lo := rune(0); lo < 0x2200; lo += 37 {
		var b strings.Builder
		for r := lo; r < lo+37; r++ {
			b.WriteRune(r)
		}
		texts = append(texts, b.String())
	}
	texts = append(texts, "\xff\xc2a\xe2\x80", "𝔸«a»", "Go-1/2\\x", "كتاب", "١٢", "‹›‘’‚‛“”„‟")
	m := &mixer{}
	for i, s := range texts {
		in := []doc.Inline{
			&doc.Text{Text: s},
			&doc.Span{Kind: doc.Emph, Content: []doc.Inline{&doc.Text{Text: texts[(i*7)%len(texts)]}}},
			&doc.Break{},
			&doc.Span{Kind: doc.Code, Content: []doc.Inline{&doc.Text{Text: "x-y"}}},
		}
		for k := range 3 {
			u := m.flatten(in[:k+2])
			var classes uint8
			joiner := false
			for _, r := range u.r {
				classes |= class(r)
				joiner = joiner || r == '-' || r == '/' || r == '\\'
			}
			var keys []int
			for at := range u.marks {
				keys = append(keys, at)
			}
			sort.Ints(keys)
			if u.classes != classes || u.joiner != joiner || !slices.Equal(u.markAt, keys) {
				t.Fatalf("%q: classes %b joiner %v marks %v; the characters say %b %v %v", string(u.r), u.classes, u.joiner, u.markAt, classes, joiner, keys)
			}
			for _, at := range keys {
				if !isQuoteMark(u.r[at]) {
					t.Fatalf("%q: %q at %d is no quotation mark", string(u.r), u.r[at], at)
				}
			}
			for at, r := range u.r {
				if _, ok := u.marks[at]; isQuoteMark(r) && !ok && r != objectRune {
					t.Fatalf("%q: the quotation mark %q at %d is not listed", string(u.r), r, at)
				}
			}
		}
	}
}

// tokens passes over the characters canStartToken refuses, looked up in
// startsToken below U+0800: at none of them, ASCII included, may a token
// or a URL begin, whatever follows.
func TestTokensPassOverWhatCannotStartOne(t *testing.T) {
	refused := 0
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if r < lowRunes && startsToken[r] != canStartToken(r) {
			t.Fatalf("startsToken[%U] = %v", r, startsToken[r])
		}
		if canStartToken(r) || r >= 0x3000 && r%97 != 0 {
			continue
		}
		refused++
		for _, after := range []string{"www.ab", "ab", "1.5", "-5", "/x", "C++"} {
			u := &unit{r: append([]rune{' ', r}, []rune(after+" ")...)}
			if u.tokenStart(1, len(u.r)) {
				t.Fatalf("a token starts at %U before %q", r, after)
			}
			if _, ok := u.urlAt(1, len(u.r)); ok {
				t.Fatalf("a URL starts at %U before %q", r, after)
			}
		}
	}
	if refused < 1000 || !canStartToken('a') || !canStartToken('#') || canStartToken(' ') {
		t.Fatalf("canStartToken refuses %d characters", refused)
	}
}

// cutAt cuts a text at characters as ranging over it counts them, bytes
// that are not UTF-8 one character each: every cut of texts of every kind
// of character gives the pieces ranging gives.
func TestCutTextAt(t *testing.T) {
	m := &mixer{}
	for _, s := range []string{"كتب الورّاق", "ab\xffc\xc2d\xe2\x80e", "𝔸«Go 1.26»ـ", "a", "\xd8\xd8\xa7x"} {
		var offs []int // where each character starts
		for off := range s {
			offs = append(offs, off)
		}
		n := len(offs)
		for set := range 1 << (n - 1) { // every set of cuts strictly inside
			var at []int
			for c := 1; c < n; c++ {
				if set&(1<<(c-1)) != 0 {
					at = append(at, c)
				}
			}
			var want []string
			start := 0
			for _, c := range at {
				want = append(want, s[start:offs[c]])
				start = offs[c]
			}
			want = append(want, s[start:])
			var got []string
			for _, p := range m.cutAt(&doc.Text{Text: s}, at) {
				got = append(got, p.(*doc.Text).Text)
			}
			if !slices.Equal(got, want) {
				t.Fatalf("cutAt(%q, %v) = %q, want %q", s, at, got, want)
			}
		}
	}
}
