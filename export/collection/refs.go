package collection

import (
	"bytes"
	"fmt"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/warraq/warraq/export/config"
	"github.com/warraq/warraq/export/diag"
	"github.com/warraq/warraq/export/doc"
)

// destKind classifies a link or image destination.
type destKind int

const (
	destEmpty    destKind = iota
	destExternal          // http, https, mailto
	destScheme            // any other scheme (javascript:, data:, file:...)
	destFragment          // "#frag" in the same article
	destPath              // a path inside the collection
	destAbsolute          // "/x" or "C:\x"
	destEscapes           // "../" climbing out of the collection
)

// classify parses dest as written in the article at articlePath. For paths it
// returns the cleaned slash path relative to the root; for external links the
// URL to use.
func classify(articlePath, dest string) (kind destKind, key, frag string) {
	dest = strings.TrimSpace(dest)
	if dest == "" {
		return destEmpty, "", ""
	}
	if strings.HasPrefix(dest, "#") {
		f, err := url.PathUnescape(dest[1:])
		if err != nil {
			f = dest[1:]
		}
		return destFragment, "", f
	}
	if strings.HasPrefix(dest, "//") {
		return destScheme, "", ""
	}
	if len(dest) > 2 && dest[1] == ':' && (dest[2] == '\\' || dest[2] == '/') {
		return destAbsolute, "", ""
	}
	u, err := url.Parse(dest)
	if err != nil {
		// Not a URL (e.g. a stray %): take it as a plain path.
		u = &url.URL{Path: dest}
		if p, f, ok := strings.Cut(dest, "#"); ok {
			u.Path, u.Fragment = p, f
		}
	}
	if u.Scheme != "" {
		switch strings.ToLower(u.Scheme) {
		case "http", "https", "mailto":
			return destExternal, dest, ""
		}
		return destScheme, "", ""
	}
	if u.Host != "" {
		return destScheme, "", ""
	}
	p := strings.ReplaceAll(u.Path, "\\", "/")
	if p == "" {
		return destFragment, "", u.Fragment
	}
	if strings.HasPrefix(p, "/") {
		return destAbsolute, "", ""
	}
	if strings.HasPrefix(strings.ToLower(p), "www.") && !isMarkdown(p) {
		return destExternal, "http://" + dest, ""
	}
	c := path.Clean(path.Join(path.Dir(articlePath), p))
	if c == ".." || strings.HasPrefix(c, "../") {
		return destEscapes, "", ""
	}
	return destPath, c, u.Fragment
}

// CoverAsset returns the supplied cover image, or nil when the cover is generated.
func (b *Book) CoverAsset() *Asset { return b.cover }

// CoverEdge is the mean colour (red, green, blue) of the supplied cover's
// outermost pixels, found as loading decoded it: the colour the cover is
// fitted on when book.yaml gives none. Zero when the cover is generated.
func (b *Book) CoverEdge() [3]uint8 { return b.coverEdge }

// resolve is Resolve with the reason a link is not followed (for warnings).
func (b *Book) resolve(a *Article, dest string) (Target, string) {
	kind, key, frag := classify(a.Path, dest)
	switch kind {
	case destEmpty:
		return Target{}, ""
	case destExternal:
		return Target{External: key}, ""
	case destScheme:
		return Target{}, fmt.Sprintf("link %q is not http, https or mailto; shown as plain text", dest)
	case destAbsolute:
		return Target{}, fmt.Sprintf("link %q is an absolute path; shown as plain text", dest)
	case destEscapes:
		return Target{}, fmt.Sprintf("link %q leaves the collection; shown as plain text", dest)
	case destFragment:
		if frag == "" {
			return Target{Article: a}, ""
		}
		if id, ok := a.anchors[frag]; ok {
			return Target{Article: a, Fragment: id}, ""
		}
		return Target{Article: a}, fmt.Sprintf("link %q: no heading with that anchor in this article", dest)
	}
	t := b.byPath[key]
	if t == nil {
		abs := filepath.Join(b.Root, filepath.FromSlash(key))
		if _, err := os.Stat(abs); err != nil {
			return Target{}, fmt.Sprintf("link %q: %s does not exist; shown as plain text", dest, key)
		}
		if isMarkdown(key) {
			return Target{}, fmt.Sprintf("link %q: %s is not in the book; shown as plain text", dest, key)
		}
		return Target{}, fmt.Sprintf("link %q: %s is not an article of the book; shown as plain text", dest, key)
	}
	if frag == "" {
		return Target{Article: t}, ""
	}
	if id, ok := t.anchors[frag]; ok {
		return Target{Article: t, Fragment: id}, ""
	}
	return Target{Article: t}, fmt.Sprintf("link %q: %s has no heading with anchor %q", dest, key, frag)
}

// imageRef is one use of an image, for blame.
type imageRef struct {
	file string
	line int
}

// resolveReferences resolves every link of every article (warning about
// those the book cannot follow), loads the images the articles use (in
// parallel) and the supplied cover, and hands each image its file.
func (l *loader) resolveReferences(b *Book) {
	l.resolveLinks(b)
	keys, first, coverKey := l.imageFiles(b)
	if total := l.imageBytes(keys); total > maxImageBytes {
		l.errorf(diag.Limit, BookFile, 0, "the %d image files of the book are %s together, more than the %s one book may carry; "+
			"make them smaller (JPEG for photographs) or split the book", len(keys), config.Size(total), config.Size(maxImageBytes))
		return
	}
	loads := l.loadImages(keys, coverKey)
	b.assets = map[string]*Asset{}
	for i, k := range keys {
		ref := first[k]
		if k == coverKey {
			ref = imageRef{BookFile, l.info.coverLine}
		}
		if ld := loads[i]; ld.problem != "" {
			l.errorf(diag.Image, ref.file, ref.line, "image %s: %s", k, ld.problem)
			continue
		} else if ld.note != "" {
			l.warnf(diag.Image, ref.file, ref.line, "image %s: %s", k, ld.note)
		}
		if k == coverKey {
			b.cover, b.coverEdge = loads[i].asset, loads[i].edge
		}
		if first[k].file == BookFile {
			continue // used only as the cover
		}
		b.assets[k] = loads[i].asset
	}
	// Assets lists article images only; the cover stays apart (CoverAsset).
	seen := map[*Asset]bool{}
	for _, k := range keys {
		if a := b.assets[k]; a != nil && !seen[a] {
			seen[a] = true
			b.Assets = append(b.Assets, a)
		}
	}
	sort.Slice(b.Assets, func(i, j int) bool { return b.Assets[i].Path < b.Assets[j].Path })
	l.eachModel(b, "image files", (*Article).HasImage, func(a *Article, d *doc.Document, _ *[]diag.Diagnostic) {
		doc.InspectDocument(d, func(n any) bool {
			if img, ok := n.(*doc.Image); ok {
				if _, key, _ := classify(a.Path, img.Src); key != "" {
					img.Asset = b.assets[key]
				}
			}
			return true
		})
	})
}

// resolveLinks sets every link's target, warning about the links the book
// cannot follow (they read as plain text).
func (l *loader) resolveLinks(b *Book) {
	l.eachModel(b, "links", (*Article).hasLinks, func(a *Article, d *doc.Document, diags *[]diag.Diagnostic) {
		doc.InspectDocument(d, func(n any) bool {
			lk, ok := n.(*doc.Link)
			if !ok {
				return true
			}
			t, why := b.resolve(a, lk.Dest)
			if _, key, _ := classify(a.Path, lk.Dest); why != "" && !l.broken[key] { // a broken article's own errors say enough
				*diags = append(*diags, diag.Diagnostic{File: a.Path, Line: lk.Line, Severity: diag.Warning, Code: diag.Link, Message: why})
			}
			lk.Target = doc.Target{URL: t.External, Fragment: t.Fragment}
			if t.Article != nil {
				lk.Target.Article = t.Article.Path
			}
			return true
		})
	})
}

// eachModel calls change, side by side, with the model of each article
// of b for which has is true (the others' models are left as they are),
// decoded for it, and has the article hold the model changed. change may
// read the other articles, but changes only its own model and
// diagnostics; the diagnostics are merged in book order.
func (l *loader) eachModel(b *Book, stage string, has func(*Article) bool, change func(a *Article, d *doc.Document, diags *[]diag.Diagnostic)) {
	var arts []*Article
	var paths []string
	for _, a := range b.Articles {
		if has(a) {
			arts = append(arts, a)
			paths = append(paths, a.Path)
		}
	}
	diags := make([][]diag.Diagnostic, len(arts))
	l.each(stage, paths, func(i int) {
		a := arts[i]
		d := a.Model()
		change(a, d, &diags[i])
		a.SetModel(d)
	}, diags)
	for _, d := range diags {
		l.diags = append(l.diags, d...)
	}
}

// imageFiles lists the image files to load, sorted, with the first use of
// each (for blame) and the supplied cover's key.
func (l *loader) imageFiles(b *Book) (keys []string, first map[string]imageRef, coverKey string) {
	first = map[string]imageRef{}
	for _, a := range b.Articles {
		for _, u := range a.images {
			if _, seen := first[u.key]; !seen {
				first[u.key] = imageRef{a.Path, u.line}
				keys = append(keys, u.key)
			}
		}
	}
	if img := l.cfg.Cover.Image; img != "" {
		if c, ok := cleanRel(img); !ok || isWebURL(img) {
			l.errorf(diag.PathOutside, BookFile, l.info.coverLine, "cover: %q must be a path inside the collection", img)
		} else {
			coverKey = c
			if _, seen := first[c]; !seen {
				first[c] = imageRef{BookFile, l.info.coverLine}
				keys = append(keys, c)
			}
		}
	}
	sort.Strings(keys)
	return keys, first, coverKey
}

// unsupportedFormat names well-known image formats we refuse, for a clearer
// message than "unknown format".
func unsupportedFormat(h []byte) string {
	switch {
	case bytes.HasPrefix(h, []byte("GIF8")):
		return "GIF"
	case bytes.HasPrefix(h, []byte("BM")):
		return "BMP"
	case bytes.HasPrefix(h, []byte("II*\x00")), bytes.HasPrefix(h, []byte("MM\x00*")):
		return "TIFF"
	case bytes.HasPrefix(bytes.TrimSpace(h), []byte("<svg")), bytes.HasPrefix(bytes.TrimSpace(h), []byte("<?xml")):
		return "SVG"
	case len(h) >= 12 && string(h[4:8]) == "ftyp":
		return "HEIC/AVIF"
	}
	return ""
}
