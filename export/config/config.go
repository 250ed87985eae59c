// Package config decodes YAML the way book.yaml and front matter need it:
// through yaml.Node, so every value keeps its line, with one decoder per key
// that reports a wrong type, an unknown key (with the closest known one) or a
// duplicate as file:line: message. The loader uses it for book.yaml and front
// matter, and each renderer for its own section (pdf:, epub:).
package config

import (
	"bytes"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/warraq/warraq/export/diag"
)

var yamlLineRE = regexp.MustCompile(`^yaml: (?:line (\d+): )?`)

// Parse parses src into its root node. A syntax error is reported at the
// line yaml names; an empty document yields nil without error. A document
// larger than MaxBytes, or one whose aliases expand it beyond that or are
// used more than MaxAliases times, is refused (see limits.go).
func Parse(src []byte, r diag.List) (*yaml.Node, bool) {
	if len(src) > MaxBytes {
		r.Errorf(diag.Limit, lineAt(src, MaxBytes), "YAML is %s, more than the %s a book.yaml or front matter may have", Size(int64(len(src))), Size(MaxBytes))
		return nil, false
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		msg := err.Error()
		line := 0
		if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
			line, _ = strconv.Atoi(m[1])
			msg = msg[len(m[0]):]
			// yaml.v3 numbers parser errors from a 0-based mark (scanner
			// errors are right): shift them so they name the offending line.
			if line > 0 && strings.HasPrefix(msg, "did not find expected") {
				line++
			}
			// A problem found at the end of the text belongs to its last line.
			if n := bytes.Count(bytes.TrimRight(src, "\n"), []byte{'\n'}) + 1; line > n {
				line = n
			}
		}
		r.Errorf(diag.YAMLSyntax, line, "malformed YAML: %s", msg)
		return nil, false
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, true
	}
	if !checkExpansion(&doc, r) {
		return nil, false
	}
	return Deref(doc.Content[0]), true
}

// Deref follows an alias node to what it names.
func Deref(n *yaml.Node) *yaml.Node {
	// Aliases are followed a bounded number of times: the walkers only descend
	// into the fixed shape of book.yaml, so expansion cannot explode.
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 8; i++ {
		n = n.Alias
	}
	return n
}

// IsNull reports an empty value (key: with nothing after it).
func IsNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

// KindName describes a node for messages: "a list", "the number 3".
func KindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!int", "!!float":
			return "the number " + n.Value
		case "!!bool":
			return "the boolean " + n.Value
		case "!!null":
			return "nothing"
		}
		return fmt.Sprintf("%q", n.Value)
	}
	return "an alias"
}

// Fields maps the keys of a mapping to their decoders.
type Fields map[string]func(n *yaml.Node)

// Map walks a mapping, calling each known key's decoder, and reports
// unknown keys with the closest known key and duplicated keys.
func Map(n *yaml.Node, r diag.List, what string, fields Fields) {
	n = Deref(n)
	if IsNull(n) {
		return
	}
	if n.Kind != yaml.MappingNode {
		r.At(n.Column).Errorf(diag.InvalidValue, n.Line, "%s: want a mapping of keys, got %s", what, KindName(n))
		return
	}
	known := make([]string, 0, len(fields))
	for k := range fields {
		known = append(known, k)
	}
	sort.Strings(known) // suggestions must not depend on map order
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := Deref(n.Content[i]), Deref(n.Content[i+1])
		if k.Kind != yaml.ScalarNode {
			r.At(k.Column).Errorf(diag.UnknownKey, k.Line, "%s: keys must be plain names", what)
			continue
		}
		if prev, dup := seen[k.Value]; dup {
			r.At(k.Column).Errorf(diag.DuplicateKey, k.Line, "duplicate key %q (first on line %d)", k.Value, prev+r.Offset)
			continue
		}
		seen[k.Value] = k.Line
		if decode, ok := fields[k.Value]; ok {
			decode(v)
		} else {
			r.At(k.Column).Errorf(diag.UnknownKey, k.Line, "%s", UnknownKey(k.Value, known))
		}
	}
}

// UnknownKey is the message for a key that is not in known.
func UnknownKey(key string, known []string) string {
	if s := Suggest(key, known); s != "" {
		return fmt.Sprintf("unknown key %q (did you mean %q?)", key, s)
	}
	sorted := append([]string(nil), known...)
	sort.Strings(sorted)
	return fmt.Sprintf("unknown key %q (known keys: %s)", key, strings.Join(sorted, ", "))
}

// Suggest returns the known word closest to s by edit distance, or "" when
// none is close enough to be a plausible typo.
func Suggest(s string, known []string) string {
	best, bestD := "", 1<<30
	ls := strings.ToLower(s)
	for _, k := range known {
		if d := levenshtein(ls, k); d < bestD {
			best, bestD = k, d
		}
	}
	limit := 2
	if l := len([]rune(s)) / 3; l > limit {
		limit = l
	}
	if bestD <= limit && bestD < len([]rune(best)) {
		return best
	}
	return ""
}

func levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// Scalar decoders. Each returns the decoder of one key, which stores the
// value in dst or reports a wrong type at the value's line.

func Str(r diag.List, key string, dst *string) func(*yaml.Node) {
	return func(n *yaml.Node) {
		if IsNull(n) {
			return
		}
		if n.Kind != yaml.ScalarNode {
			r.At(n.Column).Errorf(diag.InvalidValue, n.Line, "%s: want text, got %s", key, KindName(n))
			return
		}
		*dst = strings.TrimSpace(n.Value)
	}
}

// StrList accepts a single string or a list of strings.
func StrList(r diag.List, key string, dst *[]string) func(*yaml.Node) {
	return func(n *yaml.Node) {
		if IsNull(n) {
			return
		}
		switch n.Kind {
		case yaml.ScalarNode:
			if v := strings.TrimSpace(n.Value); v != "" {
				*dst = []string{v}
			}
		case yaml.SequenceNode:
			var out []string
			for _, c := range n.Content {
				c = Deref(c)
				if c.Kind != yaml.ScalarNode || IsNull(c) {
					r.At(c.Column).Errorf(diag.InvalidValue, c.Line, "%s: want a list of text, got %s in it", key, KindName(c))
					continue
				}
				if v := strings.TrimSpace(c.Value); v != "" {
					out = append(out, v)
				}
			}
			*dst = out
		default:
			r.At(n.Column).Errorf(diag.InvalidValue, n.Line, "%s: want text or a list of text, got %s", key, KindName(n))
		}
	}
}

// StrListLines is StrList that also records each item's line.
func StrListLines(r diag.List, key string, dst *[]string, lines *[]int) func(*yaml.Node) {
	return func(n *yaml.Node) {
		if IsNull(n) {
			return
		}
		items := []*yaml.Node{n}
		if n.Kind == yaml.SequenceNode {
			items = n.Content
		} else if n.Kind != yaml.ScalarNode {
			r.At(n.Column).Errorf(diag.InvalidValue, n.Line, "%s: want a list of paths, got %s", key, KindName(n))
			return
		}
		for _, c := range items {
			c = Deref(c)
			if c.Kind != yaml.ScalarNode || IsNull(c) {
				r.At(c.Column).Errorf(diag.InvalidValue, c.Line, "%s: want a list of paths, got %s in it", key, KindName(c))
				continue
			}
			*dst = append(*dst, strings.TrimSpace(c.Value))
			*lines = append(*lines, c.Line+r.Offset)
		}
	}
}

func Bool(r diag.List, key string, dst *bool) func(*yaml.Node) {
	return func(n *yaml.Node) {
		if IsNull(n) {
			return
		}
		if n.Kind == yaml.ScalarNode {
			switch strings.ToLower(n.Value) {
			case "true", "yes", "on":
				*dst = true
				return
			case "false", "no", "off":
				*dst = false
				return
			}
		}
		r.At(n.Column).Errorf(diag.InvalidValue, n.Line, "%s: want true or false, got %s", key, KindName(n))
	}
}

func Int(r diag.List, key string, dst *int) func(*yaml.Node) {
	return func(n *yaml.Node) {
		if IsNull(n) {
			return
		}
		if n.Kind == yaml.ScalarNode {
			if v, err := strconv.Atoi(strings.TrimSpace(n.Value)); err == nil {
				*dst = v
				return
			}
		}
		r.At(n.Column).Errorf(diag.InvalidValue, n.Line, "%s: want a whole number, got %s", key, KindName(n))
	}
}

// OneOf decodes a string that must be one of choices.
func OneOf(r diag.List, key string, dst *string, choices ...string) func(*yaml.Node) {
	return func(n *yaml.Node) {
		if IsNull(n) {
			return
		}
		v := strings.ToLower(strings.TrimSpace(n.Value))
		if n.Kind == yaml.ScalarNode {
			for _, c := range choices {
				if v == c {
					*dst = c
					return
				}
			}
		}
		msg := fmt.Sprintf("%s: want one of %s, got %s", key, strings.Join(choices, ", "), KindName(n))
		if s := Suggest(v, choices); s != "" && n.Kind == yaml.ScalarNode {
			msg += fmt.Sprintf(" (did you mean %q?)", s)
		}
		r.At(n.Column).Errorf(diag.InvalidValue, n.Line, "%s", msg)
	}
}

// Date decodes YYYY-MM-DD or RFC 3339 into dst (UTC) and the raw text into raw.
func Date(r diag.List, key string, dst *time.Time, raw *string) func(*yaml.Node) {
	return func(n *yaml.Node) {
		if IsNull(n) {
			return
		}
		if n.Kind == yaml.ScalarNode && n.Tag != "!!int" && n.Tag != "!!float" && n.Tag != "!!bool" {
			if t, err := ParseDate(n.Value); err == nil {
				*dst = t
				if raw != nil {
					*raw = strings.TrimSpace(n.Value)
				}
				return
			}
		}
		r.At(n.Column).Errorf(diag.InvalidValue, n.Line, "%s: want a date like 2025-03-14, got %s", key, KindName(n))
	}
}

// ParseDate accepts YYYY-MM-DD, RFC 3339 and the "YYYY-MM-DD HH:MM:SS" form
// YAML timestamps often take. The result keeps the date and time as written,
// labelled UTC: an article dated 2025-03-01T01:00+03:00 belongs to March 1st,
// the day its author saw, whatever the offset.
func ParseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"2006-01-02", time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02 15:04:05Z07:00", "2006-01-02 15:04"} {
		if t, err := time.Parse(layout, s); err == nil {
			return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC), nil
		}
	}
	return time.Time{}, fmt.Errorf("not a date: %q", s)
}

// IntRange decodes a whole number from lo to hi.
func IntRange(r diag.List, key string, dst *int, lo, hi int) func(*yaml.Node) {
	return func(n *yaml.Node) {
		if IsNull(n) {
			return
		}
		if n.Kind == yaml.ScalarNode {
			if v, err := strconv.Atoi(strings.TrimSpace(n.Value)); err == nil && v >= lo && v <= hi {
				*dst = v
				return
			}
		}
		r.At(n.Column).Errorf(diag.InvalidValue, n.Line, "%s: want a whole number from %d to %d, got %s", key, lo, hi, KindName(n))
	}
}

// NumberRange decodes a number from lo to hi.
func NumberRange(r diag.List, key string, dst *float64, lo, hi float64) func(*yaml.Node) {
	return func(n *yaml.Node) {
		if IsNull(n) {
			return
		}
		if n.Kind == yaml.ScalarNode {
			v, err := strconv.ParseFloat(strings.TrimSpace(n.Value), 64)
			if err == nil && v >= lo && v <= hi {
				*dst = v
				return
			}
		}
		r.At(n.Column).Errorf(diag.InvalidValue, n.Line, "%s: want a number from %s to %s, got %s", key, num(lo), num(hi), KindName(n))
	}
}

// LengthRange decodes a length ("15mm", "0.75in", "12pt" or a number of
// points) from lo to hi points into points.
func LengthRange(r diag.List, key string, dst *float64, lo, hi float64) func(*yaml.Node) {
	return func(n *yaml.Node) {
		if IsNull(n) {
			return
		}
		want := fmt.Sprintf("want a length from %s to %s", Points(lo), Points(hi))
		if n.Kind != yaml.ScalarNode {
			r.At(n.Column).Errorf(diag.InvalidValue, n.Line, "%s: %s, got %s", key, want, KindName(n))
			return
		}
		v, err := ParseLength(n.Value)
		switch {
		case err != nil:
			r.At(n.Column).Errorf(diag.InvalidValue, n.Line, "%s: %v", key, err)
		case v < lo || v > hi:
			r.At(n.Column).Errorf(diag.InvalidValue, n.Line, "%s: %s, got %s", key, want, describeLength(n.Value, v))
		default:
			*dst = v
		}
	}
}

// describeLength shows a length as written and, when it was not in points,
// in points too: 100mm (283.5pt).
func describeLength(written string, pt float64) string {
	w := strings.TrimSpace(written)
	if _, err := strconv.ParseFloat(w, 64); err == nil || strings.HasSuffix(strings.ToLower(w), "pt") {
		return Points(pt)
	}
	return fmt.Sprintf("%s (%s)", w, Points(pt))
}

// Points writes a length in points, as messages show lengths: "72pt", "14,400pt".
func Points(v float64) string {
	s := num(v)
	whole, frac, _ := strings.Cut(s, ".")
	if len(whole) > 3 {
		whole = whole[:len(whole)-3] + "," + whole[len(whole)-3:]
	}
	if frac != "" {
		whole += "." + frac
	}
	return whole + "pt"
}

// num writes v with at most one decimal.
func num(v float64) string {
	return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64)
}

var units = map[string]float64{"": 1, "pt": 1, "mm": 72 / 25.4, "cm": 72 / 2.54, "in": 72, "pc": 12, "px": 0.75}

// ParseLength converts "15mm", "0.75in", "12pt" or "12" into points. The
// error says what is wrong with s.
func ParseLength(s string) (float64, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	i := len(s)
	for i > 0 && s[i-1] >= 'a' && s[i-1] <= 'z' {
		i--
	}
	num, unit := strings.TrimSpace(s[:i]), s[i:]
	f, ok := units[unit]
	switch {
	case num == "" && ok:
		return 0, fmt.Errorf("%q has no number before its unit (write a length like 15mm)", s)
	case num == "":
		return 0, fmt.Errorf("%q is not a length (write a length like 15mm, 0.75in or 12pt)", s)
	case !ok:
		return 0, fmt.Errorf("unknown unit %q in %q (use mm, cm, in, pt or pc)", unit, s)
	}
	v, err := strconv.ParseFloat(num, 64)
	switch {
	case err != nil || math.IsInf(v, 0) || math.IsNaN(v):
		return 0, fmt.Errorf("%q is not a length (write a length like 15mm, 0.75in or 12pt)", s)
	case v < 0:
		return 0, fmt.Errorf("%q: a length cannot be negative", s)
	}
	return v * f, nil
}
