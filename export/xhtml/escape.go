package xhtml

import (
	"strings"
	"unicode/utf8"
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

// Clean drops what no XML document may contain (C0 controls, lone
// surrogates, U+FFFE/U+FFFF) and replaces invalid UTF-8 with U+FFFD, so any
// text can be escaped into a well-formed document.
func Clean(s string) string {
	if utf8.ValidString(s) && validXML(s) {
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

// Cleaned reports whether b is what Clean leaves as it is: valid UTF-8
// with only characters XML allows.
func Cleaned(b []byte) bool { return utf8.Valid(b) && validXML(b) }

// validXML reports whether valid UTF-8 s holds only characters XML
// allows. Valid UTF-8 has no surrogates and nothing past U+10FFFF, so what
// is left to find are the C0 controls and U+FFFE and U+FFFF (EF BF BE, EF
// BF BF), byte by byte: every page of a book is checked, and decoding each
// character was most of it. Eight bytes are looked at together, and only
// those holding a byte under 0x20 or an 0xEF (a line's end, mostly) one
// by one.
func validXML[T string | []byte](s T) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	i := 0
	for ; i+8 <= len(s); i += 8 {
		w := s[i : i+8] // one load of eight bytes, with no checks of bounds
		x := uint64(w[0]) | uint64(w[1])<<8 | uint64(w[2])<<16 | uint64(w[3])<<24 |
			uint64(w[4])<<32 | uint64(w[5])<<40 | uint64(w[6])<<48 | uint64(w[7])<<56
		e := x ^ 0xEF*ones
		// A byte under 0x20, or one equal to 0xEF (zero in e), sets
		// the high bit of some byte here (any borrow starts at such a
		// byte).
		if (x-0x20*ones)&^x&highs == 0 && (e-ones)&^e&highs == 0 {
			continue
		}
		if !validXMLBytes(s, i, i+8) {
			return false
		}
	}
	return validXMLBytes(s, i, len(s))
}

// validXMLBytes is validXML of the bytes of s from i to j, one by one.
func validXMLBytes[T string | []byte](s T, i, j int) bool {
	for ; i < j; i++ {
		switch c := s[i]; {
		case c < 0x20 && c != '\t' && c != '\n' && c != '\r':
			return false
		case c == 0xEF && i+2 < len(s) && s[i+1] == 0xBF && s[i+2] >= 0xBE:
			return false
		}
	}
	return true
}

var xmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "\r", "&#13;")

// Escape makes s safe as XML text and as a double-quoted attribute value.
func Escape(s string) string { return xmlEscaper.Replace(Clean(s)) }

// writeEscaped writes Escape(s) to b, in one pass over text that needs
// no cleaning (all of it but for a stray control character): the text is
// escaped straight into b rather than cleaned, escaped into a string of
// its own and copied.
func writeEscaped(b *strings.Builder, s string) {
	if !utf8.ValidString(s) {
		b.WriteString(Escape(s))
		return
	}
	last := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !escapeBytes[c] {
			continue
		}
		var ref string
		switch c {
		case '&':
			ref = "&amp;"
		case '<':
			ref = "&lt;"
		case '>':
			ref = "&gt;"
		case '"':
			ref = "&quot;"
		case '\r':
			ref = "&#13;"
		case '\t', '\n':
			continue
		case 0xEF:
			if !(i+2 < len(s) && s[i+1] == 0xBF && s[i+2] >= 0xBE) {
				continue
			}
			fallthrough
		default:
			// A character XML does not allow (Clean drops it), at a
			// character's start: Clean and the escaping work character
			// by character, so the rest is escaped on its own.
			b.WriteString(s[last:i])
			b.WriteString(Escape(s[i:]))
			return
		}
		b.WriteString(s[last:i])
		b.WriteString(ref)
		last = i + 1
	}
	b.WriteString(s[last:])
}

// escapeBytes are the bytes writeEscaped stops at: those Escape replaces,
// the C0 controls and the first byte of U+FFFE and U+FFFF.
var escapeBytes = func() (t [256]bool) {
	for c := range 0x20 {
		t[c] = true
	}
	for _, c := range []byte("&<>\"\xEF") {
		t[c] = true
	}
	return t
}()

// URL writes an external URL as an href: what may not stand in a URL as
// written (spaces, quotes, non-ASCII letters) is percent-encoded, and
// existing escapes are left alone. The result still needs Escape (a URL
// may hold '&').
func URL(u string) string {
	u = strings.TrimSpace(Clean(u))
	var b strings.Builder
	for i := 0; i < len(u); {
		c := u[i]
		switch {
		case urlSafe(c):
			b.WriteByte(c)
			i++
		case c == '%' && i+2 < len(u) && isHex(u[i+1]) && isHex(u[i+2]):
			b.WriteString(u[i : i+3])
			i += 3
		default:
			_, size := utf8.DecodeRuneInString(u[i:])
			for _, x := range []byte(u[i : i+size]) {
				b.WriteByte('%')
				b.WriteByte(hexDigits[x>>4])
				b.WriteByte(hexDigits[x&15])
			}
			i += size
		}
	}
	return b.String()
}

const hexDigits = "0123456789ABCDEF"

// urlSafe are the ASCII characters a URL may hold as they are (CommonMark's
// set, which goldmark and most Markdown tools write).
func urlSafe(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("!#$&'()*+,-./:;=?@_~", c) >= 0
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
