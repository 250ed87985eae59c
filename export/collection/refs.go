package collection

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // JPEG and PNG are the formats both EPUB and PDF carry as is
	"image/png"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/warraq/warraq/export/diag"
	"github.com/warraq/warraq/export/doc"
	"github.com/warraq/warraq/internal/par"
	_ "golang.org/x/image/webp" // registers WebP with package image
)

// maxPixels bounds an image's size: a larger one is refused from its header
// alone, before any pixel is decoded.
const maxPixels = 100_000_000

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
	assets, problems := l.loadImages(keys)
	b.assets = map[string]*Asset{}
	for i, k := range keys {
		if problems[i] != "" {
			ref := first[k]
			if k == coverKey {
				ref = imageRef{BookFile, l.info.coverLine}
			}
			l.errorf(diag.Image, ref.file, ref.line, "image %s: %s", k, problems[i])
			continue
		}
		if k == coverKey {
			b.cover = assets[i]
		}
		if ref := first[k]; ref.file == BookFile {
			continue // used only as the cover
		}
		b.assets[k] = assets[i]
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
	for _, a := range b.Articles {
		doc.InspectDocument(a.Doc, func(n any) bool {
			if img, ok := n.(*doc.Image); ok {
				if _, key, _ := classify(a.Path, img.Src); key != "" {
					img.Asset = b.assets[key]
				}
			}
			return true
		})
	}
}

// resolveLinks sets every link's target, warning about the links the book
// cannot follow (they read as plain text).
func (l *loader) resolveLinks(b *Book) {
	for _, a := range b.Articles {
		doc.InspectDocument(a.Doc, func(n any) bool {
			lk, ok := n.(*doc.Link)
			if !ok {
				return true
			}
			t, why := b.resolve(a, lk.Dest)
			if _, key, _ := classify(a.Path, lk.Dest); why != "" && !l.broken[key] { // a broken article's own errors say enough
				l.warnf(diag.Link, a.Path, lk.Line, "%s", why)
			}
			lk.Target = doc.Target{URL: t.External, Fragment: t.Fragment}
			if t.Article != nil {
				lk.Target.Article = t.Article.Path
			}
			return true
		})
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

// loadImages loads the files in parallel: each gets an asset or a problem.
func (l *loader) loadImages(keys []string) ([]*Asset, []string) {
	assets := make([]*Asset, len(keys))
	problems := make([]string, len(keys))
	_ = par.Each(len(keys), 0, func(i int) string { return keys[i] }, func(i int) error {
		err := par.Do(keys[i], func() error {
			if l.opt.Probe != nil {
				l.opt.Probe("image", keys[i])
			}
			assets[i], problems[i] = l.loadImage(keys[i])
			return nil
		})
		if p, ok := err.(*par.Panic); ok { // a decoder bug on a hostile file
			assets[i], problems[i] = nil, fmt.Sprintf("cannot decode (internal error, please report it with the file): %v", p.Value)
		}
		return nil
	})
	return assets, problems
}

// loadImage reads and validates the image at key (relative to the root).
func (l *loader) loadImage(key string) (*Asset, string) {
	abs := filepath.Join(l.root, filepath.FromSlash(key))
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, "file not found"
		}
		return nil, "cannot read: " + unwrapPathError(err)
	}
	if !within(l.realRoot, real) {
		return nil, "symbolic link points outside the collection; refused"
	}
	f, err := os.Open(real)
	if err != nil {
		return nil, "cannot read: " + unwrapPathError(err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		return nil, "not a regular file"
	}
	var head [16]byte
	n, _ := io.ReadFull(f, head[:])
	if name := unsupportedFormat(head[:n]); name != "" {
		return nil, name + " images are not supported (use JPEG, PNG or WebP)"
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, "cannot read: " + err.Error()
	}
	cfg, format, err := image.DecodeConfig(f)
	if errors.Is(err, image.ErrFormat) {
		return nil, "not a JPEG, PNG or WebP image"
	}
	if err != nil {
		return nil, "corrupt image: " + err.Error()
	}
	if px := int64(cfg.Width) * int64(cfg.Height); px > maxPixels || cfg.Width <= 0 || cfg.Height <= 0 {
		return nil, fmt.Sprintf("%d x %d pixels is more than the limit of %d megapixels", cfg.Width, cfg.Height, maxPixels/1_000_000)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, "cannot read: " + err.Error()
	}
	data, err := io.ReadAll(f)
	if err != nil {
		return nil, "cannot read: " + err.Error()
	}
	// Decode every pixel once: a truncated or corrupt file must fail here,
	// not inside a reader's e-book application.
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, "corrupt or truncated image: " + err.Error()
	}
	a := &Asset{Path: key, Data: data, Width: cfg.Width, Height: cfg.Height}
	switch format {
	case "jpeg":
		a.MediaType = "image/jpeg"
	case "png":
		a.MediaType = "image/png"
	case "webp":
		// Not every EPUB reader or PDF can show WebP: carry it as PNG, under a
		// name with the extension that matches.
		var buf bytes.Buffer
		if err := (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&buf, img); err != nil {
			return nil, "cannot convert WebP to PNG: " + err.Error()
		}
		a.Data, a.MediaType, a.Path = buf.Bytes(), "image/png", key+".png"
	default:
		return nil, format + " images are not supported (use JPEG, PNG or WebP)"
	}
	return a, ""
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
