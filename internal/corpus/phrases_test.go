package corpus

import (
	"flag"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

var update = flag.Bool("update", false, "rewrite phrases/LANG.txt from each kit's source collection")

var (
	reLink    = regexp.MustCompile(`!?\[([^\]]*)\]\([^)]*\)`)
	reFootRef = regexp.MustCompile(`\[\^[^\]]+\]`)
	reAttr    = regexp.MustCompile(`\s*\{#[^}]*\}`)
	// A list item's marker, and a task list's box after it.
	reListMark = regexp.MustCompile(`^\s*(?:[-*+]|\d+\.)\s+(?:\[[ xX]\]\s+)?`)
	// Inline raw HTML tags go; the text between them stays.
	reTag = regexp.MustCompile(`</?[A-Za-z][^>]*>`)
	// A sentence ends at . ? ! (Arabic, Urdu or Latin), possibly followed by a
	// closing quote, and then a space.
	reSentenceEnd = regexp.MustCompile(`[.؟?!۔]"?\s+`)
	// An initial ("C. F. Rühl") ends no sentence.
	reInitial = regexp.MustCompile(`(?:^|\s)\p{Lu}\.\s+$`)
)

// extractPhrases splits sample articles into headings (titles and ## / ###
// headings) and sentences written in script, dropping code, tables, images,
// footnote definitions and fragments, and removing inline markup, raw HTML
// tags, backslash escapes and entities.
func extractPhrases(files map[string][]byte, script *unicode.RangeTable) (headings, sentences []string) {
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	seen := map[string]bool{}
	add := func(list *[]string, s string) {
		if s != "" && !seen[s] {
			seen[s] = true
			*list = append(*list, s)
		}
	}
	for _, name := range names {
		text := strings.ReplaceAll(string(files[name]), "\r\n", "\n")
		if rest, ok := strings.CutPrefix(text, "---\n"); ok {
			if fm, body, ok := strings.Cut(rest, "\n---\n"); ok {
				for _, line := range strings.Split(fm, "\n") {
					k, v, _ := strings.Cut(line, ":")
					if k == "title" || k == "subtitle" {
						add(&headings, strings.Trim(strings.TrimSpace(v), `"`))
					}
				}
				text = body
			}
		}
		inCode := false
		for _, line := range strings.Split(text, "\n") {
			t := strings.TrimSpace(line)
			if strings.HasPrefix(t, "```") {
				inCode = !inCode
				continue
			}
			if inCode || t == "" || strings.HasPrefix(t, "|") || strings.HasPrefix(t, "![") || strings.HasPrefix(t, "[^") {
				continue
			}
			if strings.HasPrefix(t, "#") {
				add(&headings, clean(reAttr.ReplaceAllString(strings.TrimLeft(t, "# "), "")))
				continue
			}
			t = strings.TrimSpace(strings.TrimLeft(t, ">"))
			t = reListMark.ReplaceAllString(t, "")
			t = clean(t)
			for _, s := range splitSentences(t) {
				if goodSentence(s, script) {
					add(&sentences, s)
				}
			}
		}
	}
	return headings, sentences
}

func clean(s string) string {
	s = reLink.ReplaceAllString(s, "$1")
	s = reFootRef.ReplaceAllString(s, "")
	s = reTag.ReplaceAllString(s, "")
	s = html.UnescapeString(stripMarkup(s))
	return strings.Join(strings.Fields(s), " ")
}

// stripMarkup drops the emphasis and code marks * and ` and keeps a
// backslash-escaped character as the character itself: the generator
// escapes its text again when it writes Markdown.
func stripMarkup(s string) string {
	var b strings.Builder
	escaped := false
	for _, r := range s {
		switch {
		case escaped:
			b.WriteRune(r)
			escaped = false
		case r == '\\':
			escaped = true
		case r == '*' || r == '`':
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func splitSentences(s string) []string {
	var out []string
	from := 0 // where the search for the sentence's end resumes, past initials
	for {
		loc := reSentenceEnd.FindStringIndex(s[from:])
		if loc == nil {
			break
		}
		end := from + loc[1]
		if reInitial.MatchString(s[:end]) {
			from = end
			continue
		}
		out = append(out, strings.TrimSpace(s[:end]))
		s, from = s[end:], 0
	}
	if s = strings.TrimSpace(s); s != "" {
		out = append(out, s)
	}
	return out
}

// goodSentence keeps complete sentences in script of at least five words
// whose quotes and brackets balance and that do not open with a "label:" or,
// in a script with cases, a small letter, so that shuffling them cannot
// unbalance markup.
func goodSentence(s string, script *unicode.RangeTable) bool {
	// "الأمان: فالحبر ..." is a list item's label and its gloss, not prose.
	if head, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(head, " ") {
		return false
	}
	// A list item that continues the sentence before the list ("- pocket
	// dictionaries, of which ...") is no sentence of its own.
	if r, _ := utf8.DecodeRuneInString(s); unicode.IsLower(r) {
		return false
	}
	if len(strings.Fields(s)) < 5 || strings.Count(s, `"`)%2 != 0 || strings.Count(s, "(") != strings.Count(s, ")") {
		return false
	}
	last := []rune(strings.TrimRight(s, `"`))
	if len(last) == 0 || !strings.ContainsRune(".؟?!۔", last[len(last)-1]) {
		return false
	}
	for _, r := range s {
		if unicode.Is(script, r) {
			return true
		}
	}
	return false
}

// kitPhrases extracts the phrases of k's source collection as phrases/LANG.txt holds them.
func kitPhrases(t *testing.T, k *kit) string {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("../..", k.source, "*.md"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("%s: no articles found in %s: %v", k.lang, k.source, err)
	}
	files := map[string][]byte{}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		files[filepath.Base(p)] = b
	}
	h, s := extractPhrases(files, k.script)
	var b strings.Builder
	fmt.Fprintf(&b, "# Headings (h) and sentences (s) of %s/*.md; regenerate with\n", k.source)
	b.WriteString("# go test ./internal/corpus -run TestPhrasesUpToDate -update\n")
	for _, x := range h {
		b.WriteString("h\t" + x + "\n")
	}
	for _, x := range s {
		b.WriteString("s\t" + x + "\n")
	}
	return b.String()
}

// The embedded phrases must follow their collections: an edit that is not
// regenerated would make the corpus drift from what users see.
func TestPhrasesUpToDate(t *testing.T) {
	for _, lang := range Languages() {
		k := kits[lang]
		want := kitPhrases(t, k)
		file := filepath.Join("phrases", lang+".txt")
		if *update {
			if err := os.WriteFile(file, []byte(want), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := phraseFiles.ReadFile("phrases/" + lang + ".txt")
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != want {
			t.Errorf("%s is stale: run go test ./internal/corpus -run TestPhrasesUpToDate -update", file)
		}
	}
}

// Every kit has enough phrases for articles that do not repeat themselves at once.
func TestKitsHavePhrases(t *testing.T) {
	for _, lang := range Languages() {
		ph := kits[lang].phrases()
		if len(ph.headings) < 10 || len(ph.sentences) < 30 {
			t.Errorf("%s: %d headings, %d sentences", lang, len(ph.headings), len(ph.sentences))
		}
	}
}

func TestExtractPhrases(t *testing.T) {
	src := map[string][]byte{"a.md": []byte(`---
title: عنوان المقالة
subtitle: "عنوان فرعي"
---

فقرة أولى فيها **كلمة** و[رابط](b.md) وحاشية.[^1] ثم جملة ثانية تنتهي بسؤال طويل؟ وبقية

## قسم {#sec}

- عنصر في قائمة يكفي طوله ليكون جملة.
> اقتباس قصير لكنه جملة تامة هنا.

` + "```sh\necho نص برمجي لا يدخل في الجمل أبدًا.\n```" + `
| خانة | في جدول لا تدخل أيضًا. |
[^1]: حاشية لا تدخل في الجمل لأنها تعريف.
`)}
	h, s := extractPhrases(src, unicode.Arabic)
	wantH := []string{"عنوان المقالة", "عنوان فرعي", "قسم"}
	wantS := []string{
		"فقرة أولى فيها كلمة ورابط وحاشية.",
		"ثم جملة ثانية تنتهي بسؤال طويل؟",
		"عنصر في قائمة يكفي طوله ليكون جملة.",
		"اقتباس قصير لكنه جملة تامة هنا.",
	}
	if strings.Join(h, "|") != strings.Join(wantH, "|") {
		t.Errorf("headings = %q, want %q", h, wantH)
	}
	if strings.Join(s, "|") != strings.Join(wantS, "|") {
		t.Errorf("sentences = %q, want %q", s, wantS)
	}
}

// What the other languages' collections add: Urdu full stops, task lists,
// inline and block raw HTML, escapes, entities, initials, a quotation in
// another script, and list items that continue a sentence.
func TestExtractPhrasesOtherScripts(t *testing.T) {
	ur := map[string][]byte{"a.md": []byte(`یہ پہلا جملہ ہے جو ختم ہوتا ہے۔ یہ دوسرا جملہ ہے جو بھی ختم ہوتا ہے۔

- [x] یہ ایک مکمل کام ہے جو فہرست میں ہے۔
- [ ] یہ ایک نامکمل کام ہے جو فہرست میں ہے۔

<abbr title="Portable Document Format">PDF</abbr> میں ستارہ (\*) اور &amp; اور &copy; ملتے ہیں۔

<div dir="ltr" lang="en">

An English sentence inside the div is not Urdu.

</div>
`)}
	_, s := extractPhrases(ur, unicode.Arabic)
	want := []string{
		"یہ پہلا جملہ ہے جو ختم ہوتا ہے۔",
		"یہ دوسرا جملہ ہے جو بھی ختم ہوتا ہے۔",
		"یہ ایک مکمل کام ہے جو فہرست میں ہے۔",
		"یہ ایک نامکمل کام ہے جو فہرست میں ہے۔",
		"PDF میں ستارہ (*) اور & اور © ملتے ہیں۔",
	}
	if strings.Join(s, "|") != strings.Join(want, "|") {
		t.Errorf("Urdu sentences = %q, want %q", s, want)
	}

	en := map[string][]byte{"a.md": []byte(`The type was cast by C. F. Rühl in Leipzig long ago. What I look for:

- pocket dictionaries, of which I never have enough.

<div dir="rtl" lang="ar">

جملة عربية داخل الكتلة ليست من الإنجليزية.

</div>
`)}
	_, s = extractPhrases(en, unicode.Latin)
	want = []string{"The type was cast by C. F. Rühl in Leipzig long ago."}
	if strings.Join(s, "|") != strings.Join(want, "|") {
		t.Errorf("English sentences = %q, want %q", s, want)
	}
}
