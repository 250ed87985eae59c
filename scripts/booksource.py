#!/usr/bin/env python3
"""Writes the text a reader should be able to copy out of a Warraq book, in book order.

usage: booksource.py [--notes end|page] MANIFEST.json > book.md

Reads the manifest of `warraq build --json` and the EPUB it lists, and writes each
article's text as the EPUB holds it: title, subtitle, byline, then the body and its notes
(not the tags, which the PDF prints only with pdf.tags).
The EPUB and the PDF say the same words (the Go test export/sametext_test.go holds them to
it), so extractscore.py and shapecheck.py can compare the PDF against this text without
guessing what Markdown syntax reaches the page.

Where the notes go:
  --notes end   (default) after the article's body, where the EPUB has them: the logical
                order, which the PDF's structure tree keeps (pdfua.py's struct-text).
  --notes page  at the foot of the page that holds their reference, where the PDF prints
                them and where copying a page's text meets them: each note is read at the
                first print-page break (the EPUB's epub:type="pagebreak" markers, which
                say where each page of the PDF begins) after its reference, or at the
                article's end when no break follows. The same rule for every book and
                language; an EPUB built without the PDF has no page breaks, and then it
                is the same as --notes end.
"""
import html.parser, json, re, sys, zipfile

BLOCKS = {"p", "div", "li", "td", "th", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote",
          "figure", "figcaption", "dt", "dd", "aside", "section", "table", "ul", "ol", "header", "br"}


class Text(html.parser.HTMLParser):
    """Collects an article document's text, one block per line, skipping what is not text.

    out holds strings, and ("ref", id) at each note reference and ("page",) at each
    print-page break; notes maps a note's id to its text, which out lacks."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out, self.skip, self.article = [], 0, False
        self.notes, self.note, self.depth = {}, None, 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        types = (a.get("epub:type") or "").split()
        if tag == "body" and "article" in classes:
            self.article = True
        if self.note is None and "footnote" in types:
            self.note, self.depth, self.notes[a.get("id")] = a.get("id"), 0, []
        if self.note is not None:
            self.depth += 1
        if "noteref" in types and (a.get("href") or "").startswith("#"):
            self.out.append(("ref", a["href"][1:]))
        if "pagebreak" in types:
            self.out.append(("page",))
        # Tags are metadata: the PDF prints them only with pdf.tags.
        if self.skip or {"backlink", "article-source", "article-tags"} & set(classes) or tag in ("head", "script", "style"):
            self.skip += 1
        if tag in BLOCKS:
            self.emit("\n")

    def handle_endtag(self, tag):
        if self.skip:
            self.skip -= 1
        if tag in BLOCKS:
            self.emit("\n")
        if self.note is not None:
            self.depth -= 1
            if self.depth == 0:
                self.note = None

    def handle_startendtag(self, tag, attrs):
        if "pagebreak" in (dict(attrs).get("epub:type") or "").split():
            self.out.append(("page",))
        if tag in BLOCKS:
            self.emit("\n")

    def handle_data(self, data):
        if not self.skip:
            self.emit(data)

    def emit(self, s):
        (self.notes[self.note] if self.note is not None else self.out).append(s)

    def text(self, notes):
        """The document's text with its notes at the article's end or at the page's foot."""
        parts, pending = [], []
        for x in self.out:
            if isinstance(x, str):
                parts.append(x)
            elif x[0] == "ref" and x[1] in self.notes and x[1] not in pending:
                pending.append(x[1])
            elif x[0] == "page" and notes == "page":
                parts += ["\n"] + ["".join(self.notes.pop(n)) for n in pending] + ["\n"]
                pending = []
        # The rest, in document order, where the EPUB has them.
        parts += ["\n"] + ["".join(t) for t in self.notes.values()]
        return "".join(parts)


args = sys.argv[1:]
notes = "end"
if len(args) == 3 and args[0] == "--notes" and args[1] in ("end", "page"):
    notes, args = args[1], args[2:]
if len(args) != 1:
    sys.exit("usage: booksource.py [--notes end|page] MANIFEST.json")
manifest = json.load(open(args[0], encoding="utf-8"))
epub = [o["path"] for o in manifest["outputs"] if o["format"] == "epub"]
if not epub:
    sys.exit("booksource.py: the manifest lists no EPUB (build with --format epub,pdf)")
with zipfile.ZipFile(epub[0]) as z:
    opf = z.read("OEBPS/content.opf").decode("utf-8")
    hrefs = dict(re.findall(r'<item [^>]*id="([^"]+)"[^>]*href="([^"]+)"', opf))
    out = []
    for idref in re.findall(r'<itemref [^>]*idref="([^"]+)"', opf):
        p = Text()
        p.feed(z.read("OEBPS/" + hrefs[idref]).decode("utf-8"))
        if p.article:
            text = re.sub(r"[ \t]+", " ", p.text(notes))
            out.append(re.sub(r"\n\s*\n+", "\n\n", text).strip())
sys.stdout.write("\n\n".join(out) + "\n")
