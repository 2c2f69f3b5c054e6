"""A PDF read once into page layouts: the input every family extractor works on."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .layout.records import OcrWord, PageContent, Table, TextLine
from .layout.sources import TextSource
from .layout.page import page_to_tables
from .layout.settings import TableSettings
from .vocabulary import normalize_label


@dataclass(frozen=True, slots=True)
class PageLayout:
    """Tables and loose text lines of one page (the output of the pure page step)."""

    number: int
    width: float
    height: float
    n_chars: int
    tables: tuple[Table, ...]
    lines: tuple[TextLine, ...]
    text_size: float = 0.0  # median size of the page's glyphs (its body text, tables included)
    ocr_words: tuple[OcrWord, ...] | None = None  # the page's words as OCR read them (None: text layer)


def layout_texts(page: PageLayout) -> Iterator[str]:
    """The texts of a page's loose lines, then of its tables' cells (those not empty)."""
    yield from (line.text for line in page.lines)
    yield from (cell.text for table in page.tables for cell in table.cells if cell.text)


def page_to_layout(page: PageContent, settings: TableSettings, previous: Table | None = None) -> PageLayout:
    """``previous``: the last table of the page before (see ``page_to_tables``)."""
    tables, lines = page_to_tables(page, settings, previous)
    sizes = sorted(c.size for c in page.chars)
    text_size = sizes[len(sizes) // 2] if sizes else 0.0
    return PageLayout(page.number, page.width, page.height, len(page.chars), tuple(tables), tuple(lines),
                      text_size, page.ocr_words)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass
class ParsedDocument:
    path: Path
    sha256: str
    pages: list[PageLayout]
    boilerplate: frozenset[str] = field(default_factory=frozenset)
    # Page number -> the earlier page it repeats exactly (same glyphs and paths at the same
    # places): such a page is in ``pages`` with no tables and no lines, read once.
    repeats: dict[int, int] = field(default_factory=dict)

    def front_text(self, n_pages: int = 3) -> str:
        """Loose text and table text of the first pages, for classification and metadata; on a
        page read by OCR the engine's words too, in its reading order: the table layer can cut a
        scanned cover into cells ("Instituto Salvadoreño del Seguro Unidad de Pensiones" |
        "Social", 002 on the seed-47 draw), and the institution's name, never whole in a line
        or a cell, did not name the family."""
        parts: list[str] = []
        for page in self.pages[:n_pages]:
            parts.extend(layout_texts(page))
            if page.ocr_words:
                parts.append(" ".join(word.text for word in page.ocr_words))
        return "\n".join(parts)


def read_document(
    path: Path,
    source: TextSource,
    settings: TableSettings,
    on_page: Callable[[int], None] | None = None,
    sha256: str | None = None,
) -> ParsedDocument:
    """Read every page of a PDF into layouts (a pure step per page).

    Each page sees only the last table of the page before: a table broken over a
    page keeps its columns, even those left blank on the new page, which text
    alignment alone cannot see. Pass ``sha256`` when the caller has already hashed
    the file.

    A page with text that repeats an earlier page exactly (a page listed twice in the
    file's page tree, a page tree that loops back, a page copied by a bad merge) is
    read once: it keeps its place in ``pages`` with no tables and no lines, and
    ``repeats`` says which page it repeats. Its rows would otherwise be the earlier
    page's rows twice, silently.
    """
    pages: list[PageLayout] = []
    repeats: dict[int, int] = {}
    first_of: dict[tuple, int] = {}  # a page's content, hashed -> the first page with it
    previous: Table | None = None  # the last table of the last page read
    for content in source.iter_pages(path):
        key = _content_key(content) if content.chars else None
        if key is not None and key in first_of:
            repeats[content.number] = first_of[key]
            pages.append(PageLayout(content.number, content.width, content.height, len(content.chars), (), ()))
        else:
            if key is not None:
                first_of[key] = content.number
            layout = page_to_layout(content, settings, previous)
            pages.append(layout)
            previous = layout.tables[-1] if layout.tables else None
        if on_page:
            on_page(content.number)
    return ParsedDocument(path, sha256 or file_sha256(path), pages, find_boilerplate(pages), repeats)


def _content_key(content: PageContent) -> tuple:
    """What two identical pages share: a hash of everything the page reader sees, with
    the glyph count and the first and last glyphs (no page is held in memory for it)."""
    chars = content.chars
    return (hash((content.width, content.height, chars, content.shapes)), len(chars), chars[0], chars[-1])


def find_boilerplate(pages: Iterable[PageLayout], share: float = 0.2, minimum: int = 3) -> frozenset[str]:
    """Text lines repeated on many pages (running headers and footers)."""
    pages = list(pages)
    counts = Counter(normalize_label(text) for page in pages for text in {line.text for line in page.lines})
    floor = max(minimum, share * len(pages))
    return frozenset(text for text, n in counts.items() if n >= floor)
