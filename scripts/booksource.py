#!/usr/bin/env python3
"""Writes the text a reader should be able to copy out of a Warraq book, in book order.

usage: booksource.py MANIFEST.json > book.md

Reads the manifest of `warraq build --json` and the EPUB it lists, and writes each
article's text as the EPUB holds it: title, subtitle, byline, then the body and its notes
(not the tags, which the PDF prints only with pdf.tags).
The EPUB and the PDF say the same words (the Go test export/sametext_test.go holds them to
it), so extractscore.py and shapecheck.py can compare the PDF against this text without
guessing what Markdown syntax reaches the page.
"""
import html.parser, json, re, sys, zipfile

BLOCKS = {"p", "div", "li", "td", "th", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote",
          "figure", "figcaption", "dt", "dd", "aside", "section", "table", "ul", "ol", "header", "br"}


class Text(html.parser.HTMLParser):
    """Collects an article document's text, one block per line, skipping what is not text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out, self.skip, self.article = [], 0, False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag == "body" and "article" in classes:
            self.article = True
        # Tags are metadata: the PDF prints them only with pdf.tags.
        if self.skip or {"backlink", "article-source", "article-tags"} & set(classes) or tag in ("head", "script", "style"):
            self.skip += 1
        if tag in BLOCKS:
            self.out.append("\n")

    def handle_endtag(self, tag):
        if self.skip:
            self.skip -= 1
        if tag in BLOCKS:
            self.out.append("\n")

    def handle_startendtag(self, tag, attrs):
        if tag in BLOCKS:
            self.out.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.out.append(data)


manifest = json.load(open(sys.argv[1], encoding="utf-8"))
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
            text = re.sub(r"[ \t]+", " ", "".join(p.out))
            out.append(re.sub(r"\n\s*\n+", "\n\n", text).strip())
sys.stdout.write("\n\n".join(out) + "\n")
