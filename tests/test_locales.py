"""Plans of other countries' institutions (issue 15), read by the generic family.

``tests/fixtures/008_co_poi_distrital``, ``009_ar_cronograma`` and ``010_mx_metas``
(written by ``fixtures/locales.py``) are three layouts no family was written for: a
Colombian district POA (unit headings, "Meta anual" before a spanning "PROGRAMACIÓN
MENSUAL 2025", "12.500" and "2,5"), an Argentine quarterly "Cronograma" ("Dependencia:
…" captions, "1er Trim.", the goal last) and a Mexican "metas físicas" calendar (a unit
column printed once per group, "ENE.", "Total", "1,250.5"). Their reportlab prints in
``tests/locales/`` are extracted here by the real pipeline with both text sources: 100%
of the expected activities and values, nothing extra (no annual value beside the
goal), on the expected pages. Their prints by the other producers are golden-tested
with the rest of ``tests/producers`` (``tests/test_producers.py``). Every print's numbers
are read in the document's own locale, decided from its numbers, never assumed.
"""

from __future__ import annotations

import json

import pytest

from conftest import ROOT
from extractors import classify, read_document
from extractors.layout import TableSettings, get_source
from fixtures import locales
from fixtures.producers import PRODUCERS, corpus_dir
from golden import FIXTURES, assert_same, compare_activities, compare_values, doc_rows, expected
from pipeline.config import ExtractSettings
from pipeline.io import read_tables
from pipeline.run import extract_corpus

LOCALES = ROOT / "tests" / "locales"
PRODUCED = ROOT / "tests" / "producers"
DOCS = sorted(d.name for d in FIXTURES.iterdir() if (d / "grid.json").exists()
              and json.loads((d / "grid.json").read_text(encoding="utf-8")).get("corpus") == locales.CORPUS)
SOURCES = ("pdfium", "pdfplumber")
CASES = [(source, doc) for source in SOURCES for doc in DOCS]
PRINTS = [LOCALES, *(corpus_dir(PRODUCED, p.name, s.name) for p in PRODUCERS.values() for s in p.styles)]


@pytest.fixture(scope="session")
def locale_frames(tmp_path_factory):
    """source -> the frames of the real pipeline (process pool) over tests/locales."""
    frames = {}

    def get(source: str):
        if source not in frames:
            out = tmp_path_factory.mktemp(f"locales-{source}") / "processed"
            extract_corpus(LOCALES, out, ExtractSettings(jobs=2, progress=False, source=source))
            frames[source] = read_tables(out)
        return frames[source]

    return get


def test_the_locales_corpus_is_the_scripts_output_and_complete():
    assert DOCS == list(locales.DOCS)
    assert locales.main(["--check"]) == 0, "run `python -m fixtures locales`"
    assert sorted(p.stem for p in LOCALES.glob("*.pdf")) == DOCS, "run `python -m fixtures --only 0NN`"


@pytest.mark.parametrize("source, doc", CASES)
def test_locale_activities_match_expected(locale_frames, source, doc):
    assert_same(*compare_activities(locale_frames(source), f"{doc}.pdf", doc))


@pytest.mark.parametrize("source, doc", CASES)
def test_locale_values_match_expected(locale_frames, source, doc):
    assert_same(*compare_values(locale_frames(source), f"{doc}.pdf", doc))


@pytest.mark.parametrize("doc", DOCS)
def test_locale_documents_are_read_whole_on_their_pages(locale_frames, doc):
    """Generic family, the plan year from the title, nothing quarantined, and every
    activity on the pages it is printed on (008's row 17 breaks over pages 2-3)."""
    frames = locale_frames("pdfium")
    document = doc_rows(frames, f"{doc}.pdf", "documents")
    assert document[["family", "status", "plan_year"]].values.tolist() == [["generic_monthly", "ok", 2025]]
    assert doc_rows(frames, f"{doc}.pdf", "quarantine").empty
    want = {int(r["row_id"]): (int(r["page_first"]), int(r["page_last"])) for r in expected(doc, "activities")}
    got = {int(r["row"]): (int(r["page_first"]), int(r["page_last"]))
           for r in doc_rows(frames, f"{doc}.pdf", "activities").to_dict("records")}
    assert got == want


@pytest.mark.parametrize("doc", DOCS)
def test_every_print_reads_its_numbers_in_the_documents_locale(doc):
    """However it is printed, a document's locale is decided by its own numbers (its
    grid's ``number_locale``): "12.500" is 12500 in Bogotá, "1,250.5" 1250.5 in Mexico."""
    want = json.loads((FIXTURES / doc / "grid.json").read_text(encoding="utf-8"))["number_locale"]
    for folder in PRINTS:
        path = folder / f"{doc}.pdf"
        parsed = read_document(path, get_source("pdfium"), TableSettings.resolve(None))
        family = classify(parsed)
        assert family is not None and family.name == "generic_monthly", path
        decision = family().extract(parsed).number_locale
        assert (decision.locale.name, decision.basis, decision.doubtful) == (want, "numbers", False), \
            f"{path}: {decision.note}"
