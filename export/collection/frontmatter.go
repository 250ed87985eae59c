package collection

import (
	"bytes"
	"encoding/binary"
	"time"
	"unicode/utf8"

	"github.com/warraq/warraq/export/config"
	"github.com/warraq/warraq/export/diag"
	"go.yaml.in/yaml/v3"
	"golang.org/x/text/language"
)

// frontMatter is an article's YAML header.
type frontMatter struct {
	Title, Subtitle, Summary, Source, Lang, Dir, Slug string
	Authors, Tags                                     []string
	Date                                              time.Time
	DateRaw                                           string
	Draft                                             bool
	Weight                                            int
	TitleLine, SlugLine, DateLine                     int
}

// frontMatterKeys is the schema, for suggestions and the README.
var frontMatterKeys = []string{"title", "subtitle", "author", "date", "tags", "draft", "summary", "source", "lang", "dir", "weight", "slug"}

// bom is U+FEFF in UTF-8, the byte-order mark some editors write first.
var bom = []byte("\xEF\xBB\xBF")

// normalizeText validates a Markdown file's bytes and returns them as UTF-8
// without BOM and with LF line ends. ok is false when the file cannot be read
// as an article; the reason is in diags.
func normalizeText(data []byte, file string, diags *[]diag.Diagnostic) ([]byte, bool) {
	r := diag.List{File: file, Diags: diags}
	if enc := utf16Encoding(data); enc != "" {
		r.Errorf(diag.Encoding, 0, "the file is %s, not UTF-8; save it as UTF-8", enc)
		return nil, false
	}
	if !validUTF8(data) {
		off := 0
		for off < len(data) {
			c, size := utf8.DecodeRune(data[off:])
			if c == utf8.RuneError && size <= 1 {
				break
			}
			off += size
		}
		line := 1 + bytes.Count(data[:off], []byte{'\n'})
		r.Errorf(diag.Encoding, line, "not valid UTF-8 (byte 0x%02X); save the file as UTF-8", data[off])
		return nil, false
	}
	// A file pasted together from pieces saved with a byte-order mark can
	// start with several; none of them is text.
	for bytes.HasPrefix(data, bom) {
		data = data[len(bom):]
	}
	if bytes.IndexByte(data, '\r') >= 0 {
		data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
		data = bytes.ReplaceAll(data, []byte("\r"), []byte("\n"))
	}
	if len(bytes.TrimSpace(data)) == 0 {
		r.Errorf(diag.EmptyArticle, 0, "empty article")
		return nil, false
	}
	return data, true
}

// validUTF8 is utf8.Valid(p), quicker on text most of whose characters
// take two bytes. utf8.Valid looks at eight ASCII bytes at once only
// until the first byte past ASCII, then at each byte through a table;
// an Arabic article's first letter came early, and checking its bytes was
// 4% of loading a book. Here a two-byte character is checked where it is,
// and each run of ASCII eight bytes at a time.
func validUTF8(p []byte) bool {
	for i := 0; i < len(p); {
		c := p[i]
		switch {
		case c < utf8.RuneSelf:
			if i+8 <= len(p) && binary.LittleEndian.Uint64(p[i:])&0x8080808080808080 == 0 {
				i += 8
			} else {
				i++
			}
		case c >= 0xC2 && c < 0xE0:
			if i+1 >= len(p) || p[i+1]&0xC0 != 0x80 {
				return false
			}
			i += 2
		default:
			r, size := utf8.DecodeRune(p[i:])
			if r == utf8.RuneError && size == 1 {
				return false
			}
			i += size
		}
	}
	return true
}

// utf16Encoding names the UTF-16 encoding data is in, or "". Without a
// byte-order mark, UTF-16 text is often valid UTF-8 (ASCII and zero bytes;
// Arabic letters are 0x21-0x4A then 0x06), which used to read as an article
// with no title. Its mark: at one of the two parities nearly every byte is
// the high byte of a Basic Latin, Cyrillic, Hebrew or Arabic character
// (0x00, 0x04, 0x05, 0x06), bytes that text in UTF-8 never has.
func utf16Encoding(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		return "UTF-16 (little-endian, with a byte-order mark)"
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return "UTF-16 (big-endian, with a byte-order mark)"
	}
	head := data[:min(len(data), 512)&^1]
	if len(head) < 4 {
		return ""
	}
	var high [2]int // such bytes at even and at odd offsets
	for i, c := range head {
		if c <= 0x06 && (c == 0 || c >= 0x04) {
			high[i%2]++
		}
	}
	half := len(head) / 2
	switch {
	case high[1] >= half*9/10 && high[0] < half/4:
		return "UTF-16 (little-endian)"
	case high[0] >= half*9/10 && high[1] < half/4:
		return "UTF-16 (big-endian)"
	}
	return ""
}

// splitFrontMatter parses the front matter at the top of normalized text and
// returns it with the body and the file line on which the body starts.
func splitFrontMatter(data []byte, file string, diags *[]diag.Diagnostic) (fm frontMatter, body []byte, bodyLine int, ok bool) {
	r := diag.List{File: file, Diags: diags}
	first, _, _ := bytes.Cut(data, []byte("\n"))
	if string(bytes.TrimRight(first, " \t")) != "---" {
		return fm, data, 1, true
	}
	// Find the closing line: "---" or "...".
	line := 2
	off := len(first) + 1
	for off <= len(data) {
		end := bytes.IndexByte(data[off:], '\n')
		var l []byte
		if end < 0 {
			l = data[off:]
		} else {
			l = data[off : off+end]
		}
		if t := string(bytes.TrimRight(l, " \t")); t == "---" || t == "..." {
			yamlSrc := data[len(first)+1 : off]
			bodyStart := len(data)
			if end >= 0 {
				bodyStart = off + end + 1
			}
			fm, ok = decodeFrontMatter(yamlSrc, file, diags)
			// A mark after the front matter is the same artifact (front
			// matter pasted before a file that had one): drop it too.
			body = data[bodyStart:]
			for bytes.HasPrefix(body, bom) {
				body = body[len(bom):]
			}
			return fm, body, line + 1, ok
		}
		if end < 0 {
			break
		}
		off += end + 1
		line++
	}
	r.Errorf(diag.FrontMatter, 1, "front matter opened with --- is never closed (add a --- line after it)")
	return fm, nil, 0, false
}

func decodeFrontMatter(src []byte, file string, diags *[]diag.Diagnostic) (frontMatter, bool) {
	var fm frontMatter
	before := countErrors(*diags)
	r := diag.List{File: file, Offset: 1, Diags: diags}
	root, ok := config.Parse(src, r)
	if !ok {
		return fm, false
	}
	if root == nil {
		return fm, true
	}
	config.Map(root, r, "front matter", config.Fields{
		"title":    func(n *yaml.Node) { fm.TitleLine = n.Line + 1; config.Str(r, "title", &fm.Title)(n) },
		"subtitle": config.Str(r, "subtitle", &fm.Subtitle),
		"author":   config.StrList(r, "author", &fm.Authors),
		"date":     func(n *yaml.Node) { fm.DateLine = n.Line + 1; config.Date(r, "date", &fm.Date, &fm.DateRaw)(n) },
		"tags":     config.StrList(r, "tags", &fm.Tags),
		"draft":    config.Bool(r, "draft", &fm.Draft),
		"summary":  config.Str(r, "summary", &fm.Summary),
		"source":   config.Str(r, "source", &fm.Source),
		"lang": func(n *yaml.Node) {
			config.Str(r, "lang", &fm.Lang)(n)
			if fm.Lang != "" {
				if _, err := language.Parse(fm.Lang); err != nil {
					r.At(n.Column).Errorf(diag.InvalidValue, n.Line, "lang: %q is not a BCP 47 language tag (e.g. ar, en, fa)", fm.Lang)
					fm.Lang = ""
				}
			}
		},
		"dir":    config.OneOf(r, "dir", &fm.Dir, "rtl", "ltr"),
		"weight": config.Int(r, "weight", &fm.Weight),
		"slug":   func(n *yaml.Node) { fm.SlugLine = n.Line + 1; config.Str(r, "slug", &fm.Slug)(n) },
	})
	if fm.Title == "" {
		fm.TitleLine = 0
	}
	return fm, countErrors(*diags) == before
}

func countErrors(d []diag.Diagnostic) int { return diag.Count(d, diag.Error) }
