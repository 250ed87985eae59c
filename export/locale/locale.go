// Package locale holds what Warraq needs to know about each language it
// writes books in: direction, script, digits, month names, quotation marks
// and the few words the books print themselves ("Contents", "Notes"). One
// table per language, looked up by the base language of a BCP 47 tag; every
// renderer and the loader (part titles) read the same table, so a date or a
// label is written one way in every format.
package locale

import (
	"slices"
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
	Months     [12]string // Gregorian
	// HijriMonths and SolarMonths name the months of the Hijri (lunar)
	// and solar Hijri calendars, for book.yaml's dates:.
	HijriMonths, SolarMonths [12]string
	// Eras mark a year's calendar when a book writes its dates in more
	// than one ("١٤٤٥ هـ / ٢٠٢٤ م"); Attach writes them without a space
	// (Urdu's "۲۰۲۴ء").
	Eras    map[Calendar]string
	Attach  bool
	Quotes  Quotes
	Labels  Labels
	Bullets [3]string // list bullets by nesting depth
	// Front numbers a book's preliminary pages (contents, title page):
	// Arabic books with abjad letters, Hebrew books with Hebrew letters.
	Front Numerals
}

// Quotes are the quotation marks of a language, in logical order.
type Quotes struct {
	Open, Close           string // outer quotation
	InnerOpen, InnerClose string // a quotation inside a quotation
}

// Labels are the words a book prints or announces itself.
type Labels struct {
	Contents  string // the table of contents' heading
	Part      string // a part without a title of its own: "Part 2"
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
	ISBN      string // the name the language prints before a book number

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
	HijriMonths: [12]string{"محرم", "صفر", "ربيع الأول", "ربيع الآخر", "جمادى الأولى", "جمادى الآخرة",
		"رجب", "شعبان", "رمضان", "شوال", "ذو القعدة", "ذو الحجة"},
	SolarMonths: [12]string{"فروردين", "أرديبهشت", "خرداد", "تير", "مرداد", "شهريور",
		"مهر", "آبان", "آذر", "دي", "بهمن", "إسفند"},
	Eras:   map[Calendar]string{Gregorian: "م", Hijri: "هـ", SolarHijri: "هـ.ش"},
	Quotes: Quotes{"«", "»", "“", "”"},
	Labels: Labels{
		Contents: "المحتويات", Part: "الجزء", Landmarks: "معالم الكتاب", Cover: "الغلاف", TitlePage: "صفحة العنوان",
		ISBN: "ردمك", Start: "بداية النص", Notes: "الحواشي", Back: "العودة إلى النص", Done: "تم", NotDone: "لم يتم",
		Source: "نُشر أولًا هنا", CoverOf: "غلاف كتاب «%s»", Undated: "بلا تاريخ", Others: "مقالات أخرى",
		Sep:    "، ",
		Search: "بحث", SearchBook: "ابحث في الكتاب", Previous: "السابق", Next: "التالي", Pages: "التنقل بين المقالات", Skip: "انتقل إلى النص",
		ResultsFor: "نتائج البحث عن «%s»", NoResults: "لا نتائج للبحث عن «%s»", NeedsScript: "يحتاج البحث إلى تفعيل جافاسكربت في المتصفح.",
	},
	Bullets: [3]string{"•", "◦", "▪"},
	Front:   Abjad,
}

var persian = &Locale{
	Lang: "fa", Dir: "rtl", Script: "Arab", Zero: '\u06F0',
	// The Gregorian months as Iranian Persian writes them.
	Months: [12]string{"ژانویه", "فوریه", "مارس", "آوریل", "مه", "ژوئن",
		"ژوئیه", "اوت", "سپتامبر", "اکتبر", "نوامبر", "دسامبر"},
	HijriMonths: [12]string{"محرم", "صفر", "ربیع‌الاول", "ربیع‌الثانی", "جمادی‌الاول", "جمادی‌الثانی",
		"رجب", "شعبان", "رمضان", "شوال", "ذی‌القعده", "ذی‌الحجه"},
	SolarMonths: [12]string{"فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
		"مهر", "آبان", "آذر", "دی", "بهمن", "اسفند"},
	Eras:   map[Calendar]string{Gregorian: "م", Hijri: "ق", SolarHijri: "ش"},
	Quotes: Quotes{"«", "»", "“", "”"},
	Labels: Labels{
		Contents: "فهرست مطالب", Part: "بخش", Landmarks: "نشانه‌های کتاب", Cover: "جلد", TitlePage: "صفحهٔ عنوان",
		ISBN: "شابک", Start: "آغاز متن", Notes: "پانوشت‌ها", Back: "بازگشت به متن", Done: "انجام‌شده", NotDone: "انجام‌نشده",
		Source: "نخستین بار اینجا منتشر شد", CoverOf: "جلد کتاب «%s»", Undated: "بی‌تاریخ", Others: "نوشته‌های دیگر",
		Sep:    "، ",
		Search: "جستجو", SearchBook: "جستجو در کتاب", Previous: "قبلی", Next: "بعدی", Pages: "پیمایش میان نوشته\u200cها", Skip: "رفتن به متن",
		ResultsFor: "نتایج جستجو برای «%s»", NoResults: "نتیجه\u200cای برای «%s» یافت نشد", NeedsScript: "جستجو به جاوااسکریپت نیاز دارد.",
	},
	Bullets: [3]string{"•", "◦", "▪"},
	Front:   Roman,
}

var urdu = &Locale{
	Lang: "ur", Dir: "rtl", Script: "Arab", Zero: '\u06F0',
	Months: [12]string{"جنوری", "فروری", "مارچ", "اپریل", "مئی", "جون",
		"جولائی", "اگست", "ستمبر", "اکتوبر", "نومبر", "دسمبر"},
	HijriMonths: [12]string{"محرم", "صفر", "ربیع الاول", "ربیع الثانی", "جمادی الاول", "جمادی الثانی",
		"رجب", "شعبان", "رمضان", "شوال", "ذوالقعدہ", "ذوالحجہ"},
	SolarMonths: [12]string{"فروردین", "اردیبہشت", "خرداد", "تیر", "مرداد", "شہریور",
		"مہر", "آبان", "آذر", "دے", "بہمن", "اسفند"},
	// ۲۰۲۴ء, ۱۴۴۵ھ: the era letter joins the year.
	Eras:   map[Calendar]string{Gregorian: "ء", Hijri: "ھ", SolarHijri: "ش"},
	Attach: true,
	Quotes: Quotes{"«", "»", "“", "”"},
	Labels: Labels{
		Contents: "فہرست", Part: "حصہ", Landmarks: "کتاب کے نشانات", Cover: "سرورق", TitlePage: "صفحۂ عنوان",
		ISBN: "ISBN", Start: "متن کا آغاز", Notes: "حواشی", Back: "متن پر واپس", Done: "مکمل", NotDone: "نامکمل",
		Source: "پہلی بار یہاں شائع ہوا", CoverOf: "کتاب «%s» کا سرورق", Undated: "بلا تاریخ", Others: "دیگر مضامین",
		Sep:    "، ",
		Search: "تلاش", SearchBook: "کتاب میں تلاش کریں", Previous: "پچھلا", Next: "اگلا", Pages: "مضامین کے درمیان", Skip: "متن پر جائیں",
		ResultsFor: "«%s» کی تلاش کے نتائج", NoResults: "«%s» کے لیے کوئی نتیجہ نہیں ملا", NeedsScript: "تلاش کے لیے براؤزر میں جاوا اسکرپٹ درکار ہے۔",
	},
	Bullets: [3]string{"•", "◦", "▪"},
	Front:   Roman,
}

var hebrew = &Locale{
	Lang: "he", Dir: "rtl", Script: "Hebr", Zero: '0', DatePrefix: "ב",
	Months: [12]string{"ינואר", "פברואר", "מרץ", "אפריל", "מאי", "יוני",
		"יולי", "אוגוסט", "ספטמבר", "אוקטובר", "נובמבר", "דצמבר"},
	HijriMonths: [12]string{"מוחרם", "צפר", "רביע אל-אוול", "רביע א-ת׳אני", "ג׳ומאדא אל-אולא", "ג׳ומאדא א-ת׳אניה",
		"רג׳ב", "שעבאן", "רמדאן", "שוואל", "ד׳ו אל-קעדה", "ד׳ו אל-חיג׳ה"},
	SolarMonths: [12]string{"פרוורדין", "אורדיבהשת", "ח׳ורדאד", "תיר", "מורדאד", "שהריוור",
		"מהר", "אבאן", "אד׳ר", "די", "בהמן", "אספנד"},
	Eras:   map[Calendar]string{Gregorian: "לספירה", Hijri: "להג׳רה", SolarHijri: "הג׳רה שמשית"},
	Quotes: Quotes{"„", "”", "‚", "’"},
	Labels: Labels{
		Contents: "תוכן העניינים", Part: "חלק", Landmarks: "ציוני דרך", Cover: "כריכה", TitlePage: "שער",
		ISBN: "מסת״ב", Start: "תחילת הטקסט", Notes: "הערות", Back: "חזרה לטקסט", Done: "בוצע", NotDone: "לא בוצע",
		Source: "פורסם לראשונה כאן", CoverOf: "כריכת הספר „%s”", Undated: "ללא תאריך", Others: "מאמרים נוספים",
		Sep:    ", ",
		Search: "חיפוש", SearchBook: "חיפוש בספר", Previous: "הקודם", Next: "הבא", Pages: "ניווט בין המאמרים", Skip: "דילוג לטקסט",
		ResultsFor: "תוצאות החיפוש עבור „%s”", NoResults: "לא נמצאו תוצאות עבור „%s”", NeedsScript: "החיפוש דורש JavaScript בדפדפן.",
	},
	Bullets: [3]string{"•", "◦", "▪"},
	Front:   HebrewLetters,
}

var english = &Locale{
	Lang: "en", Dir: "ltr", Script: "Latn", Zero: '0',
	Months: [12]string{"January", "February", "March", "April", "May", "June",
		"July", "August", "September", "October", "November", "December"},
	HijriMonths: [12]string{"Muharram", "Safar", "Rabi al-Awwal", "Rabi al-Thani", "Jumada al-Ula", "Jumada al-Akhirah",
		"Rajab", "Shaban", "Ramadan", "Shawwal", "Dhu al-Qadah", "Dhu al-Hijjah"},
	SolarMonths: [12]string{"Farvardin", "Ordibehesht", "Khordad", "Tir", "Mordad", "Shahrivar",
		"Mehr", "Aban", "Azar", "Dey", "Bahman", "Esfand"},
	Eras:   map[Calendar]string{Gregorian: "CE", Hijri: "AH", SolarHijri: "SH"},
	Quotes: Quotes{"“", "”", "‘", "’"},
	Labels: Labels{
		Contents: "Contents", Part: "Part", Landmarks: "Landmarks", Cover: "Cover", TitlePage: "Title page",
		ISBN: "ISBN", Start: "Start of content", Notes: "Notes", Back: "Back to text", Done: "done", NotDone: "not done",
		Source: "First published here", CoverOf: "Cover of %s", Undated: "Undated", Others: "Other articles",
		Sep:    ", ",
		Search: "Search", SearchBook: "Search the book", Previous: "Previous", Next: "Next", Pages: "Articles", Skip: "Skip to the text",
		ResultsFor: "Results for “%s”", NoResults: "No results for “%s”", NeedsScript: "Search needs JavaScript in the browser.",
	},
	Bullets: [3]string{"•", "◦", "▪"},
	Front:   Roman,
}

var kurdish = &Locale{
	// Sorani, as Iraqi Kurdistan writes it: Arabic-Indic digits, and the
	// Syriac-origin month names of the Iraqi calendar.
	Lang: "ckb", Dir: "rtl", Script: "Arab", Zero: '\u0660',
	Months: [12]string{"کانوونی دووەم", "شوبات", "ئازار", "نیسان", "ئایار", "حوزەیران",
		"تەممووز", "ئاب", "ئەیلوول", "تشرینی یەکەم", "تشرینی دووەم", "کانوونی یەکەم"},
	HijriMonths: [12]string{"موحەڕڕەم", "سەفەر", "ڕەبیعی یەکەم", "ڕەبیعی دووەم", "جومادای یەکەم", "جومادای دووەم",
		"ڕەجەب", "شەعبان", "ڕەمەزان", "شەوال", "زولقەعدە", "زولحیججە"},
	// The Kurdish solar months (the Iranian calendar's, by their Kurdish names).
	SolarMonths: [12]string{"خاکەلێوە", "گوڵان", "جۆزەردان", "پووشپەڕ", "گەلاوێژ", "خەرمانان",
		"ڕەزبەر", "خەزەڵوەر", "سەرماوەز", "بەفرانبار", "ڕێبەندان", "ڕەشەمە"},
	Eras:   map[Calendar]string{Gregorian: "زایینی", Hijri: "کۆچی", SolarHijri: "هەتاوی"},
	Quotes: Quotes{"«", "»", "“", "”"},
	Labels: Labels{
		Contents: "ناوەڕۆک", Part: "بەشی", Landmarks: "نیشانەکانی کتێب", Cover: "بەرگ", TitlePage: "لاپەڕەی ناونیشان",
		ISBN: "ISBN", Start: "سەرەتای دەق", Notes: "پەراوێزەکان", Back: "گەڕانەوە بۆ دەق", Done: "کراوە", NotDone: "نەکراوە",
		Source: "یەکەمجار لێرە بڵاوکرایەوە", CoverOf: "بەرگی کتێبی «%s»", Undated: "بێ مێژوو", Others: "وتارەکانی تر",
		Sep:    "، ",
		Search: "گەڕان", SearchBook: "گەڕان لە کتێبەکەدا", Previous: "پێشوو", Next: "دواتر", Pages: "گەشتکردن لە نێوان وتارەکاندا", Skip: "بازدان بۆ دەق",
		ResultsFor: "ئەنجامەکانی گەڕان بۆ «%s»", NoResults: "هیچ ئەنجامێک بۆ «%s» نەدۆزرایەوە", NeedsScript: "گەڕان پێویستی بە جاڤاسکریپت هەیە لە وێبگەڕەکەدا.",
	},
	Bullets: [3]string{"•", "◦", "▪"},
	Front:   Roman,
}

var pashto = &Locale{
	// Pashto writes the Eastern Arabic-Indic (Persian) digits, and the
	// Gregorian months as Afghanistan's press does.
	Lang: "ps", Dir: "rtl", Script: "Arab", Zero: '\u06F0',
	Months: [12]string{"جنوري", "فبروري", "مارچ", "اپریل", "مۍ", "جون",
		"جولای", "اګست", "سېپتمبر", "اکتوبر", "نومبر", "دسمبر"},
	HijriMonths: [12]string{"محرم", "صفر", "ربیع الاول", "ربیع الثاني", "جمادی الاول", "جمادی الثاني",
		"رجب", "شعبان", "رمضان", "شوال", "ذوالقعده", "ذوالحجه"},
	// The Afghan solar months, named for the signs of the zodiac.
	SolarMonths: [12]string{"وری", "غویی", "غبرګولی", "چنګاښ", "زمری", "وږی",
		"تله", "لړم", "لیندۍ", "مرغومی", "سلواغه", "کب"},
	Eras:   map[Calendar]string{Gregorian: "م", Hijri: "هـ ق", SolarHijri: "هـ ش"},
	Quotes: Quotes{"«", "»", "“", "”"},
	Labels: Labels{
		Contents: "لړلیک", Part: "برخه", Landmarks: "د کتاب نښې", Cover: "پوښ", TitlePage: "د سرلیک پاڼه",
		ISBN: "ISBN", Start: "د متن پیل", Notes: "لمن لیکونه", Back: "متن ته ستنېدل", Done: "بشپړ شوی", NotDone: "نابشپړ",
		Source: "لومړی ځل دلته خپور شو", CoverOf: "د «%s» کتاب پوښ", Undated: "بې نېټې", Others: "نورې لیکنې",
		Sep:    "، ",
		Search: "لټون", SearchBook: "په کتاب کې لټون", Previous: "مخکنی", Next: "راتلونکی", Pages: "د لیکنو ترمنځ تګ", Skip: "متن ته ورشئ",
		ResultsFor: "د «%s» د لټون پایلې", NoResults: "د «%s» لپاره هېڅ پایله ونه موندل شوه", NeedsScript: "لټون په براوزر کې جاوا سکرېپټ ته اړتیا لري.",
	},
	Bullets: [3]string{"•", "◦", "▪"},
	Front:   Roman,
}

var byLang = map[string]*Locale{"ar": arabic, "fa": persian, "ur": urdu, "he": hebrew, "en": english, "ckb": kurdish, "ps": pashto}

// rtlLanguages are the base languages written right to left.
var rtlLanguages = map[string]bool{
	"ar": true, "fa": true, "ur": true, "he": true, "yi": true, "ps": true, "ckb": true,
	"sd": true, "ug": true, "dv": true, "syr": true, "ks": true, "ku-arab": true,
}

// arabicScript are base languages written in the Arabic script without a
// table of their own: they take Arabic's, with their own language tag.
var arabicScript = map[string]bool{"sd": true, "ug": true, "ks": true}

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
	case base == "ku-arab":
		l = *kurdish // Kurdish in Arabic script is Sorani
	case arabicScript[base]:
		l = *arabic
		l.Front = Roman // abjad is Arabic's own: another language's books may not use it
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
// "15 January 2024", "15 בינואר 2024"; in each of cals (the Gregorian
// calendar when none), joined by " / " and each year marked with its era
// when there are several: "٣ رجب ١٤٤٥ هـ / ١٥ يناير ٢٠٢٤ م".
func (l *Locale) Date(t time.Time, native bool, cals ...Calendar) string {
	return l.dates(t, native, cals, func(c Calendar, d civil) string {
		return l.Number(d.day, native) + " " + l.DatePrefix + l.month(c, d.month) + " " + l.Number(d.year, native)
	})
}

// MonthYear names a month of a year, the title of a month part: "يناير
// 2024", or "فروردین ۱۴۰۳" in the solar Hijri calendar (the first of cals).
func (l *Locale) MonthYear(t time.Time, native bool, cals ...Calendar) string {
	return l.dates(t, native, first(cals), func(c Calendar, d civil) string {
		return l.month(c, d.month) + " " + l.Number(d.year, native)
	})
}

// Year writes the year of t in the first of cals: the title of a year part.
func (l *Locale) Year(t time.Time, native bool, cals ...Calendar) string {
	return l.dates(t, native, first(cals), func(c Calendar, d civil) string {
		return l.Number(d.year, native)
	})
}

func first(cals []Calendar) []Calendar {
	if len(cals) > 1 {
		return cals[:1]
	}
	return cals
}

// dates writes t in each calendar with format, the eras marked when there
// are several. A calendar that cannot express t (a Hijri date outside the
// Umm al-Qura tables) gives the Gregorian date in its place.
func (l *Locale) dates(t time.Time, native bool, cals []Calendar, format func(Calendar, civil) string) string {
	if len(cals) == 0 {
		cals = []Calendar{Gregorian}
	}
	var out []string
	for _, c := range cals {
		d, ok := in(c, t)
		if !ok {
			c = Gregorian
			d, _ = in(c, t)
		}
		s := format(c, d)
		if len(cals) > 1 {
			if l.Attach {
				s += l.Eras[c]
			} else {
				s += " " + l.Eras[c]
			}
		}
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return strings.Join(out, " / ")
}

func (l *Locale) month(c Calendar, m int) string {
	switch c {
	case Hijri:
		return l.HijriMonths[m-1]
	case SolarHijri:
		return l.SolarMonths[m-1]
	}
	return l.Months[m-1]
}

// Join joins names with the language's list separator.
func (l *Locale) Join(names []string) string { return strings.Join(names, l.Labels.Sep) }

// Guillemets reports whether the language quotes with « » (Arabic script).
func (l *Locale) Guillemets() bool { return l.Quotes.Open == "«" }
