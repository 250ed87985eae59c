// Package locale holds what Warraq needs to know about each language it
// writes books in: direction, script, digits, month names, quotation marks
// and the few words the books print themselves ("Contents", "Notes"). One
// table per language, looked up by the base language of a BCP 47 tag; every
// renderer and the loader (part titles) read the same table, so a date or a
// label is written one way in every format.
package locale

import (
	"strconv"
	"strings"
	"time"
)

// Locale describes one language.
type Locale struct {
	Lang   string // base language, e.g. "ar"
	Dir    string // "rtl" or "ltr"
	Script string // ISO 15924: "Arab", "Hebr", "Latn"
	// Zero is the zero of the language's own digits: U+0660 for Arabic,
	// U+06F0 for Persian and Urdu, '0' for languages that use Latin digits.
	Zero rune
	// DatePrefix goes before the month in a date ("ב" in Hebrew: 15 בינואר).
	DatePrefix string
	Months     [12]string
	Quotes     Quotes
	Labels     Labels
	Bullets    [3]string // list bullets by nesting depth
}

// Quotes are the quotation marks of a language, in logical order.
type Quotes struct {
	Open, Close           string // outer quotation
	InnerOpen, InnerClose string // a quotation inside a quotation
}

// Labels are the words a book prints or announces itself.
type Labels struct {
	Contents  string // the table of contents' heading
	Landmarks string // the EPUB landmarks navigation
	Cover     string
	TitlePage string
	Start     string // the first page of the text, as a landmark
	Notes     string // footnotes, as a section
	Back      string // a footnote's link back to the text
	Done      string // a ticked task list box, for screen readers
	NotDone   string
	Source    string // link to where an article first appeared
	CoverOf   string // the cover image's text alternative; %s is the title
	Undated   string // the part of articles without a date
	Others    string // the part of articles without a tag
	Sep       string // between the items of a list of names: "، " or ", "

	// The web edition's words.
	Search      string // the search button and the search page's heading
	SearchBook  string // the search field's label
	Previous    string // the link to the previous article
	Next        string
	Pages       string // the previous/next navigation, for screen readers
	Skip        string // the link that skips to the text
	ResultsFor  string // %s: the query
	NoResults   string // %s: the query
	NeedsScript string // shown when the browser runs no scripts
}

var arabic = &Locale{
	Lang: "ar", Dir: "rtl", Script: "Arab", Zero: '\u0660',
	// The month names of Egypt and most of the Arab press, which readers
	// everywhere recognise, rather than the Levantine Syriac-origin names.
	Months: [12]string{"يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو",
		"يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"},
	Quotes: Quotes{"«", "»", "“", "”"},
	Labels: Labels{
		Contents: "المحتويات", Landmarks: "معالم الكتاب", Cover: "الغلاف", TitlePage: "صفحة العنوان",
		Start: "بداية النص", Notes: "الحواشي", Back: "العودة إلى النص", Done: "تم", NotDone: "لم يتم",
		Source: "نُشر أولًا هنا", CoverOf: "غلاف كتاب «%s»", Undated: "بلا تاريخ", Others: "مقالات أخرى",
		Sep:    "، ",
		Search: "بحث", SearchBook: "ابحث في الكتاب", Previous: "السابق", Next: "التالي", Pages: "التنقل بين المقالات", Skip: "انتقل إلى النص",
		ResultsFor: "نتائج البحث عن «%s»", NoResults: "لا نتائج للبحث عن «%s»", NeedsScript: "يحتاج البحث إلى تفعيل جافاسكربت في المتصفح.",
	},
	Bullets: [3]string{"•", "◦", "▪"},
}

var persian = &Locale{
	Lang: "fa", Dir: "rtl", Script: "Arab", Zero: '\u06F0',
	// The Gregorian months as Iranian Persian writes them.
	Months: [12]string{"ژانویه", "فوریه", "مارس", "آوریل", "مه", "ژوئن",
		"ژوئیه", "اوت", "سپتامبر", "اکتبر", "نوامبر", "دسامبر"},
	Quotes: Quotes{"«", "»", "“", "”"},
	Labels: Labels{
		Contents: "فهرست مطالب", Landmarks: "نشانه‌های کتاب", Cover: "جلد", TitlePage: "صفحهٔ عنوان",
		Start: "آغاز متن", Notes: "پانوشت‌ها", Back: "بازگشت به متن", Done: "انجام‌شده", NotDone: "انجام‌نشده",
		Source: "نخستین بار اینجا منتشر شد", CoverOf: "جلد کتاب «%s»", Undated: "بی‌تاریخ", Others: "نوشته‌های دیگر",
		Sep:    "، ",
		Search: "جستجو", SearchBook: "جستجو در کتاب", Previous: "قبلی", Next: "بعدی", Pages: "پیمایش میان نوشته\u200cها", Skip: "رفتن به متن",
		ResultsFor: "نتایج جستجو برای «%s»", NoResults: "نتیجه\u200cای برای «%s» یافت نشد", NeedsScript: "جستجو به جاوااسکریپت نیاز دارد.",
	},
	Bullets: [3]string{"•", "◦", "▪"},
}

var urdu = &Locale{
	Lang: "ur", Dir: "rtl", Script: "Arab", Zero: '\u06F0',
	Months: [12]string{"جنوری", "فروری", "مارچ", "اپریل", "مئی", "جون",
		"جولائی", "اگست", "ستمبر", "اکتوبر", "نومبر", "دسمبر"},
	Quotes: Quotes{"«", "»", "“", "”"},
	Labels: Labels{
		Contents: "فہرست", Landmarks: "کتاب کے نشانات", Cover: "سرورق", TitlePage: "صفحۂ عنوان",
		Start: "متن کا آغاز", Notes: "حواشی", Back: "متن پر واپس", Done: "مکمل", NotDone: "نامکمل",
		Source: "پہلی بار یہاں شائع ہوا", CoverOf: "کتاب «%s» کا سرورق", Undated: "بلا تاریخ", Others: "دیگر مضامین",
		Sep:    "، ",
		Search: "تلاش", SearchBook: "کتاب میں تلاش کریں", Previous: "پچھلا", Next: "اگلا", Pages: "مضامین کے درمیان", Skip: "متن پر جائیں",
		ResultsFor: "«%s» کی تلاش کے نتائج", NoResults: "«%s» کے لیے کوئی نتیجہ نہیں ملا", NeedsScript: "تلاش کے لیے براؤزر میں جاوا اسکرپٹ درکار ہے۔",
	},
	Bullets: [3]string{"•", "◦", "▪"},
}

var hebrew = &Locale{
	Lang: "he", Dir: "rtl", Script: "Hebr", Zero: '0', DatePrefix: "ב",
	Months: [12]string{"ינואר", "פברואר", "מרץ", "אפריל", "מאי", "יוני",
		"יולי", "אוגוסט", "ספטמבר", "אוקטובר", "נובמבר", "דצמבר"},
	Quotes: Quotes{"„", "”", "‚", "’"},
	Labels: Labels{
		Contents: "תוכן העניינים", Landmarks: "ציוני דרך", Cover: "כריכה", TitlePage: "שער",
		Start: "תחילת הטקסט", Notes: "הערות", Back: "חזרה לטקסט", Done: "בוצע", NotDone: "לא בוצע",
		Source: "פורסם לראשונה כאן", CoverOf: "כריכת הספר „%s”", Undated: "ללא תאריך", Others: "מאמרים נוספים",
		Sep:    ", ",
		Search: "חיפוש", SearchBook: "חיפוש בספר", Previous: "הקודם", Next: "הבא", Pages: "ניווט בין המאמרים", Skip: "דילוג לטקסט",
		ResultsFor: "תוצאות החיפוש עבור „%s”", NoResults: "לא נמצאו תוצאות עבור „%s”", NeedsScript: "החיפוש דורש JavaScript בדפדפן.",
	},
	Bullets: [3]string{"•", "◦", "▪"},
}

var english = &Locale{
	Lang: "en", Dir: "ltr", Script: "Latn", Zero: '0',
	Months: [12]string{"January", "February", "March", "April", "May", "June",
		"July", "August", "September", "October", "November", "December"},
	Quotes: Quotes{"“", "”", "‘", "’"},
	Labels: Labels{
		Contents: "Contents", Landmarks: "Landmarks", Cover: "Cover", TitlePage: "Title page",
		Start: "Start of content", Notes: "Notes", Back: "Back to text", Done: "done", NotDone: "not done",
		Source: "First published here", CoverOf: "Cover of %s", Undated: "Undated", Others: "Other articles",
		Sep:    ", ",
		Search: "Search", SearchBook: "Search the book", Previous: "Previous", Next: "Next", Pages: "Articles", Skip: "Skip to the text",
		ResultsFor: "Results for “%s”", NoResults: "No results for “%s”", NeedsScript: "Search needs JavaScript in the browser.",
	},
	Bullets: [3]string{"•", "◦", "▪"},
}

var byLang = map[string]*Locale{"ar": arabic, "fa": persian, "ur": urdu, "he": hebrew, "en": english}

// rtlLanguages are the base languages written right to left.
var rtlLanguages = map[string]bool{
	"ar": true, "fa": true, "ur": true, "he": true, "yi": true, "ps": true, "ckb": true,
	"sd": true, "ug": true, "dv": true, "syr": true, "ks": true, "ku-arab": true,
}

// arabicScript are base languages written in the Arabic script without a
// table of their own: they take Arabic's, with their own language tag.
var arabicScript = map[string]bool{"ps": true, "ckb": true, "sd": true, "ug": true, "ks": true, "ku-arab": true}

// For returns the table for a BCP 47 language tag. A language without a
// table of its own falls back by script: other Arabic-script languages to
// Arabic, Yiddish to Hebrew, everything else to English; the returned
// Locale's Lang and Dir are still the language's own.
func For(lang string) *Locale {
	base := Base(lang)
	if l, ok := byLang[base]; ok {
		return l
	}
	var l Locale
	switch {
	case arabicScript[base]:
		l = *arabic
	case base == "yi":
		l = *hebrew
	default:
		l = *english
	}
	if base != "" {
		l.Lang = base
	}
	l.Dir = Direction(lang)
	return &l
}

// Base returns the lower-case base language of a tag: "ar-EG" -> "ar".
// Kurdish written in Arabic script ("ku-Arab") is kept apart from Latin
// Kurdish.
func Base(lang string) string {
	l := strings.ToLower(strings.TrimSpace(lang))
	if strings.HasPrefix(l, "ku-arab") || strings.HasPrefix(l, "ku_arab") {
		return "ku-arab"
	}
	if i := strings.IndexAny(l, "-_"); i >= 0 {
		l = l[:i]
	}
	return l
}

// Direction is "rtl" for languages written right to left, else "ltr".
func Direction(lang string) string {
	if rtlLanguages[Base(lang)] {
		return "rtl"
	}
	return "ltr"
}

// RTL reports whether the language is written right to left.
func (l *Locale) RTL() bool { return l.Dir == "rtl" }

// Digits rewrites the ASCII digits of s in the language's own digits when
// native is true (and the language has digits of its own).
func (l *Locale) Digits(s string, native bool) string {
	if !native || l.Zero == '0' || l.Zero == 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return l.Zero + (r - '0')
		}
		return r
	}, s)
}

// Number writes n, in the language's own digits when native is true.
func (l *Locale) Number(n int, native bool) string {
	return l.Digits(strconv.Itoa(n), native)
}

// Date writes a day as it reads in running text: "15 يناير 2024",
// "15 January 2024", "15 בינואר 2024".
func (l *Locale) Date(t time.Time, native bool) string {
	return l.Number(t.Day(), native) + " " + l.DatePrefix + l.Months[t.Month()-1] + " " + l.Number(t.Year(), native)
}

// MonthYear names a month of a year: "يناير 2024", the title of a month part.
func (l *Locale) MonthYear(t time.Time, native bool) string {
	return l.Months[t.Month()-1] + " " + l.Number(t.Year(), native)
}

// Join joins names with the language's list separator.
func (l *Locale) Join(names []string) string { return strings.Join(names, l.Labels.Sep) }

// Guillemets reports whether the language quotes with « » (Arabic script).
func (l *Locale) Guillemets() bool { return l.Quotes.Open == "«" }
