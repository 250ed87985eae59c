package epub

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"

	"github.com/warraq/warraq/export/collection"
	"github.com/warraq/warraq/export/cover"
	"github.com/warraq/warraq/export/diag"
	"github.com/warraq/warraq/export/text"
	"github.com/warraq/warraq/internal/testdir"
	"go.yaml.in/yaml/v3"
)

const bookYAML = `title: مقالات مختارة
subtitle: من عام ٢٠٢٥
author: [كاتب المقالات, "مؤلف <ثان> & \"آخر\""]
publisher: دار الورّاق
language: ar
date: 2025-06-01
rights: "© ٢٠٢٥"
description: مجموعة مقالات.
subjects: [أدب, مقالات]
parts:
  - title: الجزء الأول
    articles: [one.md, second.md]
  - title: الجزء الثاني
    articles: [en.md]
epub:
  toc-depth: 2
`

const articleOne = `---
title: المقالة الأولى
subtitle: عنوان فرعي
author: كاتب المقالات
date: 2025-01-02
tags: [تقنية, لغة]
---

## مقدمة

هذا نص عربي فيه *تأكيد* و**خط عريض** وكود ` + "`fmt.Println`" + ` داخل السطر.[^1]

Linux هو نظام تشغيل حر.

أحب البرمجة بلغة Go 1.22

> اقتباس من كتاب قديم.

1. الأول
2. الثاني
   - فرعي

- [x] مهمة منجزة
- [ ] مهمة باقية

| العمود | القيمة |
|:-------|-------:|
| أ      | ١      |

![صورة النخلة](img/palm.png "نخلة")

انظر [المقالة الثانية](second.md#qism) و[موقع](https://example.com/a%20b) و[سيئ](javascript:alert(1)).

<div onclick="x()"><p>فقرة <b>HTML</b></p><script>alert(1)</script><img src="img/palm.png"></div>

نص فيه <span style="direction:ltr" onmouseover="y()">وسم</span> و<iframe src="x"></iframe>.

` + "```go\nfunc main() { fmt.Println(\"<>&\") }\n```" + `

---

## خاتمة {#khatima}

كلام أخير.[^2] ومرة أخرى.[^1]

[^1]: حاشية أولى.
[^2]: حاشية ثانية فيها **تأكيد**.
`

const articleTwo = `---
title: المقالة الثانية
date: 2025-03-04
source: https://example.com/columns/2?a=1&b=2
---

## قسم {#qism}

مقالة ثانية: "اقتباس" بين علامتين، وعودة إلى [المقدمة](one.md#khatima).

### فرع

نص.
`

const articleThree = `---
title: An English article
lang: en
dir: ltr
---

## Introduction

An English article inside an Arabic book, with a word in Arabic: كتاب.
`

// testBook writes a small collection into a temporary directory and loads
// it, so the Book is exactly what the pipeline hands the packager.
func testBook(t testing.TB) *collection.Book { return testBookWith(t, nil) }

// testBookWith is testBook with the first article's text edited: each key
// of edits is replaced by its value.
func testBookWith(t testing.TB, edits map[string]string) *collection.Book {
	t.Helper()
	one := articleOne
	for old, repl := range edits {
		if !strings.Contains(one, old) {
			t.Fatalf("the test article has no %q", old)
		}
		one = strings.Replace(one, old, repl, 1)
	}
	dir := testdir.Write(t, map[string]string{
		"book.yaml": bookYAML, "one.md": one, "second.md": articleTwo, "en.md": articleThree,
		"img/palm.png": string(testPNG(t)),
	})
	return loadBook(t, dir)
}

func loadBook(t testing.TB, dir string) *collection.Book {
	t.Helper()
	b, err := collection.Load(dir, collection.Options{Formats: testFormats})
	if err != nil {
		t.Fatalf("load %s: %v", dir, err)
	}
	return b
}

func testPNG(t testing.TB) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 40, 30))
	for y := 0; y < 30; y++ {
		for x := 0; x < 40; x++ {
			img.Set(x, y, color.RGBA{uint8(x * 6), 120, uint8(y * 8), 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func testOptions(t testing.TB) job {
	fs, err := text.NewFontSet("", "", "", "")
	if err != nil {
		t.Fatal(err)
	}
	return job{
		Fonts: fs,
		Cover: &cover.Image{Data: testPNG(t), MediaType: "image/png", Width: 40, Height: 30},
	}
}

func writeBook(t testing.TB, b *collection.Book, opt job) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := write(&buf, b, opt); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// testFormats lets a test load books whose book.yaml has format sections,
// which export's registry decodes in real builds.
var testFormats = map[string]func(*yaml.Node, diag.List) any{
	"pdf":  func(*yaml.Node, diag.List) any { return nil },
	"epub": Renderer{}.Options,
}
