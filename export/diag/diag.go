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

// Diagnostic is a problem found in the sources, reported as file:line: message.
type Diagnostic struct {
	File     string // relative to the collection root when inside it
	Line     int    // 0 when unknown
	Severity Severity
	Message  string
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
}

// Errorf records an error at line (0: the whole file).
func (l List) Errorf(line int, format string, args ...any) {
	l.add(Error, line, format, args...)
}

// Warnf records a warning at line (0: the whole file).
func (l List) Warnf(line int, format string, args ...any) {
	l.add(Warning, line, format, args...)
}

func (l List) add(s Severity, line int, format string, args ...any) {
	if line > 0 {
		line += l.Offset
	}
	*l.Diags = append(*l.Diags, Diagnostic{File: l.File, Line: line, Severity: s, Message: sprintf(format, args...)})
}

func sprintf(format string, args ...any) string {
	if len(args) == 0 {
		return format
	}
	return fmt.Sprintf(format, args...)
}
