"""Both text sources read the same words and the same cells on every page of every fixture PDF.

The fast source (PDFium) and the reference source (pdfminer, through pdfplumber)
report glyphs differently: PDFium gives the size set by the text operator and boxes
from the font's ascent, pdfminer the size on paper and one-em boxes; PDFium splits
ligatures, pdfminer keeps "ﬁ"; producers print spaces as glyphs or only leave room
for them. The layer above the sources must not care: on every page of the reportlab
samples, variants and other countries' plans (tests/locales) and of every other
producer's prints, the words of every line and the text of every table cell are
identical from both sources.
"""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from conftest import RAW, ROOT
from extractors.document import read_document
from extractors.layout import TableSettings, get_source
from extractors.layout.words import chars_to_words

PDFS = sorted([*RAW.glob("*.pdf"), *(ROOT / "tests" / "variants").glob("*.pdf"),
               *(ROOT / "tests" / "locales").glob("*.pdf"), *(ROOT / "tests" / "producers").glob("*/*.pdf")])


def page_reading(path: Path, source: str) -> list[tuple[list[list[str]], list[list[list[str]]]]]:
    """Per page: the words of every line of the page's glyphs, and the cell texts
    of every table the table layer finds (the tables as read in a whole document,
    continuations included)."""
    settings = TableSettings.resolve(None)
    contents = list(get_source(source).iter_pages(path))  # read once: pdfminer is the slow part
    words = [chars_to_words(page.chars, settings) for page in contents]
    doc = read_document(path, Replay(source, contents), settings)
    return [(w, [t.texts() for t in layout.tables]) for w, layout in zip(words, doc.pages)]


class Replay:
    """A text source giving pages already read (the TextSource protocol)."""

    def __init__(self, name: str, contents: list):
        self.name, self.contents = name, contents

    def count_pages(self, path: Path) -> int:
        return len(self.contents)

    def iter_pages(self, path: Path):
        return iter(self.contents)


def first_difference(path: Path) -> str | None:
    fast, reference = page_reading(path, "pdfium"), page_reading(path, "pdfplumber")
    if len(fast) != len(reference):
        return f"{path.name}: {len(fast)} pages from pdfium, {len(reference)} from pdfplumber"
    for number, ((words_a, tables_a), (words_b, tables_b)) in enumerate(zip(fast, reference), start=1):
        if words_a != words_b:
            line = next(i for i, (a, b) in enumerate(zip(words_a + [[]], words_b + [[]])) if a != b)
            a = words_a[line] if line < len(words_a) else None
            b = words_b[line] if line < len(words_b) else None
            return f"{path.relative_to(ROOT)} page {number} line {line}: pdfium {a} != pdfplumber {b}"
        if tables_a != tables_b:
            return f"{path.relative_to(ROOT)} page {number}: the tables' cells differ"
    return None


@pytest.fixture(scope="module")
def differences() -> dict[Path, str | None]:
    with ProcessPoolExecutor(max_workers=2) as pool:
        return dict(zip(PDFS, pool.map(first_difference, PDFS)))


def test_the_corpus_covers_every_producer():
    producers = {p.parent.name for p in PDFS if p.parent.parent.name == "producers"}
    assert len(producers) >= 6 and len(PDFS) >= 60


@pytest.mark.parametrize("path", PDFS, ids=lambda p: f"{p.parent.name}/{p.stem[:3]}")
def test_both_sources_read_the_same_words_and_cells(differences, path):
    assert differences[path] is None, differences[path]
