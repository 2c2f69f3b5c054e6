"""The page reader: any PDF page -> glyphs and rulings -> words -> tables of cells.

Producer-independent and free of domain knowledge (no plans, months or Spanish):
the family extractors in :mod:`extractors` read plans from its tables. Stages, each
a module of pure functions over the plain records of :mod:`.records`:

* :mod:`.sources`: a PDF page -> :class:`PageContent` (glyphs, ruling edges); the
  text source is swappable (pdfium, the fast default; pdfplumber, the reference);
* :mod:`.words`: glyphs -> lines -> words and cell text;
* :mod:`.rulings`: ruling edges -> ruled grids -> cells (the ``lines`` strategy);
* :mod:`.alignment`: tables without rulings, from text alignment (``text``);
* :mod:`.page`: one page -> its tables and loose text lines (``auto`` runs both);
* :mod:`.settings`: :class:`TableSettings`, validated once at the entry point.
"""

from .page import page_to_tables
from .records import Cell, Char, Edge, PageContent, Table, TextLine
from .settings import STRATEGIES, TableSettings
from .sources import SOURCES, PdfOpenError, TextSource, get_source

__all__ = ["SOURCES", "STRATEGIES", "Cell", "Char", "Edge", "PageContent", "PdfOpenError", "Table",
           "TableSettings", "TextLine", "TextSource", "get_source", "page_to_tables"]
