package collection

import (
	"bytes"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// reporter accumulates diagnostics for one file. Line numbers from yaml nodes
// are shifted by offset, so front matter (which starts on line 2 of its file)
// reports file lines, not lines of the YAML fragment.
type reporter struct {
	file   string
	offset int
	diags  *[]Diagnostic
}

func (r reporter) errorf(line int, format string, args ...any) {
	if line > 0 {
		line += r.offset
	}
	*r.diags = append(*r.diags, Diagnostic{File: r.file, Line: line, Severity: Error, Message: fmt.Sprintf(format, args...)})
}

func (r reporter) warnf(line int, format string, args ...any) {
	if line > 0 {
		line += r.offset
	}
	*r.diags = append(*r.diags, Diagnostic{File: r.file, Line: line, Severity: Warning, Message: fmt.Sprintf(format, args...)})
}

var yamlLineRE = regexp.MustCompile(`^yaml: (?:line (\d+): )?`)

// parseYAML parses src into its root node. A syntax error is reported at the
// line yaml names; an empty document yields nil without error.
func parseYAML(src []byte, r reporter) (*yaml.Node, bool) {
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
		r.errorf(line, "malformed YAML: %s", msg)
		return nil, false
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, true
	}
	return deref(doc.Content[0]), true
}

func deref(n *yaml.Node) *yaml.Node {
	// Aliases are followed a bounded number of times: the walkers only descend
	// into the fixed shape of book.yaml, so expansion cannot explode.
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 8; i++ {
		n = n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

func kindName(n *yaml.Node) string {
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

// field is one key of a mapping with its decoder.
type field struct {
	key    string
	decode func(n *yaml.Node)
}

// decodeMap walks a mapping, calling each known key's decoder, and reports
// unknown keys with the closest known key and duplicated keys.
func decodeMap(n *yaml.Node, r reporter, what string, fields []field) {
	n = deref(n)
	if isNull(n) {
		return
	}
	if n.Kind != yaml.MappingNode {
		r.errorf(n.Line, "%s: want a mapping of keys, got %s", what, kindName(n))
		return
	}
	known := make([]string, len(fields))
	for i, f := range fields {
		known[i] = f.key
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := deref(n.Content[i]), deref(n.Content[i+1])
		if k.Kind != yaml.ScalarNode {
			r.errorf(k.Line, "%s: keys must be plain names", what)
			continue
		}
		if prev, dup := seen[k.Value]; dup {
			r.errorf(k.Line, "duplicate key %q (first on line %d)", k.Value, prev+r.offset)
			continue
		}
		seen[k.Value] = k.Line
		found := false
		for _, f := range fields {
			if f.key == k.Value {
				f.decode(v)
				found = true
				break
			}
		}
		if !found {
			r.errorf(k.Line, "%s", unknownKey(k.Value, known))
		}
	}
}

func unknownKey(key string, known []string) string {
	if s := suggest(key, known); s != "" {
		return fmt.Sprintf("unknown key %q (did you mean %q?)", key, s)
	}
	sorted := append([]string(nil), known...)
	sort.Strings(sorted)
	return fmt.Sprintf("unknown key %q (known keys: %s)", key, strings.Join(sorted, ", "))
}

// suggest returns the known word closest to s by edit distance, or "" when
// none is close enough to be a plausible typo.
func suggest(s string, known []string) string {
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

// scalar decoders. Each reports a wrong type at the value's line.

func str(r reporter, key string, dst *string) func(*yaml.Node) {
	return func(n *yaml.Node) {
		if isNull(n) {
			return
		}
		if n.Kind != yaml.ScalarNode {
			r.errorf(n.Line, "%s: want text, got %s", key, kindName(n))
			return
		}
		*dst = strings.TrimSpace(n.Value)
	}
}

// strList accepts a single string or a list of strings.
func strList(r reporter, key string, dst *[]string) func(*yaml.Node) {
	return func(n *yaml.Node) {
		if isNull(n) {
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
				c = deref(c)
				if c.Kind != yaml.ScalarNode || isNull(c) {
					r.errorf(c.Line, "%s: want a list of text, got %s in it", key, kindName(c))
					continue
				}
				if v := strings.TrimSpace(c.Value); v != "" {
					out = append(out, v)
				}
			}
			*dst = out
		default:
			r.errorf(n.Line, "%s: want text or a list of text, got %s", key, kindName(n))
		}
	}
}

// strListLines is strList that also records each item's line.
func strListLines(r reporter, key string, dst *[]string, lines *[]int) func(*yaml.Node) {
	return func(n *yaml.Node) {
		if isNull(n) {
			return
		}
		items := []*yaml.Node{n}
		if n.Kind == yaml.SequenceNode {
			items = n.Content
		} else if n.Kind != yaml.ScalarNode {
			r.errorf(n.Line, "%s: want a list of paths, got %s", key, kindName(n))
			return
		}
		for _, c := range items {
			c = deref(c)
			if c.Kind != yaml.ScalarNode || isNull(c) {
				r.errorf(c.Line, "%s: want a list of paths, got %s in it", key, kindName(c))
				continue
			}
			*dst = append(*dst, strings.TrimSpace(c.Value))
			*lines = append(*lines, c.Line+r.offset)
		}
	}
}

func boolean(r reporter, key string, dst *bool) func(*yaml.Node) {
	return func(n *yaml.Node) {
		if isNull(n) {
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
		r.errorf(n.Line, "%s: want true or false, got %s", key, kindName(n))
	}
}

func integer(r reporter, key string, dst *int) func(*yaml.Node) {
	return func(n *yaml.Node) {
		if isNull(n) {
			return
		}
		if n.Kind == yaml.ScalarNode {
			if v, err := strconv.Atoi(strings.TrimSpace(n.Value)); err == nil {
				*dst = v
				return
			}
		}
		r.errorf(n.Line, "%s: want a whole number, got %s", key, kindName(n))
	}
}

func number(r reporter, key string, dst *float64) func(*yaml.Node) {
	return func(n *yaml.Node) {
		if isNull(n) {
			return
		}
		if n.Kind == yaml.ScalarNode {
			if v, err := strconv.ParseFloat(strings.TrimSpace(n.Value), 64); err == nil && v > 0 && v < 1e6 {
				*dst = v
				return
			}
		}
		r.errorf(n.Line, "%s: want a positive number, got %s", key, kindName(n))
	}
}

// oneOf decodes a string that must be one of choices.
func oneOf(r reporter, key string, dst *string, choices ...string) func(*yaml.Node) {
	return func(n *yaml.Node) {
		if isNull(n) {
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
		msg := fmt.Sprintf("%s: want one of %s, got %s", key, strings.Join(choices, ", "), kindName(n))
		if s := suggest(v, choices); s != "" && n.Kind == yaml.ScalarNode {
			msg += fmt.Sprintf(" (did you mean %q?)", s)
		}
		r.errorf(n.Line, "%s", msg)
	}
}

// date decodes YYYY-MM-DD or RFC 3339 into dst (UTC) and the raw text into raw.
func date(r reporter, key string, dst *time.Time, raw *string) func(*yaml.Node) {
	return func(n *yaml.Node) {
		if isNull(n) {
			return
		}
		if n.Kind == yaml.ScalarNode && n.Tag != "!!int" && n.Tag != "!!float" && n.Tag != "!!bool" {
			if t, err := parseDate(n.Value); err == nil {
				*dst = t
				if raw != nil {
					*raw = strings.TrimSpace(n.Value)
				}
				return
			}
		}
		r.errorf(n.Line, "%s: want a date like 2025-03-14, got %s", key, kindName(n))
	}
}

// parseDate accepts YYYY-MM-DD, RFC 3339 and the "YYYY-MM-DD HH:MM:SS" form
// YAML timestamps often take. The result keeps the date and time as written,
// labelled UTC: an article dated 2025-03-01T01:00+03:00 belongs to March 1st,
// the day its author saw, whatever the offset.
func parseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"2006-01-02", time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02 15:04:05Z07:00", "2006-01-02 15:04"} {
		if t, err := time.Parse(layout, s); err == nil {
			return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC), nil
		}
	}
	return time.Time{}, fmt.Errorf("not a date: %q", s)
}
