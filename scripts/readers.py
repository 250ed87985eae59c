#!/usr/bin/python3
"""Hold an EPUB's rendering in reading-system engines to Warraq's bars.

usage: readers.py OUTDIR BOOK.epub
OUTDIR is what ../shared/tools/rscheck.sh wrote for BOOK.epub (summary.json, spine.json,
mupdf.json, PNGs). Prints, per engine and document, the direction the text reads in (from
the ink, and for MuPDF from where the article's title sits), the font actually used and
whether it is one the book embeds, and for calibre's AZW3 conversion (kf8) each footnote
pop-up beside its note (kf8notes.py); then notes (fonts MuPDF fell back to), each failed
bar, and 'readers: P passed, F failed' last. Exits 1 when a bar fails or an engine did not run.
"""
import json, os, re, subprocess, sys, zipfile
import xml.etree.ElementTree as ET

out, book = sys.argv[1], sys.argv[2]
fails, notes, passed = [], [], 0


def bar(ok, what):
    global passed
    if ok:
        passed += 1
    else:
        fails.append(what)


def load(name):
    p = os.path.join(out, name)
    return json.load(open(p)) if os.path.exists(p) else None


summary, spine = load('summary.json'), load('spine.json')
if not summary or not spine:
    print(f'readers: rscheck wrote no summary in {out}')
    sys.exit(1)
rtl = spine.get('pageProgressionDirection') == 'rtl'
start = 'right' if rtl else 'left'
z = zipfile.ZipFile(book)
css = ''.join(z.read(n).decode() for n in z.namelist() if n.endswith('.css'))
families = set(re.findall(r'font-family:\s*"([^"]+)";\s*font-style', css))
docs = {d['name']: d for d in spine['spine']}


def kind(name):
    base = os.path.basename(name)
    for k in ('cover', 'titlepage', 'contents', 'part'):
        if base.startswith(k):
            return k
    return 'article'


def mupdf_title_side(p):
    """Which side the article's title (the page's largest type) hugs in MuPDF's layout."""
    sec = next((s for s in load('mupdf.json').get('sections', []) if s['name'] == p['id']), None)
    if sec is None:
        return '?'
    w, h = int(os.environ.get('RS_W', 600)) * 72 // 96, int(os.environ.get('RS_H', 860)) * 72 // 96
    r = subprocess.run(['mutool', 'draw', '-q', '-F', 'stext', '-o', '-', '-W', str(w), '-H', str(h), '-S', '12',
                        book, str(sec['page'] + 1)], capture_output=True, text=True)
    root = ET.fromstring(r.stdout)
    page = root.find('page')
    best = None
    for line in page.iter('line'):
        font = line.find('font')
        size = float(font.get('size')) if font is not None else 0
        if best is None or size > best[0]:
            best = (size, [float(v) for v in line.get('bbox').split()])
    if best is None:
        return '?'
    x0, x1 = best[1][0], best[1][2]
    return 'right' if float(page.get('width')) - x1 < x0 else 'left'


def embedded(font):
    return any(font.startswith(f) for f in families)


print(f'engine\tdoc\tpages\tdirection\tfont\tembedded')
engines = summary.get('engines', {})
for want in os.environ.get('ENGINES', 'foliate,mupdf,kf8').split(','):
    if want == 'kf8':
        # calibre's Kindle (AZW3) conversion: every footnote pop-up must show its note.
        # kf8notes.py follows the AZW3's links by byte, as the format defines them;
        # rscheck renders the AZW3 with foliate-js 1.0.1, which counts those offsets in
        # characters and so lands past an Arabic note: what it showed is a note here.
        azw3 = os.path.join(out, 'kf8', 'book.azw3')
        if not os.path.exists(azw3):
            bar(False, 'kf8: calibre wrote no AZW3')
            continue
        r = subprocess.run([sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)), 'kf8notes.py'),
                            book, azw3], capture_output=True, text=True)
        for line in r.stdout.splitlines()[1:]:
            if line.startswith('FAIL '):
                fails.append('kf8: ' + line[5:])
            elif line.startswith('note: '):
                notes.append('kf8: ' + line[6:])
            elif line and not line.startswith('kf8notes:'):
                print('kf8\t' + line)
        last = (r.stdout.strip().splitlines() or [r.stderr.strip()])[-1]
        bar(r.returncode == 0, f'kf8: {last}')
        fn = ((engines.get('kf8-foliate') or {}).get('footnote') or {}).get('popup') or {}
        notes.append(f'kf8: rscheck\'s foliate-js pop-up shows {fn.get("text")!r}')
        continue
    if want not in ('foliate', 'mupdf'):
        # rscheck's other engines report less (no pop-ups in epub.js, no spreads
        # or contents checks in WebKitGTK and calibre): bars are set for these three.
        bar(False, f'{want}: no bars defined for this engine (foliate, mupdf, kf8)')
        continue
    e = engines.get(want)
    bar(e is not None and not e.get('error'), f'{want}: did not run ({(e or {}).get("error")})')
    if not e or e.get('error'):
        continue
    for p in e.get('pages', []):
        name, k = p['id'], kind(p['id'])
        font = p.get('bodyFont') or '-'
        direction = p.get('align') or '-'
        if want == 'mupdf':
            direction = mupdf_title_side(p) if k == 'article' else direction
        print(f'{want}\t{os.path.basename(name)}\t{p.get("pages")}\t{direction}\t{font}\t{p.get("embedded")}')
        if k == 'cover':
            bar(p.get('pages') == 1, f'{want}: the cover takes {p.get("pages")} pages')
            continue
        if k == 'article' or (k in ('titlepage', 'contents') and p.get('bodyFont')):
            bar(bool(p.get('embedded')), f'{want}: {name}: text set in {font}, not an embedded font')
        elif k in ('titlepage', 'contents'):
            notes.append(f'{want}: {os.path.basename(name)}: no font measured')
        if k == 'article':
            bar(direction == start, f'{want}: {name}: reads {direction}, want {start}')
            bar(p.get('lastPageBlank') is not True, f'{want}: {name}: ends on a blank page')
    if want == 'mupdf':
        # MuPDF picks one font per element and falls back to its own (Noto) for a
        # character that font lacks, ignoring the rest of the CSS stack: Arabic
        # inside code, or a symbol no embedded font has. Shown, not failed; the
        # text's own font is held to the bar above.
        for s in load('mupdf.json').get('sections', []):
            for f, n in (s.get('fonts') or {}).items():
                if not embedded(f):
                    notes.append(f'mupdf: {os.path.basename(s["name"])}: {n} characters in its own {f}')
        continue
    # A left-to-right book declares no page progression; its reader's default is ltr.
    ok_dirs = ('rtl',) if rtl else ('ltr', None)
    bar(e.get('dir') in ok_dirs, f'{want}: renders {e.get("dir")}')
    sp = e.get('spread') or {}
    bar(sp.get('state', {}).get('rendererDir') in ok_dirs, f'{want}: pages progress {sp.get("state", {}).get("rendererDir")}')
    fn = (e.get('footnote') or {}).get('popup') or {}
    text = re.sub(r'[\s↩0-9٠-٩]', '', fn.get('text') or '')
    bar(fn.get('type') == 'footnote' and len(text) > 10, f'{want}: footnote pop-up shows {fn.get("text")!r}')
    nav = e.get('tocNav') or []
    bar(nav and all(n.get('ok') for n in nav), f'{want}: contents links land elsewhere: {[n for n in nav if not n.get("ok")]}')

print()
for n in notes:
    print('note', n)
for f in fails:
    print('FAIL', f)
print(f'readers: {passed} passed, {len(fails)} failed')
sys.exit(1 if fails else 0)
