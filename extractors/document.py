"""A PDF read once into page layouts: the input every family extractor works on."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .layout.records import PageContent, Table, TextLine
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


def page_to_layout(page: PageContent, settings: TableSettings, previous: Table | None = None) -> PageLayout:
    """``previous``: the last table of the page before (see ``page_to_tables``)."""
    tables, lines = page_to_tables(page, settings, previous)
    sizes = sorted(c.size for c in page.chars)
    text_size = sizes[len(sizes) // 2] if sizes else 0.0
    return PageLayout(page.number, page.width, page.height, len(page.chars), tuple(tables), tuple(lines),
                      text_size)


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

    def front_text(self, n_pages: int = 3) -> str:
        """Loose text and table text of the first pages, for classification and metadata."""
        parts: list[str] = []
        for page in self.pages[:n_pages]:
            parts.extend(line.text for line in page.lines)
            for table in page.tables:
                parts.extend(cell.text for cell in table.cells if cell.text)
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
    """
    pages: list[PageLayout] = []
    for content in source.iter_pages(path):
        previous = pages[-1].tables[-1] if pages and pages[-1].tables else None
        pages.append(page_to_layout(content, settings, previous))
        if on_page:
            on_page(content.number)
    return ParsedDocument(path, sha256 or file_sha256(path), pages, find_boilerplate(pages))


def find_boilerplate(pages: Iterable[PageLayout], share: float = 0.2, minimum: int = 3) -> frozenset[str]:
    """Text lines repeated on many pages (running headers and footers)."""
    pages = list(pages)
    counts = Counter(normalize_label(text) for page in pages for text in {line.text for line in page.lines})
    floor = max(minimum, share * len(pages))
    return frozenset(text for text, n in counts.items() if n >= floor)
