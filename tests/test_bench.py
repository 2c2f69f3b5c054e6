"""Smoke test of pipeline.bench: the measurement runs and is well formed.

Only structure is asserted, never speed: wall-clock timings depend on the machine
and its load (see the pipeline.bench docstring).
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

from pipeline.bench import DOCUMENTS, SAMPLE, format_table, measure, methods, sample_pages

RAW = Path(__file__).resolve().parent.parent / "data" / "raw"


@pytest.fixture(scope="module")
def two_pages(tmp_path_factory) -> Path:
    """The first two pages of the smallest sample PDF, as a PDF of its own.

    Two pages make the whole document and the page sample the same pages, so the
    full-path rows and the sampled rows must count alike.
    """
    pdfs = sorted(RAW.glob("*.pdf"), key=lambda p: p.stat().st_size)
    if not pdfs:
        pytest.skip(f"no sample PDFs in {RAW} (make fixtures)")
    src = pdfium.PdfDocument(str(pdfs[0]))
    out = pdfium.PdfDocument.new()
    try:
        out.import_pages(src, list(range(min(2, len(src)))))
        path = tmp_path_factory.mktemp("bench") / "two_pages.pdf"
        out.save(str(path))
    finally:
        out.close()
        src.close()
    return path


def test_sample_is_deterministic_and_spread():
    counts = {Path("a.pdf"): 10, Path("b.pdf"): 30}
    first = sample_pages(counts, 8)
    assert first == sample_pages(counts, 8)
    assert sum(len(v) for v in first.values()) == 8
    assert set(first) == set(counts)  # spread over both documents
    assert all(1 <= n <= counts[p] for p, numbers in first.items() for n in numbers)
    assert sum(len(v) for v in sample_pages(counts, 0).values()) == 40  # 0 = every page


def test_measure_structure(two_pages):
    pdf = pdfium.PdfDocument(str(two_pages))
    counts = {two_pages: len(pdf)}
    pdf.close()
    selection = sample_pages(counts, 0)
    results = measure(selection, counts, repeat=1, warmup=False, log=lambda _msg: None)

    expected = [name for name, _scope, _run in methods(counts)]
    assert [t.method for t in results] == expected  # every method, camelot included
    assert any("camelot lattice" in t.method for t in results)
    assert any("camelot stream" in t.method for t in results)
    assert {t.scope for t in results} == {DOCUMENTS, SAMPLE}
    for t in results:
        assert not t.errors, (t.method, t.errors)
        assert t.pages == counts[two_pages], t.method  # same pages for every method
        assert t.seconds > 0 and t.pages_per_s > 0 and t.s_per_page > 0, t.method
    table = format_table(results)
    assert all(name in table for name in expected)


def test_reconcile_bench_grows_the_corpus_and_links_the_copies(tmp_path, capsys):
    from pipeline import bench_reconcile

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "004.pdf").symlink_to(RAW / "004_cad7ca5c0a475a2d.pdf")
    assert bench_reconcile.main([str(folder), "--copies", "3"]) == 0
    out = capsys.readouterr().out
    assert "corpus: 3 documents, 72 activities" in out
    # every copy is the same report a year later: its 24 AOI keep their codes and ids
    assert "-> 24 activity ids" in out
    assert "x the baseline's speed" in out


def test_swap_letters_makes_one_typo():
    from pipeline.bench_reconcile import swap_letters

    assert swap_letters("GESTION", 0) == "GSETION"
    assert sorted(swap_letters("GESTION", 3)) == sorted("GESTION")
    assert swap_letters(None, 1) is None


def test_worker_rss_is_measured_in_a_fresh_process(two_pages):
    from pipeline.bench import worker_peak_rss_mb

    rss = worker_peak_rss_mb([two_pages])
    assert 20 < rss < 2000  # a real process's peak, in MB


def test_targets_are_reported_against_the_baselines_of_the_same_run():
    from pipeline.bench import REFERENCE, Timing, targets_report

    results = [Timing(REFERENCE, DOCUMENTS, pages=100, seconds=1.0),
               Timing("camelot stream", SAMPLE, pages=100, seconds=2.0),
               Timing("pdfplumber extract_tables", SAMPLE, pages=100, seconds=12.0)]
    lines = targets_report(results, worker_rss=250.0)
    assert lines == ["target: ours >= 3x camelot stream: 2.00x  NOT MET",
                     "target: ours >= 10x pdfplumber extract_tables: 12.00x  met",
                     "target: worker peak RSS <= 300 MB: 250 MB  met"]


def test_ocr_time_is_reported_as_measured_and_as_the_same_runs_baselines_put_it_on_the_guides_machine():
    from pipeline.bench import REFERENCE, Timing, ocr_report

    results = [Timing(REFERENCE, DOCUMENTS, pages=100, seconds=1.0),
               Timing("camelot stream", SAMPLE, pages=40, seconds=5.5),  # 0.1375 s/page: 2.5x the guide's
               Timing("pdfplumber extract_tables", SAMPLE, pages=40, seconds=8.0)]  # 0.2 s/page: 2x
    assert ocr_report(2.75, results) == [
        "target: OCR <= 1.5 s/page on this machine: 2.75 s  NOT MET",
        "target: OCR <= 1.5 s/page where camelot stream reads a page in 0.055 s: 20.0x its 0.1375 s here, "
        "so 1.10 s  met",
        "target: OCR <= 1.5 s/page where pdfplumber extract_tables reads a page in 0.1 s: 13.8x its 0.2000 s "
        "here, so 1.38 s  met"]
    # A baseline that did not run (or read nothing) scales nothing.
    assert ocr_report(1.2, results[:1]) == ["target: OCR <= 1.5 s/page on this machine: 1.20 s  met"]
