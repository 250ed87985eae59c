#!/usr/bin/python3
"""Shaping check for any right-to-left script, positions included: is every word of a
source drawn in the PDF with the glyphs HarfBuzz picks, where HarfBuzz puts them?

usage: langshape.py PDF SOURCE.md LANG SCRIPT FONT.ttf [FONT.ttf ...]
       (LANG: ur, he...; SCRIPT: arab, hebr)

shapecheck.py (shared tools) checks Arabic words in Arabic shaping and reads the PDF by
lines of glyphs sorted left to right; Nastaliq defeats both: its words cascade (each
letter set lower than the one before, up to half an em) and its glyphs overlap, so a
word's glyphs neither share a line nor sort into HarfBuzz's order. Here each word of the
source in SCRIPT is shaped with hb-shape in LANG (cluster level 1, as Warraq shapes) in
each reference font, and looked for in the PDF's content stream, where Warraq writes a
line's glyphs in reading order: a run of as many consecutive drawn glyphs with the same
outlines (glyphs are identified by their decomposed outlines, so subsetting does not
matter, nor does a composite that moves a glyph: outlines are compared from their first
point, which is where a glyph is) at the same offsets from one another, in font units,
to within 2 units. Empty
glyphs (spaces, the invisible helpers of the text layer) are left out on both sides.
Prints 'shaping: FOUND/TOTAL words (P%)' last.
"""
import hashlib, io, json, re, subprocess, sys
from collections import defaultdict
import pikepdf
from fontTools.ttLib import TTFont
from fontTools.pens.recordingPen import DecomposingRecordingPen
from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LTChar
from pdfminer.pdfinterp import PDFResourceManager, PDFPageInterpreter
from pdfminer.pdfpage import PDFPage

LETTERS = {
    'arab': ('[\u0621-\u063A\u0641-\u064A\u064B-\u065F\u0670\u0671-\u06D3\u06D5\u06FA-\u06FF]+', '\u0621', '\u06FF'),
    'hebr': ('[\u0591-\u05C7\u05D0-\u05EA\u05F0-\u05F4\uFB1D-\uFB4F]+', '\u05D0', '\u05EA'),
}
TOLERANCE = 2  # font units


def outline_hashes(font):
    """Glyph name -> (hash of its outline moved to start at (0, 0), that start), or None
    when empty. Warraq's PDF may draw a Nastaliq glyph as a composite that moves the
    original up or down (pdfwriter's SetCascade): the same outline elsewhere, which
    this keying finds at the same place."""
    gs = font.getGlyphSet()
    out = {}
    for name in font.getGlyphOrder():
        pen = DecomposingRecordingPen(gs)
        try:
            gs[name].draw(pen)
        except Exception:
            out[name] = None
            continue
        pts = [p for _, ps in pen.value for p in ps]
        if not pts:
            out[name] = None
            continue
        x0, y0 = round(pts[0][0]), round(pts[0][1])
        s = repr([(op, [(round(p[0]) - x0, round(p[1]) - y0) for p in ps]) for op, ps in pen.value])
        out[name] = (hashlib.sha1(s.encode()).hexdigest()[:16], x0, y0)
    return out


class Ref:
    def __init__(self, path, lang, script):
        self.path, self.lang, self.script = path, lang, script
        font = TTFont(path)
        self.order = font.getGlyphOrder()
        self.hash = outline_hashes(font)
        self.upem = font['head'].unitsPerEm

    def shape(self, words):
        """Each word as [(hash, x, y)] in font units, empty glyphs left out."""
        r = subprocess.run(['hb-shape', '--output-format=json', '--no-glyph-names', '--cluster-level=1',
                            '--direction=rtl', '--script=' + self.script, '--language=' + self.lang,
                            self.path, '--text-file=/dev/stdin'],
                           input='\n'.join(words) + '\n', capture_output=True, text=True, check=True)
        out = []
        for line in r.stdout.splitlines():
            pen, glyphs = 0, []
            for g in json.loads(line):
                h = self.hash.get(self.order[g['g']])
                if h is not None:
                    glyphs.append((h[0], pen + g['dx'] + h[1], g['dy'] + h[2]))
                pen += g['ax']
            out.append(glyphs)
        return out


class Agg(PDFPageAggregator):
    def render_char(self, matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate):
        adv = super().render_char(matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate)
        self.cur_item._objs[-1].cid = cid
        self.cur_item._objs[-1].fontsize = fontsize
        self.cur_item._objs[-1].rise = rise
        return adv


def pdf_fonts(path):
    """BaseFont -> ({cid: outline hash}, unitsPerEm) for every embedded TrueType font."""
    pdf = pikepdf.open(path)
    out, seen = {}, set()
    for page in pdf.pages:
        for _, f in page.resources.get('/Font', {}).items():
            if f.objgen in seen:
                continue
            seen.add(f.objgen)
            base = str(f.get('/BaseFont', ''))[1:]
            desc, cid2gid = f, None
            if f.get('/Subtype') == '/Type0':
                desc = f['/DescendantFonts'][0]
                m = desc.get('/CIDToGIDMap')
                if isinstance(m, pikepdf.Stream):
                    b = m.read_bytes()
                    cid2gid = [b[i] << 8 | b[i + 1] for i in range(0, len(b), 2)]
            fd = desc.get('/FontDescriptor')
            ff = fd.get('/FontFile2') if fd is not None else None
            if ff is None:
                continue
            tt = TTFont(io.BytesIO(ff.read_bytes()))
            names, h = tt.getGlyphOrder(), outline_hashes(tt)
            if cid2gid is None:
                cid2gid = range(len(names))
            out[base] = ({cid: h.get(names[gid]) for cid, gid in enumerate(cid2gid) if gid < len(names)},
                         tt['head'].unitsPerEm)
    return out


def pdf_glyphs(path, fonts):
    """Every drawn, non-empty glyph in content-stream order: (hash, x, y) in font units."""
    rm = PDFResourceManager()
    dev = Agg(rm, laparams=None)
    interp = PDFPageInterpreter(rm, dev)
    out = []
    with open(path, 'rb') as fp:
        for page in PDFPage.get_pages(fp):
            interp.process_page(page)
            for o in dev.get_result():
                if not isinstance(o, LTChar) or o.fontname not in fonts:
                    continue
                hashes, upem = fonts[o.fontname]
                h = hashes.get(getattr(o, 'cid', -1))
                if h is None:
                    continue
                # The glyph's origin; pdfminer's matrix is the text matrix
                # times the CTM, the font size and the text rise (Ts, with
                # which Warraq sets Nastaliq's cascade and marks) apart.
                a, _, _, d, e, f = o.matrix
                if o.fontsize * a <= 0 or d <= 0:
                    continue
                out.append((h[0], e / (o.fontsize * a) * upem + h[1], (f + o.rise * d) / (o.fontsize * d) * upem + h[2]))
            out.append(None)  # pages do not run into each other
    return out


def same_shape(want, got):
    """Same outlines at the same offsets from the first glyph, in any order."""
    def norm(gs):
        x0, y0 = min((x, y) for _, x, y in gs)
        return sorted((h, x - x0, y - y0) for h, x, y in gs)
    a, b = norm(want), norm(got)
    return all(p[0] == q[0] and abs(p[1] - q[1]) <= TOLERANCE and abs(p[2] - q[2]) <= TOLERANCE
               for p, q in zip(a, b))


def main():
    pdf, md, lang, script, fonts = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:]
    pattern, lo, hi = LETTERS[script]
    text = open(md, encoding='utf-8').read()
    words = sorted({w for w in re.findall(pattern, text) if any(lo <= c <= hi for c in w)})
    glyphs = pdf_glyphs(pdf, pdf_fonts(pdf))
    index = defaultdict(list)  # outline hash -> positions in the stream
    for i, g in enumerate(glyphs):
        if g is not None:
            index[g[0]].append(i)
    shaped = [Ref(f, lang, script).shape(words) for f in fonts]
    found, missing = 0, []
    for k, w in enumerate(words):
        ok = False
        for ref in shaped:
            want = ref[k]
            if not want:
                continue
            hashes = sorted(h for h, _, _ in want)
            # Candidate windows: those that hold the word's rarest glyph.
            rare = min(hashes, key=lambda h: len(index[h]))
            for at in index[rare]:
                for start in range(at - len(want) + 1, at + 1):
                    win = glyphs[max(start, 0):start + len(want)]
                    if len(win) != len(want) or None in win or sorted(h for h, _, _ in win) != hashes:
                        continue
                    if same_shape(want, win):
                        ok = True
                        break
                if ok:
                    break
            if ok:
                break
        if ok:
            found += 1
        else:
            missing.append(w)
    if missing:
        print('not found (first 15): ' + ' '.join(missing[:15]))
    total = len(words)
    print(f'shaping: {found}/{total} words ({100.0 * found / max(total, 1):.1f}%)')


if __name__ == '__main__':
    main()
