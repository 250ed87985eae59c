#!/usr/bin/env python3
"""Checks that every image of a PDF is its source file's pixels, as two PDF libraries
decode them: pikepdf (qpdf's filters, PNG predictors included) and poppler's pdfimages.

usage: pdfimages.py BOOK.pdf IMAGE...
       pdfimages.py --epub BOOK.epub IMAGE...
       pdfimages.py --make DIR      writes a one-article book with a PNG of each kind
                                    PDF carries as it is or decodes, a JPEG, a PNG, a
                                    JPEG and a WebP with a colour profile, and a JPEG
                                    with a profile that Warraq scales down
       pdfimages.py --spoil IN OUT  writes IN with one sample of its largest PNG image changed

Each IMAGE (a PNG, JPEG or WebP the book's articles show) is matched to the image
XObjects of its width and height; the sizes must differ. A PNG or a lossless WebP must
come back exactly: its colours, and its alpha from the soft mask (colours under a fully
transparent pixel are not compared). A JPEG is passed through, so its stream must be the
file's bytes. A file with an ICC colour profile must be drawn in an /ICCBased colour
space holding that profile. A file over 4096 pixels on a side is looked for at the size
Warraq scales it down to (by a whole factor), and only its profile is checked.
With --epub, each IMAGE with a profile must have it in the EPUB's image made of it (the
file, scaled down, or a WebP carried as PNG).
Prints a line per image and exits 1 when any image is missing or differs.
"""
import glob
import io
import math
import os
import subprocess
import sys
import tempfile
import zipfile

import pikepdf
from PIL import Image, ImageCms


def source_rgba(path):
    im = Image.open(path)
    im.load()
    if im.mode in ("I;16", "I;16B", "I"):
        raise SystemExit(f"{path}: 16-bit sources are not compared here")
    return im.convert("RGBA")


def differs(want, got_rgb, got_alpha):
    """The first pixel where got differs from want, or None."""
    w, h = want.size
    if got_rgb.size != (w, h) or (got_alpha is not None and got_alpha.size != (w, h)):
        return f"size {got_rgb.size}, want {(w, h)}"
    wp = want.load()
    gp = got_rgb.convert("RGB").load()
    ap = got_alpha.convert("L").load() if got_alpha is not None else None
    for y in range(h):
        for x in range(w):
            r, g, b, a = wp[x, y]
            ga = ap[x, y] if ap is not None else 255
            if ga != a:
                return f"pixel {x},{y}: alpha {ga}, want {a}"
            if a and gp[x, y] != (r, g, b):
                return f"pixel {x},{y}: {gp[x, y]}, want {(r, g, b)}"
    return None


def profile_of(obj):
    """The ICC profile an image XObject's colour space (or its /Indexed base) names, or None."""
    cs = obj.get("/ColorSpace")
    if isinstance(cs, pikepdf.Array) and str(cs[0]) == "/Indexed":
        cs = cs[1]
    if isinstance(cs, pikepdf.Array) and str(cs[0]) == "/ICCBased":
        return cs[1].read_bytes()
    return None


def pikepdf_images(pdf):
    """(width, height) -> list of (raw stream bytes, filter, RGB image, alpha image or None, profile)."""
    out = {}
    seen = set()
    for page in pdf.pages:
        for _, obj in page.images.items():
            if obj.objgen in seen:
                continue
            seen.add(obj.objgen)
            img = pikepdf.PdfImage(obj)
            rgb = img.as_pil_image()
            alpha = None
            if "/SMask" in obj:
                alpha = pikepdf.PdfImage(obj.SMask).as_pil_image()
            out.setdefault((int(obj.Width), int(obj.Height)), []).append(
                (obj.read_raw_bytes(), str(obj.get("/Filter")), rgb, alpha, profile_of(obj)))
    return out


def poppler_images(path, tmp):
    """(width, height) -> list of (RGB image, alpha image or None), from pdfimages -png."""
    subprocess.run(["pdfimages", "-png", path, os.path.join(tmp, "im")], check=True)
    listing = subprocess.run(["pdfimages", "-list", path], check=True, capture_output=True, text=True).stdout
    rows = [l.split() for l in listing.splitlines()[2:] if l.strip()]
    files = sorted(glob.glob(os.path.join(tmp, "im-*.png")))
    if len(rows) != len(files):
        raise SystemExit(f"pdfimages listed {len(rows)} images and wrote {len(files)}")
    out = {}
    last = None
    for row, f in zip(rows, files):
        kind, w, h = row[2], int(row[3]), int(row[4])
        im = Image.open(f)
        im.load()
        if kind == "smask":
            if last is None:
                raise SystemExit("pdfimages: a soft mask before any image")
            last[1] = im
            continue
        last = [im, None]
        out.setdefault((w, h), []).append(last)
    return out


ARTICLE = """---
title: صور من كل نوع
date: 2025-01-01
---

يعرض هذا المقال صورًا من أنواع شتّى، لكلٍّ منها طريقة في الحفظ، والغاية أن تصل إلى القارئ
كما رسمها صاحبها، لا يتغيّر فيها لون ولا تضيع منها شفافية.

"""


def make(d):
    """A book whose article shows a PNG of each kind, each of its own size."""
    os.makedirs(os.path.join(d, "images"), exist_ok=True)

    def image(w, h, mode, f):
        im = Image.new(mode, (w, h))
        im.putdata([f(x, y) for y in range(h) for x in range(w)])
        return im

    pics = []

    def save(im, name, alt, **kw):
        im.save(os.path.join(d, "images", name), **kw)
        pics.append(f"![{alt}](images/{name})")

    save(image(301, 201, "RGB", lambda x, y: ((x * 3 + (x * y) % 9) % 256, (y * 2) % 256, (x + y) % 256)),
         "rgb.png", "صورة ملوّنة بثمانية بتات لكل قناة")
    p = image(203, 97, "P", lambda x, y: (x // 13 + y // 7) % 16)
    p.putpalette([v for i in range(16) for v in (i * 16, 255 - i * 9, (i * 37) % 256)])
    save(p, "palette.png", "صورة بلوحة من ستة عشر لونًا", bits=4)
    save(image(157, 61, "1", lambda x, y: 255 if (x // 5 + y // 5) % 2 else 0), "bilevel.png", "صورة بالأبيض والأسود")
    save(image(129, 77, "L", lambda x, y: (x * 2 + y) % 256), "grey.png", "صورة رمادية")
    save(image(211, 151, "RGBA", lambda x, y: (x % 256, y % 256, 90, (x + 2 * y) % 256)),
         "rgba.png", "صورة ملوّنة بقناة شفافية")
    save(image(99, 111, "LA", lambda x, y: ((x * 5) % 256, 255 if x > 50 else y * 2)),
         "greyalpha.png", "صورة رمادية بقناة شفافية")
    t = image(88, 66, "P", lambda x, y: (x // 11) % 8)
    t.putpalette([v for i in range(8) for v in (i * 30, 200 - i * 20, 100)])
    save(t, "transparent.png", "صورة بلوحة فيها لون شفاف", transparency=3)
    save(image(320, 240, "RGB", lambda x, y: (x % 256, y % 256, 128)), "photo.jpg", "صورة فوتوغرافية", quality=90)
    # Colour profiles: the file's, in an /ICCBased space.
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    save(image(173, 109, "RGB", lambda x, y: (x % 256, 255 - y % 256, 60)), "profiled.png",
         "صورة بملف ألوان", icc_profile=srgb)
    save(image(251, 163, "RGB", lambda x, y: (200, x % 256, y % 256)), "profiled.jpg",
         "صورة فوتوغرافية بملف ألوان", quality=90, icc_profile=srgb)
    # Written again by Warraq: a WebP carried as PNG, a JPEG scaled down; the profile stays.
    save(image(137, 89, "RGB", lambda x, y: ((x * 7) % 256, 40, (y * 3) % 256)), "profiled.webp",
         "صورة WebP بملف ألوان", lossless=True, icc_profile=srgb)
    # A lossy WebP, a photograph: carried as JPEG, with its profile.
    save(image(190, 130, "RGB", lambda x, y: ((x * 7) % 256, (y * 5) % 256, (x * y) % 256)), "lossy-profiled.webp",
         "صورة WebP فوتوغرافية بملف ألوان", quality=85, icc_profile=srgb)
    save(image(4200, 30, "RGB", lambda x, y: (x % 256, (x // 256) * 15, 90)), "wide-profiled.jpg",
         "صورة فوتوغرافية عريضة بملف ألوان", quality=90, icc_profile=srgb)
    with open(os.path.join(d, "book.yaml"), "w") as f:
        f.write("title: صور الكتاب\nauthor: ورّاق\nlanguage: ar\n")
    with open(os.path.join(d, "suwar.md"), "w") as f:
        f.write(ARTICLE + "\n\n".join(pics) + "\n")


# Warraq scales an image over MAX_SIDE pixels on a side down by a whole factor.
MAX_SIDE = 4096


def lossy_webp(path):
    """A WebP of lossy data with no alpha channel, which Warraq carries as JPEG."""
    data = open(path, "rb").read()
    chunks, at = set(), 12
    while at + 8 <= len(data):
        n = int.from_bytes(data[at + 4:at + 8], "little")
        chunks.add(data[at:at + 4])
        at += 8 + n + (n & 1)
    return b"VP8 " in chunks and b"ALPH" not in chunks


def scaled_size(size):
    k = math.ceil(max(size) / MAX_SIDE)
    return (math.ceil(size[0] / k), math.ceil(size[1] / k))


def epub(path, sources):
    """Each source's ICC profile is in the EPUB's image made of it."""
    bad = checked = 0
    with zipfile.ZipFile(path) as z:
        entries = {os.path.basename(n): n for n in z.namelist()}
        for src in sources:
            with Image.open(src) as im:
                icc = im.info.get("icc_profile")
            if not icc:
                continue
            checked += 1
            name = os.path.basename(src)
            entry = entries.get(name) or entries.get(name + ".png") or entries.get(name + ".jpg")
            if entry is None:
                print(f"{name}: not in the EPUB")
                bad += 1
                continue
            with Image.open(io.BytesIO(z.read(entry))) as im:
                im.load()
                got, size, fmt = im.info.get("icc_profile"), im.size, im.format
            ok = got == icc
            print(f"{name}: {os.path.basename(entry)} ({fmt}, {size[0]}x{size[1]}) "
                  + (f"keeps its {len(icc)}-byte ICC profile" if ok else "has NOT its ICC profile"))
            bad += 0 if ok else 1
    print(f"epub profiles: all {checked} images with a profile keep it" if not bad
          else f"epub profiles: {bad} failure(s) among {checked} images with a profile")
    sys.exit(1 if bad or not checked else 0)


def spoil(src, dst):
    """src with the first sample of its largest Flate image changed (stored unfiltered)."""
    pdf = pikepdf.open(src)
    target = None
    for page in pdf.pages:
        for _, obj in page.images.items():
            if obj.get("/Filter") == "/FlateDecode" and (target is None or obj.Width * obj.Height > target.Width * target.Height):
                target = obj
    data = bytearray(target.read_bytes())
    data[0] ^= 0xFF
    target.write(bytes(data))
    pdf.save(dst)


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--make":
        return make(sys.argv[2])
    if len(sys.argv) == 4 and sys.argv[1] == "--spoil":
        return spoil(sys.argv[2], sys.argv[3])
    if len(sys.argv) >= 4 and sys.argv[1] == "--epub":
        return epub(sys.argv[2], sys.argv[3:])
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    path, sources = sys.argv[1], sys.argv[2:]
    pdf = pikepdf.open(path)
    pk = pikepdf_images(pdf)
    with tempfile.TemporaryDirectory() as tmp:
        pp = poppler_images(path, tmp)
    bad = 0
    for src in sources:
        with Image.open(src) as im:
            size, fmt, icc = im.size, im.format, im.info.get("icc_profile")
        name = os.path.basename(src)
        scaled = max(size) > MAX_SIDE
        if scaled:
            size = scaled_size(size)
        if size not in pk or size not in pp:
            print(f"{name}: no image of {size[0]}x{size[1]} in the PDF")
            bad += 1
            continue
        if icc:
            ok = any(prof == icc for *_, prof in pk[size])
            print(f"{name}: its {len(icc)}-byte ICC profile {'in an /ICCBased space' if ok else 'NOT in the PDF'}")
            bad += 0 if ok else 1
        if scaled:
            print(f"{name}: scaled down to {size[0]}x{size[1]}, its pixels averaged (not compared)")
            continue
        if fmt == "WEBP" and lossy_webp(src):
            ok = any(f == "/DCTDecode" for raw, f, *_ in pk[size])
            print(f"{name}: lossy WebP {'carried as JPEG' if ok else 'NOT carried as JPEG'} (pixels not compared)")
            bad += 0 if ok else 1
            continue
        if fmt == "JPEG":
            data = open(src, "rb").read()
            ok = any(raw == data and f == "/DCTDecode" for raw, f, *_ in pk[size])
            print(f"{name}: JPEG {'passed through' if ok else 'NOT the file'}")
            bad += 0 if ok else 1
            continue
        want = source_rgba(src)
        verdicts = []
        for lib, found in (("pikepdf", [(rgb, a) for _, _, rgb, a, _ in pk[size]]), ("poppler", pp[size])):
            errs = [differs(want, rgb, a) for rgb, a in found]
            verdicts.append(f"{lib} " + ("same pixels" if None in errs else errs[0]))
            bad += 0 if None in errs else 1
        print(f"{name} ({want.size[0]}x{want.size[1]}, {Image.open(src).mode}): " + "; ".join(verdicts))
    print(f"images: all {len(sources)} as their files in pikepdf and poppler" if not bad
          else f"images: {bad} failure(s) among {len(sources)} images")
    sys.exit(1 if bad else 0)


main()
