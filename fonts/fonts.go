// Package fonts embeds the OFL-licensed font families Warraq ships, so that a
// single binary can typeset Arabic with no fonts installed on the machine.
//
// The files come unmodified from Debian's packages (see README.md beside this
// file for where each came from and why it was chosen).
package fonts

import (
	"embed"
	"encoding/hex"
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

// digests are the SHA-256 sums of the files under files/, in hex
// (TestDigests checks them). A build cache keys its entries by the fonts'
// contents (text.FontSet.Fingerprint), and hashing the 6.3 MB of embedded
// fonts twice took 12 ms of every build, a twentieth of a small book's
// rebuild, to find the same sums each time.
var digests = map[string]string{
	"Amiri-Bold.ttf":               "a0e7946a97cd016e4322c3d3dc06bdc62776a5c933e9a3417ad74c91d822b9bd",
	"Amiri-BoldSlanted.ttf":        "b312fd68fa65f4015c56a1a778ef67ea7addce91f6c44c0d6fcf7731f8f16c03",
	"Amiri-Regular.ttf":            "6f909d81f17de2919be4ce99fac51b07623794d9a46cfd1df53e2d6e669d9263",
	"Amiri-Slanted.ttf":            "4c21ef63679016cddfbd3f338017af6d31150a8d4f182dbc7d96e52fbc37bc2b",
	"NotoKufiArabic-Bold.ttf":      "11c1608fb7c70135ab4cfd126f2300c81c7ca08c9bcffaff61b947edba234e65",
	"NotoKufiArabic-Regular.ttf":   "befb9d07506942ba2a7e0e85c65a24a76792c937d812bc80f1095d0f660cf330",
	"NotoNaskhArabic-Bold.ttf":     "b5cbcb561b4b540ff11d7b6934577dbbbbb9e1d152d47f6f31f19176d58ff39c",
	"NotoNaskhArabic-Regular.ttf":  "8c67eaa2f0086872628fc3f7f760386f83c8be5c5e9a1ba3a38891237b2ac7cb",
	"NotoNastaliqUrdu-Bold.ttf":    "6b81290dc928bac40fa4b71370f4ef260ad8c33d17be38eab05376490077ebc4",
	"NotoNastaliqUrdu-Regular.ttf": "fe24c4a05b19482beac11e4b90a0f6754214f1cb5e925cf9e86b48283ac37522",
	"NotoSans-Bold.ttf":            "e83493c945848ecd4a9ad0f6d19164541a0d3e23a9c952304a00a46e00272ac5",
	"NotoSans-Regular.ttf":         "89c3c497f618fdaa0b2d1e98fef93582f28c71debd2c4a8cdf41f190ced2909d",
	"NotoSansHebrew-Bold.ttf":      "d3b01343f71e8a93fffb84c345a1aecbaf4694b98d0eaace916cb9eac9e6dcd3",
	"NotoSansHebrew-Regular.ttf":   "436900d5ad77d33e4234247f3076eaecd25b92b9bea0519514f684140e3566a7",
	"NotoSansMono-Bold.ttf":        "b22563d5f03b345a62115e78d8789c9ed99c2cfa8059fad6e7a5c4ced288e21e",
	"NotoSansMono-Regular.ttf":     "6b692c4b6d15ccf59f1c1fe8d11cb8a92f51960f3e9f1f523781755a3af7e29f",
	"NotoSerifHebrew-Bold.ttf":     "95150a28d438cba6c79393ef18ad06f39a8b53a7d457e61d8c9d585176ef36da",
	"NotoSerifHebrew-Regular.ttf":  "789b7e7e3ff4d95a5e105872a385db12c50c08b60ad5b773d25a3bec86621abf",
}

// Digest returns the SHA-256 sum of an embedded font file (a name Face
// returned).
func Digest(file string) (sum [32]byte, ok bool) {
	h, ok := digests[file]
	if !ok {
		return sum, false
	}
	if _, err := hex.Decode(sum[:], []byte(h)); err != nil {
		return sum, false
	}
	return sum, true
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
