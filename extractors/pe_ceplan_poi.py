"""CEPLAN POI monitoring report (Peru): "Reporte de seguimiento ... del Plan Operativo
Institucional", as exported from CEPLAN's web application by any executing unit.

One table: OEI and AEI grouping rows (code, type, name) name the strategic
objective and action of the operational activities (AOI) below them; each AOI
prints two lines, PROGRAMADO then EJECUTADO, with the twelve months, the annual
AVANCE ACUMULADO and (first line only) AVANCE % ACUMULADO. Traps handled here
(tests/fixtures/004_*/notes.md): code and name in one cell ("AOI00106600086 -
GESTIÓN ..."); a second group printed as its own small table above a repeated
header; a cost-centre cell split over the page break; blank month cells that must
stay blank (the table layer keeps columns, so nothing shifts).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import replace

from .base import Column, MonthlyTableExtractor, RowDraft, Segment, body_rows, filled_grid, label_lines
from .document import ParsedDocument
from .layout.records import Table
from .vocabulary import (EXECUTING_UNIT, EXECUTING_UNIT_IN_CELL, INSTITUTION_LINE, UNIT_ABBREVIATION, group_code_read,
                         unit_code_read)

# Activity codes: "AOI" + 11 digits (an investment is "IOI"/"CUI" elsewhere).
# (OCR can join the dash to the name, "AOI00106600086 -GESTIÓN", 004 on a fresh draw.)
ACTIVITY_CELL = re.compile(r"^(?P<code>[A-Z]{2,3}\d{8,14})\s*-\s*(?P<name>.+)$", re.S)
# ... whose dash OCR lost (a faint 3 px blot on 3 pt print, read as nothing: "AOI00106600137
# TRANSFERENCIA DE RECURSOS ...", 004 on the seed-15 draw): the code, then a name that
# starts with a letter (a code broken at a gap, "AOI000154002 74", is ``codes_joined``'s).
ACTIVITY_CELL_DASH_LOST = re.compile(r"^(?P<code>[A-Z]{2,3}\d{8,14})\s+(?P<name>[^\W\d_].+)$", re.S)
# The first word of the executing unit's line ("UE: 001066 - ...", "Unidad Ejecutora: ...").
UNIT_LABEL = re.compile(rf"^(?:{UNIT_ABBREVIATION}\b|Unidad\b)", re.I)
GROUP_CODE = re.compile(r"^(?P<kind>OEI|AEI)\.\d+(?:\.\d+)*$")
GROUP_FIELD = {"OEI": "strategic_line", "AEI": "section"}
GROUP_COLUMNS = [Column(field="code"), Column(field="objective_type"), Column(field="activity")]
GROUP_NAME_COLUMNS = len(GROUP_COLUMNS)  # a grouping row prints nothing right of its code, type and name


class CeplanPoiExtractor(MonthlyTableExtractor):
    name = "pe_ceplan_poi"
    country = "PE"
    institution = None  # read from the report ("PLIEGO : ...")
    signature = frozenset({"codigo", "prog./eje", "avance acumulado"})
    # Each activity prints a planned and an executed line, told apart by the PROG./EJE.
    # column alone: read without it (004 on the seed-78 draw, its label read "PROG. / EJE.
    # Ene", the month beside it glued on), every line of the first page's table was taken
    # for an activity of its own, its values all planned: 499 published wrong and sure.
    required_fields = frozenset({"measure"})
    aggregated = True
    front_markers = ("plan operativo institucional",)
    objective_just_read = False  # the row before was an objective's (is_grouping_row)

    def prepare(self, doc: ParsedDocument) -> None:
        self.unit: str | None = None
        self.document_institution: str | None = None
        self.groups: dict[str, str] = {}
        self.objective_just_read = False
        for line in (l for page in doc.pages[:2] for l in page.lines):
            if self.unit is None and (match := EXECUTING_UNIT.search(line.text)):
                self.unit = match.group(1).strip()
            if self.document_institution is None and (match := INSTITUTION_LINE.match(line.text)):
                self.document_institution = match.group(1).strip()
        # A scanned header can be read as a table (no line names the unit): the words OCR read
        # on the unit's line then, else the table's cells.
        pages = doc.pages[:2]
        words = ((t, EXECUTING_UNIT) for page in pages for t in label_lines(page.ocr_words or (), UNIT_LABEL))
        cells = ((c.text, EXECUTING_UNIT_IN_CELL) for page in pages for table in page.tables for c in table.cells)
        if self.unit is None:
            found = (m.group(1).strip() for text, pattern in itertools.chain(words, cells) if (m := pattern.search(text)))
            self.unit = next(found, None)
        if self.unit is not None and self.ocr_pages:
            self.unit = unit_code_read(self.unit)  # its code's digits as OCR misreads them

    def read_segment(self, table: Table, heading, year, previous) -> Segment | None:
        if table.page in self.ocr_pages:
            table = objective_of_its_action(table)
        segment = super().read_segment(table, heading, year, previous)
        if segment is None and is_grouping_table(table, table.page in self.ocr_pages):
            # OEI/AEI rows printed on their own above a repeated header: they set
            # the context of the rows that follow, like grouping rows inside a table.
            segment = Segment(table.page, table, GROUP_COLUMNS,
                              body_rows(filled_grid(table), 0, GROUP_COLUMNS), None, heading)
        return segment

    def resolve_context(self, seg: Segment, chain: list[Segment]) -> None:
        seg.unit = self.unit

    def is_grouping_row(self, row: RowDraft) -> bool:
        ocr = row.page_first in self.ocr_pages
        code = group_code(row.fields.get("code", ""), ocr)
        after_objective, self.objective_just_read = self.objective_just_read, False
        if code is None or row.values:
            return False
        kind = code[:3]
        if kind == "OEI":
            self.groups.pop("AEI", None)  # a new objective opens new actions
            self.objective_just_read = True
        elif ocr and after_objective and "OEI" in self.groups:
            code = action_of_objective(code, self.groups["OEI"].split()[0])
        self.groups[kind] = f"{code} {row.fields.get('activity', '')}".strip()
        return True

    def row_context(self) -> dict[str, str]:
        return {GROUP_FIELD[kind]: text for kind, text in self.groups.items()}

    def finish_drafts(self, drafts: list[RowDraft]) -> list[RowDraft]:
        for draft in drafts:
            code = draft.fields.get("code", "")
            match = ACTIVITY_CELL.match(code) or ACTIVITY_CELL_DASH_LOST.match(code)
            if match and not draft.fields.get("activity"):
                draft.fields["code"], draft.fields["activity"] = match.group("code"), match.group("name")
        return drafts


def action_of_objective(action: str, objective: str) -> str:
    """An action's code (``AEI.nn.mm``) printed right under its objective's row
    (``OEI.nn``), with the objective's number as its first level: CEPLAN numbers an action
    within its objective (004: AEI.07.04 under OEI.07, AEI.08.05 under OEI.08; 003:
    AEI.01.01 under OEI.01). Read by OCR, the 3 pt digits of the action's first level can
    be misread alone: "AEI.05.05" under "OEI.08" (004, seeds 61 and 65 at 300 dpi grey),
    which headed the last activity with an action no objective has."""
    levels, number = action.split("."), objective.split(".")
    if len(levels) != 3 or len(number) != 2 or not number[1].isdigit():
        return action
    return ".".join([levels[0], number[1], levels[2]])


# A cell shaped like a grouping code: one short word ending in a level's two digits.
CODE_SHAPED = re.compile(r"^\S{1,6}\d\d$")


def objective_of_its_action(table: Table) -> Table:
    """``table`` (read by OCR) with the code of each objective's row written as the objective
    its action's row names, where the row right under it is an action's whose code reads
    (``group_code``) and its own code was misread beyond reading but is still shaped like a
    code (``CODE_SHAPED``), in a row that holds nothing but a code and names (no value):
    CEPLAN numbers an action within its objective (AEI.08.05 under OEI.08;
    ``action_of_objective`` is the other way). 004 read its objective "01.08" (its E lost,
    the O read 0) in the small table of the last activity's groups on the seed-169 draw
    (which was then no grouping table, and that activity kept the groups before it), and
    "01.07" in the first rows of the main table on the seed-178 draw (the row was read as an
    activity with no value, and every activity after it took the values of the one before:
    316 published wrong and sure). Any other table is returned as it is."""
    rows = [(r, texts) for r, texts in enumerate(table.texts()) if any(texts)]
    fixed = {}
    for (r, objective_row), (_, action_row) in itertools.pairwise(rows):
        code, action = objective_row[0].strip(), group_code(action_row[0], True)
        if (CODE_SHAPED.match(code) and group_code(code, True) is None and action is not None
                and action.startswith("AEI.") and not any(t.strip() for t in objective_row[GROUP_NAME_COLUMNS:])):
            fixed[r] = "OEI." + action.split(".")[1]
    if not fixed:
        return table
    return replace(table, cells=tuple(replace(cell, text=fixed[cell.row]) if cell.col == 0 and cell.row in fixed
                                      else cell for cell in table.cells))


def is_grouping_table(table: Table, ocr: bool = False) -> bool:
    """A small headerless table whose every row starts with an OEI/AEI code (``ocr``: read
    from a scan, see ``group_code``)."""
    rows = [row for row in table.texts() if any(row)]
    return table.n_cols <= 4 and bool(rows) and all(group_code(row[0], ocr) for row in rows)


def group_code(text: str, ocr: bool) -> str | None:
    """The OEI/AEI code a cell holds, as printed; on a page read by OCR also one misread
    (``vocabulary.group_code_read``: "OEI08", its full stop lost, is "OEI.08"; "OEI.007", a
    zero read twice, is "OEI.07"); else None."""
    text = text.strip()
    read = group_code_read(text) if ocr else None
    return read or (text if GROUP_CODE.match(text) else None)
