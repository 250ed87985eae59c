// Command warraq compiles a collection of Markdown articles into right-to-left
// EPUB and PDF books. It is a thin layer over package export: flags, messages,
// exit codes (see below) and progress.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/warraq/warraq/export/collection"
	"github.com/warraq/warraq/export/diag"
)

// Exit codes, as the README and the schemas (schema/*.json) document them.
const (
	exitOK        = 0
	exitContent   = 1   // a problem in the sources (or a bug in Warraq)
	exitUsage     = 2   // a mistake on the command line
	exitEnv       = 3   // I/O and environment: unreadable input, unwritable output, full disk
	exitInterrupt = 130 // interrupted (SIGINT, SIGTERM, SIGHUP): 128 + SIGINT, as shells report it
)

func main() {
	os.Exit(runWithSignals(os.Args[1:], os.Stdout, os.Stderr))
}

// runWithSignals runs the command line with a context that the first SIGINT,
// SIGTERM or SIGHUP (the terminal closed) cancels: the build removes its
// temporary files and exits 130. A second signal gets the default behaviour
// and ends the process at once; the next build removes what it left.
func runWithSignals(args []string, stdout, stderr io.Writer) int {
	// The collector's target follows the live heap (memory.go);
	// GOMEMLIMIT overrides it.
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryFloor)
		stop := make(chan struct{})
		defer close(stop)
		go followMemory(stop)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	go func() {
		<-ctx.Done()
		stop()
	}()
	return run(ctx, args, stdout, stderr)
}

// exitError carries an exit code through cobra.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }

func usageErr(format string, args ...any) error {
	return &exitError{exitUsage, fmt.Errorf(format, args...)}
}

// app is one invocation's state: its output streams and the directory
// argument as the user typed it (messages name files relative to it).
type app struct {
	stdout, stderr io.Writer
	ctx            context.Context
	// probe is passed to every parallel task of the pipeline; tests set it
	// to make a task panic.
	probe func(stage, item string)
}

// run executes the command line and returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	return (&app{stdout: stdout, stderr: stderr, ctx: ctx}).run(args)
}

func (a *app) run(args []string) (code int) {
	ctx, stdout, stderr := a.ctx, a.stdout, a.stderr
	defer func() {
		// A bug must not greet the user with a stack trace.
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "warraq: internal error: %v\nPlease report it with the input that caused it.\n", r)
			code = exitContent
		}
	}()
	root := a.rootCmd()
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil && ee.err.Error() != "" {
			fmt.Fprintln(stderr, "warraq:", ee.err)
		}
		return ee.code
	}
	// Anything cobra reports itself (unknown command or flag, wrong number of
	// arguments) is a usage error.
	fmt.Fprintln(stderr, "warraq:", err)
	fmt.Fprintln(stderr, "Run 'warraq --help' for usage.")
	return exitUsage
}

func (a *app) rootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:   "warraq",
		Short: "Compile Markdown article collections into right-to-left EPUB and PDF books",
		Long: `warraq (ورّاق) turns a directory of Markdown articles, with an optional
book.yaml, into an EPUB 3 and a PDF with embedded Arabic fonts, a cover
and a table of contents. Arabic first; any right-to-left or left-to-right
language works.

Exit codes: 0 success; 1 a problem in the sources; 2 a mistake on the
command line; 3 an input that cannot be read or an output that cannot be
written (I/O, environment); 130 interrupted. build, check and list take
--json for a machine-readable report of every diagnostic.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       readBuild().Version,
	}
	root.SetVersionTemplate("warraq {{.Version}}\n")
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageErr("%v (see '%s --help')", err, c.CommandPath())
	})
	root.AddCommand(a.buildCmd(), a.serveCmd(), a.listCmd(), a.checkCmd(), a.initCmd(), a.fontsCmd(), a.coverCmd(), a.versionCmd(), a.genDocsCmd())
	return root
}

// dirArg returns the collection directory argument (default ".").
func dirArg(args []string) string {
	if len(args) == 0 {
		return "."
	}
	return args[0]
}

func maxOneDir(cmd *cobra.Command, args []string) error {
	if len(args) > 1 {
		return usageErr("%s takes one directory, got %d arguments", cmd.Name(), len(args))
	}
	return nil
}

// selection holds the flags every command that reads a collection shares.
type selection struct {
	tags         []string
	since, until string
	drafts       bool
	strict       bool
}

func (s *selection) flags(c *cobra.Command) {
	f := c.Flags()
	f.StringSliceVar(&s.tags, "tag", nil, "only articles with any of these tags (repeat or separate with commas)")
	f.StringVar(&s.since, "since", "", "only articles dated on or after `YYYY-MM-DD`")
	f.StringVar(&s.until, "until", "", "only articles dated on or before `YYYY-MM-DD`")
	f.BoolVar(&s.drafts, "drafts", false, "include articles marked draft: true")
	f.BoolVar(&s.strict, "strict", false, "treat every warning as an error (for CI)")
}

// forDir returns the collection directory named by args and the selection
// options, as every command that reads a collection needs both.
func (s *selection) forDir(args []string) (string, collection.Options, error) {
	opt, err := s.options()
	return dirArg(args), opt, err
}

func (s *selection) options() (collection.Options, error) {
	o := collection.Options{Tags: s.tags, Drafts: s.drafts, Strict: s.strict}
	epoch, err := sourceDateEpoch()
	if err != nil {
		return o, err
	}
	o.Epoch = epoch
	for _, d := range []struct {
		name string
		val  string
		dst  *time.Time
	}{{"since", s.since, &o.Since}, {"until", s.until, &o.Until}} {
		if d.val == "" {
			continue
		}
		t, err := time.Parse("2006-01-02", d.val)
		if err != nil {
			return o, usageErr("--%s: want a date like 2025-03-14, got %q", d.name, d.val)
		}
		*d.dst = t
	}
	return o, nil
}

// sourceDateEpoch reads SOURCE_DATE_EPOCH, the timestamp reproducible
// builds agree on (reproducible-builds.org): zero when it is not set.
func sourceDateEpoch() (time.Time, error) {
	s, ok := os.LookupEnv("SOURCE_DATE_EPOCH")
	if !ok || strings.TrimSpace(s) == "" {
		return time.Time{}, nil
	}
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || n < 0 || n > 253402300799 {
		return time.Time{}, usageErr("SOURCE_DATE_EPOCH: want seconds since 1970-01-01 as a whole number, got %q", s)
	}
	return time.Unix(n, 0).UTC(), nil
}

// contentErr prints the diagnostics of a failed load and returns the exit
// error for what stopped the command (see classify), carrying the
// diagnostics for a --json report. Paths are shown relative to the directory
// the user named, so they can be opened from where the command ran. writes
// says whether the command was to write files, to say that it wrote none.
func (a *app) contentErr(dir string, err error, writes bool) error {
	f := a.classify(dir, err, writes)
	if _, ok := errors.AsType[*diag.Errors](err); ok {
		for _, d := range f.diags {
			fmt.Fprintln(a.stderr, d)
		}
	}
	return &exitError{f.code, &diagnosed{f.summary, f.diags}}
}

func display(dir string, d diag.Diagnostic) string {
	return displayDiag(dir, d).String()
}

// displayFile names a file of the collection as the user can open it from
// where the command ran: joined to the directory argument as typed.
func displayFile(dir, file string) string {
	if dir != "." && file != "" && file != dir && !filepath.IsAbs(file) {
		return filepath.ToSlash(filepath.Join(dir, file))
	}
	return file
}

func countSeverity(ds []diag.Diagnostic, s diag.Severity) int {
	n := 0
	for _, d := range ds {
		if d.Severity == s {
			n++
		}
	}
	return n
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
