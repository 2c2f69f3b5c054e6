"""Fuzzing: 324 mutants of four small samples through the real pipeline, with intact files.

The mutants (tests/fuzz.py: seed 11, 36 of each of the nine kinds, byte-identical from
run to run) go through ``extract_corpus`` in eight batches of about 40, each with two
intact samples, one worker process and a 10 s / 1 GiB limit per document (what a mutant
does to a worker, a crash or a stop, is the same in a pool of one: a second worker would
only cost each batch one more process start-up). Every mutant must get a documents row
with a known status and, when it is not ``ok``, a one-line message naming it; no run may
raise, no document may outlast the limit, every row a mutant's tables held must be in the
output or in quarantine, and the intact samples must come out exactly as their golden
data. A failure names the mutant, its mutation and the command that writes it again.

The regression tests at the end are the faults the fuzzing found, one each, on a
mutant made by hand the way the fuzzer made it.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path

import pytest

import fuzz
from golden import assert_same, compare_activities, compare_values
from pipeline.config import ExtractSettings
from pipeline.inspect import page_to_report, read_for_inspection, render_text
from pipeline.tidy import outcomes_to_frames
from pipeline.worker import extract_file

N_MUTANTS = 36 * len(fuzz.KINDS)  # 324
BATCH = 41  # 8 batches
# sha256 over the mutants' names and bytes in order: the same seed makes the same mutants.
DIGEST = "d84b390056f675709f90af03b9d80a85dc927523298ef8ebf2d1fe621f4d9cf8"


@pytest.fixture(scope="module")
def mutants():
    return fuzz.make_mutants(N_MUTANTS, fuzz.SEED)


@pytest.fixture(scope="module")
def fuzz_results(mutants, tmp_path_factory):
    work = tmp_path_factory.mktemp("fuzz")
    results = [fuzz.run_batch(group, intact, work / f"b{b}", jobs=1)
               for b, (group, intact) in enumerate(fuzz.batches(mutants, BATCH))]
    seconds = sum(r.seconds for r in results)
    slowest = max((o.seconds or 0.0, name) for r in results for name, o in r.outcomes.items())
    print(f"\n[fuzz] {len(mutants)} mutants in {len(results)} batches, {seconds:.1f} s; slowest document "
          f"{slowest[1]} {slowest[0]:.2f} s\n{fuzz.format_statuses(fuzz.statuses_by_kind(results))}")
    return results


def _digest(mutants) -> str:
    digest = hashlib.sha256()
    for m in mutants:
        digest.update(m.name.encode() + b"\0" + m.data)
    return digest.hexdigest()


def test_mutants_are_the_same_for_the_same_seed(mutants):
    again = fuzz.make_mutants(N_MUTANTS, fuzz.SEED)
    assert [(m.name, m.data) for m in again] == [(m.name, m.data) for m in mutants]
    assert _digest(mutants) == DIGEST
    assert fuzz.make_mutants(9, fuzz.SEED + 1)[0].data != mutants[0].data


def test_mutants_cover_every_kind_and_sample_and_are_all_different(mutants):
    assert Counter(m.kind for m in mutants) == {kind: 36 for kind in fuzz.KINDS}
    assert set(m.sample for m in mutants) == set(fuzz.SAMPLES)
    originals = {(fuzz.RAW / f"{s}.pdf").read_bytes() for s in fuzz.SAMPLES}
    assert len({m.data for m in mutants} | originals) == len(mutants) + len(originals)


@pytest.mark.parametrize("sample", fuzz.SAMPLES)
def test_the_mutator_writes_an_untouched_sample_back_byte_for_byte(sample):
    data = (fuzz.RAW / f"{sample}.pdf").read_bytes()
    assert fuzz.RawPdf.parse(data).to_bytes() == data


@pytest.mark.parametrize("batch", range(-(-N_MUTANTS // BATCH)))
def test_fuzz_batch_every_mutant_gets_a_status_and_the_intact_files_their_golden_data(fuzz_results, batch):
    result = fuzz_results[batch]
    assert fuzz.check_batch(result) == []


def test_fuzz_every_mutant_got_a_status(fuzz_results, mutants):
    table = fuzz.statuses_by_kind(fuzz_results)
    assert sum(sum(c.values()) for c in table.values()) == len(mutants)
    # Each kind breaks something somewhere: no kind is read as intact every time (else the
    # mutator would not be testing anything), except the ones the reader takes in its stride.
    assert all(table[kind]["ok"] < 36 for kind in ("truncate", "flip-content", "flip-decoded", "delete-object",
                                                   "page-loop", "huge-count"))


# ------------------------------------------------- regressions: what the fuzzing found


SETTINGS = ExtractSettings(jobs=1, progress=False)
CEPLAN = "004_cad7ca5c0a475a2d"  # 2 pages, the activity table over both
ISSS = "002_5e65348469c072e6"  # 16 pages, tables on pages 5 to 9


def _extract(tmp_path: Path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return extract_file(path, name, SETTINGS)


def _pdf(sample: str) -> fuzz.RawPdf:
    return fuzz.RawPdf.parse((fuzz.RAW / f"{sample}.pdf").read_bytes())


def _assert_golden(outcome, name: str, sample: str) -> None:
    frames = outcomes_to_frames([outcome])
    assert_same(*compare_activities(frames, name, sample))
    assert_same(*compare_values(frames, name, sample))


def test_page_tree_counting_more_pages_than_it_holds_fails_naming_the_page(tmp_path):
    # Was: "x.pdf: PdfiumError: Failed to load page." with no page and no page count.
    pdf = _pdf(ISSS)
    pdf.set_kids(pdf.pages_root, pdf.pages(), count=100_000)
    outcome = _extract(tmp_path, "huge-count.pdf", pdf.to_bytes())
    doc = outcome.document
    assert doc["status"] == "failed" and doc["n_pages"] == 100_000
    assert doc["message"] == ("huge-count.pdf: page 17 of 100000 cannot be loaded (PdfiumError: Failed to load "
                              "page.): the page tree lists a page the file does not hold")


def test_page_object_gone_fails_naming_the_page(tmp_path):
    pdf = _pdf(ISSS)
    del pdf.objects[pdf.pages()[5]]  # page 6 (its /Kids entry now resolves to null)
    doc = _extract(tmp_path, "page-gone.pdf", pdf.to_bytes()).document
    assert doc["status"] == "failed" and doc["n_pages"] == 16
    assert doc["message"].startswith("page-gone.pdf: page 6 of 16 cannot be loaded (PdfiumError: ")


def test_page_listed_twice_in_the_page_tree_is_read_once(tmp_path):
    # Was: status ok with the table page's 24 activities and 622 values twice over.
    pdf = _pdf(CEPLAN)
    page = pdf.pages()[1]
    pdf.set_kids(pdf.pages_root, pdf.pages() + [page], count=3)
    outcome = _extract(tmp_path, "page-twice.pdf", pdf.to_bytes())
    assert outcome.document["status"] == "ok" and outcome.document["n_pages"] == 3
    assert outcome.document["message"] == "page-twice.pdf: page 3 repeats page 2 exactly (same text and drawing): read once"
    _assert_golden(outcome, "page-twice.pdf", CEPLAN)
    # inspect says so on that page
    report = page_to_report(read_for_inspection(tmp_path / "page-twice.pdf", page=3), 3)
    assert report.repeats == 2 and report.tables == ()
    assert "this page repeats page 2 exactly" in render_text(report)


def test_page_tree_looping_back_to_its_root_reads_each_page_once(tmp_path):
    # The last page under a new /Pages node whose kids are that page and the root: PDFium
    # walks the root again and sees a third page, the first one again. Was: status ok
    # with the first page's rows twice (36 activities of 24).
    pdf = _pdf(CEPLAN)
    root, pages = pdf.pages_root, pdf.pages()
    node = max(pdf.objects) + 1
    pdf.objects[node] = b"<< /Type /Pages /Parent %d 0 R /Kids [ %d 0 R %d 0 R ] /Count 2 >>" % (root, pages[1], root)
    pdf.set_kids(root, [pages[0], node], count=3)
    outcome = _extract(tmp_path, "loop.pdf", pdf.to_bytes())
    doc = outcome.document
    assert doc["status"] == "ok" and doc["n_pages"] == 3
    assert doc["message"] == "loop.pdf: page 3 repeats page 1 exactly (same text and drawing): read once"
    _assert_golden(outcome, "loop.pdf", CEPLAN)


def test_page_whose_content_is_gone_is_named_among_pages_with_text(tmp_path):
    # Was: status ok, no message, and 22 of the 24 activities missing. The page is named; and
    # since round 26 the 22 rows printed on page 2, continuing page 1's lost table with no
    # header, are in quarantine (as wide as the table read on page 2, numbers under its value
    # columns: extractors/base.py, rows_of_a_read_width), no longer dropped without a word.
    pdf = _pdf(CEPLAN)
    del pdf.objects[pdf.contents(pdf.pages()[0])]
    outcome = _extract(tmp_path, "content-gone.pdf", pdf.to_bytes())
    doc = outcome.document
    assert doc["status"] == "partial"
    assert doc["message"] == (
        "content-gone.pdf: 22 row(s) quarantined (table_columns_unread); see quarantine.parquet; the columns of a "
        "table on page 2 were not recognised: its 22 row(s) are in quarantine (table_columns_unread); no text on "
        "page 1 (blank, scanned or damaged?): nothing read there")
    unread = [q for q in outcome.quarantine if q["reason"] == "table_columns_unread"]
    assert len(unread) == 22 and {q["page"] for q in unread} == {2}
    assert len(outcome.activities) == 1 and outcome.activities[0]["code"].startswith("AOI00106600143")


@pytest.mark.parametrize("before", [None, b"%PDF-1.4\n1 0 obj garbage\n%%EOF\n"], ids=["fresh", "after-a-corrupt-file"])
def test_page_tree_root_gone_is_named_not_pdfium_success(tmp_path, before):
    # Was: "cannot open as PDF (Failed to load document (PDFium: Success).)"; and after a
    # corrupt file in the same worker, PDFium's stale "Data format error" (found under xdist).
    if before is not None:
        assert _extract(tmp_path, "corrupt.pdf", before).document["status"] == "failed"
    pdf = _pdf(CEPLAN)
    del pdf.objects[pdf.pages_root]
    doc = _extract(tmp_path, "no-pages.pdf", pdf.to_bytes()).document
    assert doc["status"] == "failed" and doc["n_pages"] is None
    assert doc["message"] == ("no-pages.pdf: cannot open as PDF (no page tree found: the document catalog or its "
                              "/Pages is missing)")
