// Package fonts embeds the OFL-licensed font families Warraq ships, so that a
// single binary can typeset Arabic with no fonts installed on the machine.
//
// The files come unmodified from Debian's packages (see README.md beside this
// file for where each came from and why it was chosen).
package fonts

import (
	"embed"
	"fmt"
	"sort"
	"strings"
)

//go:embed licenses/*.txt
var licenses embed.FS

// The font files are []byte variables, not an embed.FS: a file read from an
// embed.FS is a copy (ReadFile must return bytes the caller may change), and
// a build asks for every face of every family (its fallback chain), some
// several times: an Arabic book's font set read 50 files, copying 17.7 MB
// onto the heap (6.3 MB of it kept) before it set a word. A []byte variable
// is the binary's own data, paged in from the executable as it is read, so
// a face costs only the pages its tables and glyphs are read from. Face
// hands out these bytes themselves: nothing may write into them.
var (
	//go:embed files/Amiri-Bold.ttf
	amiriBold []byte

	//go:embed files/Amiri-BoldSlanted.ttf
	amiriBoldSlanted []byte

	//go:embed files/Amiri-Regular.ttf
	amiriRegular []byte

	//go:embed files/Amiri-Slanted.ttf
	amiriSlanted []byte

	//go:embed files/NotoKufiArabic-Bold.ttf
	notoKufiArabicBold []byte

	//go:embed files/NotoKufiArabic-Regular.ttf
	notoKufiArabicRegular []byte

	//go:embed files/NotoNaskhArabic-Bold.ttf
	notoNaskhArabicBold []byte

	//go:embed files/NotoNaskhArabic-Regular.ttf
	notoNaskhArabicRegular []byte

	//go:embed files/NotoNastaliqUrdu-Bold.ttf
	notoNastaliqUrduBold []byte

	//go:embed files/NotoNastaliqUrdu-Regular.ttf
	notoNastaliqUrduRegular []byte

	//go:embed files/NotoSans-Bold.ttf
	notoSansBold []byte

	//go:embed files/NotoSans-Regular.ttf
	notoSansRegular []byte

	//go:embed files/NotoSansHebrew-Bold.ttf
	notoSansHebrewBold []byte

	//go:embed files/NotoSansHebrew-Regular.ttf
	notoSansHebrewRegular []byte

	//go:embed files/NotoSansMono-Bold.ttf
	notoSansMonoBold []byte

	//go:embed files/NotoSansMono-Regular.ttf
	notoSansMonoRegular []byte

	//go:embed files/NotoSerifHebrew-Bold.ttf
	notoSerifHebrewBold []byte

	//go:embed files/NotoSerifHebrew-Regular.ttf
	notoSerifHebrewRegular []byte
)

// files maps a file name under files/ to its bytes (TestEveryFileEmbedded
// checks that every file in the directory is here).
var files = map[string][]byte{
	"Amiri-Bold.ttf":               amiriBold,
	"Amiri-BoldSlanted.ttf":        amiriBoldSlanted,
	"Amiri-Regular.ttf":            amiriRegular,
	"Amiri-Slanted.ttf":            amiriSlanted,
	"NotoKufiArabic-Bold.ttf":      notoKufiArabicBold,
	"NotoKufiArabic-Regular.ttf":   notoKufiArabicRegular,
	"NotoNaskhArabic-Bold.ttf":     notoNaskhArabicBold,
	"NotoNaskhArabic-Regular.ttf":  notoNaskhArabicRegular,
	"NotoNastaliqUrdu-Bold.ttf":    notoNastaliqUrduBold,
	"NotoNastaliqUrdu-Regular.ttf": notoNastaliqUrduRegular,
	"NotoSans-Bold.ttf":            notoSansBold,
	"NotoSans-Regular.ttf":         notoSansRegular,
	"NotoSansHebrew-Bold.ttf":      notoSansHebrewBold,
	"NotoSansHebrew-Regular.ttf":   notoSansHebrewRegular,
	"NotoSansMono-Bold.ttf":        notoSansMonoBold,
	"NotoSansMono-Regular.ttf":     notoSansMonoRegular,
	"NotoSerifHebrew-Bold.ttf":     notoSerifHebrewBold,
	"NotoSerifHebrew-Regular.ttf":  notoSerifHebrewRegular,
}

// Style selects a face within a family.
type Style int

const (
	Regular Style = iota
	Bold
	Italic // Amiri's "Slanted" faces: a real slanted design, not a synthesised oblique
	BoldItalic
)

func (s Style) String() string {
	return [...]string{"regular", "bold", "italic", "bold-italic"}[s]
}

// Family is one embedded typeface family.
type Family struct {
	Name    string
	Files   map[Style]string // file names under files/
	Scripts []string         // ISO 15924 codes the family covers, e.g. "Arab", "Latn"
	Mono    bool
	// Companions name, by ISO 15924 script, the embedded family that sets
	// that script beside this one where this one has no letters for it:
	// Latin in a Kufi heading in a sans face (Noto Sans), not in the
	// body's serif. A script missing here falls back along the font set's
	// chain.
	Companions map[string]string
	// Leading is the least line height, as a multiple of the font size,
	// at which lines of this family do not clash: Nastaliq's words climb
	// and descend diagonally and need far more than Naskh. 0: no minimum.
	Leading float64
	// Cascade marks a family whose words step diagonally far above and
	// below the baseline (Nastaliq): the PDF draws those steps in the
	// glyphs and keeps its text on the baseline, so copying reads it.
	Cascade bool
	License string // file under licenses/
	Source  string // the Debian package it came from
	Role    string // what Warraq uses it for by default
}

var families = []Family{
	{
		Name: "Amiri",
		Files: map[Style]string{
			Regular: "Amiri-Regular.ttf", Bold: "Amiri-Bold.ttf",
			Italic: "Amiri-Slanted.ttf", BoldItalic: "Amiri-BoldSlanted.ttf",
		},
		Scripts:    []string{"Arab", "Latn"},
		Companions: map[string]string{"Hebr": "Noto Serif Hebrew"},
		License:    "Amiri.txt", Source: "fonts-hosny-amiri 0.113-1",
		Role: "body text (default; Arabic, Persian, Pashto, Kurdish and Latin-script books)",
	},
	{
		Name:    "Noto Naskh Arabic",
		Files:   map[Style]string{Regular: "NotoNaskhArabic-Regular.ttf", Bold: "NotoNaskhArabic-Bold.ttf"},
		Scripts: []string{"Arab"},
		// A Naskh has no Latin of its own; Amiri's is a book serif that
		// sits well beside it.
		Companions: map[string]string{"Latn": "Amiri", "Hebr": "Noto Serif Hebrew"},
		License:    "Noto.txt", Source: "fonts-noto-core 20201225-1",
		Role: "alternative body text",
	},
	{
		Name:    "Noto Kufi Arabic",
		Files:   map[Style]string{Regular: "NotoKufiArabic-Regular.ttf", Bold: "NotoKufiArabic-Bold.ttf"},
		Scripts: []string{"Arab"},
		// The geometric Kufi has digits but no Latin letters: its Latin,
		// Greek and Cyrillic come from the sans designed with it.
		Companions: map[string]string{"Latn": "Noto Sans", "Grek": "Noto Sans", "Cyrl": "Noto Sans", "Hebr": "Noto Sans Hebrew"},
		License:    "Noto.txt", Source: "fonts-noto-core 20201225-1",
		Role: "headings (default; Arabic, Persian, Pashto and Kurdish books)",
	},
	{
		Name:    "Noto Nastaliq Urdu",
		Files:   map[Style]string{Regular: "NotoNastaliqUrdu-Regular.ttf", Bold: "NotoNastaliqUrdu-Bold.ttf"},
		Scripts: []string{"Arab"},
		// Nastaliq has digits and common punctuation but no Latin letters;
		// a book serif sits beside it as it does beside Naskh.
		Companions: map[string]string{"Latn": "Amiri", "Hebr": "Noto Serif Hebrew"},
		// The font's own extent (hhea 1904 and -596 per 1000): the PDF
		// never sets lines closer than their extent, and the EPUB's
		// line-height is the same, so stacked words (the cascade of
		// letters down to the baseline) stay clear of the line above.
		Leading: 2.5,
		Cascade: true,
		License: "Noto.txt", Source: "fonts-noto-core 20201225-1",
		Role: "body text and headings of Urdu books (and Urdu spans elsewhere)",
	},
	{
		Name:       "Noto Serif Hebrew",
		Files:      map[Style]string{Regular: "NotoSerifHebrew-Regular.ttf", Bold: "NotoSerifHebrew-Bold.ttf"},
		Scripts:    []string{"Hebr"},
		Companions: map[string]string{"Latn": "Amiri", "Arab": "Amiri"},
		License:    "Noto.txt", Source: "fonts-noto-core 20201225-1",
		Role: "body text of Hebrew and Yiddish books; Hebrew inside Naskh text",
	},
	{
		Name:       "Noto Sans Hebrew",
		Files:      map[Style]string{Regular: "NotoSansHebrew-Regular.ttf", Bold: "NotoSansHebrew-Bold.ttf"},
		Scripts:    []string{"Hebr"},
		Companions: map[string]string{"Latn": "Noto Sans", "Grek": "Noto Sans", "Cyrl": "Noto Sans", "Arab": "Noto Kufi Arabic"},
		License:    "Noto.txt", Source: "fonts-noto-core 20201225-1",
		Role: "headings of Hebrew and Yiddish books; Hebrew inside Kufi and Noto Sans",
	},
	{
		Name:       "Noto Sans",
		Files:      map[Style]string{Regular: "NotoSans-Regular.ttf", Bold: "NotoSans-Bold.ttf"},
		Scripts:    []string{"Latn", "Grek", "Cyrl"},
		Companions: map[string]string{"Arab": "Noto Kufi Arabic", "Hebr": "Noto Sans Hebrew"},
		License:    "Noto.txt", Source: "fonts-noto-core 20201225-1",
		Role: "Latin beside Noto Kufi Arabic (headings); headings of Latin-script books",
	},
	{
		Name:    "Noto Sans Mono",
		Files:   map[Style]string{Regular: "NotoSansMono-Regular.ttf", Bold: "NotoSansMono-Bold.ttf"},
		Scripts: []string{"Latn", "Grek", "Cyrl"},
		Mono:    true,
		License: "Noto.txt", Source: "fonts-noto-mono 20201225-1",
		Role: "code (default)",
	},
}

// Default family names for each role, for Arabic and any language
// DefaultsFor knows nothing better for.
const (
	DefaultBody    = "Amiri"
	DefaultHeading = "Noto Kufi Arabic"
	DefaultMono    = "Noto Sans Mono"
)

// Defaults are the families a language's books are set in by default.
type Defaults struct{ Body, Heading, Mono string }

// DefaultsFor returns the default families for a book or a span in the
// base language lang ("ur", "he", "en"): Urdu is read in Nastaliq, Hebrew
// and Yiddish in Hebrew faces, Latin-script languages with sans headings;
// Arabic-script languages without a tradition of their own here (Arabic,
// Persian, Pashto, Sorani Kurdish...) in Amiri and Noto Kufi Arabic.
func DefaultsFor(lang string) Defaults {
	switch lang {
	case "ur":
		return Defaults{"Noto Nastaliq Urdu", "Noto Nastaliq Urdu", DefaultMono}
	case "he", "yi":
		return Defaults{"Noto Serif Hebrew", "Noto Sans Hebrew", DefaultMono}
	case "", "ar", "fa", "ps", "ckb", "ku-arab", "sd", "ug", "ks", "dv", "syr":
		return Defaults{DefaultBody, DefaultHeading, DefaultMono}
	}
	return Defaults{DefaultBody, "Noto Sans", DefaultMono}
}

// Families lists the embedded families in a fixed order.
func Families() []Family { return append([]Family(nil), families...) }

// Lookup finds a family by name, ignoring case and spaces/hyphens.
func Lookup(name string) (Family, bool) {
	key := normalize(name)
	for _, f := range families {
		if normalize(f.Name) == key {
			return f, true
		}
	}
	return Family{}, false
}

// Names returns the embedded family names, sorted, for error messages.
func Names() []string {
	var out []string
	for _, f := range families {
		out = append(out, f.Name)
	}
	sort.Strings(out)
	return out
}

// Face returns the bytes of a family's face for style. If the family lacks the
// style, the nearest existing one is used (bold-italic -> bold -> regular,
// italic -> regular); ok reports whether the exact style exists.
func (f Family) Face(style Style) (data []byte, file string, ok bool) {
	file, ok = f.Files[style]
	if !ok {
		switch style {
		case BoldItalic:
			if file, ok = f.Files[Bold]; ok {
				ok = false
				break
			}
			file = f.Files[Regular]
		default:
			file = f.Files[Regular]
		}
	}
	data, found := files[file]
	if !found {
		panic(fmt.Sprintf("fonts: embedded file %s missing", file)) // build error, not user error
	}
	// The capacity is the length, so an append copies rather than write
	// past the end into another font.
	return data[:len(data):len(data)], file, ok
}

// LicenseText returns the licence file of a family.
func (f Family) LicenseText() []byte {
	data, _ := licenses.ReadFile("licenses/" + f.License)
	return data
}

func normalize(s string) string {
	s = strings.ToLower(s)
	return strings.NewReplacer(" ", "", "-", "", "_", "").Replace(s)
}
