package cover

import (
	"fmt"
	"hash/fnv"
	"math"
	"strconv"
	"strings"
)

// rgb is an sRGB colour, 8 bits per channel.
type rgb struct{ R, G, B uint8 }

func (c rgb) String() string { return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B) }

// parseHex reads "#rrggbb" (or "#rgb"); the '#' is optional.
func parseHex(s string) (rgb, error) {
	h := strings.TrimPrefix(strings.TrimSpace(s), "#")
	if len(h) == 3 {
		h = string([]byte{h[0], h[0], h[1], h[1], h[2], h[2]})
	}
	if len(h) != 6 {
		return rgb{}, fmt.Errorf("colour %q is not #rrggbb", s)
	}
	v, err := strconv.ParseUint(h, 16, 32)
	if err != nil {
		return rgb{}, fmt.Errorf("colour %q is not #rrggbb", s)
	}
	return rgb{uint8(v >> 16), uint8(v >> 8), uint8(v)}, nil
}

// luminance is the WCAG relative luminance of c.
func (c rgb) luminance() float64 {
	lin := func(v uint8) float64 {
		x := float64(v) / 255
		if x <= 0.03928 {
			return x / 12.92
		}
		return math.Pow((x+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(c.R) + 0.7152*lin(c.G) + 0.0722*lin(c.B)
}

// contrast is the WCAG contrast ratio of two colours (1 to 21).
func contrast(a, b rgb) float64 {
	la, lb := a.luminance(), b.luminance()
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// mix returns a + t*(b-a), channel by channel.
func mix(a, b rgb, t float64) rgb {
	m := func(x, y uint8) uint8 { return uint8(math.Round(float64(x) + t*(float64(y)-float64(x)))) }
	return rgb{m(a.R, b.R), m(a.G, b.G), m(a.B, b.B)}
}

// palette is the colours of a generated cover: text in fg on bg, ornaments in accent.
type palette struct {
	bg, fg, accent rgb
}

// palettes is the curated list the default is drawn from: dark and light
// grounds alike, each pair above 7:1 contrast for the text and with an accent
// that reads as an ornament rather than as text.
func palettes() []palette {
	return []palette{
		{rgb{0x0f, 0x3d, 0x3e}, rgb{0xf3, 0xea, 0xd3}, rgb{0xc9, 0xa2, 0x27}}, // deep teal, cream, gold
		{rgb{0x1b, 0x2a, 0x41}, rgb{0xf2, 0xe8, 0xcf}, rgb{0xd4, 0xa3, 0x73}}, // midnight, parchment, copper
		{rgb{0x5c, 0x1a, 0x1b}, rgb{0xf5, 0xe6, 0xc8}, rgb{0xd9, 0xa4, 0x41}}, // burgundy, cream, saffron
		{rgb{0x1e, 0x3b, 0x2f}, rgb{0xef, 0xe6, 0xd2}, rgb{0xc8, 0xa9, 0x51}}, // forest, bone, brass
		{rgb{0xf4, 0xec, 0xd8}, rgb{0x2b, 0x21, 0x18}, rgb{0xa2, 0x3e, 0x2a}}, // paper, ink, terracotta
		{rgb{0xe9, 0xdc, 0xc0}, rgb{0x1f, 0x3a, 0x4d}, rgb{0x8c, 0x5a, 0x2b}}, // sand, indigo ink, umber
		{rgb{0x23, 0x23, 0x23}, rgb{0xf0, 0xe2, 0xc0}, rgb{0xb5, 0x89, 0x5a}}, // charcoal, ivory, bronze
		{rgb{0x2d, 0x2a, 0x5a}, rgb{0xf4, 0xef, 0xe1}, rgb{0xe0, 0xb8, 0x4f}}, // indigo, linen, gold
		{rgb{0xf6, 0xe7, 0xc1}, rgb{0x3b, 0x1f, 0x2b}, rgb{0xb5, 0x65, 0x1d}}, // saffron paper, aubergine, rust
		{rgb{0xdf, 0xe7, 0xec}, rgb{0x17, 0x32, 0x4d}, rgb{0xb0, 0x8d, 0x57}}, // pale slate, navy, ochre
	}
}

// defaultPalette picks a palette from the title, so different books look
// different and the same book always looks the same.
func defaultPalette(title string) palette {
	h := fnv.New32a()
	h.Write([]byte(strings.TrimSpace(title)))
	all := palettes()
	return all[h.Sum32()%uint32(len(all))]
}

// resolvePalette applies book.yaml's background and foreground on top of the
// title's default. A colour given alone gets a partner that contrasts with it.
// Problems are returned as warnings, and the default is used instead.
func resolvePalette(title, background, foreground string) (palette, []string) {
	p := defaultPalette(title)
	var warn []string
	var bg, fg *rgb
	if background != "" {
		if c, err := parseHex(background); err != nil {
			warn = append(warn, "cover.background: "+err.Error()+"; using "+p.bg.String())
		} else {
			bg = &c
		}
	}
	if foreground != "" {
		if c, err := parseHex(foreground); err != nil {
			warn = append(warn, "cover.foreground: "+err.Error()+"; using "+p.fg.String())
		} else {
			fg = &c
		}
	}
	switch {
	case bg != nil && fg != nil:
		p.bg, p.fg = *bg, *fg
	case bg != nil:
		p.bg = *bg
		p.fg = partner(*bg)
	case fg != nil:
		p.fg = *fg
		p.bg = partner(*fg)
	default:
		return p, warn
	}
	// The accent of a chosen pair sits between the two colours, nearer the text,
	// so ornaments stay quieter than the title on any ground.
	p.accent = mix(p.bg, p.fg, 0.6)
	if r := contrast(p.bg, p.fg); r < 3 {
		warn = append(warn, fmt.Sprintf("cover: foreground %s on background %s has contrast %.1f:1, hard to read (4.5:1 or more is advised)", p.fg, p.bg, r))
	}
	return p, warn
}

// partner returns a near-white or near-black that reads well on c.
func partner(c rgb) rgb {
	light, dark := rgb{0xf7, 0xf1, 0xe3}, rgb{0x1d, 0x1a, 0x17}
	if contrast(c, light) >= contrast(c, dark) {
		return light
	}
	return dark
}
