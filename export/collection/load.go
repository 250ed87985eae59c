package collection

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/google/uuid"
	"go.yaml.in/yaml/v3"

	"github.com/warraq/warraq/export/config"
	"github.com/warraq/warraq/export/diag"
	"github.com/warraq/warraq/export/locale"
	"github.com/warraq/warraq/fonts"
	"github.com/warraq/warraq/internal/cache"
	"github.com/warraq/warraq/internal/par"
	"github.com/warraq/warraq/internal/slug"
)

// Options is the command-line selection, applied on top of book.yaml.
type Options struct {
	Tags         []string  // replace book.yaml's tags when given
	Since, Until time.Time // zero = unbounded; replace book.yaml's when given
	Drafts       bool      // include articles with draft: true
	OutDir       string    // never part of the selection; "" means DIR/dist
	// Strict makes every warning an error. Load itself reports warnings as
	// warnings (in Book.Diagnostics); export applies Strict once every
	// warning of a build is known, fonts and cover included.
	Strict bool

	// Formats are the output formats' decoders of their own book.yaml
	// sections ("epub", "pdf"), by key. Load calls each with its section
	// (nil when book.yaml has none) and a list for its problems, and keeps
	// what it returns in Book.Formats.
	Formats map[string]func(n *yaml.Node, r diag.List) any
	// Epoch, when not zero, is the book's timestamp (SOURCE_DATE_EPOCH,
	// read by the caller): Book.Modified. Otherwise the newest article's
	// date is. The clock never is.
	Epoch time.Time
	// Probe, when set, is called as each parallel task starts, with the
	// stage and the item (a file); tests use it to make a task fail. Stage
	// "markdown" is an article's body being parsed, not found in Cache;
	// "decode" an image file being decoded, not found in Cache.
	Probe func(stage, item string)
	// Cache keeps each article's body as read (bodycache.go) between
	// builds; nil keeps nothing. What Load returns is the same either way.
	Cache *cache.Store
}

// BookFile is the name of a collection's configuration file.
const BookFile = "book.yaml"

// loader holds the state of one Load.
type loader struct {
	root     string // absolute
	realRoot string // root with symlinks resolved, for containment checks
	outDir   string
	opt      Options
	cfg      Config
	info     configInfo
	diags    []diag.Diagnostic
	broken   map[string]bool // articles that could not be read (their errors are reported)
}

// Load reads the collection in dir: book.yaml (optional), the selected
// articles in book order, parsed, and the images they use. The returned
// error is an *diag.Errors listing every problem.
func Load(dir string, opt Options) (*Book, error) {
	root, err := filepath.Abs(dir)
	if err != nil {
		return nil, &diag.Errors{{File: dir, Severity: diag.Error, Code: diag.Unreadable, Message: err.Error()}}
	}
	st, err := os.Stat(root)
	if err != nil || !st.IsDir() {
		msg := "not a directory"
		if errors.Is(err, fs.ErrNotExist) {
			msg = "no such directory"
		} else if err != nil {
			msg = "cannot read: " + unwrapPathError(err)
		}
		return nil, &diag.Errors{{File: dir, Severity: diag.Error, Code: diag.Unreadable, Message: msg}}
	}
	realRoot, err := filepath.EvalSymlinks(root)
	if err != nil {
		realRoot = root
	}
	l := &loader{root: root, realRoot: realRoot, opt: opt}
	l.outDir = opt.OutDir
	if l.outDir == "" {
		l.outDir = filepath.Join(root, "dist")
	} else if !filepath.IsAbs(l.outDir) {
		l.outDir, _ = filepath.Abs(l.outDir)
	}
	b := l.load(dir)
	l.finish()
	if countErrors(l.diags) > 0 {
		e := diag.Errors(l.diags)
		return nil, &e
	}
	b.Diagnostics = l.diags
	return b, nil
}

func unwrapPathError(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

func (l *loader) errorf(code diag.Code, file string, line int, format string, args ...any) {
	l.diags = append(l.diags, diag.Diagnostic{File: file, Line: line, Severity: diag.Error, Code: code, Message: fmt.Sprintf(format, args...)})
}

func (l *loader) warnf(code diag.Code, file string, line int, format string, args ...any) {
	l.diags = append(l.diags, diag.Diagnostic{File: file, Line: line, Severity: diag.Warning, Code: code, Message: fmt.Sprintf(format, args...)})
}

// finish puts the diagnostics in a stable order.
func (l *loader) finish() {
	diag.Sort(l.diags, BookFile)
}

func (l *loader) load(dir string) *Book {
	b := &Book{Root: l.root}
	l.readConfig()
	if countErrors(l.diags) > 0 {
		return b
	}
	l.checkFonts()
	fillDefaults(&l.cfg)
	b.Config = l.cfg
	b.Formats = map[string]any{}
	for _, k := range l.formatKeys() {
		b.Formats[k] = l.opt.Formats[k](l.cfg.Sections[k], diag.List{File: BookFile, Diags: &l.diags})
	}
	l.validatePatterns()
	l.readHouseStyle(b)

	files := l.walk()
	selected, listed := l.candidates(files)
	if countErrors(l.diags) > 0 {
		return b
	}
	if !l.withinReadLimit(dir, selected) {
		return b
	}
	// From here on, an article that cannot be read is left out and the
	// others go on, so one run reports every problem of the collection.
	arts := l.readArticles(selected)
	arts = l.filter(dir, arts, listed)
	l.unplaced(files, listed)
	if len(arts) == 0 || !l.withinBookLimit(dir, arts) {
		return b
	}
	l.readBodies(arts)
	b.Meta = l.meta(arts)
	l.order(b, arts)
	l.assignSlugs(b.Articles)
	b.byPath = make(map[string]*Article, len(b.Articles))
	for _, a := range b.Articles {
		b.byPath[a.Path] = a
	}
	l.resolveReferences(b)
	l.modified(b)
	if b.Meta.Date.IsZero() {
		for _, a := range b.Articles {
			if a.Date.After(b.Meta.Date) {
				b.Meta.Date = a.Date
			}
		}
	}
	return b
}

// formatKeys are the book.yaml keys the output formats own, sorted.
func (l *loader) formatKeys() []string {
	keys := make([]string, 0, len(l.opt.Formats))
	for k := range l.opt.Formats {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func (l *loader) readConfig() {
	p := filepath.Join(l.root, BookFile)
	data, err := os.ReadFile(p)
	if errors.Is(err, fs.ErrNotExist) {
		return
	}
	if err != nil {
		l.errorf(diag.Unreadable, BookFile, 0, "cannot read: %s", unwrapPathError(err))
		return
	}
	data, ok := normalizeConfigText(data, &l.diags)
	if !ok {
		return
	}
	l.cfg, l.info = parseConfig(data, BookFile, l.formatKeys(), &l.diags)
}

// normalizeConfigText is normalizeText without the "empty" rule: an empty
// book.yaml is valid (every key is optional).
func normalizeConfigText(data []byte, diags *[]diag.Diagnostic) ([]byte, bool) {
	if len(strings.TrimSpace(string(data))) == 0 {
		return nil, true
	}
	return normalizeText(data, BookFile, diags)
}

// checkFonts reports, at their book.yaml lines, font names that are neither
// an embedded family nor a font file that exists, and font files whose
// licence forbids embedding them (OS/2 fsType). Font paths may lie outside
// the collection (a system font is not content).
func (l *loader) checkFonts() {
	fc := &fontCheck{seen: map[string]bool{}}
	for _, f := range []struct{ key, val string }{
		{"body", l.cfg.Fonts.Body}, {"heading", l.cfg.Fonts.Heading}, {"mono", l.cfg.Fonts.Mono},
	} {
		if f.val == "" {
			continue
		}
		if faces := l.cfg.Fonts.Faces[f.key]; faces != nil {
			for _, st := range []string{"regular", "bold", "italic", "bold-italic"} {
				if file := faces[st]; file != "" {
					l.checkFontFile(fc, "fonts."+f.key+"."+st, file, l.info.faceLines[f.key+"."+st])
				}
			}
			continue
		}
		line := l.info.fontLines[f.key]
		ext := strings.ToLower(filepath.Ext(f.val))
		if ext == ".ttf" || ext == ".otf" {
			l.checkFontFile(fc, "fonts."+f.key, f.val, line)
			continue
		}
		if _, ok := fonts.Lookup(f.val); !ok {
			msg := fmt.Sprintf("fonts.%s: %q is not an embedded family (%s) nor a .ttf/.otf file", f.key, f.val, strings.Join(fonts.Names(), ", "))
			if s := suggestFamily(f.val); s != "" {
				msg += fmt.Sprintf("; did you mean %q?", s)
			}
			l.errorf(diag.Font, BookFile, line, "%s", msg)
		}
	}
}

// fontCheck is what checkFontFile has seen: the files, and their bytes.
type fontCheck struct {
	seen  map[string]bool
	total int64
	over  bool // the total was reported
}

// checkFontFile reports a font file that is missing, larger than the limits
// (maxFontBytes, maxFontsBytes with the files before it), or whose
// embedding permissions forbid the PDF and EPUB to carry it.
func (l *loader) checkFontFile(fc *fontCheck, key, file string, line int) {
	if ext := strings.ToLower(filepath.Ext(file)); ext != ".ttf" && ext != ".otf" {
		l.errorf(diag.Font, BookFile, line, "%s: %q is not a .ttf/.otf file", key, file)
		return
	}
	p := file
	if !filepath.IsAbs(p) {
		p = filepath.Join(l.root, filepath.FromSlash(p))
	}
	st, err := os.Stat(p)
	if err != nil || !st.Mode().IsRegular() {
		l.errorf(diag.Font, BookFile, line, "%s: no font file %s", key, file)
		return
	}
	if st.Size() > maxFontBytes {
		l.errorf(diag.Limit, BookFile, line, "%s: %s is %s, more than the %s a font file may have",
			key, file, config.Size(st.Size()), config.Size(maxFontBytes))
		return
	}
	if fc.seen[p] {
		return // another face of the same file, checked
	}
	fc.seen[p] = true
	if fc.total += st.Size(); fc.total > maxFontsBytes {
		if !fc.over {
			l.errorf(diag.Limit, BookFile, line, "%s: with %s, the font files of fonts: are %s together, more than the %s one book may have",
				key, file, config.Size(fc.total), config.Size(maxFontsBytes))
		}
		fc.over = true
		return
	}
	data, err := os.ReadFile(p)
	if err != nil {
		return // Prepare reports it, with the machine's reason
	}
	if err := fonts.CheckEmbedding(data); err != nil {
		l.errorf(diag.Font, BookFile, line, "%s: %s: %v; Warraq embeds every font it draws with, so choose another (the embedded families: %s)",
			key, file, err, strings.Join(fonts.Names(), ", "))
	}
}

func suggestFamily(name string) string {
	names := fonts.Names()
	lower := make([]string, len(names))
	for i, n := range names {
		lower[i] = strings.ToLower(n)
	}
	s := config.Suggest(strings.ToLower(name), lower)
	for i, l := range lower {
		if l == s && s != "" {
			return names[i]
		}
	}
	return ""
}

func (l *loader) validatePatterns() {
	for _, p := range append(append([]string(nil), l.cfg.Include...), l.cfg.Exclude...) {
		if !validGlob(p) {
			l.errorf(diag.InvalidValue, BookFile, 0, "malformed glob pattern %q", p)
		}
	}
}

// walk lists every regular file under the root that may be read: hidden
// files and directories and the output directory are never part of it.
func (l *loader) walk() map[string]bool {
	files := map[string]bool{}
	realOut, err := filepath.EvalSymlinks(l.outDir)
	if err != nil {
		realOut = l.outDir
	}
	_ = filepath.WalkDir(l.root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p != l.root {
				l.warnf(diag.Unreadable, l.rel(p), 0, "cannot read: %s", unwrapPathError(err))
			}
			return nil
		}
		if p == l.root {
			return nil
		}
		name := d.Name()
		if strings.HasPrefix(name, ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if p == l.outDir || p == realOut {
				return filepath.SkipDir
			}
			return nil
		}
		rel := l.rel(p)
		if d.Type()&fs.ModeSymlink != 0 {
			real, err := filepath.EvalSymlinks(p)
			if err != nil {
				return nil // dangling: reported if something selects it
			}
			if !within(l.realRoot, real) {
				if strings.HasSuffix(strings.ToLower(name), ".md") {
					l.errorf(diag.PathOutside, rel, 0, "symbolic link points outside the collection (%s); refused", real)
				}
				return nil
			}
			if st, err := os.Stat(real); err != nil || !st.Mode().IsRegular() {
				return nil
			}
		} else if !d.Type().IsRegular() {
			return nil
		}
		files[rel] = true
		return nil
	})
	return files
}

func (l *loader) rel(p string) string {
	r, err := filepath.Rel(l.root, p)
	if err != nil {
		return filepath.ToSlash(p)
	}
	return filepath.ToSlash(r)
}

// within reports whether p is root or below it (both cleaned, symlinks resolved).
func within(root, p string) bool {
	r, err := filepath.Rel(root, p)
	return err == nil && r != ".." && !strings.HasPrefix(r, ".."+string(filepath.Separator))
}

// listedEntry records where an explicitly listed article was named.
type listedEntry struct {
	line int
	part int  // index into cfg.Parts.List, or -1
	glob bool // matched by a glob entry rather than named
}

// candidates returns the paths the configuration selects before front-matter
// filters, in listing order for explicit lists and path order otherwise, and
// which of them were named explicitly.
func (l *loader) candidates(files map[string]bool) ([]string, map[string]listedEntry) {
	listed := map[string]listedEntry{}
	var out []string
	add := func(p string, e listedEntry, glob bool) {
		if prev, dup := listed[p]; dup {
			// Only two explicit entries conflict: a glob takes what is left.
			if !glob && !prev.glob && e.part >= 0 && prev.part != e.part {
				if t := l.cfg.Parts.List[prev.part].Title; t != "" {
					l.errorf(diag.Selection, BookFile, e.line, "parts: %s is already in part %q (line %d)", p, t, prev.line)
				} else {
					l.errorf(diag.Selection, BookFile, e.line, "parts: %s is already in part %d (line %d)", p, prev.part+1, prev.line)
				}
			}
			return
		}
		listed[p] = e
		out = append(out, p)
	}
	expand := func(entry string, line, part int, key string) {
		clean, ok := cleanRel(entry)
		if !ok {
			l.errorf(diag.PathOutside, BookFile, line, "%s: %q is outside the collection; refused", key, entry)
			return
		}
		if isGlob(clean) {
			var ms []string
			for f := range files {
				if isMarkdown(f) && matchGlob(clean, f) {
					ms = append(ms, f)
				}
			}
			if len(ms) == 0 {
				l.errorf(diag.Selection, BookFile, line, "%s: no article matches %q", key, entry)
			}
			sort.Strings(ms)
			for _, m := range ms {
				add(m, listedEntry{line: line, part: part, glob: true}, true)
			}
			return
		}
		if !files[clean] {
			l.errorf(diag.Selection, BookFile, line, "%s: no such article %q", key, entry)
			return
		}
		add(clean, listedEntry{line: line, part: part}, false)
	}
	switch {
	case l.cfg.Parts.Mode == "list":
		for i, spec := range l.cfg.Parts.List {
			for j, a := range spec.Articles {
				expand(a, l.info.partArticleLines[i][j], i, "parts")
			}
		}
	case len(l.cfg.Articles) > 0:
		for i, a := range l.cfg.Articles {
			expand(a, l.info.articleLines[i], -1, "articles")
		}
	default:
		if l.cfg.Order == "manual" {
			l.errorf(diag.Selection, BookFile, l.info.orderLine, "order: manual needs an articles: list (or a list of parts)")
		}
		for f := range files {
			if !isMarkdown(f) || !l.included(f) {
				continue
			}
			out = append(out, f)
		}
		sort.Strings(out)
		return out, nil
	}
	return out, listed
}

func (l *loader) included(f string) bool {
	in := false
	for _, p := range l.cfg.Include {
		if matchGlob(p, f) {
			in = true
			break
		}
	}
	if !in {
		return false
	}
	for _, p := range l.cfg.Exclude {
		if excluded(p, f) {
			return false
		}
	}
	return true
}

func isMarkdown(p string) bool {
	ext := strings.ToLower(path.Ext(p))
	return ext == ".md" || ext == ".markdown"
}

// cleanRel cleans a slash path given relative to the root and reports false
// when it is absolute or climbs out of the root.
func cleanRel(p string) (string, bool) {
	p = strings.ReplaceAll(p, "\\", "/")
	if p == "" || strings.HasPrefix(p, "/") || filepath.IsAbs(p) || (len(p) > 1 && p[1] == ':') {
		return "", false
	}
	c := path.Clean(p)
	if c == ".." || strings.HasPrefix(c, "../") {
		return "", false
	}
	return c, true
}

// withinReadLimit reports whether the Markdown files to read are within
// maxReadBytes together (each one's own limit is readArticle's to report).
func (l *loader) withinReadLimit(dir string, paths []string) bool {
	var total int64
	for _, p := range paths {
		if st, err := os.Stat(filepath.Join(l.root, filepath.FromSlash(p))); err == nil && st.Size() <= maxArticleBytes {
			total += st.Size()
		}
	}
	if total > maxReadBytes {
		l.errorf(diag.Limit, dir, 0, "the %d Markdown files to read are %s in all, more than the %s one build reads; "+
			"narrow include: and exclude:, or split the collection", len(paths), config.Size(total), config.Size(maxReadBytes))
		return false
	}
	return true
}

// withinBookLimit reports whether the selected articles are within
// maxBookBytes together.
func (l *loader) withinBookLimit(dir string, arts []*Article) bool {
	var total int64
	for _, a := range arts {
		total += int64(a.Bytes)
	}
	if total > maxBookBytes {
		l.errorf(diag.Limit, dir, 0, "the %d selected articles are %s of Markdown, more than the %s one book may have (about 15,000 pages); "+
			"make volumes of it with since: and until:, tags: or --tag", len(arts), config.Size(total), config.Size(maxBookBytes))
		return false
	}
	return true
}

// readArticles reads and splits the front matter of every candidate, in
// parallel; problems are appended to the loader in path order.
func (l *loader) readArticles(paths []string) []*Article {
	arts := make([]*Article, len(paths))
	diags := make([][]diag.Diagnostic, len(paths))
	l.each("read", paths, func(i int) {
		arts[i] = l.readArticle(paths[i], &diags[i])
	}, diags)
	var out []*Article
	l.broken = map[string]bool{}
	for i, p := range paths {
		l.diags = append(l.diags, diags[i]...)
		if arts[i] != nil {
			out = append(out, arts[i])
		} else {
			l.broken[p] = true
		}
	}
	return out
}

// each runs f for every file in parallel (par.Each). Each task writes only
// its own slots, so the result does not depend on scheduling; a task that
// panics leaves an error diagnostic on its file instead of ending the load.
func (l *loader) each(stage string, files []string, f func(i int), diags [][]diag.Diagnostic) {
	_ = par.Each(len(files), 0, func(i int) string { return files[i] }, func(i int) error {
		if err := par.Do(files[i], func() error {
			if l.opt.Probe != nil {
				l.opt.Probe(stage, files[i])
			}
			f(i)
			return nil
		}); err != nil {
			diags[i] = append(diags[i], diag.Diagnostic{File: files[i], Severity: diag.Error, Code: diag.Internal,
				Message: "internal error while reading this file (please report it with the file): " + fmt.Sprint(err.(*par.Panic).Value)})
		}
		return nil
	})
}

func (l *loader) readArticle(rel string, diags *[]diag.Diagnostic) *Article {
	abs := filepath.Join(l.root, filepath.FromSlash(rel))
	st, err := os.Stat(abs)
	if err != nil {
		*diags = append(*diags, diag.Diagnostic{File: rel, Severity: diag.Error, Code: diag.Unreadable, Message: "cannot read: " + unwrapPathError(err)})
		return nil
	}
	if st.Size() > maxArticleBytes {
		*diags = append(*diags, diag.Diagnostic{File: rel, Severity: diag.Error, Code: diag.Limit, Message: fmt.Sprintf(
			"the file is %s, more than the %s an article may have (about 350 pages); split it into several articles",
			config.Size(st.Size()), config.Size(maxArticleBytes))})
		return nil
	}
	data, err := os.ReadFile(abs)
	if err != nil {
		*diags = append(*diags, diag.Diagnostic{File: rel, Severity: diag.Error, Code: diag.Unreadable, Message: "cannot read: " + unwrapPathError(err)})
		return nil
	}
	data, ok := normalizeText(data, rel, diags)
	if !ok {
		return nil
	}
	fm, body, bodyLine, ok := splitFrontMatter(data, rel, diags)
	if !ok {
		return nil
	}
	a := &Article{
		Path: rel, AbsPath: abs, Bytes: len(data),
		Title: fm.Title, Subtitle: fm.Subtitle, Authors: fm.Authors,
		Date: fm.Date, Tags: fm.Tags, Draft: fm.Draft, Summary: fm.Summary,
		SourceURL: fm.Source, Lang: fm.Lang, Dir: fm.Dir, Weight: fm.Weight,
		Slug: fm.Slug, TitleLine: fm.TitleLine, source: body, BodyLine: bodyLine,
		slugLine: fm.SlugLine, dateLine: fm.DateLine,
	}
	if a.Lang == "" {
		a.Lang = l.cfg.Language
		if a.Dir == "" {
			a.Dir = l.cfg.Direction
		}
	} else if a.Dir == "" {
		a.Dir = locale.Direction(a.Lang)
	}
	if a.SourceURL != "" && !isWebURL(a.SourceURL) {
		*diags = append(*diags, diag.Diagnostic{File: rel, Line: 0, Severity: diag.Warning, Code: diag.InvalidValue, Message: fmt.Sprintf("source: %q is not an http(s) URL; ignored", a.SourceURL)})
		a.SourceURL = ""
	}
	return a
}

func isWebURL(s string) bool {
	ls := strings.ToLower(s)
	return strings.HasPrefix(ls, "http://") || strings.HasPrefix(ls, "https://")
}

// selection is the front-matter filters in force: book.yaml's, each
// replaced by the command line's when given.
type selection struct {
	tags              []string
	since, until      time.Time
	drafts            bool
	cliTags, cliDates bool // the filter was given on the command line
}

func (l *loader) selection() selection {
	sel := selection{tags: l.cfg.Tags, since: l.info.since, until: l.info.until, drafts: l.opt.Drafts || l.cfg.Drafts}
	if len(l.opt.Tags) > 0 {
		sel.tags, sel.cliTags = l.opt.Tags, true
	}
	if !l.opt.Since.IsZero() {
		sel.since, sel.cliDates = l.opt.Since, true
	}
	if !l.opt.Until.IsZero() {
		sel.until, sel.cliDates = l.opt.Until, true
	}
	if !sel.until.IsZero() && sel.until.Equal(sel.until.Truncate(24*time.Hour)) {
		sel.until = sel.until.Add(24*time.Hour - time.Nanosecond) // a bare date includes its whole day
	}
	return sel
}

// Why a filter leaves an article out.
const (
	keptIn = iota
	outDraft
	outTag
	outDate
)

// leaves says whether the filters leave a out, why, and whether that was
// asked for on the command line.
func (s selection) leaves(a *Article) (why int, reason string, cli bool) {
	switch {
	case a.Draft && !s.drafts:
		return outDraft, "it is a draft (use --drafts)", false
	case len(s.tags) > 0 && !anyTag(a.Tags, s.tags):
		return outTag, "it has none of the tags " + strings.Join(s.tags, ", "), s.cliTags
	case (!s.since.IsZero() || !s.until.IsZero()) && a.Date.IsZero():
		return outDate, "it has no date and a date range is set", s.cliDates
	case !s.since.IsZero() && a.Date.Before(s.since), !s.until.IsZero() && a.Date.After(s.until):
		return outDate, "its date is outside since/until", s.cliDates
	}
	return keptIn, "", false
}

// filter applies drafts, tags and dates, and explains an empty selection.
// An article that book.yaml lists and its own filters leave out is a
// warning; one the command line's filters leave out is what was asked for:
// --tag and --since narrow the parts, and a part left empty is dropped.
func (l *loader) filter(dir string, arts []*Article, listed map[string]listedEntry) []*Article {
	sel := l.selection()
	var nDraft, nTag, nDate int
	var out []*Article
	for _, a := range arts {
		why, reason, cli := sel.leaves(a)
		switch why {
		case keptIn:
			out = append(out, a)
			continue
		case outDraft:
			nDraft++
		case outTag:
			nTag++
		case outDate:
			nDate++
		}
		if e, ok := listed[a.Path]; ok && !cli {
			l.warnf(diag.Selection, BookFile, e.line, "%s is listed but left out: %s", a.Path, reason)
		}
	}
	if len(out) == 0 && countErrors(l.diags) == 0 {
		var why []string
		if nDraft > 0 {
			why = append(why, fmt.Sprintf("%d draft%s left out; use --drafts", nDraft, plural(nDraft)))
		}
		if nTag > 0 {
			why = append(why, fmt.Sprintf("%d without the tags %s", nTag, strings.Join(sel.tags, ", ")))
		}
		if nDate > 0 {
			why = append(why, fmt.Sprintf("%d outside the dates", nDate))
		}
		what := fmt.Sprintf("no article matches include [%s]", strings.Join(l.cfg.Include, ", "))
		if len(l.cfg.Exclude) > 0 {
			what += fmt.Sprintf(" and exclude [%s]", strings.Join(l.cfg.Exclude, ", "))
		}
		if listed != nil {
			what = "no listed article is left"
		}
		if len(arts) == 0 && listed == nil {
			what = fmt.Sprintf("no Markdown file matches include [%s]", strings.Join(l.cfg.Include, ", "))
		}
		if len(why) > 0 {
			what += " (" + strings.Join(why, "; ") + ")"
		}
		l.errorf(diag.Selection, dir, 0, "empty selection: %s", what)
	}
	return out
}

// unplaced warns about the articles of the collection that a list of
// parts leaves out although include:, exclude: and the filters would take
// them: an article added to the folder and forgotten in book.yaml. Drafts
// (without --drafts) and articles the filters leave out are not missed.
func (l *loader) unplaced(files map[string]bool, listed map[string]listedEntry) {
	if l.cfg.Parts.Mode != "list" {
		return
	}
	var paths []string
	for f := range files {
		if _, ok := listed[f]; !ok && isMarkdown(f) && l.included(f) {
			paths = append(paths, f)
		}
	}
	sort.Strings(paths)
	sel := l.selection()
	var missed []string
	for _, p := range paths {
		var ignored []diag.Diagnostic
		if a := l.readArticle(p, &ignored); a != nil {
			if why, _, _ := sel.leaves(a); why != keptIn {
				continue
			}
		}
		missed = append(missed, p)
	}
	const named = 20 // then one line for the rest
	for i, p := range missed {
		if i == named {
			l.warnf(diag.Selection, BookFile, l.info.partsLine, "and %d more articles are in no part; add them to parts, or narrow include: or exclude:", len(missed)-named)
			break
		}
		l.warnf(diag.Selection, BookFile, l.info.partsLine, "%s is in no part, so it is not in the book: add it to a part's articles:, or to exclude: to leave it out", p)
	}
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func anyTag(have, want []string) bool {
	for _, h := range have {
		for _, w := range want {
			if strings.EqualFold(strings.TrimSpace(h), strings.TrimSpace(w)) {
				return true
			}
		}
	}
	return false
}

// identifierSpace is the UUID v5 namespace of book identifiers: fixed, so a
// book keeps its identifier across rebuilds and machines.
var identifierSpace = uuid.NewSHA1(uuid.NameSpaceURL, []byte("https://github.com/warraq/warraq/book"))

// DefaultIdentifier is the identifier of a book whose book.yaml gives none:
// urn:uuid: and a UUID v5 of its title and authors, bidi controls ignored.
func DefaultIdentifier(title string, authors []string) string {
	name := slug.StripInvisible(title) + "\x00" + strings.Join(authors, "\x00")
	return "urn:uuid:" + uuid.NewSHA1(identifierSpace, []byte(name)).String()
}

func (l *loader) meta(arts []*Article) Meta {
	c := l.cfg
	m := Meta{
		Title: c.Title, Subtitle: c.Subtitle, Authors: c.Author, Publisher: c.Publisher,
		Language: c.Language, Direction: c.Direction, Identifier: c.Identifier,
		Date: l.info.date, Rights: c.Rights, Description: c.Description, Subjects: c.Subjects,
		NativeDigits: c.Digits == "arabic-indic",
	}
	for _, d := range c.Dates {
		m.Calendars = append(m.Calendars, locale.Calendar(d))
	}
	if m.Title == "" {
		m.Title = filepath.Base(l.root)
	}
	if m.Identifier == "" {
		m.Identifier = DefaultIdentifier(m.Title, m.Authors)
	}
	m.Slug = c.Slug
	if m.Slug == "" {
		m.Slug = slug.Make(m.Title)
	}
	if m.Slug == "" {
		m.Slug = slug.Make(filepath.Base(l.root))
	}
	if m.Slug == "" {
		m.Slug = "book"
	}
	return m
}

// NoDate is the timestamp a format that requires one (the EPUB's
// dcterms:modified, its zip entries) writes for a book without any date:
// the oldest a zip entry can carry. Load warns when a book has no date.
var NoDate = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)

// modified sets Book.Modified: the Epoch option (SOURCE_DATE_EPOCH), else
// the newest article date, else the book's date; never the clock. With
// none of them it stays zero, and the book is said to have no date.
func (l *loader) modified(b *Book) {
	if !l.opt.Epoch.IsZero() {
		b.Modified = l.opt.Epoch.UTC()
		return
	}
	for _, a := range b.Articles {
		if a.Date.After(b.Modified) {
			b.Modified = a.Date
		}
	}
	if b.Modified.IsZero() {
		b.Modified = l.info.date
	}
	if b.Modified.IsZero() {
		l.warnf(diag.NoDate, BookFile, 0, "the book has no date: give book.yaml a date: (or the articles theirs, or set SOURCE_DATE_EPOCH); "+
			"until then neither file gives a publication or creation date, and the EPUB's modification time, which EPUB requires, is %s",
			NoDate.Format("2006-01-02T15:04:05Z"))
	}
}
