#!/usr/bin/python3
"""PDF/UA-1 check of a Warraq PDF: the shared tools' pdfua.py, plus the Matterhorn Protocol
conditions it leaves out (README, "Tagged PDF").

usage: pdfua.py SHARED_TOOLS_DIR OUT.pdf SOURCE.md
Prints each failure, then 'pdfua: failures=F struct-text=P% (shared) extra=E' last; exit 1 on
any failure or when a check cannot run (a missing tool is a failure, never a pass).
"""
import io, os, re, sys, contextlib

tools, path, md = sys.argv[1], sys.argv[2], sys.argv[3]
sys.path.insert(0, tools)
import pikepdf
import pikepdf.models.metadata as xmp_ns

# The pikepdf Debian ships does not know the pdfuaid prefix, so the shared check cannot
# read pdfuaid:part however it is written; teach it the namespace (ISO 14289-1, 5).
PDFUAID = 'http://www.aiim.org/pdfua/ns/id/'
xmp_ns.PdfMetadata.NS['pdfuaid'] = PDFUAID
xmp_ns.PdfMetadata.REVERSE_NS[PDFUAID] = 'pdfuaid'
import pdfua as shared  # noqa: E402  (after the namespace is known)

# The standard structure types of PDF 1.7 (14.8.4): anything else needs a role map (02-001).
STANDARD = set('''Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private
H H1 H2 H3 H4 H5 H6 P L LI Lbl LBody Table TR TH TD THead TBody TFoot Span Quote Note Reference
BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP Figure Formula Form'''.split())
# Parent -> children the standard allows (ISO 32000-1 14.8.4.3, PDF/UA-1 7.6, 7.5, 7.18.5).
PARENTS = {'LI': {'L'}, 'Lbl': {'LI'}, 'LBody': {'LI'}, 'TR': {'Table', 'THead', 'TBody', 'TFoot'},
           'TH': {'TR'}, 'TD': {'TR'}, 'THead': {'Table'}, 'TBody': {'Table'}, 'TFoot': {'Table'},
           'TOCI': {'TOC'}}


def cmap_codes(cmap):
    """The codes a ToUnicode CMap maps (bfchar and bfrange entries)."""
    codes = set()
    for block in re.findall(r'beginbfchar(.*?)endbfchar', cmap, re.S):
        for src in re.findall(r'<([0-9A-Fa-f]+)>\s*<[0-9A-Fa-f]*>', block):
            codes.add(int(src, 16))
    for block in re.findall(r'beginbfrange(.*?)endbfrange', cmap, re.S):
        for lo, hi in re.findall(r'<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(?:<[0-9A-Fa-f]*>|\[[^\]]*\])', block):
            codes.update(range(int(lo, 16), int(hi, 16) + 1))
    return codes


def extra_checks(pdf):
    fails = []
    root = pdf.Root
    st = root.get('/StructTreeRoot')
    if st is None:
        return ['no structure tree: the extra checks cannot run']
    rolemap = st.get('/RoleMap', {})
    # Walk the tree: types, parents, headings in order, notes' IDs, links' OBJRs, MCIDs.
    elems, mcids, objrs = [], set(), set()
    seen = set()

    def walk(node, parent):
        if node.objgen in seen:
            fails.append(f'structure element {node.objgen} reached twice'); return
        seen.add(node.objgen)
        s = str(node.get('/S', ''))[1:]
        std = str(rolemap.get('/' + s, '/' + s))[1:]
        elems.append((std, node, parent))
        pg = node.get('/Pg')
        k = node.get('/K')
        kids = k if isinstance(k, pikepdf.Array) else [] if k is None else [k]
        for c in kids:
            if isinstance(c, int):
                mcids.add((pg.objgen if pg is not None else None, int(c)))
            elif isinstance(c, pikepdf.Dictionary):
                t = str(c.get('/Type', ''))
                if t == '/MCR':
                    mcids.add((c.Pg.objgen if '/Pg' in c else pg.objgen, int(c.MCID)))
                elif t == '/OBJR':
                    objrs.add(c.Obj.objgen)
                    if std != 'Link':
                        fails.append(f'an annotation belongs to {std}, not to a Link element (28-011)')
                else:
                    walk(c, std)
            else:
                try:
                    mcids.add((pg.objgen if pg is not None else None, int(c)))
                except Exception:
                    fails.append(f'{s}: a /K entry that is neither element, MCID nor reference')

    k = st.get('/K')
    for c in (k if isinstance(k, pikepdf.Array) else [k]):
        walk(c, None)
    levels = []
    for std, node, parent in elems:
        if std not in STANDARD:
            fails.append(f'structure type {std} is neither standard nor role-mapped (02-001)')
        if std in PARENTS and parent not in PARENTS[std]:
            fails.append(f'{std} inside {parent} (lists 16-00x, tables 15-00x, TOC)')
        if std == 'TH':
            a = node.get('/A')
            if a is None or '/Scope' not in a:
                fails.append('a TH without /Scope (15-003)')
        if std == 'Note' and '/ID' not in node:
            fails.append('a Note without /ID (19-003)')
        if re.fullmatch(r'H[1-6]', std):
            levels.append(int(std[1]))
    if levels and levels[0] != 1:
        fails.append(f'the first heading is H{levels[0]}, not H1 (14-002)')
    for a, b in zip(levels, levels[1:]):
        if b > a + 1:
            fails.append(f'heading levels skip from H{a} to H{b} (14-003)')
            break
    # Every MCID on every page has its element, and the ParentTree says so (01-00x, 06).
    pt = {}
    nums = st.ParentTree.get('/Nums', [])
    for i in range(0, len(nums), 2):
        pt[int(nums[i])] = nums[i + 1]
    marked_in_artifact = tagged_artifact = 0
    for pno, page in enumerate(pdf.pages, 1):
        if str(page.get('/Tabs', '')) != '/S':
            fails.append(f'page {pno}: no /Tabs /S'); break
        seen_ids, stack = [], []
        for operands, op in pikepdf.parse_content_stream(page):
            o = str(op)
            if o in ('BDC', 'BMC'):
                tag = str(operands[0])
                props = operands[1] if o == 'BDC' else None
                mcid = int(props['/MCID']) if isinstance(props, pikepdf.Dictionary) and '/MCID' in props else None
                if mcid is not None:
                    seen_ids.append(mcid)
                    if 'artifact' in stack:
                        marked_in_artifact += 1
                if tag == '/Artifact' and 'tagged' in stack:
                    tagged_artifact += 1
                stack.append('artifact' if tag == '/Artifact' else 'tagged' if mcid is not None else 'plain')
            elif o == 'EMC' and stack:
                stack.pop()
        if len(set(seen_ids)) != len(seen_ids):
            fails.append(f'page {pno}: an MCID used twice')
        if seen_ids:
            key = page.get('/StructParents')
            arr = pt.get(int(key)) if key is not None else None
            if arr is None or len(arr) < max(seen_ids) + 1:
                fails.append(f'page {pno}: MCIDs without ParentTree entries')
            missing = [m for m in seen_ids if (page.objgen, m) not in mcids]
            if missing:
                fails.append(f'page {pno}: {len(missing)} MCIDs no structure element holds (01-00x)')
        for a in page.get('/Annots', []):
            if a.get('/Subtype') == '/Link' and a.objgen not in objrs:
                fails.append(f'page {pno}: a link annotation outside the structure tree (28-011)'); break
    if marked_in_artifact:
        fails.append(f'{marked_in_artifact} tagged sequences inside artifacts (01-004)')
    if tagged_artifact:
        fails.append(f'{tagged_artifact} artifacts inside tagged content (01-005)')
    # Fonts: embedded (shared) and a ToUnicode map (PDF/UA-1 7.21.7, 31-027? -> 30 series).
    # Fonts: embedded (shared) and a ToUnicode map holding every code the pages show
    # (7.21.7: every glyph maps to Unicode).
    fonts, used = {}, {}
    for page in pdf.pages:
        res = page.resources.get('/Font', {})
        for _, f in res.items():
            fonts[f.objgen] = f
        cur = None
        for operands, op in pikepdf.parse_content_stream(page, 'Tf TJ Tj'):
            o = str(op)
            if o == 'Tf':
                f = res.get(str(operands[0]))
                cur = f.objgen if f is not None else None
            elif cur is not None:
                items = operands[0] if o == 'TJ' else [operands[0]]
                for it in items:
                    if isinstance(it, pikepdf.String):
                        b = bytes(it)
                        used.setdefault(cur, set()).update(b[i] << 8 | b[i + 1] for i in range(0, len(b) - 1, 2))
    for key, f in fonts.items():
        if '/ToUnicode' not in f:
            fails.append(f'font {f.get("/BaseFont")} has no ToUnicode map (31-027)')
            continue
        mapped = cmap_codes(f.ToUnicode.read_bytes().decode('latin-1'))
        missing = used.get(key, set()) - mapped
        if missing and str(f.get('/Subtype')) == '/Type0':
            fails.append(f'font {f.get("/BaseFont")}: {len(missing)} codes shown without a ToUnicode entry (7.21.7)')
    if str(root.get('/Lang', '')) == '':
        fails.append('no /Lang on the catalog (11-006)')
    return fails


def main():
    try:
        pdf = pikepdf.open(path)
    except Exception as e:
        print(f'cannot open {path}: {e}')
        print('pdfua: failures=1 struct-text=0% extra=0')
        sys.exit(1)
    out = io.StringIO()
    sys.argv = ['pdfua.py', path, md]
    code = None
    with contextlib.redirect_stdout(out):
        try:
            shared.main()
        except SystemExit as e:
            code = e.code
    lines = out.getvalue().splitlines()
    if not lines or not lines[-1].startswith('pdfua:'):
        print('\n'.join(lines))
        print('the shared pdfua.py did not report; nothing was checked')
        print('pdfua: failures=1 struct-text=0% extra=0')
        sys.exit(1)
    for l in lines:
        print(l)
    extra = extra_checks(pdf)
    for f in extra:
        print(f)
    m = re.search(r'failures=(\d+) struct-text=([0-9.]+)%', lines[-1])
    print(f'pdfua: failures={int(m.group(1)) + len(extra)} struct-text={m.group(2)}% (shared {m.group(1)}, extra {len(extra)})')
    sys.exit(1 if code or extra else 0)


if __name__ == '__main__':
    main()
