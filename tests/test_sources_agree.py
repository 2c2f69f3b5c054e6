"""Both text sources read the same words and the same cells on every page of every fixture PDF.

The fast source (PDFium) and the reference source (pdfminer, through pdfplumber)
report glyphs differently: PDFium gives the size set by the text operator and boxes
from the font's ascent, pdfminer the size on paper and one-em boxes; PDFium splits
ligatures, pdfminer keeps "ﬁ"; producers print spaces as glyphs or only leave room
for them. The layer above the sources must not care: on every page of the reportlab
samples, variants and other countries' plans (tests/locales) and of every other
producer's prints, the words of every line and the text of every table cell are
identical from both sources, and the document family extracts the same activities,
values, quarantine and plan year from both (boxes within half a point).

Of a document longer than ``LONG_DOCUMENT`` pages (000, 001, 003 and 005 in every print:
26-135 pages, most of them one table's layout page after page) the pages compared are those on which
a table layout shows for the first time, and the last page (``page_sample``), as a document
of their own. A layout is the column counts of a page's tables as the fast source reads them:
000 holds 10 (its cover, its per-unit tables of 3 to 15 columns), 001 8, 003 7, 005 3-4. The first 16
and last 10 pages, compared before, missed some in other producers' prints: Calc's 003 starts
its Ficha tables on page 19, Chromium's upper-case 000 shows three of its layouts on pages 61-83.
pdfminer reads a page in 0.1-0.6 s (Chromium's prints are the slow ones): the whole documents
are 2,164 pages, the first and last pages were 1,280, these samples are 634 (817 while 005,
26-32 pages, was compared whole: 122 s of CPU against 95, on 2 cores). Tables continued
over a page break are compared on the shorter documents (002, 004, 006, 007 and the variants),
which are compared whole; test_producers.py and the golden tests check every page of every
print against the golden data. (The comparison of the two sources' tables on a few pages of
000 and 001, in test_table_layer.py, was this test's part: it read 64 and 55 pages through
pdfminer for them, and was dropped.)

That last check is how the reference source's golden data is tested on the other
producers' prints (tests/test_producers.py runs the pipeline on PDFium only): each print
is read by pdfminer once, here, and not again by a second pipeline run.
"""

from __future__ import annotations

import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from conftest import RAW, ROOT
from extractors import classify
from extractors.document import read_document
from extractors.layout import TableSettings, get_source
from extractors.layout.words import chars_to_words
from replay import Replay

PDFS = sorted([*RAW.glob("*.pdf"), *(ROOT / "tests" / "variants").glob("*.pdf"),
               *(ROOT / "tests" / "locales").glob("*.pdf"), *(ROOT / "tests" / "producers").glob("*/*.pdf")])


BOX = ("x0", "top", "x1", "bottom")
LONG_DOCUMENT = 20
# The sources box a glyph differently (PDFium from the font's ascent and advance, pdfminer
# one em); the layer above evens that out to within a fraction of a point.
BOX_TOLERANCE = 0.5


def page_reading(path: Path, source: str) -> tuple[list[tuple[list[list[str]], list[list[list[str]]]]], dict | None]:
    """Per page: the words of every line of the page's glyphs, and the cell texts
    of every table the table layer finds (the tables as read in a whole document,
    continuations included); and what the document's family extracts from it."""
    settings = TableSettings.resolve(None)
    contents = list(get_source(source).iter_pages(path))  # read once: pdfminer is the slow part
    words = [chars_to_words(page.chars, settings) for page in contents]
    doc = read_document(path, Replay(source, contents), settings)
    pages = [(w, [t.texts() for t in layout.tables]) for w, layout in zip(words, doc.pages)]
    family = classify(doc)
    if family is None:
        return pages, None
    result = family().extract(doc)
    rows = {"activities": result.activities, "values": result.values, "quarantine": result.quarantine}
    extracted = {name: [({k: v for k, v in row.items() if k not in BOX}, tuple(row.get(k) for k in BOX))
                        for row in table] for name, table in rows.items()}
    extracted["document"] = (family.name, result.plan_year, result.institution, result.number_locale, result.message)
    return pages, extracted


def extraction_difference(fast: dict | None, reference: dict | None) -> str | None:
    """Where two extractions of one document differ (None: they agree)."""
    if fast is None or reference is None:
        return None if fast is reference else "one source's reading is classified, the other's is not"
    for name, rows in fast.items():
        if name == "document":
            if rows != reference[name]:
                return f"family, plan year, institution, number locale or message: {rows} != {reference[name]}"
            continue
        if len(rows) != len(reference[name]):
            return f"{len(rows)} {name} rows from pdfium, {len(reference[name])} from pdfplumber"
        for (fields_a, box_a), (fields_b, box_b) in zip(rows, reference[name]):
            if fields_a != fields_b:
                return f"{name}: pdfium {fields_a} != pdfplumber {fields_b}"
            if any((a is None) != (b is None) or (a is not None and abs(a - b) > BOX_TOLERANCE)
                   for a, b in zip(box_a, box_b)):
                return f"{name} row {fields_a}: box {box_a} from pdfium, {box_b} from pdfplumber"
    return None


def layout_firsts(path: Path) -> list[int]:
    """The 0-based indexes of the pages of ``path`` on which a table layout (the column
    counts of the page's tables, as the fast source reads them) shows for the first time,
    and of its last page."""
    pages = read_document(path, get_source("pdfium"), TableSettings.resolve(None)).pages
    seen, keep = set(), {len(pages) - 1}
    for index, layout in enumerate(pages):
        columns = tuple(len(table.texts()[0]) if table.texts() else 0 for table in layout.tables)
        if columns not in seen:
            seen.add(columns)
            keep.add(index)
    return sorted(keep)


def page_sample(path: Path, into: Path) -> tuple[Path, list[int]]:
    """``path`` itself, or for a document longer than ``LONG_DOCUMENT`` pages a copy of the
    pages ``layout_firsts`` picks, written into the folder ``into``; and the numbers its
    pages have in ``path``."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    try:
        if len(document) <= LONG_DOCUMENT:
            return path, list(range(1, len(document) + 1))
        indexes = layout_firsts(path)
        sample = pdfium.PdfDocument.new()
        try:
            sample.import_pages(document, indexes)
            dest = into / f"{path.parent.name}-{path.name}"
            sample.save(str(dest))
        finally:
            sample.close()
        return dest, [i + 1 for i in indexes]
    finally:
        document.close()


def first_difference(path: Path) -> str | None:
    with tempfile.TemporaryDirectory() as folder:
        read, numbers = page_sample(path, Path(folder))
        (fast, fast_rows), (reference, reference_rows) = page_reading(read, "pdfium"), page_reading(read, "pdfplumber")
    if len(fast) != len(reference):
        return f"{path.name}: {len(fast)} pages from pdfium, {len(reference)} from pdfplumber"
    for number, (words_a, tables_a), (words_b, tables_b) in zip(numbers, fast, reference):
        if words_a != words_b:
            line = next(i for i, (a, b) in enumerate(zip(words_a + [[]], words_b + [[]])) if a != b)
            a = words_a[line] if line < len(words_a) else None
            b = words_b[line] if line < len(words_b) else None
            return f"{path.relative_to(ROOT)} page {number} line {line}: pdfium {a} != pdfplumber {b}"
        if tables_a != tables_b:
            return f"{path.relative_to(ROOT)} page {number}: the tables' cells differ"
    rows = extraction_difference(fast_rows, reference_rows)
    return rows and f"{path.relative_to(ROOT)}: {rows}"


@pytest.fixture(scope="module")
def differences() -> dict[Path, str | None]:
    with ProcessPoolExecutor(max_workers=2) as pool:
        return dict(zip(PDFS, pool.map(first_difference, PDFS)))


def test_the_corpus_covers_every_producer():
    producers = {p.parent.name for p in PDFS if p.parent.parent.name == "producers"}
    assert len(producers) >= 6 and len(PDFS) >= 60


@pytest.mark.parametrize("path", PDFS, ids=lambda p: f"{p.parent.name}/{p.stem[:3]}")
def test_both_sources_read_the_same_words_cells_and_rows(differences, path):
    assert differences[path] is None, differences[path]


def test_extractions_differing_in_a_field_or_a_box_are_told_apart():
    row = {"row": 1, "measure": "planned", "period": "2024-01", "value": 1.0}
    one = {"values": [(row, (10.0, 20.0, 30.0, 40.0))], "document": ("ceplan", 2024, None, None, "")}
    assert extraction_difference(one, one) is None
    assert extraction_difference(one, {**one, "values": [(row, (10.4, 20.0, 30.0, 40.0))]}) is None
    assert "box" in extraction_difference(one, {**one, "values": [(row, (10.6, 20.0, 30.0, 40.0))]})
    assert "pdfplumber" in extraction_difference(one, {**one, "values": [({**row, "value": 2.0}, (10.0, 20.0, 30.0, 40.0))]})
    assert extraction_difference(one, None) and extraction_difference(None, None) is None


def test_a_long_document_is_sampled_on_the_first_page_of_each_layout_and_its_last():
    """Calc's print of 003 starts its Ficha tables on page 19, past the first
    16 pages a sample of the document's head and tail took."""
    calc = ROOT / "tests" / "producers" / "libreoffice-calc" / "003_c18181cb25637abd.pdf"
    pages = [index + 1 for index in layout_firsts(calc)]
    assert 19 in pages and pages[0] == 1 and pages[-1] == 55
    assert len(pages) < 15
