package html

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	htmltemplate "html/template"
	"image"
	_ "image/jpeg" // decodes a JPEG cover to scale it
	_ "image/png"  // decodes a PNG cover to scale it
	"path"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/image/draw"

	"github.com/warraq/warraq/export/collection"
	"github.com/warraq/warraq/export/doc"
	"github.com/warraq/warraq/export/epub"
	"github.com/warraq/warraq/export/locale"
	"github.com/warraq/warraq/export/render"
	"github.com/warraq/warraq/export/search"
	"github.com/warraq/warraq/export/xhtml"
	"github.com/warraq/warraq/internal/imgcolour"
	"github.com/warraq/warraq/internal/imgscale"
	"github.com/warraq/warraq/internal/par"
	"github.com/warraq/warraq/internal/slug"
	"github.com/warraq/warraq/templates"
)

// The site's fixed files.
const (
	indexPage   = "index.html"
	searchPage  = "search.html"
	webCSS      = "css/web.css"
	indexScript = "search/index.js"
	searchJS    = "search/search.js"
	coverName   = "images/cover" // + .png or .jpg: claimed before any image
)

// coverWidth is the cover's width on the index page, in pixels: twice the
// width it is shown at, for sharp screens, and a tenth of the EPUB's bytes.
const coverWidth = 480

// Page data for the templates.
type (
	page struct {
		Lang, Dir, Title string
		Label            locale.Labels
		Book             bookView
		Styles           []string // stylesheets, in cascade order
		Search           string   // the search page, "" when the site has none
		Cover            *coverView
		Contents         []navItem
		Article          *articleView
		Prev, Next       *navItem
	}
	bookView struct {
		Title, Subtitle, Authors, Publisher, Date, DateISO, Rights, Description string
		Lang, Dir                                                               string
	}
	coverView struct {
		Href, Alt     string
		Width, Height int
	}
	articleView struct {
		Title, Subtitle, Authors, Date, DateISO string
		Source                                  string
		Tags                                    []string
		Body, Notes                             htmltemplate.HTML
	}
	navItem struct {
		Label, Href, Byline string
		Part                bool
		Start               int
		Lang, Dir           string // set when not the book's
		Children            []navItem
	}
)

// site is one web edition being made.
type site struct {
	in  *render.Input
	b   *collection.Book
	o   Options
	tpl *templates.Set

	lang, dir string
	loc       *locale.Locale
	native    bool
	styles    []string

	names   slug.Names
	pages   map[string]string // article path -> page name
	byAsset map[*doc.Asset]string
	files   []File
	// sections are each article's documents for the search page, by
	// article, when it has one (found with its page).
	sections [][]search.Doc

	coverView *coverView // set by cover, which runs beside the pages
	coverFile File
	cache     *Cache
}

// Site makes every file of the web edition, in a fixed order.
func Site(in *render.Input, o Options) ([]File, error) { return (*Cache)(nil).Site(in, o) }

// Cache keeps what one build of a book's site can give the next when it
// has not changed: the cover, which takes most of a rebuild of a small book
// (drawn at 1600 x 2560, then scaled), and the articles' pages (pagememo.go),
// most of a rebuild of a large one. The live preview holds one; a build
// needs none. Its zero value is ready, and nil caches nothing.
type Cache struct {
	mu    sync.Mutex
	key   string // what the cover was drawn from
	cover File
	view  coverView
	draws int // covers drawn, for tests

	// Article pages by their key (pagememo.go): those this build used or
	// made, and those the last one did.
	pages, lastPages map[[32]byte][]byte
	made             int // article pages made and kept, for tests
	terms            search.Memo
}

// Site is Site, with what c holds.
func (c *Cache) Site(in *render.Input, o Options) ([]File, error) {
	b := in.Book
	s := &site{
		in: in, b: b, o: o, tpl: in.Templates, cache: c,
		lang: cmp.Or(b.Meta.Language, "ar"), native: b.Meta.NativeDigits,
		names: slug.Names{}, pages: map[string]string{}, byAsset: map[*doc.Asset]string{},
	}
	if s.tpl == nil {
		s.tpl = templates.Builtin()
	}
	s.dir = b.Meta.Direction
	if s.dir != "rtl" && s.dir != "ltr" {
		s.dir = locale.Direction(s.lang)
	}
	s.loc = locale.For(s.lang)
	for _, n := range []string{indexPage, searchPage, "404.html", coverName + ".png", coverName + ".jpg"} {
		s.names.Take(n)
	}
	for _, a := range b.Articles {
		s.pages[a.Path] = s.names.Claim("", a.Slug, ".html", "article-"+strconv.Itoa(a.Index+1))
	}
	s.claimImages()
	if c != nil {
		c.startPages()
	}
	// The cover (drawn, decoded, scaled: most of a small book's time) is
	// made while the pages are; the index page waits for it.
	cover := make(chan error, 1)
	go func() { cover <- par.Do("cover", s.cover) }()
	waited := false
	wait := func() error { waited = true; return <-cover }
	for _, stage := range []func() error{s.stylesheets, s.articles, wait, s.index, s.search} {
		if err := stage(); err != nil {
			if !waited {
				<-cover // nothing Site starts outlives it
			}
			return nil, err
		}
	}
	return s.files, nil
}

func (s *site) add(name string, data []byte) { s.files = append(s.files, File{name, data}) }

func (s *site) execute(name string, data any) ([]byte, error) {
	var buf bytes.Buffer
	if err := s.tpl.Execute(&buf, name, data); err != nil {
		return nil, err
	}
	return []byte(xhtml.Clean(buf.String())), nil
}

// stylesheets adds the EPUB's stylesheet and fonts, the site's own rules,
// then the book's style:, in that cascade order.
func (s *site) stylesheets() error {
	files, err := epub.Stylesheet(s.in, s.tpl, s.ownWords())
	if err != nil {
		return err
	}
	var style string
	for _, f := range files {
		s.names.Take(f.Name)
		s.add(f.Name, f.Data)
		switch f.Name {
		case "css/book.css":
			s.styles = append(s.styles, f.Name)
		case "css/style.css":
			style = f.Name
		}
	}
	css, err := s.execute("web.css", nil)
	if err != nil {
		return err
	}
	s.add(webCSS, css)
	s.styles = append(s.styles, webCSS)
	if style != "" {
		s.styles = append(s.styles, style)
	}
	return nil
}

// ownWords are the words the site writes that the EPUB does not: its
// labels, in each language of the book, for the fonts to keep their glyphs.
func (s *site) ownWords() []string {
	langs := []string{s.lang}
	for _, a := range s.b.Articles {
		if !slices.Contains(langs, a.Lang) {
			langs = append(langs, a.Lang)
		}
	}
	var out []string
	for _, l := range langs {
		v := reflect.ValueOf(locale.For(l).Labels)
		for i := 0; i < v.NumField(); i++ {
			out = append(out, v.Field(i).String())
		}
	}
	return out
}

func (s *site) newPage(title, lang, dir string) page {
	lang = cmp.Or(lang, s.lang)
	if dir != "rtl" && dir != "ltr" {
		dir = s.dir
	}
	m := s.b.Meta
	bv := bookView{Title: m.Title, Subtitle: m.Subtitle, Authors: s.loc.Join(m.Authors), Publisher: m.Publisher,
		Rights: m.Rights, Description: m.Description, Lang: s.lang, Dir: s.dir}
	if !m.Date.IsZero() {
		bv.Date = s.loc.Number(m.Date.Year(), s.native)
		bv.DateISO = m.Date.Format("2006-01-02")
	}
	pg := page{Lang: lang, Dir: dir, Title: title, Label: locale.For(lang).Labels, Book: bv, Styles: s.styles}
	if s.o.Search {
		pg.Search = searchPage
	}
	return pg
}

// cover adds the cover, scaled down for a page, for the index to show.
func (s *site) cover() error {
	if s.in.Cover == nil {
		return nil
	}
	key := s.cache.coverKey(s.b)
	if f, v, ok := s.cache.lookup(key); ok {
		s.coverFile, s.coverView = f, &v
		return nil
	}
	// A generated cover is drawn at the page's size; a supplied one is
	// scaled down from the EPUB's image.
	img, err := s.in.Cover.Thumbnail(coverWidth)
	if img == nil && err == nil {
		img, err = s.in.Cover.Raster()
	}
	if err != nil {
		return fmt.Errorf("cover: %w", err)
	}
	data, w, h, ext := img.Data, img.Width, img.Height, ".png"
	if img.MediaType == "image/jpeg" {
		ext = ".jpg"
	}
	if w > coverWidth {
		if data, w, h, err = scale(img.Data, img.MediaType, coverWidth); err != nil {
			return fmt.Errorf("cover: %w", err)
		}
	}
	s.coverFile = File{coverName + ext, data}
	s.coverView = &coverView{Href: s.coverFile.Name, Alt: fmt.Sprintf(s.loc.Labels.CoverOf, s.b.Meta.Title), Width: w, Height: h}
	s.cache.store(key, s.coverFile, *s.coverView)
	return nil
}

// coverKey is everything the cover is drawn from: the book's metadata,
// its cover and font settings, and the supplied image.
func (c *Cache) coverKey(b *collection.Book) string {
	if c == nil {
		return ""
	}
	h := sha256.New()
	json.NewEncoder(h).Encode(struct {
		Meta  collection.Meta
		Cover collection.Cover
		Fonts collection.Fonts
	}{b.Meta, b.Config.Cover, b.Config.Fonts})
	if a := b.CoverAsset(); a != nil {
		h.Write(a.Data)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func (c *Cache) lookup(key string) (File, coverView, bool) {
	if c == nil {
		return File{}, coverView{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.cover, c.view, c.key == key && key != ""
}

func (c *Cache) store(key string, f File, v coverView) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.key, c.cover, c.view = key, f, v
	c.draws++
}

// scale resizes an encoded image to width pixels, keeping its proportions
// and its format.
func scale(data []byte, mediaType string, width int) ([]byte, int, int, error) {
	src, format, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, 0, 0, err
	}
	colour := imgcolour.Read(format, data) // kept, as in the EPUB and the PDF
	b := src.Bounds()
	height := max(1, b.Dy()*width/b.Dx())
	dst := image.NewRGBA(image.Rect(0, 0, width, height))
	// Bilinear, widened to the scale as x/image's kernels are, is as sharp
	// as Catmull-Rom at a third of the size and takes half the time. Drawn
	// a few rows at a time (imgscale), a paletted image through a table of
	// its colours: x/image/draw's scaler read one a pixel at a time through
	// color.Color (270 ms of a 450 ms web edition for a generated cover)
	// and held a buffer of 39 MB for a 1600 x 2560 one.
	imgscale.Over(dst, dst.Bounds(), src, draw.BiLinear)
	var out []byte
	if mediaType == "image/jpeg" {
		out, err = colour.EncodeJPEG(dst, 85)
	} else {
		out, err = colour.EncodePNG(dst)
	}
	return out, width, height, err
}

// href is the link to an article of the book and a heading in it, or ""
// when the article is not in the book.
func (s *site) href(t doc.Target) string {
	name, ok := s.pages[t.Article]
	if !ok {
		return ""
	}
	if t.Fragment != "" {
		return name + "#" + t.Fragment
	}
	return name
}

// src is an image's path in the site.
func (s *site) src(img *doc.Image) string {
	if img.Asset == nil {
		return ""
	}
	return s.byAsset[img.Asset]
}

// claimImages names and adds every image the articles show, in book order,
// before the pages are written side by side.
func (s *site) claimImages() {
	for _, art := range s.b.Articles {
		for _, a := range art.Assets() {
			s.claimImage(a)
		}
	}
}

func (s *site) claimImage(a *doc.Asset) {
	if _, ok := s.byAsset[a]; ok {
		return
	}
	ext := path.Ext(a.Path)
	switch a.MediaType {
	case "image/jpeg":
		ext = ".jpg"
	case "image/png":
		ext = ".png"
	}
	name := s.names.Claim("images/", strings.TrimSuffix(path.Base(a.Path), path.Ext(a.Path)), ext, "image")
	s.byAsset[a] = name
	s.add(name, a.Data)
}

func (s *site) number(n int) string { return s.loc.Number(n, s.native) }

// articles adds a page per article, in book order, written side by side,
// and finds the search page's sections of each (searchpage.go) from the
// same copy of its model.
func (s *site) articles() error {
	arts := s.b.Articles
	pages := make([][]byte, len(arts))
	if s.o.Search {
		s.sections = make([][]search.Doc, len(arts))
	}
	context, keep := s.pageContext()
	err := par.Each(len(arts), 0, func(i int) string { return arts[i].Path }, func(i int) error {
		var d *doc.Document
		if s.o.Search {
			d = arts[i].Model()
			s.sections[i] = s.articleSections(arts[i], d)
		}
		var key [32]byte
		kept := false
		if keep {
			if key, kept = s.pageKey(context, i); kept {
				if page, ok := s.cache.page(key); ok {
					pages[i] = page
					return nil
				}
			}
		}
		if d == nil {
			d = arts[i].Model()
		}
		var err error
		pages[i], err = s.article(i, d)
		if err == nil && kept {
			s.cache.keepPage(key, pages[i])
		}
		return err
	})
	if err != nil {
		return err
	}
	for i, a := range arts {
		s.add(s.pages[a.Path], pages[i])
	}
	return nil
}

// article makes the page of the i-th article, whose model is d.
func (s *site) article(i int, d *doc.Document) ([]byte, error) {
	arts := s.b.Articles
	a := arts[i]
	pg := s.newPage(a.Title, a.Lang, a.Dir)
	loc := locale.For(pg.Lang)
	out := xhtml.Render(d, xhtml.Options{Lang: pg.Lang, Dir: pg.Dir, Digits: s.number, Href: s.href, Src: s.src})
	av := &articleView{
		Title: a.Title, Subtitle: a.Subtitle, Authors: loc.Join(a.Authors), Tags: a.Tags,
		Body: htmltemplate.HTML(out.Body), Notes: htmltemplate.HTML(out.Notes),
	}
	if a.SourceURL != "" {
		av.Source = xhtml.URL(a.SourceURL)
	}
	if !a.Date.IsZero() {
		av.Date = loc.Date(a.Date, s.native, s.b.Meta.Calendars...)
		av.DateISO = a.Date.Format("2006-01-02")
	}
	pg.Article = av
	if i > 0 {
		pg.Prev = s.item(arts[i-1])
	}
	if i+1 < len(arts) {
		pg.Next = s.item(arts[i+1])
	}
	return s.execute("article.html", pg)
}

// item is the link to an article, marked with its language when it is not
// the book's.
func (s *site) item(a *collection.Article) *navItem {
	it := &navItem{Label: cmp.Or(strings.TrimSpace(a.Title), a.Slug), Href: s.pages[a.Path]}
	if a.Lang != "" && a.Lang != s.lang {
		it.Lang = a.Lang
	}
	if (a.Dir == "rtl" || a.Dir == "ltr") && a.Dir != s.dir {
		it.Dir = a.Dir
	}
	return it
}

// index adds the index page: the book's title page and its contents.
func (s *site) index() error {
	if s.coverView != nil {
		s.add(s.coverFile.Name, s.coverFile.Data)
	}
	pg := s.newPage(s.b.Meta.Title, "", "")
	pg.Cover = s.coverView
	n := 0
	for _, part := range s.b.Parts {
		var arts []navItem
		for _, a := range part.Articles {
			n++
			it := *s.item(a)
			if !a.Date.IsZero() {
				it.Byline = s.loc.Date(a.Date, s.native, s.b.Meta.Calendars...)
			}
			arts = append(arts, it)
		}
		if part.Title != "" {
			pg.Contents = append(pg.Contents, navItem{Label: part.Title, Part: true, Children: arts, Start: n - len(arts) + 1})
		} else {
			pg.Contents = append(pg.Contents, arts...)
		}
	}
	data, err := s.execute("index.html", pg)
	if err != nil {
		return err
	}
	s.add(indexPage, data)
	return nil
}
