"""Extractor family base: one template method, hooks per document family.

``BaseExtractor.extract`` runs fixed steps over a :class:`ParsedDocument`::

    walk pages in reading order        -> headings, signatures, tables
    read_segment(table)                -> Segment (activity table part) or None
    link segments into logical tables  -> chains across page breaks
    resolve_context(segment, chain)    -> unit / section of each segment   [hook]
    segment_to_drafts(segment)         -> rows, merged across wrapped/split rows
    repair_row(row)                    -> fix printing accidents            [hook]
    drafts_to_records                  -> activities, values, quarantine

Family modules subclass :class:`MonthlyTableExtractor` and override hooks only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import ClassVar

from .document import ParsedDocument
from .records import Cell, Table, TextLine
from .values import parse_number, parse_value
from .vocabulary import (
    PLAN_TITLE_YEAR,
    SCHEDULE_CAPTION,
    is_signature_marker,
    label_to_field,
    label_to_month,
    normalize_label,
)

TEXT_FIELDS = (
    "unit", "section", "code", "activity", "strategic_line", "expected_result", "verification",
    "responsible", "measure_unit", "aggregation", "priority", "cost_center",
)
NUMBER_FIELDS = ("total_planned", "total_executed", "progress_pct")
YEAR = re.compile(r"^(19|20)\d\d$")


# --------------------------------------------------------------------------- records


@dataclass(frozen=True, slots=True)
class Column:
    """What one grid column of an activity table holds."""

    field: str | None = None  # an activities field, or None
    measure: str | None = None  # planned | executed for value columns
    period: str | None = None  # YYYY-MM / YYYY for value columns
    label: str = ""

    @property
    def is_value(self) -> bool:
        return self.measure is not None


@dataclass
class Segment:
    """The part of one activity table printed on one page."""

    page: int
    table: Table
    columns: list[Column]
    body: list[list[Cell | None]]
    caption_unit: str | None
    heading: str | None  # the heading in force above the table (None after a signature)
    starts_table: bool = False  # a signature or a new heading came since the previous segment
    chain: int = -1
    unit: str | None = None
    section: str | None = None


@dataclass
class ValueDraft:
    measure: str
    period: str
    raw: str
    cell: Cell
    page: int


@dataclass
class RowDraft:
    """One activity as it is being assembled from one or more printed rows."""

    fields: dict[str, str]
    values: list[ValueDraft]
    page_first: int
    page_last: int
    extra: list[tuple[int, Cell]] = field(default_factory=list)  # (page, cell) under unlabelled columns


@dataclass
class ExtractionResult:
    activities: list[dict]
    values: list[dict]
    quarantine: list[dict]
    tables: list[dict]  # one quality record per table seen
    plan_year: int | None
    message: str = ""


# --------------------------------------------------------------------------- base


class BaseExtractor:
    """Template for a document family. Subclasses set the class attributes."""

    name: ClassVar[str] = "base"
    country: ClassVar[str | None] = None
    institution: ClassVar[str | None] = None
    # Normalised labels that, all present in one table header, identify the family.
    signature: ClassVar[frozenset[str]] = frozenset()
    # Text that must appear on the first pages (institution name), normalised.
    front_markers: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def score(cls, doc: ParsedDocument) -> float:
        """How well the document matches the family: 0 (not at all) .. 1."""
        front = normalize_label(doc.front_text())
        if cls.front_markers and not all(m in front for m in cls.front_markers):
            return 0.0
        headers = [header_labels(t) for p in doc.pages for t in p.tables]
        hits = sum(1 for labels in headers if cls.signature <= labels)
        return min(1.0, hits / 3) if cls.signature else 0.0

    def extract(self, doc: ParsedDocument) -> ExtractionResult:
        raise NotImplementedError


def header_labels(table: Table, max_rows: int = 3) -> set[str]:
    """Normalised texts of the first rows of a table (where headers are)."""
    return {normalize_label(c.text) for c in table.cells if c.row < max_rows and c.text}


def plan_year_from_text(text: str) -> int | None:
    match = PLAN_TITLE_YEAR.search(text)
    return int(match.group(1)) if match else None


class MonthlyTableExtractor(BaseExtractor):
    """Plans printed as tables with one column per month (PAT-style)."""

    heading_scale: ClassVar[float] = 1.2  # a heading is this much larger than body text, or bold

    # ----------------------------------------------------------- template method

    def extract(self, doc: ParsedDocument) -> ExtractionResult:
        year = plan_year_from_text(doc.front_text(6))
        segments, tables = self.find_segments(doc, year)
        chains = link_segments(segments)
        for chain in chains:
            for seg in chain:
                self.resolve_context(seg, chain)
        drafts: list[RowDraft] = []
        quarantine: list[dict] = []
        for chain in chains:
            drafts.extend(self.chain_to_drafts(chain, quarantine))
        activities, values = drafts_to_records(drafts, quarantine)
        message = "" if activities else "no activity table recognised"
        return ExtractionResult(activities, values, quarantine, tables, year, message)

    # ----------------------------------------------------------- page walk

    def find_segments(self, doc: ParsedDocument, year: int | None) -> tuple[list[Segment], list[dict]]:
        segments: list[Segment] = []
        tables: list[dict] = []
        heading: str | None = None
        previous: Segment | None = None
        broken = True  # nothing open yet
        # Body size over the whole document: a page may hold nothing but its heading.
        body_size = _median([l.size for p in doc.pages for l in p.lines]) or 0.0
        for page in doc.pages:
            items: list[tuple[float, int, object]] = [(l.top, 0, l) for l in page.lines]
            items += [(t.top, 1, t) for t in page.tables]
            pending_heading: list[TextLine] = []
            for _, _, item in sorted(items, key=lambda x: (x[0], x[1])):
                if isinstance(item, TextLine):
                    if is_signature_marker(item.text):  # before boilerplate: it repeats too
                        heading, pending_heading, broken = None, [], True
                        previous = None  # a signature closes the logical table
                    elif normalize_label(item.text) in doc.boilerplate:
                        continue
                    elif self.is_heading(item, body_size):
                        # A wrapped heading's lines touch; separate headings have paragraph space.
                        if pending_heading and item.top - pending_heading[-1].bottom < 0.25 * item.size:
                            pending_heading.append(item)
                        else:
                            pending_heading = [item]
                        text = " ".join(l.text for l in pending_heading)
                        # Plans repeat the heading on continuation pages: only a new one breaks.
                        broken = broken or text != heading
                        heading = text
                    continue
                pending_heading = []
                seg = self.read_segment(item, heading, year, previous)
                tables.append(table_report(item, seg is not None))
                if seg is not None:
                    seg.starts_table = broken
                    segments.append(seg)
                    previous, broken = seg, False
        return segments, tables

    def is_heading(self, line: TextLine, body_size: float) -> bool:
        return body_size > 0 and line.size >= self.heading_scale * body_size

    # ----------------------------------------------------------- segments

    def read_segment(self, table: Table, heading: str | None, year: int | None,
                     previous: Segment | None) -> Segment | None:
        grid = table.grid()
        texts = table.texts()
        month_row = find_period_row(texts)
        if month_row is None:
            # A table with no header at the top of the next page continues the
            # previous segment (MTPS 2022 prints one such page, under the page header).
            if (previous is not None and table.page == previous.page + 1
                    and table.n_cols == len(previous.columns) and table.order <= 1
                    and not _has_any_label(texts[0])):
                return Segment(table.page, table, previous.columns, grid, None, heading)
            return None
        first_label_row = next((r for r in range(month_row + 1) if _has_any_label(texts[r])), month_row)
        labels = [" ".join(texts[r][c] for r in range(first_label_row, month_row + 1) if texts[r][c])
                  for c in range(table.n_cols)]
        columns = self.map_columns(labels, texts[month_row], year)
        if columns is None:
            return None
        caption_unit = None
        for r in range(first_label_row):
            first = texts[r][0].strip()
            if first and not SCHEDULE_CAPTION.match(first):
                caption_unit = first
                break
        return Segment(table.page, table, columns, grid[month_row + 1:], caption_unit, heading)

    def map_columns(self, labels: list[str], period_row: list[str], year: int | None) -> list[Column] | None:
        """Column roles from the printed header labels."""
        periods = row_periods(period_row, year)
        columns = []
        for label, period in zip(labels, periods):
            if period:
                columns.append(Column(measure="planned", period=period, label=label))
            else:
                columns.append(Column(field=label_to_field(label), label=label))
        if not any(c.field == "activity" for c in columns):
            return None
        return columns

    # ----------------------------------------------------------- hooks

    def resolve_context(self, seg: Segment, chain: list[Segment]) -> None:
        """Set seg.unit / seg.section. Default: caption, else heading."""
        seg.unit = seg.caption_unit or seg.heading

    def is_fragment(self, row: RowDraft, columns: list[Column]) -> bool:
        """A printed row that is the wrapped remainder of the row above.

        It carries no value, and either fewer than two text cells, or (when the
        table has a responsible column) no responsible: a real activity always
        names who is responsible.
        """
        if row.values:
            return False
        texts = [v for k, v in row.fields.items() if v and k not in ("unit", "section")]
        if len(texts) <= 1:
            return True
        has_responsible = any(c.field == "responsible" for c in columns)
        return has_responsible and not row.fields.get("responsible")

    def repair_row(self, cells: list[Cell | None], columns: list[Column]) -> list[Cell | None]:
        """Undo a row printed one column to the right (values under an unlabelled last column).

        Seen in the Dirección de Integración PAT 2024: the first value column is
        blank and the trailing unlabelled column holds the row's last number.
        """
        value_idx = [i for i, c in enumerate(columns) if c.is_value]
        if not value_idx:
            return cells
        tail = [i for i, c in enumerate(columns) if i > value_idx[-1] and c.field is None and not c.is_value]
        if not tail:
            return cells
        last = tail[-1]
        first = value_idx[0]
        if _text(cells[last]) and not _text(cells[first]) and last == len(columns) - 1:
            moved = list(cells)
            for i in range(first, last):
                moved[i] = _moved(cells[i + 1], cells[i])
            moved[last] = None
            return moved
        return cells

    # ----------------------------------------------------------- rows

    def chain_to_drafts(self, chain: list[Segment], quarantine: list[dict]) -> list[RowDraft]:
        drafts: list[RowDraft] = []
        for seg in chain:
            for cells in seg.body:
                cells = self.repair_row(cells, seg.columns)
                row = cells_to_draft(cells, seg)
                if row is None:
                    continue
                if drafts and self.is_fragment(row, seg.columns):
                    merge_drafts(drafts[-1], row)
                    continue
                drafts.append(row)
        return drafts


# --------------------------------------------------------------------------- helpers


def _text(cell: Cell | None) -> str:
    return cell.text if cell else ""


def _moved(source: Cell | None, target: Cell | None) -> Cell | None:
    """A cell's text placed in the box of the column it belongs to."""
    if source is None or not source.text:
        return None
    if target is None:
        return source
    return Cell(target.row, target.col, 1, 1, target.x0, target.top, target.x1, target.bottom, source.text)


def _median(values: list[float]) -> float | None:
    if not values:
        return None
    values = sorted(values)
    return values[len(values) // 2]


def _has_any_label(row: list[str]) -> bool:
    return any(label_to_field(t) for t in row if t)


def row_periods(row: list[str], year: int | None) -> list[str | None]:
    """Period of each cell of a header row: months by name or 1..12 in order, or years."""
    months = [label_to_month(t) if t else None for t in row]
    if sum(m is not None for m in months) >= 10:
        return [f"{year}-{m:02d}" if m and year else None for m in months]
    numbers = [t.strip() for t in row]
    seq = [i for i, t in enumerate(numbers) if t.isdigit() and 1 <= int(t) <= 12]
    if len(seq) == 12 and [int(numbers[i]) for i in seq] == list(range(1, 13)):
        return [f"{year}-{int(t):02d}" if i in seq and year else None for i, t in enumerate(numbers)]
    years = [t.strip() if YEAR.match(t.strip()) else None for t in row]
    if sum(y is not None for y in years) >= 3:
        return years
    return [None] * len(row)


def find_period_row(texts: list[list[str]], max_rows: int = 4) -> int | None:
    """Index of the header row holding the period labels (months or years)."""
    for r, row in enumerate(texts[:max_rows]):
        if any(row_periods(row, 2000)):
            return r
    return None


def link_segments(segments: list[Segment]) -> list[list[Segment]]:
    """Chain segments into logical tables: a segment at the top of the page after
    its predecessor, with no signature or new heading between, continues it."""
    chains: list[list[Segment]] = []
    for seg in segments:
        prev = chains[-1][-1] if chains else None
        if (prev is not None and not seg.starts_table and seg.page == prev.page + 1
                and _first_on_page(seg, segments)):
            chains[-1].append(seg)
        else:
            chains.append([seg])
        seg.chain = len(chains) - 1
    return chains


def _first_on_page(seg: Segment, segments: list[Segment]) -> bool:
    return next(s for s in segments if s.page == seg.page) is seg


def cells_to_draft(cells: list[Cell | None], seg: Segment) -> RowDraft | None:
    fields: dict[str, str] = {}
    values: list[ValueDraft] = []
    extra: list[tuple[int, Cell]] = []
    for col, cell in zip(seg.columns, cells):
        if cell is None or not cell.text:
            continue
        if col.is_value:
            values.append(ValueDraft(col.measure, col.period, cell.text, cell, seg.page))
        elif col.field:
            fields[col.field] = (fields[col.field] + " " + cell.text) if col.field in fields else cell.text
        else:
            extra.append((seg.page, cell))
    if not fields and not values and not extra:
        return None
    if seg.unit and "unit" not in fields:
        fields["unit"] = seg.unit
    if seg.section and "section" not in fields:
        fields["section"] = seg.section
    return RowDraft(fields, values, seg.page, seg.page, extra)


def merge_drafts(parent: RowDraft, fragment: RowDraft) -> None:
    """Append a wrapped/page-split remainder to its parent row (text joined with a space)."""
    for key, text in fragment.fields.items():
        if key in ("unit", "section"):
            continue
        parent.fields[key] = f"{parent.fields[key]} {text}" if parent.fields.get(key) else text
    parent.values.extend(fragment.values)
    parent.extra.extend(fragment.extra)
    parent.page_last = max(parent.page_last, fragment.page_last)


def drafts_to_records(drafts: list[RowDraft], quarantine: list[dict]) -> tuple[list[dict], list[dict]]:
    activities: list[dict] = []
    values: list[dict] = []
    for row_number, draft in enumerate(drafts, start=1):
        record = {name: draft.fields.get(name) for name in TEXT_FIELDS}
        record.update({name: parse_number(draft.fields.get(name)) for name in NUMBER_FIELDS})
        record.update(row=row_number, page_first=draft.page_first, page_last=draft.page_last)
        activities.append(record)
        for v in draft.values:
            parsed = parse_value(v.raw)
            if not parsed.ok:
                quarantine.append(quarantine_record(v.page, "value_not_a_number", [v.raw]))
                continue
            values.append({
                "row": row_number, "measure": v.measure, "period": v.period, "value": parsed.value,
                "raw": v.raw, "value_kind": parsed.kind, "page": v.page,
                "x0": v.cell.x0, "top": v.cell.top, "x1": v.cell.x1, "bottom": v.cell.bottom,
            })
        for page, cell in draft.extra:
            quarantine.append(quarantine_record(
                page, "value_under_unlabelled_column", [draft.fields.get("activity") or "", cell.text]))
    return activities, values


def quarantine_record(page: int | None, reason: str, cells: list[str]) -> dict:
    return {"page": page, "reason": reason, "cells": cells}



def table_report(table: Table, is_activity: bool) -> dict:
    filled = sum(1 for c in table.cells if c.text)
    return {
        "page": table.page, "order": table.order, "rows": table.n_rows, "cols": table.n_cols,
        "activity": is_activity, "filled_share": round(filled / max(1, len(table.cells)), 3),
    }
