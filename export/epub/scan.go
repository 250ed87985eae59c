package epub

import (
	"encoding/xml"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/warraq/warraq/templates"
)

// scanPage walks a page as encoding/xml's strict decoder walks it (with
// xml.HTMLEntity), for the XML the templates write: elements, attributes
// in quotes, text with character references, the XML declaration and the
// doctype. It reports false, having walked part of the page or none, at
// anything else (a comment, CDATA, another processing instruction, a
// carriage return) and at anything the decoder would refuse; the caller
// then reads the page with the decoder. Reading the pages for their fonts
// spent half its time in the decoder, which copies every token and reads
// byte by byte.
func scanPage(data []byte, w *pageWalker) bool {
	src := string(data)
	if strings.IndexByte(src, '\r') >= 0 { // the decoder rewrites \r\n
		return false
	}
	var open []string // the names of the open elements, as written
	var attrs []attr
	for i := 0; i < len(src); {
		if src[i] != '<' {
			j := strings.IndexByte(src[i:], '<')
			if j < 0 {
				j = len(src) - i
			}
			raw := src[i : i+j]
			if strings.Contains(raw, "]]>") {
				return false
			}
			t, ok := unescape(raw, w.clean)
			if !ok {
				return false
			}
			w.text(t)
			i += j
			continue
		}
		rest := src[i:]
		switch {
		case strings.HasPrefix(rest, "<?"):
			decl := strings.TrimSuffix(templates.XMLDeclaration, "\n")
			if !strings.HasPrefix(rest, decl) {
				return false
			}
			i += len(decl)
		case strings.HasPrefix(rest, "<!"):
			const doctype = "<!DOCTYPE html>"
			if !strings.HasPrefix(rest, doctype) {
				return false
			}
			i += len(doctype)
		case strings.HasPrefix(rest, "</"):
			name, k := scanName(src, i+2)
			if name == "" {
				return false
			}
			k = skipSpace(src, k)
			if k >= len(src) || src[k] != '>' || len(open) == 0 || open[len(open)-1] != name {
				return false
			}
			open = open[:len(open)-1]
			w.end()
			i = k + 1
		default:
			name, k := scanName(src, i+1)
			local, ok := localName(name)
			if !ok {
				return false
			}
			attrs = attrs[:0]
			empty := false
			for {
				k = skipSpace(src, k)
				if k >= len(src) {
					return false
				}
				if src[k] == '>' {
					k++
					break
				}
				if src[k] == '/' {
					if k+1 >= len(src) || src[k+1] != '>' {
						return false
					}
					empty = true
					k += 2
					break
				}
				an, k2 := scanName(src, k)
				alocal, ok := localName(an)
				if !ok {
					return false
				}
				k = skipSpace(src, k2)
				if k >= len(src) || src[k] != '=' {
					return false
				}
				k = skipSpace(src, k+1)
				if k >= len(src) || (src[k] != '"' && src[k] != '\'') {
					return false
				}
				end := strings.IndexByte(src[k+1:], src[k])
				if end < 0 {
					return false
				}
				raw := src[k+1 : k+1+end]
				if strings.IndexByte(raw, '<') >= 0 {
					return false
				}
				v, ok := unescape(raw, w.clean)
				if !ok {
					return false
				}
				attrs = append(attrs, attr{alocal, v})
				k += end + 2
			}
			w.start(local, attrs)
			if empty {
				w.end()
			} else {
				open = append(open, name)
			}
			i = k
		}
	}
	return len(open) == 0
}

// scanName reads an XML name of ASCII letters, digits and _:.- at i; it
// returns "" for anything else there (a name in other letters included).
func scanName(s string, i int) (string, int) {
	j := i
	for j < len(s) {
		c := s[j]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_' || c == ':' || j > i && ('0' <= c && c <= '9' || c == '.' || c == '-') {
			j++
			continue
		}
		if c >= utf8.RuneSelf {
			return "", i
		}
		break
	}
	return s[i:j], j
}

// localName is the name without its prefix, as the decoder gives it.
func localName(name string) (string, bool) {
	if name == "" || strings.Count(name, ":") > 1 {
		return "", false
	}
	if space, local, ok := strings.Cut(name, ":"); ok && space != "" && local != "" {
		return local, true
	}
	return name, true
}

func skipSpace(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\n' || s[i] == '\t') {
		i++
	}
	return i
}

// unescape replaces the character references in raw text as the decoder
// does, and checks that every character is one XML allows (not those of
// raw text with none when clean: the page is known to be such text).
func unescape(raw string, clean bool) (string, bool) {
	if strings.IndexByte(raw, '&') < 0 {
		return raw, clean || xmlChars(raw)
	}
	var b strings.Builder
	b.Grow(len(raw))
	for {
		amp := strings.IndexByte(raw, '&')
		if amp < 0 {
			break
		}
		b.WriteString(raw[:amp])
		semi := strings.IndexByte(raw[amp:], ';')
		if semi < 0 {
			return "", false
		}
		ref := raw[amp+1 : amp+semi]
		raw = raw[amp+semi+1:]
		if strings.HasPrefix(ref, "#") {
			digits, base := ref[1:], 10
			if strings.HasPrefix(digits, "x") {
				digits, base = digits[1:], 16
			}
			for _, c := range []byte(digits) {
				if !('0' <= c && c <= '9' || base == 16 && ('a' <= c && c <= 'f' || 'A' <= c && c <= 'F')) {
					return "", false
				}
			}
			n, err := strconv.ParseUint(digits, base, 64)
			if err != nil || n > unicode.MaxRune {
				return "", false
			}
			b.WriteRune(rune(n))
			continue
		}
		if !asciiName(ref) {
			return "", false
		}
		switch ref {
		case "lt":
			b.WriteByte('<')
		case "gt":
			b.WriteByte('>')
		case "amp":
			b.WriteByte('&')
		case "apos":
			b.WriteByte('\'')
		case "quot":
			b.WriteByte('"')
		default:
			t, ok := xml.HTMLEntity[ref]
			if !ok {
				return "", false
			}
			b.WriteString(t)
		}
	}
	b.WriteString(raw)
	s := b.String()
	return s, xmlChars(s)
}

// asciiName reports whether s is a name of ASCII letters and digits that
// begins with a letter.
func asciiName(s string) bool {
	if s == "" {
		return false
	}
	for i, c := range []byte(s) {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || i > 0 && '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

// xmlChars reports whether s is UTF-8 of characters XML allows: valid
// UTF-8 (which has no surrogates) without C0 controls but tab, newline and
// carriage return, and without U+FFFE and U+FFFF (EF BF BE, EF BF BF),
// which are found byte by byte rather than by decoding each character.
func xmlChars(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c < 0x20 && c != '\t' && c != '\n' && c != '\r':
			return false
		case c == 0xEF && i+2 < len(s) && s[i+1] == 0xBF && s[i+2] >= 0xBE:
			return false
		}
	}
	return true
}
