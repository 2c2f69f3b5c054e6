"""Any plan with a table whose header holds the periods: the fallback family.

Used when a document matches no known family but prints at least one table
whose header names the twelve months (Ene/ENE./Enero/ENERO/1..12, Set/Sep/
Setiembre/Septiembre, Ago/Agó, "Ene-25"), the quarters (I..IV Trimestre, 1er Trim.,
Trimestre 1 -> YYYY-Qn) or the semesters (I/II Semestre -> YYYY-Hn), under any
spanning label ("PROGRAMACIÓN MENSUAL 2025", "CRONOGRAMA", "METAS FÍSICAS 2025").

* Columns are mapped by their printed labels (vocabulary.HEADER_FIELDS), in
  whatever order they come. The annual goal ("Meta anual", "Meta", "Total",
  "Programado anual", "Cantidad") is ``total_planned``: the months are the values,
  the goal is no value of its own. A table without an activity column names its
  rows by its finest product column ("Subproducto", "Producto", "Indicador").
* The unit: a caption row or a line over the table that names it with a label
  ("Dependencia: X", "Unidad ejecutora: X": the unit is X), else the heading above
  the table; or a unit column ("Unidad responsable", "Dependencia"), printed on the
  first row of a unit's group and blank below it (each row belongs to the last unit
  printed above it in the same table, across page breaks). A table that names its
  units in a column takes the heading above it as the section (a budget program).
* The year comes from the document's title ("Plan Operativo Anual 2025",
  "Programa Operativo Anual 2025", "POA 2025"), else a "Vigencia 2025" label.
"""

from __future__ import annotations

from .base import (
    Column,
    MonthlyTableExtractor,
    RowDraft,
    RowTally,
    Segment,
    find_period_row,
    labels_to_columns,
    row_periods,
)
from .document import ParsedDocument
from .layout.records import Table, TextLine
from .vocabulary import activity_fallback, is_unit_caption, unit_from_caption

# Below every known family (their score is at least 1/3 when they match at all).
FALLBACK_SCORE = 0.1


class GenericMonthlyExtractor(MonthlyTableExtractor):
    name = "generic_monthly"

    @classmethod
    def score(cls, doc: ParsedDocument) -> float:
        has_periods = any(has_period_header(t) for page in doc.pages for t in page.tables)
        return FALLBACK_SCORE if has_periods else 0.0

    def is_heading(self, line: TextLine, reference: float) -> bool:
        # A line naming the unit with its label sets the unit of the tables below it,
        # like a heading, whatever its size ("Dependencia: X" in body text over a table).
        return super().is_heading(line, reference) or is_unit_caption(line.text)

    def map_columns(self, labels: list[str], period_row: list[str], year: int | None) -> list[Column] | None:
        columns = labels_to_columns(labels, row_periods(period_row, year), year)
        if not any(c.field == "activity" for c in columns):
            # No activity column: the finest product column names the rows.
            index = activity_fallback([c.label if c.field else "" for c in columns])
            if index is None:
                return None
            columns[index] = Column(field="activity", label=columns[index].label)
        return columns

    def resolve_context(self, seg: Segment, chain: list[Segment]) -> None:
        has_unit_column = any(c.field == "unit" for c in seg.columns)
        if seg.caption_unit:
            seg.unit = unit_from_caption(seg.caption_unit)
            seg.section = seg.heading if has_unit_column else None
        elif has_unit_column and not (seg.heading and is_unit_caption(seg.heading)):
            # The table names each row's unit; the heading over it is the program.
            seg.unit, seg.section = None, seg.heading
        else:
            seg.unit = unit_from_caption(seg.heading)

    def chain_to_drafts(self, chain: list[Segment], quarantine: list[dict], tally: RowTally) -> list[RowDraft]:
        drafts = super().chain_to_drafts(chain, quarantine, tally)
        if any(c.field == "unit" for seg in chain for c in seg.columns):
            fill_down_unit(drafts)
        return drafts


def fill_down_unit(drafts: list[RowDraft]) -> None:
    """A unit column printed on the first row of each unit's group, blank below it:
    every row belongs to the last unit printed above it in the same table."""
    unit = None
    for draft in drafts:
        if draft.fields.get("unit"):
            unit = draft.fields["unit"]
        elif unit:
            draft.fields["unit"] = unit


def has_period_header(table: Table) -> bool:
    """Months, quarters or semesters across one of the table's first rows (not bare years:
    a multi-year summary is not a plan's schedule)."""
    row = find_period_row(table.texts())
    if row is None:
        return False
    texts = table.texts()[row]
    return not all(t.strip().isdigit() and len(t.strip()) == 4 for t in texts if t.strip())
