"""Printed Spanish labels -> our field names. The only module that knows Spanish.

Labels are compared after :func:`normalize_label` (lower case, no accents, single
spaces, no trailing dots/colons), so "Línea Estratégica/Proceso" and
"Linea Estrategica / proceso" are the same key.
"""

from __future__ import annotations

import re
import unicodedata

# Header label -> field of the activities table. Family extractors may override
# the mapping where a document's labels are known to be wrong (see 000, t037).
HEADER_FIELDS: dict[str, str] = {
    "linea estrategica/proceso": "strategic_line",
    "linea estrategica/proyecto": "strategic_line",
    "linea estrategica": "strategic_line",
    "proceso": "strategic_line",
    "objetivo": "strategic_line",
    "objetivo estrategico": "strategic_line",
    "actividad": "activity",
    "actividades": "activity",
    "descripcion": "activity",
    "accion estrategica": "activity",
    "resultado esperado": "expected_result",
    "producto resultado": "expected_result",
    "producto/resultado": "expected_result",
    "indicador": "expected_result",
    "indicadores de productos": "expected_result",
    "medio de verificacion": "verification",
    "medios de verificacion": "verification",
    "medio": "verification",
    "responsable": "responsible",
    "responsables": "responsible",
    "unidad de medida": "measure_unit",
    "n°": "code",
    "no": "code",
    "nro": "code",
    "codigo": "code",
    "total meta": "total_planned",
    "meta total": "total_planned",
    "cantidad": "total_planned",
    "unidad organizativa": "unit",
}

# Month header spellings public bodies use, including typos seen in real plans
# ("Enc" for Ene in MTPS 2022, "Agó").
MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    [
        ("ene", "enero", "enc"),
        ("feb", "febrero"),
        ("mar", "marzo"),
        ("abr", "abril"),
        ("may", "mayo"),
        ("jun", "junio"),
        ("jul", "julio"),
        ("ago", "agosto"),
        ("sep", "set", "sept", "setiembre", "septiembre"),
        ("oct", "octubre"),
        ("nov", "noviembre"),
        ("dic", "diciembre"),
    ],
    start=1,
):
    for _name in _names:
        MONTHS[_name] = _number

# Caption text that names the schedule, not the unit ("PROGRAMA ANUAL 2022 (%)").
SCHEDULE_CAPTION = re.compile(r"^(programa|plan) anual\b", re.I)
# A signature block closes a unit's plan: the heading above no longer applies.
SIGNATURE_MARKERS = ("responsable:",)
# Headings that introduce a program: the program is both the unit and the section.
PROGRAM_HEADING = re.compile(r"^programa\b", re.I)
# Title words that give the plan year ("PLAN ANUAL DE TRABAJO 2022").
PLAN_TITLE_YEAR = re.compile(r"plan\s+(?:anual|operativo)[^\n]{0,40}?\b(20\d\d)\b", re.I)


def normalize_label(text: str) -> str:
    """Lower-case, strip accents (but keep °), collapse spaces, drop trailing . and :."""
    text = unicodedata.normalize("NFKD", text.replace("º", "°"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"\s*/\s*", "/", text.lower())
    return " ".join(text.split()).strip(" .:")


def label_to_field(label: str) -> str | None:
    return HEADER_FIELDS.get(normalize_label(label))


def label_to_month(label: str) -> int | None:
    """Month number of a header label: "Ene", "ENERO", "Sep.", "Agó"; None otherwise."""
    return MONTHS.get(normalize_label(label))


def is_signature_marker(text: str) -> bool:
    return normalize_label(text) in {normalize_label(m) for m in SIGNATURE_MARKERS}
