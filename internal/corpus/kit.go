package corpus

import (
	"bufio"
	"embed"
	"fmt"
	"sort"
	"strings"
	"unicode"

	"github.com/warraq/warraq/export/locale"
)

// phraseFiles holds phrases/LANG.txt: the headings and sentences of each
// language's own collection (kit.source), regenerated with
// `go test ./internal/corpus -run TestPhrasesUpToDate -update`.
//
//go:embed phrases/*.txt
var phraseFiles embed.FS

// phrases is a parsed phrases/LANG.txt: headings (also used as titles) and sentences.
type phrases struct {
	headings  []string
	sentences []string
}

func parsePhrases(txt string) phrases {
	var p phrases
	sc := bufio.NewScanner(strings.NewReader(txt))
	for sc.Scan() {
		kind, text, ok := strings.Cut(sc.Text(), "\t")
		if !ok {
			continue
		}
		switch kind {
		case "h":
			p.headings = append(p.headings, text)
		case "s":
			p.sentences = append(p.sentences, text)
		}
	}
	return p
}

// kit is everything the generator needs to write in one language: the
// phrases of that language's own collection and, written in the language,
// the names, templates and book metadata it mixes in. The generator itself
// knows no language.
type kit struct {
	lang   string // BCP 47, as book.yaml's language key
	source string // the collection the phrases come from, relative to the repository
	// script is the language's script: an extracted sentence must contain
	// its letters (a quotation in another language inside a raw HTML block is
	// not the language's prose).
	script *unicode.RangeTable
	// nativeDigits writes `digits: arabic-indic` into book.yaml and fills the
	// templates' years and numbers with the language's own digits, as a
	// Persian or Urdu writer would type them.
	nativeDigits bool

	title       string // the book's title; countFormat adds the article count
	countFormat string // %[1]s the title, %[2]s the count
	subtitle    string
	publisher   string
	description string
	slugPrefix  string // article files are PREFIX-0001.md, ...

	authors []string
	tags    []string
	names   []string // Latin names: in right-to-left text, the runs bidi mistakes show in first
	// templates are filled with a name (%[1]s), a year (%[2]s) and a number
	// (%[3]s); written so that digits and Latin words also open and close
	// sentences, where bidi mistakes show first.
	templates []string
	// markable reports whether a word may be wrapped in emphasis: only words
	// made of the language's letters, so markup never splits a number, a
	// quotation or punctuation.
	markable func(string) bool
}

// latin is the names every right-to-left kit mixes into its sentences.
var latin = []string{"Gutenberg", "Unicode", "HarfBuzz", "OpenType", "EPUB", "PDF", "UTF-8",
	"Umberto Eco", "Chester Beatty", "Amiri", "Aldus Manutius", "Noto Naskh"}

var kits = map[string]*kit{
	"ar": {
		lang: "ar", source: "samples", script: unicode.Arabic,
		title: BookTitle,
		// The size without a counted noun, whose Arabic form would change with the number.
		countFormat: "%[1]s، عدد المقالات: %[2]s",
		subtitle:    "مقالات مولّدة من جمل دفاتر الورّاق لقياس السرعة",
		publisher:   "ورّاق",
		description: "نصوص مركّبة آليًا من جمل المقالات النموذجية، لا معنى متّصلًا لها.",
		slugPrefix:  "maqala",
		authors:     []string{"سلمى العطّار", "نادر الحلّاق", "ليلى الصفّار", "كريم الدبّاغ"},
		tags:        []string{"تاريخ", "قراءة", "ترجمة", "خط", "طباعة", "مدن", "نشر رقمي", "كتب", "لغة", "ورق"},
		names:       latin,
		templates: []string{
			"وفي سنة %[2]s عاد الحديث عن %[1]s من جديد.",
			"%[2]s هو العام الذي تغيّر فيه كل شيء تقريبًا.",
			"ويقدّر بعضهم أن %[3]s%% من القرّاء لم يسمعوا باسم %[1]s قطّ.",
			"%[1]s اسم يعرفه كل من عمل في النشر.",
			"وقد بلغ عدد النسخ المطبوعة نحو %[3]s ألف نسخة في طبعتها الأولى.",
			"ولم يتغيّر الأمر كثيرًا حتى عام %[2]s.",
			"ثم جاء %[1]s فغيّر طريقة التفكير في الكتاب (على الأقل في نظر المحرّرين).",
			"وفي الفصل %[3]s من الكتاب إشارة سريعة إلى %[1]s.",
		},
		markable: arabicWord,
	},
}

// Languages lists the languages GenerateLang writes, sorted.
func Languages() []string {
	out := make([]string, 0, len(kits))
	for lang := range kits {
		out = append(out, lang)
	}
	sort.Strings(out)
	return out
}

func kitFor(lang string) (*kit, error) {
	k, ok := kits[lang]
	if !ok {
		return nil, fmt.Errorf("corpus: no kit for language %q (have %s)", lang, strings.Join(Languages(), ", "))
	}
	return k, nil
}

// phrases reads the kit's embedded phrases/LANG.txt.
func (k *kit) phrases() phrases {
	b, err := phraseFiles.ReadFile("phrases/" + k.lang + ".txt")
	if err != nil {
		panic(err) // every kit's file is embedded; TestPhrasesUpToDate checks them
	}
	return parsePhrases(string(b))
}

// number writes n as the kit's templates and book title do: in the
// language's own digits when the book uses them.
func (k *kit) number(n int) string { return locale.For(k.lang).Number(n, k.nativeDigits) }

// bookTitle is the title with the size of the collection.
func (k *kit) bookTitle(n int) string { return fmt.Sprintf(k.countFormat, k.title, k.number(n)) }

// arabicWord reports whether w is made only of Arabic letters (no punctuation or
// digits), so that wrapping it in markup cannot split a number or a quotation.
// The Arabic kit keeps this narrower test, not scriptWord, so that its corpora
// stay byte-identical for a seed.
func arabicWord(w string) bool {
	n := 0
	for _, r := range w {
		if !(r >= 0x0621 && r <= 0x064A || r >= 0x064B && r <= 0x0652 || r == 0x0671) {
			return false
		}
		n++
	}
	return n >= 3
}
