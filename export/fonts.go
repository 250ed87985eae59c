package export

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/warraq/warraq/export/collection"
	"github.com/warraq/warraq/export/diag"
	"github.com/warraq/warraq/export/text"
	"github.com/warraq/warraq/fonts"
)

// fontSpec is the font set a book asks for: book.yaml's families (names,
// files, or the files of each face) over the defaults of the book's
// language, and the other languages of its articles and spans, which may
// have families of their own (Urdu in Nastaliq).
func fontSpec(b *collection.Book, uses []modelUses) text.Spec {
	f := b.Config.Fonts
	spec := text.Spec{Lang: b.Config.Language, Root: b.Root}
	for _, r := range []struct {
		key string
		val string
		dst *text.FamilySpec
	}{{"body", f.Body, &spec.Body}, {"heading", f.Heading, &spec.Heading}, {"mono", f.Mono, &spec.Mono}} {
		if _, given := f.Lines[r.key]; !given {
			continue // the language's default, chosen by the font set
		}
		switch faces := f.Faces[r.key]; {
		case faces != nil:
			r.dst.Files = map[fonts.Style]string{}
			for st := fonts.Regular; st <= fonts.BoldItalic; st++ {
				if file := faces[st.String()]; file != "" {
					r.dst.Files[st] = file
				}
			}
		case isFontFile(r.val):
			r.dst.Files = map[fonts.Style]string{fonts.Regular: r.val}
		default:
			r.dst.Family = r.val
		}
	}
	seen := map[string]bool{b.Config.Language: true}
	add := func(l string) {
		if l != "" && !seen[l] {
			seen[l] = true
			spec.Langs = append(spec.Langs, l)
		}
	}
	for i, a := range b.Articles {
		add(a.Lang)
		for _, l := range uses[i].langs {
			add(l)
		}
	}
	slices.Sort(spec.Langs)
	return spec
}

// modelUses is what the fonts are chosen and checked by in an article's
// model (fontSpec, missingStyles): the languages its spans and divisions
// are marked in, and the styles of the body face it asks for, each with
// what asks for it, in the order the model asks.
type modelUses struct {
	langs  []string
	styles []collection.StyleUse
}

// articleUses is what each of b's articles' models uses, as the articles
// found it when their models were set (collection.Article.ModelLangs,
// ModelStyles), without decoding the models.
func articleUses(b *collection.Book) []modelUses {
	out := make([]modelUses, len(b.Articles))
	for i, a := range b.Articles {
		out[i] = modelUses{langs: a.ModelLangs(), styles: a.ModelStyles()}
	}
	return out
}

// isFontFile is the loader's rule: a family name never ends in .ttf/.otf.
func isFontFile(s string) bool {
	ext := strings.ToLower(filepath.Ext(s))
	return ext == ".ttf" || ext == ".otf"
}

// missingStyles warns, at the book.yaml line of each family book.yaml
// chose, about the styles the book uses that the family has no face for,
// and says what is drawn instead. Body text uses bold where it has strong
// text or notes, italic where it has emphasis or subtitles, both where
// they nest; headings and titles are bold; code is regular.
func missingStyles(b *collection.Book, fs *text.FontSet, uses []modelUses) []diag.Diagnostic {
	used := map[text.Role]map[fonts.Style]string{
		text.Body:    {fonts.Regular: "text"},
		text.Heading: {fonts.Bold: "headings and titles"},
		text.Mono:    {fonts.Regular: "code"},
	}
	useBody := func(st fonts.Style, what string) {
		if _, ok := used[text.Body][st]; !ok {
			used[text.Body][st] = what
		}
	}
	if b.Meta.Subtitle != "" {
		useBody(fonts.Italic, "subtitles")
	}
	for i, a := range b.Articles {
		if a.Subtitle != "" {
			useBody(fonts.Italic, "subtitles")
		}
		for _, u := range uses[i].styles {
			useBody(u.Style, u.What)
		}
	}
	var out []diag.Diagnostic
	for _, role := range []text.Role{text.Body, text.Heading, text.Mono} {
		for st := fonts.Regular; st <= fonts.BoldItalic; st++ {
			what, ok := used[role][st]
			if !ok {
				continue
			}
			drawn, missing := fs.Missing(role, st)
			if !missing {
				continue
			}
			key := role.String()
			out = append(out, diag.Diagnostic{File: collection.BookFile, Line: b.Config.Fonts.Lines[key],
				Severity: diag.Warning, Code: diag.FontStyle,
				Message: fmt.Sprintf("fonts.%s: %s has no %s face, for %s: its %s face is drawn instead (give fonts.%s.%s: a font file)",
					key, fs.Family(role), st, what, drawn, key, st)})
		}
	}
	return out
}
