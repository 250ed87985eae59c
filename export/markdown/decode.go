package markdown

import (
	"html"
	"strings"

	"github.com/yuin/goldmark/util"
)

// decode turns a CommonMark text segment into the characters it stands for,
// in one pass: backslash escapes of ASCII punctuation (when backslash is
// true) and HTML entity and character references. One pass matters: "\&amp;"
// is a backslash-escaped "&" followed by "amp;", not an entity.
func decode(v []byte, backslash bool) string {
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
						s = "\uFFFD" // CommonMark: &#0; is the replacement character
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
