package collection

import "go.yaml.in/yaml/v3"

// Config is book.yaml. Every key is optional; Load fills in the defaults.
// Unknown keys are an error naming the key, its line and the closest known key.
type Config struct {
	Title       string   `yaml:"title"`
	Subtitle    string   `yaml:"subtitle"`
	Author      []string `yaml:"author"` // a string or a list in YAML
	Publisher   string   `yaml:"publisher"`
	Language    string   `yaml:"language"`
	Direction   string   `yaml:"direction"`
	Identifier  string   `yaml:"identifier"`
	Date        string   `yaml:"date"` // YYYY-MM-DD
	Rights      string   `yaml:"rights"`
	Description string   `yaml:"description"`
	Subjects    []string `yaml:"subjects"`
	Slug        string   `yaml:"slug"`  // output file name; default: transliterated title
	Cover       Cover    `yaml:"cover"` // a path string, "generated", or a mapping

	Include  []string `yaml:"include"` // default ["**/*.md"]
	Exclude  []string `yaml:"exclude"`
	Tags     []string `yaml:"tags"`
	Since    string   `yaml:"since"`
	Until    string   `yaml:"until"`
	Drafts   bool     `yaml:"drafts"`
	Articles []string `yaml:"articles"` // explicit ordered list; overrides include/exclude

	Order string `yaml:"order"` // date (default), date-desc, title, weight, manual
	Parts Parts  `yaml:"parts"` // none (default), year, month, tag, or a list

	Fonts  Fonts  `yaml:"fonts"`
	Digits string `yaml:"digits"` // "latin" (default) or "arabic-indic": the language's own digits, for every number the book writes itself
	// Dates are the calendars the book writes its dates in, in order:
	// gregorian (default), hijri (Umm al-Qura), solar-hijri; with two, a
	// date is written in both ("١٠ رمضان ١٤٤٥ هـ / ٢٠ مارس ٢٠٢٤ م") and
	// parts by month or year follow the first.
	Dates []string `yaml:"dates"`

	// House style: a stylesheet added after the built-in one (EPUB and web
	// edition), and a directory of templates that replace built-in ones by
	// name. Paths relative to the collection.
	Style     string `yaml:"style"`
	Templates string `yaml:"templates"`

	// Sections are the sections of the output formats (pdf:, epub:), kept
	// as YAML for each format to decode and check itself, with lines.
	Sections map[string]*yaml.Node `yaml:"-"`
}

// Cover is either a supplied image or a generated typographic cover.
type Cover struct {
	Image      string `yaml:"image"`      // path to JPEG, PNG or WebP; "" means generated
	Style      string `yaml:"style"`      // generated cover style: "classic" (default), "band", "minimal"
	Background string `yaml:"background"` // "#rrggbb"; default derived from the title
	Foreground string `yaml:"foreground"`
}

// Parts is either a mode ("none", "year", "month", "tag") or an explicit list.
type Parts struct {
	Mode string     // "none", "year", "month", "tag", or "list"
	List []PartSpec // when Mode == "list"
}

// PartSpec is one explicitly listed part.
type PartSpec struct {
	Title    string   `yaml:"title"`
	Articles []string `yaml:"articles"` // paths relative to the collection
}

// Fonts names a family for each role: an embedded family name, a path to a
// TTF/OTF file, or the files of its faces ({regular, bold, italic,
// bold-italic}). Body, Heading and Mono hold the family name or the
// regular face's file; a role left out gets the book language's default
// (fonts.DefaultsFor).
type Fonts struct {
	Body    string `yaml:"body"`
	Heading string `yaml:"heading"`
	Mono    string `yaml:"mono"`
	// Faces are the files of each style of a role given as faces, by role
	// ("body") and style ("bold-italic"); nil for a role given as a name.
	Faces map[string]map[string]string `yaml:"-"`
	// Lines are the book.yaml lines of the roles book.yaml gives; the
	// roles absent here are the language's defaults.
	Lines map[string]int `yaml:"-"`
}
