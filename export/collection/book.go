// Package collection loads a directory of Markdown articles and its optional
// book.yaml into a Book: the metadata, the selected articles in book order,
// grouped into parts, each with its body in the document model (read by
// export/markdown, links resolved, images loaded) and every problem found.
//
// It is the first stage of the pipeline (load -> lower -> render) and the
// only one that reads the collection's files: renderers get everything from
// the Book.
//
// Decisions: undated articles sort after dated ones; an articles: list or a
// list of parts is its own order unless order: is given; links may name a
// heading by its ID or by the Unicode slug most Markdown tools make
// ("#مقدمة-الكتاب"); links that cannot be followed (outside the collection,
// not selected, other schemes) are warnings and plain text, while images that
// cannot be used are errors (remote ones: warnings, left out).
package collection

import (
	"strings"
	"time"

	"github.com/warraq/warraq/export/diag"
	"github.com/warraq/warraq/export/doc"
	"github.com/warraq/warraq/export/locale"
)

// Book is a loaded, selected, ordered and parsed collection.
type Book struct {
	Root   string // absolute path of the collection directory
	Config Config // book.yaml with every default filled in
	// Formats are the output formats' options, decoded from their
	// book.yaml sections by their own decoders (Options.Formats), by key.
	Formats map[string]any

	Meta     Meta
	Parts    []*Part    // at least one; with `parts: none` a single Part whose Title is ""
	Articles []*Article // every selected article, in book order (the parts flattened)
	Assets   []*Asset   // images referenced by the articles, sorted by Path

	// Modified is the book's timestamp: SOURCE_DATE_EPOCH when set, otherwise the
	// newest article date, otherwise the book's date; never the clock. UTC.
	// Zero when there is no date at all (Load warns; see NoDate).
	Modified time.Time

	Diagnostics []diag.Diagnostic // warnings found while loading (errors abort Load)

	// Style is book.yaml's style: the stylesheet the EPUB and the web
	// edition add after their own; nil without one.
	Style *File
	// Templates are the files of book.yaml's templates: directory, by
	// name, for the formats to use in place of their built-in templates.
	Templates []File

	byPath    map[string]*Article // Articles by Path, for link resolution
	assets    map[string]*Asset   // by the cleaned source path (WebP keeps its .webp key)
	cover     *Asset              // the supplied cover image, nil when generated
	coverEdge [3]uint8            // its edge colour (CoverEdge)
}

// Meta is the book's metadata, from book.yaml with defaults applied.
type Meta struct {
	Title       string
	Subtitle    string
	Authors     []string
	Publisher   string
	Language    string // BCP 47, default "ar"
	Direction   string // "rtl" or "ltr"
	Identifier  string // default: urn:uuid: UUID v5 of title and authors
	Date        time.Time
	Rights      string
	Description string
	Subjects    []string
	Slug        string // file-name-safe ASCII name for the outputs, e.g. "maqalat-2025"
	// NativeDigits is book.yaml's digits: arabic-indic: the numbers the book
	// writes itself (folios, notes, lists, dates) in the language's own digits.
	NativeDigits bool
	// Calendars are book.yaml's dates: the calendars the book's dates are
	// written in; none means the Gregorian.
	Calendars []locale.Calendar
}

// ISBN returns the book number in an identifier written "urn:isbn:…" or
// "isbn:…", or "": a generated urn:uuid is not printed, an ISBN is.
func (m Meta) ISBN() string {
	id := strings.TrimSpace(m.Identifier)
	for _, p := range []string{"urn:isbn:", "isbn:"} {
		if len(id) > len(p) && strings.EqualFold(id[:len(p)], p) {
			return strings.TrimSpace(id[len(p):])
		}
	}
	return ""
}

// Locale is the book language's table: its digits, months and labels.
func (m Meta) Locale() *locale.Locale { return locale.For(m.Language) }

// RTL reports whether the book reads right to left.
func (m Meta) RTL() bool { return m.Direction == "rtl" }

// Part is a top-level division of the book.
type Part struct {
	Title    string
	Slug     string
	Articles []*Article
}

// Article is one selected Markdown file.
type Article struct {
	Path    string // slash-separated, relative to Book.Root
	AbsPath string

	Title     string
	Subtitle  string
	Authors   []string
	Date      time.Time // zero when the article has none
	Tags      []string
	Draft     bool
	Summary   string
	SourceURL string // front matter "source": URL of the original publication
	Lang      string // effective language (the book's unless front matter overrides)
	Dir       string // effective direction, "rtl" or "ltr"
	Weight    int
	Slug      string // unique within the book; ASCII, used for file and anchor names
	Part      *Part
	Index     int // position in Book.Articles
	TitleLine int // 1-based line of the title in the file (front matter or H1)
	Bytes     int // the size of the file: renderers weigh their work by it

	// BodyLine is the file line on which the Markdown body starts.
	BodyLine int

	Words    int
	Headings []Heading // level 2 and 3 headings, in order, with their anchor IDs

	// model is the body in the document model, what every format
	// renders (Model, model.go).
	model heldModel
	// chars are doc.Chars of the body as read, when known (setChars).
	chars      []byte
	charsKnown bool

	anchors  map[string]string // fragment spellings (ID, Unicode slug) -> heading ID
	slugLine int               // line of "slug:" in the front matter
	dateLine int               // line of "date:" in the front matter
	source   []byte            // the Markdown body, until it is read into the model
	images   []imageUse        // the images the body uses, in order
}

// imageUse is one use of an image file, for loading and blame.
type imageUse struct {
	key  string // the cleaned path relative to the root
	line int
}

// Heading is a heading inside an article, for tables of contents and links.
type Heading struct {
	Level int
	Text  string
	ID    string // the anchor: also set as the "id" attribute of the ast.Heading
}

// Asset is an image file used by the book, loaded and validated.
type Asset = doc.Asset

// Target is where a link inside an article points.
type Target struct {
	External string   // absolute URL (http, https, mailto) when the link leaves the book
	Article  *Article // the target article when the link points inside the book
	Fragment string   // heading ID inside Article, or "" for its start
}

// Locale is the article language's table.
func (a *Article) Locale() *locale.Locale { return locale.For(a.Lang) }

// File is a file of the book's house style (style:, templates:), read while
// loading.
type File struct {
	Path string // slash-separated, relative to Book.Root
	Data []byte
}
