"""MTPS El Salvador PAT (Plan Anual de Trabajo 2022 and later).

One table per organisational unit, "PROGRAMA ANUAL <year> (%)": five text columns
then the twelve months as % of the annual schedule. Traps handled here (see
tests/fixtures/000_*/notes.md): the unit comes from the caption, else from the
heading above, else from another segment's caption; columns are positional
because one office printed swapped labels ("Objetivo | Descripción | Indicador |
Responsable | Medio").
"""

from __future__ import annotations

from .base import Column, MonthlyTableExtractor, Segment, row_periods

# The five text columns, in printed order, whatever their labels say.
TEXT_COLUMNS = ("strategic_line", "activity", "expected_result", "verification", "responsible")


class MtpsPatExtractor(MonthlyTableExtractor):
    name = "sv_mtps_pat"
    country = "SV"
    institution = "Ministerio de Trabajo y Previsión Social"
    signature = frozenset({"actividad", "resultado esperado", "medio de verificacion", "responsable"})
    front_markers = ("ministerio de trabajo y prevision social",)
    schedule = "percent"  # "PROGRAMA ANUAL 2022 (%)": each month's share of the year

    def map_columns(self, labels, period_row, year):
        periods = row_periods(period_row, year)
        columns = []
        for i, (label, period) in enumerate(zip(labels, periods)):
            if period:
                columns.append(Column(measure="planned", period=period, label=label))
            elif i < len(TEXT_COLUMNS):
                columns.append(Column(field=TEXT_COLUMNS[i], label=label))
            else:
                columns.append(Column(label=label))  # e.g. the unlabelled 18th column
        return columns

    def resolve_context(self, seg: Segment, chain: list[Segment]) -> None:
        # Caption of this segment, else the heading in force, else a caption printed
        # on another page of the same table (Cuscatlán, whose heading page is lost).
        seg.unit = (seg.caption_unit or seg.heading
                    or next((s.caption_unit for s in chain if s.caption_unit), None))
