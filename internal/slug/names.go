package slug

import (
	"regexp"
	"strconv"
	"strings"
)

// Names are the file names taken in one output (an EPUB's OEBPS/, a web
// edition), compared case-blind for the disks and servers that are.
type Names map[string]bool

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9_.-]+`)

// Take marks name as taken.
func (n Names) Take(name string) { n[strings.ToLower(name)] = true }

// Claim reserves a file name in dir, made safe and unique: base with its
// unsafe characters replaced (fallback when nothing is left), then -2, -3…
// until the name is free.
func (n Names) Claim(dir, base, ext, fallback string) string {
	base = strings.Trim(unsafeName.ReplaceAllString(base, "-"), "-.")
	if base == "" {
		base = fallback
	}
	name := dir + base + ext
	for i := 2; n[strings.ToLower(name)]; i++ {
		name = dir + base + "-" + strconv.Itoa(i) + ext
	}
	n.Take(name)
	return name
}
