package epub

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"path"
	"strconv"
	"strings"

	"github.com/warraq/warraq/export/collection"
	"github.com/warraq/warraq/export/doc"
	"github.com/warraq/warraq/export/locale"
	"github.com/warraq/warraq/export/xhtml"
	"github.com/warraq/warraq/internal/par"
	"github.com/warraq/warraq/templates"
)

// Page data for the templates.
type (
	page struct {
		Lang, Dir, Title, CSS string
		Style                 string // the book's own stylesheet (style:), "" without one
		Label                 locale.Labels

		Cover    *coverView
		Book     *bookView
		Contents []navItem
		Part     *collection.Part
		// PartStart marks the print edition's page the part's title page is.
		PartStart template.HTML
		Article   *articleView
		Nav       *navView
	}
	coverView struct {
		Href, Alt     string
		Width, Height int
	}
	bookView struct {
		Title, Subtitle, Authors, Publisher, Date, DateISO, Rights string
		ISBN                                                       string // with the language's name for it, as the PDF prints it
	}
	articleView struct {
		Title, Subtitle, Authors, Date, DateISO string
		Source                                  string // URL of the original publication
		Tags                                    []string
		Body, Notes                             template.HTML
		PageStart                               template.HTML // markers of pages the title begins
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
		Pages     []navItem // the page list; empty without print pages
	}
	landmark struct{ Type, Href, Label string }
)

const xhtmlType = "application/xhtml+xml"

// execute runs a template. The result is filtered once more for characters
// XML forbids, whatever the data held.
func (p *packager) execute(name string, data any) ([]byte, error) {
	return p.executeSized(name, data, 0)
}

// executeSized is execute of a page that holds size bytes of markup made
// before (an article's body and notes): the page is written into memory
// made for those and some more at once, not grown to them by doubling
// (24 MB of a 1,000-article book's allocations).
func (p *packager) executeSized(name string, data any, size int) ([]byte, error) {
	var buf bytes.Buffer
	if size > 0 {
		buf.Grow(size + pageOverhead)
	}
	if err := p.templates().Execute(&buf, name, data); err != nil {
		return nil, err
	}
	// html/template writes '+' as &#43; (a guard for HTML in odd encodings);
	// XML has no such need, and "application/xhtml+xml" should read as itself.
	// A '+' written by the source is escaped as &amp;#43;, so it is untouched.
	// Most pages need neither change, and are taken as written rather
	// than copied twice (20 MB at 1,000 articles).
	if data := buf.Bytes(); xhtml.Cleaned(data) && !bytes.Contains(data, []byte("&#43;")) {
		return data, nil
	}
	return []byte(strings.ReplaceAll(xhtml.Clean(buf.String()), "&#43;", "+")), nil
}

// pageOverhead is room for what an article's page holds besides its body
// and notes: the head, the header with the title and byline (under 2 KB in
// the samples).
const pageOverhead = 4 << 10

// newPage starts the data of a page in language lang and direction dir
// ("" for the book's).
func (p *packager) newPage(title, lang, dir string) page {
	if lang == "" {
		lang = p.lang
	}
	if dir != "rtl" && dir != "ltr" {
		dir = p.dir
	}
	pg := page{Lang: lang, Dir: dir, Title: title, CSS: "../" + cssFile, Label: p.loc.Labels}
	if p.b.Style != nil {
		pg.Style = "../" + styleFile
	}
	return pg
}

// templates are the book's templates, or the built-in ones.
func (p *packager) templates() *templates.Set {
	if p.opt.Templates != nil {
		return p.opt.Templates
	}
	return templates.Builtin()
}

func (p *packager) coverPage(m *manifest) error {
	c := p.opt.Cover
	if c == nil {
		return nil
	}
	title := p.b.Meta.Title
	pg := p.newPage(title, "", "")
	pg.Cover = &coverView{Href: "../" + p.coverName, Alt: fmt.Sprintf(p.loc.Labels.CoverOf, title), Width: c.Width, Height: c.Height}
	if pg.Cover.Width <= 0 || pg.Cover.Height <= 0 {
		pg.Cover.Width, pg.Cover.Height = 1600, 2560
	}
	data, err := p.execute("cover.xhtml", pg)
	if err != nil {
		return err
	}
	m.add(coverDoc, data, "cover-page", xhtmlType, "svg", true)
	return nil
}

func (p *packager) titlePage(m *manifest) error {
	meta := p.b.Meta
	pg := p.newPage(meta.Title, "", "")
	bv := &bookView{Title: meta.Title, Subtitle: meta.Subtitle, Authors: p.loc.Join(meta.Authors),
		Publisher: meta.Publisher, Rights: meta.Rights}
	// The full date and the ISBN, as the PDF's colophon prints them.
	if !meta.Date.IsZero() {
		bv.Date = p.loc.Date(meta.Date, p.native, meta.Calendars...)
		bv.DateISO = meta.Date.Format("2006-01-02")
	}
	if isbn := meta.ISBN(); isbn != "" {
		bv.ISBN = p.loc.Labels.ISBN + " " + isbn
	}
	pg.Book = bv
	data, err := p.execute("titlepage.xhtml", pg)
	if err != nil {
		return err
	}
	m.add(titleDoc, data, "titlepage", xhtmlType, "", true)
	return nil
}

func (p *packager) contentsPage(m *manifest) error {
	pg := p.newPage(p.loc.Labels.Contents, "", "")
	pg.Contents = p.contentsTree()
	data, err := p.execute("contents.xhtml", pg)
	if err != nil {
		return err
	}
	m.add(contentsDoc, data, "contents", xhtmlType, "", true)
	return nil
}

// bodyMatter adds the parts' title pages and the articles, in book order.
// The pages are made, read for their fonts and packed side by side
// (par.Ordered) and added in order: an article's page is a function of its
// document and of the names claimed before any page is made, except for
// the images it shows, whose names are claimed in the order the pages use
// them. So an article is first made with its images left out (bodyPage),
// and one that has any is made again, in its turn, with them.
func (p *packager) bodyMatter(m *manifest) error {
	var pages []bodyPage
	for pi, part := range p.b.Parts {
		if name, ok := p.parts[part]; ok {
			pages = append(pages, bodyPage{part: part, id: "part-" + strconv.Itoa(pi+1), name: name})
		}
		for _, a := range part.Articles {
			if name, ok := p.docs[a]; ok {
				pg := bodyPage{article: a, id: "a-" + strings.TrimSuffix(path.Base(name), ".xhtml"), name: name}
				if m.pages != nil {
					// Made by an earlier build (articlecache.go), or to be
					// kept for the next under its key.
					pg.kept = p.kept[a]
					if key, ok := p.missed[a]; ok {
						pg.missed = &missedArticle{key: key}
					}
				}
				pages = append(pages, pg)
			}
		}
	}
	if m.pages != nil {
		m.pages.flush(m) // the pages before these, so a page that cannot be read is reported in book order
	}
	item := func(i int) string {
		if a := pages[i].article; a != nil {
			return a.Path
		}
		return ""
	}
	return par.Ordered(context.Background(), len(pages), par.Limit(), bodyWindow, item,
		func(i int) (*bodyPage, error) {
			pg := pages[i]
			return &pg, p.makeBodyPage(&pg, m.pages)
		},
		func(i int, pg *bodyPage) error { return p.addBodyPage(m, pg) })
}

// bodyWindow is how many pages may be made ahead of the one being added:
// enough to keep every core busy, few enough that their text, held until
// added, stays small.
const bodyWindow = 64

// bodyPage is a part's title page or an article's page in the making.
type bodyPage struct {
	part    *collection.Part
	article *collection.Article
	id      string // in the manifest
	name    string // under OEBPS/

	data   []byte
	marks  []string       // the page markers the article's body got
	images bool           // the article shows images: it is made again in turn
	kept   *keptArticle   // the page as an earlier build made it
	missed *missedArticle // where to keep the page once it is made
	packed *entry         // the page read and deflated (pagePacker.pack)
	text   *pageText      // its text, when packed
	err    error          // why it could not be read
}

// makeBodyPage makes a page, and reads and packs it when k is set. It
// changes nothing the other pages see.
func (p *packager) makeBodyPage(pg *bodyPage, k *pagePacker) error {
	if pg.kept != nil {
		return nil
	}
	var err error
	if pg.part != nil {
		pg.data, err = p.partPage(pg.part)
	} else {
		images := func(*doc.Image) string { pg.images = true; return "" }
		pg.data, pg.marks, err = p.articlePage(pg.article, images)
	}
	if err != nil || pg.images || k == nil {
		return err
	}
	pg.packed = &entry{name: "OEBPS/" + pg.name, data: pg.data, clean: true} // articlePage and partPage execute templates
	if pg.missed != nil {
		pg.missed.ids = pg.marks
	}
	pg.text, pg.err = k.pack(pg.packed, pg.missed)
	return nil
}

// addBodyPage adds a page made by makeBodyPage to the package, in its turn.
func (p *packager) addBodyPage(m *manifest, pg *bodyPage) error {
	if pg.part != nil {
		p.listPages(p.partPages[pg.part], pg.name)
	} else {
		if ap := p.pages[pg.article]; ap != nil {
			p.listPages(ap.start, pg.name)
		}
		if pg.images {
			var err error
			if pg.data, pg.marks, err = p.articlePage(pg.article, p.src); err != nil {
				return err
			}
		}
		if pg.kept != nil {
			pg.marks = pg.kept.ids
		}
		p.recordPages(pg.article, pg.name, pg.marks)
	}
	switch {
	case pg.kept != nil:
		// Its text went to the packer when it was found (lookUpArticles).
		m.addPage(pg.name, entry{name: "OEBPS/" + pg.name, packed: pg.kept.packed}, pg.id)
	case pg.packed != nil:
		m.addPage(pg.name, *pg.packed, pg.id)
		m.pages.packed(pg.text, pg.err)
	default:
		m.add(pg.name, pg.data, pg.id, xhtmlType, "", true)
	}
	if p.firstBody == "" {
		p.firstBody = pg.name
	}
	return nil
}

// partPage writes a part's title page.
func (p *packager) partPage(part *collection.Part) ([]byte, error) {
	pg := p.newPage(part.Title, "", "")
	pg.Part = part
	pg.PartStart = pageMarkers(p.partPages[part])
	return p.execute("part.xhtml", pg)
}

// article writes an article's page, in its turn: the images it shows are
// added to the package and the print edition's pages it begins to the
// page list.
func (p *packager) article(a *collection.Article, name string) ([]byte, error) {
	if ap := p.pages[a]; ap != nil {
		p.listPages(ap.start, name)
	}
	data, marks, err := p.articlePage(a, p.src)
	if err == nil {
		p.recordPages(a, name, marks)
	}
	return data, err
}

// articlePage writes an article's page: its header from the front matter,
// its body and notes from its document, its images' sources from src. It
// returns the page markers the body got, for the page list.
func (p *packager) articlePage(a *collection.Article, src func(*doc.Image) string) ([]byte, []string, error) {
	pg := p.newPage(a.Title, a.Lang, a.Dir)
	loc := locale.For(pg.Lang)
	pg.Label = loc.Labels
	o := xhtml.Options{Lang: pg.Lang, Dir: pg.Dir, Digits: p.number, Href: p.href, Src: src, EPUBTypes: true}
	d := a.Model()
	var start template.HTML
	if ap := p.pages[a]; ap != nil {
		o.PageBreaks = ap.inBlocks(d)
		start = pageMarkers(ap.start)
	}
	if md, ok := a.ModelData(); ok {
		// A body's markup is 1.0 to 1.4 times its model's encoding (the
		// generated articles 1.01, the samples 1.05, the English book 1.2).
		o.Size = len(md) * 5 / 4
	}
	out := xhtml.Render(d, o)
	av := &articleView{
		Title: a.Title, Subtitle: a.Subtitle, Authors: loc.Join(a.Authors), Tags: a.Tags,
		Body: template.HTML(out.Body), Notes: template.HTML(out.Notes), PageStart: start,
	}
	if a.SourceURL != "" {
		av.Source = xhtml.URL(a.SourceURL)
	}
	if !a.Date.IsZero() {
		av.Date = loc.Date(a.Date, p.native, p.b.Meta.Calendars...)
		av.DateISO = a.Date.Format("2006-01-02")
	}
	pg.Article = av
	data, err := p.executeSized("article.xhtml", pg, len(out.Body)+len(out.Notes))
	return data, out.Pages, err
}

// navigation adds the navigation document: the table of contents and the
// landmarks.
func (p *packager) navigation(m *manifest) error {
	lab := p.loc.Labels
	var marks []landmark
	if p.coverName != "" {
		marks = append(marks, landmark{"cover", coverDoc, lab.Cover})
	}
	marks = append(marks, landmark{"titlepage", titleDoc, lab.TitlePage}, landmark{"toc", contentsDoc, lab.Contents})
	if p.firstBody != "" {
		marks = append(marks, landmark{"bodymatter", p.firstBody, lab.Start})
	}
	pg := p.newPage(lab.Contents, "", "")
	pg.CSS = cssFile
	if pg.Style != "" {
		pg.Style = styleFile
	}
	pg.Nav = &navView{TOC: prefixHrefs(p.tocTree(), "text/"), Landmarks: marks, Pages: p.pageList}
	data, err := p.execute("nav.xhtml", pg)
	if err != nil {
		return err
	}
	m.add(navDoc, data, "nav", xhtmlType, "nav", false)
	return nil
}
