package collection

import (
	"regexp"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
	"golang.org/x/text/language"

	"github.com/warraq/warraq/export/config"
	"github.com/warraq/warraq/export/diag"
	"github.com/warraq/warraq/export/locale"
	"github.com/warraq/warraq/fonts"
	"github.com/warraq/warraq/internal/slug"
)

// configInfo is what parsing book.yaml learns beyond Config: parsed dates and
// the lines of entries that later stages may need to blame.
type configInfo struct {
	date, since, until time.Time
	articleLines       []int
	partsLine          int     // line of parts:'s value
	partLines          []int   // line of each part's title/entry
	partArticleLines   [][]int // line of each article of each part
	coverLine          int
	fontLines          map[string]int // fonts.body/heading/mono -> line
	faceLines          map[string]int // fonts.body.bold... -> line, for faces given as files
	orderLine          int
	styleLine          int // style: and templates:, for their problems
	templatesLine      int
}

var colorRE = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)

// parseConfig decodes book.yaml. Every problem is appended to diags with the
// file name and line. sections are the keys the output formats own: their
// values are kept for the formats to decode.
func parseConfig(src []byte, file string, sections []string, diags *[]diag.Diagnostic) (Config, configInfo) {
	var cfg Config
	var info configInfo
	r := diag.List{File: file, Diags: diags}
	root, ok := config.Parse(src, r)
	if !ok || root == nil {
		return cfg, info
	}
	var parts *yaml.Node
	fields := config.Fields{
		"title":     config.Str(r, "title", &cfg.Title),
		"subtitle":  config.Str(r, "subtitle", &cfg.Subtitle),
		"author":    config.StrList(r, "author", &cfg.Author),
		"publisher": config.Str(r, "publisher", &cfg.Publisher),
		"language": func(n *yaml.Node) {
			config.Str(r, "language", &cfg.Language)(n)
			if cfg.Language != "" {
				if _, err := language.Parse(cfg.Language); err != nil {
					r.At(n.Column).Errorf(diag.InvalidValue, n.Line, "language: %q is not a BCP 47 language tag (e.g. ar, ar-EG, fa, en)", cfg.Language)
				}
			}
		},
		"direction":   config.OneOf(r, "direction", &cfg.Direction, "rtl", "ltr"),
		"identifier":  config.Str(r, "identifier", &cfg.Identifier),
		"date":        config.Date(r, "date", &info.date, &cfg.Date),
		"rights":      config.Str(r, "rights", &cfg.Rights),
		"description": config.Str(r, "description", &cfg.Description),
		"subjects":    config.StrList(r, "subjects", &cfg.Subjects),
		"slug": func(n *yaml.Node) {
			config.Str(r, "slug", &cfg.Slug)(n)
			if cfg.Slug != "" && slug.Make(cfg.Slug) != cfg.Slug {
				r.At(n.Column).Errorf(diag.InvalidValue, n.Line, "slug: %q is not a file-name-safe slug (lower-case ASCII letters, digits and dashes, e.g. %q)", cfg.Slug, slug.Make(cfg.Slug))
			}
		},
		"cover":    func(n *yaml.Node) { info.coverLine = n.Line; decodeCover(n, r, &cfg.Cover) },
		"include":  config.StrList(r, "include", &cfg.Include),
		"exclude":  config.StrList(r, "exclude", &cfg.Exclude),
		"tags":     config.StrList(r, "tags", &cfg.Tags),
		"since":    config.Date(r, "since", &info.since, &cfg.Since),
		"until":    config.Date(r, "until", &info.until, &cfg.Until),
		"drafts":   config.Bool(r, "drafts", &cfg.Drafts),
		"articles": config.StrListLines(r, "articles", &cfg.Articles, &info.articleLines),
		"order": func(n *yaml.Node) {
			if !config.IsNull(n) {
				info.orderLine = n.Line
			}
			config.OneOf(r, "order", &cfg.Order, "date", "date-desc", "title", "weight", "manual")(n)
		},
		"parts": func(n *yaml.Node) { parts, info.partsLine = n, n.Line+r.Offset },
		"fonts": func(n *yaml.Node) {
			info.fontLines = map[string]int{}
			font := func(key string, dst *string) func(*yaml.Node) {
				return func(n *yaml.Node) {
					info.fontLines[key] = n.Line + r.Offset
					if config.Deref(n).Kind == yaml.MappingNode {
						decodeFaces(n, r, key, dst, &cfg.Fonts, &info)
						return
					}
					config.Str(r, "fonts."+key, dst)(n)
				}
			}
			config.Map(n, r, "fonts", config.Fields{
				"body":    font("body", &cfg.Fonts.Body),
				"heading": font("heading", &cfg.Fonts.Heading),
				"mono":    font("mono", &cfg.Fonts.Mono),
			})
			for key, line := range info.fontLines {
				if cfg.Fonts.Lines == nil {
					cfg.Fonts.Lines = map[string]int{}
				}
				cfg.Fonts.Lines[key] = line
			}
		},
		"digits": config.OneOf(r, "digits", &cfg.Digits, "latin", "arabic-indic"),
		"dates":  func(n *yaml.Node) { decodeDates(n, r, &cfg.Dates) },
		"style":  func(n *yaml.Node) { info.styleLine = n.Line + r.Offset; config.Str(r, "style", &cfg.Style)(n) },
		"templates": func(n *yaml.Node) {
			info.templatesLine = n.Line + r.Offset
			config.Str(r, "templates", &cfg.Templates)(n)
		},
	}
	for _, name := range sections {
		fields[name] = func(n *yaml.Node) {
			if cfg.Sections == nil {
				cfg.Sections = map[string]*yaml.Node{}
			}
			cfg.Sections[name] = n
		}
	}
	config.Map(root, r, "book.yaml", fields)
	if parts != nil {
		decodeParts(parts, r, &cfg.Parts, &info)
	}
	return cfg, info
}

// decodeDates reads dates: one calendar or a list of them, each once.
func decodeDates(n *yaml.Node, r diag.List, dst *[]string) {
	var names []string
	config.StrList(r, "dates", &names)(n)
	seen := map[string]bool{}
	for _, name := range names {
		if _, err := locale.ParseCalendar(name); err != nil {
			r.At(n.Column).Errorf(diag.InvalidValue, n.Line, "dates: %v", err)
			continue
		}
		if seen[name] {
			r.At(n.Column).Errorf(diag.InvalidValue, n.Line, "dates: %s given twice", name)
			continue
		}
		seen[name] = true
		*dst = append(*dst, name)
	}
}

// decodeFaces reads a role given as the files of its faces:
// {regular: a.ttf, bold: b.ttf, italic: c.ttf, bold-italic: d.ttf}.
func decodeFaces(n *yaml.Node, r diag.List, key string, dst *string, f *Fonts, info *configInfo) {
	faces := map[string]string{}
	fields := config.Fields{}
	for _, st := range []string{"regular", "bold", "italic", "bold-italic"} {
		fields[st] = func(v *yaml.Node) {
			var file string
			config.Str(r, "fonts."+key+"."+st, &file)(v)
			if file != "" {
				faces[st] = file
				info.faceLines[key+"."+st] = v.Line + r.Offset
			}
		}
	}
	if info.faceLines == nil {
		info.faceLines = map[string]int{}
	}
	config.Map(n, r, "fonts."+key, fields)
	if len(faces) == 0 {
		return
	}
	if faces["regular"] == "" {
		r.At(n.Column).Errorf(diag.InvalidValue, n.Line, "fonts.%s: the family has no regular face (give regular: with a .ttf/.otf file)", key)
		return
	}
	if f.Faces == nil {
		f.Faces = map[string]map[string]string{}
	}
	f.Faces[key] = faces
	*dst = faces["regular"]
}

func decodeCover(n *yaml.Node, r diag.List, c *Cover) {
	if config.IsNull(n) {
		return
	}
	if n.Kind == yaml.ScalarNode {
		v := strings.TrimSpace(n.Value)
		if v != "generated" {
			c.Image = v
		}
		return
	}
	config.Map(n, r, "cover", config.Fields{
		"image":      config.Str(r, "cover.image", &c.Image),
		"style":      config.OneOf(r, "cover.style", &c.Style, "classic", "band", "minimal"),
		"background": colour(r, "cover.background", &c.Background),
		"foreground": colour(r, "cover.foreground", &c.Foreground),
	})
	if c.Image == "generated" {
		c.Image = ""
	}
}

func colour(r diag.List, key string, dst *string) func(*yaml.Node) {
	return func(n *yaml.Node) {
		var v string
		config.Str(r, key, &v)(n)
		if v == "" {
			return
		}
		if !colorRE.MatchString(v) {
			r.At(n.Column).Errorf(diag.InvalidValue, n.Line, "%s: want a colour like \"#1f3a5f\", got %q", key, v)
			return
		}
		*dst = strings.ToLower(v)
	}
}

func decodeParts(n *yaml.Node, r diag.List, p *Parts, info *configInfo) {
	if config.IsNull(n) {
		return
	}
	switch n.Kind {
	case yaml.ScalarNode:
		config.OneOf(r, "parts", &p.Mode, "none", "year", "month", "tag")(n)
	case yaml.SequenceNode:
		p.Mode = "list"
		for _, item := range n.Content {
			item = config.Deref(item)
			var spec PartSpec
			var lines []int
			config.Map(item, r, "parts", config.Fields{
				"title":    config.Str(r, "parts.title", &spec.Title),
				"articles": config.StrListLines(r, "parts.articles", &spec.Articles, &lines),
			})
			// A part without a title is titled by its number in the book's
			// language ("الجزء ٢", "Part 2"), when the parts are made.
			p.List = append(p.List, spec)
			info.partLines = append(info.partLines, item.Line+r.Offset)
			info.partArticleLines = append(info.partArticleLines, lines)
		}
		if len(p.List) == 0 {
			r.At(n.Column).Errorf(diag.InvalidValue, n.Line, "parts: the list is empty")
		}
	default:
		r.At(n.Column).Errorf(diag.InvalidValue, n.Line, "parts: want none, year, month, tag or a list of parts, got %s", config.KindName(n))
	}
}

// fillDefaults applies every default the Config comments promise.
func fillDefaults(c *Config) {
	if c.Language == "" {
		c.Language = "ar"
	}
	if c.Direction == "" {
		c.Direction = locale.Direction(c.Language)
	}
	if len(c.Include) == 0 {
		c.Include = []string{"**/*.md"}
	}
	if c.Order == "" {
		c.Order = "date"
	}
	if c.Parts.Mode == "" {
		c.Parts.Mode = "none"
	}
	if c.Cover.Style == "" {
		c.Cover.Style = "classic"
	}
	d := fonts.DefaultsFor(locale.Base(c.Language))
	if c.Fonts.Body == "" {
		c.Fonts.Body = d.Body
	}
	if c.Fonts.Heading == "" {
		c.Fonts.Heading = d.Heading
	}
	if c.Fonts.Mono == "" {
		c.Fonts.Mono = d.Mono
	}
	if c.Digits == "" {
		c.Digits = "latin"
	}
}
