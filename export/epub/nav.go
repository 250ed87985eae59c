package epub

import (
	"path"
	"strconv"
	"strings"

	"github.com/warraq/warraq/export/collection"
)

// tocTree is the navigation tree: parts, their articles, and the articles'
// headings down to Options.TOCDepth (2 by default: level-2 headings).
func (p *packager) tocTree() []navItem {
	depth := p.opt.TOCDepth
	if depth <= 0 {
		depth = 2
	}
	var out []navItem
	for _, part := range p.b.Parts {
		var arts []navItem
		for _, a := range part.Articles {
			if _, ok := p.docs[a]; !ok {
				continue
			}
			href := path.Base(p.docs[a])
			it := navItem{Label: orSlug(a.Title, a.Slug), Href: href}
			p.markLang(&it, a)
			var last *navItem
			for _, h := range a.Headings {
				if h.ID == "" || strings.TrimSpace(h.Text) == "" || h.Level > depth || h.Level < 2 {
					continue // a nav entry needs a target and a label
				}
				hi := navItem{Label: h.Text, Href: href + "#" + h.ID}
				if h.Level == 2 || last == nil {
					it.Children = append(it.Children, hi)
					last = &it.Children[len(it.Children)-1]
				} else {
					last.Children = append(last.Children, hi)
				}
			}
			arts = append(arts, it)
		}
		if name, ok := p.parts[part]; ok {
			out = append(out, navItem{Label: part.Title, Href: path.Base(name), Part: true, Children: arts})
		} else {
			out = append(out, arts...)
		}
	}
	if len(out) == 0 { // EPUB requires at least one entry in the toc
		out = append(out, navItem{Label: orSlug(p.b.Meta.Title, "title"), Href: path.Base(titleDoc)})
	}
	return out
}

// markLang labels an entry for an article in another language, so screen
// readers switch voice and the title runs in its own direction.
func (p *packager) markLang(it *navItem, a *collection.Article) {
	if a.Lang != "" && a.Lang != p.lang {
		it.Lang = a.Lang
	}
	if (a.Dir == "rtl" || a.Dir == "ltr") && a.Dir != p.dir {
		it.Dir = a.Dir
	}
}

func orSlug(label, slug string) string {
	if strings.TrimSpace(label) != "" {
		return label
	}
	return slug
}

// contentsTree is the visible table of contents: parts and articles, each
// article with its date. Articles are numbered through the book.
func (p *packager) contentsTree() []navItem {
	var out []navItem
	n := 0
	for _, part := range p.b.Parts {
		var arts []navItem
		for _, a := range part.Articles {
			if _, ok := p.docs[a]; !ok {
				continue
			}
			n++
			it := navItem{Label: orSlug(a.Title, a.Slug), Href: path.Base(p.docs[a])}
			p.markLang(&it, a)
			if !a.Date.IsZero() {
				it.Byline = p.loc.Date(a.Date, p.native, p.b.Meta.Calendars...)
			}
			arts = append(arts, it)
		}
		if name, ok := p.parts[part]; ok {
			out = append(out, navItem{Label: part.Title, Href: path.Base(name), Part: true, Children: arts, Start: n - len(arts) + 1})
		} else {
			out = append(out, arts...)
		}
	}
	return out
}

func prefixHrefs(items []navItem, prefix string) []navItem {
	out := make([]navItem, len(items))
	for i, it := range items {
		it.Href = prefix + it.Href
		it.Children = prefixHrefs(it.Children, prefix)
		out[i] = it
	}
	return out
}

func (p *packager) ncxPoints(items []navItem, order *int) []ncxPoint {
	var out []ncxPoint
	for _, it := range items {
		*order++
		pt := ncxPoint{ID: "np-" + strconv.Itoa(*order), Label: it.Label, Href: it.Href, Order: *order}
		pt.Children = p.ncxPoints(it.Children, order)
		out = append(out, pt)
	}
	return out
}

func depth(pts []ncxPoint) int {
	d := 0
	for _, pt := range pts {
		d = max(d, 1+depth(pt.Children))
	}
	return d
}
