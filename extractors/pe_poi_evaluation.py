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
from .vocabulary import EXECUTING_UNIT, SUMMARY_ROW, annual_value_measure, label_to_field

# "OEI.01.PROMOVER ..." / "AEI.08.05. MODELO ...": the code, then the name.
GROUP_START = re.compile(r"^(?P<code>(?:OEI|AEI)(?:\.\d+)+)\.?\s*(?P<name>.*)$", re.S)
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
        """The row naming the code and the annual planned figure (no period row)."""
        for r, row in enumerate(texts[:4]):
            if (any(annual_value_measure(t) for t in row if t)
                    and any(label_to_field(t) == "code" for t in row if t)):
                return Header(r, r, None)
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
            fill_merged_groups(drafts, name)
        return drafts


def fill_merged_groups(drafts: list[RowDraft], name: str) -> None:
    """Give every row the full text of the merged OEI/AEI cell it sits in.

    The cell starts with its code on the group's first row; text on later rows
    (the part that flowed onto the next page) continues it. The printed dot
    after the code becomes a space: "AEI.07.04.EMPLEO" -> "AEI.07.04 EMPLEO".
    """
    groups: list[tuple[list[str], list[RowDraft]]] = []
    for draft in drafts:
        text = draft.fields.pop(name, "")
        if GROUP_START.match(text) or not groups:
            groups.append(([text] if text else [], []))
        elif text:
            groups[-1][0].append(text)
        groups[-1][1].append(draft)
    for parts, members in groups:
        match = GROUP_START.match(" ".join(parts))
        if not match:
            continue
        full = f"{match.group('code')} {match.group('name')}".strip()
        for draft in members:
            draft.fields[name] = full
