"""Dirección de Integración (El Salvador) PAT 2024 and documents shaped like it.

Per-program tables "N° | Actividad | Producto Resultado | Unidad de medida | Medio
de verificación | Ene … Dic | Total meta" under a heading naming the program or
unit; an advisory-units table with a "Unidad Organizativa" column; an annex of
strategic actions by year. Traps: values printed one column to the right (undone
by the base ``repair_row``), "Total meta" mixing counts and percentages.
"""

from __future__ import annotations

from .base import MonthlyTableExtractor, Segment
from .vocabulary import PROGRAM_HEADING


class IntegracionPatExtractor(MonthlyTableExtractor):
    name = "sv_integracion_pat"
    country = "SV"
    institution = "Dirección de Integración"
    signature = frozenset({"actividad", "producto resultado", "unidad de medida", "total meta"})
    front_markers = ("direccion de integracion",)

    def resolve_context(self, seg: Segment, chain: list[Segment]) -> None:
        has_unit_column = any(c.field == "unit" for c in seg.columns)
        has_months = any(c.period and len(c.period) == 7 for c in seg.columns)
        heading = seg.heading
        if heading and PROGRAM_HEADING.match(heading):
            seg.unit = seg.section = heading
        elif has_unit_column or not has_months:
            # The table names its units per row (advisory units), or it is the
            # annex of strategic actions, owned by no single unit.
            seg.unit, seg.section = None, heading
        else:
            seg.unit, seg.section = heading, None
