"""One regression test per real extraction trap (tests/fixtures/*/notes.md), named after it."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
from rapidfuzz.distance import Levenshtein

from conftest import CEPLAN_2024, INTEGRACION_2024, ISSS_2017, MTPE_POI_2024, MTPS_2022, RAW, doc_rows, extract_pdfs
from extractors.base import (Column, RowDraft, Segment, ValueDraft, body_rows, codes_joined, filled_grid, plan_year_from_label, planned_line,
                             row_periods, second_line_of_a_pair, without_specks)
from extractors.document import PageLayout, ParsedDocument, read_document
from extractors.layout.records import Cell, OcrWord, Table
from extractors.layout.settings import TableSettings
from extractors.layout.sources import PdfiumSource
from extractors.pe_ceplan_poi import CeplanPoiExtractor
from extractors.pe_poi_evaluation import PoiEvaluationExtractor, label_continued
from extractors.sv_isss_pat import IsssPatExtractor
from extractors.values import parse_value
from extractors.vocabulary import (HEADER_FIELDS, TWO_OFF_MIN_LENGTH, EXECUTING_UNIT, annual_value_measure, label_read_as, label_to_field,
                                   label_to_measure, label_to_month, label_to_subperiod, label_to_year, normalize_label,
                                   unspaced_label)
from pipeline.accounting import unaccounted


def _activity(processed, doc, row):
    acts = doc_rows(processed, doc, "activities")
    return acts[acts["row"] == row].iloc[0]


def _values(processed, doc, row):
    vals = doc_rows(processed, doc, "values")
    return vals[vals["activity_key"].str.endswith(f":{row}")]


def test_page_split_row_is_merged_into_last_row_of_previous_page(processed):
    # 000 L374: the Género table's last row continues on the next page.
    row = _activity(processed, MTPS_2022, 20)
    assert row["activity"].endswith("(comisiones, red) institucionales de género")
    assert row["page_last"] == row["page_first"] + 1


def test_wrapped_fragment_mid_page_is_merged_into_row_above(processed):
    # 000 L506: "Supervisor" printed as its own row under "Jefe de Toma de Solicitud/".
    assert _activity(processed, MTPS_2022, 57)["responsible"] == "Jefe de Toma de Solicitud/ Supervisor"


def test_page_split_fragment_without_previous_segment_stays_its_own_row(processed):
    # 000 t007: only the tail of a row survives; a signature closed the table before it.
    row = _activity(processed, MTPS_2022, 8)
    assert row["unit"] == "Unidad Financiera Institucional"
    assert pd.isna(row["activity"]) and row["expected_result"].startswith("Hacienda, así como")
    assert _values(processed, MTPS_2022, 8).empty


def test_continuation_segment_without_caption_or_header(processed):
    # 000 t036: a page whose table repeats neither caption nor header.
    row = _activity(processed, MTPS_2022, 167)
    assert row["activity"] == "Realizar investigación por accidentes de trabajo"
    assert row["unit"] == "OFICINA REGIONAL DE OCCIDENTE (SANTA ANA)"
    assert len(_values(processed, MTPS_2022, 167)) == 12


def test_swapped_header_labels_are_mapped_by_position(processed):
    # 000 t037: "Responsable" column holds verification, "Medio" holds responsible.
    row = _activity(processed, MTPS_2022, 175)
    assert row["responsible"] == "Delegado de Trabajo"
    assert row["verification"] == "Informe mensual"


def test_thirteenth_value_under_unlabelled_column_is_quarantined_not_lost(processed):
    q = doc_rows(processed, MTPS_2022, "quarantine")
    assert sorted(c[-1] for c in q["cells"]) == ["5%", "9%"]
    assert set(q["reason"]) == {"value_under_unlabelled_column"}
    assert len(_values(processed, MTPS_2022, 176)) == 12


def test_unit_from_caption_of_later_segment_when_heading_page_is_lost(processed):
    # 000 Cuscatlán: blank caption, stale heading closed by the previous signature.
    assert _activity(processed, MTPS_2022, 256)["unit"] == "Oficina Departamental de Cuscatlán"


def test_unit_name_variants_are_kept_as_printed(processed):
    # 000 L1188: one page of Paracentral prints "La Paz" without parentheses.
    units = set(doc_rows(processed, MTPS_2022, "activities")["unit"])
    assert {"Oficina Regional Paracentral (La Paz)", "Oficina Regional Paracentral La Paz"} <= units


def test_values_printed_one_column_right_are_moved_back(processed):
    # 001 L648: Oct..Dic,Total,(blank) = 1,1,1,1,4 means Sep..Dic = 1 and Total meta 4.
    row = _activity(processed, INTEGRACION_2024, 188)
    assert row["total_planned"] == 4
    periods = sorted(_values(processed, INTEGRACION_2024, 188)["period"])
    assert periods == ["2024-09", "2024-10", "2024-11", "2024-12"]
    assert list(_values(processed, INTEGRACION_2024, 189)["period"]) == ["2024-12"]


def test_repeated_heading_on_continuation_page_keeps_program_as_unit_and_section(processed):
    acts = doc_rows(processed, INTEGRACION_2024, "activities")
    abuelos = acts[acts["unit"] == "PROGRAMA INTEGRANDO ABUELOS"]
    assert len(abuelos) > 0 and (abuelos["section"] == "PROGRAMA INTEGRANDO ABUELOS").all()
    assert abuelos["page_first"].nunique() == 2


def test_annex_heading_is_not_joined_with_the_heading_above(processed):
    row = _activity(processed, INTEGRACION_2024, 190)
    assert row["section"] == "Anexo 1. Acciones Estratégicas anualizadas"
    assert pd.isna(row["unit"]) and row["responsible"] == "Subdirección de Programas"


def test_malformed_thousands_group_reads_as_thousands(processed):
    # 001 L403: "21,00" is 2100, the only reading consistent with Total meta 22,500.
    vals = doc_rows(processed, INTEGRACION_2024, "values")
    assert vals.loc[vals["raw"] == "21,00", "value"].tolist() == [2100.0]


@pytest.mark.parametrize("raw, value, kind", [
    ("1,100", 1100.0, "number"), ("150,000", 150000.0, "number"), ("21,00", 2100.0, "number"),
    ("10 %", 10.0, "percent"), ("8.33%", 8.33, "percent"), ("33.33 %", 33.33, "percent"),
    ("$20,000.00", 20000.0, "currency"), ("≥ 85%", 85.0, "percent"), ("4,070.8", 4070.8, "number"),
    ("0", 0.0, "number"), ("%", None, "percent"),
])
def test_printed_value_formats(raw, value, kind):
    parsed = parse_value(raw)
    assert (parsed.value, parsed.kind, parsed.ok) == (value, kind, True)


def test_text_in_a_value_cell_is_not_a_number():
    assert parse_value("S.I.").ok is False


@pytest.mark.parametrize("raw", ["342 254", "1 100", "0.00 1.00"])
def test_two_numbers_in_one_cell_are_not_one_number(raw):
    """Trap TWO_COLUMNS_ONE_CELL: where two value columns are read as one (an unruled
    header whose group label bridges them), a cell prints two numbers. Removing the
    space would give 342254, a silently wrong value; the cell is not a number and is
    quarantined instead."""
    parsed = parse_value(raw)
    assert parsed.ok is False and parsed.value is None


@pytest.mark.parametrize("raw", ["10% 1", "10%1", "$18 $20", "≥ 85% 90%", "5 0%"])
def test_two_numbers_parted_by_a_sign_are_not_one_number(raw):
    """Trap TWO_ROWS_ONE_CELL: where two rows' cells are read as one (001's second page on
    the seed-147 scan: a glyph boxed across the ruling between rows 7 and 8 chained their
    lines), a cell prints "10% 1". The signs were dropped wherever they stood and the digits
    joined: 101%, published 0.96 sure. A sign stands before or after its number, never
    between two."""
    parsed = parse_value(raw)
    assert parsed.ok is False and parsed.value is None


@pytest.mark.parametrize("label, month", [
    ("Ene", 1), ("ENE", 1), ("Ene.", 1), ("Enero", 1), ("ENERO", 1), ("Enc", 1), ("Ago", 8),
    ("Ago.", 8), ("Agó", 8), ("Set", 9), ("Setiembre", 9), ("Sep", 9), ("Sep.", 9), ("Septiembre", 9),
    ("SEPTIEMBRE", 9), ("Dic", 12), ("Total meta", None), ("Ejecutado", None),
    ("ENE.", 1), ("SEPT.", 9), ("Ene-25", 1), ("enero 2025", 1), ("Dic/2025", 12), ("Meta 2025", None),
])
def test_month_header_spellings(label, month):
    assert label_to_month(label) == month


@pytest.mark.parametrize("label, month", [
    ("Ene +", 1), ("Feb'", 2), ("· Mar", 3), ("Ab r", 4), ("Total +", None), ("+", None), ("Meta -", None),
])
def test_a_month_label_with_a_speck_read_as_a_mark_names_its_month(label, month):
    """004's first page on the seed-22 draw read a speck after "Ene" as "+": "Ene +" named
    no month, and January's 46 values went to quarantine, unlabelled. A month label is
    matched by its letters, as a field's label is (``unspaced_label``)."""
    assert label_to_month(label) == month


MONTHS_PRINTED = ["Ene", "Feb", "Mar", "Abr", "May", "Jun", "Jul", "Ago", "Sep", "Oct", "Nov", "Dic"]


def test_a_misread_month_label_between_two_months_is_the_month_between():
    """001 read from its scan at 301 dpi: "Jul" came out "Jui" (0.90), and its column's
    nine values were lost. A label naming no month between the month before and the month
    after it is the month between; next to a gap or naming a field, it is not (a year's last
    or first month: test_a_last_month_whose_label_ocr_misread_is_still_december)."""
    row = ["Actividad", *MONTHS_PRINTED, "Total"]
    row[7] = "Jui"
    assert row_periods(row, 2024)[7] == "2024-07"
    assert row_periods(row, 2024)[-1] is None  # "Total", after "Dic"
    row[8] = ""  # Ago unread too: Jul has no month after it
    assert row_periods(row, 2024)[7] is None
    row = ["Actividad", *MONTHS_PRINTED]
    row[12] = "Dlc"  # the last month: nothing after it, but beside Nov and one letter off Dic
    assert row_periods(row, 2024)[12] == "2024-12"
    row[12] = "Total"  # a field's own label beside Nov stays what it is
    assert row_periods(row, 2024)[12] is None
    row = ["Actividad", *MONTHS_PRINTED]
    row[7] = "Responsable"  # a field's label is never a month
    assert row_periods(row, 2024)[7] is None


def test_a_header_word_split_by_ocr_still_names_its_field():
    """002 read from its scan at 299 dpi: "TIPO" came out as two words, "TI PO", its table
    had no activity column and 24 values and 4 activities were lost. Labels are matched
    without their spaces, slashes, full stops and other marks too (a slash lost by OCR:
    tests/test_ocr_skew_draws.py; 004 on the seed-13 draw read a speck after the "%" of
    "AVANCE % ACUMULADO" as a full stop: no progress for any activity); no two labels of
    different fields differ by such marks alone."""
    assert label_to_field("TI PO DE CAPACITACIÓN") == label_to_field("TIPO DE CAPACITACIÓN") == "activity"
    assert label_to_field("Medio deverificación") == "verification"
    assert label_to_field("AVANCE %. ACUMULADO") == label_to_field("AVANCE % ACUMULADO") == "progress_pct"
    unspaced = {}
    for key, field in HEADER_FIELDS.items():
        assert unspaced.setdefault(unspaced_label(key), field) == field, key


def test_a_measure_word_split_by_ocr_still_names_its_measure(tmp_path):
    """Typst's print of 002 scanned on the seed-215 draw (300 dpi grey) read the last
    "Programado" of page 5's header as "P rogramado": the row under the years was no longer
    a row of measures, the header's label row became an activity ("Propósito /Producto",
    its values "Programado", "Ejecutado"), every activity after it took the next one's row,
    and the document failed its contract (two values for one activity, month and measure):
    nothing published. Two words side by side that join into a measure's full name name it
    (``label_to_measure``), as a field's label split by OCR names its field. Drawn here as a
    text PDF with every table's last "Programado" so split: it reads as printed."""
    assert label_to_measure("P rogramado", default=None) == "planned"
    assert label_to_measure("EJECU TADO", default=None) == "executed"
    assert label_to_measure("Pro g", default=None) is None  # no full name: no measure
    _reads_as_printed_with_a_measure_misread(tmp_path, -1, "P rogramado")


def test_a_measure_word_with_a_letter_lost_by_ocr_still_names_its_measure(tmp_path):
    """Typst's print of 002 scanned on the seed-360 draw (300 dpi grey) read page 3's
    third "Programado" as "Programad" (its last letter lost at the cell's edge): the row
    under the years was no longer a row of measures, and as with "P rogramado" the header's
    label row became an activity and the document failed its contract (12 duplicate
    values): nothing published. A word that is a measure's full name with one letter
    dropped names it (``label_to_measure``); one changed or added does not ("Programador",
    "ejecutada"). Drawn here as a text PDF with every table's third "Programado" so read."""
    assert label_to_measure("Programad", default=None) == "planned"
    assert label_to_measure("Ejecutad", default=None) == "executed"
    assert label_to_measure("Programador", default=None) is None
    assert label_to_measure("ejecutada", default=None) is None
    _reads_as_printed_with_a_measure_misread(tmp_path, 4, "Programad")


def test_a_row_of_measures_with_one_label_ocr_could_not_read_is_still_the_headers():
    """Chromium's filled print of 002 scanned at 150 dpi (seed 490), page 5: "Ejecutado (A
    Junio)" read "a pol", and the product's and unit's labels, set level with the measures,
    were read on the same row. Five cells named no measure, three more than the two allowed,
    so the row was taken for an activity and the page's seven activities were lost. Besides
    its measures a row of measures may hold fewer other cells than measures when none holds
    a digit: a row of the body prints its amounts."""
    from extractors.base import _is_measure_row

    assert _is_measure_row(["Propósito ¡Producto", "Unidad De Medida", "Programado", "Ejecutado", "Programado",
                            "a pol", "Programado"])
    assert not _is_measure_row(["Capacitación del Personal", "Horas", "960", "Programado", "Ejecutado", "712"])
    assert not _is_measure_row(["Producto", "Unidad", "Programado", "Ejecutado", "Responsable", "Medio"])


def test_a_year_read_with_its_columns_measure_in_one_cell_names_the_year():
    """Chromium's filled print of 002 scanned at 150 dpi (seeds 490 and 520), its budget
    table: the last two years head one column each, their label PRESUPUESTADO under them
    with nothing beside it, and the table read each year and its label as one cell ("AÑO
    2016 PRESUPUESTADO"), no year: the eight amounts of those columns were lost. A year with
    a measure's name after it is the year (the measure is read from the same label)."""
    assert label_to_year("AÑO 2016 PRESUPUESTADO") == label_to_year("2016") == 2016
    assert label_to_year("2017 Programado") == 2017
    assert label_to_year("AÑO 2016 Observaciones") is None
    assert label_to_year("2016 2017") is None


def test_a_measure_label_ocr_could_not_read_beside_its_years_other_measure_publishes_no_duplicate(tmp_path):
    """Chromium's filled print of 002 at 150 dpi (seed 510), page 5: 2016's "Ejecutado (A
    Junio)" read "Pee", under the year spanning it and "Programado". A period column's label
    naming no measure took the default, planned, so the two columns of 2016 were both
    planned: duplicates, and the document broke its contract (nothing published). Two
    columns of one period are told apart by their measures alone: one whose label names none
    beside one whose label names one is no value column, and its numbers go to quarantine
    (``base.labels_to_columns``). Drawn as a text PDF with that label of every goals table
    so read: every other value is published, those 14 are in quarantine, none is wrong."""
    from golden import compare_values

    grid = json.loads((Path(__file__).parent / "fixtures" / ISSS_2017 / "grid.json").read_text())
    for block in grid["blocks"]:
        if block["type"] == "table" and block["header"] and block["header"][-1][5:6] in (
                ["Ejecutado (A junio)"], ["Ejecutado (a junio)"], ["Ejecutado (A Junio)"]):
            block["header"][-1][5] = "Pee"
    frames = extract_pdfs([_rendered(grid, tmp_path / f"{ISSS_2017}.pdf")], tmp_path / "out")
    want, got, _ = compare_values(frames, f"{ISSS_2017}.pdf", ISSS_2017)
    assert not got - want
    assert sorted(want - got) == sorted(v for v in want if v[1:3] == ("executed", "2016"))
    quarantined = frames["quarantine"]
    assert (quarantined["reason"] == "value_under_unlabelled_column").sum() == len(want - got) == 14


def test_a_front_marker_with_a_letter_misread_by_ocr_still_names_the_family():
    """Chromium's plain print of 004 scanned at 300 dpi grey (seed 550): the cover's "PLAN
    OPERATIVO INSTITUCIONAL" read "PLAN OPERATIVO INSTIFUCIONAL". The CEPLAN family asks for
    that title on the first pages, so the report was read by the generic family, without
    its objectives and actions: none of its 24 activities as printed. Read by OCR, the title
    is found as OCR may read its words, a letter off a long one (``base.marker_in``); a text
    layer's title is found as printed, and another title is no marker."""
    from extractors.base import marker_in
    from extractors.pe_ceplan_poi import CeplanPoiExtractor

    (marker,) = CeplanPoiExtractor.front_markers
    front = "reporte de seguimiento anual del plan operativo instifucional sector : 12 - trabajo"
    assert marker_in(marker, front, read_by_ocr=True)
    assert not marker_in(marker, front, read_by_ocr=False)
    assert marker_in(marker, front.replace("instifucional", "institucional"), read_by_ocr=False)
    assert not marker_in(marker, "plan anual de trabajo institucional 2024", read_by_ocr=True)
    assert not marker_in(marker, "plan estrategico institucional", read_by_ocr=True)


def _reads_as_printed_with_a_measure_misread(tmp_path: Path, column: int, misread: str) -> None:
    """002 drawn as a text PDF with the "Programado" of ``column`` of every goals table's
    measure row printed as ``misread`` (five tables) reads as the sample is printed."""
    from golden import compare_activities, compare_values

    grid = json.loads((Path(__file__).parent / "fixtures" / ISSS_2017 / "grid.json").read_text())
    changed = 0
    for block in grid["blocks"]:
        if block["type"] == "table" and block["header"] and block["header"][-1][column:][:1] == ["Programado"]:
            block["header"][-1][column] = misread
            changed += 1
    assert changed == 5
    frames = extract_pdfs([_rendered(grid, tmp_path / f"{ISSS_2017}.pdf")], tmp_path / "out")
    assert frames["documents"]["status"].tolist() == ["ok"]
    for compare in (compare_activities, compare_values):
        want, got, _ = compare(frames, f"{ISSS_2017}.pdf", ISSS_2017)
        assert got == want


def _rendered(grid: dict, path: Path) -> Path:
    from fixtures.render import render_grid

    render_grid(grid, path)
    return path


def test_a_header_label_one_letter_off_still_names_its_field():
    """003 on the seed-35 draw at 300 dpi grey: "CODIGO AOI" read "CODIGO ACI"; page 2's
    table had no code column and its five activities were lost (0.000 value F1, every
    activity after them numbered five back). A label of six letters or more one letter off a
    known label is that label; no two labels of different fields are within two letters of
    each other, so one letter off names one field. Shorter labels are not guessed."""
    assert label_to_field("CODIGO ACI") == label_to_field("CODIGO AOI") == "code"
    assert label_to_field("DESCRIPClÓN") == "activity"
    assert label_to_field("Observaciones") is None
    keys = sorted(k for k in HEADER_FIELDS if len(k) >= 6)
    assert not [(a, b) for i, a in enumerate(keys) for b in keys[i + 1:]
                if HEADER_FIELDS[a] != HEADER_FIELDS[b] and Levenshtein.distance(a, b) <= 2]


def test_a_long_header_label_two_letters_off_still_names_its_field():
    """004's last table on the seed-44 draw (300 dpi grey): "UNIDAD MEDIDA" read "UMDAD
    MEDIDA" (two letters off), the table had no unit-of-measure column and the last activity
    lost its unit. A label of ten letters or more may be two letters off when only one field's
    labels (of ten letters or more) are that near; shorter ones stay at one."""
    assert label_to_field("UMDAD MEDIDA") == label_to_field("UNIDAD MEDIDA") == "measure_unit"
    assert label_to_field("CENTRQ DE C0STO") == "cost_center"
    assert label_to_field("CODIG0 AC1") is None  # nine letters: one letter off at most
    assert label_to_field("Observaciones") is None and label_to_field("Programado") is None
    assert [k for k in HEADER_FIELDS if len(k) >= TWO_OFF_MIN_LENGTH]  # the rule applies to some


def test_a_header_label_read_with_a_speck_and_a_letter_off_still_names_its_field():
    """004 printed by LibreOffice Calc, seed-209 draw (300 dpi grey): "PROG./EJE." read
    "-PROS./EJE." (a speck as a hyphen, G read S): two off a nine-letter label, so no measure
    column, and both pages' 49 rows went to quarantine (value F1 0.043). Its marks aside the
    label is one letter off; two labels of different fields are never within two letters of
    each other by their letters alone either."""
    assert label_to_field("-PROS./EJE.") == label_to_field("PROG./EJE.") == "measure"
    assert label_read_as("-pros./eje", "prog./eje")
    assert label_to_field("-PROS./EJX.") is None  # two letters off a label of seven letters
    letters = sorted({unspaced_label(k): f for k, f in HEADER_FIELDS.items() if len(unspaced_label(k)) >= 6}.items())
    assert not [(a, b) for i, (a, field) in enumerate(letters) for b, other in letters[i + 1:]
                if field != other and Levenshtein.distance(a, b) <= 2]


def test_a_percent_sign_read_as_a_dollar_sign_in_a_header_still_names_progress():
    """Typst's serif print of 004 scanned at 200 dpi (seed 560): its header "AVANCE %
    ACUMULADO" was read "AVANCE $ ACUMULADO". Matched by its letters alone, it was "AVANCE
    ACUMULADO", the year's totals: the progress column became a second column of them, 30
    duplicate values, and the document broke its contract. An amount's "$" is a sign that
    tells labels apart as "%" is (``LABEL_SIGNS``): the label is one letter off progress."""
    read = "AVANCE $ ACUMULADO"
    assert label_to_field(read) == "progress_pct" and annual_value_measure(read) is None
    assert annual_value_measure("AVANCE ACUMULADO") == "planned"
    assert unspaced_label("monto ($)") != unspaced_label("monto (%)")


def test_a_header_slash_read_as_a_stem_mark_still_names_its_field():
    """004's second page on the grey scan of the seed-15 draw: the slash of the bold 3 pt
    header "OBJETIVO ESTRATEGICO / ACCION ESTRATÉGICA / ACTIVIDAD OPERATIVA" was read "¡"
    ("¡ACCION", also read alone one step larger): the last table had no activity column,
    and its activity and 24 values were lost. A header label is matched by its letters,
    digits and the signs that tell labels apart (``LABEL_SIGNS``), whatever other marks
    OCR reads for a slash."""
    read = "OBJETIVO ESTRATEGICO ¡ACCION ESTRATÉGICA / ACTIVIDAD OPERATIVA"
    assert label_to_field(read) == label_to_field(read.replace("¡", "/ ")) == "activity"
    assert label_to_field("TIPO | DE OEI") == "objective_type"
    # the same header on the seed-16 draw: "¿ACCION", the slash's stem read with a blot below
    assert label_to_field("OBJETIVO ESTRATEGICO ¿ACCION ESTRATÉGICA / ACTIVIDAD OPERATIVA") == "activity"
    # its first page on the seed-45 draw: the slash read "]", both pages' tables unread (0.040)
    assert label_to_field("OBJETIVO ESTRATEGICO ] ACCION ESTRATÉGICA / ACTIVIDAD OPERATIVA") == "activity"
    # its first page on the seed-116 draw: "['ACCION", 23 of its 24 activities unread
    assert label_to_field("OBJETIVO ESTRATEGICO ['ACCION ESTRATÉGICA/ACTIVIDAD OPERATIVA") == "activity"
    # the signs that tell labels apart are kept ("n°", the semaphore's ranges)
    assert unspaced_label("[0%- 75%>") == "0%75%>" and unspaced_label("n°") == "n°"
    assert label_to_field("AVANCE % ACUMULADO") == label_to_field("AVANCE ;% ACUMULADO") == "progress_pct"


def test_an_activity_code_broken_by_ocr_at_a_letter_gap_is_one_code():
    """003 read from its scan at 301 dpi: the engine broke "AOI00015400274" into two words
    at a gap no wider than its digits' ("AOI000154002 74"), and the activity lost its code.
    A code of letters then digits is printed without spaces; other fields keep theirs."""
    drafts = [RowDraft({"code": "AOI000154002 74", "activity": "ELABORACIÓN DE 2 74 PROPUESTAS"}, [], 4, 4),
              RowDraft({"code": "AOI00015400275"}, [], 4, 4), RowDraft({"code": "TOTAL 12"}, [], 4, 4)]
    codes = [d.fields["code"] for d in codes_joined(drafts)]
    assert codes == ["AOI00015400274", "AOI00015400275", "TOTAL 12"]
    assert drafts[0].fields["activity"] == "ELABORACIÓN DE 2 74 PROPUESTAS"


def test_a_ceplan_code_and_name_whose_dash_ocr_lost_are_split():
    """004's second page on the grey scan of the seed-15 draw: the dash of "AOI00106600137 -
    TRANSFERENCIA DE RECURSOS ..." scans as a pale 3 px blot the engine read as nothing, so
    code and name stayed one cell text and the activity had neither. The code's grammar
    (letters, then digits) ends it; a name starts with a letter."""
    drafts = [RowDraft({"code": "AOI00106600137 TRANSFERENCIA DE RECURSOS"}, [], 2, 2),
              RowDraft({"code": "AOI00106600138 - TRANSFERENCIA"}, [], 2, 2),
              RowDraft({"code": "AOI000154002 74"}, [], 2, 2),
              RowDraft({"code": "AOI00106600086 -GESTIÓN DE PRESUPUESTO"}, [], 1, 1)]  # the space lost
    fields = [d.fields for d in CeplanPoiExtractor().finish_drafts(drafts)]
    assert fields[0] == {"code": "AOI00106600137", "activity": "TRANSFERENCIA DE RECURSOS"}
    assert fields[1] == {"code": "AOI00106600138", "activity": "TRANSFERENCIA"}
    assert fields[2] == {"code": "AOI000154002 74"}  # a broken code, not a name
    assert fields[3] == {"code": "AOI00106600086", "activity": "GESTIÓN DE PRESUPUESTO"}


def test_the_second_line_of_a_pair_whose_measure_ocr_misread_is_still_the_executed_line():
    """004's second page on a fresh draw at 300 dpi grey (seed 17): the measure cell of the
    executed line of AOI00106600095 was read "FJECUTADO", which names no measure; the line
    was taken for an activity of its own, with no code, and every activity after it on the
    page took the code and name of the one before (0.821 value F1). Under a planned line
    with no executed values yet, a line of values printing nothing but a measure cell that
    names none is the pair's executed line."""
    def values(measure):
        return [ValueDraft(measure, f"2024-{m:02d}", "1.00", None, 2) for m in (1, 2)]

    planned = RowDraft({"code": "AOI00106600095", "measure": "PROGRAMADO"}, values("planned"), 2, 2)
    misread = RowDraft({"measure": "FJECUTADO"}, values("planned"), 2, 2)  # the column's measure
    assert second_line_of_a_pair(misread, planned)
    executed = RowDraft({"measure": "EJECUTADO"}, values("executed"), 2, 2)
    assert not second_line_of_a_pair(executed, planned)  # read right: is_fragment's
    planned.values += values("executed")
    assert not second_line_of_a_pair(misread, planned)  # the pair is whole: a row of its own
    assert not second_line_of_a_pair(RowDraft({"code": "AOI00106600134", "measure": "PROG"}, values("planned"), 2, 2),
                                     RowDraft({"code": "AOI00106600095", "measure": "PROGRAMADO"}, [], 2, 2))


def test_a_speck_in_an_empty_cell_of_an_executed_line_keeps_the_pair_whole():
    """004 on the seed-28 draw at 300 dpi grey: specks in the empty aggregation and code
    cells of three EJECUTADO lines were read "]", "." and "l"; each line was taken for an
    activity of its own, with no code, and every activity after it took the values of the
    one before (0.307 value F1, 381 values wrong and sure). A cell of marks alone, or of one
    character, names no field: the line is still the pair's second line, and the speck is
    not joined to the activity's text."""
    def values(measure):
        return [ValueDraft(measure, f"2024-{m:02d}", "1.00", None, 1) for m in (1, 2)]

    columns = [Column(field="code"), Column(field="aggregation"), Column(field="measure")]
    planned = RowDraft({"code": "AOI00106600084", "aggregation": "Acumulado Anual", "measure": "PROGRAMADO"},
                       values("planned"), 1, 1)
    for speck in ({"aggregation": "]"}, {"code": "."}, {"code": "l"}):
        executed = RowDraft({**speck, "measure": "EJECUTADO"}, values("executed"), 1, 1)
        assert CeplanPoiExtractor().is_fragment(executed, planned, columns), speck
        assert without_specks(executed).fields == {"measure": "EJECUTADO"}
    # A line that names something of its own is an activity of its own.
    other = RowDraft({"code": "AOI00106600087", "measure": "EJECUTADO"}, values("executed"), 1, 1)
    assert not CeplanPoiExtractor().is_fragment(other, planned, columns)


def test_an_annual_column_label_one_letter_off_still_names_it():
    """003's second page on the seed-131 draw: "PROGRAMACIÓN ANUAL AOI" read "PROGRAMACIÓN
    ANUAL ACI"; the column was unlabelled and the page's five annual goals went to
    quarantine. One letter off one annual label and no other known label is that label;
    a field's label two letters off an annual one ("AVANCE % ACUMULADO") is not."""
    assert annual_value_measure("PROGRAMACIÓN ANUAL ACI") == "planned"
    assert annual_value_measure("EJECUCIÓN ANUAL AOl") == "executed"
    assert annual_value_measure("AVANCE % ACUMULADO") is None
    assert annual_value_measure("% AVANCE AOI") is None


def test_a_speck_read_as_a_stop_in_the_annual_column_label_still_names_it():
    """004 on the seed-28 draw: "AVANCE. ACUMULADO", a speck after AVANCE read as a full stop;
    the column was unlabelled and its 48 annual totals went to quarantine."""
    assert annual_value_measure("AVANCE. ACUMULADO") == annual_value_measure("AVANCE ACUMULADO") == "planned"


def test_a_last_month_whose_label_ocr_misread_is_still_december():
    """001's page 3 on the seed-29 draw at 300 dpi grey: "Dic" read "Die" between "Nov" and
    "Total meta"; the column was unlabelled and its four values went to quarantine. A
    year's first or last month read as nothing or one letter off, beside the second or the
    eleventh, is that month; a label of a field of its own ("Total meta") is not."""
    months = ["Ene", "Feb", "Mar", "Abr", "May", "Jun", "Jul", "Ago", "Sep", "Oct", "Nov"]
    head = ["N°", "Actividad"]
    for last in ("Die", "", "Dlc"):
        periods = row_periods([*head, *months, last, "Total meta"], 2024)
        assert periods[-2:] == ["2024-12", None], last
    assert row_periods([*head, *months, "Total meta"], 2024)[-1] is None
    assert row_periods([*head, *months, "Meta", "Total"], 2024)[-2] is None  # not one letter off
    assert row_periods([*head, "Fne", *months[1:], "Dic"], 2024)[2] == "2024-01"


def test_a_first_month_whose_label_ocr_could_not_read_is_still_january():
    """000's second page on the seed-122 draw: the "Ene" cell held ink and no word, so OCR
    gave it the replacement character ("a letter not read"); the column was unlabelled and
    January's 7 values went to quarantine. Beside February, a label of unread letters is
    January, as one read as nothing is; a letter unread in a label one letter off is too."""
    months = ["Feb", "Mar", "Abr", "May", "Jun", "Jul", "Ago", "Sep", "Oct", "Nov", "Dic"]
    head = ["Actividad", "Responsable"]
    for first in ("\ufffd", "E\ufffde", "\ufffd\ufffd"):
        assert row_periods([*head, first, *months], 2022)[2] == "2022-01", first
    assert row_periods([*head, "Total \ufffd", *months], 2022)[2] is None


def test_the_first_line_of_a_pair_whose_measure_ocr_misread_still_takes_the_executed_line():
    """004's second page on a fresh draw at 300 dpi grey (seed 16): the measure cell of the
    planned line of AOI00106600137 was read "PROCRAMADO", which names no measure; the
    EJECUTADO line under it was then not the second line of a pair, was taken for an activity
    of its own with no code, and every activity after it on the page took the executed values
    of the one before (0.736 value F1, 140 values wrong and sure). A line whose measure cell
    names no measure, over values none of which is executed, is a pair's planned line."""
    def values(measure):
        return [ValueDraft(measure, f"2024-{m:02d}", "1.00", None, 2) for m in (1, 2)]

    columns = [Column(field="code"), Column(field="measure")]
    misread = RowDraft({"code": "AOI00106600137", "measure": "PROCRAMADO"}, values("planned"), 2, 2)
    executed = RowDraft({"measure": "EJECUTADO"}, values("executed"), 2, 2)
    assert planned_line(misread)
    assert CeplanPoiExtractor().is_fragment(executed, misread, columns)
    read_right = RowDraft({"code": "AOI00106600137", "measure": "PROGRAMADO"}, values("planned"), 2, 2)
    assert CeplanPoiExtractor().is_fragment(executed, read_right, columns)
    # not a planned line: a row with no measure cell, one with no values, a whole pair
    assert not planned_line(RowDraft({"code": "AOI00106600137"}, values("planned"), 2, 2))
    assert not planned_line(RowDraft({"code": "AOI00106600137", "measure": "PROCRAMADO"}, [], 2, 2))
    misread.values += values("executed")
    assert not planned_line(misread)
    assert not CeplanPoiExtractor().is_fragment(executed, misread, columns)


def test_the_rest_of_a_wrapped_cell_cut_off_beside_cells_spanning_down_is_no_activity():
    """Chromium's plain 000 scanned at 300 dpi grey (seed 440), page 90: the table layer found a
    row boundary inside the last activity's name, and nowhere else in its row: "Ejecutar el Plan
    de" (with the row's values) over "Inspección de Trabajo Infantil", beside the strategic line,
    result, verification and responsible cells spanning both. The second row, no value but
    five texts and a responsible, was an activity of its own, and the first's 24 values were
    published under a cut name (counted wrong and sure). A row with no value whose every text
    but one spans down from the row above is the rest of that row; a row with cells of its own
    is not, whatever they say."""
    from extractors.base import RowTally
    from extractors.sv_mtps_pat import MtpsPatExtractor

    columns = [Column(field="strategic_line"), Column(field="activity"), Column(field="expected_result"),
               Column(field="verification"), Column(field="responsible"),
               Column(measure="planned", period="2022-01"), Column(measure="planned", period="2022-02")]
    texts = ["2.6 Coordinar", "Ejecutar el Plan de", "Mejora de la identificación", "Registros de ICS- AG",
             "Inspectores de Trabajo", "8%", "9%"]

    def activities(spanning: bool) -> list[tuple[str, int]]:
        cells = [Cell(0, c, 2 if spanning and c != 1 and c < 5 else 1, 1, 10.0 * c, 0, 10.0 * c + 9, 9, text)
                 for c, text in enumerate(texts)]
        cells.append(Cell(1, 1, 1, 1, 10.0, 10, 19, 19, "Inspección de Trabajo Infantil"))
        if not spanning:  # the same texts, in cells of the second row's own
            cells += [Cell(1, c, 1, 1, 10.0 * c, 10, 10.0 * c + 9, 19, texts[c]) for c in (0, 2, 3, 4)]
        table = Table(90, 1, 0, 0, 70, 20, 2, 7, tuple(cells))
        segment = Segment(90, table, columns, body_rows(filled_grid(table), 0, columns), None, None)
        drafts = MtpsPatExtractor().chain_to_drafts([segment], [], RowTally())
        return [(d.fields["activity"], len(d.values)) for d in drafts]
    assert activities(spanning=True) == [("Ejecutar el Plan de Inspección de Trabajo Infantil", 2)]
    assert activities(spanning=False) == [("Ejecutar el Plan de", 2), ("Inspección de Trabajo Infantil", 0)]


def test_a_pair_whose_both_measure_cells_ocr_misread_is_still_one_activity():
    """The committed bitonal scan of 004, page 2: both lines of a pair read their measure
    cells as no word ("PRULMAMADO", then "ULCUIADO"). The executed line was the second line
    of a pair only under a planned line read right: it was taken for an activity of its own,
    with no code, nine times, and the report broke the data contract (nothing published).
    Under a line that can be a pair's planned line (``planned_line``), a line of values
    printing nothing but a measure cell is its executed line; a line with a code of its own
    is the next activity's, whatever its measure cell reads."""
    def values(measure):
        return [ValueDraft(measure, f"2024-{m:02d}", "1.00", None, 2) for m in (1, 2)]

    planned = RowDraft({"code": "AOI00106600152", "measure": "PRULMAMADO"}, values("planned"), 2, 2)
    assert second_line_of_a_pair(RowDraft({"measure": "ULCUIADO"}, values("planned"), 2, 2), planned)
    assert not second_line_of_a_pair(RowDraft({"code": "AOI00106600136", "measure": "PRULRAMADO"},
                                              values("planned"), 2, 2), planned)
    assert not second_line_of_a_pair(RowDraft({"measure": "ULCUIADO"}, values("planned"), 2, 2),
                                     RowDraft({"code": "AOI00106600152"}, values("planned"), 2, 2))


def test_month_header_numbered_one_to_twelve():
    row = ["Objetivo", "Descripción", "Indicador", "Responsable", "Medio"] + [str(i) for i in range(1, 13)] + [""]
    periods = row_periods(row, 2022)
    assert periods[5] == "2022-01" and periods[16] == "2022-12" and periods[17] is None


def _by_code(processed, doc, code):
    acts = doc_rows(processed, doc, "activities")
    return acts[acts["code"] == code].iloc[0]


def _month(processed, doc, row, measure, period):
    vals = _values(processed, doc, row)
    hit = vals[(vals["measure"] == measure) & (vals["period"] == period)]
    return None if hit.empty else (hit["raw"].item(), hit["value"].item())


# --------------------------------------------------------------- 004 CEPLAN POI monitoring


def test_ceplan_code_and_name_in_one_cell_are_split(processed):
    # 004 L19: "AOI00106600086 - GESTIÓN DE PRESUPUESTO, PLANEAMIENTO Y MODERNIZACIÓN"
    row = _by_code(processed, CEPLAN_2024, "AOI00106600086")
    assert row["activity"] == "GESTIÓN DE PRESUPUESTO, PLANEAMIENTO Y MODERNIZACIÓN"


def test_ceplan_programado_and_ejecutado_lines_are_one_activity(processed):
    # 004 L31-32: execution moved between months; the EJECUTADO line keeps its own values.
    row = _by_code(processed, CEPLAN_2024, "AOI00106600140")["row"]
    assert _month(processed, CEPLAN_2024, row, "planned", "2024-06") == ("300.00", 300)
    assert _month(processed, CEPLAN_2024, row, "executed", "2024-06") == ("207.00", 207)
    assert len(doc_rows(processed, CEPLAN_2024, "activities")) == 24


def test_ceplan_inconsistent_thousands_separators_within_one_activity(processed):
    # 004 L31 "1,762.00" on the PROGRAMADO line, L32 "1762.00" on the EJECUTADO line.
    row = _by_code(processed, CEPLAN_2024, "AOI00106600140")["row"]
    assert _month(processed, CEPLAN_2024, row, "planned", "2024-02") == ("1,762.00", 1762)
    assert _month(processed, CEPLAN_2024, row, "executed", "2024-02") == ("1762.00", 1762)


def test_ceplan_missing_month_cell_stays_missing_not_shifted(processed):
    # 004 L77-78: May is blank on both lines; June..December keep their columns.
    act = _by_code(processed, CEPLAN_2024, "AOI00106600143")
    assert _month(processed, CEPLAN_2024, act["row"], "planned", "2024-05") is None
    assert _month(processed, CEPLAN_2024, act["row"], "executed", "2024-05") is None
    assert _month(processed, CEPLAN_2024, act["row"], "planned", "2024-07") == ("1.00", 1)
    assert _month(processed, CEPLAN_2024, act["row"], "planned", "2024-12") == ("1.00", 1)
    assert act["total_planned"] == 2 and act["total_executed"] == 2


def test_ceplan_grouping_rows_printed_above_repeated_header_set_the_context(processed):
    # 004 L72-75: OEI.08 / AEI.08.05 printed before the header is repeated.
    act = _by_code(processed, CEPLAN_2024, "AOI00106600143")
    assert act["strategic_line"].startswith("OEI.08 MEJORAR EL MODELO DE GESTIÓN")
    assert act["section"].startswith("AEI.08.05 Modelo de Integridad")
    first = _by_code(processed, CEPLAN_2024, "AOI00106600086")
    assert first["section"].startswith("AEI.07.04 EMPLEO TEMPORAL")


def test_ceplan_cost_centre_split_over_page_break_is_joined(processed):
    # 004 L41-44: the cost-centre cell continues in a spill-over row on page 2.
    act = _by_code(processed, CEPLAN_2024, "AOI00106600107")
    assert act["cost_center"] == ("UNIDAD FUNCIONAL DE SEGUIMIENTO Y MONITOREO DE UNIDAD FUNCIONAL "
                                  "DE SEGUIMIENTO Y MONITOREO DE INTERVENCIONES")
    assert (act["page_first"], act["page_last"]) == (1, 2)


def test_ceplan_institution_and_year_come_from_the_report(processed):
    # 004 L6 "PLIEGO : 012 - M. DE TRABAJO ..."; no year in the title, "Año: 2024" in TABLA RESÚMEN.
    docs = processed["documents"]
    doc = docs[docs["source_path"] == f"{CEPLAN_2024}.pdf"].iloc[0]
    assert doc["institution"] == "012 - M. DE TRABAJO Y PROMOCION DEL EMPLEO"
    assert doc["plan_year"] == 2024 and doc["status"] == "ok"


# --------------------------------------------------------------- 003 MTPE POI evaluation


def test_poi_merged_oei_aei_cells_apply_to_every_row_of_their_group(processed):
    # 003 L4011-4036: the merged cells are printed once, beside the first AOI of the group.
    second = _by_code(processed, MTPE_POI_2024, "AOI00015400051")
    assert second["strategic_line"] == "OEI.01 PROMOVER LA FORMALIZACIÓN LABORAL EN LOS EMPLEADORES Y TRABAJADORES"
    assert second["section"].startswith("AEI.01.01 ASISTENCIA TÉCNICA INTEGRAL")


def test_poi_merged_cell_tail_on_next_page_completes_the_group(processed):
    # 003 L7607-7610: the AEI.07.03 text ends on the next page ("... DESEMPLEO Y SUBEMPLEO.").
    act = _by_code(processed, MTPE_POI_2024, "AOI00099300257")
    assert act["section"].endswith("PARTICULARMENTE EN CONDICIONES DE DESEMPLEO Y SUBEMPLEO.")


def test_poi_row_split_across_pages_is_one_activity(processed):
    # 003 L4234-4235: the description of AOI00015400215 ends at the top of the next page.
    act = _by_code(processed, MTPE_POI_2024, "AOI00015400215")
    assert (act["page_first"], act["page_last"]) == (15, 16)
    assert act["activity"].endswith("MATERIA DE SEGURIDAD Y SALUD EN EL TRABAJO")


def test_poi_total_general_rows_are_accounted_for_not_activities(processed):
    # 003 L6700, L7751, L8102: "TOTAL GENERAL AOI 98.5% 3 4 167" closes each ficha.
    docs = processed["documents"]
    doc = docs[docs["source_path"] == f"{MTPE_POI_2024}.pdf"].iloc[0]
    quarantine = processed["quarantine"]
    summary = quarantine[(quarantine["doc_id"] == doc["doc_id"]) & (quarantine["reason"] == "summary_row")]
    assert sorted(cells[0] for cells in summary["cells"]) == ["TOTAL GENERAL AOI"] * 3
    assert doc["status"] == "ok"  # accounted rows do not make the document partial
    assert not doc_rows(processed, MTPE_POI_2024, "activities")["strategic_line"].str.startswith("TOTAL").any()


def test_poi_unit_is_the_executing_unit_named_in_the_caption(processed):
    units = doc_rows(processed, MTPE_POI_2024, "activities")["unit"].value_counts()
    assert units.to_dict() == {
        "000154-Ministerio de Trabajo- Oficina General de Administración": 174,
        "002-993 Programa Nacional de Empleo Juvenil “Jóvenes Productivos”": 62,
        "005-01066 Programa para la Generación de Empleo Social Inclusivo “Llamkasun Perú”": 24}


def test_poi_zero_execution_is_a_value_not_a_gap(processed):
    # 003 L5275-5279: "PERSONA 410 0 0.0% 1 - -".
    act = _by_code(processed, MTPE_POI_2024, "AOI00015400054")
    assert _month(processed, MTPE_POI_2024, act["row"], "executed", "2024") == ("0", 0)
    assert act["progress_pct"] == 0


# --------------------------------------------------------------- 002 ISSS PAT 2017


def test_isss_year_merged_over_programado_and_ejecutado(processed):
    # 002 L96-97: "Año 2015" spans Programado | Ejecutado; "Ejecutado (A junio)" is 2016 executed.
    assert _month(processed, ISSS_2017, 1, "planned", "2015") == ("1,644", 1644)
    assert _month(processed, ISSS_2017, 1, "executed", "2015") == ("1,316", 1316)
    assert _month(processed, ISSS_2017, 1, "executed", "2016") == ("785", 785)
    assert _activity(processed, ISSS_2017, 1)["total_planned"] == 1404


def test_isss_product_cell_spanning_two_units_names_both_rows(processed):
    # 002 L166-167: "Capacitación del Personal" over "Horas" and "Empleado Capacitado".
    rows = [_activity(processed, ISSS_2017, r) for r in (7, 8)]
    assert [r["activity"] for r in rows] == ["Capacitación del Personal"] * 2
    assert [r["measure_unit"] for r in rows] == ["Horas", "Empleado Capacitado"]


def test_a_row_cut_under_a_wrapped_cell_by_empty_columns_is_no_second_activity():
    # 003 printed by Chromium without borders, scanned (seed 201): beside empty merged
    # OEI/AEI cells the text alignment cut a grid row under an activity whose description
    # wraps; its code and description spanned into that row and made a second activity of
    # it, every activity after it one row off (36 values wrong and sure).
    def cell(row, col, text, span=1):
        return Cell(row, col, span, 1, 100.0 * col, 10.0 * row, 100.0 * col + 90, 10.0 * (row + span), text)

    cells = (cell(0, 0, ""), cell(0, 1, "AOI00015400051", 2), cell(0, 2, "PROMOCIÓN DE LA", 2), cell(0, 3, "13", 2),
             cell(1, 0, ""), cell(2, 0, ""), cell(2, 1, "AOI00015400063"), cell(2, 2, "CAPACITACIÓN"), cell(2, 3, "2180"))
    table = Table(1, 0, 0.0, 0.0, 390.0, 30.0, 3, 4, cells)
    columns = [Column("section"), Column("code"), Column("activity"), Column(None, "planned", "2024")]
    rows = body_rows(filled_grid(table), 0, columns)
    assert [[c.text if c else None for c in row] for row in rows] == [
        ["", "AOI00015400051", "PROMOCIÓN DE LA", "13"], [None] * 4, ["", "AOI00015400063", "CAPACITACIÓN", "2180"]]
    # A row with text of its own still takes the text spanning into it (the ISSS case above).
    cells = (cell(0, 0, "Capacitación del Personal", 2), cell(0, 1, "Horas"), cell(1, 1, "Empleado Capacitado"))
    rows = body_rows(filled_grid(Table(1, 0, 0.0, 0.0, 190.0, 20.0, 2, 2, cells)), 0, [Column("activity"), Column("measure_unit")])
    assert [[c.text for c in row] for row in rows] == [["Capacitación del Personal", "Horas"],
                                                       ["Capacitación del Personal", "Empleado Capacitado"]]


def test_a_header_label_cut_in_two_rows_is_no_activity():
    # 003 printed by Chromium without borders, scanned (seed 203): "% AVANCE AOI" printed on two
    # lines was cut in two rows; "AVANCE AOI", under "%", was read as an activity of its own
    # (the header's other cells spanning into its row), every activity after it one row off.
    header = ["OEI", "ACCIONES ESTRATÉGICAS INSTITUCIONALES (AEI)", "CODIGO AOI", "DESCRIPCIÓN",
              "UNIDAD DE MEDIDA AOI", "PROGRAMACIÓN ANUAL AOI", "EJECUCIÓN ANUAL AOI", "%", "295%"]
    spans = [text if k in (0, 3, 8) else "" for k, text in enumerate(header)]
    body = ["OEI.01.PROMOVER", "AEI.01.01.ASISTENCIA", "AOI00015400049", "IDENTIFICACIÓN", "PERSONA", "47", "47",
            "100.0%", ""]
    texts = [["Cuadro N° 13: Ficha de Implementación"] + [""] * 8, header, spans[:7] + ["AVANCE AOI", "295%"], body]
    found = PoiEvaluationExtractor().find_header(texts, 2024)
    assert (found.first, found.last) == (1, 2)
    # The tail of a merged AEI cell from the page before, under a label naming a column, is a body row.
    tail = ["", "INFORMALIDAD LABORAL"] + [""] * 7
    assert PoiEvaluationExtractor().find_header([header, tail, body], 2024).last == 0
    assert not label_continued(header, ["", "", "", "", "", "", "", "2024", ""])


def test_isss_slide_heading_wrapped_over_two_lines_is_one_section(processed):
    # 002 L115/L117
    assert _activity(processed, ISSS_2017, 3)["section"] == "IV. Metas Operativas: Gestión de Cotizaciones Régimen IVM"


def test_isss_qualified_percent_and_currency_values(processed):
    # 002 L168 "≥ 85%", L294 "$20,000.00", L124 "1938.51" next to "3,684.56".
    assert _month(processed, ISSS_2017, 9, "planned", "2015") == ("≥ 85%", 85)
    assert _month(processed, ISSS_2017, 9, "executed", "2015") == ("136%", 136)
    assert _month(processed, ISSS_2017, 15, "planned", "2014") == ("$20,000.00", 20000)
    assert _month(processed, ISSS_2017, 4, "executed", "2016") == ("1938.51", 1938.51)


def test_isss_plan_year_from_title_wrapped_over_two_lines(processed):
    # Cover: "PLAN ANUAL" / "DE TRABAJO 2017"; the tables print 2015, 2016 and 2017.
    docs = processed["documents"]
    assert docs.loc[docs["source_path"] == f"{ISSS_2017}.pdf", "plan_year"].item() == 2017


@pytest.mark.parametrize("text, year", [
    ("TABLA RESUMEN\nAño 2024\n10%-75%>", 2024),  # 004 scanned (seed 14): the 3 pt colon lost
    ("TABLA RESUMEN\nAño: 2024\n", 2024), ("Año. 2024", 2024),
    ("Año; 2024 -", 2024),  # 004 scanned (seed 46): the colon read as a semicolon, no month had a year
    ("se programó en el año 2023 y", None),  # a year in a sentence is no label
    ("Meta\nAÑO 2016\nAÑO 2017", None),  # column headings of a multi-year table
    ("TABLA RESÚMEN\nAñO. 2024\n", 2024),  # 004 scanned (seed 121): the "o" read as a capital
    ("TABLA RESÚMEN\nAño:.2024\n", 2024),  # 004 scanned (seed 164): a speck by the colon read as a stop
    ("Año:..2024", None),  # two marks are no speck
    ("TABLA RESÚMEN AO CON Año ' 2024 AO", 2024),  # Calc's 004 at 200 dpi (seed 400): the colon read as an apostrophe
    ("en el año; asimismo", None),
])
def test_year_label_whose_colon_ocr_lost_still_names_the_plan_year(text, year):
    assert plan_year_from_label(text) == year


def test_a_ceplan_report_read_without_its_plan_year_still_pairs_its_lines():
    """Calc's 004 at 200 dpi (seed 400): its only year label read "Año' 2024", so no plan year.
    The months then have no period, and "AVANCE ACUMULADO" (the year's own figure) was read as
    the progress field its label also names, beside "AVANCE % ACUMULADO": each EJECUTADO line
    held a progress of its own and was taken for an activity, 48 rows half of them empty, and
    the report broke the data contract (nothing published). Here the committed 004 with its
    year taken out of every line and cell: 24 activities, and each of its 622 printed numbers
    in quarantine under a column with no period, none lost."""
    doc = read_document(RAW / f"{CEPLAN_2024}.pdf", PdfiumSource(), TableSettings())

    def yearless(text: str) -> str:
        return text.replace("2024", "")
    pages = [replace(page, lines=tuple(replace(line, text=yearless(line.text)) for line in page.lines),
                     tables=tuple(replace(table, cells=tuple(replace(c, text=yearless(c.text)) for c in table.cells))
                                  for table in page.tables))
             for page in doc.pages]
    result = CeplanPoiExtractor().extract(replace(doc, pages=pages))
    assert result.plan_year is None
    assert len(result.activities) == 24 and all(a["code"] and a["activity"] for a in result.activities)
    assert result.values == []
    assert Counter(q["reason"] for q in result.quarantine) == {"value_under_unlabelled_column": 622}


@pytest.mark.parametrize("label, part", [
    ("I Trimestre", "Q1"), ("II TRIMESTRE", "Q2"), ("Trimestre 3", "Q3"), ("4to Trim.", "Q4"),
    ("I Semestre", "H1"), ("Semestre 2", "H2"), ("III Semestre", None), ("Trimestral", None),
    ("1er Trim.", "Q1"), ("2do. Trim.", "Q2"), ("1° Trimestre", "Q1"), ("Tercer trimestre", "Q3"), ("T4", "Q4"),
])
def test_quarter_and_semester_header_spellings(label, part):
    assert label_to_subperiod(label) == part


@pytest.mark.parametrize("label", ["Total", "Ponderación"])
def test_labelled_trailing_column_does_not_shift_the_months(tmp_path, label):
    """Trap SHIFTED_VALUES, the other way round: a plan whose last column is labelled
    and a row with a blank January. The months must stay where they are printed, not
    move one column left as a misprinted row under a blank trailing column would (001,
    t042): moving them would put every number under the wrong month, silently. "Total"
    is the annual goal (total_planned); a label the vocabulary does not know
    ("Ponderación") keeps its numbers in quarantine, under a column we cannot name."""
    from synthetic import plan_grid, render, table_block

    months = ["Ene", "Feb", "Mar", "Abr", "May", "Jun", "Jul", "Ago", "Sep", "Oct", "Nov", "Dic"]
    rows = [["Revisar contratos vigentes", "Área Legal", "Contrato", "", "", "5", "", "", "5", "", "", "5", "", "",
             "5", "20"],
            ["Comprar insumos de oficina", "Compras", "Compra", *["1"] * 12, "12"]]
    grid = plan_grid("PLAN ANUAL DE TRABAJO 2025", "Secretaría de Ejemplo", [
        {"type": "heading", "text": "UNIDAD DE ADQUISICIONES"},
        table_block([["Actividad", "Responsable", "Unidad de medida", *months, label]], rows)])
    frames = extract_pdfs([render(grid, tmp_path / "total.pdf")], tmp_path / "out")
    values = frames["values"]
    first = values[values["activity_key"].str.endswith(":1")]
    assert sorted(zip(first["period"], first["value"])) == [
        ("2025-03", 5.0), ("2025-06", 5.0), ("2025-09", 5.0), ("2025-12", 5.0)]
    quarantined = frames["quarantine"]
    unlabelled = sorted(c[-1] for c in quarantined.loc[quarantined["reason"] == "value_under_unlabelled_column",
                                                       "cells"])
    totals = frames["activities"]["total_planned"].tolist()
    if label == "Total":
        assert unlabelled == [] and totals == [20, 12]
    else:
        assert unlabelled == ["12", "20"] and frames["activities"]["total_planned"].isna().all()


@pytest.mark.parametrize("line,unit", [
    ("UE: 001066 - PROGRAMA TRABAJA PERU", "001066 - PROGRAMA TRABAJA PERU"),
    ("UE. 001066 - PROGRAMA TRABAJA PERU", "001066 - PROGRAMA TRABAJA PERU"),
    ("de la Unidad Ejecutora: 000154-Ministerio", "000154-Ministerio"),
    ("UE. Los fondos de la", None),
    # 003's caption read from the 150 dpi scan, its colon lost: the code says it is the unit.
    ("de la Unidad Ejecutora 000154-Ministerio de Trabajo- Oficina", "000154-Ministerio de Trabajo- Oficina"),
    ("Unidad Ejecutora del Programa", None),
])
def test_executing_unit_colon_read_as_full_stop_before_its_code(line, unit):
    """The executing unit's label with its colon read as a full stop or lost: the unit's
    code after it names the unit; a sentence after it does not."""
    match = EXECUTING_UNIT.search(line)
    assert (match.group(1) if match else None) == unit


def test_a_scanned_cover_cut_into_table_cells_still_names_its_family_and_unit():
    """002 on the seed-47 draw at 300 dpi grey: the table layer cut the scanned cover into
    cells ("Instituto Salvadoreño del Seguro Unidad de Pensiones" | "" | "Social"), so the
    institution's name was whole in no line and no cell: the document went to the generic
    family, and no activity had its unit (activity recall 0). The engine's words, in its
    reading order, still say both."""
    texts = [["Instituto Salvadoreño del Seguro Unidad de Pensiones", "", "Social"],
             ["PLAN ANUAL DE TRABAJO 2017", "", ""]]
    cells = tuple(Cell(r, c, 1, 1, 100.0 * c, 20.0 * r, 100.0 * c + 90, 20.0 * r + 15, text)
                  for r, row in enumerate(texts) for c, text in enumerate(row))
    cover = Table(1, 1, 0.0, 0.0, 300.0, 40.0, 2, 3, cells)
    read = [("Instituto", 0), ("Salvadoreño", 0), ("del", 0), ("Seguro", 0), ("Social", 0),
            ("Unidad", 1), ("de", 1), ("Pensiones", 1), ("PLAN", 2), ("ANUAL", 2)]
    words = tuple(OcrWord(text, 10.0 + 60 * k, 100.0 + 20 * line, 60.0 + 60 * k, 110.0 + 20 * line, 0.97)
                  for k, (text, line) in enumerate(read))
    doc = ParsedDocument(Path("002.pdf"), "", [PageLayout(1, 612.0, 792.0, 0, (cover,), (), 10.0, words)])
    assert "instituto salvadoreno del seguro social" in normalize_label(doc.front_text())
    extractor = IsssPatExtractor()
    extractor.prepare(doc)
    assert extractor.unit == "Unidad de Pensiones"
    # A text layer's front text is its lines and cells only, as before.
    text_layer = ParsedDocument(Path("002.pdf"), "", [PageLayout(1, 612.0, 792.0, 0, (cover,), (), 10.0, None)])
    assert "instituto salvadoreno del seguro social" not in normalize_label(text_layer.front_text())


def test_a_table_whose_columns_are_not_recognised_is_quarantined_not_lost(tmp_path):
    """004's seed-116 draw (300 dpi grey): its first page's activity label read "OBJETIVO
    ESTRATEGICO ['ACCION …", no column named the activities, so the page's table and its
    continuation on page 2 were not read; 23 of the 24 activities were dropped with no word,
    and the document was "ok". A table that looks like the family's own (its header names
    periods) whose columns are not recognised, and the headerless table continuing it on the
    next page, now go to quarantine row by row (``table_columns_unread``), the document is
    partial and says which page. Drawn here as a text PDF with that label unknown."""
    grid, tables = _ceplan_grid()
    tables["t001"]["header"][0][2] = "DENOMINACIÓN DEL REGISTRO"  # no label of any field
    outcome = _extracted(grid, tmp_path)
    unread = [q for q in outcome.quarantine if q["reason"] == "table_columns_unread"]
    printed = [[t for t in row if t.strip()] for tid in ("t001", "t002") for row in tables[tid]["rows"]
               if any(t.strip() for t in row)]
    assert [q["cells"] for q in unread] == printed
    assert {q["page"] for q in unread} == {1, 2}
    assert outcome.document["status"] == "partial"
    assert "the columns of a table on page 1, 2 were not recognised" in outcome.document["message"]
    # the tables after them are read: the last activity, under its own header
    assert [a["code"] for a in outcome.activities] == ["AOI00106600143"]
    reasons = Counter(q["reason"] for q in outcome.quarantine)
    assert unaccounted(outcome.rows, len(outcome.activities), len(outcome.values), reasons) == []


def test_a_table_of_a_read_tables_width_whose_header_names_no_period_is_quarantined_not_lost(tmp_path):
    """A header OCR misread so that it names no period (004's repeated header with its
    months lost, Typst's print at 300 dpi grey, round 25) left its table unread: not the
    family's by its header, continuing nothing. Its rows were in neither the output nor the
    quarantine, and the document was "ok". A table as wide as one the family read in the
    document, with numbers under at least half of that one's value columns, is the family's
    own by its body: its rows, from the first such row down, now go to quarantine
    (``table_columns_unread``). Drawn here as a text PDF: the header of 004's last activity
    (table t004, as wide as the first page's) with its row of months printed blank."""
    grid, tables = _ceplan_grid()
    months = tables["t004"]["header"][1]
    months[8:20] = [""] * 12
    outcome = _extracted(grid, tmp_path)
    unread = [q for q in outcome.quarantine if q["reason"] == "table_columns_unread"]
    assert [q["cells"] for q in unread] == [[t for t in row if t.strip()] for row in tables["t004"]["rows"]]
    assert {q["page"] for q in unread} == {2}
    assert outcome.document["status"] == "partial"
    assert "the columns of a table on page 2 were not recognised" in outcome.document["message"]
    assert "AOI00106600143" not in {a["code"] for a in outcome.activities}
    assert len(outcome.activities) == 23  # the first two tables' activities, read as before
    # The summary table under it (TABLA RESÚMEN, 8 columns, numbers) is no table of the family's.
    assert all(q["page"] == 2 and "Año: 2024" not in q["cells"] for q in unread)


def _ceplan_grid() -> tuple[dict, dict[str, dict]]:
    """004's grid as printed (tests/fixtures) and its tables by id, to edit before drawing."""
    grid = json.loads((Path(__file__).parent / "fixtures" / CEPLAN_2024 / "grid.json").read_text())
    return grid, {b["table_id"]: b for b in grid["blocks"] if b["type"] == "table"}


def _extracted(grid: dict, tmp_path: Path):
    """``grid`` drawn as 004's PDF and extracted by the pipeline's worker: its outcome."""
    from pipeline.config import ExtractSettings
    from pipeline.worker import extract_file

    path = _rendered(grid, tmp_path / f"{CEPLAN_2024}.pdf")
    return extract_file(path, path.name, ExtractSettings(progress=False))


def test_a_month_number_misread_in_a_repeated_header_keeps_the_header_out_of_the_activities():
    """Typst's print of MTPS 2022 numbers its months 1 to 12. Scanned (300 dpi grey, the
    seed-206 draw), the repeated header of its third page read "11" as "n": the row held
    11 month numbers, not the 12 a row of numbered months needs, so the table had no header,
    continued the page before, and its header row became an activity with the values 1 to
    10 and 12; every activity after it was one row off (45 values published wrong and sure,
    value F1 0.710). A label between the month numbers beside it (10 and 12) is the month
    between, whatever it reads (a lone "n" names the code column by name)."""
    from extractors.sv_mtps_pat import MtpsPatExtractor

    read = ["Línea Estratégica/Proceso", "Actividad", "Resultado Esperado", "Medio de Verificación",
            "Responsable", *map(str, range(1, 11)), "n", "12"]
    assert label_to_field("n") is not None  # the trap: no month by its own label
    assert row_periods(read, 2022)[5:] == [f"2022-{m:02d}" for m in range(1, 13)]
    texts = [["Oficina Departamental Morazán"] * 4 + ["PROGRAMA ANUAL 2022 (%)"] * 13, read,
             ["derechos de adolescentes trabajadores"] + [""] * 16]
    header = MtpsPatExtractor().find_header(texts, 2022)
    assert (header.period_row, header.last) == (1, 1)
    # Nor is a body row of counts, "1" in every month (two numbers lost side by side:
    # test_a_header_of_numbered_months_misread_at_its_end_and_inside_still_numbers_every_month).
    assert not any(row_periods(read[:5] + ["1"] * 12, 2022))


def test_a_header_of_numbered_months_misread_at_its_end_and_inside_still_numbers_every_month():
    """Typst's print of the CEPLAN report numbers its months 1 to 12 too, in bold 4 pt print
    whose 1s OCR loses. Scanned (300 dpi grey), its first page's header read
    "1 2 3 4 5 6 7 ,. 9 10 11 2" on the seed-201 draw (a speck for the 8, the 1 of the 12 lost)
    and "1 2 3 4 5 6 7 , 9 10 nu 2" on the seed-211 draw: the row was no header of months, the
    table no activity table, and the report's 622 values were lost. Twelve cells side by side,
    eight or more of them the number of the month of their place and the others a few
    characters each, are months 1 to 12 by their places; fewer in place, or a label of more
    than a few characters in place of a month, and they are not."""
    months = [f"2024-{m:02d}" for m in range(1, 13)]
    for read in ("1 2 3 4 5 6 7 ,. 9 10 11 2", "1 2 3 4 5 6 7 , 9 10 nu 2", "1 2 3 4 5 6 7 8 9 n n 12", "l 2 3 4 5 6 7 8 9 10 11 12"):
        assert row_periods(["PROG./EJE.", *read.split(), "AVANCE"], 2024)[1:-1] == months, read
    assert not any(row_periods(["PROG./EJE.", *"1 2 3 4 5 6 ,. ,. 9 n n 2".split()], 2024))  # seven in place
    assert not any(row_periods(["PROG./EJE.", *map(str, range(2, 13))], 2024))  # a label is no January
    assert not any(row_periods(["PROG./EJE.", "", *map(str, range(2, 13))], 2024))  # nothing read
    assert not any(row_periods(["Meta", *["1"] * 12], 2024))  # a body row of counts


def test_a_header_of_nine_months_read_is_a_years_months_when_the_rest_fall_between():
    """004's first page scanned at 150 dpi read its month header "\ufffd Feb Mar Abr May Jun pa
    Ago sep Oct Nov Die": nine months, where ten were asked, so the table was no table of
    months and its 12 activities' 312 values were lost. Eight or nine months read are a
    year's when each label left is the month between its neighbours, or January before
    February, or December after November: twelve columns, January to December in order.
    Nine read otherwise (a column lost, the order broken) are not."""
    read = ["\ufffd", "Feb", "Mar", "Abr", "May", "Jun", "pa", "Ago", "sep", "Oct", "Nov", "Die"]
    head = ["CÓDIGO", "PROG. /EJE."]
    periods = row_periods([*head, *read, "AVANCE ACUMULADO"], 2024)
    assert periods == [None, None, *(f"2024-{m:02d}" for m in range(1, 13)), None]
    eight = [*read[:6], "pa", "xx", *read[8:]]  # Jul and Ago unread side by side: no month between
    assert not any(row_periods([*head, *eight], 2024))
    shuffled = [*read[:3], "Jun", "May", "Abr", *read[6:]]  # nine read out of order
    assert not any(row_periods([*head, *shuffled], 2024))


def test_a_number_sign_read_as_a_small_letter_still_names_the_code_column():
    """Chromium's plain print of 001 scanned at 300 dpi grey (seed 600, held out): its second
    page's "N°" was read "Ñe", the degree sign as the small letter it is shaped like, no
    column was named code, and the page's ten activities lost their numbers (activity
    recall 0.333). An N with one "e" or "o" after it names the code column, as "N°", "No"
    and "N?2" do; "Na", "Nes" or "Nota" do not."""
    assert [label_to_field(t) for t in ("Ñe", "Ne.", "No", "N°", "N?2")] == ["code"] * 5
    assert [label_to_field(t) for t in ("Na", "Nes", "Nota", "Ene")] == [None] * 4
