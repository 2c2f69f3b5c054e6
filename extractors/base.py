"""Extractor family base: one template method, hooks per document family.

``MonthlyTableExtractor.extract`` runs fixed steps over a :class:`ParsedDocument`::

    prepare(doc)                       -> document-level context            [hook]
    walk pages in reading order        -> headings, signatures, tables
    read_segment(table)                -> Segment (activity table part) or None
      find_header / map_columns        -> what each column holds            [hooks]
    link segments into logical tables  -> chains across page breaks
    resolve_context(segment, chain)    -> unit / section of each segment   [hook]
    chain_to_drafts                    -> rows, merged across wrapped/split rows
      repair_row                       -> fix printing accidents            [hook]
      is_grouping_row                  -> OEI/AEI rows that set context     [hook]
      is_summary_row                   -> TOTAL rows (accounted, not kept)  [hook]
      is_fragment                      -> wrapped / second-line rows        [hook]
    finish_drafts                      -> whole-document fix-ups            [hook]
    codes_read                         -> OCR'd activity codes as printed, split from their name
    codes_joined                       -> codes without OCR's word breaks
    drafts_to_records                  -> activities, values, quarantine

Family modules subclass :class:`MonthlyTableExtractor` and override hooks only.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field, replace
from typing import ClassVar, Sequence

from rapidfuzz.distance import Levenshtein

from .categories import categories_agreed
from .document import PageLayout, ParsedDocument, layout_texts
from .layout.records import OCR_MIN_CONFIDENCE, UNREADABLE, Cell, OcrWord, Table, TextLine
from .stray_marks import stray_marks_dropped
from .values import POINT_DECIMAL, LocaleDecision, NumberLocale, decide_locale, parse_number, parse_value
from .vocabulary import (
    AOI_CODE,
    AOI_DIGITS,
    AOI_UNIT_DIGITS,
    AOI_UNIT_MIN_CODES,
    MONTHS,
    PLAN_TITLE_YEAR,
    PLAN_YEAR_LABEL,
    SCHEDULE_CAPTION,
    YEAR_LABEL,
    activity_code_parts,
    activity_code_read,
    annual_value_measure,
    cell_measure,
    is_signature_marker,
    label_read_as,
    label_to_field,
    label_to_measure,
    label_to_month,
    label_to_subperiod,
    label_to_year,
    names_unit,
    normalize_label,
)

TEXT_FIELDS = (
    "unit", "section", "code", "activity", "strategic_line", "expected_result", "verification",
    "responsible", "measure_unit", "aggregation", "priority", "cost_center",
)
NUMBER_FIELDS = ("total_planned", "total_executed", "progress_pct")
# Quarantine reasons that account for a printed row without casting doubt on the
# document (a document is "partial" only for the other reasons).
INFO_REASONS = frozenset({"summary_row"})
# The rows of a table that looks like the family's own (its header names periods, or it
# continues such a table on the next page) but whose columns were not recognised.
TABLE_COLUMNS_UNREAD = "table_columns_unread"


# --------------------------------------------------------------------------- records


@dataclass(frozen=True, slots=True)
class Column:
    """What one grid column of an activity table holds."""

    field: str | None = None  # an activities field (or a helper field such as "measure"), or None
    measure: str | None = None  # planned | executed for value columns
    period: str | None = None  # YYYY-MM / YYYY-Qn / YYYY for value columns
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

    fields: dict[str, str]  # printed cells, by field
    values: list[ValueDraft]
    page_first: int
    page_last: int
    extra: list[tuple[int, Cell]] = field(default_factory=list)  # (page, cell) under unlabelled columns
    context: dict[str, str] = field(default_factory=dict)  # unit/section/... in force, not printed in the row
    spanned: frozenset[str] = frozenset()  # fields printed in a cell that spans down from the row above

    @property
    def measure(self) -> str | None:
        """planned/executed when the row says which it holds (a PROG./EJE. column)."""
        return label_to_measure(self.fields.get("measure", ""), default=None)


@dataclass
class RowTally:
    """What became of every printed body row of the activity tables: nothing is lost silently.

    Each row is blank, a grouping row (context of the rows below), a summary row
    (quarantined), a fragment (merged into the row above) or an activity.
    """

    seen: int = 0
    blank: int = 0
    grouping: int = 0
    summary: int = 0
    fragments: int = 0
    value_cells: int = 0  # printed value cells of the kept rows: each a value or quarantined
    # Rows of tables whose columns were not recognised (``unread_rows``, ``rows_of_a_read_width``),
    # each quarantined whole as ``TABLE_COLUMNS_UNREAD``; not among ``seen``, which counts read
    # tables' rows.
    unread: int = 0


@dataclass
class ExtractionResult:
    activities: list[dict]
    values: list[dict]
    quarantine: list[dict]
    tables: list[dict]  # one quality record per table seen
    plan_year: int | None
    message: str = ""
    institution: str | None = None  # as the document names itself, when the family reads it
    rows: RowTally = field(default_factory=RowTally)
    # How its numbers were read (decimal and thousands marks) and why.
    number_locale: LocaleDecision = field(
        default_factory=lambda: LocaleDecision(POINT_DECIMAL, "default", "no values read"))


@dataclass(frozen=True, slots=True)
class Header:
    """Where a table's header is: label rows first..last; the period row among them (or None)."""

    first: int
    last: int
    period_row: int | None


class BaseExtractor:
    """Template for a document family. Subclasses set the class attributes.

    ``number_locale``: the user's override of the document's number locale
    ("1,234.5" or "1.234,5"); None lets the document's own numbers decide.
    """

    def __init__(self, number_locale: str | None = None):
        self.number_locale = number_locale

    name: ClassVar[str] = "base"
    country: ClassVar[str | None] = None
    institution: ClassVar[str | None] = None
    # Normalised labels that, all present in one table header, identify the family.
    signature: ClassVar[frozenset[str]] = frozenset()
    # Text that must appear on the first pages (institution name), normalised.
    front_markers: ClassVar[tuple[str, ...]] = ()
    # "percent": monthly values are shares of the year's schedule (they should sum to 100).
    schedule: ClassVar[str | None] = None

    @classmethod
    def score(cls, doc: ParsedDocument) -> float:
        """How well the document matches the family: 0 (not at all) .. 1."""
        front = normalize_label(doc.front_text())
        read_by_ocr = any(page.ocr_words for page in doc.pages)
        if cls.front_markers and not all(marker_in(m, front, read_by_ocr) for m in cls.front_markers):
            return 0.0
        headers = [header_labels(t) for p in doc.pages for t in p.tables]
        hits = sum(1 for labels in headers if all(_label_in(known, labels) for known in cls.signature))
        return min(1.0, hits / 3) if cls.signature else 0.0

    def extract(self, doc: ParsedDocument) -> ExtractionResult:
        raise NotImplementedError


def marker_in(marker: str, front: str, read_by_ocr: bool) -> bool:
    """Whether the normalised ``front`` text holds ``marker``, or, read by OCR, its words as
    OCR may read them (``vocabulary.label_read_as`` over as many words of the front): a letter
    misread in the cover's title is no other family. Chromium's plain 004 at 300 dpi grey
    (seed 550) read "PLAN OPERATIVO INSTIFUCIONAL": no CEPLAN report was found, the generic
    family read it without its objectives and actions, and none of its 24 activities was
    read as printed."""
    if marker in front:
        return True
    if not read_by_ocr:
        return False
    words, size = front.split(), len(marker.split())
    return any(label_read_as(" ".join(words[k:k + size]), marker) for k in range(len(words) - size + 1))


def _label_in(known: str, labels: set[str]) -> bool:
    """Whether a header's ``labels`` hold the signature label ``known``, as printed or as OCR
    may read it (``vocabulary.label_read_as``)."""
    return known in labels or any(label_read_as(label, known) for label in labels)


def header_labels(table: Table, max_rows: int = 3) -> set[str]:
    """Normalised texts of the first rows of a table (where headers are)."""
    return {normalize_label(c.text) for c in table.cells if c.row < max_rows and c.text}


def heading_reference(line: TextLine, page_lines: list[TextLine], page_text_size: float,
                      body_size: float, over_table: bool, heading_scale: float) -> float:
    """The size a heading is compared with: the text on its own page.

    Office exports fit each sheet to the page width, so one page prints everything
    at 60% and the next at 100%: a heading is larger than the text around it, not
    than the document's. The reference is the size of the page's other text (loose
    lines of another size, weighted by characters). Where the page has too little
    of it, a line set right over a table (``over_table``, see
    :func:`lines_over_tables`) that is no heading by the document's measure (its
    page is scaled down) is compared with the page's glyphs (its table text); any
    other line with the document's body size.
    """
    others = [(l.size, len(l.text)) for l in page_lines if abs(l.size - line.size) > 0.02 * line.size]
    if sum(n for _, n in others) >= 40:
        return _median([size for size, n in others for _ in range(n)]) or body_size
    if over_table and page_text_size and line.size < heading_scale * body_size:
        return page_text_size
    return body_size


def lines_over_tables(lines: list[TextLine], tables: tuple[Table, ...], join_gap: float) -> set[int]:
    """Ids of the lines set right over a table (nothing between, less than two lines
    of space), with the lines of the same size wrapped above them."""
    out: set[int] = set()
    for table in tables:
        above = [l for l in lines if l.bottom <= table.top + 1e-6]
        if not above:
            continue
        line = max(above, key=lambda l: l.bottom)
        if table.top - line.bottom > 2 * line.size:
            continue
        out.add(id(line))
        for upper in sorted((l for l in above if l.bottom <= line.top + 1e-6), key=lambda l: -l.bottom):
            if line.top - upper.bottom >= join_gap * line.size or abs(upper.size - line.size) > 0.02 * line.size:
                break
            out.add(id(upper))
            line = upper
    return out


def plan_year_from_text(text: str) -> int | None:
    match = PLAN_TITLE_YEAR.search(text)
    return int(match.group(1)) if match else None


def plan_year_from_label(text: str) -> int | None:
    match = PLAN_YEAR_LABEL.search(text)
    return int(match.group(1) or match.group(2)) if match else None


FRONT_PAGES = 6  # the plan year is named on a document's first pages (title, report header)
# Why a document's values went to quarantine when it names no plan year: its month columns
# have none (004's only "Año: 2024" is 3 pt print, which OCR could not read at 150 dpi).
NO_PLAN_YEAR = ("no plan year found (a year in the title or after an \"Año:\" label), so its months have no year "
                "and their values are in quarantine")


def plan_year_of(doc: ParsedDocument) -> tuple[int | None, str]:
    """The plan year from the document itself (its title, else a "Año: 2024" label), and
    what to tell the user of it: on a scan only a year the engine was sure of names the
    plan year (``year_read_surely``); one it was unsure of is said, not used, and so is a
    label read with no year after it."""
    text = doc.front_text(FRONT_PAGES)
    year = plan_year_from_text(text)
    year = plan_year_from_label(text) if year is None else year
    if year is None and YEAR_LABEL.search(text) and any(p.ocr_words is not None for p in doc.pages[:FRONT_PAGES]):
        return None, "OCR read the plan year's label but no year after it, so no month has a year; check the scan"
    if year is None or year_read_surely(year, doc.pages[:FRONT_PAGES]):
        return year, ""
    return None, (f"the plan year reads {year} but OCR was unsure of it (below {OCR_MIN_CONFIDENCE:g}), "
                  "so no month has a year; check the scan")


def year_read_surely(year: int, pages: Sequence[PageLayout]) -> bool:
    """Whether a page prints ``year`` in its text layer, or OCR read it standing alone (as a
    label or a title prints it: "2024", "Año:2024", "2024.") in a word it was at least
    OCR_MIN_CONFIDENCE sure of. A plan year names the period of every value: 004's only
    year label read ``Año:2074`` on a bitonal draw (the engine 0.19 sure of the word) filed all
    its 457 values under 2074, 262 of them published sure. A year inside a date or a code is
    another mention, no reading of the label: on the seed-96 draw at 300 dpi grey the label
    "Año: 2024" read "2023" (0.5 sure), and "R.M. N° 411-2023-TR," (0.86, a resolution of the
    year before) had vouched for it: all 568 values filed under 2023, published sure. A
    document without a plan year reads no month and says so; one with a wrong year publishes
    every value wrong."""
    digits = str(year)
    alone = re.compile(rf"^\W*(?:[^\W\d_]+\W*)?{digits}\W*$")
    for page in pages:
        if page.ocr_words is None:
            if any(digits in text for text in layout_texts(page)):
                return True
        elif any(alone.match(word.text) and word.confidence >= OCR_MIN_CONFIDENCE for word in page.ocr_words):
            return True
    return False


class MonthlyTableExtractor(BaseExtractor):
    """Plans printed as tables with one column per period (month, quarter, year)."""

    heading_scale: ClassVar[float] = 1.15  # a heading is this much larger than body text (12 pt over 10)
    # Columns a table of the family always prints: a header read without one of them is not
    # the family's table (a column misread would shift what every line means).
    required_fields: ClassVar[frozenset[str]] = frozenset()
    # Each activity prints its aggregation, how its months add up to its annual cell
    # (CEPLAN's "TIPO DE AGREGACIÓN"): a line OCR read without it is held to its total as one
    # that may sum (``pipeline.totals.unread_aggregation_doubted``).
    aggregated: ClassVar[bool] = False
    # Wrapped heading lines are closer than this (in em; the lines of a paragraph sit
    # 0.2-0.3 em apart in the producers seen, separate headings 0.7 em or more).
    heading_join_gap: ClassVar[float] = 0.5
    document_institution: str | None = None  # set by prepare() when the document names it
    # Numbers of the pages read by OCR (set by extract before prepare): a reading mended for
    # OCR's look-alikes is mended on those pages only; a text layer prints what it says.
    ocr_pages: frozenset[int] = frozenset()
    header_columns: list[Column] | None = None  # the columns of the last header read (read_segment)
    unread: list[tuple[int, list[str]]]  # (page, printed cells) of each row of an unread table

    # ----------------------------------------------------------- template method

    def extract(self, doc: ParsedDocument) -> ExtractionResult:
        year, year_note = plan_year_of(doc)
        self.ocr_pages = frozenset(page.number for page in doc.pages if page.ocr_words is not None)
        self.header_columns = None
        self.unread = []
        self.prepare(doc)
        segments, tables = self.find_segments(doc, year)
        chains = link_segments(segments)
        for chain in chains:
            for seg in chain:
                self.resolve_context(seg, chain)
        drafts: list[RowDraft] = []
        quarantine: list[dict] = []
        tally = RowTally()
        for chain in chains:
            drafts.extend(self.chain_to_drafts(chain, quarantine, tally))
        quarantine.extend(quarantine_record(page, TABLE_COLUMNS_UNREAD, cells) for page, cells in self.unread)
        tally.unread = len(self.unread)
        drafts = codes_joined(codes_read(self.finish_drafts(drafts), self.ocr_pages))
        drafts = categories_agreed(stray_marks_dropped(drafts, self.ocr_pages), self.ocr_pages)
        locale = decide_locale(*drafts_to_evidence(drafts), self.country, self.number_locale)
        activities, values = drafts_to_records(drafts, quarantine, year, locale.locale)
        if year is None and not year_note and any(q["reason"] == UNLABELLED_COLUMN for q in quarantine):
            year_note = NO_PLAN_YEAR
        unread_pages = sorted({page for page, _ in self.unread})
        unread_note = (f"the columns of a table on page {', '.join(map(str, unread_pages))} were not recognised: "
                       f"its {len(self.unread)} row(s) are in quarantine ({TABLE_COLUMNS_UNREAD})"
                       if unread_pages else "")
        message = "; ".join(filter(None, ("" if activities else "no activity table recognised", unread_note,
                                          year_note)))
        return ExtractionResult(activities, values, quarantine, tables, year, message,
                                self.document_institution, tally, locale)

    # ----------------------------------------------------------- page walk

    def find_segments(self, doc: ParsedDocument, year: int | None) -> tuple[list[Segment], list[dict]]:
        segments: list[Segment] = []
        tables: list[dict] = []
        heading: str | None = None
        previous: Segment | None = None
        unread_before: Table | None = None  # the last table unread (unread_rows), if the last seen
        broken = True  # nothing open yet
        unplaced: list[Table] = []  # tables neither read nor looking like the family's by their header
        # Body size over the whole document (a page may hold nothing but its heading),
        # weighted by characters: a few short headings must not outvote the text.
        body_size = _median([l.size for p in doc.pages for l in p.lines for _ in l.text]) or 0.0
        for page in doc.pages:
            page_lines = [l for l in page.lines if normalize_label(l.text) not in doc.boilerplate]
            over_tables = lines_over_tables(page_lines, page.tables, self.heading_join_gap)
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
                    elif self.is_heading(item, heading_reference(item, page_lines, page.text_size, body_size,
                                                                 id(item) in over_tables, self.heading_scale)):
                        # A wrapped heading's lines touch; separate headings have paragraph space.
                        gap = item.top - pending_heading[-1].bottom if pending_heading else None
                        if gap is not None and gap < self.heading_join_gap * item.size:
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
                # A table of grouping rows only (no value column) sets context; it is not an activity table.
                tables.append(table_report(item, seg is not None and any(c.is_value for c in seg.columns)))
                if seg is not None:
                    seg.starts_table = broken
                    segments.append(seg)
                    previous, broken, unread_before = seg, False, None
                elif (rows := self.unread_rows(item, year, unread_before)) is not None:
                    self.unread.extend((item.page, cells) for cells in rows)
                    unread_before = item
                else:
                    unplaced.append(item)
        widths = value_columns_by_width(segments)
        for table in unplaced:
            if (rows := rows_of_a_read_width(table, widths)) is not None:
                self.unread.extend((table.page, cells) for cells in rows)
        self.unread.sort(key=lambda row: row[0])  # page order (stable: rows keep theirs)
        return segments, tables

    def unread_rows(self, table: Table, year: int | None, unread_before: Table | None) -> list[list[str]] | None:
        """The body rows (each its printed cells, blank rows left out) of a table the family
        did not read that looks like one of its own: its header names periods but its columns
        were not recognised, or it continues such a table (``unread_before``) on the next
        page. None for any other table. On 004's seed-116 draw the first page's activity
        label read "OBJETIVO ESTRATEGICO ['ACCION …": no column named the activities, and 23
        of the 24 activities were dropped with no word; now such rows are quarantined."""
        texts = grid_texts(filled_grid(table))
        header = self.find_header(texts, year)
        if header is not None:
            body = texts[header.last + 1:]
        elif unread_before is not None and continues_on_next_page(table, texts, unread_before.page,
                                                                   unread_before.n_cols):
            body = texts
        else:
            return None
        return [[t for t in row if t.strip()] for row in body if any(t.strip() for t in row)]

    def is_heading(self, line: TextLine, reference: float) -> bool:
        """``reference``: the size of the text around it (:func:`heading_reference`)."""
        return reference > 0 and line.size >= self.heading_scale * reference

    # ----------------------------------------------------------- segments

    def read_segment(self, table: Table, heading: str | None, year: int | None,
                     previous: Segment | None) -> Segment | None:
        if table.page in self.ocr_pages:
            table = header_years_mended(table)
        grid = filled_grid(table)
        texts = grid_texts(grid)
        header = self.find_header(texts, year)
        if header is None and self.header_columns is not None and table.page in self.ocr_pages:
            last = repeated_header_end(texts, self.header_columns)
            if last is not None:
                return Segment(table.page, table, self.header_columns,
                               body_rows(grid, last + 1, self.header_columns), None, heading)
        if header is None:
            # A table with no header at the top of the next page continues the
            # previous segment (MTPS 2022 prints one such page, under the page header).
            if previous is not None and continues_on_next_page(table, texts, previous.page, len(previous.columns)):
                return Segment(table.page, table, previous.columns,
                               body_rows(grid, 0, previous.columns), None, heading)
            return None
        labels = column_labels(texts, header.first, header.last)
        period_row = texts[header.period_row] if header.period_row is not None else [""] * table.n_cols
        columns = self.map_columns(labels, period_row, year)
        if columns is not None and table.page in self.ocr_pages:
            columns = measure_column_by_its_cells(columns, texts[header.last + 1:])
        if self.header_columns is not None and table.page in self.ocr_pages:
            # A header OCR read with labels lost, even its whole row of labels (seed 41's 004,
            # its last table: only the month row was read), is the header before it.
            read = columns or labels_to_columns(labels, row_periods(period_row, year), year)
            columns = labels_lost_from(read, self.header_columns)
            if not any(c.field == "activity" for c in columns):
                return None
        if columns is None or not self.required_fields <= {c.field for c in columns}:
            return None
        self.header_columns = columns
        caption_unit = None
        for r in range(header.first):
            first = texts[r][0].strip()
            if first and not SCHEDULE_CAPTION.match(first):
                caption_unit = first
                break
        return Segment(table.page, table, columns, body_rows(grid, header.last + 1, columns),
                       caption_unit, heading)

    def find_header(self, texts: list[list[str]], year: int | None) -> Header | None:
        """The header of a table whose columns are periods (months, quarters, years).

        Label rows above the period row belong to it ("FISICO" over the months);
        a row of measures right below it too (a year over "Programado | Ejecutado").
        """
        period_row = find_period_row(texts)
        if period_row is None:
            return None
        first = next((r for r in range(period_row + 1) if _has_any_label(texts[r])), period_row)
        last = period_row
        while last + 1 < len(texts) and _is_measure_row(texts[last + 1]):
            last += 1
        return Header(first, last, period_row)

    def map_columns(self, labels: list[str], period_row: list[str], year: int | None) -> list[Column] | None:
        """Column roles from the printed header labels."""
        columns = labels_to_columns(labels, row_periods(period_row, year), year)
        if not any(c.field == "activity" for c in columns):
            return None
        return columns

    # ----------------------------------------------------------- hooks

    def prepare(self, doc: ParsedDocument) -> None:
        """Read document-level context (e.g. the executing unit named once on top)."""

    def resolve_context(self, seg: Segment, chain: list[Segment]) -> None:
        """Set seg.unit / seg.section. Default: caption, else heading."""
        seg.unit = seg.caption_unit or seg.heading

    def is_grouping_row(self, row: RowDraft) -> bool:
        """A row that names a group (objective, strategic action) for the rows below.

        The family records the group in its own state and returns True; the row
        is then not an activity. Default: no grouping rows.
        """
        return False

    def row_context(self) -> dict[str, str]:
        """Context set by grouping rows, applied to the rows that follow."""
        return {}

    def is_summary_row(self, row: RowDraft) -> bool:
        """A printed total of the table ("TOTAL GENERAL"), not an activity."""
        return False

    def is_fragment(self, row: RowDraft, previous: RowDraft, columns: list[Column]) -> bool:
        """A printed row that is the remainder of the row above.

        The second line of a PROG./EJE. pair (the executed values of the
        activity above); a row whose value cells print no number beside the
        cells of the row above (OCR's reading of ink between two lines); or a
        row with no value and either fewer than two text cells, or (when the
        table has a responsible column) no responsible: a real activity always
        names who is responsible.
        """
        if row.measure == "executed" and planned_line(previous) and _only_measure_text(row, previous):
            return not any(v.measure == "executed" for v in previous.values)
        if all(previous.fields.get(k) == v for k, v in row.fields.items() if v) and (
                not row.values or not row.extra and not any(parse_value(v.raw).ok for v in row.values)):
            # The cells of the row above, spanning a row boundary the table layer found inside
            # them (a scan's speck line between 004's PROGRAMADO and EJECUTADO lines, seed 41):
            # nothing of its own, and the row below pairs with the row above. So too beside
            # value cells none of which prints a number: OCR's reading of ink set between two
            # lines (Chromium's plain 004 at 300 dpi, seed 560: "asco", 0.56, boxed from an
            # EJECUTADO line's May value up into the PROGRAMADO line above, a row of its own).
            # Taken for an activity, it split the pair, the EJECUTADO line had no code, and the
            # data contract broke for the whole document. Its cell goes with the row above (and
            # to quarantine, as no number).
            return True
        if row.values:
            return False
        texts = [v for k, v in row.fields.items() if v and k not in ("unit", "section")]
        if len(texts) <= 1:
            return True
        if row.spanned and len([k for k, v in row.fields.items()
                                if v and k not in row.spanned and k not in ("unit", "section")]) == 1:
            # The rest of one wrapped cell, cut from it by a row boundary the table layer found
            # inside it, beside cells that span down from the row above (Chromium's plain 000 at
            # 300 dpi, seed 440: "Ejecutar el Plan de" | "Inspección de Trabajo Infantil", the
            # second an activity of its own with the strategic line, result and responsible of
            # the first, and the first's 24 values published under a cut name).
            return True
        has_responsible = any(c.field == "responsible" for c in columns)
        return has_responsible and not row.fields.get("responsible")

    def repair_row(self, cells: list[Cell | None], columns: list[Column]) -> list[Cell | None]:
        """Undo a row printed one column to the right (values under an unlabelled last column).

        Seen in the Dirección de Integración PAT 2024: the first value column is
        blank and the trailing column, which prints no label at all, holds the row's
        last number. A trailing column with a label of its own ("Total", a word the
        vocabulary does not know) is a real column: its numbers stay there (and are
        quarantined as under a column we cannot name), the months are not moved.
        """
        value_idx = [i for i, c in enumerate(columns) if c.is_value]
        if not value_idx:
            return cells
        tail = [i for i, c in enumerate(columns)
                if i > value_idx[-1] and c.field is None and not c.is_value and not c.label.strip()]
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

    def finish_drafts(self, drafts: list[RowDraft]) -> list[RowDraft]:
        """Whole-document fix-ups once every row is read (e.g. groups spanning pages)."""
        return drafts

    # ----------------------------------------------------------- rows

    def chain_to_drafts(self, chain: list[Segment], quarantine: list[dict], tally: RowTally) -> list[RowDraft]:
        drafts: list[RowDraft] = []
        for seg in chain:
            for cells in seg.body:
                tally.seen += 1
                cells = self.repair_row(cells, seg.columns)
                row = cells_to_draft(cells, seg)
                if row is None:
                    tally.blank += 1
                    continue
                if self.is_grouping_row(row):
                    tally.grouping += 1
                    continue
                if self.is_summary_row(row):
                    tally.summary += 1
                    quarantine.append(quarantine_record(
                        seg.page, "summary_row", [c.text for c in cells if c is not None and c.text]))
                    continue
                tally.value_cells += len(row.values) + len(row.extra)
                row.context.update(self.row_context())
                if drafts and second_line_of_a_pair(row, drafts[-1]):
                    for value in row.values:  # its measure cell names none (misread by OCR)
                        value.measure = "executed"
                    tally.fragments += 1
                    merge_drafts(drafts[-1], without_specks(row))
                    continue
                if drafts and self.is_fragment(row, drafts[-1], seg.columns):
                    tally.fragments += 1
                    pair = row.values and all(v.measure == "executed" for v in row.values)
                    merge_drafts(drafts[-1], without_specks(row) if pair else row)
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


def value_columns_by_width(segments: list[Segment]) -> dict[int, list[int]]:
    """The value columns (their indices) of the first table read of each width (columns)."""
    widths: dict[int, list[int]] = {}
    for seg in segments:
        if seg.table.n_cols not in widths and (values := [i for i, c in enumerate(seg.columns) if c.is_value]):
            widths[seg.table.n_cols] = values
    return widths


def rows_of_a_read_width(table: Table, widths: dict[int, list[int]]) -> list[list[str]] | None:
    """The rows (each its printed cells, blank rows left out) of a table the family did not
    read that is one of its own by its body: as many columns as a table read in the
    document, and numbers in at least half of that table's value columns on some row. The
    rows from the first such row on (the ones above are its header) are returned; None for
    any other table. A header OCR misread so that it names no period and continues nothing
    (004's repeated header with its months lost, round 25) left such a table's rows in
    neither the output nor the quarantine. On the text PDFs of every producer, variant and
    locale no table the families leave is of a read table's width with numbers under its
    value columns: their summary tables (003's Cuadros, 004's TABLA RESÚMEN) are narrower."""
    values = widths.get(table.n_cols)
    if not values:
        return None
    texts = grid_texts(filled_grid(table))
    needed = max(1, len(values) // 2)
    first = next((k for k, row in enumerate(texts)
                  if sum(parse_number(row[i]) is not None for i in values) >= needed), None)
    if first is None:
        return None
    return [[t for t in row if t.strip()] for row in texts[first:] if any(t.strip() for t in row)]


def continues_on_next_page(table: Table, texts: list[list[str]], page: int, n_cols: int) -> bool:
    """Whether ``table`` (its cells' ``texts``), printed with no header, continues a table of
    ``n_cols`` columns on ``page``: the first table of the next page, as many columns, its
    first row no label."""
    return (table.page == page + 1 and table.n_cols == n_cols and table.order <= 1
            and not _has_any_label(texts[0]))


def _has_any_label(row: list[str]) -> bool:
    return any(label_to_field(t) for t in row if t)


def _is_measure_row(row: list[str]) -> bool:
    """A header row of measure names under period labels ("Programado | Ejecutado"): two
    measures at least, and its other cells at most two, or fewer than the measures and
    none with a digit (labels of the columns without a period, and one OCR could not read:
    Chromium's filled 002 at 150 dpi, seed 490, read "Ejecutado (A Junio)" as "a pol", the
    row was taken for an activity, and the page's seven activities were lost). A row of
    the body prints its amounts."""
    filled = [t for t in row if t.strip()]
    measures = [t for t in filled if label_to_measure(t, default=None)]
    others = [t for t in filled if t not in measures]
    return len(measures) >= 2 and (len(others) <= 2 or len(others) < len(measures)
                                   and not any(c.isdigit() for t in others for c in t))


def planned_line(row: RowDraft) -> bool:
    """Whether ``row`` can be the first (planned) line of a PROG./EJE. pair: its measure cell
    names planned, or prints a word that names no measure over values none of which is
    executed. OCR misreads the cell ("PROCRAMADO", 004's second page on a fresh draw at 300
    dpi grey): the EJECUTADO line under it was taken for an activity of its own, with no code,
    and every activity after it on the page took the executed values of the one before it."""
    if row.measure == "planned":
        return True
    return (row.measure is None and bool(row.fields.get("measure")) and bool(row.values)
            and not any(v.measure == "executed" for v in row.values))


def second_line_of_a_pair(row: RowDraft, previous: RowDraft) -> bool:
    """Whether ``row`` is the executed line of a PROG./EJE. pair whose measure cell names no
    measure: a row of values printing nothing but that cell (or the cells of the row above)
    under a planned line that has no executed values yet. OCR misreads the cell ("FJECUTADO",
    004's second page on a fresh draw at 300 dpi grey): taken for an activity of its own, the
    row had no code, and every activity after it on the page took the code and name of the
    one before it. The line above may have its own measure cell misread (``planned_line``:
    "PRULMAMADO" over "ULCUIADO", the committed bitonal scan of 004, whose nine such pairs broke
    the data contract)."""
    return (row.measure is None and bool(row.fields.get("measure")) and bool(row.values)
            and planned_line(previous) and _only_measure_text(row, previous)
            and not any(v.measure == "executed" for v in previous.values))


def _only_measure_text(row: RowDraft, previous: RowDraft) -> bool:
    """The row prints nothing but its measure, or repeats the cells of the row above
    (descriptive cells spanning both lines of a PROG./EJE. pair). A cell of marks alone
    names nothing: on a scan it is a speck read as "]" or "." in the empty aggregation or
    code cell of an EJECUTADO line (004, seed-28 draw at 300 dpi grey), which made the line
    an activity of its own, with no code, and shifted every activity after it by one."""
    return all(k == "measure" or v == previous.fields.get(k) or names_nothing(v) for k, v in row.fields.items() if v)


def names_nothing(text: str) -> bool:
    """A cell's text that can name no field: marks alone, or one character. On a scan it
    is a speck read in an empty cell ("]", ".", "l" in the aggregation or code cell of
    004's EJECUTADO lines, seed-28 draw at 300 dpi grey)."""
    return len(text.strip()) <= 1 or not any(c.isalnum() for c in text)


def without_specks(row: RowDraft) -> RowDraft:
    """The second line of a PROG./EJE. pair with its cells that name nothing emptied, so
    that a speck is not joined to the activity's text ("Acumulado Anual ]")."""
    row.fields = {k: v for k, v in row.fields.items() if k == "measure" or not v or not names_nothing(v)}
    return row


# Words further apart than this many of the label's heights are not one line of print (a
# header line's OCR word gaps are 0.3-0.7 of it; another block on the same band is further).
LINE_GAP_EM = 2.0


def label_lines(words: Sequence[OcrWord], label: re.Pattern) -> list[str]:
    """The text of each line of OCR words that starts with a word ``label`` matches: the
    words after it whose middles lie within its height, each within ``LINE_GAP_EM`` of the
    one before. A scanned header can be read as a table (a scan's word gaps vary by a tenth
    of an em): the table layer then cuts a line into cells, and a line that runs into the row
    below it ends in another cell ("UE: 001066 - ... EMPLEO" | "SOCIAL" | "INCLUSIVO
    "TRABAJA PERU"", 004 on the seed-14 draw at 300 dpi grey: the unit of every activity cut
    short). The words themselves still say which are on the line."""
    lines = []
    for first in (w for w in words if label.match(w.text)):
        em = first.bottom - first.top
        after = sorted((w for w in words if w.x0 > first.x0 and first.top <= (w.top + w.bottom) / 2 <= first.bottom),
                       key=lambda w: w.x0)
        line, right = [first], first.x1
        for word in after:
            if word.x0 - right > LINE_GAP_EM * em:
                break
            line.append(word)
            right = max(right, word.x1)
        lines.append(" ".join(w.text for w in line))
    return lines


def filled_grid(table: Table) -> list[list[Cell | None]]:
    """Rows x columns where every slot a spanning cell covers holds that cell."""
    out: list[list[Cell | None]] = [[None] * table.n_cols for _ in range(table.n_rows)]
    for cell in table.cells:
        for r in range(cell.row, min(table.n_rows, cell.row + cell.row_span)):
            for c in range(cell.col, min(table.n_cols, cell.col + cell.col_span)):
                out[r][c] = cell
    return out


def column_labels(texts: list[list[str]], first: int, last: int) -> list[str]:
    """One label per column: the header rows' texts joined top to bottom.

    A cell spanning header rows is named once ("CÓDIGO", not "CÓDIGO CÓDIGO").
    """
    labels = []
    for c in range(len(texts[0]) if texts else 0):
        parts: list[str] = []
        for r in range(first, last + 1):
            text = texts[r][c]
            if text and (not parts or parts[-1] != text):
                parts.append(text)
        labels.append(" ".join(parts))
    return labels


def grid_texts(grid: list[list[Cell | None]]) -> list[list[str]]:
    """The text of each cell of ``grid`` ("" where no cell is)."""
    return [[c.text if c else "" for c in row] for row in grid]


def body_rows(grid: list[list[Cell | None]], start: int, columns: list[Column]) -> list[list[Cell | None]]:
    """Body rows from ``start``; a text cell spanning rows applies to every row it covers.

    A merged "Capacitación del Personal" over two units of measure names the
    product of both rows (ISSS 2017). Column spans and value cells are not
    repeated: that would copy a value or a text into a second field.

    A grid row none of whose own cells holds text is blank, whatever spans into it: it is
    the lower part of the row above, cut off where an empty column's rows are cut (an
    unruled table read by text alignment: 003's description wrapped on two lines beside
    empty merged OEI/AEI cells made a row of its own under it, and the activity's code and
    description copied into it made a second activity of it, every activity after it one
    row off).
    """
    rows = []
    for r in range(start, len(grid)):
        row: list[Cell | None] = []
        for c, cell in enumerate(grid[r]):
            origin = cell is not None and cell.row == r and cell.col == c
            spans_down = (cell is not None and cell.col == c and cell.row < r
                          and c < len(columns) and not columns[c].is_value)
            row.append(cell if origin or spans_down else None)
        if not any(cell is not None and cell.row == r and cell.text for cell in row):
            row = [None] * len(row)
        rows.append(row)
    return rows


def labels_lost_from(columns: list[Column], earlier: list[Column]) -> list[Column]:
    """The columns of a header OCR read with labels lost, those labels taken from the header of
    the table before it, when that table has the same columns and every label read names what
    the earlier one names there (a header repeated on the next page, or over the next group).
    004's "UNIDAD MEDIDA" repeated over the last activity's table was read as one unknown mark
    on the seed-13 draw, and that activity lost its unit of measure."""
    if len(columns) != len(earlier):
        return columns
    read = [k for k, column in enumerate(columns) if _role(column) != _NO_ROLE]
    if not read or any(_role(columns[k]) != _role(earlier[k]) for k in read):
        return columns
    return [earlier[k] if _role(column) == _NO_ROLE else column for k, column in enumerate(columns)]


# A header row repeated on a later page names at least this many of the fields the header before
# it names, each in the same column (``repeated_header_end``).
REPEATED_LABELS = 3


def repeated_header_end(texts: list[list[str]], columns: list[Column]) -> int | None:
    """The last row of a header at the top of ``texts`` that repeats the header of ``columns``
    with its periods unread, or None: a row (of the first four) whose labels over text columns
    name at least ``REPEATED_LABELS`` of the fields ``columns`` name, each in its column, and no
    other field; with the rows below it that print nothing outside the value columns but the
    labels spanning down from it (its period row, read as marks). Typst's 004 repeats its
    header on page 2, its month numbers bold in a grey tint, read "� 2 . 4 5 � 7 3 s 10 u a" on
    the seed-201 draw: the table was no activity table, nor were the pages after it, which
    continue it, and their rows reached neither the data nor the quarantine."""
    if not texts or len(texts[0]) != len(columns):
        return None
    for r, row in enumerate(texts[:4]):
        fields = [label_to_field(text) if text.strip() and not column.is_value else None
                  for text, column in zip(row, columns)]  # a value column's label names its period
        named = [(field, column.field) for field, column in zip(fields, columns) if field is not None]
        if sum(f == c for f, c in named) >= REPEATED_LABELS and all(f == c for f, c in named):
            last = r
            while last + 1 < len(texts) and all(not text.strip() or text == label for text, label, column
                                                in zip(texts[last + 1], row, columns) if not column.is_value):
                last += 1
            return last
    return None


# Of the cells of a column OCR read no label for, the share that must each be a measure's
# name alone for the column to be the measure column (``measure_column_by_its_cells``).
MEASURE_CELLS_SHARE = 0.8


def measure_column_by_its_cells(columns: list[Column], body: list[list[str]]) -> list[Column]:
    """``columns``, with a column whose label names nothing taken for the row's measure
    ("PROGRAMADO" / "EJECUTADO", CEPLAN's PROG./EJE.) when there is no measure column and at
    least two of its body cells, and ``MEASURE_CELLS_SHARE`` of those printed, are each a
    measure's name alone (``vocabulary.cell_measure``). Typst's 004 on the seed-210 draw read
    that header label, bold 4 pt print in a grey cell, as "oe": no table of the report had a
    measure column, and its 622 values were lost."""
    if any(c.field == "measure" for c in columns):
        return columns
    for k, column in enumerate(columns):
        if column.field is not None or column.is_value:
            continue
        cells = [row[k] for row in body if k < len(row) and row[k].strip()]
        named = sum(cell_measure(cell) is not None for cell in cells)
        if named >= 2 and named >= MEASURE_CELLS_SHARE * len(cells):
            return [*columns[:k], Column(field="measure", label=column.label), *columns[k + 1:]]
    return columns


_NO_ROLE = (None, None, None)


def _role(column: Column) -> tuple[str | None, str | None, str | None]:
    return column.field, column.measure, column.period


def labels_to_columns(labels: list[str], periods: list[str | None], year: int | None) -> list[Column]:
    """``label_to_column`` over a header's labels and their periods. Two columns of one
    period are told apart by their measures alone, so one whose label names no measure
    beside one whose label names one is no value column: its numbers go to quarantine,
    unnamed. Given the default measure (planned), a label OCR could not read ("Pee" for
    2016's "Ejecutado (A Junio)", Chromium's filled 002 at 150 dpi) put its column's
    executed numbers beside the year's planned ones as planned too: duplicates, and the
    document broke its contract."""
    measures = [label_to_measure(label, default=None) for label in labels]
    named = {period for period, measure in zip(periods, measures) if period and measure}
    return [Column(label=label) if period in named and measure is None else label_to_column(label, period, year)
            for label, period, measure in zip(labels, periods, measures)]


def label_to_column(label: str, period: str | None, year: int | None) -> Column:
    """A value column under a period, an annual value column, or a text field."""
    if period:
        return Column(measure=label_to_measure(label, default="planned"), period=period, label=label)
    measure = annual_value_measure(label)
    if measure and year:
        return Column(measure=measure, period=str(year), label=label)
    if measure:
        # No plan year, so the year's own figure has no period: its numbers go to quarantine
        # under a column named nothing. Read as the field its label also names ("AVANCE
        # ACUMULADO" as progress, beside "AVANCE % ACUMULADO"), the EJECUTADO line held a
        # field of its own and was taken for an activity (Calc's 004 at 200 dpi, seed 400,
        # its year label misread: every other activity empty, the document broke the contract).
        return Column(label=label)
    return Column(field=label_to_field(label), label=label)


def row_periods(row: list[str], year: int | None) -> list[str | None]:
    """Period of each cell of a header row: months (by name or 1..12 in order),
    quarters or semesters, or years."""
    months = [label_to_month(t) if t else None for t in row]
    read = sum(m is not None for m in months)
    if read >= MONTHS_READ_MIN:
        mended = months_between_months(row, months)
        if read >= 10 or a_years_months(mended):
            return [f"{year}-{m:02d}" if m and year else None for m in mended]
    numbers = [t.strip() for t in row]
    numbered = [int(t) if t.isdigit() and 1 <= int(t) <= 12 else None for t in numbers]
    if sum(n is not None for n in numbered) >= MONTH_NUMBERS_IN_PLACE:
        numbered = month_numbers_misread(numbers, numbered)
    seq = [i for i, n in enumerate(numbered) if n is not None]
    if len(seq) == 12 and [numbered[i] for i in seq] == list(range(1, 13)):
        return [f"{year}-{numbered[i]:02d}" if i in seq and year else None for i in range(len(row))]
    parts = [label_to_subperiod(t) if t else None for t in row]
    if len({p for p in parts if p}) >= 2:
        return [f"{year}-{p}" if p and year else None for p in parts]
    years = [label_to_year(t) if t else None for t in row]
    if sum(y is not None for y in years) >= 3 and len({y for y in years if y}) >= 2:
        return [str(y) if y else None for y in years]
    return [None] * len(row)


# The rows of a table's top looked at for a header's year labels (``header_years_mended``).
HEADER_ROWS = 3


def header_years_mended(table: Table) -> Table:
    """``table`` (read by OCR) with the one year label of a header row that OCR misread
    written as the year between its neighbours (``years_in_sequence``), over the cells of
    the row as printed: a year's label spans its measure columns, and one cell is one label.
    Any other table is returned as it is."""
    fixed: dict[tuple[int, int], str] = {}
    for r in range(min(HEADER_ROWS, table.n_rows)):
        cells = sorted((c for c in table.cells if c.row == r and c.text), key=lambda c: c.col)
        years = [label_to_year(c.text) for c in cells]
        if sum(y is not None for y in years) < 3:
            continue
        for cell, read, mended in zip(cells, years, years_in_sequence(years)):
            if read != mended:  # the label's other text kept ("Año 2016"); a year read parted, the year
                fixed[cell.row, cell.col] = (cell.text.replace(str(read), str(mended)) if str(read) in cell.text
                                             else str(mended))
    if not fixed:
        return table
    return replace(table, cells=tuple(replace(c, text=fixed[c.row, c.col]) if (c.row, c.col) in fixed else c
                                      for c in table.cells))


def years_in_sequence(years: list[int | None]) -> list[int | None]:
    """``years`` (of the cells of a header row) with one year label mended, when the labels
    as read do not rise from left to right, and mending that one label, read one digit off,
    makes them consecutive years: a misread year ("2015 | 2015 | 2017" for 2015-2017, Calc's
    002 scanned at 300 dpi on the seed-420 draw: two columns of one year, and the document
    broke the data contract). A row whose labels rise as read is as printed (a gap between
    years, each year over each of its columns)."""
    found = [(i, y) for i, y in enumerate(years) if y is not None]
    if all(b > a for (_, a), (_, b) in itertools.pairwise(found)):
        return years
    for first in sorted({found[0][1], found[1][1] - 1}):
        off = [(i, y, first + k) for k, (i, y) in enumerate(found) if y != first + k]
        if len(off) == 1 and Levenshtein.distance(str(off[0][1]), str(off[0][2])) == 1:
            mended = list(years)
            mended[off[0][0]] = off[0][2]
            return mended
    return years


# An activity code broken by OCR at a gap no wider than its letters' ("AOI000154002 74", 003
# read from its scan at 301 dpi): letters, then digits with spaces inside them.
BROKEN_CODE = re.compile(r"^[A-Z]{2,4}\d+(?: \d+)+$")


def codes_joined(drafts: list[RowDraft]) -> list[RowDraft]:
    """``drafts`` with each code of letters then digits that holds spaces inside its digits
    (``BROKEN_CODE``) written without them: a code is printed without spaces, in every family."""
    for draft in drafts:
        code = draft.fields.get("code", "")
        if BROKEN_CODE.match(code):
            draft.fields["code"] = code.replace(" ", "")
    return drafts


def codes_read(drafts: list[RowDraft], ocr_pages: frozenset[int]) -> list[RowDraft]:
    """``drafts`` whose code cell, on a page read by OCR, starts with an operational-activity
    code OCR misread (``vocabulary.activity_code_read``: look-alike letters for digits, a break
    inside the digits, a speck before it, a digit of the unit part misread, lost or added) with
    the code written as printed, "AOI" and 11 digits; and when the cell holds the name after
    the code (code and name in one cell, the dash read or lost) and the row has no activity of
    its own, the name as the activity. Before, the whole cell stayed the code and the activity
    was lost (004 and 003 on the seed-13 to 16 draws). A row with an activity and a name in its
    code cell stays as read. The units are those that at least ``AOI_UNIT_MIN_CODES`` of the
    document's codes read well formed name (``document_units``), and that the row's unit
    names (``vocabulary.names_unit``)."""
    units = document_units(drafts, ocr_pages)
    for draft in drafts:
        if draft.page_first not in ocr_pages:
            continue
        # only the unit the row belongs to: a unit of one or two activities one digit off a
        # larger one is no misreading of it
        named = draft.fields.get("unit") or draft.context.get("unit")
        read = activity_code_read(draft.fields.get("code", ""),
                                  frozenset(unit for unit in units if names_unit(named, unit)))
        if read is None:
            continue
        code, name = read
        if name and draft.fields.get("activity"):
            continue
        draft.fields["code"] = code
        if name:
            draft.fields["activity"] = name
    return drafts


def document_units(drafts: list[RowDraft], ocr_pages: frozenset[int]) -> frozenset[str]:
    """The executing units (``AOI_UNIT_DIGITS``) named by at least ``AOI_UNIT_MIN_CODES`` of the
    document's activity codes read with 11 digits (look-alikes read as digits on OCR'd pages)."""
    counts: dict[str, int] = {}
    for draft in drafts:
        code = draft.fields.get("code", "")
        if draft.page_first in ocr_pages:
            parts = activity_code_parts(code)
            digits = parts[0] if parts else ""
        else:
            digits = code[3:] if AOI_CODE.match(code) else ""
        if len(digits) == AOI_DIGITS:
            unit = digits[:AOI_UNIT_DIGITS]
            counts[unit] = counts.get(unit, 0) + 1
    return frozenset(unit for unit, n in counts.items() if n >= AOI_UNIT_MIN_CODES)


# A header row of which OCR read this many month labels, and fewer than 10, is a year's months
# when the labels it could not read are each the month between the months beside it, or the
# first or last beside the second or eleventh (``months_between_months``), making twelve
# columns January to December in order (``a_years_months``): 004's first page scanned at 150
# dpi read "Ene" as ink and no word, "Jul" as "pa" and "Dic" as "Die" (nine months read), and
# its 12 activities' 312 values, read but for a few digits, were not taken for a table's.
MONTHS_READ_MIN = 8


def a_years_months(months: list[int | None]) -> bool:
    """Whether the months of a header row's cells are January to December, each once,
    in twelve cells side by side."""
    found = [(i, m) for i, m in enumerate(months) if m is not None]
    return [m for _, m in found] == list(range(1, 13)) and found[-1][0] - found[0][0] == 11


def months_between_months(row: list[str], months: list[int | None]) -> list[int | None]:
    """``months`` (of the cells of a header row) with a label that names no month (or none
    read) but sits between the month before and the month after it taken for the month between:
    the columns of a year run in order, and a label misread by OCR ("Jui" for "Jul", 001
    read at 301 dpi) would otherwise lose that month's every value."""
    out = list(months)
    for i in range(1, len(row) - 1):
        before, after = months[i - 1], months[i + 1]
        if months[i] is None and before and after and after == before + 2 and label_to_field(row[i]) is None:
            out[i] = before + 1
    # A year's first or last month whose label OCR read as nothing or one letter off, beside
    # the second or the eleventh (001's page 3 on the seed-29 draw: "Dic" read "Die" between
    # "Nov" and "Total", its column unlabelled and its four values quarantined).
    if 1 not in months:
        for i in range(len(row) - 1):
            if months[i] is None and months[i + 1] == 2 and month_misread(row[i], 1):
                out[i] = 1
    if 12 not in months:
        for i in range(1, len(row)):
            if months[i] is None and months[i - 1] == 11 and month_misread(row[i], 12):
                out[i] = 12
    return out


# Of twelve cells side by side in a header row, how many must read as the number of the month
# of their place for the row to number its months 1 to 12 (``month_numbers_misread``).
MONTH_NUMBERS_IN_PLACE = 8
# ... and the others each read as at most this many characters: a misread number of one or two
# digits, not a label beside the months ("PROG./EJE.", "Total").
MONTH_NUMBER_MISREAD = 3


def month_numbers_misread(texts: list[str], numbered: list[int | None]) -> list[int | None]:
    """``numbered`` (the month numbers the cells ``texts`` of a header row read as), or, where
    twelve cells side by side hold ``MONTH_NUMBERS_IN_PLACE`` or more of them each in the place
    of its month, those twelve taken for months 1 to 12 by their places, each of the others
    read as a few characters (``MONTH_NUMBER_MISREAD``: a wrong number, a mark, a letter).
    Typst numbers its months 1 to 12 in bold 4-5 pt print, whose 1s OCR loses: its 000 (seed
    206) read "11" as "n", a label that names the code column (the header became an activity,
    every activity after it one row off); its 004 read "1 2 3 4 5 6 7 ,. 9 10 11 2" (seed 201)
    and "1 2 3 4 5 6 7 , 9 10 nu 2" (seed 211): no month column, the report's 622 values lost."""
    for start in range(len(numbered) - 11):
        window = numbered[start:start + 12]
        in_place = [n == month for month, n in enumerate(window, 1)]
        if sum(in_place) >= MONTH_NUMBERS_IN_PLACE and all(
                placed or 0 < len(texts[start + k]) <= MONTH_NUMBER_MISREAD for k, placed in enumerate(in_place)):
            return [*[None] * start, *range(1, 13), *[None] * (len(numbered) - start - 12)]
    return numbered


def month_misread(label: str, month: int) -> bool:
    """Whether a header label is ``month``'s as OCR can read it: nothing, or one letter away
    from one of its spellings ("Die" for "Dic"). A letter OCR could not read (the
    replacement character, ``UNREADABLE``) is no letter read: 000's second page
    on the seed-122 draw read its "Ene" cell as ink and no word, and January's 7 values
    went to quarantine, unlabelled."""
    key = normalize_label(label).replace(UNREADABLE, "")
    return not key or any(Levenshtein.distance(key, name) <= 1 for name, m in MONTHS.items() if m == month)


def find_period_row(texts: list[list[str]], max_rows: int = 4) -> int | None:
    """Index of the header row holding the period labels (months, quarters or years)."""
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
    own = max((cell.row for cell in cells if cell is not None), default=0)
    spanned = frozenset(col.field for col, cell in zip(seg.columns, cells)
                        if col.field and cell is not None and cell.text and cell.row < own)
    row = RowDraft(fields, values, seg.page, seg.page, extra, spanned=spanned)
    if row.measure:  # a PROG./EJE. column says what every value of this row measures
        for v in values:
            v.measure = row.measure
    if seg.unit:
        row.context["unit"] = seg.unit
    if seg.section:
        row.context["section"] = seg.section
    return row


def merge_drafts(parent: RowDraft, fragment: RowDraft) -> None:
    """Append a wrapped/page-split remainder to its parent row (text joined with a space).

    Text equal to the parent's is a cell spanning both printed rows, not more text.
    """
    for key, text in fragment.fields.items():
        if key == "measure" or text == parent.fields.get(key):
            continue
        parent.fields[key] = f"{parent.fields[key]} {text}" if parent.fields.get(key) else text
    parent.values.extend(fragment.values)
    parent.extra.extend(fragment.extra)
    parent.page_last = max(parent.page_last, fragment.page_last)


def annual_total(draft: RowDraft, measure: str, year: int | None) -> str | None:
    """The printed value of the plan year itself (2017 "Programado", "AVANCE ACUMULADO")."""
    if year is None:
        return None
    return next((v.raw for v in draft.values if v.measure == measure and v.period == str(year)), None)


def drafts_to_evidence(drafts: list[RowDraft]) -> tuple[list[str], list[tuple[list[str], str]]]:
    """What a document's numbers say of its locale: every printed value and total, and
    the rows printing monthly plans beside a total goal ("Total meta", "Meta anual")."""
    raws: list[str] = []
    rows: list[tuple[list[str], str]] = []
    for draft in drafts:
        raws.extend(v.raw for v in draft.values)
        totals = [draft.fields[name] for name in NUMBER_FIELDS if draft.fields.get(name)]
        raws.extend(totals)
        months = [v.raw for v in draft.values if v.measure == "planned" and len(v.period) == 7]
        if months and draft.fields.get("total_planned"):
            rows.append((months, draft.fields["total_planned"]))
    return raws, rows


def drafts_to_records(drafts: list[RowDraft], quarantine: list[dict], year: int | None = None,
                      locale: NumberLocale = POINT_DECIMAL) -> tuple[list[dict], list[dict]]:
    activities: list[dict] = []
    values: list[dict] = []
    for row_number, draft in enumerate(drafts, start=1):
        printed = {**draft.context, **draft.fields}
        record = {name: printed.get(name) for name in TEXT_FIELDS}
        printed.setdefault("total_planned", annual_total(draft, "planned", year))
        printed.setdefault("total_executed", annual_total(draft, "executed", year))
        record.update({name: parse_number(printed.get(name), locale) for name in NUMBER_FIELDS})
        record.update(row=row_number, page_first=draft.page_first, page_last=draft.page_last)
        activities.append(record)
        for v in draft.values:
            parsed = parse_value(v.raw, locale)
            if not parsed.ok:
                # As the contract says of every value row: the activity's text, then the cell.
                text = [record["activity"]] if record.get("activity") else []
                quarantine.append(value_quarantine_record(
                    v.page, "value_not_a_number", [*text, v.raw], (v.cell.x0, v.cell.top, v.cell.x1, v.cell.bottom),
                    row_number, v.measure, v.period))
                continue
            values.append({
                "row": row_number, "measure": v.measure, "period": v.period, "value": parsed.value,
                "raw": v.raw, "value_kind": parsed.kind, "page": v.page,
                "x0": v.cell.x0, "top": v.cell.top, "x1": v.cell.x1, "bottom": v.cell.bottom,
            })
        for page, cell in draft.extra:
            quarantine.append(quarantine_record(
                page, UNLABELLED_COLUMN, [printed.get("activity") or "", cell.text]))
    return activities, values


# A value under a column whose label names no period, measure or field (quarantine reason).
UNLABELLED_COLUMN = "value_under_unlabelled_column"


def quarantine_record(page: int | None, reason: str, cells: list[str],
                      box: tuple[float, float, float, float] | None = None) -> dict:
    """A quarantine row; ``box``, the cell's place on the page, is not published: the
    pipeline uses it to tell a cell OCR could not read (pipeline/confidence.py). Nor are a
    value cell's ``row``, ``measure`` and ``period``, by which its line's printed sum can
    read it again (pipeline/totals.py)."""
    record = {"page": page, "reason": reason, "cells": cells}
    if box is not None:
        record["box"] = box
    return record


def value_quarantine_record(page: int | None, reason: str, cells: list[str], box: tuple[float, float, float, float],
                            row: int | None, measure: str | None, period: str | None) -> dict:
    """The quarantine row of a value cell (``quarantine_record``) with the line it belongs to."""
    return {**quarantine_record(page, reason, cells, box), "row": row, "measure": measure, "period": period}


def table_report(table: Table, is_activity: bool) -> dict:
    filled = sum(1 for c in table.cells if c.text)
    return {
        "page": table.page, "order": table.order, "rows": table.n_rows, "cols": table.n_cols,
        "activity": is_activity, "filled_share": round(filled / max(1, len(table.cells)), 3),
    }
