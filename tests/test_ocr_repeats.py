"""Text repeated down a column, read by OCR, agrees with itself (pipeline/repeats.py): each
real misreading met on the scans (004 and 001, 300 dpi grey, the committed draw and seeds
13-16) takes the value the document reads many times; values printed close but different
stay apart; a document read from its text layer is never touched."""

from __future__ import annotations

import csv
from types import SimpleNamespace

import pytest

from conftest import FIXTURES, RAW
from extractors import classify, read_document
from extractors.layout.records import OcrWord
from extractors.layout.settings import TableSettings
from extractors.layout.sources import PdfiumSource
from pipeline.repeats import agree_repeats, printable_case, variant_kind

# How sure the engine is of a word read right, about (the median of 004's readings of
# "Acumulado", "Anual", "INFORME", "Muy", "Alta" on the 300 dpi scans: 0.955-0.962).
USUAL = 0.96


def _document(field: str, value: str, times: int, reading: str, confidence: float,
              usual: float = USUAL, page: int = 1):
    """``times`` activities reading ``value`` in ``field`` and one reading ``reading``, all
    on page 1 (read by OCR); the reading's words read ``confidence`` sure, every other
    word ``usual``. The reading's activity is on ``page``."""
    activities = [{"row": n, field: value, "page_first": 1, "page_last": 1} for n in range(1, times + 1)]
    activities.append({"row": times + 1, field: reading, "page_first": page, "page_last": page})
    words = [OcrWord(w, 0, 0, 1, 1, usual) for _ in range(times) for w in value.split()]
    words += [OcrWord(w, 0, 0, 1, 1, confidence if w not in value.split() else usual) for w in reading.split()]
    pages = [SimpleNamespace(number=1, ocr_words=words), SimpleNamespace(number=2, ocr_words=None)]
    return activities, pages


# Each reading as the engine gave it on a scan, with its confidence there.
MISREADINGS = [
    ("aggregation", "Acumulado Anual", "Acumulado Ahual", 0.928),  # committed scan; "Anual" there: median 0.929
    ("aggregation", "Acumulado Anual", "Acumulado Anuai", 0.848),  # seed 14
    ("aggregation", "Acumulado Anual", "Agumulado Anual", 0.78),  # seed 14
    ("aggregation", "Acumulado Anual", "Acuulado Anual", 0.401),  # seed 16: a letter dropped inside a word
    ("aggregation", "Acumulado Anual", "ACumulado Anual", 0.966),  # seed 14: cased as no print is, read sure
    ("aggregation", "Acumulado Anual", "Acumulado Ánual", 0.93),  # seed 13: an accent read less sure
    ("aggregation", "Acumulado Anual", "Acumúlado Anual", 0.914),  # seed 15
    ("aggregation", "Acumulado Anual", "Acumulado Anual.", 0.791),  # seed 13: a stop read less sure
    ("priority", "Muy Alta", "Muy'Alta", 0.628),  # seed 15
    ("measure_unit", "INFORME", "IMFORME", 0.833),  # seed 13
    ("measure_unit", "INFORME", "¡NFOKME", 0.384),  # seed 14
    ("measure_unit", "INFORME", "¡NFORME", 0.074),  # seed 16
    ("measure_unit", "INFORME", "INFQRME", 0.9),  # seed 13's "INFQRME TECNICO", as if repeated
    ("measure_unit", "Documento", "DOcumento", 0.967),  # 001, seed 16
]


@pytest.mark.parametrize("field, value, reading, confidence", MISREADINGS, ids=[m[2] for m in MISREADINGS])
def test_a_misreading_among_readings_of_a_repeated_value_takes_that_value(field, value, reading, confidence):
    activities, pages = _document(field, value, 8, reading, confidence)
    changes = agree_repeats(activities, pages)
    assert [a[field] for a in activities] == [value] * 9
    assert [(c["row"], c["reading"], c["value"]) for c in changes] == [(9, reading, value)]


def test_acumulado_ahual_among_23_acumulado_anual_is_acumulado_anual():
    # 004 at 300 dpi grey (committed draw): the engine read "Ahual" 0.928 sure, as sure as
    # it reads "Anual" on that page (median 0.929): only the look-alike letter tells.
    activities, pages = _document("aggregation", "Acumulado Anual", 23, "Acumulado Ahual", 0.928, usual=0.929)
    agree_repeats(activities, pages)
    assert activities[-1]["aggregation"] == "Acumulado Anual"


# Values printed close to each other, both in the print (tests/fixtures, tests/scans/expected).
PRINTED_APART = [
    ("measure_unit", "INFORME", "INFORMES"),  # a letter more at a word's end: another word
    ("measure_unit", "PERSONAS", "PERSONA"),  # ... or fewer
    ("measure_unit", "Documento", "Documentos"),  # 001: 8 and 1 in the scans' truth
    ("measure_unit", "INFORME", "INFORME TECNICO"),  # 004: a word more
    ("measure_unit", "ACCION", "ATENCION"),  # 003
    ("responsible", "Gestor de Empleo", "Gestor de empleo"),  # 000: 151 and 1, case as print has it
    ("responsible", "Inspectores de Trabajo", "inspectores de Trabajo"),  # 000: 54 and 2
    ("verification", "Informe", "informe"),  # 001: 49 and 1
]


@pytest.mark.parametrize("field, value, printed", PRINTED_APART, ids=[p[2] for p in PRINTED_APART])
def test_values_printed_close_stay_apart_however_unsure_the_reading(field, value, printed):
    activities, pages = _document(field, value, 20, printed, 0.3)
    assert agree_repeats(activities, pages) == []
    assert activities[-1][field] == printed


@pytest.mark.parametrize("value, printed", [
    ("GESTION", "GESTIÓN"),  # both printed in 004's truth
    ("Presidencia del CNSM", "Presidencia del CNSM."),  # 000
    ("Registros de ICS-AG", "Registros de ICS- AG"),  # 000, 005
])
def test_an_accent_or_mark_read_as_surely_as_the_value_is_print(value, printed):
    activities, pages = _document("responsible", value, 20, printed, USUAL - 0.01)
    assert agree_repeats(activities, pages) == []


def test_a_value_read_twice_does_not_outvote_its_variant():
    # 000 prints "Jefe Sección Infraestructura" twice and "... Infraestructura." once.
    activities, pages = _document("responsible", "Jefe Sección Infraestructura", 2, "Jefe Sección Infraestructura.", 0.3)
    assert agree_repeats(activities, pages) == []


def test_a_reading_near_two_repeated_values_is_left():
    # "iinea" is one look-alike from "linea" and one from "1inea": which was printed?
    activities, pages = _document("verification", "linea", 6, "iinea", 0.3)
    activities[:3] = [{**a, "verification": "1inea"} for a in activities[:3]]
    activities += [{"row": 20 + n, "verification": "1inea", "page_first": 1, "page_last": 1} for n in range(3)]
    assert variant_kind("iinea", "linea") == variant_kind("iinea", "1inea") == "look-alike"
    assert agree_repeats(activities, pages) == []


def test_an_activity_on_a_page_of_text_layer_is_never_changed():
    activities, pages = _document("aggregation", "Acumulado Anual", 8, "Acumulado Ahual", 0.3, page=2)
    assert agree_repeats(activities, pages) == []
    assert activities[-1]["aggregation"] == "Acumulado Ahual"


def test_print_is_cased_as_print_is():
    assert printable_case("INFORME") and printable_case("Acumulado Anual") and printable_case("Memo/Informes")
    assert not printable_case("ACumulado") and not printable_case("DOcumento") and not printable_case("iNFORME")


def _fixture_activities(doc: str) -> list[dict]:
    with open(FIXTURES / doc / "activities.csv", newline="", encoding="utf-8") as fh:
        return [{**{k: (v or None) for k, v in r.items()}, "row": int(r["row_id"]), "page_first": 1, "page_last": 1}
                for r in csv.DictReader(fh)]


@pytest.mark.parametrize("doc", sorted(p.name for p in FIXTURES.iterdir() if (p / "activities.csv").exists()))
def test_the_print_of_every_text_fixture_read_as_if_by_ocr_is_left_as_printed(doc):
    # Every value of the 11 text documents, as if read by OCR with every word equally
    # sure: the close values their print has ("Gestor de Empleo"/"Gestor de empleo",
    # "Documento"/"Documentos", "3.5"/"3.5.") all stay apart.
    activities = _fixture_activities(doc)
    words = [OcrWord(w, 0, 0, 1, 1, USUAL) for a in activities for v in a.values() if isinstance(v, str)
             for w in v.split()]
    before = [dict(a) for a in activities]
    assert agree_repeats(activities, [SimpleNamespace(number=1, ocr_words=words)]) == []
    assert activities == before


def test_a_text_layer_document_is_untouched():
    # 000 from its text layer (484 activities, "Gestor de empleo" once among 151 "Gestor
    # de Empleo"): no page read by OCR, nothing changed.
    parsed = read_document(RAW / "000_21c4c1a7181f29ae.pdf", PdfiumSource(), TableSettings())
    activities = classify(parsed)().extract(parsed).activities
    before = [dict(a) for a in activities]
    assert agree_repeats(activities, parsed.pages) == [] and activities == before
