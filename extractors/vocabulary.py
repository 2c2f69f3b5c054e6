"""Printed Spanish labels -> our field names. The only module that knows Spanish.

Labels are compared after :func:`normalize_label` (lower case, no accents, single
spaces, no trailing dots/colons), so "Línea Estratégica/Proceso" and
"Linea Estrategica / proceso" are the same key.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

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
    "producto": "expected_result",
    "productos": "expected_result",
    "subproducto": "expected_result",
    "producto esperado": "expected_result",
    "medio de verificacion": "verification",
    "medios de verificacion": "verification",
    "medio": "verification",
    "responsable": "responsible",
    "responsables": "responsible",
    "unidad de medida": "measure_unit",
    "n°": "code",
    # "N°" whose degree sign OCR lost: a mark 1-2 px across at 150 dpi, as pale as the paper
    # once blurred (001's header read from its scan at 150 dpi, every activity's code lost).
    # A lone "N" heads no other column of a plan's table.
    "n": "code",
    "no": "code",
    "nro": "code",
    "codigo": "code",
    "cod": "code",
    "clave": "code",
    "total meta": "total_planned",
    "meta total": "total_planned",
    "cantidad": "total_planned",
    "unidad organizativa": "unit",
    "unidad ejecutora": "unit",
    "unidad responsable": "unit",
    "dependencia": "unit",
    "area responsable": "responsible",
    "objetivo especifico": "strategic_line",
    "u. de medida": "measure_unit",
    "proposito/producto": "activity",
    "tipo de capacitacion": "activity",
    # CEPLAN POI monitoring report (web export)
    "objetivo estrategico/accion estrategica/actividad operativa": "activity",
    "tipo/de oei": "objective_type",
    "tipo de oei": "objective_type",
    "centro de costo": "cost_center",
    "nivel de prioridad": "priority",
    "prioridad": "priority",
    "unidad medida": "measure_unit",
    "tipo de agregacion": "aggregation",
    "prog./eje": "measure",
    "prog/eje": "measure",
    "avance % acumulado": "progress_pct",
    # MTPE POI evaluation report, "Ficha de Implementación"
    "oei": "strategic_line",
    "acciones estrategicas institucionales (aei)": "section",
    "codigo aoi": "code",
    "codigo ao": "code",
    "unidad de medida aoi": "measure_unit",
    "% avance aoi": "progress_pct",
    "[0%- 75%>": "progress_band",
    "[75%- 95%>": "progress_band",
    "≥95%": "progress_band",
}

# The annual goal of a row printed beside its schedule ("Meta anual", "Meta", "Total",
# "Programado anual", "Cantidad", "Meta física 2025"): total_planned, never a value of its
# own (the months are the values). "Ejecutado anual"/"Total ejecutado": total_executed.
# Not "Programado"/"Ejecutado" alone: they name the measure of a row (CEPLAN's PROG./EJE.
# cells) or of the columns under a year (ISSS), and a continuation page starting with such
# a row must not read as a header.
ANNUAL_GOAL = re.compile(
    r"^(?:metas?(?: fisicas?)?(?: (?:anual(?:es)?|total|programadas?))?"
    r"|total(?: (?:anual|meta|programado))?|cantidad(?: (?:anual|programada))?"
    r"|programado anual|programacion anual|meta anual programada)(?: (?:19|20)\d\d)?$")
ANNUAL_EXECUTED = re.compile(r"^(?:ejecutado anual|ejecucion anual|total ejecutado)(?: (?:19|20)\d\d)?$")
# "N°" with its degree sign read as one or two other marks or digits ("N?2", Chromium's
# print of 001 with fills scanned on the seed-216 draw, 0.37 sure: its ten activities lost
# their numbers): an N and no letter after it names the code column, as a lone "N" does; so
# does an N with its sign read as the small letter it is shaped like, "e" or "o" (Chromium's
# plain 001 on the seed-600 draw read "Ñe", and its page's ten activities lost their numbers).
NUMBER_SIGN_READ = re.compile(r"^n(?:[eo]|[^\sa-z0-9])?[^\sa-z]?$")

# Header labels of a column holding the plan year's own figure (no year printed), a
# value of the year besides the total: the annual figures of reports that print no
# months (MTPE evaluation), CEPLAN's AVANCE ACUMULADO beside the months.
ANNUAL_VALUE_LABELS: dict[str, str] = {
    "avance acumulado": "planned",  # CEPLAN: the row's PROG./EJE. cell decides
    "programacion anual aoi": "planned",
    "ejecucion anual aoi": "executed",
}

# CEPLAN's "TIPO DE AGREGACIÓN" values, normalised (``normalize_label``): how a row's
# progress adds its months up (the rules in schemas/rules.py).
ANNUAL_SUM = "acumulado anual"
LAST_POSITIVE = "acumulado mensual"
NOT_CUMULATIVE = "no acumulado"
AGGREGATIONS = frozenset({ANNUAL_SUM, LAST_POSITIVE, NOT_CUMULATIVE})  # CEPLAN's closed list

# A table without an activity column names its rows by the finest thing it plans
# (a Guatemalan POA: Producto | Subproducto | months): these labels, in this order.
ACTIVITY_FALLBACKS: tuple[str, ...] = ("subproducto", "producto", "productos", "indicador")

# Words that say whether a header or a row holds planned or executed figures.
MEASURE_WORDS: tuple[tuple[str, str], ...] = (
    ("ejecutado", "executed"), ("ejecucion", "executed"), ("eje", "executed"), ("real", "executed"),
    ("programado", "planned"), ("programacion", "planned"), ("prog", "planned"),
    ("presupuestado", "planned"), ("planificado", "planned"), ("meta", "planned"),
)

_MEASURE_NAMES = {word: measure for word, measure in MEASURE_WORDS if len(word) > 4}  # not "prog", "meta"
# A measure's name read with a letter dropped is that name from this many letters on (the
# names run 9-13 letters; "ejecutado" less one is 8).
_MEASURE_DROPPED_MIN = 8

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
        ("ago", "agosto", "agt"),
        ("sep", "set", "sept", "setiembre", "septiembre"),
        ("oct", "octubre"),
        ("nov", "noviembre"),
        ("dic", "diciembre"),
    ],
    start=1,
):
    for _name in _names:
        MONTHS[_name] = _number

# Quarter and semester headers: "I Trimestre", "Trimestre 2", "1er Trim.", "2do. Trim.",
# "1° Trimestre", "Primer trimestre", "II Semestre", "T1".
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "primer": 1, "primero": 1, "segundo": 2, "tercer": 3,
          "tercero": 3, "cuarto": 4}
_SUBPERIOD = re.compile(
    r"^(?:(?P<n1>i{1,3}|iv|[1-4]|primero?|segundo|tercero?|cuarto)(?:er|do|ro|to|°|o)?\s*"
    r"(?P<w1>trim|trimestre|sem|semestre)"
    r"|(?P<w2>trim|trimestre|sem|semestre)\s+(?P<n2>i{1,3}|iv|[1-4])"
    r"|t(?P<n3>[1-4]))$")
# A month label with its year: "Ene-25", "ene 2025", "Enero/2025".
_MONTH_YEAR = re.compile(r"^(?P<month>[a-z]+)[\s\-/.]*(?:(?:19|20)?\d\d)$")
# A year in a header cell: "2015", "Año 2015", "AÑO 2014", and with the name of the one
# measure its column holds when that is read into the same cell ("AÑO 2016 PRESUPUESTADO":
# a year over one column, its label under it and nothing beside it, Chromium's filled 002
# at 150 dpi, seeds 490 and 520, whose two columns' eight amounts were lost).
_YEAR = re.compile(r"^(?:ano\s+)?((?:19|20)\d\d)(?:\s+(?:" + "|".join(_MEASURE_NAMES) + r"))?$")

# Caption text that names the schedule, not the unit ("PROGRAMA ANUAL 2022 (%)").
SCHEDULE_CAPTION = re.compile(r"^(programa|plan) anual\b", re.I)
# A signature block closes a unit's plan: the heading above no longer applies.
SIGNATURE_MARKERS = ("responsable:",)
# Headings that introduce a program: the program is both the unit and the section.
PROGRAM_HEADING = re.compile(r"^programa\b", re.I)
# Title words that give the plan year ("PLAN ANUAL DE TRABAJO 2022", "PROGRAMA OPERATIVO
# ANUAL 2025", "POA 2025"). The title may wrap ("PLAN ANUAL" / "DE TRABAJO 2017"): one line
# break is allowed.
PLAN_TITLE_YEAR = re.compile(
    r"(?:\b(?:plan|programa)\s+(?:anual|operativo)[^\n]{0,40}?(?:\n[^\n]{0,40}?)?|\bPO[IA]\s+)\b(20\d\d)\b",
    re.I)
# Otherwise a label giving the year of the figures ("Año: 2024" in a report header,
# "Vigencia 2025" in Colombia, "Ejercicio fiscal 2025" in Mexico).
# A scan's 3 pt colon can be lost ("Año 2024", 004 on another draw, and every month then
# lacked its year): a line holding only "Año 2024" (so capitalised, or a full stop for the
# colon) is the label too; "año 2023" inside a sentence is not. The colon read as a semicolon
# ("Año; 2024", 004 on the seed-46 draw: no plan year, so no month had its year and not one
# of its 622 values was read) is the colon: no sentence puts one there. The "o" of a line's
# "Año" may read as a capital, a case-alike shape ("AñO. 2024", 004 on the seed-121 draw: no
# plan year, not one of its 622 values read); the "ñ" still tells it from a heading in
# capitals ("AÑO 2016", a multi-year table's column). A speck by the colon read as a stop
# ("Año:.2024", 004 on the seed-164 draw: no plan year, all 574 values quarantined) is no
# more than a speck. The colon read as an apostrophe ("Año' 2024", Calc's 004 at 200 dpi on the
# seed-400 draw: no plan year, every EJECUTADO line an activity of its own, nothing published)
# is the colon too: no sentence puts an apostrophe after "año".
PLAN_YEAR_LABEL = re.compile(r"\b(?:A[ñn]o\s*[:;'’‘`´][.,]?|Vigencia\s*:?|Ejercicio(?:\s+fiscal)?\s*:?)\s*(20\d\d)\b"
                             r"|(?-i:^[ \t]*A[ñn][oO][ \t]*\.?[ \t]*(20\d\d)[ \t]*$)", re.I | re.M)
# ... the label alone, its year not read (004's bitonal seed-186 draw: "Año:" 0.94, the "2024"
# after it lost in the threshold; every value was quarantined under unlabelled months).
YEAR_LABEL = re.compile(r"\bA[ñn]o\s*[:;]", re.I)
# The executing unit named once for a whole report ("UE: 001066 - ...",
# "... de la Unidad Ejecutora: 000154-..."). A scan's 3 pt colon can read as a full stop
# ("UE. 001066 - ...", the engine 0.95 sure at any scale): a full stop counts as the colon
# only before the unit's code, so that a sentence ending in "UE." names no unit. At 150 dpi
# the colon can be lost altogether (003's caption "... Unidad Ejecutora 000154-Ministerio
# ...": no unit, and none of its 23 activities matched): the unit's code right after the
# label is the unit too. The abbreviation printed without an accent is read with one over a
# speck ("UÉ: 001066 - ...", 004 on the seed-73 draw: no activity had its unit); Spanish
# writes no "UÉ", so it is the label. The colon read as a semicolon ("UE; 001066 - ...", 004 on
# the seed-180 draw: no activity had its unit) counts, as a full stop does, before the code;
# so do its two dots read as two such marks ("UE'. 001066 - ...", an apostrophe and a full
# stop: Typst's 004 on the seed-600 draw, where no activity had its unit), as after the plan
# year's label.
_UNIT_AFTER_LABEL = r"(?:\s*(?::|[.;'’‘`´](?:\s*[.;'’‘`´])?(?=\s*\d))|\s+(?=\d))\s*(.+)$"
UNIT_ABBREVIATION = "U[EÉ]"  # "UE", as printed or read over a speck
EXECUTING_UNIT = re.compile(rf"(?:^{UNIT_ABBREVIATION}|\bUnidad Ejecutora)" + _UNIT_AFTER_LABEL, re.I)
# ... in a table cell, where the "UE" can follow the text of the line above it: a report's
# header read as a table (a scan's word gaps vary by a tenth of an em, and text alignment
# takes a header line with a few wider ones for a row) holds two lines in one cell
# ("PLIEGO : 012 - ... EMPLEO UE: 001066 - ...").
EXECUTING_UNIT_IN_CELL = re.compile(rf"(?:(?:^|(?<=\s)){UNIT_ABBREVIATION}|\bUnidad Ejecutora)" + _UNIT_AFTER_LABEL,
                                    re.I)
# The executing unit's code (six digits before its name: "001066 - PROGRAMA ...") as OCR reads
# a scan's 3 pt print: a 0 read as a letter ("Ó01066" on 004's seed-90 draw, "C01066" on seed
# 72), and the unit of every activity is another. Letters a digit is read as, in a code that
# keeps most of its digits (``UNIT_CODE_DIGITS``).
_UNIT_CODE_READ = re.compile(r"^(?P<code>[0-9OÓÒQCDGoIl!|\]SB]{6})(?P<rest>\s*-.*)$", re.S)
_UNIT_CODE_LOOKALIKES = str.maketrans("OÓÒQCDGoIl!|]SB", "000000001111158")
UNIT_CODE_DIGITS = 4


def unit_code_read(unit: str) -> str:
    """An executing unit read by OCR with the look-alike letters of its code read as the
    digits they are ("Ó01066 - PROGRAMA ..." -> "001066 - PROGRAMA ..."); any other text as
    it is (a code of fewer than ``UNIT_CODE_DIGITS`` digits read is no code)."""
    match = _UNIT_CODE_READ.match(unit)
    if not match or sum(c.isdigit() for c in match["code"]) < UNIT_CODE_DIGITS:
        return unit
    return match["code"].translate(_UNIT_CODE_LOOKALIKES) + match["rest"]


# The institution a report belongs to ("PLIEGO : 012 - M. DE TRABAJO ...").
INSTITUTION_LINE = re.compile(r"^PLIEGO\s*:\s*(.+)$", re.I)
# A caption naming the unit that owns a table, with its label: "Dependencia: Dirección de
# Epidemiología", "Unidad ejecutora: 001 - Sede Central", "Unidad responsable: …", "Área: …".
UNIT_CAPTION = re.compile(
    r"^(?:dependencia|unidad(?:\s+(?:ejecutora|responsable|organizativa|administrativa|operativa))?"
    r"|[aá]rea(?:\s+responsable)?|UE|UR)\s*:\s*(?P<name>\S.*)$", re.I | re.S)
# The same label at the end of a heading it was printed right under ("PLAN OPERATIVO ANUAL
# 2025 Unidad ejecutora: X": wrapped heading lines are joined).
UNIT_CAPTION_AFTER = re.compile(
    r"\s(?:dependencia|unidad\s+(?:ejecutora|responsable|organizativa|administrativa|operativa))"
    r"\s*:\s*(?P<name>\S.*)$", re.I | re.S)
# A line naming an organisational unit ("Unidad de Pensiones" on a cover).
UNIT_NAME = re.compile(r"^(?:unidad|departamento|divisi[oó]n|gerencia|direcci[oó]n|oficina)\b", re.I)
# A table's own total row ("TOTAL GENERAL AOI").
SUMMARY_ROW = re.compile(r"^total general\b", re.I)

# CEPLAN's codes (Peru): strategic objective, strategic action, operational activity
# ("OEI.07", "AEI.07.04", "AOI00106600086"). In the sans-serif type of its reports O and
# 0 (and Q, with a speck on it), and I, l, 1 and ! look alike, and OCR reads "0E1.07",
# "AEl.08.0S", "CODIGO AO!", "AQI"; in brackets too, where a header names the kind
# ("INSTITUCIONALES (AEI)" read "(AE!)", "(AEl)", "(AE1)" on a bitonal scan).
_CODE_PREFIX_LOOKALIKES = re.compile(r"^(?:[O0Q]E|AE|A[O0Q])[I1lL!|]")
_CODE_WORD = re.compile(r"^(?P<open>[(\[]?)(?P<prefix>[O0QA][OE0Q][I1lL!|])"
                        r"(?P<rest>(?:\.?[0-9OIlSB!|]+(?![^\W\d_]))*)(?P<tail>.*)$", re.S)
_CODE_DIGITS = str.maketrans("OoIlSB!|", "00115811")


def code_lookalikes_to_code(word: str) -> str:
    """A word that starts with a CEPLAN code misread by OCR, spelled right: the three
    letters of its kind, then digits ("0E1.07" -> "OEI.07", "AEL.OB.0S" -> "AEI.08.05",
    "AO!" -> "AOI", "(AE!)" -> "(AEI)"). Same length; any other word is returned as it is."""
    match = _CODE_WORD.match(word)
    if not match or not _CODE_PREFIX_LOOKALIKES.match(match["prefix"]):
        return word
    tail = match["tail"]
    if tail[:1].isalpha():  # a word that only starts like a code
        return word
    prefix = match["prefix"]
    kind = ("O" if prefix[0] in "O0Q" else "A") + ("E" if prefix[1] == "E" else "O") + "I"
    return match["open"] + kind + match["rest"].translate(_CODE_DIGITS) + tail


# An operational-activity code ("AOI" and 11 digits, ``AOI_CODE``) as OCR reads
# the small print of a scanned report, in a cell of its own (003) or before its name (004,
# "AOI00106600134 - GESTIÓN ..."). Measured on 300 dpi grey draws (seeds 13-16): a letter read
# for a digit ("ADI0Ó106600134", "AOICO106600138", "AOId0106600097", "AOIC0015400301"), a
# break inside the digits and the dash lost ("AOI00 106600095 GESTION ..."), a speck read as a
# letter or a mark before it ("E AOI00106600138 - ..."); and on seeds 60-65 a 0 read "G"
# ("AOIG0106600084"), a 1 or the kind's I read as a bracket ("AOI00]06600134", "AO[00106600139")
# and the dash doubled ("AOICO106600094-- GESTIÓN ..."); on seed 73 a speck over the O read as
# its accent ("AÓI00106600093 - GESTIÓN ...": the activity had no name) and the I and a speck
# beside it read "H" ("AOH00106600086"); on seeds 99 and 100 the I and a 1 read "¡" or "r"
# ("AO¡00015400...", "AOr00106600087 - ...", "AOI00r066001 38 - ...") and a speck after the
# code read as a full stop before the dash ("AOI00106600137. - TRANSFERENCIA ...", seed 97).
# On seed 146 a 0 read "N" ("AOI0N106600136 - GESTION ..."), the kind's I read "/" ("AO/00106600138
# - ...") and its A read "4" ("40100106600134 - ..."): three activities whose cell stayed the code.
# On a LibreOffice Calc print of 004 (6 pt type, 300 dpi grey) the A read "2" ("20100106600093 -
# GESTIÓN ..."): the activity had no code, and its name began with the code.
# On Calc's print of 004 at 200 dpi (seed 400) a speck inside the O read as a letter of its own
# ("AOQI00106600086 - GESTIÓN ..."): the activity had no name and its cell stayed the code; the
# round letter may be read twice (as letters: a 0 after it may be the code's own).
# The letters of the kind, as
# ``_CODE_PREFIX_LOOKALIKES`` and "D" ("ADI"); then the digits, each a digit or a look-alike, or a
# capital no digit looks like, which only the unit part mends (``activity_code_read``).
AOI_DIGITS = 11
AOI_CODE = re.compile(rf"^AOI\d{{{AOI_DIGITS}}}$")  # as printed (the rule activity_code_well_formed checks it)
_AOI_KIND = r"[A42][O0QDCÓÒ][OQDCÓÒ]?[I1lL!|Í\[\]H¡r/]"
# Letter -> the digit OCR read it for: round letters for 0 (O, o, Q, C, c, D, d, Ó, G seen), a
# stem or a bracket for 1, and the S and B ``code_lookalikes_to_code`` already spells as 5 and 8. A 9, 6
# or 4 read for another digit is no look-alike: such a code stays as read (unless in its unit
# part, ``digits_in_unit``).
_AOI_LOOKALIKES = {**dict.fromkeys("OoQCcDdÓóÒòG", "0"), **dict.fromkeys("Il|!Íí[]¡r", "1"), "S": "5", "B": "8"}
_AOI_DIGIT = "[0-9A-Z" + re.escape("".join(_AOI_LOOKALIKES)) + "]"
_AOI_CELL = re.compile(
    r"^(?:[^\w\s]\s*|\w\s+)?"  # a speck read as a mark, or as a lone letter and a space
    + _AOI_KIND + r" ?"
    + rf"(?P<digits>(?:{_AOI_DIGIT} ?){{{AOI_DIGITS - 2},{AOI_DIGITS}}}{_AOI_DIGIT})"
    + r"(?:\s*|(?:(?:\s*[^\w\s]){1,2}\s*|\s+)(?P<name>[^\W\d_].*))$", re.S)
# A mended code has at least this many digits read as digits: every look-alike is a guess,
# and the codes read so far had at most 2 (a name's first word never reaches this).
AOI_MIN_TRUE_DIGITS = 8


# The code is the executing unit's code (6 digits: "001066", "000154") and the activity's
# number within it (5 digits): all 284 codes of 003, 004 and 006, in 3 units.
AOI_UNIT_DIGITS = 6
# A unit is the document's when at least this many of its codes read well formed name it.
AOI_UNIT_MIN_CODES = 3


def activity_code_parts(text: str) -> tuple[str, str] | None:
    """An OCR'd cell that starts with an operational-activity code (``_AOI_CELL``): its digits
    as read, look-alike letters read as their digits and a break inside them closed (10 to 12
    of them: one lost or one added is told by ``activity_code_read``), and the name after it
    ("" when the cell holds the code alone); None for any other text. A break counts only
    before a read digit, after a read digit or a look-alike (a look-alike after a gap may be
    the first letter of the name; before it, with digits after, it is one of the code's:
    "AOI0G 106600088 GESTION ...", a Typst print of 004 scanned at 300 dpi grey)."""
    match = _AOI_CELL.match(text.strip())
    if not match:
        return None
    run = match["digits"]
    if run.count(" ") > 1:
        return None
    if " " in run:
        at = run.index(" ")
        if not ((run[at - 1].isdigit() or run[at - 1] in _AOI_LOOKALIKES) and run[at + 1].isdigit()):
            return None
    digits = run.replace(" ", "")
    if sum(ch.isdigit() for ch in digits) < AOI_MIN_TRUE_DIGITS:
        return None
    return "".join(_AOI_LOOKALIKES.get(ch, ch) for ch in digits), (match["name"] or "").strip()


def activity_code_read(text: str, units: frozenset[str] = frozenset()) -> tuple[str, str] | None:
    """An OCR'd cell that starts with an operational-activity code: the code as printed ("AOI"
    and 11 digits) and the name after it (``activity_code_parts``). ``units``: the executing
    units the document's codes name (``AOI_UNIT_DIGITS``); a code whose unit part OCR misread
    by one digit (a 9 or a 5 read for a 0 or a 6, or an "N": no look-alike) or with one digit
    too many or too few there ("AOI000015400180", 003 on the seed-13 draw) is written with the
    one unit and number that a single such edit gives, when only one does. None when the cell
    holds no such code, or one whose digits are not 11 and no single edit in the unit part
    mends (a digit lost in the activity's number: nothing says which), or with a letter left
    among them: it stays as read and ``activity_code_well_formed`` lists it."""
    parts = activity_code_parts(text)
    if parts is None:
        return None
    digits, name = parts
    if digits[:AOI_UNIT_DIGITS] not in units or len(digits) != AOI_DIGITS:
        mended = digits_in_unit(digits, units)
        if mended is not None:
            digits = mended
        elif len(digits) != AOI_DIGITS:
            return None
    if not digits.isdigit():
        return None  # a letter no digit looks like, outside the unit part: nothing says which digit
    return "AOI" + digits, name


def names_unit(text: str | None, unit: str) -> bool:
    """Whether the name of a row's executing unit holds ``unit``'s code, leading zeros aside
    ("001066 - PROGRAMA ...", "005-01066 Programa ...", "000154-Ministerio ...")."""
    return bool(text) and re.search(rf"(?<!\d)0*{int(unit)}(?!\d)", text) is not None


def digits_in_unit(digits: str, units: frozenset[str]) -> str | None:
    """The 11 digits of a code that one edit of ``digits`` gives with its unit part one of
    ``units`` (11 read: one digit of the unit part changed; 12: one digit dropped; 10: one
    put in), when exactly one such code exists; else None."""
    n = AOI_UNIT_DIGITS
    if len(digits) == AOI_DIGITS:
        found = {unit + digits[n:] for unit in units
                 if sum(a != b for a, b in zip(unit, digits[:n])) == 1}
    elif len(digits) == AOI_DIGITS + 1:
        found = {d for i in range(len(digits)) if (d := digits[:i] + digits[i + 1:])[:n] in units}
    elif len(digits) == AOI_DIGITS - 1:
        found = {d for i in range(len(digits) + 1) for c in "0123456789"
                 if (d := digits[:i] + c + digits[i:])[:n] in units}
    else:
        found = set()
    return found.pop() if len(found) == 1 else None


# CEPLAN's grouping codes ("OEI.08", "AEI.08.05": two digits a level) as OCR reads them: the
# small full stop lost ("OEI08", 004 on the seed-14 and seed-16 draws: the row naming the last
# activity's objective was not taken for a grouping row, and the activity kept the groups
# before it), a speck over the I read as an accent ("AEÍ.08.05", seed 16), look-alikes as in
# ``code_lookalikes_to_code``; and the kind's first letter lost ("E1.07" for "OEI.07", 004's
# first page on the seed-30 draw: the objective's row was taken for an activity of its own,
# and every activity after it was numbered one on), the kind then told by the levels: an
# objective has one ("OEI.07"), an action two ("AEI.07.04"). A full stop read as a colon or a
# comma is one too ("AEI.07:04", seed 60: the action's row was an activity, as on seed 30),
# and a speck after the code read as any stop ("AEI.08.05,", seed 71: the last activity's
# small table of groups was not one, and that activity kept the groups before it).
# The kind's middle letter misread ("061.08" for "OEI.08", 004's last objective on the seed-44
# draw: the small table of the last activity's groups was not one, and that activity kept the
# groups before it) is the kind its first letter names only when the levels agree: an O's
# code has one level, an A's two; so is one read as a pound sign ("0£1.08", seed 97). The
# kind's I read as two stems is one ("OE1l.08", seed 116: the last activity kept the groups
# before it); a level's digits are taken first, so "AEI1101" is still AEI.11.01. Full stops
# read as spaces are stops too ("AEI 08 05", seed 120: the last activity kept the groups
# before it).
# ... and its O read as another round letter ("CEl.07", 004's first page on the seed-161 draw:
# the objective's row was an activity of its own, every activity after it one off, 337 values
# published wrong and sure), or as a 9 before its E ("9E1.08", seed 167: the last activity
# kept the groups before it); a full stop read as a slash is one too ("AEI/O8.05", seed 169).
# ... and a speck at the cell's start read as a stop before it (".AEL07.04", Chromium's
# bordered capitals of 004 on the seed-380 draw: a speck against the cell's border, and the
# 23 activities under the action lost it): no code begins with a mark.
# ... and a level's zero read twice ("OEI.007", 0.2 sure, Calc's 004 at 200 dpi on the seed-400
# draw: the objective and its action "AEI.007.04" named no code of the report, and all 24
# activities lost them): a level is two digits, and "00d" is "0d" with its zero read again
# ("070" says not which of its digits is too many); so is one right after the kind's letters,
# its full stop read as the zero or lost ("AEI007.04", Typst's 004 at 300 dpi grey on the
# seed-520 draw: the action named no code of the report, and all 24 activities lost it).
# ... and the kind's I lost ("AE 07.04", the committed bitonal scan of 004: the action's row was
# an activity of its own): the kind its two letters name when its levels say the same.
_ZERO_READ_TWICE = re.compile(r"(?<=[.:,/IÍlLJ|!])0(?=0\d(?:[.:,/]|$))")
_ROUND_O = "O0QCDÓÒ"
_GROUP_CODE_READ = re.compile(
    rf"^[.,:;'`]?(?P<kind>[{_ROUND_O}9]E|A[EÉ]|[EÉ]|[{_ROUND_O}](?:[^\W_]|£)|A(?:[^\W_]|£))"
    r"(?:(?P<stem>[I1lL!|ÍJ]{1,2}?)|(?=[.:,/\s]))"
    r"(?P<levels>(?:[.:,/\s]?[0-9OoIlSB!|T]{2})+)[.,:;]?$")
_KIND_LEVELS = {"OEI": 1, "AEI": 2}  # the levels of an objective's code and of an action's
# A level's digits as OCR reads them: ``_CODE_DIGITS``'s look-alikes, and a 7 read as the T
# its bar and stem make in capitals ("AELOT 04" for "AEI.07.04", Chromium's upper-case
# bordered 004 at 200 dpi on the seed-510 draw: the action named no code of the report, and
# all 23 activities under it lost it). Only in a level: a T is a letter of names.
_LEVEL_DIGITS = {**_CODE_DIGITS, ord("T"): ord("7")}
# Marks no letter or stop of a grouping code is read as: a speck read as one of them inside a
# code is dropped when the code as read matches nothing ("0€E1.07", 004's first page on the
# seed-132 draw: the objective's row was taken for an activity of its own, every activity
# after it numbered one on, and the 24 activities lost their objective).
_NO_CODE_MARK = re.compile(r"[^\w\s.:,;£|!]|_")


def group_code_read(text: str) -> str | None:
    """An OCR'd cell holding an OEI/AEI code, spelled as printed ("OEI08" -> "OEI.08",
    "AEÍ.0805" -> "AEI.08.05", "OELo7" -> "OEI.07": a level's zero read as a small o, as
    Typst's serif print of 004 was on the seed-201 draw; "AEJ.O7.04" -> "AEI.07.04": the I
    read as a J, Chromium's plain 3 pt print on the same draw); None for any other text. The
    levels are two digits each, so a lost full stop is put back between each pair."""
    text = _ZERO_READ_TWICE.sub("", text.strip())
    match = _GROUP_CODE_READ.match(text) or _GROUP_CODE_READ.match(_NO_CODE_MARK.sub("", text))
    if not match:
        return None
    levels = re.sub(r"[.:,/\s]", "", match["levels"]).translate(_LEVEL_DIGITS)
    if match["kind"] in ("E", "É"):  # the kind's first letter lost: one level is an objective's
        kind = "OEI" if len(levels) == 2 else "AEI" if len(levels) == 4 else None
        if kind is None:
            return None
    else:
        kind = ("O" if match["kind"][0] in _ROUND_O + "9" else "A") + "EI"
        if not match["stem"] and match["kind"][1] not in "EÉ":
            return None  # two letters misread or lost: too little of a code ("01.08")
        if (match["kind"][1] not in "EÉ" or not match["stem"]) and len(levels) != 2 * _KIND_LEVELS[kind]:
            return None  # a letter misread or lost and the levels do not say the same kind
    return kind + "".join(f".{levels[i:i + 2]}" for i in range(0, len(levels), 2))


def without_accents(text: str) -> str:
    """``text`` with the accents of its letters taken off ("GESTIÓN" -> "GESTION", "Ñ" ->
    "N"), every other character as it is (canonical decomposition: "º" stays "º")."""
    return unicodedata.normalize("NFC", "".join(c for c in unicodedata.normalize("NFD", text)
                                                if not unicodedata.combining(c)))


@lru_cache(maxsize=1 << 16)
def normalize_label(text: str) -> str:
    """Lower-case, strip accents (but keep °), collapse spaces, drop trailing . and :.

    Cached: the same labels, headers and running lines recur on every page."""
    text = unicodedata.normalize("NFKD", text.replace("º", "°"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"\s*/\s*", "/", text.lower())
    return " ".join(text.split()).strip(" .:")


def unspaced_label(key: str) -> str:
    """A normalised label as its letters, digits and signs (``LABEL_SIGNS``) alone. OCR can
    split a word of a header at a wide letter gap ("TI PO DE CAPACITACIÓN", 002 read from its
    scan at 299 dpi) or join two; lose a slash between two words of bold print, blurred into
    the capital after it ("Propósito /Producto" read "Propósito Producto", 002 at 150 dpi with
    its page skewed -1.37°); read a speck beside a mark as a full stop ("AVANCE %. ACUMULADO",
    004 on the seed-13 draw: every activity's progress lost); and read the slash of small
    bold print as whatever marks its stem and a blot make: "¡ACCION" and "¿ACCION" (004's
    second page on the seed-15 and seed-16 draws: the last table had no activity column, its
    row and 24-26 values lost), "] ACCION" (its first page, seed 45: both pages unread),
    "['ACCION" (its first page, seed 116: 23 of 24 activities lost). No two labels differ
    by their other marks alone (tested)."""
    return _LABEL_MARK.sub("", key)


# Signs that tell two header labels apart ("avance % acumulado" and "avance acumulado" are
# two columns of 004; "n°", the semaphore's "[75%- 95%>"; an amount's "$" and a share's "%");
# every other mark of a label is taken for one OCR may read or lose (specks, a slash's stem,
# a bracket). A sign misread as another is one letter off its label: Typst's serif "%" read
# "$" at 200 dpi ("AVANCE $ ACUMULADO", seed 560) had lost its sign, matched "AVANCE
# ACUMULADO" as its letters alone, and the progress column became a second column of the
# year's totals: 30 duplicate values, and the document broke its contract.
LABEL_SIGNS = "%°<>≤≥$"
_LABEL_MARK = re.compile(rf"[^\w{LABEL_SIGNS}]|_")


_HEADER_FIELDS_UNSPACED: dict[str, str] = {unspaced_label(key): field for key, field in HEADER_FIELDS.items()}
_ANNUAL_VALUE_UNSPACED: dict[str, str] = {unspaced_label(key): m for key, m in ANNUAL_VALUE_LABELS.items()}


def label_to_field(label: str) -> str | None:
    """The activities field a header label names, the annual goal included."""
    key = normalize_label(label)
    field = HEADER_FIELDS.get(key) or _HEADER_FIELDS_UNSPACED.get(unspaced_label(key))
    if field is None and ANNUAL_GOAL.match(key):
        field = "total_planned"
    elif field is None and ANNUAL_EXECUTED.match(key):
        field = "total_executed"
    elif field is None and NUMBER_SIGN_READ.match(key):
        field = "code"
    return field or _label_letters_off(key)


# A header label at least this long, one letter off a known label, is that label: OCR read
# 003's "CODIGO AOI" as "CODIGO ACI" on the seed-35 draw, the page's table had no code column,
# and its five activities were lost (every activity after them numbered five back). No two
# labels of different fields are within two letters of each other (tested), so one letter off
# names one label; a shorter label ("meta", "mes") could be another word. A label of at least
# TWO_OFF_MIN_LENGTH may be two letters off, when only one field's labels are that near: 004's
# "UNIDAD MEDIDA" read "UMDAD MEDIDA" on the seed-44 draw (its last table had no unit of
# measure column, and its activity lost it).
ONE_OFF_MIN_LENGTH = 6
TWO_OFF_MIN_LENGTH = 10


@lru_cache(maxsize=4096)
def _label_letters_off(key: str) -> str | None:
    if len(key) < ONE_OFF_MIN_LENGTH:
        return None
    fields = {field for known, field in HEADER_FIELDS.items() if _near_label(key, known)}
    return fields.pop() if len(fields) == 1 else None


def label_read_as(key: str, known: str) -> bool:
    """Whether the normalised label ``key`` is ``known`` as OCR may read it: the same but for
    marks (``unspaced_label``), or a few letters off (``_near_label``).
    A family's signature is found by it (``BaseExtractor.score``): on 004's seed-78 draw both
    pages' headers were misread ("PROG./EJE." read "PROG.-/EJE" and "PROG. / EJE. Ene"), no
    CEPLAN table was found, and the generic family published its 499 values wrong."""
    return key == known or unspaced_label(key) == unspaced_label(known) or (
        len(key) >= ONE_OFF_MIN_LENGTH and _near_label(key, known))


def _near_label(key: str, known: str) -> bool:
    """One letter off a label of ONE_OFF_MIN_LENGTH or more, two when both are of
    TWO_OFF_MIN_LENGTH or more, as printed or as its letters alone (``unspaced_label``).
    A label of TWO_OFF_MIN_LENGTH read with a letter too many is still one letter off a
    shorter one: 004's "PROG./EJE." read "PROG.-/EJE" on the seed-78 draw (a speck as a
    hyphen), and no CEPLAN header was found on either page. Its marks aside, a label one
    letter off is still that label: the same header read "-PROS./EJE." on Calc's print of the
    seed-209 draw (a speck as a hyphen and G read S, two off a nine-letter label), and both
    pages' 49 rows went to quarantine, their measure column unread."""
    return _letters_off(key, known) or _letters_off(unspaced_label(key), unspaced_label(known))


def _letters_off(key: str, known: str) -> bool:
    off = 2 if min(len(key), len(known)) >= TWO_OFF_MIN_LENGTH else 1
    return len(known) >= ONE_OFF_MIN_LENGTH and Levenshtein.distance(key, known, score_cutoff=off) <= off


def activity_fallback(labels: list[str]) -> int | None:
    """The column that names a table's rows when it has no activity column: the first
    "Subproducto", else "Producto", else "Indicador" (``ACTIVITY_FALLBACKS``)."""
    keys = [normalize_label(label) for label in labels]
    for name in ACTIVITY_FALLBACKS:
        if name in keys:
            return keys.index(name)
    return None


def unit_from_caption(text: str | None) -> str | None:
    """The unit a caption or heading names: the name after a label ("Dependencia: X" -> X),
    else the text itself."""
    if not text:
        return None
    match = UNIT_CAPTION.match(text.strip()) or UNIT_CAPTION_AFTER.search(text)
    return match.group("name").strip() if match else text


def is_unit_caption(text: str) -> bool:
    """A line that names a unit with its label ("Unidad ejecutora: …")."""
    return bool(UNIT_CAPTION.match(text.strip()))


def label_to_month(label: str) -> int | None:
    """Month number of a header label: "Ene", "ENERO", "Sep.", "ENE.", "Agó", "Ene-25"; None
    otherwise. Matched by its letters too (``unspaced_label``), as a field's label is: 004's
    first page on the seed-22 draw read a speck after "Ene" as "+", and January's 46 values
    went to quarantine, unlabelled."""
    key = normalize_label(label)
    month = MONTHS.get(key)
    if month is None and (match := _MONTH_YEAR.match(key)):
        month = MONTHS.get(match.group("month"))
    return MONTHS.get(unspaced_label(key)) if month is None else month


def is_signature_marker(text: str) -> bool:
    return normalize_label(text) in {normalize_label(m) for m in SIGNATURE_MARKERS}


def label_to_measure(label: str, default: str | None = "planned") -> str | None:
    """planned/executed from a header or row label ("Ejecutado (A junio)", "PROG.")."""
    words = re.findall(r"[a-z]+", normalize_label(label))
    for word, measure in MEASURE_WORDS:
        if word in words:
            return measure
    # OCR splits a word at a wide letter gap: Typst's 002 on the seed-215 draw read the header's
    # last "Programado" as "P rogramado", the row was no row of measures, and the header row
    # became an activity of its own (every activity after it one row off: the document failed
    # its contract). Two words side by side that join into a measure's full name name it.
    for first, second in zip(words, words[1:]):
        if measure := _MEASURE_NAMES.get(first + second):
            return measure
    # OCR loses a letter too: Typst's 002 on the seed-360 draw read page 3's "Programado" as
    # "Programad" (the o at the cell's edge), with the same outcome. A word that is a
    # measure's full name with one letter dropped names it (a letter dropped, not changed
    # or added: "Programador" and "ejecutada" are other words).
    for word in words:
        if len(word) >= _MEASURE_DROPPED_MIN:
            for name, measure in _MEASURE_NAMES.items():
                if len(name) == len(word) + 1 and Levenshtein.distance(word, name) == 1:
                    return measure
    return default


def cell_measure(text: str) -> str | None:
    """planned/executed for a cell that prints a measure's name alone ("PROGRAMADO",
    "Ejecutado"), None for any other text (a "Meta anual" is a goal, not a row's measure)."""
    return _MEASURE_NAMES.get(normalize_label(text))


def annual_value_measure(label: str) -> str | None:
    """The measure of a column of the plan year's own figure, matched like a field's label
    (``unspaced_label``): 004 on the seed-28 draw read a speck after "AVANCE" as a full stop
    ("AVANCE. ACUMULADO"), and the 48 annual totals went to quarantine, unlabelled."""
    key = normalize_label(label)
    return ANNUAL_VALUE_LABELS.get(key) or _ANNUAL_VALUE_UNSPACED.get(unspaced_label(key)) or _annual_letter_off(key)


@lru_cache(maxsize=4096)
def _annual_letter_off(key: str) -> str | None:
    """The measure of the one annual value label ``key`` is one letter off, when no other
    known label (of a field or of an annual value) is that near: 003's "PROGRAMACIÓN ANUAL
    AOI" read "PROGRAMACIÓN ANUAL ACI" on the seed-131 draw (an O read C, as in round 9's
    "CODIGO ACI"), and the page's five annual goals went to quarantine, unlabelled. One
    letter, not two: "AVANCE % ACUMULADO" (a field) is two off "AVANCE ACUMULADO"."""
    if len(key) < ONE_OFF_MIN_LENGTH:
        return None
    near = [known for known in (*ANNUAL_VALUE_LABELS, *HEADER_FIELDS)
            if Levenshtein.distance(key, known, score_cutoff=1) <= 1]
    return ANNUAL_VALUE_LABELS.get(near[0]) if len(near) == 1 else None


def label_to_subperiod(label: str) -> str | None:
    """'Q1'..'Q4' or 'H1'/'H2' for quarter and semester headers, else None."""
    match = _SUBPERIOD.match(normalize_label(label).replace(".", ""))
    if not match:
        return None
    number = match.group("n1") or match.group("n2") or match.group("n3")
    word = match.group("w1") or match.group("w2") or "trim"
    n = _ROMAN.get(number) or int(number)
    if word.startswith("trim"):
        return f"Q{n}"
    return f"H{n}" if n <= 2 else None


_DIGITS_PARTED = re.compile(r"(?<=\d) (?=\d)")


def label_to_year(label: str) -> int | None:
    """The year a header label names ("2015", "Año 2015"), its digits read with a space
    between them too: OCR parts a year at the wider gaps a tabular "1" leaves ("201 5",
    Chromium's bold serif header of 002 at 200 dpi, seed 390: the year's six values of its
    page lost)."""
    match = _YEAR.match(_DIGITS_PARTED.sub("", normalize_label(label)))
    return int(match.group(1)) if match else None


# --- Names of units and activities, for reconciliation (pipeline/names.py) ---------------
# Abbreviations printed with a dot ("SEG. DEL BIENESTAR", "GESTIÓN ... DE INF.", "U.T.",
# "012 - M. DE TRABAJO"): key without accents, dots and case -> the word written out.
# Only tokens printed with a trailing dot are expanded: "inf" alone is not an abbreviation.
ABBREVIATIONS: dict[str, str] = {
    "adm": "administracion", "admin": "administracion", "art": "articulo", "aux": "auxiliar",
    "coord": "coordinacion", "depto": "departamento", "dpto": "departamento", "desarr": "desarrollo",
    "dir": "direccion", "gest": "gestion", "gral": "general", "inf": "informacion",
    "insp": "inspeccion", "inst": "institucional", "m": "ministerio", "min": "ministerio",
    "nac": "nacional", "of": "oficina", "prog": "programa", "seg": "seguimiento",
    "tec": "tecnica", "ut": "unidad territorial", "u": "unidad",
}
# Words that carry no identity in a name: "Consejo Nacional de/del Salario Mínimo",
# "Oficina Departamental (de) La Libertad", "SEGUIMIENTO (DE LAS) INTERVENCIONES".
NAME_STOPWORDS: frozenset[str] = frozenset(
    "a al con de del e el en la las lo los o para por su sus u un una unos unas y".split())
# The Snowball stemmer's language, for fuzzy keys ("Realizar" / "Realización" -> "realiz").
STEMMER_LANGUAGE = "spanish"
