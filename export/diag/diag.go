// Package diag is how every stage of the pipeline reports a problem in the
// sources: a Diagnostic names the file and line, says whether it stops the
// build, and reads as "file:line: message".
package diag

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Severity of a Diagnostic.
type Severity int

const (
	Warning Severity = iota
	Error
)

func (s Severity) String() string {
	if s == Error {
		return "error"
	}
	return "warning"
}

// MarshalText writes "error" or "warning", the words of the JSON reports.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads what MarshalText writes.
func (s *Severity) UnmarshalText(b []byte) error {
	switch string(b) {
	case "error":
		*s = Error
	case "warning":
		*s = Warning
	default:
		return fmt.Errorf("severity %q: want error or warning", b)
	}
	return nil
}

// Diagnostic is a problem found in the sources, reported as file:line: message.
// Its JSON form is the one schema/check.v1.json describes.
type Diagnostic struct {
	File     string   `json:"file"`             // relative to the collection root when inside it
	Line     int      `json:"line,omitempty"`   // 0 when unknown
	Column   int      `json:"column,omitempty"` // 1-based, in characters; 0 when unknown
	Severity Severity `json:"severity"`
	Code     Code     `json:"code"`
	Message  string   `json:"message"`
}

func (d Diagnostic) String() string {
	s := d.File
	if d.Line > 0 {
		s += ":" + strconv.Itoa(d.Line)
	}
	if d.Severity == Warning {
		return s + ": warning: " + d.Message
	}
	return s + ": " + d.Message
}

// Error implements error, so a Diagnostic can be returned as one.
func (d Diagnostic) Error() string { return d.String() }

// Errors is a list of problems returned as one error: every error found, and
// the warnings found along the way.
type Errors []Diagnostic

func (e Errors) Error() string {
	var b strings.Builder
	for i, d := range e {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(d.String())
	}
	return b.String()
}

// Count returns how many of ds have severity s.
func Count(ds []Diagnostic, s Severity) int {
	n := 0
	for _, d := range ds {
		if d.Severity == s {
			n++
		}
	}
	return n
}

// Strict returns ds with every warning made an error (for --strict).
func Strict(ds []Diagnostic) []Diagnostic {
	out := make([]Diagnostic, len(ds))
	for i, d := range ds {
		d.Severity = Error
		out[i] = d
	}
	return out
}

// Sort orders ds by file and line, keeping the order of equal positions.
// first, when not "", is the file that sorts before all others (book.yaml:
// its problems explain the rest).
func Sort(ds []Diagnostic, first string) {
	sort.SliceStable(ds, func(i, j int) bool {
		a, b := ds[i], ds[j]
		if a.File != b.File {
			if first != "" && (a.File == first || b.File == first) {
				return a.File == first
			}
			return a.File < b.File
		}
		return a.Line < b.Line
	})
}

// List collects diagnostics for one file. Lines given to it are shifted by
// Offset, so a fragment (front matter starting on line 2) reports file lines.
type List struct {
	File   string
	Offset int
	Diags  *[]Diagnostic
	column int
}

// At returns l with the column its next diagnostics are reported at, for
// callers that know it (a YAML node's).
func (l List) At(column int) List {
	l.column = column
	return l
}

// Errorf records an error of kind code at line (0: the whole file).
func (l List) Errorf(code Code, line int, format string, args ...any) {
	l.add(Error, code, line, format, args...)
}

// Warnf records a warning of kind code at line (0: the whole file).
func (l List) Warnf(code Code, line int, format string, args ...any) {
	l.add(Warning, code, line, format, args...)
}

func (l List) add(s Severity, code Code, line int, format string, args ...any) {
	col := 0
	if line > 0 {
		line += l.Offset
		col = l.column
	}
	*l.Diags = append(*l.Diags, Diagnostic{File: l.File, Line: line, Column: col, Severity: s, Code: code,
		Message: sprintf(format, args...)})
}

func sprintf(format string, args ...any) string {
	if len(args) == 0 {
		return format
	}
	return fmt.Sprintf(format, args...)
}
