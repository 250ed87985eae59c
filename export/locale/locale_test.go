package locale

import (
	"reflect"
	"testing"
	"time"
)

func TestEveryTableComplete(t *testing.T) {
	for lang, l := range byLang {
		if l.Lang != lang || (l.Dir != "rtl" && l.Dir != "ltr") || l.Script == "" || l.Zero == 0 {
			t.Errorf("%s: %+v", lang, l)
		}
		for i := range 12 {
			if l.Months[i] == "" || l.HijriMonths[i] == "" || l.SolarMonths[i] == "" {
				t.Errorf("%s: month %d has no name in some calendar", lang, i+1)
			}
		}
		for _, c := range Calendars {
			if l.Eras[c] == "" {
				t.Errorf("%s: no era mark for %s", lang, c)
			}
		}
		v := reflect.ValueOf(l.Labels)
		for i := 0; i < v.NumField(); i++ {
			if v.Field(i).String() == "" {
				t.Errorf("%s: label %s is empty", lang, v.Type().Field(i).Name)
			}
		}
		if l.Front == "" {
			t.Errorf("%s: no front matter numerals", lang)
		}
		if l.Quotes.Open == "" || l.Quotes.Close == "" || l.Quotes.InnerOpen == "" || l.Quotes.InnerClose == "" {
			t.Errorf("%s: quotes %+v", lang, l.Quotes)
		}
	}
}

func TestDates(t *testing.T) {
	day := time.Date(2024, 1, 15, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		lang   string
		native bool
		want   string
	}{
		{"ar", false, "15 يناير 2024"},
		{"ar-EG", true, "١٥ يناير ٢٠٢٤"},
		{"fa", true, "۱۵ ژانویه ۲۰۲۴"},
		{"fa", false, "15 ژانویه 2024"},
		{"ur", true, "۱۵ جنوری ۲۰۲۴"},
		{"he", true, "15 בינואר 2024"}, // Hebrew writes Latin digits
		{"en", true, "15 January 2024"},
		{"ps", true, "۱۵ جنوري ۲۰۲۴"},
		{"ckb", true, "١٥ کانوونی دووەم ٢٠٢٤"},
		{"sd", true, "١٥ يناير ٢٠٢٤"}, // Arabic-script fallback
		{"de", false, "15 January 2024"},
	} {
		if got := For(tc.lang).Date(day, tc.native); got != tc.want {
			t.Errorf("%s native=%v: %q, want %q", tc.lang, tc.native, got, tc.want)
		}
	}
	if got := For("fa").MonthYear(day, true); got != "ژانویه ۲۰۲۴" {
		t.Errorf("fa month part %q", got)
	}
}

func TestDirectionAndFallback(t *testing.T) {
	for lang, want := range map[string]string{"ar": "rtl", "fa-IR": "rtl", "ur": "rtl", "he": "rtl", "yi": "rtl", "ckb": "rtl",
		"ku-Arab": "rtl", "ku": "ltr", "en": "ltr", "fr-CA": "ltr", "": "ltr"} {
		if got := Direction(lang); got != want {
			t.Errorf("Direction(%q) = %s, want %s", lang, got, want)
		}
		if got := For(lang).Dir; got != want {
			t.Errorf("For(%q).Dir = %s, want %s", lang, got, want)
		}
	}
	if l := For("yi"); l.Labels.Contents != hebrew.Labels.Contents || l.Lang != "yi" {
		t.Errorf("yi falls back to Hebrew's table with its own tag: %+v", l)
	}
	if l := For("ug"); l.Labels.Contents != arabic.Labels.Contents || l.Lang != "ug" || l.Dir != "rtl" {
		t.Errorf("ug falls back to Arabic's table: %+v", l.Labels.Contents)
	}
	if l := For("ku-Arab"); l.Labels.Contents != kurdish.Labels.Contents || l.Lang != "ku-arab" {
		t.Errorf("Kurdish in Arabic script is Sorani's table: %q %q", l.Lang, l.Labels.Contents)
	}
	if For("ar") != For("ar-SA") {
		t.Error("regional variants share their language's table")
	}
}

// TestEachLanguage: the words, digits, quotation marks and dates each
// table gives, as a reader of the language expects them.
func TestEachLanguage(t *testing.T) {
	day := time.Date(2024, 3, 20, 0, 0, 0, 0, time.UTC) // Nowruz 1403, 10 Ramadan 1445
	for _, tc := range []struct {
		lang, contents, notes, open, digits string
		gregorian, hijri, solar             string
	}{
		{"ar", "المحتويات", "الحواشي", "«", "٠١٢٣٤٥٦٧٨٩", "٢٠ مارس ٢٠٢٤", "١٠ رمضان ١٤٤٥", "١ فروردين ١٤٠٣"},
		{"fa", "فهرست مطالب", "پانوشت‌ها", "«", "۰۱۲۳۴۵۶۷۸۹", "۲۰ مارس ۲۰۲۴", "۱۰ رمضان ۱۴۴۵", "۱ فروردین ۱۴۰۳"},
		{"ur", "فہرست", "حواشی", "«", "۰۱۲۳۴۵۶۷۸۹", "۲۰ مارچ ۲۰۲۴", "۱۰ رمضان ۱۴۴۵", "۱ فروردین ۱۴۰۳"},
		{"ps", "لړلیک", "لمن لیکونه", "«", "۰۱۲۳۴۵۶۷۸۹", "۲۰ مارچ ۲۰۲۴", "۱۰ رمضان ۱۴۴۵", "۱ وری ۱۴۰۳"},
		{"ckb", "ناوەڕۆک", "پەراوێزەکان", "«", "٠١٢٣٤٥٦٧٨٩", "٢٠ ئازار ٢٠٢٤", "١٠ ڕەمەزان ١٤٤٥", "١ خاکەلێوە ١٤٠٣"},
		{"he", "תוכן העניינים", "הערות", "„", "0123456789", "20 במרץ 2024", "10 ברמדאן 1445", "1 בפרוורדין 1403"},
		{"en", "Contents", "Notes", "“", "0123456789", "20 March 2024", "10 Ramadan 1445", "1 Farvardin 1403"},
	} {
		l := For(tc.lang)
		if l.Labels.Contents != tc.contents || l.Labels.Notes != tc.notes || l.Quotes.Open != tc.open {
			t.Errorf("%s: contents %q, notes %q, quotes %q", tc.lang, l.Labels.Contents, l.Labels.Notes, l.Quotes.Open)
		}
		if got := l.Digits("0123456789", true); got != tc.digits {
			t.Errorf("%s: digits %q, want %q", tc.lang, got, tc.digits)
		}
		for _, c := range []struct {
			cal  Calendar
			want string
		}{{Gregorian, tc.gregorian}, {Hijri, tc.hijri}, {SolarHijri, tc.solar}} {
			if got := l.Date(day, true, c.cal); got != c.want {
				t.Errorf("%s %s: %q, want %q", tc.lang, c.cal, got, c.want)
			}
		}
	}
	// Two calendars: each year marked with its era, Urdu's joined to it.
	for lang, want := range map[string]string{
		"ar": "١٠ رمضان ١٤٤٥ هـ / ٢٠ مارس ٢٠٢٤ م",
		"ur": "۱۰ رمضان ۱۴۴۵ھ / ۲۰ مارچ ۲۰۲۴ء",
		"en": "10 Ramadan 1445 AH / 20 March 2024 CE",
	} {
		if got := For(lang).Date(day, true, Hijri, Gregorian); got != want {
			t.Errorf("%s two calendars: %q, want %q", lang, got, want)
		}
	}
	if got := For("fa").MonthYear(day, true, SolarHijri, Gregorian); got != "فروردین ۱۴۰۳" {
		t.Errorf("fa solar month part %q", got)
	}
	if got := For("fa").Year(day.AddDate(0, 0, -1), true, SolarHijri); got != "۱۴۰۲" {
		t.Errorf("fa solar year the day before Nowruz: %q", got)
	}
}

// TestCalendars checks the conversions against dates published by the
// calendars' keepers: Umm al-Qura months as Saudi Arabia announced them,
// and the Iranian calendar's Nowruz and leap years.
func TestCalendars(t *testing.T) {
	date := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	for _, tc := range []struct {
		cal  Calendar
		t    time.Time
		want civil
	}{
		{Hijri, date(2024, 3, 11), civil{1445, 9, 1}},  // 1 Ramadan 1445
		{Hijri, date(2023, 7, 19), civil{1445, 1, 1}},  // 1 Muharram 1445
		{Hijri, date(2025, 3, 1), civil{1446, 9, 1}},   // 1 Ramadan 1446
		{Hijri, date(2024, 4, 10), civil{1445, 10, 1}}, // Eid al-Fitr 1445
		{Hijri, date(1924, 8, 2), civil{1343, 1, 1}},   // the tables' first day
		{Hijri, date(2001, 9, 11), civil{1422, 6, 23}},
		{SolarHijri, date(2024, 3, 20), civil{1403, 1, 1}}, // Nowruz
		{SolarHijri, date(2024, 3, 19), civil{1402, 12, 29}},
		{SolarHijri, date(2025, 3, 20), civil{1403, 12, 30}}, // 1403 is a leap year
		{SolarHijri, date(2025, 3, 21), civil{1404, 1, 1}},
		{SolarHijri, date(2023, 3, 21), civil{1402, 1, 1}},
		{SolarHijri, date(2023, 9, 23), civil{1402, 7, 1}}, // Mehr begins
		{SolarHijri, date(2023, 12, 22), civil{1402, 10, 1}},
		{SolarHijri, date(1979, 2, 11), civil{1357, 11, 22}},
	} {
		got, ok := in(tc.cal, tc.t)
		if !ok || got != tc.want {
			t.Errorf("%s %s: %v %v, want %v", tc.cal, tc.t.Format("2006-01-02"), got, ok, tc.want)
		}
	}
	// Day by day through the tables: each day follows the one before.
	prev, _ := in(Hijri, date(1924, 8, 2))
	for d := date(1924, 8, 3); d.Year() < 2077; d = d.AddDate(0, 0, 1) {
		h, ok := in(Hijri, d)
		next := h == civil{prev.year, prev.month, prev.day + 1} || h.day == 1 && prev.day >= 29 &&
			(h.month == prev.month+1 && h.year == prev.year || h.month == 1 && prev.month == 12 && h.year == prev.year+1)
		if !ok || !next {
			t.Fatalf("%s: %v after %v", d.Format("2006-01-02"), h, prev)
		}
		prev = h
	}
	if _, ok := in(Hijri, date(1900, 1, 1)); ok {
		t.Error("a date before the tables has a Hijri date")
	}
	if got := For("ar").Date(date(1900, 1, 1), false, Hijri); got != "1 يناير 1900" {
		t.Errorf("outside the tables: %q, want the Gregorian date", got)
	}
}

// Bounds are the first and last days a calendar writes: the Umm al-Qura
// tables' 1 Muharram 1343 and 29 Dhu al-Hijjah 1500, and for each calendar
// days covered at both ends and not beyond them.
func TestCalendarBounds(t *testing.T) {
	first, last := Hijri.Bounds()
	if h, _ := in(Hijri, first); h != (civil{1343, 1, 1}) || first.Format(time.DateOnly) != "1924-08-02" {
		t.Errorf("Hijri begins %s (%v)", first.Format(time.DateOnly), h)
	}
	if h, _ := in(Hijri, last); h.year != 1500 || h.month != 12 || last.Format(time.DateOnly) != "2077-11-16" {
		t.Errorf("Hijri ends %s (%v)", last.Format(time.DateOnly), h)
	}
	for _, c := range []Calendar{Hijri, SolarHijri} {
		first, last := c.Bounds()
		if !c.Covers(first) || !c.Covers(last) || c.Covers(first.AddDate(0, 0, -1)) || c.Covers(last.AddDate(0, 0, 1)) {
			t.Errorf("%s: bounds %s to %s are not its edges", c, first.Format(time.DateOnly), last.Format(time.DateOnly))
		}
	}
	if !Gregorian.Covers(time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)) {
		t.Error("the Gregorian calendar does not cover year 1")
	}
}

func TestDigits(t *testing.T) {
	if got := For("ar").Number(2025, true); got != "٢٠٢٥" {
		t.Errorf("ar %q", got)
	}
	if got := For("fa").Digits("ص 12، 3", true); got != "ص ۱۲، ۳" {
		t.Errorf("fa %q", got)
	}
	if got := For("ar").Number(7, false); got != "7" {
		t.Errorf("latin %q", got)
	}
}

func TestFrontNumbers(t *testing.T) {
	for _, tc := range []struct {
		v    Numerals
		n    int
		want string
	}{
		{HebrewLetters, 1, "א"}, {HebrewLetters, 9, "ט"}, {HebrewLetters, 10, "י"}, {HebrewLetters, 11, "יא"},
		{HebrewLetters, 14, "יד"}, {HebrewLetters, 15, "טו"}, {HebrewLetters, 16, "טז"}, {HebrewLetters, 17, "יז"},
		{HebrewLetters, 20, "כ"}, {HebrewLetters, 99, "צט"}, {HebrewLetters, 115, "קטו"}, {HebrewLetters, 400, "ת"},
		{HebrewLetters, 500, "תק"}, {HebrewLetters, 916, "תתקטז"}, {HebrewLetters, 999, "תתקצט"}, {HebrewLetters, 1000, "1000"},
		{Abjad, 1, "أ"}, {Abjad, 5, "هـ"}, {Abjad, 11, "يأ"}, {Abjad, 1000, "غ"}, {Abjad, 2000, "2000"},
		{Roman, 4, "iv"}, {Roman, 14, "xiv"}, {Roman, 0, "0"},
	} {
		if got := FrontNumber(tc.n, tc.v); got != tc.want {
			t.Errorf("%s %d: %q, want %q", tc.v, tc.n, got, tc.want)
		}
	}
	// Each language's own: abjad for Arabic only (another Arabic-script
	// language takes Arabic's words, not its numerals), Hebrew letters for
	// Hebrew and Yiddish.
	for lang, want := range map[string]Numerals{"ar": Abjad, "ar-EG": Abjad, "he": HebrewLetters, "yi": HebrewLetters,
		"fa": Roman, "ur": Roman, "ckb": Roman, "ps": Roman, "sd": Roman, "en": Roman, "de": Roman} {
		if got := For(lang).Front; got != want {
			t.Errorf("%s: front matter in %q, want %q", lang, got, want)
		}
	}
}
