"""A zoo of 72 real PDFs from camelot's test suite (tests/external/), extracted in one batch.

One run of the real command line (``python -m pipeline extract``, a 30 s / 1 GiB limit
per document) over the whole folder, as a new user would run it on a download folder: government reports, statistical bulletins, spreadsheets,
rotated and scanned pages, a blank page, a password-protected file, two pairs of
byte-identical files. None of them is a plan: every file must get its documents row
with the status expected below and its page count, a one-line message naming it
where the status is not ``ok``; the run exits with 1 (the protected file failed),
never a traceback, and writes the report. The summary's seconds per document are
printed and checked against the time limit.

One worker process (``--jobs 1``): every file still goes through the pool, its limits and
its timing; a second worker would only add its start-up (about 1.5 s of CPU) on a machine
whose cores the other test processes keep busy. Several workers sharing a batch are the
session fixtures' (tests/conftest.py).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from conftest import ROOT
from pipeline.io import read_tables

ZOO = ROOT / "tests" / "external"
TIMEOUT = 30.0  # seconds per document: ~100x the slowest file (about 0.3 s here)

# Pages of each file as PDFium counts them (None: never opened).
PAGES = {
    "agstat.pdf": 1, "anticlockwise_table_1.pdf": 1, "anticlockwise_table_2.pdf": 1, "assam.pdf": 1,
    "background_lines_1.pdf": 1, "background_lines_2.pdf": 1, "birdisland.pdf": 2, "budget.pdf": 1,
    "clockwise_table_1.pdf": 1, "clockwise_table_2.pdf": 1, "column_span_1.pdf": 1, "column_span_2.pdf": 1,
    "detect_vertical_false.pdf": 1, "diesel_engines.pdf": 23, "district_health.pdf": 1, "edge_tol.pdf": 1,
    "electoral_roll.pdf": 1, "empty.pdf": 1, "foo.pdf": 1, "good_energy.pdf": 2, "health.pdf": 1,
    "health_protected.pdf": None, "hybrid_multipage.pdf": 2, "image.pdf": 1, "issue_288.pdf": 1,
    "medicine.pdf": 1, "mexican_towns.pdf": 1, "missing_values.pdf": 1, "multiple_tables.pdf": 1,
    "only_page_number.pdf": 1, "population_growth.pdf": 1, "rainfall_distribution.pdf": 1,
    "row_span_1.pdf": 1, "row_span_2.pdf": 1, "row_span_3.pdf": 1, "split_text_lattice.pdf": 1,
    "stream_inner_outer_columns.pdf": 1, "superscript.pdf": 1, "table_region.pdf": 1, "tableception.pdf": 1,
    "tabula_12s0324.pdf": 1, "tabula_20.pdf": 1, "tabula_arabic.pdf": 1,
    "tabula_argentina_diputados_voting_record.pdf": 1, "tabula_campaign_donors.pdf": 1,
    "tabula_china.pdf": 1, "tabula_eu-002.pdf": 2, "tabula_eu-017.pdf": 3, "tabula_failing_sort.pdf": 1,
    "tabula_frx_2012_disclosure.pdf": 1, "tabula_indictb1h_14.pdf": 1, "tabula_labor.pdf": 1,
    "tabula_m27.pdf": 2, "tabula_mednine.pdf": 4, "tabula_offense.pdf": 1, "tabula_puertos1.pdf": 1,
    "tabula_rotated_page.pdf": 1, "tabula_schools.pdf": 5, "tabula_should_detect_rulings.pdf": 1,
    "tabula_sort_exception.pdf": 1, "tabula_spanning_cells.pdf": 1,
    "tabula_spreadsheet_no_bounding_frame.pdf": 1, "tabula_sydney_disclosure_contract.pdf": 2,
    "tabula_twotables.pdf": 1, "tabula_us-007.pdf": 2, "tabula_us-017.pdf": 4, "tabula_us-024.pdf": 2,
    "twotables_1.pdf": 1, "twotables_2.pdf": 1, "vertical_header.pdf": 5,
    # the second file of each byte-identical pair: not opened (see DUPLICATES)
    "budget_2014-15.pdf": None, "tabula_S2MNCEbirdisland.pdf": None,
}

# The files whose status is not no_tables: file -> (statuses accepted, text its message must contain).
# None of the 72 prints a table whose header holds months, so no file is generic_monthly.
EXPECTED = {
    "health_protected.pdf": ({"failed"}, "encrypted, password required"),
    "image.pdf": ({"needs_ocr"}, "no text layer on page"),  # a scanned page: one image, no text
    # A page that draws nothing at all (no text, no image, no path): nothing for OCR to read.
    "empty.pdf": ({"no_tables"}, "page 1 is blank (draws nothing)"),
}
# Byte-identical pairs (copy -> the earlier file in path order): the copy gets its own row with
# status `duplicate` and a message naming the file holding its data. Before the status existed,
# a batch holding them crashed (pandas InvalidIndexError in pipeline/checks.py).
DUPLICATES = {"budget_2014-15.pdf": "budget.pdf", "tabula_S2MNCEbirdisland.pdf": "birdisland.pdf"}
NO_TABLES = "no known plan layout recognised"


@pytest.fixture(scope="module")
def zoo_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("zoo") / "processed"
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline", "extract", str(ZOO), "--out", str(out), "--jobs", "1", "--quiet",
         "--timeout", f"{TIMEOUT:g}", "--max-memory", "1G"],
        cwd=ROOT, capture_output=True, text=True, timeout=600)
    print(f"\n[zoo] exit code {proc.returncode}\n{proc.stdout}\n{proc.stderr}")
    return proc, out


@pytest.fixture(scope="module")
def zoo_docs(zoo_run):
    proc, out = zoo_run
    assert (out / "documents.parquet").is_file(), f"nothing written (exit code {proc.returncode}):\n{proc.stderr}"
    return read_tables(out)["documents"].set_index("source_path")


def summary_rows(stdout: str) -> dict[str, dict]:
    """The per-document rows of the run summary (name clipped to 40 characters), read by
    the fixed-width columns of its header: status (10 wide, left-aligned), pages and
    seconds (as wide as their titles, right-aligned)."""
    lines = stdout.splitlines()
    head = next(i for i, line in enumerate(lines) if line.startswith("document "))
    header = lines[head]
    widths = {"status": 10, "pages": 5, "seconds": 7}
    rows = {}
    for line in lines[head + 1:]:
        if line.startswith("total: "):
            break
        rows[line[:40].rstrip()] = {name: line[header.index(name):header.index(name) + width].strip()
                                    for name, width in widths.items()}
    return rows


def test_zoo_is_every_pdf_of_the_folder():
    assert sorted(p.name for p in ZOO.glob("*.pdf")) == sorted(PAGES) and len(PAGES) == 72


def test_zoo_run_exits_1_without_a_traceback_and_writes_the_report(zoo_run):
    proc, out = zoo_run
    assert "Traceback" not in proc.stderr + proc.stdout, proc.stderr
    assert proc.returncode == 1, proc.stderr  # the password-protected file failed; nothing else went wrong
    assert (out / "report.html").is_file()
    assert f"report: {out / 'report.html'}" in proc.stdout


def test_zoo_every_file_gets_one_documents_row(zoo_docs):
    assert sorted(zoo_docs.index) == sorted(PAGES)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_zoo_file_status_pages_and_one_line_message(zoo_docs, name):
    row = zoo_docs.loc[name]
    message = row["message"]
    if name in DUPLICATES:
        assert row["status"] == "duplicate", message
        assert message.startswith(f"{name}: ") and DUPLICATES[name] in message, message
    elif name in EXPECTED:
        statuses, text = EXPECTED[name]
        assert row["status"] in statuses, message
        assert message.startswith(f"{name}: ") and text in message, message
    else:
        assert row["status"] == "no_tables", message
        assert message == f"{name}: {NO_TABLES}"
    assert "\n" not in message
    pages = None if pd.isna(row["n_pages"]) else int(row["n_pages"])
    assert pages == PAGES[name]


def test_zoo_no_file_comes_near_the_time_limit(zoo_run, zoo_docs):
    proc, _ = zoo_run
    rows = summary_rows(proc.stdout)
    assert sorted(rows) == sorted(name[:40] for name in PAGES)
    timed = {name: float(r["seconds"]) for name, r in rows.items() if r["seconds"]}
    # Every extracted file was timed by the pool (a duplicate is not extracted: no seconds).
    assert len(timed) == len(PAGES) - len(DUPLICATES)
    slowest = max(timed, key=timed.get)
    print(f"\n[zoo] {len(timed)} files timed, {sum(timed.values()):.1f} s in all; slowest {slowest} "
          f"{timed[slowest]:.2f} s; statuses {zoo_docs['status'].value_counts().to_dict()}")
    assert timed[slowest] < TIMEOUT / 2, (slowest, timed[slowest])
    for name, r in rows.items():  # the summary agrees with documents.parquet
        doc = zoo_docs.loc[next(n for n in PAGES if n[:40] == name)]
        assert r["status"] == doc["status"]
        assert r["pages"] == ("" if pd.isna(doc["n_pages"]) else str(int(doc["n_pages"])))
