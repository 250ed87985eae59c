#!/usr/bin/python3
"""What the footnote pop-ups of calibre's Kindle (AZW3, KF8) conversion show.

usage: kf8notes.py BOOK.epub BOOK.azw3

BOOK.azw3 is calibre's conversion of BOOK.epub (`ebook-convert BOOK.epub BOOK.azw3`;
rscheck.sh's kf8 engine leaves one in OUTDIR/kf8/book.azw3). calibre turns each link into
`kindle:pos:fid:F:off:O`: chunk F of the book's text, O bytes into it, where the tag the
link points to begins. This script takes the AZW3 apart with calibre's own inspector,
follows every note reference's link to the tag at that byte, and takes from it the text a
pop-up shows, by foliate-js's rule for a link marked as a note reference (the element
itself; an aside's or a list item's content; the list item an element sits in). It prints
each pop-up beside the text of the note the EPUB's reference points to, and fails unless
every pop-up shows its note: number and words, the link back aside.

It also reports what a reader that counts O in characters rather than bytes lands on, as
foliate-js 1.0.1 (the npm release rscheck pins) does: in a script written with multi-byte
characters, such as Arabic, that reader lands past the note, on its link back ("↩").
That is the reader's error, fixed in foliate-js since (pull requests 91 and 99), so it is
shown, not failed.
Prints 'kf8notes: N/T pop-ups show their note' last; exits 1 when one does not.
"""
import glob, os, re, subprocess, sys, tempfile, zipfile
import xml.etree.ElementTree as ET

EPUB_TYPE = '{http://www.idpf.org/2007/ops}type'
POS = re.compile(r'kindle:pos:fid:(\w+):off:(\w+)')
# the first attribute that names an element, as a KF8 reader looks for it
NAMED = re.compile(r'\s(id|name|aid)\s*=\s*[\'"]([^\'"]*)[\'"]', re.I)


def local(tag):
    return tag.rsplit('}', 1)[-1] if isinstance(tag, str) else ''


def words(el):
    return re.sub(r'\s+', ' ', ''.join(el.itertext())).strip()


def is_noteref(el):
    kinds = (el.get(EPUB_TYPE) or el.get('type') or '').split() + (el.get('role') or '').split()
    return local(el.tag) == 'a' and ('noteref' in kinds or 'doc-noteref' in kinds)


def is_note(el):
    kinds = (el.get(EPUB_TYPE) or '').split() + (el.get('role') or '').split()
    return bool({'footnote', 'endnote', 'rearnote', 'note', 'doc-footnote', 'doc-endnote'} & set(kinds))


def epub_notes(path):
    """The text of the note each reference points to, in reading order."""
    z = zipfile.ZipFile(path)
    opf_path = re.search(rb'full-path="([^"]+)"', z.read('META-INF/container.xml')).group(1).decode()
    opf = ET.fromstring(z.read(opf_path))
    ns = {'o': 'http://www.idpf.org/2007/opf'}
    items = {i.get('id'): i.get('href') for i in opf.find('o:manifest', ns)}
    base = os.path.dirname(opf_path)
    notes = []
    for ref in opf.find('o:spine', ns):
        name = os.path.normpath(os.path.join(base, items[ref.get('idref')]))
        root = ET.fromstring(z.read(name))
        ids = {e.get('id'): e for e in root.iter() if e.get('id')}
        parents = {c: p for p in root.iter() for c in p}
        for a in root.iter():
            if is_noteref(a):
                note = ids.get((a.get('href') or '').split('#')[-1])
                # the note is the footnote element the link lands in, whatever part of it holds the id
                el = note
                while el is not None and not is_note(el):
                    el = parents.get(el)
                note = el if el is not None else note
                notes.append((os.path.basename(name), a.get('id'), words(note) if note is not None else None))
    return notes


def inspect(azw3, work):
    r = subprocess.run(['calibre-debug', '--inspect-mobi', os.path.abspath(azw3)], cwd=work,
                       capture_output=True, text=True)
    found = glob.glob(os.path.join(work, 'decompiled_*', 'files'))
    if r.returncode != 0 or not found:
        sys.exit(f'kf8notes: calibre-debug --inspect-mobi failed on {azw3}: {(r.stderr or r.stdout)[-300:]}')
    return found[0]


def chunks(files):
    """The text's chunks in the order of the chunk table: file by file, chunk by chunk."""
    out = []
    for part in sorted(glob.glob(os.path.join(files, 'part*-parts'))):
        for sect in sorted(glob.glob(os.path.join(part, 'sect-*.html'))):
            out.append((part[:-len('-parts')] + '.html', open(sect, 'rb').read()))
    return out


def popup(el, parents):
    """The text foliate-js's pop-up shows for el, the target of a note reference."""
    if el is None:
        return None
    if local(el.tag) not in ('aside', 'li'):
        p = parents.get(el)
        while p is not None and local(p.tag) != 'li':
            p = parents.get(p)
        if p is not None:
            el = p
    return words(el)


def kf8_popups(files):
    table = chunks(files)
    docs = {}

    def doc(name):
        if name not in docs:
            root = ET.parse(name).getroot()
            parents = {c: p for p in root.iter() for c in p}
            docs[name] = (root, parents)
        return docs[name]

    def find(root, attr, value):
        return next((e for e in root.iter() if e.get(attr) == value), None)

    out = []
    for part in sorted(glob.glob(os.path.join(files, 'part*.html'))):
        root, _ = doc(part)
        for a in root.iter():
            if not is_noteref(a):
                continue
            m = POS.search(a.get('href') or '')
            if not m:
                out.append((os.path.basename(part), a.get('id'), None, None, f'href {a.get("href")!r}'))
                continue
            fid, off = int(m.group(1), 32), int(m.group(2), 32)
            if fid >= len(table):
                out.append((os.path.basename(part), a.get('id'), None, None, f'no chunk {fid}'))
                continue
            name, raw = table[fid]
            troot, tparents = doc(name)
            shown = []
            # bytes, as the format defines the offset; then characters, as foliate-js 1.0.1 reads it
            for text in (raw[off:].decode('utf-8', 'replace'), raw.decode('utf-8', 'replace')[off:]):
                n = NAMED.search(text)
                shown.append(popup(find(troot, n.group(1), n.group(2)), tparents) if n else None)
            out.append((os.path.basename(part), a.get('id'), shown[0], shown[1], ''))
    return out


def bare(s):
    return re.sub(r'\s+', ' ', (s or '').replace('↩', '')).strip()


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__.split('\n\n')[1])
    book, azw3 = sys.argv[1], sys.argv[2]
    notes = epub_notes(book)
    with tempfile.TemporaryDirectory() as work:
        pops = kf8_popups(inspect(azw3, work))
    fails, ok, chars_wrong = [], 0, 0
    print('doc\tref\tpop-up (KF8 byte offsets)\tnote in the EPUB')
    for i in range(max(len(notes), len(pops))):
        doc, ref, want = notes[i] if i < len(notes) else ('-', '-', None)
        part, kref, got, by_chars, why = pops[i] if i < len(pops) else ('-', '-', None, None, 'no reference')
        print(f'{doc}\t{ref}\t{got!r}\t{want!r}')
        if want is not None and bare(got) and bare(got) == bare(want):
            ok += 1
        else:
            fails.append(f'{doc} {ref}: the AZW3 pop-up ({part} {kref}) shows {got!r}, the note says {want!r} {why}'.rstrip())
        if by_chars != got:
            chars_wrong += 1
    print()
    if chars_wrong:
        print(f'note: a reader that counts kindle:pos offsets in characters (foliate-js 1.0.1) shows '
              f'another text for {chars_wrong} of {len(pops)}, e.g. {next(p[3] for p in pops if p[3] != p[2])!r}')
    for f in fails:
        print('FAIL', f)
    total = max(len(notes), len(pops))
    if not total:
        print('FAIL the EPUB has no note reference: nothing to check')
    print(f'kf8notes: {ok}/{total} pop-ups show their note')
    sys.exit(0 if total and ok == total else 1)


if __name__ == '__main__':
    main()
