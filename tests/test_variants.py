"""Golden tests of rendered variants: the same plans printed differently extract to
the same data.

``tests/variants/`` holds the sample documents rendered (``make fixtures``) without
any ruling lines (``-unruled``: web prints, typeset reports; read by the text-alignment
strategy) and with month headers spelled out in capitals (``-upper-months``:
ENERO..DICIEMBRE). Each is compared with the expected CSVs of the plain document:
100% of activities and values, nothing extra.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import CEPLAN_2024, INTEGRACION_2024, MTPS_2022, RAW, doc_rows, extract_pdfs
from golden import assert_same, compare_activities, compare_values

VARIANTS_DIR = Path(__file__).resolve().parent / "variants"
VARIANTS = ("unruled", "upper-months")
DOCS = (MTPS_2022, INTEGRACION_2024, CEPLAN_2024)
CASES = [(doc, variant) for doc in DOCS for variant in VARIANTS]


@pytest.fixture(scope="session")
def variants(tmp_path_factory):
    """Every variant PDF, extracted once with the real pipeline (one worker process: a second
    would only add its start-up, about 1.5 s of CPU, on cores the other tests keep busy)."""
    paths = [VARIANTS_DIR / f"{doc}-{variant}.pdf" for doc, variant in CASES]
    missing = [p.name for p in paths if not p.exists()]
    assert not missing, f"variant PDFs missing (run `make fixtures`): {missing}"
    return extract_pdfs(paths, tmp_path_factory.mktemp("variants"), jobs=1)


def _needs_family(processed, doc: str) -> None:
    # A variant can only be as good as the plain document: until a family reads
    # the plain PDF (CEPLAN 004 lands separately), its variants are not judged.
    if doc_rows(processed, doc, "activities").empty:
        pytest.skip(f"{doc}: no family extracts the plain document yet")


@pytest.mark.parametrize("doc, variant", CASES)
def test_variant_activities_match_expected(processed, variants, doc, variant):
    _needs_family(processed, doc)
    assert_same(*compare_activities(variants, f"{doc}-{variant}.pdf", doc))


@pytest.mark.parametrize("doc, variant", CASES)
def test_variant_values_match_expected(processed, variants, doc, variant):
    _needs_family(processed, doc)
    assert_same(*compare_values(variants, f"{doc}-{variant}.pdf", doc))


@pytest.mark.parametrize("doc", DOCS)
def test_unruled_variant_has_no_ruling_lines(doc):
    """The unruled variant really is unruled: its tables can only come from text alignment."""
    from extractors.layout.sources import get_source

    pages = get_source("pdfium").iter_pages(VARIANTS_DIR / f"{doc}-unruled.pdf")
    assert all(page.shapes == () for page in pages)


def test_continuation_gap_blank_columns_come_from_previous_page():
    """Trap CONTINUATION_GAP: 004 unruled page 2 is a header-less continuation whose
    TIPO, OBJETIVO and CENTRO DE COSTO columns are blank on every row but one, and
    it starts with a cost centre spilt over the break onto two wrapped lines. Read
    on the previous page's columns it is the same 22-column grid as the ruled print,
    with the wrapped cost centre one cell of row 0 in its own column."""
    from extractors.document import read_document
    from extractors.layout.sources import get_source
    from extractors.layout.settings import TableSettings

    def pages(path):
        return read_document(path, get_source("pdfium"), TableSettings.resolve(None)).pages

    ruled = pages(RAW / f"{CEPLAN_2024}.pdf")
    unruled = pages(VARIANTS_DIR / f"{CEPLAN_2024}-unruled.pdf")
    top = unruled[1].tables[0]
    assert top.n_cols == 22
    assert top.texts()[0][3] == "MONITOREO DE UNIDAD FUNCIONAL DE SEGUIMIENTO Y MONITOREO DE INTERVENCIONES"
    assert [t.texts() for p in unruled for t in p.tables] == [t.texts() for p in ruled for t in p.tables]
