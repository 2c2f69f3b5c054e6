"""Any plan with a table whose header holds the periods: the fallback family.

Used when a document matches no known family but prints at least one table
whose header names the twelve months (Ene/ENE/Enero/ENERO/1..12, Set/Sep/
Setiembre/Septiembre, Ago/Agó), the quarters (I..IV Trimestre -> YYYY-Qn) or the
semesters (I/II Semestre -> YYYY-Hn). Columns are mapped by their printed labels
(vocabulary.HEADER_FIELDS), in whatever order they come; the unit is the caption
or the heading above the table; the year comes from the document's title.
"""

from __future__ import annotations

from .base import MonthlyTableExtractor, find_period_row
from .document import ParsedDocument
from .layout.records import Table

# Below every known family (their score is at least 1/3 when they match at all).
FALLBACK_SCORE = 0.1


class GenericMonthlyExtractor(MonthlyTableExtractor):
    name = "generic_monthly"

    @classmethod
    def score(cls, doc: ParsedDocument) -> float:
        has_periods = any(has_period_header(t) for page in doc.pages for t in page.tables)
        return FALLBACK_SCORE if has_periods else 0.0


def has_period_header(table: Table) -> bool:
    """Months, quarters or semesters across one of the table's first rows (not bare years:
    a multi-year summary is not a plan's schedule)."""
    row = find_period_row(table.texts())
    if row is None:
        return False
    texts = table.texts()[row]
    return not all(t.strip().isdigit() and len(t.strip()) == 4 for t in texts if t.strip())
