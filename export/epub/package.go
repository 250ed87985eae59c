package epub

import (
	"bytes"
	"fmt"
	"html/template"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/warraq/warraq/export/collection"
	"github.com/warraq/warraq/export/doc"
	"github.com/warraq/warraq/export/locale"
	"github.com/warraq/warraq/export/text"
	"github.com/warraq/warraq/export/xhtml"
	"github.com/warraq/warraq/templates"
)

// packager holds what is shared by the documents of one book while it is
// being written: file names, the images in use, the fonts.
type packager struct {
	b   *collection.Book
	opt job

	lang, dir string
	rtl       bool
	loc       *locale.Locale // the book's language
	native    bool           // generated numbers in the language's own digits
	modified  time.Time

	names     map[string]bool // file names taken under OEBPS/
	docs      map[*collection.Article]string
	byPath    map[string]*collection.Article
	parts     map[*collection.Part]string
	images    []*imageItem
	byAsset   map[*doc.Asset]*imageItem
	imagesAlt bool         // every image used has alt text
	fallbacks []*text.Face // faces embedded for letters the role faces lack
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
)

// The oldest time a zip entry can carry; the book's timestamp when it has none.
var epoch = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)

func newPackager(b *collection.Book, opt job) *packager {
	p := &packager{
		b: b, opt: opt,
		names: map[string]bool{}, docs: map[*collection.Article]string{}, byPath: map[string]*collection.Article{},
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
	p.rtl = p.dir == "rtl"
	p.modified = b.Modified.UTC().Truncate(time.Second)
	if p.modified.Before(epoch) {
		p.modified = epoch
	}
	p.loc = locale.For(p.lang)
	p.native = b.Meta.NativeDigits
	for _, a := range b.Articles {
		p.byPath[a.Path] = a
	}
	return p
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9_.-]+`)

// claim reserves a file name under OEBPS/ in dir, made safe and unique.
func (p *packager) claim(dir, base, ext, fallback string) string {
	base = strings.Trim(unsafeName.ReplaceAllString(base, "-"), "-.")
	if base == "" {
		base = fallback
	}
	name := dir + base + ext
	for i := 2; p.names[strings.ToLower(name)]; i++ {
		name = dir + base + "-" + strconv.Itoa(i) + ext
	}
	p.names[strings.ToLower(name)] = true
	return name
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

// number writes a number the book generates (a note's) in its digits.
func (p *packager) number(n int) string { return p.loc.Number(n, p.native) }

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
	it := &imageItem{asset: a, href: p.claim("images/", base, ext, "image"), id: "img-" + strconv.Itoa(len(p.images)+1)}
	p.byAsset[a] = it
	p.images = append(p.images, it)
	return it.href
}

// Page data for the templates.
type (
	page struct {
		Lang, Dir, Title, CSS string
		Label                 locale.Labels

		Cover    *coverView
		Book     *bookView
		Contents []navItem
		Part     *collection.Part
		Article  *articleView
		Nav      *navView
	}
	coverView struct {
		Href, Alt     string
		Width, Height int
	}
	bookView struct {
		Title, Subtitle, Authors, Publisher, Date, DateISO, Rights string
	}
	articleView struct {
		Title, Subtitle, Authors, Date, DateISO string
		Source                                  string // URL of the original publication
		Tags                                    []string
		Body, Notes                             template.HTML
	}
	navItem struct {
		Label, Href, Byline string
		Part                bool
		Start               int    // number of the first child, for ordered lists that continue across parts
		Lang, Dir           string // set when the entry's language or direction is not the book's
		Children            []navItem
	}
	navView struct {
		TOC       []navItem
		Landmarks []landmark
	}
	landmark struct{ Type, Href, Label string }
)

type manifestItem struct{ ID, Href, MediaType, Properties string }

type packageView struct {
	Lang, Dir                                                 string
	RTL                                                       bool
	Identifier, Title, Subtitle, Publisher, Date, Rights      string
	Description, Modified, CoverID                            string
	Languages, Authors, Subjects                              []string
	AccessModes, AccessModesSufficient, AccessibilityFeatures []string
	AccessibilitySummary, ConformsTo                          string
	Manifest                                                  []manifestItem
	Spine                                                     []string
	NCX                                                       []ncxPoint
	NCXDepth                                                  int
}

type ncxPoint struct {
	ID, Label, Href string
	Order           int
	Children        []ncxPoint
}

func (p *packager) build() ([]entry, error) {
	b := p.b
	var files []entry
	var manifest []manifestItem
	var spine []string
	add := func(name string, data []byte, id, mediaType, props string, inSpine bool) {
		files = append(files, entry{name: "OEBPS/" + name, data: data})
		manifest = append(manifest, manifestItem{ID: id, Href: name, MediaType: mediaType, Properties: props})
		if inSpine {
			spine = append(spine, id)
		}
	}
	render, newPage := p.render, p.newPage

	// Names first: links between articles need every document's name.
	for _, n := range []string{coverDoc, titleDoc, contentsDoc, navDoc, cssFile, "toc.ncx", "content.opf"} {
		p.names[n] = true
	}
	for i, part := range b.Parts {
		if part.Title != "" {
			slug := part.Slug
			if !strings.HasPrefix(slug, "part") {
				slug = "part-" + slug
			}
			p.parts[part] = p.claim("text/", slug, ".xhtml", "part-"+strconv.Itoa(i+1))
		}
	}
	for i, a := range b.Articles {
		p.docs[a] = p.claim("text/", a.Slug, ".xhtml", "article-"+strconv.Itoa(i+1))
	}
	coverName := ""
	if c := p.opt.Cover; c != nil {
		ext := ".png"
		if c.MediaType == "image/jpeg" {
			ext = ".jpg"
		}
		coverName = p.claim("images/", "cover", ext, "cover")
	}

	title := b.Meta.Title
	authors := p.loc.Join(b.Meta.Authors)

	// Cover, title page, contents.
	if coverName != "" {
		c := p.opt.Cover
		pg := newPage(title, "", "")
		pg.Cover = &coverView{Href: "../" + coverName, Alt: fmt.Sprintf(p.loc.Labels.CoverOf, title), Width: c.Width, Height: c.Height}
		if pg.Cover.Width <= 0 || pg.Cover.Height <= 0 {
			pg.Cover.Width, pg.Cover.Height = 1600, 2560
		}
		data, err := render("cover.xhtml", pg)
		if err != nil {
			return nil, err
		}
		add(coverDoc, data, "cover-page", "application/xhtml+xml", "svg", true)
	}
	{
		pg := newPage(title, "", "")
		bv := &bookView{Title: title, Subtitle: b.Meta.Subtitle, Authors: authors, Publisher: b.Meta.Publisher, Rights: b.Meta.Rights}
		if !b.Meta.Date.IsZero() {
			bv.Date = p.loc.Number(b.Meta.Date.Year(), p.native)
			bv.DateISO = b.Meta.Date.Format("2006-01-02")
		}
		pg.Book = bv
		data, err := render("titlepage.xhtml", pg)
		if err != nil {
			return nil, err
		}
		add(titleDoc, data, "titlepage", "application/xhtml+xml", "", true)
	}
	toc := p.tocTree()
	{
		pg := newPage(p.loc.Labels.Contents, "", "")
		pg.Contents = p.contentsTree()
		data, err := render("contents.xhtml", pg)
		if err != nil {
			return nil, err
		}
		add(contentsDoc, data, "contents", "application/xhtml+xml", "", true)
	}

	// Parts and articles, in book order.
	firstBody := ""
	for pi, part := range b.Parts {
		if name, ok := p.parts[part]; ok {
			pg := newPage(part.Title, "", "")
			pg.Part = part
			data, err := render("part.xhtml", pg)
			if err != nil {
				return nil, err
			}
			add(name, data, "part-"+strconv.Itoa(pi+1), "application/xhtml+xml", "", true)
			if firstBody == "" {
				firstBody = name
			}
		}
		for _, a := range part.Articles {
			name, ok := p.docs[a]
			if !ok {
				continue
			}
			data, err := p.article(a)
			if err != nil {
				return nil, err
			}
			add(name, data, "a-"+strings.TrimSuffix(path.Base(name), ".xhtml"), "application/xhtml+xml", "", true)
			if firstBody == "" {
				firstBody = name
			}
		}
	}

	// Stylesheet and fonts.
	if p.opt.Fonts != nil {
		p.fallbacks = p.fallbackFaces()
	}
	faces := p.faces()
	css, err := p.stylesheet(faces)
	if err != nil {
		return nil, err
	}
	add(cssFile, css, "css", "text/css", "", false)

	// Navigation.
	lab := p.loc.Labels
	var marks []landmark
	if coverName != "" {
		marks = append(marks, landmark{"cover", "text/cover.xhtml", lab.Cover})
	}
	marks = append(marks, landmark{"titlepage", titleDoc, lab.TitlePage}, landmark{"toc", contentsDoc, lab.Contents})
	if firstBody != "" {
		marks = append(marks, landmark{"bodymatter", firstBody, lab.Start})
	}
	navPage := newPage(lab.Contents, "", "")
	navPage.CSS = cssFile
	navPage.Nav = &navView{TOC: prefixHrefs(toc, "text/"), Landmarks: marks}
	nav, err := render("nav.xhtml", navPage)
	if err != nil {
		return nil, err
	}
	add(navDoc, nav, "nav", "application/xhtml+xml", "nav", false)

	// Images, the cover image, fonts.
	for _, it := range p.images {
		add(it.href, it.asset.Data, it.id, it.asset.MediaType, "", false)
	}
	coverID := ""
	if coverName != "" {
		coverID = "cover-image"
		add(coverName, p.opt.Cover.Data, coverID, p.opt.Cover.MediaType, "cover-image", false)
	}
	for i, f := range faces {
		add(f.href, f.data, "font-"+strconv.Itoa(i+1), fontMediaType(f.data), "", false)
	}

	// NCX and package document.
	manifest = append([]manifestItem{{ID: "ncx", Href: "toc.ncx", MediaType: "application/x-dtbncx+xml"}}, manifest...)
	order := 0
	ncx := p.ncxPoints(prefixHrefs(toc, "text/"), &order)
	pv := &packageView{
		Lang: p.lang, Dir: p.dir, RTL: p.rtl,
		Identifier: p.identifier(), Title: title, Subtitle: b.Meta.Subtitle,
		Publisher: b.Meta.Publisher, Rights: b.Meta.Rights, Description: b.Meta.Description,
		Modified:  p.modified.Format("2006-01-02T15:04:05Z"),
		CoverID:   coverID,
		Languages: p.languages(), Authors: b.Meta.Authors, Subjects: b.Meta.Subjects,
		Manifest: manifest, Spine: spine, NCX: ncx, NCXDepth: max(depth(ncx), 1),
	}
	if !b.Meta.Date.IsZero() {
		pv.Date = b.Meta.Date.UTC().Format("2006-01-02")
	} else {
		pv.Date = p.modified.Format("2006-01-02")
	}
	p.accessibility(pv)
	ncxData, err := render("toc.ncx", pv)
	if err != nil {
		return nil, err
	}
	opf, err := render("content.opf", pv)
	if err != nil {
		return nil, err
	}
	container, err := render("container.xml", nil)
	if err != nil {
		return nil, err
	}
	head := []entry{
		{"META-INF/container.xml", container},
		{"OEBPS/content.opf", opf},
		{"OEBPS/toc.ncx", ncxData},
	}
	return append(head, files...), nil
}

// render executes a template. The result is filtered once more for
// characters XML forbids, whatever the data held.
func (p *packager) render(name string, data any) ([]byte, error) {
	var buf bytes.Buffer
	if err := templates.Execute(&buf, name, data); err != nil {
		return nil, fmt.Errorf("epub: %w", err)
	}
	// html/template writes '+' as &#43; (a guard for HTML in odd encodings);
	// XML has no such need, and "application/xhtml+xml" should read as itself.
	// A '+' written by the source is escaped as &amp;#43;, so it is untouched.
	return []byte(strings.ReplaceAll(xhtml.Clean(buf.String()), "&#43;", "+")), nil
}

// newPage starts the data of a page in language lang and direction dir
// ("" for the book's).
func (p *packager) newPage(title, lang, dir string) page {
	if lang == "" {
		lang = p.lang
	}
	if dir != "rtl" && dir != "ltr" {
		dir = p.dir
	}
	return page{Lang: lang, Dir: dir, Title: title, CSS: "../" + cssFile, Label: p.loc.Labels}
}

// article writes an article's page: its header from the front matter, its
// body and notes from its document.
func (p *packager) article(a *collection.Article) ([]byte, error) {
	pg := p.newPage(a.Title, a.Lang, a.Dir)
	loc := locale.For(pg.Lang)
	pg.Label = loc.Labels
	out := xhtml.Render(a.Doc, xhtml.Options{
		Lang: pg.Lang, Dir: pg.Dir, Digits: p.number, Href: p.href, Src: p.src, EPUBTypes: true,
	})
	av := &articleView{
		Title: a.Title, Subtitle: a.Subtitle, Authors: loc.Join(a.Authors), Tags: a.Tags,
		Body: template.HTML(out.Body), Notes: template.HTML(out.Notes),
	}
	if a.SourceURL != "" {
		av.Source = xhtml.URL(a.SourceURL)
	}
	if !a.Date.IsZero() {
		av.Date = loc.Date(a.Date, p.native)
		av.DateISO = a.Date.Format("2006-01-02")
	}
	pg.Article = av
	return p.render("article.xhtml", pg)
}

// languages lists the book's language first, then the other languages its
// articles are written in.
func (p *packager) languages() []string {
	seen := map[string]bool{p.lang: true}
	var more []string
	for _, a := range p.b.Articles {
		if a.Lang != "" && !seen[a.Lang] {
			seen[a.Lang] = true
			more = append(more, a.Lang)
		}
	}
	sort.Strings(more)
	return append([]string{p.lang}, more...)
}

func (p *packager) identifier() string {
	if id := p.b.Meta.Identifier; id != "" {
		return id
	}
	name := p.b.Meta.Title + "\x00" + strings.Join(p.b.Meta.Authors, "\x00")
	return "urn:uuid:" + uuid.NewSHA1(uuid.NameSpaceURL, []byte("warraq:"+name)).String()
}

// accessibility fills in the schema.org accessibility metadata. The
// conformance claim is made only when what it rests on holds: every image has
// a text alternative (the rest — structure, navigation, reading order,
// language, contrast — is fixed by the templates and checked with Ace).
func (p *packager) accessibility(pv *packageView) {
	pv.AccessModes = []string{"textual"}
	pv.AccessibilityFeatures = []string{"structuralNavigation", "tableOfContents", "readingOrder"}
	summary := "This publication has a table of contents, a heading for every part and article, " +
		"and a reading order that follows the book; its language and text direction are marked throughout."
	if len(p.images) > 0 {
		pv.AccessModes = append(pv.AccessModes, "visual")
		if p.imagesAlt {
			pv.AccessibilityFeatures = append(pv.AccessibilityFeatures, "alternativeText")
			summary += " Every image has a text alternative."
		} else {
			summary += " Some images have no text alternative."
		}
	}
	if p.imagesAlt {
		pv.AccessModesSufficient = []string{"textual"}
		pv.ConformsTo = "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"
		summary += " It meets EPUB Accessibility 1.1 at WCAG 2.1 Level AA."
	} else {
		pv.AccessModesSufficient = []string{"textual,visual"}
	}
	pv.AccessibilitySummary = summary
}
