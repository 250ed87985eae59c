package search

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

func TestFold(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"الذّكاء", "الذكاء"},    // shadda
		{"الذكـاء", "الذكاء"},    // tatweel
		{"الذَّكَاءُ", "الذكاء"}, // full harakat
		{"أحمد إبراهيم آمال", "احمد ابراهيم امال"},
		{"ٱلرحمن", "الرحمن"},         // alef wasla
		{"مؤمن شيئ", "مومن شيي"},     // hamza on waw and yeh
		{"مدرسة", "مدرسه"},           // ta marbuta
		{"على مستشفى", "علي مستشفي"}, // alef maqsura
		{"کتاب فارسی", "كتاب فارسي"}, // Persian keheh and yeh
		{"می‌خواهم", "ميخواهم"},      // ZWNJ
		{"ہے ھم", "هے هم"},           // Urdu he forms
		{"خانۀ", "خانه"},             // he with hamza
		{"٢٠٢٤ و۱۴۰۳", "2024 و1403"},
		{"שָׁלוֹם", "שלום"}, // niqqud
		{"Café ÉCOLE", "cafe ecole"},
		{"ΟΔΟΣ", "οδοσ"},
		{"\u200fنص\u200e", "نص"}, // bidi marks
	} {
		if got := Fold(tc.in); got != tc.want {
			t.Errorf("Fold(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestWordsAndStems(t *testing.T) {
	if got := strings.Join(Words("«الذكاء»، والكتاب: C++ و Go 1.26!"), "|"); got != "الذكاء|والكتاب|c|و|go|1|26" {
		t.Errorf("Words = %s", got)
	}
	for in, want := range map[string]string{
		"والكتاب": "والكتاب|كتاب",
		"للكتاب":  "للكتاب|كتاب",
		"الذكاء":  "الذكاء|ذكاء",
		"وكتب":    "وكتب|كتب",
		"بيت":     "بيت", // one letter particle needs three left
		"ولد":     "ولد",
		"ال":      "ال",
		"book":    "book",
	} {
		if got := strings.Join(Stems(in), "|"); got != want {
			t.Errorf("Stems(%s) = %s, want %s", in, got, want)
		}
	}
}

func testIndex() *Index {
	return Build("ar", []Doc{
		{URL: "a.html", Article: "عن الآلات", Text: "تحدّث الكاتب عن الذّكاء الاصطناعي في المدرسة."},
		{URL: "a.html#b", Article: "عن الآلات", Section: "الذكاء والناس", Text: "فصل ثان."},
		{URL: "c.html", Article: "مقالة أخرى", Text: "الذكـاء بالتطويل، وكتابٌ جديد على الرف."},
		{URL: "d.html", Article: "English", Text: "Artificial intelligence in 2024."},
	})
}

func TestSearch(t *testing.T) {
	ix := testIndex()
	docs := func(q string) []int {
		var out []int
		for _, r := range ix.Search(q, 0) {
			out = append(out, r.Doc)
		}
		return out
	}
	for _, tc := range []struct {
		q    string
		want []int
	}{
		// The heading's match ranks first; the others keep book order.
		{"الذكاء", []int{1, 0, 2}},
		{"الذّكاء", []int{1, 0, 2}},
		{"ذكاء", []int{1, 0, 2}},
		{"الذكـــاء", []int{1, 0, 2}},
		{"مدرسه", []int{0}},
		{"كتاب", []int{2}},
		{"علی", []int{2}},              // Persian yeh types alef maqsura
		{"الذكاء الاصطناعي", []int{0}}, // every word must match
		{"الاصط", []int{0}},            // a word being typed
		{"intelligence ٢٠٢٤", []int{3}},
		{"INTEL", []int{3}},
		{"غائب", nil},
		{"  ،  ", nil},
	} {
		if got := docs(tc.q); !slices.Equal(got, tc.want) {
			t.Errorf("Search(%q) = %v, want %v", tc.q, got, tc.want)
		}
	}
}

func TestIndexSortedForTheScript(t *testing.T) {
	ix := Build("en", []Doc{{URL: "x", Text: "b a \U0001F600x \uFB01y c"}})
	for i := 1; i < len(ix.Terms); i++ {
		if !utf16Less(ix.Terms[i-1], ix.Terms[i]) {
			t.Errorf("terms out of order: %q before %q", ix.Terms[i-1], ix.Terms[i])
		}
	}
	if len(ix.Terms) != len(ix.Postings) || len(ix.Terms) != len(ix.Titles) {
		t.Fatal("postings do not match terms")
	}
}

func TestWriteScript(t *testing.T) {
	ix := Build("ar", []Doc{{URL: "a.html", Article: "</script><b>", Text: "نص\u2028سطر"}})
	var buf bytes.Buffer
	if err := ix.WriteScript(&buf); err != nil {
		t.Fatal(err)
	}
	s := buf.String()
	if strings.Contains(s, "</script>") || strings.Contains(s, "\u2028") {
		t.Errorf("script can be broken out of: %s", s)
	}
	js, ok := strings.CutPrefix(s, "window.warraqSearchIndex = ")
	if !ok || !strings.HasSuffix(js, ";\n") {
		t.Fatalf("not an assignment: %s", s)
	}
	var back Index
	if err := json.Unmarshal([]byte(strings.TrimSuffix(js, ";\n")), &back); err != nil {
		t.Fatal(err)
	}
	if back.Docs[0].Article != "</script><b>" || len(back.Terms) != len(ix.Terms) {
		t.Errorf("round trip: %+v", back)
	}
}

func BenchmarkBuild(b *testing.B) {
	text := strings.Repeat("تحدّث الكاتب عن الذّكاء الاصطناعي في المدرسة والبيت. ", 200)
	docs := make([]Doc, 1000)
	for i := range docs {
		docs[i] = Doc{URL: "a.html", Article: "عنوان", Text: text}
	}
	b.ReportAllocs()
	for b.Loop() {
		Build("ar", docs)
	}
}

// A Memo's index is the index made without one, as the documents change
// from one Build to the next; it keeps only the texts the last Build used.
func TestMemo(t *testing.T) {
	var m Memo
	books := [][]Doc{
		{{URL: "a", Article: "الذّكاء", Text: "يتعلّم الذكـاء من الأمثلة"}, {URL: "b", Article: "الكتب", Section: "قسم", Text: "الكتب والمكتبات"}},
		{{URL: "a", Article: "الذّكاء", Text: "يتعلّم الذكـاء من الأمثلة"}, {URL: "b", Article: "الكتب", Section: "قسم", Text: "المكتبة مدرسة"}},
		{{URL: "b", Article: "الكتب", Section: "قسم", Text: "المكتبة مدرسة"}},
	}
	for i, docs := range books {
		got, _ := json.Marshal(m.Build("ar", docs))
		want, _ := json.Marshal(Build("ar", docs))
		if !bytes.Equal(got, want) {
			t.Errorf("book %d: the memo's index differs:\n%s\nwant\n%s", i, got, want)
		}
	}
	for s := range m.now {
		if strings.Contains(s, "الأمثلة") {
			t.Errorf("the memo kept %q, which the last build did not use", s)
		}
	}
}
