"""Plans the project has never seen: classification by content, the generic
monthly-table extractor, periods by month/quarter/semester, the year from the
document, and clear statuses when nothing can be read."""

from __future__ import annotations

import pytest

from extractors import classify, read_document
from extractors.layout.sources import get_source
from extractors.layout.settings import TableSettings
from pipeline.config import ExtractSettings
from pipeline.worker import extract_file
from synthetic import MONTHS_SPELLED, plan_grid, render, table_block

# A different column order (months first, then who and what) and spelled-out months.
MONTHLY_HEADER = [[*MONTHS_SPELLED, "Responsable", "Actividad", "Unidad de medida", "Total meta"]]
MONTHLY_ROWS = [
    [*["1"] * 12, "Jefatura de Compras", "Comprar insumos de oficina", "Compra", "12"],
    [*["", "", "5", "", "", "5", "", "", "5", "", "", "5"], "Área Legal", "Revisar contratos vigentes",
     "Contrato", "20"],
    [*["8,33%"] * 11, "8,37%", "Dirección", "Supervisar el plan", "%", "100%"],
]


def _doc(path):
    return read_document(path, get_source("pdfium"), TableSettings.resolve(None))


def _run(path):
    return extract_file(path, path.name, ExtractSettings(progress=False))


def test_plan_in_unseen_layout_goes_through_generic_extractor(tmp_path):
    grid = plan_grid("PLAN ANUAL DE TRABAJO 2025", "Secretaría de Ejemplo", [
        {"type": "heading", "text": "UNIDAD DE ADQUISICIONES"},
        table_block(MONTHLY_HEADER, MONTHLY_ROWS),
    ])
    path = render(grid, tmp_path / "plan-nuevo.pdf")
    assert classify(_doc(path)).name == "generic_monthly"
    outcome = _run(path)
    assert outcome.document["status"] == "ok", outcome.document["message"]
    assert outcome.document["plan_year"] == 2025  # from the title, not the file name
    acts = {a["row"]: a for a in outcome.activities}
    assert [acts[r]["activity"] for r in (1, 2, 3)] == [row[13] for row in MONTHLY_ROWS]
    assert {a["unit"] for a in outcome.activities} == {"UNIDAD DE ADQUISICIONES"}
    assert [acts[r]["responsible"] for r in (1, 2, 3)] == [row[12] for row in MONTHLY_ROWS]
    assert [acts[r]["total_planned"] for r in (1, 2, 3)] == [12, 20, 100]
    want = {(r + 1, f"2025-{m + 1:02d}", row[m]) for r, row in enumerate(MONTHLY_ROWS)
            for m in range(12) if row[m]}
    got = {(v["row"], v["period"], v["raw"]) for v in outcome.values}
    assert got == want
    assert {v["measure"] for v in outcome.values} == {"planned"}
    # "8,33%" (two digits after the comma) only reads as a decimal comma: the plan's own
    # numbers set its locale, and its months of 8,33% add up to 100% again.
    assert next(v["value"] for v in outcome.values if v["raw"] == "8,37%") == 8.37


@pytest.mark.parametrize("labels, periods", [
    (["I Trimestre", "II Trimestre", "III Trimestre", "IV Trimestre"], ["Q1", "Q2", "Q3", "Q4"]),
    (["Trimestre 1", "Trimestre 2", "Trimestre 3", "Trimestre 4"], ["Q1", "Q2", "Q3", "Q4"]),
    (["I Semestre", "II Semestre"], ["H1", "H2"]),
])
def test_quarter_and_semester_columns_map_to_periods(tmp_path, labels, periods):
    header = [["Actividad", "Responsable", *labels]]
    rows = [["Publicar informes de gestión", "Comunicaciones", *[str(i + 1) for i in range(len(labels))]]]
    grid = plan_grid("Plan Operativo Anual 2026", "Municipalidad de Ejemplo",
                     [table_block(header, rows, caption="Oficina de Comunicaciones")])
    outcome = _run(render(grid, tmp_path / "poa.pdf"))
    assert outcome.document["family"] == "generic_monthly"
    assert [(v["period"], v["raw"]) for v in outcome.values] == [
        (f"2026-{p}", str(i + 1)) for i, p in enumerate(periods)]
    assert outcome.activities[0]["unit"] == "Oficina de Comunicaciones"  # the caption names the unit


def test_table_without_period_header_is_no_tables(tmp_path):
    grid = plan_grid("Informe de gestión 2025", "Secretaría de Ejemplo", [
        table_block([["Tipo de documento", "No de imágenes"]], [["Planillas", "3,250"], ["Informes", "1,000"]]),
    ])
    path = render(grid, tmp_path / "informe.pdf")
    assert classify(_doc(path)) is None
    outcome = _run(path)
    assert outcome.document["status"] == "no_tables"
    assert "informe.pdf" in outcome.document["message"] and "no known plan layout" in outcome.document["message"]


@pytest.mark.parametrize("label", ["Meta anual", "Meta", "Total", "Programado anual", "Cantidad",
                                   "Meta física 2025"])
def test_annual_goal_column_is_the_total_not_a_value(tmp_path, label):
    """Issue 15: an annual goal column beside the months is total_planned, as in the known
    families; it is no value of its own (no period-2025 row besides the months)."""
    header = [["Actividad", "Responsable", label, *MONTHS_SPELLED]]
    rows = [["Publicar informes de gestión", "Comunicaciones", "4", *["", "", "1"] * 4]]
    grid = plan_grid("Plan Operativo Anual 2025", "Municipalidad de Ejemplo",
                     [table_block(header, rows, caption="Oficina de Comunicaciones")])
    outcome = _run(render(grid, tmp_path / "poa.pdf"))
    assert outcome.document["family"] == "generic_monthly"
    assert [a["total_planned"] for a in outcome.activities] == [4]
    assert sorted(v["period"] for v in outcome.values) == ["2025-03", "2025-06", "2025-09", "2025-12"]


MONTHS_DOTTED = ["ENE.", "FEB.", "MAR.", "ABR.", "MAY.", "JUN.", "JUL.", "AGO.", "SEP.", "OCT.", "NOV.", "DIC."]
QUARTERS = ["1er Trim.", "2do Trim.", "3er Trim.", "4to Trim."]


def test_units_from_labelled_lines_captions_and_unit_columns(tmp_path):
    """Where other countries print the unit: a line with its label over the table
    ("Unidad ejecutora: X", in body text: the unit is X), a caption row ("Dependencia:
    Y"), or a unit column printed on the first row of its group only (each row belongs to
    the last unit printed above it; the heading over such a table is the section). A
    table without an activity column names its rows by its finest product column."""
    grid = plan_grid("PROGRAMA OPERATIVO ANUAL 2025", "Secretaría de Ejemplo", [
        {"type": "heading", "text": "PLAN DE ACCIÓN DE TECNOLOGÍA"},  # the line under it names the unit
        {"type": "text", "text": "Unidad ejecutora: Oficina de Tecnologías de la Información"},
        table_block([["N°", "Actividad", "Meta anual", *MONTHS_DOTTED]],
                    [["1", "Renovar licencias de software", "2", *[""] * 5, "2", *[""] * 6]]),
        table_block([["N°", "Actividad", "Meta", *QUARTERS]],
                    [["1", "Capacitar al personal en ofimática", "40", "10", "10", "10", "10"]],
                    caption="Dependencia: Dirección de Talento Humano"),
        {"type": "heading", "text": "Programa presupuestario P001 Gestión institucional"},
        table_block([["Unidad responsable", "Clave", "Actividad", *MONTHS_DOTTED, "Total"]],
                    [["Dirección de Finanzas", "P001.1", "Pagar la nómina", *["2"] * 12, "24"],
                     ["", "P001.2", "Conciliar cuentas bancarias", *["1"] * 12, "12"],
                     ["Dirección Jurídica", "P001.3", "Atender juicios", *["3"] * 12, "36"]]),
        {"type": "heading", "text": "Oficina de Compras"},
        table_block([["Producto", "Subproducto", "Unidad de medida", *QUARTERS]],
                    [["Bienes adquiridos", "Órdenes de compra emitidas", "Orden", "30", "30", "30", "30"]]),
    ])
    outcome = _run(render(grid, tmp_path / "poa.pdf"))
    assert outcome.document["status"] == "ok", outcome.document["message"]
    got = [(a["unit"], a["section"], a["activity"], a["expected_result"], a["total_planned"])
           for a in outcome.activities]
    assert got == [
        ("Oficina de Tecnologías de la Información", None, "Renovar licencias de software", None, 2),
        ("Dirección de Talento Humano", None, "Capacitar al personal en ofimática", None, 40),
        ("Dirección de Finanzas", "Programa presupuestario P001 Gestión institucional", "Pagar la nómina", None, 24),
        ("Dirección de Finanzas", "Programa presupuestario P001 Gestión institucional",
         "Conciliar cuentas bancarias", None, 12),
        ("Dirección Jurídica", "Programa presupuestario P001 Gestión institucional", "Atender juicios", None, 36),
        ("Oficina de Compras", None, "Órdenes de compra emitidas", "Bienes adquiridos", None),
    ]
    periods = {(v["row"], v["period"]) for v in outcome.values}
    assert (1, "2025-06") in periods and (2, "2025-Q4") in periods and (6, "2025-Q1") in periods
    assert len(outcome.values) == 1 + 4 + 36 + 4
