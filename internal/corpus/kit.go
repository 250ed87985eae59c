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
	"fa": {
		lang: "fa", source: "testdata/books/fa", script: unicode.Arabic, nativeDigits: true,
		title:       "پیکرهٔ آزمایشی",
		countFormat: "%[1]s، شمار نوشته‌ها: %[2]s",
		subtitle:    "نوشته‌هایی ساخته از جمله‌های کتاب کاغذ و کلمه، برای سنجش سرعت",
		publisher:   "ورّاق",
		description: "متن‌هایی که ماشین از جمله‌های نوشته‌های نمونه سر هم کرده است و معنای پیوسته‌ای ندارند.",
		slugPrefix:  "neveshte",
		authors:     []string{"مریم فرهادی", "بهرام نیک‌نام", "شیرین امیری", "کاوه رستمی"},
		tags:        []string{"تاریخ", "خواندن", "ترجمه", "خط", "چاپ", "شهر", "نشر دیجیتال", "کتاب", "زبان", "کاغذ"},
		names:       latin,
		templates: []string{
			"در سال %[2]s بار دیگر صحبت از %[1]s به میان آمد.",
			"%[2]s سالی است که تقریباً همه‌چیز در آن عوض شد.",
			"بعضی‌ها می‌گویند %[3]s٪ خوانندگان هرگز نام %[1]s را نشنیده‌اند.",
			"%[1]s نامی است که هر کس در نشر کار کرده باشد می‌شناسد.",
			"شمار نسخه‌های چاپ اول به حدود %[3]s هزار رسید.",
			"تا سال %[2]s اوضاع چندان تغییری نکرد.",
			"بعد %[1]s آمد و شیوهٔ فکر کردن به کتاب را عوض کرد (دست‌کم از نگاه ویراستارها).",
			"در فصل %[3]s کتاب اشاره‌ای گذرا به %[1]s شده است.",
		},
		markable: scriptWord(unicode.Arabic),
	},
	"ur": {
		lang: "ur", source: "testdata/books/ur", script: unicode.Arabic, nativeDigits: true,
		title:       "آزمائشی مجموعہ",
		countFormat: "%[1]s، مضامین کی تعداد: %[2]s",
		subtitle:    "کاغذ کی خوشبو کے جملوں سے بنائے گئے مضامین، رفتار ناپنے کے لیے",
		publisher:   "ورّاق",
		description: "نمونے کے مضامین کے جملوں سے خودکار طور پر جوڑی گئی تحریریں، جن کا کوئی مربوط مطلب نہیں۔",
		slugPrefix:  "mazmoon",
		authors:     []string{"عائشہ قریشی", "عمران بٹ", "فرحانہ ملک", "سلیم اختر"},
		tags:        []string{"تاریخ", "مطالعہ", "ترجمہ", "خطاطی", "طباعت", "شہر", "ڈیجیٹل اشاعت", "کتابیں", "زبان", "کاغذ"},
		names:       latin,
		templates: []string{
			"%[2]s میں %[1]s کا ذکر ایک بار پھر چھڑ گیا۔",
			"%[2]s وہ سال ہے جب تقریباً سب کچھ بدل گیا۔",
			"بعض لوگوں کا اندازہ ہے کہ %[3]s فیصد قارئین نے %[1]s کا نام کبھی نہیں سنا۔",
			"%[1]s ایک ایسا نام ہے جسے اشاعت سے وابستہ ہر شخص جانتا ہے۔",
			"پہلے ایڈیشن کی تقریباً %[3]s ہزار کاپیاں چھپیں۔",
			"%[2]s تک صورتِ حال میں کوئی خاص تبدیلی نہیں آئی۔",
			"پھر %[1]s آیا اور کتاب کے بارے میں سوچنے کا انداز بدل گیا (کم از کم مدیروں کی نظر میں)۔",
			"کتاب کے باب %[3]s میں %[1]s کا سرسری ذکر ملتا ہے۔",
		},
		markable: scriptWord(unicode.Arabic),
	},
	"he": {
		lang: "he", source: "testdata/books/he", script: unicode.Hebrew,
		title:       "אסופת בדיקה",
		countFormat: "%[1]s, מספר המאמרים: %[2]s",
		subtitle:    "מאמרים שהורכבו ממשפטי הספר בין השורות, למדידת מהירות",
		publisher:   "Warraq",
		description: "טקסטים שהורכבו באופן אוטומטי ממשפטי המאמרים לדוגמה, בלי משמעות רציפה.",
		slugPrefix:  "maamar",
		authors:     []string{"נועה לוין", "יואב כהן", "מיכל אברהם", "דניאל שגיא"},
		tags:        []string{"היסטוריה", "קריאה", "תרגום", "כתב", "דפוס", "ערים", "הוצאה דיגיטלית", "ספרים", "שפה", "נייר"},
		names:       latin,
		templates: []string{
			"בשנת %[2]s חזרו לדבר על %[1]s.",
			"%[2]s היא השנה שבה כמעט הכול השתנה.",
			"יש המעריכים ש-%[3]s%% מהקוראים מעולם לא שמעו את השם %[1]s.",
			"%[1]s הוא שם שכל מי שעבד בהוצאה לאור מכיר.",
			"המהדורה הראשונה נדפסה בכ-%[3]s אלף עותקים.",
			"עד שנת %[2]s כמעט דבר לא השתנה.",
			"ואז הגיע %[1]s ושינה את הדרך שבה חושבים על ספר (לפחות בעיני העורכים).",
			"בפרק %[3]s של הספר יש רמז חטוף ל-%[1]s.",
		},
		markable: scriptWord(unicode.Hebrew),
	},
	"en": {
		lang: "en", source: "testdata/books/en", script: unicode.Latin,
		title:       "Test Corpus",
		countFormat: "%[1]s, articles: %[2]s",
		subtitle:    "Articles assembled from the sentences of Margins and Measures, for measuring speed",
		publisher:   "Warraq",
		description: "Text assembled automatically from the sample articles' sentences; it has no continuous meaning.",
		slugPrefix:  "article",
		authors:     []string{"Hannah Price", "Tom Ashworth", "Priya Nair", "Daniel Okafor"},
		tags:        []string{"history", "reading", "translation", "lettering", "printing", "cities", "digital publishing", "books", "language", "paper"},
		names:       latin,
		templates: []string{
			"In %[2]s the talk turned to %[1]s once again.",
			"%[2]s is the year in which almost everything changed.",
			"Some estimate that %[3]s%% of readers have never heard of %[1]s.",
			"%[1]s is a name everyone in publishing knows.",
			"The first printing ran to about %[3]s thousand copies.",
			"Little changed until %[2]s.",
			"Then came %[1]s, and with it a new way of thinking about the book (in the eyes of editors, at least).",
			"Chapter %[3]s of the book makes a passing reference to %[1]s.",
		},
		markable: scriptWord(unicode.Latin),
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

// zwnj joins nothing but may sit inside a Persian or Urdu word (می‌خوانم).
const zwnj = '\u200C'

// scriptWord returns a test for words of at least three letters of script,
// with their combining marks and, inside the word, zero-width non-joiners.
func scriptWord(script *unicode.RangeTable) func(string) bool {
	return func(w string) bool {
		letters := 0
		rs := []rune(w)
		for i, r := range rs {
			switch {
			case unicode.IsLetter(r) && unicode.Is(script, r):
				letters++
			case unicode.Is(unicode.Mn, r) && i > 0:
				// Arabic harakat are of the Inherited script, not Arabic.
			case r == zwnj && i > 0 && i < len(rs)-1:
			default:
				return false
			}
		}
		return letters >= 3
	}
}
