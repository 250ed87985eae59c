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
	if xmlText(s, utf8.DecodeRuneInString) {
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
func Cleaned(b []byte) bool { return xmlText(b, utf8.DecodeRune) }

// xmlText reports whether s is valid UTF-8 of characters XML allows (what
// Clean leaves as it is), in one pass: decode is utf8.DecodeRune or
// DecodeRuneInString. What is to be found are invalid UTF-8 (lone
// surrogates included), the C0 controls but tab, newline and carriage
// return, and U+FFFE and U+FFFF. Every page of a book is checked, and its
// body's text before: eight bytes of ASCII are looked at together, and the
// characters of two bytes (Arabic, Hebrew) decoded here, without a call.
func xmlText[T string | []byte](s T, decode func(T) (rune, int)) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c < utf8.RuneSelf:
			if i+8 <= len(s) {
				w := s[i : i+8] // one load of eight bytes, with no checks of bounds
				x := uint64(w[0]) | uint64(w[1])<<8 | uint64(w[2])<<16 | uint64(w[3])<<24 |
					uint64(w[4])<<32 | uint64(w[5])<<40 | uint64(w[6])<<48 | uint64(w[7])<<56
				// No byte of 0x80 or more, none under 0x20 (a byte
				// under 0x20 sets the high bit of some byte here:
				// any borrow starts at such a byte).
				if x&highs == 0 && (x-0x20*ones)&^x&highs == 0 {
					i += 8
					continue
				}
			}
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
				return false
			}
			i++
		case c >= 0xC2 && c < 0xE0 && i+1 < len(s) && s[i+1]&0xC0 == 0x80:
			i += 2
		default:
			r, size := decode(s[i:])
			if r == utf8.RuneError && size == 1 || r == 0xFFFE || r == 0xFFFF {
				return false
			}
			i += size
		}
	}
	return true
}

var xmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "\r", "&#13;")

// Escape makes s safe as XML text and as a double-quoted attribute value.
func Escape(s string) string { return xmlEscaper.Replace(Clean(s)) }

// writeEscaped writes Escape(s) to b, in one pass over text that needs
// no cleaning (all of it but for a stray control character or a bad
// byte): the text is checked and escaped straight into b rather than
// checked, escaped into a string of its own and copied.
func writeEscaped(b *strings.Builder, s string) {
	last := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			if c >= 0xC2 && c < 0xE0 && i+1 < len(s) && s[i+1]&0xC0 == 0x80 {
				i += 2 // Arabic, Hebrew: decoded here, without a call
				continue
			}
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 || r == 0xFFFE || r == 0xFFFF {
				// Invalid UTF-8 or a character XML forbids, at a
				// character's start: Clean and the escaping work
				// character by character, so the rest is escaped
				// on its own.
				b.WriteString(s[last:i])
				b.WriteString(Escape(s[i:]))
				return
			}
			i += size
			continue
		}
		if !escapeBytes[c] {
			i++
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
			i++
			continue
		default: // another control, which Clean drops
			b.WriteString(s[last:i])
			b.WriteString(Escape(s[i:]))
			return
		}
		b.WriteString(s[last:i])
		b.WriteString(ref)
		i++
		last = i
	}
	b.WriteString(s[last:])
}

// escapeBytes are the ASCII bytes writeEscaped stops at: those Escape
// replaces and the C0 controls.
var escapeBytes = func() (t [utf8.RuneSelf]bool) {
	for c := range 0x20 {
		t[c] = true
	}
	for _, c := range []byte("&<>\"") {
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
