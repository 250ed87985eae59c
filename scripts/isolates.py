#!/usr/bin/env python3
"""Lists, one a line, the left-to-right stretches an EPUB of Warraq's sets apart that cannot
break across lines: every no-wrap span (a name and its version, a hyphenated token) and every
one-word isolate (C++, .NET, HarfBuzz), without Arabic or Hebrew letters. They are what the
mixed-script pass isolated, for mixedcheck.py to find, each read as typed, in the PDF.

usage: isolates.py BOOK.epub
"""
import html, re, sys, zipfile

found = set()
with zipfile.ZipFile(sys.argv[1]) as z:
    for name in z.namelist():
        if not (name.startswith('OEBPS/text/') and name.endswith('.xhtml')):
            continue
        page = z.read(name).decode('utf-8')
        for m in re.finditer(r'<span dir="ltr"( class="nowrap")?>([^<]*)</span>', page):
            text = html.unescape(m.group(2))
            if re.search(r'[\u0590-\u08FF\uFB1D-\uFEFF]', text):
                continue
            if m.group(1) or not re.search(r'[\s/\-]', text):
                found.add(text)
print('\n'.join(sorted(found)))
