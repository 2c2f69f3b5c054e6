"""CEPLAN codes as OCR reads them from the small print of 003 and 004 (round 9): an activity
code misread ("AOI" and 11 digits, extractors/vocabulary.activity_code_read, base.codes_read)
and a grouping code whose full stop was lost (vocabulary.group_code_read). One test per trap,
built from the real readings of the 300 dpi grey draws of seeds 13-16; pure functions."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.base import Column, RowDraft, codes_read, labels_lost_from, measure_column_by_its_cells
from extractors.document import PageLayout, ParsedDocument
from extractors.layout.records import TextLine
from extractors.layout.records import Cell, Table
from extractors.pe_ceplan_poi import (CeplanPoiExtractor, action_of_objective, group_code, is_grouping_table,
                                      objective_of_its_action)
from extractors.vocabulary import (EXECUTING_UNIT, EXECUTING_UNIT_IN_CELL, activity_code_read, digits_in_unit,
                                  group_code_read, label_read_as, names_unit, unit_code_read)


@pytest.mark.parametrize("read,code,name", [
    # 004 page 2, seed 14, row 19: the O of the kind read "D", the third 0 read "Ó"
    ("ADI0Ó106600134 - GESTIÓN DE LOS PROCEDIMIENTOS ADMINISTRATIVOS DISCIPLINARIOS (PAD)",
     "AOI00106600134", "GESTIÓN DE LOS PROCEDIMIENTOS ADMINISTRATIVOS DISCIPLINARIOS (PAD)"),
    # 004 page 2, seed 15, row 16: "00" read "CO"
    ("AOICO106600138 - TRANSFERENCIA DE RECURSOS PARA LA EJECUCIÓN DE ACTIVIDADES DE INTERVENCIÓN INMEDIATA",
     "AOI00106600138", "TRANSFERENCIA DE RECURSOS PARA LA EJECUCIÓN DE ACTIVIDADES DE INTERVENCIÓN INMEDIATA"),
    # 004 page 2, seed 16, row 20: a 0 read "d"
    ("AOId0106600097 - GESTIÓN DE PROMOCIÓN Y ARTICULACIÓN PARA LA GENERACIÓN DE EMPLEO TEMPORAL",
     "AOI00106600097", "GESTIÓN DE PROMOCIÓN Y ARTICULACIÓN PARA LA GENERACIÓN DE EMPLEO TEMPORAL"),
    # 003, in a cell of its own: seed 16 row 16 and seed 14 row 20, a 0 read "C"
    ("AOIC0015400215", "AOI00015400215", ""),
    ("AOIC0015400301", "AOI00015400301", ""),
])
def test_letters_read_for_the_digits_of_an_activity_code_are_its_digits(read, code, name):
    assert activity_code_read(read) == (code, name)


@pytest.mark.parametrize("read,code,name", [
    # 004 page 1, seed 65, row 2: the second 0 read "G"
    ("AOIG0106600084 - GESTIÓN DE ASESORÍA JURÍDICA", "AOI00106600084", "GESTIÓN DE ASESORÍA JURÍDICA"),
    # 004 page 2, seed 65, row 17: the kind's I read "["
    ("AO[00106600139 - GESTION OPERATIVA - UNIDAD TERRITORIAL", "AOI00106600139",
     "GESTION OPERATIVA - UNIDAD TERRITORIAL"),
    # 004 page 2, seed 61, row 19: a 1 read "]"
    ("AOI00]06600134 - GESTIÓN DE LOS PROCEDIMIENTOS ADMINISTRATIVOS DISCIPLINARIOS (PAD)", "AOI00106600134",
     "GESTIÓN DE LOS PROCEDIMIENTOS ADMINISTRATIVOS DISCIPLINARIOS (PAD)"),
    # 004 page 1, seed 64, row 6: "00" read "CO", and the dash read twice
    ("AOICO106600094-- GESTIÓN DE BIENESTAR Y DESARROLLO DE PERSONAS", "AOI00106600094",
     "GESTIÓN DE BIENESTAR Y DESARROLLO DE PERSONAS"),
    # 004 page 1, seed 73, rows 5 and 1: a speck over the kind's O read as its accent, and the
    # kind's I read "H"
    ("AÓI00106600093 - GESTIÓN DE RECURSOS HUMANOS", "AOI00106600093", "GESTIÓN DE RECURSOS HUMANOS"),
    ("AOH00106600086", "AOI00106600086", ""),
    # seeds 97, 99 and 100: a speck after the code read as a full stop before the dash, the
    # kind's I read "¡" or "r", a 1 read "r" beside a break in the digits
    ("ADI00106600137. - TRANSFERENCIA DE RECURSOS", "AOI00106600137", "TRANSFERENCIA DE RECURSOS"),
    ("AO¡00015400301", "AOI00015400301", ""),
    ("AOr00106600087 - GESTIÓN DE TECNOLOGÍA", "AOI00106600087", "GESTIÓN DE TECNOLOGÍA"),
    ("AOI00r066001 38 - TRANSFERENCIA DE RECURSOS", "AOI00106600138", "TRANSFERENCIA DE RECURSOS"),
    # seed 146, rows 16 and 19: the kind's I read "/", its A read "4"
    ("AO/00106600138 - TRANSFERENCIA DE RECURSOS", "AOI00106600138", "TRANSFERENCIA DE RECURSOS"),
    ("40100106600134 - GESTIÓN DE LOS PROCEDIMIENTOS", "AOI00106600134", "GESTIÓN DE LOS PROCEDIMIENTOS"),
])
def test_an_activity_code_read_with_a_g_or_a_bracket_for_a_digit_or_its_dash_doubled_is_split(read, code, name):
    """Seeds 61, 64, 65 and 73 of 004 (300 dpi grey): a 0 read "G", a 1 or the kind's I read
    as a bracket or "H", the O with an accent, a dash read twice; the cell stayed the code and
    the activity had no name."""
    assert activity_code_read(read) == (code, name)
    # a name's first letter beside a gap is still no digit
    assert activity_code_read("AOI0010660008 GESTIÓN DE ASESORÍA") is None


def test_an_activity_code_whose_a_was_read_as_a_two_is_the_code():
    """A LibreOffice Calc print of 004 (6 pt type) scanned at 300 dpi grey: the kind's A of
    the fifth activity read "2". The activity had no code, and its name began with it."""
    assert activity_code_read("20100106600093 - GESTIÓN DE RECURSOS HUMANOS") == (
        "AOI00106600093", "GESTIÓN DE RECURSOS HUMANOS")
    # a number is no code: it has no kind's letters before its eleven digits
    assert activity_code_read("2024 - GESTIÓN DE RECURSOS HUMANOS") is None


def test_an_activity_code_broken_inside_its_digits_and_its_dash_lost_is_split_from_its_name():
    """004 page 2, seed 16, row 18: a gap inside the digits read as a word break, and the
    dash lost. The code's 11 digits end it; a break counts between two read digits only."""
    assert activity_code_read("AOI00 106600095 GESTION CE LA COMPENSACIÓN") == (
        "AOI00106600095", "GESTION CE LA COMPENSACIÓN")
    # a name's first letter beside the gap is no digit: "AOI0010660013 DE ..." is not a code
    assert activity_code_read("AOI0010660013 DE LA COMPENSACIÓN") is None


def test_an_activity_code_broken_after_a_letter_read_for_a_digit_is_split_from_its_name():
    """A Typst print of 004 scanned at 300 dpi grey (seed 202): a 0 read "G" right before a
    gap inside the digits. The break counted only between two read digits, so the cell
    stayed the code and name as read, and the activity had no code. A look-alike before a
    gap with digits after it is one of the code's; after a gap it may be the name's."""
    assert activity_code_read("AOI0G 106600088 GESTION ADMINISTRATIVA Y FINANZAS") == (
        "AOI00106600088", "GESTION ADMINISTRATIVA Y FINANZAS")
    assert activity_code_read("AOI0010660008 GESTIÓN DE ASESORÍA") is None


def test_a_speck_inside_the_o_of_an_activity_code_read_as_a_letter_is_the_code():
    """Calc's 004 at 200 dpi grey (seed 400), page 1, row 1: a speck inside the kind's O read
    as a Q beside it. The cell stayed the code and name as read, and the activity had no name.
    One round letter read twice is still the kind's O; three letters before the I are none."""
    assert activity_code_read("AOQI00106600086 - GESTIÓN DE PRESUPUESTO") == (
        "AOI00106600086", "GESTIÓN DE PRESUPUESTO")
    assert activity_code_read("AOQQI00106600086 - GESTIÓN DE PRESUPUESTO") is None


def test_a_speck_read_as_a_letter_before_an_activity_code_is_not_the_code():
    """004 page 2, seed 16, row 16: a speck left of the code read "E" and a space."""
    assert activity_code_read("E AOI00106600138 - TRANSFERENCIA DE RECURSOS") == (
        "AOI00106600138", "TRANSFERENCIA DE RECURSOS")


@pytest.mark.parametrize("read", [
    "AOI000015400180",  # 003, seed 13 row 13: a digit too many
    "AO0106600097",  # 004, seed 13 row 20: the I and a 0 lost
    "AO0100106600139",  # 004, seed 14 row 17: 13 digits after "AO"
    "'4010040660013, GESTION DE LA ARTICULACIÓN",  # 004, seed 16 row 21: the kind read as digits, one lost
    "AOI90106600086",  # 004 committed grey, row 1: a 9 read for a 0 (no look-alike) is as read already
])
def test_an_activity_code_read_with_a_digit_too_many_or_too_few_stays_as_read(read):
    """No look-alike says which digit was added or lost: mended, the code would be a guess
    published as printed. As read, ``activity_code_well_formed`` lists it."""
    found = activity_code_read(read)
    assert found is None or found == (read, "")


UNITS_004 = frozenset({"001066"})


@pytest.mark.parametrize("read,code", [
    ("AOI90106600086", "AOI00106600086"),  # 004 committed grey, row 1: a 9 read for a 0
    ("AOI00105600093", "AOI00106600093"),  # 004, seed 16 row 5: a 5 read for a 6
])
def test_a_digit_of_the_unit_part_misread_is_the_units(read, code):
    """A CEPLAN code is "AOI", the executing unit's code (6 digits) and the activity's number
    (5): the 24 codes of 004 all name 001066. A unit part one digit off the unit the row
    belongs to, which the document's other codes name, is that unit's; the number is as read."""
    assert activity_code_read(read, UNITS_004) == (code, "")
    assert activity_code_read(read) == (read, "")  # no unit known: as read


def test_a_letter_no_digit_looks_like_in_a_code_is_mended_by_the_unit_alone():
    """004's second page on the seed-146 draw, row 14: a 0 of the unit part read "N"
    ("AOI0N106600136 - GESTION Y ASISTENCIA ..."), no look-alike of a digit: the cell stayed
    the code and the activity had no name. One edit of the unit part gives the document's
    unit: that is the code. In the activity's number, or with no unit known, nothing says
    which digit the letter is: the cell stays as read."""
    read = "AOI0N106600136 - GESTION Y ASISTENCIA TÉCNICA"
    assert activity_code_read(read, UNITS_004) == ("AOI00106600136", "GESTION Y ASISTENCIA TÉCNICA")
    assert activity_code_read(read) is None
    assert activity_code_read("AOI0010660N136 - GESTION Y ASISTENCIA", UNITS_004) is None


def test_a_digit_too_many_in_the_unit_part_is_dropped_when_one_edit_alone_gives_the_unit():
    """003, seed 13 row 13: "AOI000015400180", a 0 too many among the unit's zeros. Dropping any
    of those zeros gives one code; a digit too many or too few in the activity's number gives
    several (which digit?), and the code stays as read."""
    units = frozenset({"000154", "000993", "001066"})  # 003's three units
    assert activity_code_read("AOI000015400180", units) == ("AOI00015400180", "")
    assert digits_in_unit("001066000086", UNITS_004) is None  # a 0 too many in the number
    assert digits_in_unit("0010660097", UNITS_004) is None  # a 0 lost in the number
    assert activity_code_read("AOI0010660097", UNITS_004) is None


def test_a_unit_part_near_two_units_or_a_units_own_row_is_not_mended():
    assert digits_in_unit("00106700086", frozenset({"001066", "001068"})) is None  # which one?
    assert names_unit("001066 - PROGRAMA PARA LA GENERACION", "001066")
    assert names_unit("005-01066 Programa para la Generación", "001066")
    assert not names_unit("001067 - OTRA UNIDAD", "001066") and not names_unit(None, "001066")
    drafts = [RowDraft({"code": f"AOI001066{n:05d}"}, [], 2, 2, context={"unit": "001066 - PROGRAMA"})
              for n in range(3)]
    drafts += [RowDraft({"code": "AOI00106700086"}, [], 2, 2, context={"unit": "001067 - OTRA UNIDAD"}),
               RowDraft({"code": "AOI90106600086"}, [], 2, 2, context={"unit": "001066 - PROGRAMA"})]
    codes = [d.fields["code"] for d in codes_read(drafts, frozenset({2}))]
    assert codes[3:] == ["AOI00106700086", "AOI00106600086"]  # a unit of its own stays


def test_a_word_after_the_kind_of_a_code_is_no_code():
    """Look-alikes are guesses: a mended code has at least 8 digits read as digits."""
    assert activity_code_read("AOI DOCUMENTOS DE GESTIÓN") is None
    assert activity_code_read("AOICOOCDDOC0 - X") is None


def test_activity_codes_are_mended_on_pages_read_by_ocr_only():
    """``codes_read`` changes a code on a page read by OCR (page 2 here); a text layer's
    code is what the PDF prints. A row with an activity keeps a name read in its code cell."""
    drafts = [RowDraft({"code": "AOICO106600138 - TRANSFERENCIA DE RECURSOS"}, [], 2, 2),
              RowDraft({"code": "AOICO106600138 - TRANSFERENCIA DE RECURSOS"}, [], 1, 1),
              RowDraft({"code": "AOIC0015400301", "activity": "ASISTENCIA TÉCNICA"}, [], 2, 2),
              RowDraft({"code": "AOIC0015400301 - X", "activity": "ASISTENCIA TÉCNICA"}, [], 2, 2),
              RowDraft({"code": "AOI000015400180", "activity": "ASISTENCIA TÉCNICA"}, [], 2, 2)]
    fields = [d.fields for d in codes_read(drafts, frozenset({2}))]
    assert fields[0] == {"code": "AOI00106600138", "activity": "TRANSFERENCIA DE RECURSOS"}
    assert fields[1] == {"code": "AOICO106600138 - TRANSFERENCIA DE RECURSOS"}
    assert fields[2] == {"code": "AOI00015400301", "activity": "ASISTENCIA TÉCNICA"}
    assert fields[3] == {"code": "AOIC0015400301 - X", "activity": "ASISTENCIA TÉCNICA"}
    assert fields[4] == {"code": "AOI000015400180", "activity": "ASISTENCIA TÉCNICA"}


@pytest.mark.parametrize("read,code", [
    ("OEI08", "OEI.08"),  # 004 page 2, seeds 14 and 16: the full stop of 3 pt print lost
    ("AEÍ.08.05", "AEI.08.05"),  # seed 16: a speck over the I read as its accent
    ("AEI0805", "AEI.08.05"), ("AE1.08.05", "AEI.08.05"), ("OEI.07", "OEI.07"),
    ("OEI0", None), ("AEI.08.5", None), ("AOI00106600143", None), ("OEIS", None),
    # 004 page 1, seed 30: the O lost and the I read "1"; the kind told by the levels
    ("E1.07", "OEI.07"), ("EI.07.04", "AEI.07.04"), ("E1.07.04.01", None), ("Ejecutar", None),
    # 004 page 2, seed 44: the E read "6" and the I "1"; an O's code has one level, an A's two
    ("061.08", "OEI.08"), ("AXI.08.05", "AEI.08.05"), ("061.08.05", None), ("AXI.08", None), ("Abr.08", None),
    # 004 page 1, seed 60: the full stop read as a colon; every activity after it numbered one on
    ("AEI.07:04", "AEI.07.04"), ("OEI,07", "OEI.07"), ("AEI.07;04", None),
    # 004 page 2, seed 71: a speck after the code read as a comma; the last activity kept the
    # groups before it. One mark, not two.
    ("AEI.08.05,", "AEI.08.05"), ("OEI.08;", "OEI.08"), ("AEI.08.05:", "AEI.08.05"), ("AEI.08.05,,", None),
    # 004 page 2, seed 97: the E read as a pound sign; the levels still tell the kind
    ("0£1.08", "OEI.08"), ("A£I.08.05", "AEI.08.05"), ("0£1.08.05", None),
    # 004 page 2, seed 116: the I read as two stems; a level's digits are taken first
    ("OE1l.08", "OEI.08"), ("AEI1.08.05", "AEI.08.05"), ("AEI1101", "AEI.11.01"), ("OEIl08", "OEI.08"),
    # 004 page 2, seed 120: the full stops read as spaces; the last activity kept the groups
    # before it. One space, not two; and no code is a word's
    ("AEI 08 05", "AEI.08.05"), ("OEI 08", "OEI.08"), ("AEI 08  05", None), ("AEI 08 05 Modelo", None),
    # 004 page 1, seed 161: the O read "C" (and the I "l"): the objective's row was an activity
    # of its own and every activity after it one off (337 values wrong and sure). Another round
    # letter is an O; a word is still no code
    ("CEl.07", "OEI.07"), ("DEI.08", "OEI.08"), ("ÓEI.07", "OEI.07"), ("C61.08", "OEI.08"), ("CEI", None),
    # seeds 167 and 169: the O read "9" before its E, a full stop read "/"; the last activity
    # kept the groups before it. A 9 without the E is a number's
    ("9E1.08", "OEI.08"), ("AEI/O8.05", "AEI.08.05"), ("OEI/08", "OEI.08"), ("961.08", None), ("12/08", None),
    # 004 page 1, seed 132: a speck read as a euro sign inside the code; every activity after
    # it numbered one on. Marks no code letter is read as are dropped; look-alikes kept.
    ("0€E1.07", "OEI.07"), ("AE\"I.07.04", "AEI.07.04"), ("0£1.08", "OEI.08"), ("€", None), ("0€.07", None),
    # Typst's 004 page 1, seed 201: the zero of the level read as a small o (and the I with its
    # full stop "L"): the objective's row was an activity of its own, every activity after it one
    # off. A small o is a zero as a capital O is; a letter after it still makes no level
    ("OELo7", "OEI.07"), ("AEI.o7.o4", "AEI.07.04"), ("OEI.on", None), ("Colon", None),
    # Chromium's plain 004 page 1, seed 201: the I read "J" (with a zero read "O"): the action's
    # row was an activity of its own, and the 23 activities under it lost their action. A J
    # is an I there as an l is; a word is still no code
    ("AEJ.O7.04", "AEI.07.04"), ("OEJ.07", "OEI.07"), ("OEJ", None), ("AJO7", None),
    # Chromium's bordered capitals of 004 page 1, seed 380: a speck against the cell's border
    # read as a stop before the code (and its I with its stop as "L"): the 23 activities under
    # the action lost it. No code begins with a mark; a mark alone or before a word is none
    (".AEL07.04", "AEI.07.04"), (",OEI.08", "OEI.08"), (".", None), (".AEREO", None), ("..AEI.07.04", None),
    # the committed bitonal scan of 004, page 1: the action's I lost ("AE 07.04"), and its row was
    # an activity of its own. The two letters name the kind when the levels agree and a stop or a
    # space parts them; without the E, or glued to the digits, it is too little of a code
    ("AE 07.04", "AEI.07.04"), ("OE 07", "OEI.07"), ("AE 07", None), ("OE 07.04", None), ("AE07.04", None),
    ("01.08", None), ("OEI0", None),
    # Chromium's upper-case bordered 004 at 200 dpi (seed 510): the 7 of a level read as a T
    # (its bar and stem), the I as an L and the stop lost; the action named no code and its 23
    # activities lost it. Only a level's T is a 7: a word stays none
    ("AELOT 04", "AEI.07.04"), ("OEIT", None), ("TOTAL", None),
])
def test_a_grouping_code_whose_full_stop_ocr_lost_is_spelled_as_printed(read, code):
    assert group_code_read(read) == code


@pytest.mark.parametrize("read, code", [
    ("OEI.007", "OEI.07"), ("AEI.007.04", "AEI.07.04"), ("AEI.07.004", "AEI.07.04"),
    ("OEI.070", None),  # a zero too many, but which one of the three digits?
    # Right after the kind's letters, its full stop read as the zero (Typst's 004, seed 520);
    # a level's own digits are no kind's letter ("AEI1007": AEI.10.07, its stops lost).
    ("AEI007.04", "AEI.07.04"), ("OEI007", "OEI.07"), ("AEl007.04", "AEI.07.04"), ("AEI1007", "AEI.10.07"),
])
def test_a_grouping_levels_zero_read_twice_is_the_level(read, code):
    """Calc's 004 at 200 dpi grey (seed 400), page 1: the objective read "OEI.007" (0.2 sure),
    which the printed form (``GROUP_CODE``: a stop and digits) took as it was; its action
    "AEI07.04", right under it, became "AEI.007.04", and all 24 activities named an objective
    and an action the report has not. A CEPLAN level is two digits: on a page read by OCR a zero
    before them is one read twice. On a text layer the code stays as printed."""
    assert group_code_read(read) == code
    if code is not None:
        assert group_code(read, ocr=True) == code
    assert group_code("OEI.007", ocr=False) == "OEI.007"


def _table(rows: list[list[str]], page: int = 2) -> Table:
    cells = tuple(Cell(r, c, 1, 1, 10.0 * c, 10.0 * r, 10.0 * c + 9, 10.0 * r + 9, text)
                  for r, row in enumerate(rows) for c, text in enumerate(row))
    return Table(page, 1, 0.0, 0.0, 100.0, 100.0, len(rows), len(rows[0]), cells)


def test_the_last_group_of_004_read_with_its_full_stop_lost_still_heads_its_activity():
    """004 page 2, seeds 14 and 16: the small table of the last activity's groups read
    "OEI08" (and "AEÍ.08.05" on seed 16): it was not taken for a table of grouping rows, and
    the last activity kept the groups of the activities before it (OEI.07, AEI.07.04). On a
    page read by OCR such a code is a group's, spelled as printed; on a text layer it is not."""
    rows = [["OEI08", '"', "MEJORAR EL MODELO DE GESTIÓN INSTITUCIONAL CENTRADO EN EL CIUDADANO"],
            ["AEÍ.08.05", '"', "Modelo de Integridad implementado en la Gestión Interna del Ministerio"]]
    assert is_grouping_table(_table(rows), ocr=True)
    assert not is_grouping_table(_table(rows), ocr=False)
    extractor = CeplanPoiExtractor()
    extractor.groups, extractor.ocr_pages = {"OEI": "OEI.07 PROMOVER", "AEI": "AEI.07.04 EMPLEO"}, frozenset({2})
    assert extractor.is_grouping_row(RowDraft({"code": rows[0][0], "activity": rows[0][2]}, [], 2, 2))
    assert extractor.row_context() == {"strategic_line": f"OEI.08 {rows[0][2]}"}
    assert extractor.is_grouping_row(RowDraft({"code": rows[1][0], "activity": rows[1][2]}, [], 2, 2))
    assert extractor.row_context()["section"] == f"AEI.08.05 {rows[1][2]}"
    assert not extractor.is_grouping_row(RowDraft({"code": "OEI08", "activity": "X"}, [], 1, 1))  # text layer


def test_an_objectives_code_misread_beyond_reading_is_the_one_its_action_names():
    """004 page 2, seed 169: the small table of the last activity's groups read its objective
    "01.08" (the E lost, the O read 0), which no rule reads as a code: the table was not one
    of grouping rows, and the last activity kept the groups before it. In a table of two rows,
    an objective's shaped like a code and an action's that reads, the objective is the one
    the action is numbered within (AEI.08.05: OEI.08). A word, or an action that does not
    read, leaves the table as it is."""
    rows = [["01.08", '"', "MEJORAR EL MODELO DE GESTIÓN INSTITUCIONAL"],
            ["AEI/O8.05", '"', "Modelo de Integridad implementado"]]
    assert not is_grouping_table(_table(rows), ocr=True)
    mended = objective_of_its_action(_table(rows))
    assert [row[0] for row in mended.texts()] == ["OEI.08", "AEI/O8.05"]
    assert is_grouping_table(mended, ocr=True)
    for other in ([["GESTIÓN", "", "X"], rows[1]], [rows[0], ["AOI00106600143", "", "X"]],
                  [rows[1], rows[0]]):
        assert objective_of_its_action(_table(other)).texts() == _table(other).texts()


def test_an_objectives_code_misread_beyond_reading_in_the_main_table_is_the_one_its_action_names():
    """004 page 1, seed 178 (300 dpi grey): the first objective's row of the main table read
    its code "01.07" (the E lost): the row, no group's, was read as an activity with no value,
    and every activity after it took the values of the one before (316 published wrong and
    sure). A row holding nothing but a code shaped so and names, right above an action's row
    that reads, is the objective the action is numbered within. A row that holds a value is
    an activity's, whatever its code reads."""
    values = ["", "", "", "", "PROGRAMADO", "0.00", "1.00"]
    rows = [["CÓDIGO", "TIPO", "OBJETIVO ESTRATÉGICO", "CENTRO DE COSTO", "PROG. / EJE.", "Ene", "Feb"],
            ["01.07", "", "PROMOVER EL EMPLEO", "", "", "", ""],
            ["AEI.07.04", "", "EMPLEO TEMPORAL FOCALIZADO", "", "", "", ""],
            ["AOI00106600086 - GESTIÓN DE PRESUPUESTO", *values[1:]]]
    mended = objective_of_its_action(_table(rows, page=1))
    assert [row[0] for row in mended.texts()] == ["CÓDIGO", "OEI.07", "AEI.07.04", rows[3][0]]
    with_a_value = [rows[0], ["01.07", "", "X", *values[3:]], rows[2], rows[3]]
    assert objective_of_its_action(_table(with_a_value)).texts() == _table(with_a_value).texts()


def test_a_merged_objective_cell_read_with_its_code_misread_still_heads_its_activities():
    """003 page 14 on the bitonal seed-183 draw: the merged objective cell "OEI.01.PROMOVER LA
    FORMALIZACIÓN ..." read "O£I.01.PROMOVER ..." (the E read as a pound sign): no group started
    there, and all 23 activities lost their objective (activity recall 0). On a page read by OCR
    the cell's code is read as a grouping code is (``group_code_read``); a text layer's is not,
    and a cell's continuation ("EMPLEADORES Y TRABAJADORES") starts no group."""
    from extractors.pe_poi_evaluation import fill_merged_groups

    def filled(ocr_pages: frozenset[int]) -> list[str]:
        texts = ["O£I.01.PROMOVER LA FORMALIZACIÓN LABORAL EN LOS", "EMPLEADORES Y TRABAJADORES", ""]
        drafts = [RowDraft({"strategic_line": t, "code": f"AOI0001540004{n}"}, [], 14, 14) for n, t in enumerate(texts)]
        fill_merged_groups(drafts, "strategic_line", ocr_pages)
        return [d.fields.get("strategic_line", "") for d in drafts]

    whole = "OEI.01 PROMOVER LA FORMALIZACIÓN LABORAL EN LOS EMPLEADORES Y TRABAJADORES"
    assert filled(frozenset({14})) == [whole] * 3
    assert filled(frozenset()) == [""] * 3


def test_a_mark_read_apart_between_a_groups_code_and_its_name_is_no_part_of_the_name():
    """Writer's 003 on the bitonal seed-430 draw: the merged action cell read "AEI.01.01 ,
    ASISTENCIA TÉCNICA ..." (the code's stop, or a speck, read apart as a comma), and the
    heading of all 23 activities began with the comma (activity recall 0). A mark between the
    code and the name is the code's stop or a speck, as a stop glued to the code always was."""
    from extractors.pe_poi_evaluation import group_start

    for read in ("AEI.01.01 , ASISTENCIA TÉCNICA", "AEI.01.01.ASISTENCIA TÉCNICA", "AEI.01.01 ASISTENCIA TÉCNICA",
                 "AEI.01.01: ASISTENCIA TÉCNICA"):
        assert group_start(read) == ("AEI.01.01", "ASISTENCIA TÉCNICA"), read
    assert group_start("AEI.01.01") == ("AEI.01.01", "")
    assert group_start("ASISTENCIA TÉCNICA") is None


def test_an_actions_first_level_misread_under_its_objective_is_the_objectives():
    """004 page 2, seeds 61 and 65 (300 dpi grey): the last activity's groups read "OEI.08"
    and "AEI.05.05" (the 8 of the action's first level read 5): the last activity was headed
    by an action no objective has. An action printed right under its objective's row, read
    by OCR, carries the objective's number; on a text layer, or not right under it, as read."""
    name = "Modelo de Integridad implementado en la Gestión Interna del Ministerio"
    assert action_of_objective("AEI.05.05", "OEI.08") == "AEI.08.05"
    assert action_of_objective("AEI.08.05", "OEI.08") == "AEI.08.05"
    extractor = CeplanPoiExtractor()
    extractor.groups, extractor.ocr_pages = {"OEI": "OEI.07 PROMOVER", "AEI": "AEI.07.04 EMPLEO"}, frozenset({2})
    assert extractor.is_grouping_row(RowDraft({"code": "OEI.08", "activity": "MEJORAR EL MODELO"}, [], 2, 2))
    assert extractor.is_grouping_row(RowDraft({"code": "AEI.05.05", "activity": name}, [], 2, 2))
    assert extractor.row_context()["section"] == f"AEI.08.05 {name}"
    # an action not right under its objective's row stays as read
    assert not extractor.is_grouping_row(RowDraft({"code": "AOI00106600143", "activity": "X"}, [], 2, 2))
    assert extractor.is_grouping_row(RowDraft({"code": "AEI.05.05", "activity": name}, [], 2, 2))
    assert extractor.row_context()["section"] == f"AEI.05.05 {name}"
    # and on a text layer, as printed
    extractor.ocr_pages = frozenset()
    assert extractor.is_grouping_row(RowDraft({"code": "OEI.08", "activity": "MEJORAR EL MODELO"}, [], 2, 2))
    assert extractor.is_grouping_row(RowDraft({"code": "AEI.05.05", "activity": name}, [], 2, 2))
    assert extractor.row_context()["section"] == f"AEI.05.05 {name}"


def test_a_header_label_ocr_lost_is_the_repeated_headers():
    """004's last table on the seed-13 draw (300 dpi grey): its repeated header's "UNIDAD
    MEDIDA" was read as one unknown mark, and the last activity lost its unit of measure. A
    header read by OCR takes a lost label from the header before it when both have the same
    columns and every label read names the same thing there; not when one label differs."""
    earlier = [Column(field="code"), Column(field="measure_unit", label="UNIDAD MEDIDA"),
               Column(measure="planned", period="2024-01"), Column(field="progress_pct")]
    read = [Column(field="code"), Column(label="\ufffd"), Column(measure="planned", period="2024-01"),
            Column(field="progress_pct", label="AVANCE % ACUMULADO")]
    assert labels_lost_from(read, earlier) == [read[0], earlier[1], read[2], read[3]]
    other = [Column(field="activity"), *read[1:]]
    assert labels_lost_from(other, earlier) == other  # another table: nothing taken
    assert labels_lost_from(read[:3], earlier) == read[:3]


@pytest.mark.parametrize("read,unit", [
    ("Ó01066 - PROGRAMA PARA LA GENERACION DE EMPLEO", "001066 - PROGRAMA PARA LA GENERACION DE EMPLEO"),  # seed 90
    ("C01066 - PROGRAMA PARA LA GENERACION DE EMPLEO", "001066 - PROGRAMA PARA LA GENERACION DE EMPLEO"),  # seed 72
    ("001066 - PROGRAMA", "001066 - PROGRAMA"),
    ("GESTION - PROGRAMA", "GESTION - PROGRAMA"),  # no code: letters only
    ("OOOOO1 - PROGRAMA", "OOOOO1 - PROGRAMA"),  # a code of one digit read is no code
])
def test_an_executing_units_code_read_with_a_letter_for_a_zero_is_its_code(read, unit):
    """004's unit ("UE: 001066 - PROGRAMA ...", 3 pt) read by OCR with its first 0 read
    "Ó" (held-out seed 90) or "C" (seed 72): every activity of the report had another unit."""
    assert unit_code_read(read) == unit


def test_the_executing_units_code_is_mended_in_a_report_read_by_ocr_only():
    def unit_of(ocr: bool) -> str:
        line = TextLine("UE: Ó01066 - PROGRAMA TRABAJA PERU", 30, 40, 300, 44, 3)
        page = PageLayout(1, 842, 595, 40, (), (line,), 3.0, () if ocr else None)
        extractor = CeplanPoiExtractor()
        extractor.ocr_pages = frozenset({1}) if ocr else frozenset()
        extractor.prepare(ParsedDocument(Path("x.pdf"), "0" * 64, [page]))
        return extractor.unit

    assert unit_of(True) == "001066 - PROGRAMA TRABAJA PERU"
    assert unit_of(False) == "Ó01066 - PROGRAMA TRABAJA PERU"  # a text layer prints what it prints


def test_the_executing_units_label_read_with_an_accent_still_names_the_unit():
    """004 page 1, seed 73 (300 dpi grey): "UE: 001066 - ..." read "UÉ: 001066 - ..." (0.86),
    a speck over the E: no activity of the report had its unit. Spanish writes no "UÉ"; a
    sentence ending in the abbreviation still names no unit."""
    assert EXECUTING_UNIT.search("UÉ: 001066 - PROGRAMA TRABAJA PERU").group(1) == "001066 - PROGRAMA TRABAJA PERU"
    assert EXECUTING_UNIT_IN_CELL.search("EMPLEO UÉ: 001066 - PROGRAMA").group(1) == "001066 - PROGRAMA"
    assert EXECUTING_UNIT.search("UÉ. Las metas") is None and EXECUTING_UNIT.search("UA: 001066") is None


def test_the_executing_units_colon_read_as_a_semicolon_still_names_the_unit():
    """004 page 1, seed 180 (300 dpi grey): "UE: 001066 - ..." read "UE; 001066 ..." (0.95):
    no activity of the report had its unit (activity recall 0). As a full stop, the
    semicolon counts only before the unit's code."""
    assert EXECUTING_UNIT.search("UE; 001066 - PROGRAMA TRABAJA PERU").group(1) == "001066 - PROGRAMA TRABAJA PERU"
    assert EXECUTING_UNIT_IN_CELL.search("EMPLEO UE; 001066 - PROGRAMA").group(1) == "001066 - PROGRAMA"
    assert EXECUTING_UNIT.search("UE; las metas del año") is None


def test_a_ceplan_header_read_with_its_measure_label_off_is_still_ceplans_and_never_without_it():
    """004 on the seed-78 draw at 300 dpi grey: "PROG./EJE." read "PROG.-/EJE" (a speck as a
    hyphen) on page 2 and "PROG. / EJE. Ene" on page 1 (the month beside it glued on). No
    header matched CEPLAN's signature, the generic family read the report, and each
    activity's executed line came out as an activity of its own, its values planned: 499
    values published wrong and sure. A signature label read as OCR reads labels (spaces,
    slashes and full stops aside, or a letter off) still names the family, and a CEPLAN table
    read without its measure column is none: its lines would not say what they hold."""
    assert label_read_as("prog.-/eje", "prog./eje") and not label_read_as("prog./eje. ene", "prog./eje")
    assert label_read_as("avance %. acumulado", "avance % acumulado") and not label_read_as("fisico", "codigo")

    def header(measure: str) -> Table:
        months = "Ene Feb Mar Abr May Jun Jul Ago Sep Oct Nov Dic".split()
        return _table([["CÓDIGO", "OBJETIVO ESTRATEGICO / ACCION ESTRATÉGICA / ACTIVIDAD OPERATIVA", measure, *months,
                        "AVANCE ACUMULADO"],
                       ["AOI00106600086", "GESTIÓN", "PROGRAMADO", *["1.00"] * 12, "12.00"]])

    def document(measure: str) -> ParsedDocument:
        title = TextLine("REPORTE DE SEGUIMIENTO ANUAL DEL PLAN OPERATIVO INSTITUCIONAL", 30, 20, 300, 24, 4)
        page = PageLayout(2, 842, 595, 40, (header(measure),), (title,), 3.0, ())
        return ParsedDocument(Path("x.pdf"), "0" * 64, [page])

    assert CeplanPoiExtractor.score(document("PROG.-/EJE")) > 0
    assert CeplanPoiExtractor.score(document("PROG. / EJE. Ene")) == 0

    def first_table(measure: str):
        extractor = CeplanPoiExtractor()
        extractor.ocr_pages = frozenset({2})
        extractor.prepare(document(measure))
        return extractor.read_segment(header(measure), None, 2024, None)

    assert first_table("PROG./EJE.") is not None and first_table("PROG. / EJE. Ene") is None


def test_a_measure_column_whose_label_ocr_misread_is_named_by_its_cells():
    """Typst's print of 004 on the seed-210 draw (300 dpi grey): the header label "PROG. /
    EJE.", bold 4 pt print in a grey cell, read "oe": no table of the report had a measure
    column, none was CEPLAN's, and its 622 values were lost. On a page read by OCR a column
    whose label names nothing, its cells each a measure's name alone ("PROGRAMADO",
    "EJECUTADO"), is the measure column; on a text layer, or with cells that name something
    else, it is not."""
    months = "1 2 3 4 5 6 7 8 9 10 11 12".split()

    def table(label: str) -> Table:
        return _table([["CÓDIGO", "OBJETIVO ESTRATEGICO / ACCION ESTRATÉGICA / ACTIVIDAD OPERATIVA", label, *months,
                        "AVANCE ACUMULADO"],
                       ["AOI00106600086", "GESTIÓN", "PROGRAMADO", *["1.00"] * 12, "12.00"],
                       ["", "", "EJECUTADO", *["1.00"] * 12, "12.00"],
                       ["AOI00106600084", "ASESORÍA", "PROGRAMADO", *["1.00"] * 12, "12.00"],
                       ["", "", "EJICUTADO", *["1.00"] * 12, "12.00"],  # 4 of 5 read as printed
                       ["AOI00106600087", "TECNOLOGÍA", "PROGRAMADO", *["1.00"] * 12, "12.00"]])

    def segment(label: str, ocr: bool):
        extractor = CeplanPoiExtractor()
        extractor.ocr_pages = frozenset({2} if ocr else ())
        extractor.unit, extractor.groups, extractor.header_columns = None, {}, None
        return extractor.read_segment(table(label), None, 2024, None)

    assert segment("PROG./EJE.", ocr=True) is not None  # as printed
    read = segment("oe", ocr=True)
    assert read is not None and read.columns[2] == Column(field="measure", label="oe")
    assert segment("oe", ocr=True).columns[3] == Column(measure="planned", period="2024-01", label="1")
    assert segment("oe", ocr=False) is None
    unnamed = [Column(field="code"), Column(label="x"), Column(measure="planned", period="2024-01")]
    body = [["AOI1", "Meta", "1"], ["", "Meta anual", "2"], ["AOI2", "Total", "3"]]
    assert measure_column_by_its_cells(unnamed, body) == unnamed  # a goal is no measure
    body = [["AOI1", "PROGRAMADO", "1"], ["", "EJECUTADO", "2"], ["AOI2", "GESTIÓN", "3"]]
    assert measure_column_by_its_cells(unnamed, body) == unnamed  # 2 of 3 name one


def test_a_repeated_header_whose_months_ocr_lost_is_the_header_before_it():
    """Typst's print of 004 repeats its header on page 2, month numbers bold 4 pt in a grey
    tint, read "� 2 . 4 5 � 7 3 s 10 u a" on the seed-201 draw: no period row, so the table was
    no activity table, and neither were the pages after it, which continue it. Their rows
    reached neither the data nor the quarantine, and the report kept 285 of its 622 values. On
    a page read by OCR a table whose first rows repeat the labels of the header before it (three
    fields or more, each in its column, none other) has that header's columns; its period row,
    read as marks under the labels spanning down, is no activity."""
    labels = ["CÓDIGO", "OBJETIVO ESTRATEGICO / ACCION ESTRATÉGICA / ACTIVIDAD OPERATIVA", "CENTRO DE COSTO",
              "PROG./EJE."]
    months = "1 2 3 4 5 6 7 8 9 10 11 12".split()
    first = _table([[*labels, *months], ["AOI00106600086", "GESTIÓN", "UNIDAD", "PROGRAMADO", *["1.00"] * 12]])
    marks = "� 2 . 4 5 � 7 3 s 10 u a".split()
    body = [["AOI00106600107", "SEGUIMIENTO", "UNIDAD", "PROGRAMADO", *["2.00"] * 12],
            ["", "", "", "EJECUTADO", *["2.00"] * 12]]

    def repeated(read_labels: list[str], ocr: bool = True):
        extractor = CeplanPoiExtractor()
        extractor.ocr_pages = frozenset({2, 3} if ocr else ())
        extractor.unit, extractor.groups, extractor.header_columns = None, {}, None
        assert extractor.read_segment(first, None, 2024, None) is not None
        return extractor.read_segment(_table([[*read_labels, *marks], [*read_labels, *marks], *body], page=3),
                                      None, 2024, None)

    read = repeated(["�", "OBJETIVO ESTRATÉGICO / ACCION ESTRATÉGICA / ACTIVIDAD OPERATIVA", "CENTRO DE COSTO",
                     "-PROG./EJE."])
    assert read is not None and [c.period for c in read.columns[4:]] == [f"2024-{int(m):02d}" for m in months]
    assert len(read.body) == 2
    assert [cell.text for cell in read.body[0][:4]] == body[0][:4]
    assert repeated(labels, ocr=False) is None  # a text layer reads its months
    assert repeated(["", "", "CENTRO DE COSTO", "PROG./EJE."]) is None  # two labels
    assert repeated(["CÓDIGO", "CENTRO DE COSTO", "OBJETIVO ESTRATEGICO", "PROG./EJE."]) is None  # swapped


def test_the_executing_units_colon_read_as_an_apostrophe_still_names_the_unit():
    """Typst's 004 on the seed-600 draw (300 dpi grey, held out), page 1: "UE: 001066 - ..."
    read "UE ' . 001066 - ..." (the colon's dots as an apostrophe, 0.61, and a full stop): no
    activity had its unit (activity recall 0). The marks a colon is read as, one or two,
    count before the unit's code, as after the plan year's label; before a word they name
    no unit."""
    assert EXECUTING_UNIT.search("UE ' . 001066 - PROGRAMA TRABAJA PERU").group(1) == "001066 - PROGRAMA TRABAJA PERU"
    assert EXECUTING_UNIT.search("UE'. 001066 - PROGRAMA").group(1) == "001066 - PROGRAMA"
    assert EXECUTING_UNIT_IN_CELL.search("EMPLEO UE’ 001066 - PROGRAMA").group(1) == "001066 - PROGRAMA"
    assert EXECUTING_UNIT.search("UE' Programa") is None
