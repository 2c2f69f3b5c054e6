"""Name keys and the matching stages on small frames: one regression test per naming trap."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.names import institution_to_key, name_to_fuzzy_key, name_to_key, unit_name_to_code
from pipeline.reconcile import Registry, reconcile


@pytest.mark.parametrize("printed", [
    "005-01066 Programa para la Generación de Empleo Social Inclusivo “Llamkasun Perú”",  # 003
    '001066 - PROGRAMA PARA LA GENERACION DE EMPLEO SOCIAL INCLUSIVO "TRABAJA PERU"',     # 004
])
def test_executing_unit_code_printed_two_ways_is_one_code(printed):
    assert unit_name_to_code(printed) == "1066"


def test_unit_codes_of_003():
    assert unit_name_to_code("000154-Ministerio de Trabajo- Oficina General de Administración") == "154"
    assert unit_name_to_code("002-993 Programa Nacional de Empleo Juvenil “Jóvenes Productivos”") == "993"
    assert unit_name_to_code("Unidad de Pensiones") is None


@pytest.mark.parametrize("a, b", [
    ("Oficina Regional Paracentral (La Paz)", "Oficina Regional Paracentral La Paz"),
    ("OFICINA REGIONAL DE OCCIDENTE (SANTA ANA)", "Oficina Regional de Occidente (Santa Ana)"),
    ("OFICINA DEPARTAMENTAL DE LA LIBERTAD", "Oficina Departamental La Libertad"),
    ("Consejo Nacional del Salario Mínimo", "Consejo Nacional de Salario Mínimo"),
    ("Oficina Departamental de Ahuachapan", "Oficina Departamental Ahuachapán"),
])
def test_unit_spellings_of_000_and_005_share_the_normalized_key(a, b):
    assert name_to_key(a) == name_to_key(b)


@pytest.mark.parametrize("short, full", [
    ("SEG. DEL BIENESTAR DEL PARTICIPANTE", "SEGUIMIENTO DEL BIENESTAR DEL PARTICIPANTE"),
    ("GESTION OPERATIVA - U.T.", "GESTION OPERATIVA - UNIDAD TERRITORIAL"),
    ("GESTIÓN DE TECNOLOGÍA DE INF. Y COMUNICACIÓN", "GESTIÓN DE TECNOLOGÍA DE LA INFORMACIÓN Y COMUNICACIÓN"),
    ("GEST. DE DIRECCION EJECUTIVA", "GESTIÓN DE DIRECCIÓN EJECUTIVA"),
    ("Gestión y asistencia técnica para el desarrollo de intervenciones del prog.",
     "GESTIÓN Y ASISTENCIA TÉCNICA PARA EL DESARROLLO DE INTERVENCIONES DEL PROGRAMA"),
])
def test_printed_abbreviations_are_written_out(short, full):
    assert name_to_key(short) == name_to_key(full)


def test_word_without_a_dot_is_not_taken_for_an_abbreviation():
    assert name_to_key("Informe inf anual") == "informe inf anual"
    assert name_to_key("Informe inf. anual") == "informe informacion anual"


def test_verb_and_noun_of_one_activity_share_stems():
    # "verb_to_noun" rewording of the PAT 2023: the fuzzy key compares stems.
    assert name_to_fuzzy_key("Realizar la preselección de perfiles") == \
        name_to_fuzzy_key("Realización de la preselección de perfiles")
    assert name_to_fuzzy_key("Tramitar las solicitudes") == name_to_fuzzy_key("Trámite de las solicitudes")


def test_pliego_printed_with_code_and_abbreviation_is_the_same_institution():
    assert institution_to_key("PE", "012 - M. DE TRABAJO Y PROMOCION DEL EMPLEO") == \
        institution_to_key("PE", "Ministerio de Trabajo y Promoción del Empleo")
    assert institution_to_key("SV", "Ministerio de Trabajo y Previsión Social") != \
        institution_to_key("PE", "Ministerio de Trabajo y Promoción del Empleo")


# --- stages on small frames ---------------------------------------------------------------

def corpus(*docs: tuple[str, int, str | None, list[tuple[str, str | None, str | None]]]):
    """Documents (doc_id, plan_year, institution, [(unit, code, activity)]) as extraction frames."""
    documents, activities = [], []
    for doc_id, year, institution, rows in docs:
        documents.append({"doc_id": doc_id, "country": "SV", "institution": institution, "plan_year": year})
        for row, (unit, code, activity) in enumerate(rows, start=1):
            activities.append({"activity_key": f"{doc_id}:{row}", "doc_id": doc_id, "row": row, "unit": unit,
                               "code": code, "activity": activity})
    documents = pd.DataFrame(documents).astype({"plan_year": "Int64"})
    return documents, pd.DataFrame(activities).astype({"row": "Int64"})


def ids(registry: Registry) -> dict[str, tuple[str, str]]:
    return {a.activity_key: (a.activity_id, a.method) for a in registry.activities}


def test_two_activities_of_one_version_never_take_one_id():
    docs, acts = corpus(("a" * 16, 2022, "Ministerio", [("Unidad X", None, "Elaborar el informe mensual de gestión")]),
                        ("b" * 16, 2023, "Ministerio", [("Unidad X", None, "Elaborar el informe mensual de gestion"),
                                                        ("Unidad X", None, "Elaborar informes mensuales de gestión")]))
    got = ids(reconcile(docs, acts, Registry()))
    base = got["a" * 16 + ":1"][0]
    linked = [k for k in ("b" * 16 + ":1", "b" * 16 + ":2") if got[k][0] == base]
    assert linked == ["b" * 16 + ":1"]
    assert got["b" * 16 + ":1"][1] == "normalized" and got["b" * 16 + ":2"][1] == "new"


def test_code_links_a_renamed_activity_and_a_new_code_falls_back_to_the_name():
    docs, acts = corpus(("a" * 16, 2023, "Ministerio", [("U", "AOI001", "Gestión de presupuesto"),
                                                        ("U", "AOI002", "Gestión de asesoría jurídica")]),
                        ("b" * 16, 2024, "Ministerio", [("U", "AOI001", "Planeamiento y modernización"),
                                                        ("U", "AOI009", "Gestión de asesoría jurídica")]))
    got = ids(reconcile(docs, acts, Registry()))
    assert got["b" * 16 + ":1"] == (got["a" * 16 + ":1"][0], "code")
    assert got["b" * 16 + ":2"] == (got["a" * 16 + ":2"][0], "exact")


def test_documents_without_institution_share_nothing():
    docs, acts = corpus(("a" * 16, 2022, None, [("Unidad X", None, "Elaborar el plan")]),
                        ("b" * 16, 2023, None, [("Unidad X", None, "Elaborar el plan")]))
    registry = reconcile(docs, acts, Registry())
    assert len({u.unit_id for u in registry.units}) == 2
    assert len({a.activity_id for a in registry.activities}) == 2


def test_activity_without_text_gets_its_own_id():
    # 000 row 8 prints no activity text: it must not link to another text-less row.
    docs, acts = corpus(("a" * 16, 2022, "M", [("U", None, None)]), ("b" * 16, 2023, "M", [("U", None, None)]))
    got = ids(reconcile(docs, acts, Registry()))
    assert got["a" * 16 + ":1"][0] != got["b" * 16 + ":1"][0]


def test_document_with_unknown_country_and_institution_is_reconciled():
    docs, acts = corpus(("a" * 16, 2022, None, [("U", None, "Elaborar el plan")]))
    docs["country"] = pd.Series([pd.NA], dtype="str")
    registry = reconcile(docs, acts, Registry())
    assert [a.method for a in registry.activities] == ["new"]
    assert registry.units[0].country is None and registry.units[0].institution is None
