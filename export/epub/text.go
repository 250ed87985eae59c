package epub

import (
	"fmt"
	"html"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/yuin/goldmark/util"
)

// xmlChar reports whether r may appear in an XML 1.0 document.
func xmlChar(r rune) bool {
	switch {
	case r == 0x9 || r == 0xA || r == 0xD:
		return true
	case r >= 0x20 && r <= 0xD7FF:
		return true
	case r >= 0xE000 && r <= 0xFFFD:
		return true
	case r >= 0x10000 && r <= 0x10FFFF:
		return true
	}
	return false
}

// cleanXML drops what no XML document may contain (C0 controls, lone
// surrogates, U+FFFE/U+FFFF) and replaces invalid UTF-8 with U+FFFD, so any
// source text can be escaped into a well-formed document.
func cleanXML(s string) string {
	ok := utf8.ValidString(s)
	if ok {
		for _, r := range s {
			if !xmlChar(r) {
				ok = false
				break
			}
		}
	}
	if ok {
		return s
	}
	var b strings.Builder
	for _, r := range s { // invalid UTF-8 arrives as utf8.RuneError, which is allowed
		if xmlChar(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

var xmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "\r", "&#13;")

// esc escapes s for XML text and attribute values.
func esc(s string) string { return xmlEscaper.Replace(cleanXML(s)) }

// unescapeMarkdown turns a CommonMark text segment into the characters it
// stands for: backslash escapes of ASCII punctuation and HTML entity references.
func unescapeMarkdown(v []byte, backslash bool) string {
	if !strings.ContainsAny(string(v), `\&`) {
		return string(v)
	}
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		c := v[i]
		if backslash && c == '\\' && i+1 < len(v) && util.IsPunct(v[i+1]) {
			b.WriteByte(v[i+1])
			i++
			continue
		}
		if c == '&' {
			if end := entityEnd(v[i:]); end > 0 {
				ref := string(v[i : i+end])
				if s := html.UnescapeString(ref); s != ref {
					if s == "\x00" {
						s = "\uFFFD"
					}
					b.WriteString(s)
					i += end - 1
					continue
				}
			}
		}
		b.WriteByte(c)
	}
	return b.String()
}

// entityEnd returns the length of the entity reference at the start of v
// ("&name;", "&#123;", "&#x1F;"), or 0 when there is none.
func entityEnd(v []byte) int {
	for i := 1; i < len(v) && i < 40; i++ {
		c := v[i]
		switch {
		case c == ';':
			if i == 1 {
				return 0
			}
			return i + 1
		case c == '#' && i == 1:
		case c >= '0' && c <= '9', c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		default:
			return 0
		}
	}
	return 0
}

// digitSet writes generated numbers (note numbers, dates) in the book's digits.
type digitSet struct {
	zero rune   // '0', U+0660 (Arabic-Indic) or U+06F0 (extended, Persian and Urdu)
	css  string // list-style-type for ordered lists
}

func newDigitSet(native bool, lang string) digitSet {
	if !native {
		return digitSet{zero: '0', css: "decimal"}
	}
	switch baseLang(lang) {
	case "fa":
		return digitSet{zero: '\u06F0', css: "persian"}
	case "ur":
		return digitSet{zero: '\u06F0', css: "urdu"}
	}
	return digitSet{zero: '\u0660', css: "arabic-indic"}
}

func (d digitSet) format(n int) string { return d.convert(fmt.Sprint(n)) }

func (d digitSet) convert(s string) string {
	if d.zero == '0' {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return d.zero + (r - '0')
		}
		return r
	}, s)
}

func baseLang(lang string) string {
	l := strings.ToLower(lang)
	if i := strings.IndexAny(l, "-_"); i >= 0 {
		l = l[:i]
	}
	return l
}

// labels are the few words the EPUB generates itself, in the book's language.
type labels struct {
	Contents, Landmarks, Cover, TitlePage, Start, Notes, Back string
	Done, NotDone                                             string // task list boxes
	Source                                                    string // link to where an article first appeared
	CoverOf                                                   string // "%s": the title
	Comma                                                     string // list separator
	Months                                                    [12]string
}

var arabicLabels = labels{
	Contents: "المحتويات", Landmarks: "معالم الكتاب", Cover: "الغلاف", TitlePage: "صفحة العنوان",
	Start: "بداية النص", Notes: "الحواشي", Back: "العودة إلى النص", Done: "تم", NotDone: "لم يتم", Source: "نُشر أولًا هنا", CoverOf: "غلاف كتاب «%s»",
	Comma: "، ",
	Months: [12]string{"يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو",
		"أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"},
}

var englishLabels = labels{
	Contents: "Contents", Landmarks: "Landmarks", Cover: "Cover", TitlePage: "Title page",
	Start: "Start of content", Notes: "Notes", Back: "Back to text", Done: "done", NotDone: "not done", Source: "First published here", CoverOf: "Cover of %s",
	Comma: ", ",
	Months: [12]string{"January", "February", "March", "April", "May", "June", "July",
		"August", "September", "October", "November", "December"},
}

func labelsFor(lang string) labels {
	switch baseLang(lang) {
	case "ar", "ps", "sd", "ug", "ckb", "ku":
		return arabicLabels
	case "fa", "ur":
		l := arabicLabels
		l.Contents, l.Notes, l.Comma = "فهرست", "پانویس‌ها", "، "
		return l
	}
	return englishLabels
}

// date formats t as "2 March 2025" in the book's words and digits.
func (l labels) date(t time.Time, d digitSet) string {
	return d.convert(fmt.Sprint(t.Day())) + " " + l.Months[t.Month()-1] + " " + d.convert(fmt.Sprint(t.Year()))
}
