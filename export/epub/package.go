package epub

import (
	"fmt"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/warraq/warraq/export/collection"
	"github.com/warraq/warraq/export/doc"
	"github.com/warraq/warraq/export/locale"
	"github.com/warraq/warraq/export/text"
	"github.com/warraq/warraq/export/xhtml"
	"github.com/warraq/warraq/internal/par"
	"github.com/warraq/warraq/internal/slug"
)

// packager holds what is shared by the documents of one book while it is
// being written: file names, the images in use, the fonts.
type packager struct {
	b   *collection.Book
	opt job

	lang, dir string
	loc       *locale.Locale // the book's language
	native    bool           // generated numbers in the language's own digits
	modified  time.Time

	names     slug.Names // file names taken under OEBPS/
	docs      map[*collection.Article]string
	byPath    map[string]*collection.Article
	parts     map[*collection.Part]string
	coverName string // the cover image under OEBPS/, "" without a cover
	firstBody string // the first part or article page: the bodymatter landmark

	images    []*imageItem
	byAsset   map[*doc.Asset]*imageItem
	imagesAlt bool           // every image used has alt text
	fallbacks []*text.Face   // faces embedded for letters the role faces lack
	faces     []embeddedFace // every font file embedded
	// fallbacksAhead gives fallbackFaces, found while the pages are made
	// (build); nil: found when the stylesheet needs them.
	fallbacksAhead chan fallbackResult

	pages     map[*collection.Article]*articlePages  // the print edition's pages (pagelist.go)
	pageList  []navItem                              // the markers written, in page order
	partPages map[*collection.Part][]xhtml.PageBreak // the pages parts' title pages are

	articles *articleCache                        // article pages made by earlier builds (nil: none)
	kept     map[*collection.Article]*keptArticle // the articles found there
	missed   map[*collection.Article][32]byte     // the keys of those to keep
}

type fallbackResult struct {
	faces []*text.Face
	err   error
}

type imageItem struct {
	asset *doc.Asset
	href  string // under OEBPS/
	id    string
}

// The documents' places in the package.
const (
	coverDoc    = "text/cover.xhtml"
	titleDoc    = "text/titlepage.xhtml"
	contentsDoc = "text/contents.xhtml"
	navDoc      = "nav.xhtml"
	cssFile     = "css/book.css"
	styleFile   = "css/style.css" // book.yaml's style:, after cssFile
)

// The oldest time a zip entry can carry; the book's timestamp when it has
// none (dcterms:modified is required): collection.NoDate, which the loader
// warns about.
var epoch = collection.NoDate

func newPackager(b *collection.Book, opt job) *packager {
	p := &packager{
		b: b, opt: opt,
		names: slug.Names{}, docs: map[*collection.Article]string{}, byPath: map[string]*collection.Article{},
		parts: map[*collection.Part]string{}, byAsset: map[*doc.Asset]*imageItem{}, imagesAlt: true,
	}
	p.lang = b.Meta.Language
	if p.lang == "" {
		p.lang = "ar"
	}
	p.dir = b.Meta.Direction
	if p.dir != "rtl" && p.dir != "ltr" {
		p.dir = locale.Direction(p.lang)
	}
	p.loc = locale.For(p.lang)
	p.native = b.Meta.NativeDigits
	p.modified = b.Modified.UTC().Truncate(time.Second)
	if p.modified.Before(epoch) {
		p.modified = epoch
	}
	for _, a := range b.Articles {
		p.byPath[a.Path] = a
	}
	p.sortPages(opt.PageBreaks)
	return p
}

// build makes every file of the package, in the order they are zipped.
// Everything is made before the first byte is written, so an error leaves
// the output untouched.
func (p *packager) build() ([]entry, error) {
	p.claimNames()
	var m manifest
	p.startPages(&m, false)
	for _, stage := range []func(*manifest) error{
		p.coverPage, p.titlePage, p.contentsPage, p.bodyMatter,
		p.navigation, p.stylesheet, p.resources,
	} {
		if err := stage(&m); err != nil {
			return nil, err
		}
	}
	return p.packageFiles(&m)
}

// startPages sets m up to take the pages as they are made, their text read
// for the fonts and their bytes compressed for the zip (unless textOnly:
// for an output that takes the EPUB's fonts but not its pages), each kept
// in and taken from the cache when p has one (pagecache.go,
// articlecache.go), and starts finding the fallback faces the book needs.
func (p *packager) startPages(m *manifest, textOnly bool) {
	fs := p.opt.Fonts
	if fs == nil {
		return
	}
	// A reading of every document on its own: on a core the pages
	// leave free now and then, rather than alone after them.
	p.fallbacksAhead = make(chan fallbackResult, 1)
	go func() {
		var r fallbackResult
		r.err = par.Do("", func() error { r.faces = p.fallbackFaces(); return nil })
		p.fallbacksAhead <- r
	}()
	m.pages = newPagePacker(italicFaces(fs), fs)
	m.pages.textOnly = textOnly
	m.pages.cache = newPageCache(p.opt.Cache, m.pages.italic, m.pages.own, textOnly)
	p.articles = p.newArticleCache(m.pages.cache)
	p.lookUpArticles(m.pages)
}

// manifest collects the package's files, in zip order, with their manifest
// items and the reading order.
type manifest struct {
	pages *pagePacker // when set, takes each page as it is added
	files []entry
	items []manifestItem
	spine []string
}

type manifestItem struct{ ID, Href, MediaType, Properties string }

// add puts a file under OEBPS/ in the package; a page that is read in turn
// goes in the spine too.
func (m *manifest) add(name string, data []byte, id, mediaType, props string, inSpine bool) {
	m.files = append(m.files, entry{name: "OEBPS/" + name, data: data})
	if m.pages != nil {
		m.pages.added(m)
	}
	m.list(name, id, mediaType, props, inSpine)
}

// addPage puts a page the pagePacker has packed (pack) in the package and
// in the spine.
func (m *manifest) addPage(name string, e entry, id string) {
	m.files = append(m.files, e)
	m.list(name, id, xhtmlType, "", true)
}

func (m *manifest) list(name, id, mediaType, props string, inSpine bool) {
	m.items = append(m.items, manifestItem{ID: id, Href: name, MediaType: mediaType, Properties: props})
	if inSpine {
		m.spine = append(m.spine, id)
	}
}

// claimNames names every page before any is written, since links between
// articles need every page's name.
func (p *packager) claimNames() {
	for _, n := range []string{coverDoc, titleDoc, contentsDoc, navDoc, cssFile, styleFile, "toc.ncx", "content.opf"} {
		p.names.Take(n)
	}
	for i, part := range p.b.Parts {
		if part.Title != "" {
			slug := part.Slug
			if !strings.HasPrefix(slug, "part") {
				slug = "part-" + slug
			}
			p.parts[part] = p.names.Claim("text/", slug, ".xhtml", "part-"+strconv.Itoa(i+1))
		}
	}
	for i, a := range p.b.Articles {
		p.docs[a] = p.names.Claim("text/", a.Slug, ".xhtml", "article-"+strconv.Itoa(i+1))
	}
	if c := p.opt.Cover; c != nil {
		ext := ".png"
		if c.MediaType == "image/jpeg" {
			ext = ".jpg"
		}
		p.coverName = p.names.Claim("images/", "cover", ext, "cover")
	}
}

// href is the link from one text/ page to an article of the book and a
// heading in it, or "" when the article is not in the book.
func (p *packager) href(t doc.Target) string {
	a := p.byPath[t.Article]
	name, ok := p.docs[a]
	if !ok {
		return ""
	}
	if t.Fragment != "" {
		return path.Base(name) + "#" + t.Fragment
	}
	return path.Base(name)
}

// src records that an image is used and returns its path from a text/
// page; "" leaves out an image without a file.
func (p *packager) src(img *doc.Image) string {
	if img.Asset == nil {
		return ""
	}
	return "../" + p.useAsset(img.Asset, img.Alt != "")
}

// useAsset records that an image is used and returns its path under OEBPS/.
func (p *packager) useAsset(a *doc.Asset, hasAlt bool) string {
	p.imagesAlt = p.imagesAlt && hasAlt
	if it, ok := p.byAsset[a]; ok {
		return it.href
	}
	ext := path.Ext(a.Path)
	switch a.MediaType {
	case "image/jpeg":
		ext = ".jpg"
	case "image/png":
		ext = ".png"
	case "image/gif":
		ext = ".gif"
	case "image/webp":
		ext = ".webp"
	case "image/svg+xml":
		ext = ".svg"
	}
	base := strings.TrimSuffix(path.Base(a.Path), path.Ext(a.Path))
	it := &imageItem{asset: a, href: p.names.Claim("images/", base, ext, "image"), id: "img-" + strconv.Itoa(len(p.images)+1)}
	p.byAsset[a] = it
	p.images = append(p.images, it)
	return it.href
}

// number writes a number the book generates (a note's) in its digits.
func (p *packager) number(n int) string { return p.loc.Number(n, p.native) }

// resources adds the files the pages show: images, the cover image, fonts.
func (p *packager) resources(m *manifest) error {
	for _, it := range p.images {
		m.add(it.href, it.asset.Data, it.id, it.asset.MediaType, "", false)
	}
	if p.coverName != "" {
		c := p.opt.Cover
		if p.opt.CoverData != nil {
			img, err := p.opt.CoverData()
			if err != nil {
				return fmt.Errorf("cover: %w", err)
			}
			if img.MediaType != c.MediaType || img.Width != c.Width || img.Height != c.Height {
				return fmt.Errorf("cover: a %s of %dx%d, not the %s of %dx%d expected", img.MediaType, img.Width, img.Height, c.MediaType, c.Width, c.Height)
			}
			c = img
		}
		m.add(p.coverName, c.Data, "cover-image", c.MediaType, "cover-image", false)
	}
	for i, f := range p.faces {
		m.add(f.href, f.data, "font-"+strconv.Itoa(i+1), fontMediaType(f.data), "", false)
	}
	return nil
}
