"""``python -m pipeline inspect``: one page's tables, values and quarantine, and its PNG, on real PDFs."""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys

import pytest
from PIL import Image

from conftest import CEPLAN_2024, FIXTURES, MTPS_2022, RAW, ROOT
from pipeline.inspect import ACTIVITY, OTHER, QUARANTINED, VALUE, page_to_report, read_for_inspection
from synthetic import plan_grid, render, table_block

MTPS_PDF = RAW / f"{MTPS_2022}.pdf"
PAGE = 20  # MTPS 2022, Unidad de Género: rows 17-19 whole on the page, row 20 continues on page 21
QUARANTINE_PAGE = 49  # MTPS 2022: a "9%" printed under the unlabelled 13th column
VALUE_LINE = re.compile(r"^\s+row\s+(\d+)\s+(\w+)\s+(\S+)\s+'([^']*)' -> (\S+)", re.M)


def _inspect(*args, cwd=ROOT):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}  # this checkout's pipeline, whatever the cwd
    return subprocess.run([sys.executable, "-m", "pipeline", "inspect", *map(str, args)],
                          cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def _fixture(table: str) -> list[dict]:
    with open(FIXTURES / MTPS_2022 / f"{table}.csv", newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _pixels(path, role: str) -> int:
    """Pixels clearly of the role's hue (the drawn fill or stroke; page content is black/white/grey)."""
    def hue(r, g, b):
        return {"green": g - max(r, b), "blue": b - max(r, g), "red": r - max(g, b)}[role]
    image = Image.open(path).convert("RGB")
    return sum(n for n, rgb in image.getcolors(maxcolors=1 << 24) if hue(*rgb) > 25)


@pytest.fixture(scope="module")
def page20(tmp_path_factory):
    png = tmp_path_factory.mktemp("inspect") / "p20.png"
    proc = _inspect(MTPS_PDF, "--page", PAGE, "--full", "--png", png)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout, png


def test_prints_family_and_each_table_with_its_role(page20):
    out, _ = page20
    assert "family: sv_mtps_pat" in out
    assert "tables on this page: 2" in out
    assert re.search(r"^table 0: box \(30\.0, 30\.0, 762\.0, \d+\.\d\), 3 rows x 3 cols, not an activity table$",
                     out, re.M)
    assert re.search(r"^table 1: box .*, 6 rows x 17 cols, activity table$", out, re.M)


def test_grid_rows_hold_the_printed_cell_texts(page20):
    out, _ = page20
    header = next(line for line in out.splitlines() if "Actividad" in line and "Ene" in line)
    cells = [c.strip() for c in header.split("|")]
    assert cells[1:] == ["Línea Estratégica/Proceso", "Actividad", "Resultado Esperado", "Medio de Verificación",
                         "Responsable", "Ene", "Feb", "Mar", "Abr", "May", "Jun", "Jul", "Ago", "Sep", "Oct",
                         "Nov", "Dic"]
    assert "Código: PAT-OCD-03" in out  # the running header table, in full with --full


def test_values_of_the_page_match_the_expected_data(page20):
    out, _ = page20
    printed = {(int(r), m, p, raw): float(v) for r, m, p, raw, v in VALUE_LINE.findall(out)}
    assert f"values read from this page: {len(printed)}" in out
    # Expected activities printed whole on this page (a row split by the page break is not).
    rows = {int(a["row_id"]) for a in _fixture("activities") if a["activity"] and a["activity"] in out}
    assert rows == {17, 18, 19}
    expected = {(int(v["row_id"]), v["measure"], v["period"], v["raw"]): float(v["value"])
                for v in _fixture("values") if int(v["row_id"]) in rows}
    assert len(expected) == 12 + 6 + 8
    assert {k: printed.get(k) for k in expected} == expected
    # Each value names the grid cell it was read from.
    assert re.search(r"row\s+17\s+planned\s+2022-01\s+'5%' -> 5\.0\s+\[table 1 r2 c5\]", out)


def test_png_is_the_page_with_value_cells_in_green(page20):
    _, png = page20
    with Image.open(png) as image:
        assert image.format == "PNG"
        width, height = image.size
    assert width == pytest.approx(792 * 100 / 72, abs=2)  # default resolution 100 dpi
    assert width / height == pytest.approx(792 / 612, rel=0.01)
    assert _pixels(png, "green") > 0
    assert _pixels(png, "blue") > 0
    assert _pixels(png, "red") == 0  # nothing quarantined on this page


def test_png_path_is_printed_and_defaults_to_the_cwd(tmp_path):
    # The 2-page CEPLAN report: the default name is the file's and the page's, whatever the
    # page holds, and inspect reads MTPS 2022 (103 pages) whole to show one of its pages.
    proc = _inspect(RAW / f"{CEPLAN_2024}.pdf", "--page", 2, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    png = tmp_path / f"inspect-{CEPLAN_2024}-p2.png"
    assert png.is_file()
    assert f"PNG: inspect-{CEPLAN_2024}-p2.png" in proc.stdout


def test_cells_are_clipped_unless_full(tmp_path):
    proc = _inspect(MTPS_PDF, "--page", PAGE, "--width", 8, "--no-png", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "Código:…" in proc.stdout and "Código: PAT-OCD-03" not in proc.stdout
    assert list(tmp_path.iterdir()) == []  # --no-png


def test_quarantined_cell_is_listed_and_drawn_in_red(tmp_path):
    png = tmp_path / "q.png"
    proc = _inspect(MTPS_PDF, "--page", QUARANTINE_PAGE, "--png", png)
    assert proc.returncode == 0, proc.stderr
    assert "quarantined on this page: 1" in proc.stdout
    assert ("value_under_unlabelled_column: 'Recepción y tramite de contratos individuales de trabajo' | '9%'"
            in proc.stdout)
    assert _pixels(png, "red") > 0


def test_report_roles_follow_the_extraction():
    read = read_for_inspection(MTPS_PDF, page=QUARANTINE_PAGE)
    report = page_to_report(read, QUARANTINE_PAGE)
    header, body = report.tables
    assert {c.role for c in header.cells} == {OTHER}
    roles = [c.role for c in body.cells]
    assert roles.count(VALUE) == len(report.values) == 25
    assert roles.count(QUARANTINED) == 1
    assert next(c for c in body.cells if c.role == QUARANTINED).text == "9%"
    assert ACTIVITY in roles


def test_pdfplumber_source_gives_the_same_values():
    # The 2-page CEPLAN report keeps this fast; pdfplumber reads a page ~30x slower than pdfium.
    pdf = RAW / f"{CEPLAN_2024}.pdf"
    runs = [_inspect(pdf, "--page", 1, "--full", "--source", source, "--no-png") for source in ("pdfium", "pdfplumber")]
    assert all(proc.returncode == 0 for proc in runs), [proc.stderr for proc in runs]
    fast, reference = (VALUE_LINE.findall(proc.stdout) for proc in runs)
    assert len(fast) > 200 and fast == reference


def test_unknown_layout_shows_tables_but_reads_nothing(tmp_path):
    grid = plan_grid("Informe de gestión 2025", "Secretaría de Ejemplo", [
        {"type": "heading", "text": "DISTRIBUCIÓN DE IMÁGENES"},
        table_block([["Tipo de documento", "No de imágenes"]], [["Planillas", "3,250"], ["Informes", "1,000"]]),
    ])
    pdf = render(grid, tmp_path / "informe.pdf")
    png = tmp_path / "u.png"
    proc = _inspect(pdf, "--page", 1, "--png", png, "--lines")
    assert proc.returncode == 0, proc.stderr
    assert "family: unknown layout" in proc.stdout
    assert "not read (unknown layout)" in proc.stdout
    assert "values read from this page: 0" in proc.stdout
    assert "DISTRIBUCIÓN DE IMÁGENES" in proc.stdout  # --lines
    assert "Planillas" in proc.stdout  # the table is shown even though nothing is read
    assert _pixels(png, "green") == 0 and _pixels(png, "blue") == 0


@pytest.mark.parametrize("page", [0, 104])
def test_page_out_of_range_names_the_file_and_the_valid_range(page, tmp_path):
    proc = _inspect(MTPS_PDF, "--page", page, cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.strip() == (f"error: {MTPS_2022}.pdf: page {page} is out of range (valid pages: 1-103)")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name, content, reason", [
    ("not-a-pdf.pdf", b"<html>404 Not Found</html>", "not a PDF"),
    ("empty.pdf", b"", "empty file"),
    ("truncated.pdf", MTPS_PDF.read_bytes()[:3000], "cannot open as PDF"),
])
def test_unreadable_file_is_one_line_naming_it(name, content, reason, tmp_path):
    bad = tmp_path / name
    bad.write_bytes(content)
    proc = _inspect(bad, "--page", 1, cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stderr.startswith(f"error: {name}: {reason}")
    assert len(proc.stderr.strip().splitlines()) == 1
    assert proc.stdout == ""


def test_usage_errors_exit_2(tmp_path):
    proc = _inspect(tmp_path / "missing.pdf", "--page", 1)
    assert proc.returncode == 2 and "missing.pdf: no such file" in proc.stderr
    assert _inspect(MTPS_PDF, "--page", 1, "--source", "nope").returncode == 2
    assert _inspect(MTPS_PDF).returncode == 2  # --page is required
    proc = _inspect(MTPS_PDF, "--page", 1, "--png", tmp_path / "no" / "such" / "dir.png")
    assert proc.returncode == 2 and "does not exist" in proc.stderr


def test_help_lists_inspect():
    proc = subprocess.run([sys.executable, "-m", "pipeline", "--help"], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0
    assert "inspect" in proc.stdout and "--page" in proc.stdout


SCAN = ROOT / "tests" / "scans" / "scan-300-grey" / "001_4a66d044e43cd4be.pdf"  # page 2: a table of 77 values
CONFIDENCE = re.compile(r"confidence (\d\.\d\d)$")


def test_a_scanned_page_is_inspected_by_ocr_with_each_values_confidence():
    """A scan has no text layer: ``--ocr off`` (the default, as extract's) reads nothing
    and says how to read it; ``--ocr auto`` reads the document by OCR as extract does, and
    shows the page's values weighed as extract publishes them, each with its confidence."""
    off = _inspect(SCAN, "--page", 2, "--no-png")
    assert off.returncode == 0, off.stderr
    assert "--ocr auto" in off.stdout and "values read from this page: 0" in off.stdout
    proc = _inspect(SCAN, "--page", 2, "--no-png", "--ocr", "auto")
    assert proc.returncode == 0, proc.stderr
    assert "family: sv_integracion_pat" in proc.stdout and "read by OCR" in proc.stdout
    lines = [line for line in proc.stdout.splitlines() if VALUE_LINE.match(line + "\n")]
    assert len(lines) >= 70
    with open(ROOT / "tests" / "scans" / "expected" / SCAN.stem / "values.csv", newline="", encoding="utf-8") as fh:
        printed = {(int(r["row_id"]), r["measure"], r["period"], float(r["value"])) for r in csv.DictReader(fh)}
    for line in lines:
        row, measure, period, _, value = VALUE_LINE.match(line + "\n").groups()
        assert (int(row), measure, period, float(value)) in printed, line
        assert (sure := CONFIDENCE.search(line)) and 0.0 <= float(sure[1]) <= 1.0, line
