package epub

import (
	"bytes"
	"fmt"
	"html/template"
	"path"
	"strconv"
	"strings"

	"github.com/warraq/warraq/export/collection"
	"github.com/warraq/warraq/export/locale"
	"github.com/warraq/warraq/export/xhtml"
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
	var buf bytes.Buffer
	if err := p.templates().Execute(&buf, name, data); err != nil {
		return nil, err
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
func (p *packager) bodyMatter(m *manifest) error {
	for pi, part := range p.b.Parts {
		if name, ok := p.parts[part]; ok {
			pg := p.newPage(part.Title, "", "")
			pg.Part = part
			pg.PartStart = p.partStart(part, name)
			data, err := p.execute("part.xhtml", pg)
			if err != nil {
				return err
			}
			m.add(name, data, "part-"+strconv.Itoa(pi+1), xhtmlType, "", true)
			if p.firstBody == "" {
				p.firstBody = name
			}
		}
		for _, a := range part.Articles {
			name, ok := p.docs[a]
			if !ok {
				continue
			}
			id := "a-" + strings.TrimSuffix(path.Base(name), ".xhtml")
			if k := p.kept[a]; k != nil && m.pages != nil {
				// Made by an earlier build: its markers go in the page
				// list as article would put them.
				p.articleStart(a, name)
				p.recordPages(a, name, k.ids)
				m.addPacked(name, k.packed, id, xhtmlType, "", true)
			} else {
				data, ids, err := p.article(a, name)
				if err != nil {
					return err
				}
				if key, ok := p.missed[a]; ok && m.pages != nil {
					m.pages.keep(len(m.files), missedArticle{key: key, ids: ids})
				}
				m.add(name, data, id, xhtmlType, "", true)
			}
			if p.firstBody == "" {
				p.firstBody = name
			}
		}
	}
	return nil
}

// article writes an article's page: its header from the front matter, its
// body and notes from its document, and the ids of the page markers in it.
func (p *packager) article(a *collection.Article, name string) ([]byte, []string, error) {
	pg := p.newPage(a.Title, a.Lang, a.Dir)
	loc := locale.For(pg.Lang)
	pg.Label = loc.Labels
	o := xhtml.Options{Lang: pg.Lang, Dir: pg.Dir, Digits: p.number, Href: p.href, Src: p.src, EPUBTypes: true}
	if ap := p.pages[a]; ap != nil {
		o.PageBreaks = ap.blocks
	}
	start := p.articleStart(a, name)
	out := xhtml.Render(a.Doc, o)
	p.recordPages(a, name, out.Pages)
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
	data, err := p.execute("article.xhtml", pg)
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
