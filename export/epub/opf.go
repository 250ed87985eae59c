package epub

import (
	"sort"

	"github.com/warraq/warraq/export/collection"
	"github.com/warraq/warraq/internal/par"
)

type packageView struct {
	Lang, Dir                                                 string
	RTL                                                       bool
	Identifier, Title, Subtitle, Publisher, Date, Rights      string
	Description, Modified, CoverID                            string
	Languages, Authors, Subjects                              []string
	AccessModes, AccessModesSufficient, AccessibilityFeatures []string
	AccessibilitySummary, ConformsTo                          string
	PageBreakSource                                           string // the print edition the page list follows
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

// packageFiles writes the package document, the EPUB 2 table of contents
// and the container file, and returns them ahead of m's files.
func (p *packager) packageFiles(m *manifest) ([]entry, error) {
	meta := p.b.Meta
	items := append([]manifestItem{{ID: "ncx", Href: "toc.ncx", MediaType: "application/x-dtbncx+xml"}}, m.items...)
	order := 0
	ncx := p.ncxPoints(prefixHrefs(p.tocTree(), "text/"), &order)
	pv := &packageView{
		Lang: p.lang, Dir: p.dir, RTL: p.dir == "rtl",
		Identifier: p.identifier(), Title: meta.Title, Subtitle: meta.Subtitle,
		Publisher: meta.Publisher, Rights: meta.Rights, Description: meta.Description,
		Modified:  p.modified.Format("2006-01-02T15:04:05Z"),
		Languages: p.languages(), Authors: meta.Authors, Subjects: meta.Subjects,
		Manifest: items, Spine: m.spine, NCX: ncx, NCXDepth: max(depth(ncx), 1),
	}
	if p.coverName != "" {
		pv.CoverID = "cover-image"
	}
	// A book with no date has no dc:date (optional), rather than an invented one.
	if !meta.Date.IsZero() {
		pv.Date = meta.Date.UTC().Format("2006-01-02")
	}
	p.accessibility(pv)
	// The package document and the NCX each list every page: side by
	// side (both over 100 KB at 1,000 articles).
	head := []entry{
		{name: "META-INF/container.xml"},
		{name: "OEBPS/content.opf"},
		{name: "OEBPS/toc.ncx"},
	}
	templates := []string{"toc.ncx", "content.opf", "container.xml"}
	data := []any{pv, pv, nil}
	at := []int{2, 1, 0}
	err := par.Each(len(templates), par.Limit(), func(i int) string { return "" }, func(i int) error {
		var err error
		head[at[i]].data, err = p.execute(templates[i], data[i])
		return err
	})
	if err != nil {
		return nil, err
	}
	return append(head, m.files...), nil
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
	return collection.DefaultIdentifier(p.b.Meta.Title, p.b.Meta.Authors) // a Book made by hand
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
	if len(p.pageList) > 0 {
		// The pages are the PDF's, which this build typeset from the
		// same sources: the page list and the markers say so.
		pv.AccessibilityFeatures = append(pv.AccessibilityFeatures, "pageBreakMarkers", "pageNavigation")
		pv.PageBreakSource = p.printEdition()
		summary += " Page break markers and a page list give the page numbers of the book's PDF edition."
	}
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
