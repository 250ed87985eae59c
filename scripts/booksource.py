#!/usr/bin/env python3
"""Writes the text a reader should be able to copy out of a Warraq book, in book order.

usage: booksource.py MANIFEST.json COLLECTION_DIR > book.md

Reads the manifest of `warraq build --json` (articles in book order) and, for each article,
emits its title, subtitle and body with the Markdown syntax that never reaches the page
removed (link targets, image paths, footnote markers' brackets), so that extractscore.py and
shapecheck.py compare the PDF against what it really prints.
"""
import json, os, re, sys

manifest = json.load(open(sys.argv[1], encoding="utf-8"))
root = sys.argv[2]
out = []
for art in manifest["articles"]:
    text = open(os.path.join(root, art["path"]), encoding="utf-8-sig").read().replace("\r\n", "\n")
    title, subtitle = art.get("title", ""), ""
    m = re.match(r"^---\n(.*?)\n---\n", text, re.S)
    if m:
        for line in m.group(1).splitlines():
            k, _, v = line.partition(":")
            if k.strip() == "subtitle":
                subtitle = v.strip().strip('"')
        text = text[m.end():]
    text = re.sub(r"^#\s+.*\n", "", text, count=1) if not m else text
    # images -> the caption the book prints: the title when there is one, else the alt text
    text = re.sub(r'!\[([^\]]*)\]\(\S+(?:\s+"([^"]*)")?\)', lambda m: m.group(2) or m.group(1), text)
    text = re.sub(r"\]\([^)]*\)", "]", text)                         # links -> their text
    text = re.sub(r"\[\^([^\]]+)\]:?", r"\1", text)                  # footnote refs/defs -> number
    text = re.sub(r"^```.*$", "", text, flags=re.M)                  # fences
    text = re.sub(r"^\s*\|?[-:| ]+\|?\s*$", "", text, flags=re.M)    # table rules
    text = re.sub(r"\{[#.][^}]*\}", "", text)                        # attributes
    out.append(title)
    if subtitle:
        out.append(subtitle)
    out.append(text)
sys.stdout.write("\n".join(out))
