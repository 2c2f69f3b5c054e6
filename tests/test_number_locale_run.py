"""The number locale through a real run of the command line: recorded per document in
documents.parquet, a warning check where it was assumed, and the user's override (the
flag for every file, number_locales.csv for one) changing how the numbers read.

The ambiguous plan is the trap issue 15 names: every number prints like "1.000", so
both readings are well-formed and nothing in the document tells them apart; a plan
of an unknown institution is then read as 1,234.5 and flagged, never silently.

A bad number_locales.csv or flag stops the command before any PDF is read: those runs go
through the command's entry point in this process (``_extract_here``), the others are
processes of their own.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from pipeline.cli import main
from synthetic import MONTHS_SPELLED, plan_grid, render, table_block

ROOT = Path(__file__).resolve().parents[1]
LOCALES = ROOT / "tests" / "locales"
RULE = "number_locale_from_evidence"

# Every month and goal of this plan reads either way ("3.000" is 3000 or 3): no evidence.
AMBIGUOUS_HEADER = [["Actividad", "Unidad de medida", *MONTHS_SPELLED, "Meta anual"]]
AMBIGUOUS_ROWS = [
    ["Atender solicitudes ciudadanas", "Solicitud", *["1.000"] * 12, "12.000"],
    ["Distribuir material educativo", "Ejemplar", *["2.500"] * 12, "30.000"],
]


def _extract(input_path: Path, out: Path, *flags: str) -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, "-m", "pipeline", "extract", str(input_path), "--out", str(out),
                           "--jobs", "1", "--quiet", *flags], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def _extract_here(input_path: Path, out: Path, capsys, *flags: str) -> subprocess.CompletedProcess:
    """The same command through its entry point in this process (``pipeline.cli.main``), for the
    runs that stop before any PDF is read: a process of its own would spend its start-up and
    imports (about 1.5 s of CPU) on a run of a few milliseconds."""
    args = ["extract", str(input_path), "--out", str(out), "--jobs", "1", "--quiet", *flags]
    try:
        code = main(args)
    except SystemExit as exc:  # a usage error of argparse's: `python -m pipeline` exits with its code
        code = exc.code
    captured = capsys.readouterr()
    proc = subprocess.CompletedProcess(args, code, captured.out, captured.err)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def _read(out: Path, table: str) -> pd.DataFrame:
    return pd.read_parquet(out / f"{table}.parquet")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """The three plans of other countries, the Salvadoran plan with one odd number, and the ambiguous plan."""
    folder = tmp_path_factory.mktemp("locales") / "raw"
    folder.mkdir()
    for pdf in LOCALES.glob("*.pdf"):
        shutil.copy(pdf, folder / pdf.name)
    shutil.copy(ROOT / "data" / "raw" / "001_4a66d044e43cd4be.pdf", folder / "001_integracion.pdf")
    grid = plan_grid("PLAN OPERATIVO ANUAL 2025", "Secretaría de Ejemplo", [
        {"type": "heading", "text": "OFICINA DE ATENCIÓN AL CIUDADANO"},
        table_block(AMBIGUOUS_HEADER, AMBIGUOUS_ROWS),
    ])
    render(grid, folder / "ambiguous.pdf")
    return folder


@pytest.fixture(scope="module")
def inferred(corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("inferred") / "processed"
    proc = _extract(corpus, out)
    assert proc.returncode == 0, proc.stderr
    return out


def test_every_document_records_its_number_locale_and_why(inferred):
    docs = _read(inferred, "documents").set_index("source_path")
    got = {name: (d["number_locale"], d["number_locale_basis"]) for name, d in docs.iterrows()}
    assert got == {
        "008_co_poi_distrital.pdf": ("1.234,5", "numbers"),
        "009_ar_cronograma.pdf": ("1.234,5", "numbers"),
        "010_mx_metas.pdf": ("1,234.5", "numbers"),
        # "21,00" (2,100 printed one digit short) reads only as a decimal comma; the rows'
        # totals and El Salvador's convention outweigh it, and the decision says so.
        "001_integracion.pdf": ("1,234.5", "disputed"),
        "ambiguous.pdf": ("1,234.5", "default"),
    }
    assert docs.loc["001_integracion.pdf", "number_locale_evidence"].endswith(
        "against 1 printed number read only as 1.234,5")
    # 24 months and 2 goals
    assert "26 printed numbers read either way (e.g. '1.000')" in docs.loc["ambiguous.pdf", "number_locale_evidence"]


def test_an_assumed_or_disputed_locale_is_a_warning_check(inferred):
    docs = _read(inferred, "documents").set_index("doc_id")
    checks = _read(inferred, "checks")
    flagged = checks[checks["check"] == RULE]
    assert sorted(flagged["doc_id"].map(docs["source_path"])) == ["001_integracion.pdf", "ambiguous.pdf"]
    assert set(flagged["severity"]) == {"warning"} and flagged["activity_key"].isna().all()
    message = flagged.set_index(flagged["doc_id"].map(docs["source_path"])).loc["ambiguous.pdf", "message"]
    assert message.startswith("numbers read as 1,234.5 (default): ") and "assumed" in message
    assert "--number-locale" in message


def test_ambiguous_numbers_read_with_the_assumed_locale_keep_their_raw_text(inferred):
    docs = _read(inferred, "documents").set_index("source_path")
    values = _read(inferred, "values")
    mine = values[values["doc_id"] == docs.loc["ambiguous.pdf", "doc_id"]]
    assert set(zip(mine["raw"], mine["value"])) == {("1.000", 1.0), ("2.500", 2.5)}


def test_number_locales_csv_sets_one_files_locale(corpus, tmp_path):
    folder = tmp_path / "raw"
    shutil.copytree(corpus, folder)
    # Unquoted: "1.234,5" splits in two cells, and still means what it says.
    (folder / "number_locales.csv").write_text("file,number_locale\nambiguous.pdf,1.234,5\n", encoding="utf-8")
    out = tmp_path / "processed"
    assert _extract(folder, out).returncode == 0
    docs = _read(out, "documents").set_index("source_path")
    assert tuple(docs.loc["ambiguous.pdf", ["number_locale", "number_locale_basis"]]) == ("1.234,5", "override")
    values = _read(out, "values")
    mine = values[values["doc_id"] == docs.loc["ambiguous.pdf", "doc_id"]]
    assert set(zip(mine["raw"], mine["value"])) == {("1.000", 1000.0), ("2.500", 2500.0)}
    activities = _read(out, "activities")
    assert sorted(activities.loc[activities["doc_id"] == docs.loc["ambiguous.pdf", "doc_id"], "total_planned"]) == [
        12000.0, 30000.0]
    checks = _read(out, "checks")
    flagged = checks.loc[checks["check"] == RULE, "doc_id"].map(docs.reset_index().set_index("doc_id")["source_path"])
    assert list(flagged) == ["001_integracion.pdf"]  # the others keep their own decision


def test_the_flag_sets_every_documents_locale_and_a_line_wins_over_it(corpus, tmp_path):
    folder = tmp_path / "raw"
    shutil.copytree(corpus, folder)
    (folder / "number_locales.csv").write_text("file,number_locale\n010_mx_metas.pdf,es-MX\n", encoding="utf-8")
    out = tmp_path / "processed"
    assert _extract(folder, out, "--number-locale", "es-CO").returncode == 0
    docs = _read(out, "documents").set_index("source_path")
    assert set(docs["number_locale_basis"]) == {"override"}
    assert docs["number_locale"].to_dict() == {
        "001_integracion.pdf": "1.234,5", "008_co_poi_distrital.pdf": "1.234,5", "009_ar_cronograma.pdf": "1.234,5",
        "010_mx_metas.pdf": "1,234.5", "ambiguous.pdf": "1.234,5"}
    assert docs.loc["ambiguous.pdf", "number_locale_evidence"] == "set by the user (es-CO)"
    assert not (_read(out, "checks")["check"] == RULE).any()


@pytest.mark.parametrize("content, error", [
    ("file,number_locale\nmissing.pdf,es-CO\n", "number_locales.csv line 2: no PDF 'missing.pdf' in"),
    ("file,number_locale\nambiguous.pdf,1.234.5\n", "number_locales.csv line 2: unknown number locale '1.234.5'"),
    ("file,number_locale\nambiguous.pdf,es-CO\nambiguous.pdf,MX\n",
     "line 3: ambiguous.pdf is already given a locale on line 2"),
    ("nombre,locale\nambiguous.pdf,es-CO\n", "the first line must be 'file,number_locale'"),
])
def test_a_bad_number_locales_csv_stops_the_run_naming_the_line(corpus, tmp_path, capsys, content, error):
    folder = tmp_path / "raw"
    folder.mkdir()
    shutil.copy(corpus / "ambiguous.pdf", folder)
    (folder / "number_locales.csv").write_text(content, encoding="utf-8")
    proc = _extract_here(folder, tmp_path / "processed", capsys)
    assert proc.returncode == 2 and error in proc.stderr, proc.stderr
    assert not (tmp_path / "processed").exists()  # stopped before anything was read or written


def test_an_unknown_number_locale_flag_is_a_usage_error(corpus, tmp_path, capsys):
    proc = _extract_here(corpus / "ambiguous.pdf", tmp_path / "processed", capsys, "--number-locale", "decimal comma")
    assert proc.returncode == 2 and "unknown number locale 'decimal comma'" in proc.stderr, proc.stderr
