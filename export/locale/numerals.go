package locale

import (
	"strconv"
	"strings"
)

// Numerals is a way of numbering a book's preliminary pages.
type Numerals string

const (
	Roman         Numerals = "roman"  // i ii iii iv …
	Abjad         Numerals = "abjad"  // أ ب ج د هـ و ز ح ط ي يا …
	HebrewLetters Numerals = "hebrew" // א ב ג ד ה ו ז ח ט י יא … טו טז …
)

// FrontNumber writes n (from 1) in numerals v. A number v cannot write (0,
// or 2,000 and more in abjad, 1,000 and more in Hebrew letters) is written
// in Latin digits.
func FrontNumber(n int, v Numerals) string {
	switch v {
	case Abjad:
		return abjad(n)
	case HebrewLetters:
		return hebrewLetters(n)
	}
	return roman(n)
}

func roman(n int) string {
	if n <= 0 {
		return strconv.Itoa(n)
	}
	vals := []int{1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1}
	syms := []string{"m", "cm", "d", "cd", "c", "xc", "l", "xl", "x", "ix", "v", "iv", "i"}
	var b strings.Builder
	for i, v := range vals {
		for n >= v {
			b.WriteString(syms[i])
			n -= v
		}
	}
	return b.String()
}

// abjad writes n (1..1999) in abjad numerals, highest value first (e.g. 11 = يأ).
func abjad(n int) string {
	ones := []string{"", "أ", "ب", "ج", "د", "هـ", "و", "ز", "ح", "ط"}
	tens := []string{"", "ي", "ك", "ل", "م", "ن", "س", "ع", "ف", "ص"}
	hundreds := []string{"", "ق", "ر", "ش", "ت", "ث", "خ", "ذ", "ض", "ظ"}
	if n <= 0 || n >= 2000 {
		return strconv.Itoa(n)
	}
	var b strings.Builder
	if n >= 1000 {
		b.WriteString("غ")
		n -= 1000
	}
	b.WriteString(hundreds[n/100])
	b.WriteString(tens[n/10%10])
	b.WriteString(ones[n%10])
	return b.String()
}

// hebrewLetters writes n (1..999) in Hebrew letters, highest value first,
// as Hebrew books number their preliminary pages and CSS's hebrew counter
// style numbers lists: 11 = יא, 15 = טו and 16 = טז (not the letters of the
// divine name), 500 = תק. No geresh or gershayim: a folio stands alone.
func hebrewLetters(n int) string {
	if n <= 0 || n >= 1000 {
		return strconv.Itoa(n)
	}
	ones := []string{"", "א", "ב", "ג", "ד", "ה", "ו", "ז", "ח", "ט"}
	tens := []string{"", "י", "כ", "ל", "מ", "נ", "ס", "ע", "פ", "צ"}
	hundreds := []string{"", "ק", "ר", "ש", "ת"}
	var b strings.Builder
	for h := n / 100; h > 0; h -= min(h, 4) {
		b.WriteString(hundreds[min(h, 4)])
	}
	switch r := n % 100; r {
	case 15, 16:
		b.WriteString("ט" + ones[r-9])
	default:
		b.WriteString(tens[r/10] + ones[r%10])
	}
	return b.String()
}
