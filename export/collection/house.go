package collection

import (
	"bytes"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/warraq/warraq/export/diag"
)

// maxStyleBytes bounds a stylesheet or template file: anything larger is not
// one a person wrote.
const maxStyleBytes = 4 << 20

// templateExts are the kinds of file a templates: directory may replace;
// anything else in it (a README, an image) is left alone.
var templateExts = map[string]bool{".xhtml": true, ".xml": true, ".opf": true, ".ncx": true, ".html": true, ".css": true}

// readHouseStyle reads book.yaml's style: file and templates: directory.
// Which templates exist and whether they parse is for the templates
// package (export.Prepare asks it); here: the paths stay inside the
// collection, the files are UTF-8, and the stylesheet holds nothing an
// EPUB may not have.
func (l *loader) readHouseStyle(b *Book) {
	if s := l.cfg.Style; s != "" {
		if rel, abs, ok := l.housePath("style", s, l.info.styleLine); ok {
			if data, ok := l.readHouseFile(rel, abs, "style", l.info.styleLine); ok {
				b.Style = &File{Path: rel, Data: data}
				l.checkStyle(b.Style)
			}
		}
	}
	if t := l.cfg.Templates; t != "" {
		rel, abs, ok := l.housePath("templates", t, l.info.templatesLine)
		if !ok {
			return
		}
		if st, err := os.Stat(abs); err != nil || !st.IsDir() {
			l.errorf(diag.Unreadable, BookFile, l.info.templatesLine, "templates: %s is not a directory (`warraq init --templates` makes one to start from)", t)
			return
		}
		entries, err := os.ReadDir(abs)
		if err != nil {
			l.errorf(diag.Unreadable, BookFile, l.info.templatesLine, "templates: cannot read %s: %s", t, unwrapPathError(err))
			return
		}
		sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
		for _, e := range entries {
			name := e.Name()
			if strings.HasPrefix(name, ".") || e.IsDir() || !templateExts[strings.ToLower(path.Ext(name))] {
				continue
			}
			frel := path.Join(rel, name)
			if data, ok := l.readHouseFile(frel, filepath.Join(abs, name), "templates", l.info.templatesLine); ok {
				b.Templates = append(b.Templates, File{Path: frel, Data: data})
			}
		}
	}
}

// housePath resolves a style: or templates: path, which must stay inside
// the collection (symbolic links included).
func (l *loader) housePath(key, p string, line int) (rel, abs string, ok bool) {
	rel, ok = cleanRel(p)
	if !ok {
		l.errorf(diag.PathOutside, BookFile, line, "%s: %q is outside the collection; refused", key, p)
		return "", "", false
	}
	abs = filepath.Join(l.root, filepath.FromSlash(rel))
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		l.errorf(diag.Unreadable, BookFile, line, "%s: no such file or directory %s", key, p)
		return "", "", false
	}
	if !within(l.realRoot, real) {
		l.errorf(diag.PathOutside, BookFile, line, "%s: %s leads outside the collection (%s); refused", key, p, real)
		return "", "", false
	}
	return rel, abs, true
}

func (l *loader) readHouseFile(rel, abs, key string, line int) ([]byte, bool) {
	st, err := os.Stat(abs)
	if err != nil || !st.Mode().IsRegular() {
		l.errorf(diag.Unreadable, BookFile, line, "%s: %s is not a file", key, rel)
		return nil, false
	}
	if st.Size() > maxStyleBytes {
		l.errorf(diag.Limit, rel, 0, "file is %d MB, more than the %d MB a %s file may have", st.Size()>>20, maxStyleBytes>>20, key)
		return nil, false
	}
	data, err := os.ReadFile(abs)
	if err != nil {
		l.errorf(diag.Unreadable, rel, 0, "cannot read: %s", unwrapPathError(err))
		return nil, false
	}
	return normalizeText(data, rel, &l.diags)
}

var (
	// EPUB 3 forbids these properties: a reader takes direction from the
	// dir attributes Warraq writes (epubcheck reports them as errors).
	cssDirection = regexp.MustCompile(`(?i)(?:^|[;{\s])(direction|unicode-bidi)\s*:`)
	cssImport    = regexp.MustCompile(`(?i)@import\b`)
	cssURL       = regexp.MustCompile(`(?i)url\(\s*['"]?([^'")\s]*)`)
)

// checkStyle reports, line by line, what the stylesheet cannot do in a book:
// set the direction (EPUB forbids it), or load other files (they are not
// packaged, so a reader would not find them).
func (l *loader) checkStyle(f *File) {
	for i, line := range bytes.Split(f.Data, []byte("\n")) {
		n := i + 1
		if m := cssDirection.FindSubmatch(line); m != nil {
			l.errorf(diag.InvalidValue, f.Path, n, "%s: EPUB forbids this property (the text's direction comes from the dir attributes Warraq writes); remove it", m[1])
		}
		if cssImport.Match(line) {
			l.warnf(diag.InvalidValue, f.Path, n, "@import is not followed: the file it names is not part of the book; put its rules in this file")
		}
		for _, m := range cssURL.FindAllSubmatch(line, -1) {
			if u := string(m[1]); !strings.HasPrefix(strings.ToLower(u), "data:") && !strings.HasPrefix(u, "#") {
				l.warnf(diag.InvalidValue, f.Path, n, "url(%s): %s", u, urlNote(u))
			}
		}
	}
}

func urlNote(u string) string {
	lu := strings.ToLower(u)
	if strings.HasPrefix(lu, "http:") || strings.HasPrefix(lu, "https:") || strings.HasPrefix(lu, "//") {
		return "a remote file; EPUB readers do not fetch it"
	}
	return fmt.Sprintf("%s is not packaged with the book; use a data: URL, or one of the embedded fonts by name", u)
}
