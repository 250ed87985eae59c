package main

// initBook is the book.yaml `warraq init` writes (%s: the quoted title).
// Every key is optional; the commented ones show what can be set.
const initBook = `# book.yaml — إعدادات الكتاب. كل المفاتيح اختيارية: احذف ما لا تحتاج إليه.
# المرجع الكامل لكل مفتاح في README مشروع ورّاق.

title: %s
subtitle: مقالات مختارة
author: اسم الكاتب            # أو قائمة: [الكاتب الأول, الكاتب الثاني]
language: ar                  # رمز اللغة (BCP 47)؛ ومنه يُستنتج اتجاه الكتابة (rtl)
# publisher: اسم الناشر
# date: 2025-01-01            # تاريخ النشر
# rights: "© 2025 اسم الكاتب"
# description: نبذة قصيرة تظهر في بيانات الكتاب الإلكتروني.
# slug: my-book              # اسم ملفَّي الكتاب (my-book.epub وmy-book.pdf) بحروف لاتينية

# أي المقالات تدخل الكتاب (الافتراضي: كل ملفات Markdown في المجلد)
# include: ["**/*.md"]
# exclude: ["drafts/**"]
# tags: [أدب]                 # المقالات التي تحمل أحد هذه الوسوم فقط
# since: 2024-01-01
# until: 2024-12-31

order: date                   # date | date-desc | title | weight | manual
parts: none                   # none | year | month | tag | قائمة أبواب بعناوينها

# cover: generated            # أو مسار صورة: images/cover.jpg
# style: style.css            # ملف CSS يُضاف بعد أسلوب ورّاق في EPUB والنسخة الإلكترونية للويب
# templates: templates        # مجلد قوالب تحلّ محلّ قوالب ورّاق بأسمائها (warraq init --templates)
# fonts:
#   body: Amiri               # اسم خط مضمَّن (warraq fonts) أو مسار ملف TTF/OTF
#   heading: Noto Kufi Arabic

pdf:
  size: A5                    # A5 | A4 | B5 | Letter | 6x9 | 148mmx210mm
  font-size: 11
`

// initArticle is the example article `warraq init` writes.
const initArticle = `---
title: كيف تبدأ كتابك
date: 2025-01-01
tags: [بداية]
---

هذه مقالة أولى تركها لك «ورّاق» لتبدأ منها: عدّلها أو احذفها، ثم ضع مقالاتك بجانبها في المجلد نفسه. كل ملف Markdown هنا يصير فصلًا من فصول الكتاب.

## ما الذي يحتاج إليه الكتاب؟

يكفي أن يحمل كل ملف في رأسه عنوانًا وتاريخًا، بين سطرين من ثلاث شَرطات كما ترى أعلى هذه المقالة. أما ما يخص الكتاب كله، كعنوانه واسم مؤلفه وترتيب مقالاته، فمكانه الملف ` + "`book.yaml`" + `.

- رتّب المقالات بتاريخها، أو بعناوينها، أو بقائمة تكتبها بيدك.
- قسّم الكتاب أبوابًا بحسب السنة أو الشهر أو الوسم.
- ضع الصور في مجلد الكتاب واكتب مساراتها، فتظهر في النسختين معًا.

## من النص إلى الكتاب

شغّل هذا الأمر من مجلد الكتاب:

    warraq build

فتجد في المجلد ` + "`dist`" + ` نسختين: ملف **EPUB** للقارئات الإلكترونية، وملف **PDF** للطباعة والقراءة على الشاشة. وإن أردت أن تطمئن إلى نصوصك قبل البناء، فاكتب ` + "`warraq check`" + `.

> كان الورّاق في بغداد القديمة ينسخ الكتب ويبيعها في سوقه؛ وهذه الأداة تنسخ مقالاتك كتابًا.
`

// templatesReadme is written beside the templates `warraq init --templates`
// copies out (.txt: a .md file there would be taken for an article).
const templatesReadme = `These are Warraq's built-in templates, copied out for this book.

book.yaml's "templates: templates" makes Warraq use a file here in place of the
built-in template of the same name. Delete the files you do not change: the
book then keeps the built-in ones, and the improvements each Warraq release
brings to them.

  *.xhtml, content.opf, toc.ncx, container.xml   the EPUB's documents
  book.css                                        the stylesheet of the EPUB and the web edition
  *.html, web.css                                 the web edition's pages (warraq build --format html)

Templates are Go html/template files ({{.Article.Title}}); the data each one
reads is described in Warraq's README. A mistake is reported with its file and
line by warraq check and warraq build. For a few rules of your own, book.yaml's
"style: style.css" is simpler than replacing book.css.
`
