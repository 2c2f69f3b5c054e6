"""Golden tests on the same plans printed by other producers.

``tests/producers/<producer>-<style>/`` holds every grid of ``tests/fixtures`` printed
through a real producer other than reportlab (``python -m fixtures producers``): a
browser's print-to-PDF of an HTML rendering with borders, with spelled-out capital
months, and with cell fills and zebra rows but no borders (Chromium); a spreadsheet
fit to the page width and a word-processor table (LibreOffice); a typeset report
(Typst). Each corpus is extracted by the real pipeline, and every document must give
100% of its expected activities and values with nothing extra, the same expected data
as the reportlab render. The reference text source (pdfplumber) is held to the same
data by tests/test_sources_agree.py, which extracts every one of these prints from both
sources and finds the same rows: pdfminer reads each print once there, not again here. The browser-printed versions
must also reconcile with their base documents as well as the reportlab ones do.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import linkage
from conftest import ROOT, copy_output
from fixtures.producers import PRODUCERS, corpus_dir
from golden import FIXTURES, assert_same, compare_activities, compare_values
from pipeline.config import ExtractSettings
from pipeline.crosswalk import reconcile_output
from pipeline.io import LINK_TABLES, TABLES, read_tables
from pipeline.run import extract_corpus

PRODUCED = ROOT / "tests" / "producers"
CORPORA = [corpus_dir(PRODUCED, p.name, s.name).name for p in PRODUCERS.values() for s in p.styles]
DOCS = sorted(d.name for d in FIXTURES.iterdir() if (d / "grid.json").exists())
SOURCES = ("pdfium",)  # pdfplumber: tests/test_sources_agree.py
CASES = [(source, corpus, doc) for source in SOURCES for corpus in CORPORA for doc in DOCS]
VERSIONS = ("005_mtps_pat_2023", "006_ceplan_poi_2024_v1", "007_ceplan_poi_2024_nocodes")


@pytest.fixture(scope="session")
def producer_outputs(tmp_path_factory):
    """(source, corpus) -> output folder of the real pipeline over that corpus's PDFs,
    extracted on first use. One worker process per corpus: a second would only add its
    start-up (about 1.5 s of CPU, seven times) on cores the other tests keep busy."""
    outputs: dict[tuple[str, str], Path] = {}

    def get(source: str, corpus: str) -> Path:
        if (source, corpus) not in outputs:
            out = tmp_path_factory.mktemp(f"{corpus}-{source}")
            extract_corpus(PRODUCED / corpus, out / "processed",
                           ExtractSettings(jobs=1, progress=False, source=source))
            outputs[source, corpus] = out / "processed"
        return outputs[source, corpus]

    return get


@pytest.fixture(scope="session")
def producer_frames(producer_outputs):
    frames: dict[tuple[str, str], dict[str, pd.DataFrame]] = {}

    def get(source: str, corpus: str) -> dict[str, pd.DataFrame]:
        if (source, corpus) not in frames:
            frames[source, corpus] = read_tables(producer_outputs(source, corpus))
        return frames[source, corpus]

    return get


def test_every_producer_printed_every_document():
    """The committed corpus is complete: a missing render is a failure, not a skip."""
    for corpus in CORPORA:
        folder = PRODUCED / corpus
        assert folder.is_dir(), f"{folder} missing: run `make fixtures`"
        assert sorted(p.stem for p in folder.glob("*.pdf")) == DOCS, corpus


def test_committed_corpus_stays_small():
    size = sum(p.stat().st_size for p in PRODUCED.rglob("*.pdf"))
    assert size < 40 * 2**20, f"tests/producers holds {size / 2**20:.1f} MB of PDFs"


@pytest.mark.parametrize("source, corpus, doc", CASES)
def test_producer_activities_match_expected(producer_frames, source, corpus, doc):
    assert_same(*compare_activities(producer_frames(source, corpus), f"{doc}.pdf", doc))


@pytest.mark.parametrize("source, corpus, doc", CASES)
def test_producer_values_match_expected(producer_frames, source, corpus, doc):
    assert_same(*compare_values(producer_frames(source, corpus), f"{doc}.pdf", doc))


def _quarantine_counts(frames: dict[str, pd.DataFrame]) -> dict[tuple[str, str], int]:
    rows = frames["quarantine"].merge(frames["documents"][["doc_id", "source_path"]], on="doc_id")
    return rows.groupby(["source_path", "reason"]).size().to_dict()


@pytest.mark.parametrize("corpus", CORPORA)
def test_producer_documents_are_read_whole(producer_frames, corpus_out, corpus):
    """Every document of a producer's corpus is read, and its quarantine holds what
    the reportlab print's holds, reason by reason (000's values under an unlabelled
    column, CEPLAN's printed totals): nothing more is lost on another producer."""
    frames = producer_frames("pdfium", corpus)
    statuses = frames["documents"].set_index("source_path")["status"].to_dict()
    assert set(statuses.values()) <= {"ok", "partial"}, statuses
    assert _quarantine_counts(frames) == _quarantine_counts(read_tables(corpus_out))


@pytest.mark.parametrize("corpus", CORPORA)
def test_producer_versions_reconcile_with_their_base(producer_outputs, corpus, tmp_path):
    """Cross-version reconciliation on another producer's prints links as well as on
    the reportlab ones (it linked nothing when browser prints glued words)."""
    out = copy_output(producer_outputs("pdfium", corpus), tmp_path / "processed")
    reconcile_output(out, tmp_path / "reference")
    frames = read_tables(out, TABLES + LINK_TABLES)
    scores = [linkage.activity_score(frames, v) for v in VERSIONS]
    total = linkage.Score.total(f"{corpus} activities, all versions", scores)
    units = linkage.Score.total(f"{corpus} units", [linkage.unit_score(frames, v) for v in VERSIONS])
    print(total.figure())
    print(units.figure())
    assert total.gold > 100
    assert total.precision >= 0.98 and total.recall >= 0.95, total.figure()
    assert units.precision >= 0.98 and units.recall >= 0.95, units.figure()
