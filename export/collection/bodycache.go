package collection

import (
	"strconv"
	"unicode"

	"github.com/warraq/warraq/export/diag"
	"github.com/warraq/warraq/export/doc"
	"github.com/warraq/warraq/export/markdown"
	"github.com/warraq/warraq/internal/cache"
	"github.com/warraq/warraq/internal/cache/wire"
)

// Reading an article's body (goldmark's parse, the lowering into the
// document model, the mixed-script pass) is the loader's largest cost: a
// sixth of the CPU of a rebuild of a 1,000-article book after one edit
// (0.53 s of 3.3 s), when every other step found its work in the cache. So what markdown.Read returns is
// kept in the build cache too, under the SHA-256 of everything it is made
// from: this Warraq (a build of other code never reads the entry), the
// article's path (the diagnostics name it, the image hook resolves against
// it), its body's bytes and first line, its language and the front
// matter's title. The entry holds the title a leading heading gave, the
// diagnostics in their order, the images the body asked the hook about,
// and the model (doc.Encode). A hit asks the hook again about the same
// images with the same lines, so the article records the files to load as
// a read records them; the hook's warnings are among the stored
// diagnostics already. A damaged entry, or one the hook now answers
// otherwise, is a miss.

// bodyCacheVersion changes whenever a body entry's key or contents change
// meaning.
const bodyCacheVersion = 2

// bodyFacts are what the loader finds in a body once it is read, kept in
// its entry with it: finding them walks every character of the text.
type bodyFacts struct {
	words int
	chars []doc.CharUse
	alt   []rune
}

func factsOf(d *doc.Document) bodyFacts {
	var f bodyFacts
	f.words, f.chars, f.alt = doc.Facts(d)
	return f
}

// imageCall is one question the body asked the image hook, and its answer.
type imageCall struct {
	src  string
	line int
	used bool
}

// bodyKey is the key of article a's body entry; false when there is no
// cache, or no executable's identity to key it by.
func (l *loader) bodyKey(a *Article) ([32]byte, bool) {
	id := cache.BuildID()
	if l.opt.Cache == nil || id == nil {
		return [32]byte{}, false
	}
	return cache.Key([]byte("doc-body"), strconv.AppendInt(nil, bodyCacheVersion, 10), id,
		[]byte(a.Path), a.source, strconv.AppendInt(nil, int64(a.BodyLine), 10), []byte(a.Lang), []byte(a.Title)), true
}

// readMarkdown is markdown.Read of article a's body, from the cache when
// it holds it.
func (l *loader) readMarkdown(a *Article) (markdown.Result, bodyFacts) {
	key, cached := l.bodyKey(a)
	if cached {
		if res, facts, ok := l.cachedBody(a, key); ok {
			return res, facts
		}
	}
	if l.opt.Probe != nil {
		l.opt.Probe("markdown", a.Path)
	}
	var calls []imageCall
	res := markdown.Read(markdown.Source{
		File: a.Path, Text: a.source, Line: a.BodyLine, Lang: a.Lang, Title: a.Title,
		Image: func(src string, line int, d diag.List) bool {
			used := a.useImage(src, line, d)
			calls = append(calls, imageCall{src, line, used})
			return used
		},
	})
	facts := factsOf(res.Doc)
	if cached {
		if data, ok := encodeBody(res, facts, calls); ok {
			l.opt.Cache.Put(key, data)
		}
	}
	return res, facts
}

// cachedBody returns the body kept under key, having asked a's image
// hook what the read asked it.
func (l *loader) cachedBody(a *Article, key [32]byte) (markdown.Result, bodyFacts, bool) {
	data, ok := l.opt.Cache.Get(key)
	if !ok {
		return markdown.Result{}, bodyFacts{}, false
	}
	res, facts, calls, ok := decodeBody(data)
	if !ok {
		return markdown.Result{}, bodyFacts{}, false
	}
	var scratch []diag.Diagnostic // the hook's warnings: res has them
	images := len(a.images)
	for _, c := range calls {
		if a.useImage(c.src, c.line, diag.List{File: a.Path, Diags: &scratch}) != c.used {
			a.images = a.images[:images]
			return markdown.Result{}, bodyFacts{}, false
		}
	}
	return res, facts, true
}

// encodeBody writes a body entry; false when the model cannot be written
// (doc.Encode).
func encodeBody(res markdown.Result, facts bodyFacts, calls []imageCall) ([]byte, bool) {
	w := wire.NewWriter(nil)
	w.Str(res.Title)
	w.Int(int64(res.TitleLine))
	w.Uint(uint64(len(res.Diagnostics)))
	for _, d := range res.Diagnostics {
		w.Str(d.File)
		w.Int(int64(d.Line))
		w.Int(int64(d.Column))
		w.Int(int64(d.Severity))
		w.Str(string(d.Code))
		w.Str(d.Message)
	}
	w.Uint(uint64(len(calls)))
	for _, c := range calls {
		w.Str(c.src)
		w.Int(int64(c.line))
		w.Bool(c.used)
	}
	w.Uint(uint64(facts.words))
	w.Uint(uint64(len(facts.chars)))
	for _, c := range facts.chars {
		w.Uint(uint64(c.R))
		w.Int(int64(c.Line))
	}
	w.Uint(uint64(len(facts.alt)))
	for _, r := range facts.alt {
		w.Uint(uint64(r))
	}
	if !doc.Encode(&w, res.Doc) {
		return nil, false
	}
	return w.Data(), true
}

// decodeBody reads what encodeBody wrote; false when it is damaged.
func decodeBody(data []byte) (markdown.Result, bodyFacts, []imageCall, bool) {
	r := wire.NewReader(data)
	res := markdown.Result{Title: r.Str(), TitleLine: int(r.Int())}
	// A diagnostic takes six bytes at least, an image call three.
	if n := r.CountOf(6); n > 0 {
		res.Diagnostics = make([]diag.Diagnostic, n)
		for i := range res.Diagnostics {
			res.Diagnostics[i] = diag.Diagnostic{File: r.Str(), Line: int(r.Int()), Column: int(r.Int()),
				Severity: diag.Severity(r.Int()), Code: diag.Code(r.Str()), Message: r.Str()}
		}
	}
	var calls []imageCall
	if n := r.CountOf(3); n > 0 {
		calls = make([]imageCall, n)
		for i := range calls {
			calls[i] = imageCall{src: r.Str(), line: int(r.Int()), used: r.Bool()}
		}
	}
	var facts bodyFacts
	facts.words = r.Index(len(data) + 1) // a word takes a byte at least
	if n := r.CountOf(2); n > 0 {        // a character and its line, two bytes at least
		facts.chars = make([]doc.CharUse, n)
		for i := range facts.chars {
			facts.chars[i] = doc.CharUse{R: rune(r.Index(unicode.MaxRune + 1)), Line: int(r.Int())}
		}
	}
	if n := r.CountOf(1); n > 0 {
		facts.alt = make([]rune, n)
		for i := range facts.alt {
			facts.alt[i] = rune(r.Index(unicode.MaxRune + 1))
		}
	}
	res.Doc = doc.Decode(&r)
	if r.End() != nil || res.Doc == nil {
		return markdown.Result{}, bodyFacts{}, nil, false
	}
	return res, facts, calls, true
}
