package collection

import (
	"fmt"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/warraq/warraq/export/diag"
	"github.com/warraq/warraq/export/locale"
	"github.com/warraq/warraq/internal/slug"
	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// order sorts the articles, groups them into parts and fills b.Parts and
// b.Articles (the parts flattened).
func (l *loader) order(b *Book, arts []*Article) {
	mode := l.cfg.Order
	explicitList := l.cfg.Parts.Mode == "list" || len(l.cfg.Articles) > 0
	if explicitList && l.info.orderLine == 0 {
		mode = "manual" // an ordered list is its own order unless order: says otherwise
	}
	sortArticles(arts, mode, l.cfg.Language)

	loc := locale.For(l.cfg.Language)
	native := l.cfg.Digits == "arabic-indic"
	var cals []locale.Calendar
	for _, d := range l.cfg.Dates {
		cals = append(cals, locale.Calendar(d))
	}
	l.checkDates(arts, cals)
	var parts []*Part
	byTitle := map[string]*Part{}
	group := func(title string, a *Article) {
		p := byTitle[title]
		if p == nil {
			p = &Part{Title: title}
			byTitle[title] = p
			parts = append(parts, p)
		}
		p.Articles = append(p.Articles, a)
	}
	switch l.cfg.Parts.Mode {
	case "year":
		for _, a := range arts {
			t := loc.Labels.Undated
			if !a.Date.IsZero() {
				t = loc.Year(a.Date, native, cals...)
			}
			group(t, a)
		}
	case "month":
		for _, a := range arts {
			t := loc.Labels.Undated
			if !a.Date.IsZero() {
				t = loc.MonthYear(a.Date, native, cals...)
			}
			group(t, a)
		}
	case "tag":
		for _, a := range arts {
			t := loc.Labels.Others
			if len(a.Tags) > 0 {
				t = a.Tags[0]
			}
			group(t, a)
		}
	case "list":
		// Parts come in the listed order even when an earlier part is empty
		// after filtering; empty parts are dropped.
		index := map[string]int{}
		for i, spec := range l.cfg.Parts.List {
			for _, p := range spec.Articles {
				if c, ok := cleanRel(p); ok {
					if _, seen := index[c]; !seen {
						index[c] = i
					}
				}
			}
		}
		lists := make([][]*Article, len(l.cfg.Parts.List))
		for _, a := range arts {
			i, ok := index[a.Path]
			if !ok {
				i = l.partOfGlob(a.Path)
			}
			lists[i] = append(lists[i], a)
		}
		for i, spec := range l.cfg.Parts.List {
			if len(lists[i]) > 0 {
				title := spec.Title
				if title == "" {
					title = loc.Labels.Part + " " + loc.Number(i+1, native)
				}
				parts = append(parts, &Part{Title: title, Articles: lists[i]})
			}
		}
	default:
		parts = []*Part{{Articles: arts}}
	}
	b.Parts = parts
	b.Articles = b.Articles[:0]
	for i, p := range parts {
		p.Slug = fmt.Sprintf("part-%d", i+1)
		for _, a := range p.Articles {
			a.Part = p
			a.Index = len(b.Articles)
			b.Articles = append(b.Articles, a)
		}
	}
}

// partOfGlob finds the first part whose glob entries match p.
func (l *loader) partOfGlob(p string) int {
	for i, spec := range l.cfg.Parts.List {
		for _, g := range spec.Articles {
			if c, ok := cleanRel(g); ok && isGlob(c) && matchGlob(c, p) {
				return i
			}
		}
	}
	return 0
}

// sortArticles orders arts in place; every mode ends ties on the path, so the
// order never depends on the file system.
func sortArticles(arts []*Article, mode, lang string) {
	byPath := func(i, j int) bool { return arts[i].Path < arts[j].Path }
	byDate := func(i, j int, desc bool) (bool, bool) {
		a, b := arts[i].Date, arts[j].Date
		if a.Equal(b) {
			return false, false
		}
		if a.IsZero() != b.IsZero() {
			return b.IsZero(), true // undated last
		}
		if desc {
			return a.After(b), true
		}
		return a.Before(b), true
	}
	var less func(i, j int) bool
	switch mode {
	case "manual":
		return
	case "date-desc":
		less = func(i, j int) bool {
			if r, ok := byDate(i, j, true); ok {
				return r
			}
			return byPath(i, j)
		}
	case "title":
		tag, err := language.Parse(lang)
		if err != nil {
			tag = language.Und
		}
		col := collate.New(tag, collate.IgnoreDiacritics, collate.IgnoreCase)
		keys := make(map[*Article]string, len(arts))
		for _, a := range arts {
			keys[a] = slug.StripInvisible(a.Title)
		}
		less = func(i, j int) bool {
			if c := col.CompareString(keys[arts[i]], keys[arts[j]]); c != 0 {
				return c < 0
			}
			return byPath(i, j)
		}
	case "weight":
		less = func(i, j int) bool {
			if arts[i].Weight != arts[j].Weight {
				return arts[i].Weight < arts[j].Weight
			}
			if r, ok := byDate(i, j, false); ok {
				return r
			}
			return byPath(i, j)
		}
	default: // date
		less = func(i, j int) bool {
			if r, ok := byDate(i, j, false); ok {
				return r
			}
			return byPath(i, j)
		}
	}
	sort.SliceStable(arts, less)
}

// assignSlugs gives every article a unique ASCII slug: its front-matter slug
// (two equal ones are an error) or one made from its file name.
func (l *loader) assignSlugs(arts []*Article) {
	owner := map[string]*Article{}
	for _, a := range arts {
		if a.Slug == "" {
			continue
		}
		if s := slug.Make(a.Slug); s != a.Slug {
			hint := ""
			if s != "" {
				hint = fmt.Sprintf(", e.g. %q", s)
			}
			l.errorf(diag.InvalidValue, a.Path, a.slugLine, "slug: %q must be lower-case ASCII letters, digits and hyphens%s", a.Slug, hint)
			continue
		}
		if prev, dup := owner[a.Slug]; dup {
			l.errorf(diag.DuplicateSlug, a.Path, a.slugLine, "slug %q is already used by %s (line %d)", a.Slug, prev.Path, prev.slugLine)
			continue
		}
		owner[a.Slug] = a
	}
	for _, a := range arts {
		if a.Slug != "" && owner[a.Slug] == a {
			continue
		}
		name := a.Path
		if i := strings.LastIndexByte(name, '/'); i >= 0 {
			name = name[i+1:]
		}
		name = strings.TrimSuffix(name, path.Ext(name))
		base := slug.Make(name)
		if base == "" {
			base = slug.Make(a.Title)
		}
		if base == "" {
			base = "article"
		}
		s := base
		for i := 2; owner[s] != nil; i++ {
			s = fmt.Sprintf("%s-%d", base, i)
		}
		a.Slug = s
		owner[s] = a
	}
}

// calendarNames name the calendars in checkDates' warning.
var calendarNames = map[locale.Calendar]string{locale.Hijri: "Hijri (Umm al-Qura)", locale.SolarHijri: "solar Hijri"}

// checkDates warns about each article whose date a calendar of dates:
// cannot write: every format writes it in the Gregorian calendar instead.
func (l *loader) checkDates(arts []*Article, cals []locale.Calendar) {
	for _, c := range cals {
		first, last := time.Time{}, time.Time{}
		for _, a := range arts {
			if a.Date.IsZero() || c.Covers(a.Date) {
				continue
			}
			if first.IsZero() {
				first, last = c.Bounds()
			}
			l.warnf(diag.InvalidValue, a.Path, a.dateLine,
				"date: %s is outside the %s calendar Warraq writes (%s to %s), so this article's date is written in the Gregorian calendar in its place (book.yaml's dates: asks for %s)",
				a.Date.Format(time.DateOnly), calendarNames[c], first.Format(time.DateOnly), last.Format(time.DateOnly), c)
		}
	}
}
