#!/usr/bin/env python3
"""Chromium's view of the mixed-script cases: the EPUB's XHTML rendered by Debian's headless
Chromium, read back character by character, and photographed.

usage: mixedshot.py BOOK.epub TOKENS.md OUTDIR

BOOK.epub is testdata/books/mixed built as an EPUB; TOKENS.md is its tokens.md, whose comments
say, case by case, the visual order a reader must see (the notation is explained there). For
each case the script asks Chromium where it drew every character (DOM ranges, after the
embedded fonts have loaded), writes them from left to right the way the Go test reads the PDF
(Arabic runs as |, spaces, marks and format characters left out) and compares. In the running
text (running.md) every no-wrap span must sit on one line, at five window widths. Screenshots
of both articles go to OUTDIR (tokens.png, running-WIDTH.png) for a person to look at.

Canary: the same probe runs on a copy of the tokens page with every span's dir attribute
removed, and must find cases that read wrong there (C++ as ++C): a probe that did not run, or
cannot tell, fails. Prints 'mixedshot: OK/TOTAL cases, N no-wrap spans whole, canary F wrong'
last; exits non-zero when a case or a span fails or the canary finds nothing.
"""
import json, os, re, shutil, subprocess, sys, tempfile, zipfile

PROBE = r"""
(function () {
  const arabic = cp => (cp >= 0x600 && cp <= 0x6FF) || (cp >= 0x750 && cp <= 0x77F) || (cp >= 0x8A0 && cp <= 0x8FF) ||
    (cp >= 0xFB50 && cp <= 0xFDFF) || (cp >= 0xFE70 && cp <= 0xFEFF);
  const skip = ch => /\s|\p{Mn}|\p{Cf}/u.test(ch);
  // Every drawn character of el: its horizontal middle, its vertical middle, the character.
  function chars(el) {
    const out = [];
    const w = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    while (w.nextNode()) {
      const t = w.currentNode;
      for (let i = 0; i < t.length;) {
        const cp = t.data.codePointAt(i), n = cp > 0xFFFF ? 2 : 1;
        const r = document.createRange();
        r.setStart(t, i); r.setEnd(t, i + n);
        const b = r.getClientRects()[0];
        const ch = String.fromCodePoint(cp);
        if (b && !skip(ch)) out.push([b.left + b.width / 2, b.top + b.height / 2, ch]);
        i += n;
      }
    }
    return out;
  }
  function visual(cs) {
    const s = [...cs].sort((a, b) => a[0] - b[0]);
    let out = '', ar = false;
    for (const [, , ch] of s) {
      if (arabic(ch.codePointAt(0))) { if (!ar) out += '|'; ar = true; } else { out += ch; ar = false; }
    }
    return out;
  }
  function lines(cs) {
    const ys = cs.map(c => c[1]).sort((a, b) => a - b);
    let n = 0, last = -1e9;
    for (const y of ys) { if (y - last > 6) n++; last = y; }
    return n;
  }
  function run() {
    const body = document.body;
    const res = { blocks: [], nowrap: [] };
    for (const el of body.querySelectorAll('p, h2')) {
      if (el.closest('header, aside')) continue;
      const cs = chars(el);
      res.blocks.push({ text: el.textContent, visual: visual(cs), lines: lines(cs) });
    }
    for (const el of body.querySelectorAll('.nowrap')) {
      const cs = chars(el);
      res.nowrap.push({ text: el.textContent, lines: lines(cs) });
    }
    res.fonts = [...document.fonts].filter(f => f.status === 'loaded').map(f => f.family);
    const pre = document.createElementNS('http://www.w3.org/1999/xhtml', 'pre');
    pre.id = 'mixedshot-result';
    pre.textContent = JSON.stringify(res);
    body.appendChild(pre);
  }
  document.fonts.ready.then(run);
})();
"""

CHROMIUM = shutil.which('chromium') or shutil.which('chromium-browser') or 'chromium'
FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', '--allow-file-access-from-files',
         '--force-device-scale-factor=1', '--virtual-time-budget=8000']


def chromium(args):
    r = subprocess.run([CHROMIUM] + FLAGS + args, capture_output=True, text=True, timeout=180)
    return r.stdout


def probe(xhtml, width):
    """Runs the probe on a copy of the page xhtml; returns its result, or None when it did not run."""
    d = os.path.dirname(xhtml)
    with open(os.path.join(d, 'mixedshot-probe.js'), 'w', encoding='utf-8') as f:
        f.write(PROBE)
    src = open(xhtml, encoding='utf-8').read()
    probe_page = xhtml[:-6] + '-probe.xhtml'
    with open(probe_page, 'w', encoding='utf-8') as f:
        f.write(src.replace('</body>', '<script src="mixedshot-probe.js"></script></body>'))
    dom = chromium([f'--window-size={width},3000', '--dump-dom', 'file://' + probe_page])
    m = re.search(r'<pre id="mixedshot-result">(.*?)</pre>', dom, re.S)
    if not m:
        return None
    return json.loads(m.group(1).replace('&lt;', '<').replace('&gt;', '>').replace('&quot;', '"').replace('&amp;', '&'))


def cases(tokens_md):
    lines = open(tokens_md, encoding='utf-8').read().split('\n')
    out = []
    for i in range(1, len(lines)):
        m = re.match(r'^<!-- visual: (\S+) html: (.*) -->$', lines[i])
        if m:
            out.append((i, lines[i - 1], m.group(1)))
    return out


def check_cases(res, cs):
    """Matches each case to the block whose text has the case's words, in order; returns the failures."""
    fails = []
    blocks = res['blocks']
    k = 0
    for line, src, want in cs:
        words = [w for w in re.split(r'[\s*`\[\]()]+', re.sub(r'\]\([^)]*\)', ']', src.lstrip('# '))) if w and not re.search(r'["\'“”]', w)]
        while k < len(blocks) and not all(w in blocks[k]['text'] for w in words[:3]):
            k += 1
        if k == len(blocks):
            fails.append(f'tokens.md:{line}: {src}: no such block in the page')
            k = 0
            continue
        b = blocks[k]
        if b['visual'] != want or b['lines'] != 1:
            fails.append(f"tokens.md:{line}: {src}: Chromium shows {b['visual']} on {b['lines']} line(s), want {want} on one")
        k += 1
    return fails


def main():
    epub, tokens_md, outdir = sys.argv[1:4]
    os.makedirs(outdir, exist_ok=True)
    cs = cases(tokens_md)
    with tempfile.TemporaryDirectory() as td:
        with zipfile.ZipFile(epub) as z:
            z.extractall(td)
        text = os.path.join(td, 'OEBPS', 'text')
        page = lambda name: next(os.path.join(text, f) for f in sorted(os.listdir(text)) if name in f and f.endswith('.xhtml'))
        tokens, running = page('tokens'), page('running')

        res = probe(tokens, 900)
        if res is None:
            print('mixedshot: the probe did not run in Chromium')
            return 1
        if 'Amiri' not in res['fonts']:
            print('mixedshot: the embedded fonts did not load:', res['fonts'])
            return 1
        fails = check_cases(res, cs)
        for f in fails:
            print('FAIL', f)
        chromium(['--window-size=900,5200', f'--screenshot={os.path.join(outdir, "tokens.png")}', 'file://' + tokens])

        spans, split = 0, []
        for width in (360, 420, 480, 560, 640):
            r = probe(running, width)
            if r is None:
                print(f'mixedshot: the probe did not run at width {width}')
                return 1
            for s in r['nowrap']:
                spans += 1
                if s['lines'] != 1:
                    split.append(f"width {width}: no-wrap span {s['text']!r} on {s['lines']} lines")
            chromium([f'--window-size={width},2600', f'--screenshot={os.path.join(outdir, f"running-{width}.png")}', 'file://' + running])
        for s in split:
            print('FAIL', s)

        # Canary: without the isolates the same probe must see cases read wrong.
        src = open(tokens, encoding='utf-8').read()
        bare = os.path.join(text, 'canary.xhtml')
        with open(bare, 'w', encoding='utf-8') as f:
            f.write(re.sub(r'(<span[^>]*?) dir="(ltr|rtl)"', r'\1', src))
        cr = probe(bare, 900)
        canary = len(check_cases(cr, cs)) if cr else 0
    ok = len(cs) - len(fails)
    print(f'mixedshot: {ok}/{len(cs)} cases, {spans - len(split)}/{spans} no-wrap spans whole, canary {canary} wrong without isolates')
    return 0 if not fails and not split and canary >= 5 else 1


if __name__ == '__main__':
    sys.exit(main())
