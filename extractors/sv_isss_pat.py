"""ISSS (El Salvador) Plan Anual de Trabajo, printed as a slide deck (2017).

"Metas Operativas" slides, each with a table "Propósito/Producto | Unidad de
Medida | <year> | | <year> | | <plan year>" over "Programado | Ejecutado |
Programado | Ejecutado (A junio) | Programado", and a budget annex by year
(PRESUPUESTADO / EJECUTADO). The owning unit is named on the cover only; the
slide heading is the section. Traps handled (tests/fixtures/002_*/notes.md):
year cells merged over two measure columns, "Año 2015" vs "2015" vs "AÑO 2014";
a product cell merged over two units of measure; headings wrapped with slide
leading; values "≥ 85%", "$20,000.00", "1938.51".
"""

from __future__ import annotations

from .base import MonthlyTableExtractor, RowDraft, Segment, label_lines
from .document import ParsedDocument
from .vocabulary import UNIT_NAME


class IsssPatExtractor(MonthlyTableExtractor):
    name = "sv_isss_pat"
    country = "SV"
    institution = "Instituto Salvadoreño del Seguro Social"
    signature = frozenset({"proposito/producto", "unidad de medida"})
    front_markers = ("instituto salvadoreno del seguro social",)
    # Slide titles wrap with generous leading: 0.76-0.98 em between their lines in the
    # producers' text layers. OCR measures an em from ink, a serif type's 9-16% under its
    # size, which the same leading measures 1.04-1.20 of: 1.4 holds the widest leading on
    # a scan measuring the type at 0.84 of its size (docs/ocr-traps.md, round 39).
    heading_join_gap = 1.4

    def prepare(self, doc: ParsedDocument) -> None:
        cover = doc.pages[0].lines if doc.pages else ()
        self.unit = next((l.text for l in cover if UNIT_NAME.match(l.text)), None)
        if self.unit is None and doc.pages and doc.pages[0].ocr_words:
            # A scanned cover the table layer cut into cells ("Instituto Salvadoreño del Seguro
            # Unidad de Pensiones" | "Social", the seed-47 draw): its lines are still the
            # engine's words on one line.
            self.unit = next(iter(label_lines(doc.pages[0].ocr_words, UNIT_NAME)), None)

    def resolve_context(self, seg: Segment, chain: list[Segment]) -> None:
        seg.unit, seg.section = self.unit, seg.heading

    def finish_drafts(self, drafts: list[RowDraft]) -> list[RowDraft]:
        """A goal row with a unit of measure but no product takes the product of the
        goal above it on the same page: the product cell is merged over both rows
        ("Capacitación del Personal" over "Horas" and "Empleado Capacitado"). Ruled
        prints show the merge; a print without rulings sets the product on the
        first row only, and the second row's cell is simply blank."""
        for above, row in zip(drafts, drafts[1:]):
            if (not row.fields.get("activity") and row.fields.get("measure_unit") and row.values
                    and above.fields.get("activity") and above.page_last == row.page_first):
                row.fields["activity"] = above.fields["activity"]
        return drafts

