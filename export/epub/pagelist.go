package epub

import (
	"html/template"
	"strconv"

	"github.com/warraq/warraq/export/collection"
	"github.com/warraq/warraq/export/doc"
	"github.com/warraq/warraq/export/render"
	"github.com/warraq/warraq/export/xhtml"
)

// The print edition's pages (EPUB Accessibility 1.1, "page navigation"):
// where the PDF's body pages begin, given by its layout (render.PageBreak),
// a marker goes in the article's text (export/xhtml writes it before the
// page's first word) and the navigation document gets a page-list of the
// markers written, so a reader can go to, and cite, a printed page.

// articlePages are the page breaks that fall in one article.
type articlePages struct {
	start []xhtml.PageBreak // pages that begin with the article's title
	// blocks are the pages that begin inside a block, by the block's
	// number (render.PageBreak.Block): the PDF's copy of the model is not
	// the one the page is written from.
	blocks map[int][]xhtml.PageBreak
	label  map[string]string // id -> printed number
}

// inBlocks are the pages that begin inside a block of d, the article's
// model as decoded for its page, by block.
func (ap *articlePages) inBlocks(d *doc.Document) map[doc.Block][]xhtml.PageBreak {
	if len(ap.blocks) == 0 {
		return nil
	}
	blocks := doc.AllBlocks(d)
	out := make(map[doc.Block][]xhtml.PageBreak, len(ap.blocks))
	for n, pbs := range ap.blocks {
		if n >= 1 && n <= len(blocks) {
			out[blocks[n-1]] = pbs
		}
	}
	return out
}

// pageID is the id of the marker of the n-th body page (from 1): ASCII,
// whatever digits the page prints.
func pageID(n int) string { return "page-" + strconv.Itoa(n) }

// sortPages files the page breaks by article.
func (p *packager) sortPages(breaks []render.PageBreak) {
	p.pages = map[*collection.Article]*articlePages{}
	p.partPages = map[*collection.Part][]xhtml.PageBreak{}
	for _, br := range breaks {
		if br.Article == nil {
			if br.Part != nil {
				p.partPages[br.Part] = append(p.partPages[br.Part], xhtml.PageBreak{ID: pageID(br.Page), Label: br.Label})
			}
			continue
		}
		ap := p.pages[br.Article]
		if ap == nil {
			ap = &articlePages{blocks: map[int][]xhtml.PageBreak{}, label: map[string]string{}}
			p.pages[br.Article] = ap
		}
		pb := xhtml.PageBreak{Word: br.Word, ID: pageID(br.Page), Label: br.Label}
		ap.label[pb.ID] = br.Label
		if br.Block == 0 {
			ap.start = append(ap.start, pb)
		} else {
			ap.blocks[br.Block] = append(ap.blocks[br.Block], pb)
		}
	}
}

// pageMarkers is the markup of the pages that begin with an article's or
// a part's title.
func pageMarkers(breaks []xhtml.PageBreak) template.HTML {
	var s string
	for _, pb := range breaks {
		s += xhtml.PageMarker(pb.ID, pb.Label, true)
	}
	return template.HTML(s)
}

// listPages adds the pages that begin with the title of the page called
// name to the page list.
func (p *packager) listPages(breaks []xhtml.PageBreak, name string) {
	for _, pb := range breaks {
		p.pageList = append(p.pageList, navItem{Label: pb.Label, Href: name + "#" + pb.ID})
	}
}

// recordPages adds the markers an article's body got to the page list.
func (p *packager) recordPages(a *collection.Article, name string, ids []string) {
	ap := p.pages[a]
	if ap == nil {
		return
	}
	for _, id := range ids {
		p.pageList = append(p.pageList, navItem{Label: ap.label[id], Href: name + "#" + id})
	}
}

// printEdition names the edition the page list follows: the book's PDF,
// by the book's identifier. It is written as EPUB 3's dc:source refined as
// the source of pagination: the a11y:pageBreakSource property of the
// accessibility vocabulary's later drafts is an error to Debian's epubcheck
// (OPF-027, undefined property).
func (p *packager) printEdition() string {
	return p.identifier() + " (PDF)"
}
