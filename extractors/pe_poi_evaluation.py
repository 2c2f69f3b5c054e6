"""POI evaluation report (Peru, CEPLAN guide): "Informe de Evaluación de
Implementación del POI", as published by the MTPE for 2024.

Long narrative with summary tables; the activity data is in the "Ficha de
Implementación" tables, one per executing unit: OEI | AEI | code | description |
unit of measure | annual planned | annual executed | % progress | three
traffic-light columns. Traps handled here (tests/fixtures/003_*/notes.md): the
OEI and AEI cells are merged over many rows, printed once per page, and their
text flows onto the next page (a tail above or beside the next row); rows split
over a page break; the unit is named in a caption ("... Unidad Ejecutora:
000154-..."); a "TOTAL GENERAL AOI" row closes each table.
"""

from __future__ import annotations

import re

from .base import Header, MonthlyTableExtractor, RowDraft, Segment
from .vocabulary import EXECUTING_UNIT, SUMMARY_ROW, annual_value_measure, group_code_read, label_to_field

# "OEI.01.PROMOVER ..." / "AEI.08.05. MODELO ...": the code, then the name. A mark read apart
# between them is the code's stop or a speck ("AEI.01.01 , ASISTENCIA ...", Writer's 003 on the
# bitonal seed-430 draw: the heading of its 23 activities began with the comma).
GROUP_START = re.compile(r"^(?P<code>(?:OEI|AEI)(?:\.\d+)+)(?:\s*[.,:;])?\s*(?P<name>.*)$", re.S)
# ... as OCR can read it: a code of a few characters and two-digit levels, then the name's
# first letter, the code as ``group_code_read`` reads it ("O£I.01.PROMOVER ...", 003 on the
# bitonal seed-183 draw: the objective of all 23 activities lost).
GROUP_START_READ = re.compile(r"^(?P<code>\S{1,4}?(?:[.:,/ ]?\d\d)+)[.,:]?\s*(?P<name>[^\W\d_].*)$", re.S)
GROUP_FIELDS = ("strategic_line", "section")


class PoiEvaluationExtractor(MonthlyTableExtractor):
    name = "pe_poi_evaluation"
    country = "PE"
    institution = "Ministerio de Trabajo y Promoción del Empleo"
    signature = frozenset({"descripcion", "programacion anual aoi", "ejecucion anual aoi"})
    front_markers = ("ministerio de trabajo y promocion del empleo",)

    def prepare(self, doc) -> None:
        self.unit: str | None = None

    def find_header(self, texts, year) -> Header | None:
        """The row naming the code and the annual planned figure (no period row), and the rows
        below it that end its labels (``label_continued``)."""
        for r, row in enumerate(texts[:4]):
            if (any(annual_value_measure(t) for t in row if t)
                    and any(label_to_field(t) == "code" for t in row if t)):
                last = r
                while last + 1 < len(texts) and label_continued(texts[r], texts[last + 1]):
                    last += 1
                return Header(r, last, None)
        return None

    def resolve_context(self, seg: Segment, chain: list[Segment]) -> None:
        # The caption of a unit's first page names it for every page that follows.
        match = EXECUTING_UNIT.search(seg.caption_unit or "")
        if match:
            self.unit = match.group(1).strip()
        seg.unit = self.unit

    def is_summary_row(self, row: RowDraft) -> bool:
        return bool(SUMMARY_ROW.match(row.fields.get("strategic_line", "")))

    def is_fragment(self, row: RowDraft, previous: RowDraft, columns) -> bool:
        # Every activity prints its code and figures; anything else is the tail of
        # a cell above (a description split over the page, or a merged OEI/AEI cell).
        return not row.values and not row.fields.get("code")

    def finish_drafts(self, drafts: list[RowDraft]) -> list[RowDraft]:
        for name in GROUP_FIELDS:
            fill_merged_groups(drafts, name, self.ocr_pages)
        return drafts


def label_continued(header: list[str], row: list[str]) -> bool:
    """Whether ``row``, below the ``header`` row, ends labels the header began: text, no digit,
    every cell of it under a label that names no column alone and names one with it. A scan
    read by text alignment can cut a label printed on two lines in two rows ("%" over
    "AVANCE AOI": 003 printed by Chromium without borders, seed 203, where the second line
    became an activity of its own, every activity after it one row off). The tail of a merged
    OEI/AEI cell from the page before sits under a label that names a column: a body row.
    A header cell spanning down into ``row`` (its text the one above) is no text of its own."""
    cells = [(above, text) for above, text in zip(header, row) if text and text != above]
    return bool(cells) and all(
        above and not any(ch.isdigit() for ch in text)
        and label_to_field(above) is None and annual_value_measure(above) is None
        and label_to_field(f"{above} {text}") is not None
        for above, text in cells)


def group_start(text: str, ocr: bool = False) -> tuple[str, str] | None:
    """The code and name a merged OEI/AEI cell starts with ("OEI.01.PROMOVER LA ..."); on a
    page read by OCR also a code misread (``GROUP_START_READ``), spelled as printed; else None."""
    if match := GROUP_START.match(text):
        return match["code"], match["name"]
    if ocr and (match := GROUP_START_READ.match(text)) and (code := group_code_read(match["code"])):
        return code, match["name"]
    return None


def fill_merged_groups(drafts: list[RowDraft], name: str, ocr_pages: frozenset[int] = frozenset()) -> None:
    """Give every row the full text of the merged OEI/AEI cell it sits in.

    The cell starts with its code on the group's first row; text on later rows
    (the part that flowed onto the next page) continues it. The printed dot
    after the code becomes a space: "AEI.07.04.EMPLEO" -> "AEI.07.04 EMPLEO".
    A group read by OCR on ``ocr_pages`` may start with its code misread (``group_start``).
    """
    groups: list[tuple[list[str], list[RowDraft], bool]] = []
    for draft in drafts:
        text = draft.fields.pop(name, "")
        ocr = draft.page_first in ocr_pages
        if group_start(text, ocr) or not groups:
            groups.append(([text] if text else [], [], ocr))
        elif text:
            groups[-1][0].append(text)
        groups[-1][1].append(draft)
    for parts, members, ocr in groups:
        start = group_start(" ".join(parts), ocr)
        if not start:
            continue
        full = " ".join(start).strip()
        for draft in members:
            draft.fields[name] = full
