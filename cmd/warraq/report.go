package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"
	"syscall"

	"github.com/warraq/warraq/export"
	"github.com/warraq/warraq/export/diag"
)

// schemaURL names the JSON Schema a --json document follows; the schemas
// live in schema/ and a document's "schema" field says which version it is.
func schemaURL(name string) string {
	return "https://raw.githubusercontent.com/warraq/warraq/main/schema/" + name + ".v1.json"
}

// diagnosed is a failure's one-line summary with the diagnostics behind it,
// carried inside an exitError to the --json report.
type diagnosed struct {
	summary string
	diags   []diag.Diagnostic
}

func (d *diagnosed) Error() string { return d.summary }

// failure is what stopped a command, classified: the exit code, the
// diagnostics (paths as the user sees them) and a one-line summary.
type failure struct {
	code    int
	diags   []diag.Diagnostic
	summary string
}

// classify turns the error of a command into its exit code and the
// diagnostics a --json report carries. Problems in the sources exit 1; a
// file that cannot be read or an output that cannot be written exit 3 even
// when content errors come with them (they may share the cause, and a CI job
// should not blame the book for a full disk); an interrupt exits 130.
func (a *app) classify(dir string, err error, writes bool) failure {
	nothing := ""
	if writes {
		nothing = "; nothing written"
	}
	var ce *diag.Errors
	var fe *export.FormatError
	var ee *exitError
	switch {
	case errors.As(err, &ce):
		f := failure{code: exitContent}
		for _, d := range *ce {
			if d.Severity == diag.Error && d.Code.Environmental() {
				f.code = exitEnv
			}
			f.diags = append(f.diags, displayDiag(dir, d))
		}
		n := countSeverity(*ce, diag.Error)
		f.summary = pluralize(n, "error") + nothing
		return f
	case errors.Is(err, context.Canceled):
		return failure{exitInterrupt, []diag.Diagnostic{{Severity: diag.Error, Code: diag.Interrupted,
			Message: "interrupted" + nothing}}, "interrupted" + nothing}
	case errors.As(err, new(*export.WriteError)):
		we, _ := errors.AsType[*export.WriteError](err)
		d := diag.Diagnostic{File: we.Path, Severity: diag.Error, Code: diag.Output, Message: we.Error()}
		return failure{exitEnv, []diag.Diagnostic{d}, we.Error()}
	case errors.As(err, &fe):
		return failure{exitUsage, []diag.Diagnostic{{Severity: diag.Error, Code: diag.Usage, Message: err.Error()}}, err.Error()}
	case errors.As(err, &ee):
		f := failure{code: ee.code, summary: ee.err.Error()}
		code := diag.Usage
		switch ee.code {
		case exitContent:
			code = diag.Internal
		case exitEnv:
			code = diag.Output
		case exitInterrupt:
			code = diag.Interrupted
		}
		f.diags = []diag.Diagnostic{{Severity: diag.Error, Code: code, Message: ee.err.Error()}}
		return f
	case environmental(err):
		d := diag.Diagnostic{Severity: diag.Error, Code: diag.Output, Message: err.Error()}
		var pe *fs.PathError
		if errors.As(err, &pe) {
			d.File = pe.Path
		}
		return failure{exitEnv, []diag.Diagnostic{d}, err.Error()}
	}
	return failure{exitContent, []diag.Diagnostic{{Severity: diag.Error, Code: diag.Internal, Message: err.Error()}}, err.Error()}
}

// environmental reports an error that comes from the operating system (a
// permission, a full disk, a read-only file system) rather than from Warraq
// or the sources.
func environmental(err error) bool {
	var errno syscall.Errno
	return errors.As(err, new(*fs.PathError)) || errors.As(err, new(*os.LinkError)) ||
		errors.As(err, new(*os.SyscallError)) || errors.As(err, &errno)
}

func displayDiag(dir string, d diag.Diagnostic) diag.Diagnostic {
	d.File = displayFile(dir, d.File)
	return d
}

func pluralize(n int, word string) string {
	return strconv.Itoa(n) + " " + word + plural(n)
}

// result is how a command ended, the part every --json report shares.
type result struct {
	Schema   string `json:"schema"`
	OK       bool   `json:"ok"`
	ExitCode int    `json:"exit_code"`
	Error    string `json:"error,omitempty"` // the one-line summary stderr ends with
	// Diagnostics are every problem found, errors and warnings, with files
	// named as the text messages name them.
	Diagnostics []diag.Diagnostic `json:"diagnostics"`
}

func newResult(schema string) result {
	return result{Schema: schemaURL(schema), Diagnostics: []diag.Diagnostic{}}
}

// report completes res with how the command ended (err is what RunE
// returns) and, with --json, writes doc, which embeds res, on stdout.
func (a *app) report(asJSON bool, doc any, res *result, err error) error {
	if err != nil {
		ee, ok := errors.AsType[*exitError](err)
		if !ok {
			ee = &exitError{exitContent, err}
		}
		res.ExitCode, res.Error = ee.code, ee.err.Error()
		if d, ok := errors.AsType[*diagnosed](ee.err); ok {
			res.Diagnostics = d.diags
		} else {
			res.Diagnostics = a.classify("", ee, false).diags
		}
	}
	res.OK = err == nil
	if asJSON {
		if werr := writeJSON(a.stdout, doc); werr != nil && err == nil {
			return &exitError{exitEnv, fmt.Errorf("stdout: %w", werr)}
		}
	}
	return err
}

// buildReport is `warraq build --json` (schema/manifest.v1.json): the
// manifest when the build succeeded, the diagnostics either way.
type buildReport struct {
	result
	Book     *export.BookInfo         `json:"book,omitempty"`
	Outputs  []export.Output          `json:"outputs"`
	Articles []export.ArticleManifest `json:"articles"`
	Warnings []string                 `json:"warnings"`
}

// checkReport is `warraq check --json` (schema/check.v1.json).
type checkReport struct {
	result
	Strict  bool          `json:"strict"`
	Summary *checkSummary `json:"summary,omitempty"`
}

type checkSummary struct {
	Articles int `json:"articles"`
	Images   int `json:"images"`
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
}

// listReport is `warraq list --json` (schema/list.v1.json).
type listReport struct {
	result
	Articles []export.ArticleManifest `json:"articles"`
}
