package pdf

import (
	"math"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/warraq/warraq/export/config"
	"github.com/warraq/warraq/export/diag"
	"github.com/warraq/warraq/export/pdfwriter"
)

// Theme is pdf.theme: the printed book's colours, heading sizes, ornaments
// and running heads. It lives under pdf: because every setting in it is
// about the printed page; the EPUB and the web edition take their look from
// CSS (style:), which reading apps override with their own colours, sizes
// and night modes. Fonts are not here: fonts: names them for every format,
// so the EPUB and the PDF draw the same characters from the same faces.
type Theme struct {
	Text, Headings, Muted, Rules string  // colours "#rrggbb"
	HeadingScale                 float64 // every heading and title, as a multiple of its built-in size
	Ornament, PartOrnament       string  // the section break, and the mark under a part's title
	HeadLeft, HeadRight          string  // what the running heads of left and right pages show
}

// Defaults of the theme: the look Warraq had before it had one.
const (
	defaultText     = "#000000"
	defaultHeadings = "#000000"
	defaultMuted    = "#595959" // subtitles, dates, running heads: 0.35 grey
	defaultRules    = "#404040" // rules, ornaments, the running head's rule: 0.25 grey
)

// Ornaments the theme can draw. They are vector marks, not characters: a
// font need not have them, and copying the text gives nothing for them, as
// the EPUB's <hr> gives nothing.
var ornaments = []string{"rule", "stars", "asterism", "diamond", "none"}

// Running-head contents.
var headContents = []string{"book", "part", "article", "author", "none"}

// Ranges and thresholds of the theme.
const (
	minHeadingScale, maxHeadingScale = 0.5, 2.0
	// minContrast is WCAG 2's contrast for text against its background (the
	// white page); minHeadContrast is its figure for large text.
	minContrast, minHeadContrast = 4.5, 3.0
)

func defaultTheme() Theme {
	return Theme{Text: defaultText, Headings: defaultHeadings, Muted: defaultMuted, Rules: defaultRules,
		HeadingScale: 1, Ornament: "rule", PartOrnament: "rule"}
}

// decodeTheme reads pdf.theme into o (its link colour and body size are
// the same settings as pdf.link-color and pdf.font-size; giving both is an
// error). fontSizeLine and linkLine are where pdf: set those, 0 if it did
// not; it returns the line that set the body size.
func decodeTheme(n *yaml.Node, r diag.List, o *Options, fontSizeLine, linkLine int) int {
	th := &o.Theme
	color := func(key string, dst *string, contrast float64) func(*yaml.Node) {
		return func(n *yaml.Node) {
			var v string
			config.Str(r, "pdf.theme.colors."+key, &v)(n)
			if v == "" {
				return
			}
			c, err := parseColor(v)
			if err != nil || strings.EqualFold(strings.TrimSpace(v), "none") {
				r.At(n.Column).Errorf(diag.InvalidValue, n.Line, "pdf.theme.colors.%s: colour %q is not #rrggbb", key, v)
				return
			}
			if contrast > 0 {
				if cr := contrastOnWhite(c); cr < contrast {
					r.At(n.Column).Warnf(diag.InvalidValue, n.Line, "pdf.theme.colors.%s: %s on white paper has a contrast of %.1f:1, under the %.1f:1 readers need (WCAG 2)", key, v, cr, contrast)
				}
			}
			*dst = strings.ToLower(strings.TrimSpace(v))
		}
	}
	sizeLine := fontSizeLine
	config.Map(n, r, "pdf.theme", config.Fields{
		"colors": func(n *yaml.Node) {
			config.Map(n, r, "pdf.theme.colors", config.Fields{
				"text":     color("text", &th.Text, minContrast),
				"headings": color("headings", &th.Headings, minHeadContrast),
				"muted":    color("muted", &th.Muted, minContrast),
				"rules":    color("rules", &th.Rules, 0),
				"links": func(n *yaml.Node) {
					if linkLine > 0 {
						r.At(n.Column).Errorf(diag.DuplicateKey, n.Line, "pdf.theme.colors.links: the links' colour is already given by pdf.link-color (line %d); keep one", linkLine+r.Offset)
						return
					}
					var v string
					config.Str(r, "pdf.theme.colors.links", &v)(n)
					if v == "" {
						return
					}
					if _, err := parseColor(v); err != nil {
						r.At(n.Column).Errorf(diag.InvalidValue, n.Line, "pdf.theme.colors.links: %v", err)
						return
					}
					o.LinkColor = v
				},
			})
		},
		"sizes": func(n *yaml.Node) {
			config.Map(n, r, "pdf.theme.sizes", config.Fields{
				"body": func(n *yaml.Node) {
					if fontSizeLine > 0 {
						r.At(n.Column).Errorf(diag.DuplicateKey, n.Line, "pdf.theme.sizes.body: the body size is already given by pdf.font-size (line %d); keep one", fontSizeLine+r.Offset)
						return
					}
					config.LengthRange(r, "pdf.theme.sizes.body", &o.FontSize, minFontSize, maxFontSz)(n)
					sizeLine = n.Line
				},
				"headings": config.NumberRange(r, "pdf.theme.sizes.headings", &th.HeadingScale, minHeadingScale, maxHeadingScale),
			})
		},
		"ornament":      config.OneOf(r, "pdf.theme.ornament", &th.Ornament, ornaments...),
		"part-ornament": config.OneOf(r, "pdf.theme.part-ornament", &th.PartOrnament, ornaments...),
		"running-head": func(n *yaml.Node) {
			config.Map(n, r, "pdf.theme.running-head", config.Fields{
				"left":  config.OneOf(r, "pdf.theme.running-head.left", &th.HeadLeft, headContents...),
				"right": config.OneOf(r, "pdf.theme.running-head.right", &th.HeadRight, headContents...),
			})
		},
		"fonts": func(n *yaml.Node) {
			r.At(n.Column).Errorf(diag.UnknownKey, n.Line, "pdf.theme.fonts: fonts are chosen for every format at once, so the EPUB and the PDF draw the same characters: write fonts: (body, heading, mono) at the top level")
		},
	})
	return sizeLine
}

// contrastOnWhite is WCAG 2's contrast ratio of colour c against white.
func contrastOnWhite(c [3]float64) float64 {
	lin := func(v float64) float64 {
		if v <= 0.03928 {
			return v / 12.92
		}
		return math.Pow((v+0.055)/1.055, 2.4)
	}
	l := 0.2126*lin(c[0]) + 0.7152*lin(c[1]) + 0.0722*lin(c[2])
	return 1.05 / (l + 0.05)
}

// themeColors are the theme's colours, parsed.
type themeColors struct {
	Text, Headings, Muted [3]float64
	Rules                 pdfwriter.Color
}

// The default muted and rule colours are the exact greys Warraq drew before
// it had a theme (#595959 is 0.349), so a book without one keeps its bytes.
func (th Theme) colors() themeColors {
	c := func(s, def string, exact [3]float64) [3]float64 {
		if s == "" || s == def {
			return exact
		}
		v, err := parseColor(s)
		if err != nil {
			return exact
		}
		return v
	}
	return themeColors{
		Text: c(th.Text, defaultText, [3]float64{}), Headings: c(th.Headings, defaultHeadings, [3]float64{}),
		Muted: c(th.Muted, defaultMuted, grey),
		Rules: rgb(c(th.Rules, defaultRules, [3]float64{ruleCol.R, ruleCol.G, ruleCol.B})),
	}
}

// runningHeads resolves what the odd (recto) and even (verso) pages' heads
// show: by default the article's title on rectos and the book's on versos.
// A right-to-left book's rectos are its left-hand pages.
func (th Theme) runningHeads(rtl bool) (odd, even string) {
	odd, even = "article", "book"
	left, right := th.HeadLeft, th.HeadRight
	if rtl {
		left, right = right, left // now: right is the odd page's
	}
	// In a left-to-right book the odd pages are on the right.
	if right != "" {
		odd = right
	}
	if left != "" {
		even = left
	}
	return odd, even
}

// ornament draws an ornament of kind centred across width w in a row of
// height h, at body size size.
func ornament(kind string, w, h, size float64, col pdfwriter.Color) []el {
	mid := h / 2
	line := func(x1, y1, x2, y2, width float64) el {
		return el{kind: elLine, x: x1, y: y1, w: x2, h: y2, width: width, color: col}
	}
	// star is a six-spoked asterisk of radius rad centred at (cx, cy).
	star := func(cx, cy, rad float64) []el {
		var out []el
		for i := range 3 {
			a := math.Pi/2 + float64(i)*math.Pi/3
			dx, dy := rad*math.Cos(a), rad*math.Sin(a)
			out = append(out, line(cx-dx, cy-dy, cx+dx, cy+dy, size*0.06))
		}
		return out
	}
	switch kind {
	case "none":
		return nil
	case "stars":
		rad, gap := size*0.26, size*1.3
		var out []el
		for i := -1; i <= 1; i++ {
			out = append(out, star(w/2+float64(i)*gap, mid, rad)...)
		}
		return out
	case "asterism":
		rad, gap := size*0.24, size*0.36
		out := star(w/2, mid-gap, rad)
		out = append(out, star(w/2-gap*1.15, mid+gap*0.75, rad)...)
		return append(out, star(w/2+gap*1.15, mid+gap*0.75, rad)...)
	case "diamond":
		d := size * 0.32
		cx := w / 2
		stroke := size * 0.05
		out := []el{
			line(cx, mid-d, cx+d, mid, stroke), line(cx+d, mid, cx, mid+d, stroke),
			line(cx, mid+d, cx-d, mid, stroke), line(cx-d, mid, cx, mid-d, stroke),
			line(w*0.3, mid, cx-d*1.6, mid, stroke), line(cx+d*1.6, mid, w*0.7, mid, stroke),
		}
		return out
	}
	return nil
}
