"""One regression test per real extraction trap (tests/fixtures/*/notes.md), named after it."""

from __future__ import annotations

import pandas as pd
import pytest

from conftest import INTEGRACION_2024, MTPS_2022, doc_rows
from extractors.base import row_periods
from extractors.values import parse_value
from extractors.vocabulary import label_to_month


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


@pytest.mark.parametrize("label, month", [
    ("Ene", 1), ("ENERO", 1), ("Enc", 1), ("Ago.", 8), ("Agó", 8), ("Set", 9), ("Setiembre", 9),
    ("Sep.", 9), ("SEPTIEMBRE", 9), ("Dic", 12), ("Total meta", None),
])
def test_month_header_spellings(label, month):
    assert label_to_month(label) == month


def test_month_header_numbered_one_to_twelve():
    row = ["Objetivo", "Descripción", "Indicador", "Responsable", "Medio"] + [str(i) for i in range(1, 13)] + [""]
    periods = row_periods(row, 2022)
    assert periods[5] == "2022-01" and periods[16] == "2022-12" and periods[17] is None
