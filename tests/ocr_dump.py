"""Dump what OCR reads on every page of the committed scans (tests/scans/<style>/), to
diff two versions of extractors/ocr/ that must read the same (a speed change):

    PYTHONPATH=. .venv/bin/python tests/ocr_dump.py before.txt [--style NAME ...] [--doc PREFIX ...]
    (change the code)
    PYTHONPATH=. .venv/bin/python tests/ocr_dump.py after.txt && cmp before.txt after.txt

Each page's PageContent is written whole (glyphs, ruling shapes, the OCR words with
their boxes and confidences), read as the pipeline reads it (the OCR source over
PDFium, one engine per process); the CPU seconds of each page go to <out>.times.
The 64 pages of the four styles take about 2.5 CPU minutes. ``--scans DIR`` reads another
draw (``python -m fixtures scans --seed N --out DIR``: its styles that DIR holds).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from extractors.layout.sources import PdfiumSource
from extractors.ocr import ocr_source
from fixtures.scans import OUT as SCANS
from fixtures.scans import STYLES


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--style", choices=sorted(STYLES), action="append")
    parser.add_argument("--doc", action="append", help="a document's prefix (000 ... 004)")
    parser.add_argument("--scans", type=Path, default=SCANS,
                        help="the folder of the draw read (the committed one, or fixtures scans --seed N's)")
    args = parser.parse_args(argv)
    source = ocr_source(PdfiumSource())
    times = args.out.with_name(args.out.name + ".times")
    with args.out.open("w", encoding="utf-8") as out, times.open("w", encoding="utf-8") as seconds:
        for style in args.style or sorted(STYLES):
            for pdf in sorted((args.scans / style).glob("*.pdf")):
                if args.doc and not any(pdf.name.startswith(d) for d in args.doc):
                    continue
                pages = source.iter_pages(pdf)
                while True:
                    start = time.process_time()
                    page = next(pages, None)
                    if page is None:
                        break
                    out.write(f"## {style} {pdf.name} page {page.number}\n{page!r}\n")
                    seconds.write(f"{style} {pdf.name[:3]} {page.number} {time.process_time() - start:.3f}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
