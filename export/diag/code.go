package diag

// Code names the kind of a problem for programs that read diagnostics
// (`warraq check --json`, a CI job's annotations): it is stable across
// releases while the message's wording may change. The vocabulary is kept
// small on purpose, one code per thing a user does to fix the problem; a new
// code is added here, in Codes and in the schemas' enums (schema/*.json),
// never by renaming one.
type Code string

const (
	YAMLSyntax    Code = "yaml-syntax"    // book.yaml or front matter is not valid YAML
	UnknownKey    Code = "unknown-key"    // a key Warraq does not know (or no longer takes there)
	DuplicateKey  Code = "duplicate-key"  // a key given twice in one mapping
	InvalidValue  Code = "invalid-value"  // a value of the wrong type, form or range
	Encoding      Code = "encoding"       // a file that is not UTF-8 text
	FrontMatter   Code = "front-matter"   // front matter never closed, or an article without a title
	EmptyArticle  Code = "empty-article"  // an article with nothing in it, or a title and no text
	Unreadable    Code = "unreadable"     // a file or directory the build needs that is missing or cannot be read
	Limit         Code = "limit"          // a file, image or structure larger than Warraq accepts
	PathOutside   Code = "path-outside"   // a path or link that leaves the collection
	Selection     Code = "selection"      // what the selection, order or parts leave in or out
	DuplicateSlug Code = "duplicate-slug" // two articles with the same slug
	Image         Code = "image"          // an image that is missing, corrupt or of an unsupported kind
	RemoteImage   Code = "image-remote"   // a remote image, never fetched
	ImageAlt      Code = "image-alt"      // an image without alt text
	Link          Code = "link"           // a link to an article or anchor that is not in the book
	RawHTML       Code = "raw-html"       // raw HTML removed or simplified
	Font          Code = "font"           // a font that cannot be found or used
	FontStyle     Code = "font-style"     // a style the book uses that its chosen family has no face for
	Cover         Code = "cover"          // a cover that cannot be made as asked
	Template      Code = "template"       // a book's template that does not parse or names what its page lacks
	MissingGlyph  Code = "missing-glyph"  // a character no embedded font can draw
	NoDate        Code = "no-date"        // a book with no date to publish it under
	Output        Code = "output"         // an output that cannot be written (permissions, disk full)
	Usage         Code = "usage"          // a command-line mistake (JSON reports only)
	Interrupted   Code = "interrupted"    // the run was interrupted (JSON reports only)
	Internal      Code = "internal"       // a bug in Warraq (JSON reports only)
)

// Codes lists every code with what it means, in the order above: the
// documentation and the schemas are checked against it.
var Codes = []struct {
	Code    Code
	Meaning string
}{
	{YAMLSyntax, "book.yaml or front matter is not valid YAML"},
	{UnknownKey, "a key Warraq does not know, or no longer takes in that place"},
	{DuplicateKey, "a key given twice in one mapping"},
	{InvalidValue, "a value of the wrong type, form or range"},
	{Encoding, "a file that is not UTF-8 text"},
	{FrontMatter, "front matter never closed, or an article without a title"},
	{EmptyArticle, "an article with nothing in it, or a title and no text"},
	{Unreadable, "a file or directory that is missing or cannot be read"},
	{Limit, "a file, image or structure larger than Warraq accepts"},
	{PathOutside, "a path or link that leaves the collection"},
	{Selection, "what the selection, order or parts leave in or out"},
	{DuplicateSlug, "two articles with the same slug"},
	{Image, "an image that is missing, corrupt or of an unsupported kind"},
	{RemoteImage, "a remote image, never fetched"},
	{ImageAlt, "an image without alt text"},
	{Link, "a link to an article or anchor that is not in the book"},
	{RawHTML, "raw HTML removed or simplified"},
	{Font, "a font that cannot be found or used"},
	{FontStyle, "a style the book uses that its chosen family has no face for"},
	{Cover, "a cover that cannot be made as asked"},
	{Template, "a template of the book's that does not parse, or names what its page does not have"},
	{MissingGlyph, "a character no embedded font can draw"},
	{NoDate, "a book with no date to publish it under"},
	{Output, "an output that cannot be written (permissions, disk full)"},
	{Usage, "a command-line mistake"},
	{Interrupted, "the run was interrupted"},
	{Internal, "a bug in Warraq"},
}

// Environmental reports whether a problem with code c lies in the machine
// rather than in the sources (a file that cannot be read, an output that
// cannot be written): the CLI exits 3 for those, not 1, so a CI job can
// tell a broken runner from a broken book.
func (c Code) Environmental() bool { return c == Unreadable || c == Output }
