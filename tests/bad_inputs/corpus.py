"""A corpus of bad inputs, generated from code (nothing large is committed).

Each maker writes one file into a folder and returns its path. Sizes are chosen
so the whole corpus is built in a few seconds and stays small on disk, while
each file still exercises the failure it stands for:

* ``empty.pdf``, ``not-a-pdf.pdf``, ``truncated.pdf``, ``corrupt-xref.pdf``: the
  cheap failures, caught before or while opening.
* ``encrypted-open.pdf`` (empty user password: opens and extracts) and
  ``encrypted-locked.pdf`` (a real user password).
* ``scanned.pdf``: pages with images only, no text layer.
* ``thousands-of-pages.pdf``: 3000 pages of text (progress, memory, time).
* ``slow-page.pdf``: one page with millions of tiny path segments, which keeps
  the parser busy for about a minute (far beyond a test's time limit).
* ``bomb.pdf``: a few KB whose content stream inflates to gigabytes.

Run ``python tests/bad_inputs/corpus.py DIR`` to write them all into DIR.
"""

from __future__ import annotations

import json
import sys
import zlib
from functools import partial
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[2]
RAW = ROOT / "data" / "raw"
# A small real sample (CEPLAN POI, a few pages): rendered again with encryption,
# it must give exactly the rows of the unencrypted original.
ENCRYPTED_SAMPLE = "004_cad7ca5c0a475a2d"
USER_PASSWORD = "secreto"


# --------------------------------------------------------------------- raw PDF writing


def raw_pdf(objects: list[bytes], root: int = 1, xref: bool = True) -> bytes:
    """A PDF from numbered object bodies (object i+1 = objects[i]) with a correct xref."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    start = len(out)
    if xref:
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
        out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, start)
    return bytes(out)


def stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def one_page_pdf(content: bytes, extra: bytes = b"", font: bool = False) -> bytes:
    """Catalog, pages, one landscape page whose content stream is ``content``."""
    resources = b"<< /Font << /F1 5 0 R >> >>" if font else b"<< >>"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 792 612] /Resources %s /Contents 4 0 R >>" % resources,
        stream(content, extra),
    ]
    if font:
        objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    return raw_pdf(objects)


# ------------------------------------------------------------------------------ makers


def make_empty(folder: Path) -> Path:
    path = folder / "empty.pdf"
    path.write_bytes(b"")
    return path


def make_not_a_pdf(folder: Path) -> Path:
    path = folder / "not-a-pdf.pdf"
    path.write_text("<html><body>404 Not Found</body></html>\n")
    return path


def make_truncated(folder: Path) -> Path:
    """The first third of a real sample: a download cut short."""
    path = folder / "truncated.pdf"
    data = (RAW / f"{ENCRYPTED_SAMPLE}.pdf").read_bytes()
    path.write_bytes(data[: len(data) // 3])
    return path


def make_corrupt_xref(folder: Path) -> Path:
    """Header and objects intact, the xref table and trailer replaced by garbage."""
    path = folder / "corrupt-xref.pdf"
    data = one_page_pdf(b"BT /F1 12 Tf 72 500 Td (hola) Tj ET", font=True)
    cut = data.index(b"xref")
    path.write_bytes(data[:cut] + b"xref\n0 zz\n\x00\x00garbage\xff\xfe" * 40 + b"startxref\n999999\n%%EOF\n")
    return path


def _render_sample_encrypted(path: Path, user_password: str) -> Path:
    # The project's own renderer with reportlab's standard encryption (RC4 128):
    # the same document as the sample, only encrypted.
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen.canvas import Canvas

    from fixtures import render

    grid = json.loads((ROOT / "tests" / "fixtures" / ENCRYPTED_SAMPLE / "grid.json").read_text())
    encrypt = StandardEncryption(user_password, ownerPassword="propietario", canModify=0, strength=128)
    with mock.patch.object(render, "Canvas", partial(Canvas, encrypt=encrypt)):
        render.render_grid(grid, path)
    return path


def make_encrypted_open(folder: Path) -> Path:
    """Encrypted with an empty user password (only an owner password): opens like any PDF."""
    return _render_sample_encrypted(folder / "encrypted-open.pdf", "")


def make_encrypted_locked(folder: Path) -> Path:
    """Encrypted with a user password: cannot be read without it."""
    return _render_sample_encrypted(folder / "encrypted-locked.pdf", USER_PASSWORD)


def make_scanned(folder: Path, pages: int = 3) -> Path:
    """What a scanner produces: each page one image, no glyphs."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas
    import io

    path = folder / "scanned.pdf"
    # An 8-bit grey raster (PGM), drawn full-page: a real image XObject.
    width, height = 200, 150
    pixels = bytes((x * 7 + y * 3) % 256 for y in range(height) for x in range(width))
    from PIL import Image

    image = Image.frombytes("L", (width, height), pixels)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    c = Canvas(str(path), pagesize=(792, 612), invariant=1)
    for _ in range(pages):
        c.drawImage(ImageReader(io.BytesIO(buffer.getvalue())), 36, 36, 720, 540)
        c.showPage()
    c.save()
    return path


def make_thousands_of_pages(folder: Path, pages: int = 3000) -> Path:
    """Pages of narrative text (no activity table): long, but every page is cheap."""
    from reportlab.pdfgen.canvas import Canvas

    path = folder / "thousands-of-pages.pdf"
    c = Canvas(str(path), pagesize=(792, 612), invariant=1, pageCompression=1)
    for n in range(1, pages + 1):
        text = c.beginText(54, 540)
        text.setFont("Helvetica", 10)
        text.textLine(f"Anexo {n}: seguimiento de actividades")
        text.textLine("El presente anexo describe el avance de las actividades del plan.")
        c.drawText(text)
        c.showPage()
    c.save()
    return path


def make_slow_page(folder: Path, per_form: int = 2000, uses: int = 2000) -> Path:
    """One page drawing a form of ``per_form`` tiny curves ``uses`` times (4 million segments).

    The file is ~60 KB, and the page stays light in memory (~50 bytes a segment in
    PDFium, curves are never ruling lines so no edge is kept), but every segment
    is visited: about a minute of CPU, so a time limit is what stops it.
    """
    path = folder / "slow-page.pdf"
    curves = b"\n".join(
        b"%d %d m %d %d %d %d %d %d c" % (x, y, x + 1, y + 1, x + 2, y, x + 1, y)
        for x, y in ((i % 50 * 2, i // 50 * 2) for i in range(per_form)))
    page = b"\n".join(b"q 1 0 0 1 %d %d cm /F Do Q" % (20 + k % 7 * 105, 20 + k // 7 % 6 * 95)
                      for k in range(uses))
    path.write_bytes(raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 792 612] "
        b"/Resources << /XObject << /F 5 0 R >> >> /Contents 4 0 R >>",
        stream(zlib.compress(page, 9), b"/Filter /FlateDecode"),
        stream(zlib.compress(curves + b"\nS", 9), b"/Type /XObject /Subtype /Form /BBox [0 0 100 100] /Filter /FlateDecode"),
    ]))
    return path


def deflate_zeros(size: int, chunk: int = 1 << 20) -> bytes:
    """zlib stream of ``size`` zero bytes, built without materialising them.

    After a full flush the compressor has no history, so each further chunk of
    zeros compresses to the same bytes: compress one, repeat it.
    """
    assert size % chunk == 0
    c = zlib.compressobj(9)
    head = c.compress(b"\0" * chunk) + c.flush(zlib.Z_FULL_FLUSH)
    body = c.compress(b"\0" * chunk) + c.flush(zlib.Z_FULL_FLUSH)
    tail = c.flush()
    # Adler-32 of n zero bytes: A stays 1, B adds A once per byte.
    checksum = ((size % 65521) << 16) | 1
    return head + body * (size // chunk - 1) + tail[:-4] + checksum.to_bytes(4, "big")


def make_bomb(folder: Path, size: int = 4 << 30) -> Path:
    """A content stream of ``size`` bytes (4 GiB) deflated twice: the file is a few KB."""
    path = folder / "bomb.pdf"
    once = deflate_zeros(size)
    twice = zlib.compress(once, 9)
    path.write_bytes(one_page_pdf(twice, b"/Filter [/FlateDecode /FlateDecode]"))
    return path


MAKERS = {
    "empty": make_empty, "not_a_pdf": make_not_a_pdf, "truncated": make_truncated,
    "corrupt_xref": make_corrupt_xref, "encrypted_open": make_encrypted_open,
    "encrypted_locked": make_encrypted_locked, "scanned": make_scanned,
    "thousands_of_pages": make_thousands_of_pages, "slow_page": make_slow_page, "bomb": make_bomb,
}


def make_all(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return {name: make(folder) for name, make in MAKERS.items()}


if __name__ == "__main__":
    for name, path in make_all(Path(sys.argv[1])).items():
        print(f"{name:<20} {path.stat().st_size:>10} bytes  {path}")
