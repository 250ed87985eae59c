package collection

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

	Fonts Fonts `yaml:"fonts"`
	PDF   PDF   `yaml:"pdf"`
	EPUB  EPUB  `yaml:"epub"`
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

// Fonts names a family for each role: an embedded family name or a path to a TTF/OTF file.
type Fonts struct {
	Body    string `yaml:"body"`
	Heading string `yaml:"heading"`
	Mono    string `yaml:"mono"`
}

// PDF holds page setup for the PDF renderer. Lengths are in points after Load
// (book.yaml may give "15mm", "0.75in", "12pt" or a bare number of points).
type PDF struct {
	Size         string  `yaml:"size"` // A5 (default), A4, B5, Letter, 6x9, or "WIDTHxHEIGHT" with units
	Width        float64 `yaml:"-"`
	Height       float64 `yaml:"-"`
	Margins      Margins `yaml:"margins"`
	FontSize     float64 `yaml:"font-size"`     // body size in pt, default 11
	Leading      float64 `yaml:"leading"`       // line height as a multiple of the font size, default 1.7
	Paragraph    string  `yaml:"paragraph"`     // "indent" (default) or "space"
	ArticleStart string  `yaml:"article-start"` // "page" (default: any new page) or "recto"
	Digits       string  `yaml:"digits"`        // "latin" (default) or "arabic-indic"
	TOCDepth     int     `yaml:"toc-depth"`     // 1: articles only (default); 2: with level-2 headings
}

// Margins in points (see PDF).
type Margins struct {
	Top    float64 `yaml:"top"`
	Bottom float64 `yaml:"bottom"`
	Inner  float64 `yaml:"inner"`
	Outer  float64 `yaml:"outer"`
}

// EPUB holds EPUB renderer options.
type EPUB struct {
	Digits   string `yaml:"digits"`    // "latin" (default) or "arabic-indic" for generated numbers
	TOCDepth int    `yaml:"toc-depth"` // 2 (default): articles and their level-2 headings
}
