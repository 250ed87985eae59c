#!/usr/bin/python3
"""Where a PDF's pages end, for scripts/typography.sh.

usage: pagecheck.py PDF [--line PT]

Finds the body (the pages from the one labelled 1 on; from the first opening
when no page is), the openings (where the outline's first two levels land) and each page's
last baseline (the lowest origin of a character with ink, running heads and
folios aside since they sit at the top). A page is full when it is a body page
with text that is not an opening, not the last page with text before one
and not the last.
Facing pages are an even page and the odd one after it. Prints:
  front=N
  fill: pages=N short=S   (full pages whose last baseline is more than two body
        lines, --line PT each (default 18.7: 11 pt at 1.7), above the lowest)
  spreads: pairs=P aligned=A worst=W pt   (pairs of full facing pages; aligned:
           last baselines within 0.65 pt, Warraq's extraction nudge being 0.6)
linegaps.py counts page fill the same way but takes a blank verso before a
part title for the page before the opening, so it counts the article's last
page before it as short.
"""
import sys
import pikepdf
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTChar, LTContainer


def chars(o):
    if isinstance(o, LTChar):
        yield o
    elif isinstance(o, LTContainer):
        for c in o:
            yield from chars(c)


def openings(pdf):
    pages = {p.objgen: i for i, p in enumerate(pdf.pages)}
    root = pdf.Root
    out = set()

    def page_of(it):
        d = it.destination
        if d is None and it.action is not None and '/D' in it.action:
            d = it.action.D
        try:
            if isinstance(d, pikepdf.Name) and '/Dests' in root:
                d = root.Dests[d]
            elif isinstance(d, pikepdf.String) and '/Names' in root:
                d = pikepdf.NameTree(root.Names.Dests)[str(d)]
            if isinstance(d, pikepdf.Dictionary):
                d = d.D
            return pages.get(d[0].objgen)
        except Exception:
            return None
    with pdf.open_outline() as ol:
        for top in ol.root:
            for it in [top] + list(top.children):
                n = page_of(it)
                if n is not None:
                    out.add(n)
    return out


def main():
    path = sys.argv[1]
    line = float(sys.argv[sys.argv.index('--line') + 1]) if '--line' in sys.argv else 11 * 1.7
    pdf = pikepdf.open(path)
    n = len(pdf.pages)
    front = 0
    for i, p in enumerate(pdf.pages):
        if p.label in ('1', '\u0661', '\u06f1'):
            front = i
            break
    opens = openings(pdf)
    last = {}
    for i, page in enumerate(extract_pages(path)):
        ys = [c.matrix[5] for c in chars(page) if c.get_text().strip()]
        if ys:
            last[i] = min(ys)
    if front == 0 and opens:
        front = min(opens)  # no page labelled 1: the body starts at the first opening

    def next_text(i):  # the next page with text: a blank verso may stand before an opening
        j = i + 1
        while j < n and j not in last:
            j += 1
        return j
    full = {i for i in range(front, n)
            if i in last and i not in opens and next_text(i) < n and next_text(i) not in opens}
    pairs = aligned = 0
    worst = 0.0
    for i in sorted(full):
        if (i + 1) % 2 == 0 and i + 1 in full:  # page i+1 (1-based) even, faces i+2
            pairs += 1
            d = abs(last[i] - last[i + 1])
            worst = max(worst, d)
            if d <= 0.65:
                aligned += 1
    short = 0
    if full:
        foot = min(last[i] for i in full)
        short = sum(1 for i in full if last[i] - foot > 2 * line)
    print(f'front={front}')
    print(f'fill: pages={len(full)} short={short}')
    print(f'spreads: pairs={pairs} aligned={aligned} worst={worst:.2f} pt')


if __name__ == '__main__':
    main()
