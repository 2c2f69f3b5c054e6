"""`python -m pipeline publish` on the real sample output: the Data Package passes frictionless
with zero errors, every CSV reads back equal to its Parquet table, schedule.csv holds the values
wide, the same output gives the same bytes, and dcat.jsonld describes every file.

The sample output is conftest's ``corpus_out`` (every PDF of data/raw extracted once),
copied: what is published is read from the Parquet tables, which are the bytes `extract`
writes for data/raw, and an xdist worker that ran another module with it has it already.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, datetime, timezone
from pathlib import Path

import frictionless
import pandas as pd
import pytest

from conftest import ROOT, copy_output
from pipeline.io import LINK_TABLES, TABLES, read_tables
from pipeline.opendata import DCAT, PACKAGE, SCHEDULE, period_order
from schemas import SCHEMAS

FIELD_DTYPES = {"integer": "Int64", "number": "float64", "string": "str"}


def _run(*args, timeout=300):
    return subprocess.run([sys.executable, "-m", "pipeline", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout)


def _publish(out: Path, to: Path, *extra):
    proc = _run("publish", "--out", out, "--to", to, *extra)
    assert proc.returncode == 0, proc.stderr
    return to


@pytest.fixture(scope="module")
def extracted(corpus_out, tmp_path_factory) -> Path:
    # A copy: publish takes the output folder's lock (a file in it), and corpus_out is shared.
    return copy_output(corpus_out, tmp_path_factory.mktemp("extract") / "processed")


@pytest.fixture(scope="module")
def reconciled(extracted, tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("reconcile")
    out = copy_output(extracted, tmp / "processed")
    proc = _run("reconcile", "--out", out, "--reference", tmp / "reference")
    assert proc.returncode == 0, proc.stderr
    return out


@pytest.fixture(scope="module")
def published(extracted, reconciled, tmp_path_factory) -> dict[str, tuple[Path, Path]]:
    """kind -> (output folder, publish folder): the output of extract alone, and reconciled."""
    tmp = tmp_path_factory.mktemp("publish")
    return {"extract": (extracted, _publish(extracted, tmp / "extract")),
            "reconcile": (reconciled, _publish(reconciled, tmp / "reconcile"))}


def _package(folder: Path) -> dict:
    return json.loads((folder / PACKAGE).read_text(encoding="utf-8"))


def _tables(kind: str) -> tuple[str, ...]:
    return TABLES + (LINK_TABLES if kind == "reconcile" else ())


@pytest.mark.parametrize("kind", ["extract", "reconcile"])
def test_frictionless_validates_the_package_with_zero_errors(published, kind):
    folder = published[kind][1]
    report = frictionless.validate(str(folder / PACKAGE))
    errors = report.flatten(["taskNumber", "rowNumber", "fieldName", "type", "note"])
    assert report.valid, "\n".join(map(str, errors[:50]))
    assert report.stats["tasks"] == len(_tables(kind)) + 1  # every table, and schedule.csv


@pytest.mark.parametrize("kind", ["extract", "reconcile"])
def test_package_lists_every_table_with_its_schema_from_the_contract(published, kind):
    out, folder = published[kind]
    package = _package(folder)
    assert package["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    resources = {r["name"]: r for r in package["resources"]}
    assert list(resources) == [*_tables(kind), SCHEDULE]
    for name in _tables(kind):
        schema, model = resources[name]["schema"], SCHEMAS[name].to_schema()
        assert resources[name]["path"] == f"{name}.csv" and (folder / f"{name}.csv").is_file()
        assert [f["name"] for f in schema["fields"]] == list(model.columns)
        for field in schema["fields"]:
            column = model.columns[field["name"]]
            assert field["description"] == column.description or field["type"] == "array", field
            assert field.get("constraints", {}).get("required", False) == (not column.nullable), field
    fields = {(r, f["name"]): f for r, res in resources.items() for f in res["schema"]["fields"]}
    assert fields["documents", "status"]["constraints"]["enum"] == [
        "ok", "partial", "no_tables", "needs_ocr", "duplicate", "failed"]
    assert fields["values", "measure"]["constraints"]["enum"] == ["planned", "executed"]
    assert fields["values", "value_kind"]["constraints"]["enum"] == ["percent", "number", "currency"]
    assert "summary_row" in fields["quarantine", "reason"]["constraints"]["enum"]
    assert fields["checks", "severity"]["constraints"]["enum"] == ["error", "warning"]
    assert fields["values", "page"]["constraints"]["minimum"] == 1
    assert fields["values", "period"]["constraints"]["pattern"] == r"\d{4}(-(0[1-9]|1[0-2]|Q[1-4]|H[12]))?"
    assert fields["values", "period_start"]["type"] == fields["values", "period_end"]["type"] == "date"
    assert fields["quarantine", "cells"]["type"] == "array" and "JSON array" in fields["quarantine", "cells"][
        "description"]
    keys = {name: r["schema"].get("primaryKey") for name, r in resources.items()}
    assert keys["documents"] == ["doc_id"] and keys["activities"] == ["activity_key"]
    assert keys["values"] == ["activity_key", "measure", "period"] and keys[SCHEDULE] == ["activity_key", "measure"]
    references = {(name, fk["fields"][0], fk["reference"]["resource"])
                  for name, r in resources.items() for fk in r["schema"].get("foreignKeys", [])}
    expected = {("activities", "doc_id", "documents"), ("values", "doc_id", "documents"),
                ("values", "activity_key", "activities"), ("quarantine", "doc_id", "documents"),
                ("checks", "doc_id", "documents"), ("checks", "activity_key", "activities"),
                (SCHEDULE, "doc_id", "documents"), (SCHEDULE, "activity_key", "activities")}
    if kind == "reconcile":
        assert keys["units"] == ["unit_id"] and keys["unit_names"] == ["doc_id", "unit"]
        expected |= {("activities", "unit_id", "units"), ("unit_names", "doc_id", "documents"),
                     ("unit_names", "unit_id", "units"), ("activity_links", "activity_key", "activities"),
                     (SCHEDULE, "unit_id", "units")}
    assert references == expected
    docs = read_tables(out)["documents"]
    assert [(s["path"], s["sha256"]) for s in package["sources"]] == sorted(zip(docs["source_path"], docs["sha256"]))
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    assert {c["title"] for c in package["contributors"]} == set(docs["institution"].dropna())
    # created: when the set was written, not when it was published
    newest = max((out / f"{t}.parquet").stat().st_mtime for t in _tables(kind))
    assert package["created"] == datetime.fromtimestamp(int(newest), timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def read_csv_as_schema(path: Path, schema: dict) -> pd.DataFrame:
    """A published CSV read back with pandas, cast as its Table Schema says (empty = null)."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")
    assert list(df.columns) == [f["name"] for f in schema["fields"]]
    for field in schema["fields"]:
        name = field["name"]
        if field["type"] == "array":
            df[name] = [json.loads(v) for v in df[name]]
        elif field["type"] == "date":  # as the pipeline holds a date column: datetime.date objects
            df[name] = pd.Series([date.fromisoformat(v) for v in df[name]], index=df.index, dtype=object)
        else:
            df[name] = df[name].astype(FIELD_DTYPES[field["type"]])
    return df


def _cells(series: pd.Series) -> list:
    """A column as Python values: None for null, a list for a list cell."""
    return [v if isinstance(v, str) else list(v) if hasattr(v, "__len__") else None if pd.isna(v) else v
            for v in series.tolist()]


@pytest.mark.parametrize("kind", ["extract", "reconcile"])
def test_every_csv_reads_back_equal_to_its_parquet_table(published, kind):
    out, folder = published[kind]
    resources = {r["name"]: r for r in _package(folder)["resources"]}
    frames = read_tables(out, _tables(kind))
    for name, expected in frames.items():
        got = read_csv_as_schema(folder / f"{name}.csv", resources[name]["schema"])
        assert len(got) == len(expected), name
        for column in expected.columns:
            assert _cells(got[column]) == _cells(expected[column]), f"{name}.{column}"
    raw = (folder / "values.csv").read_bytes()
    assert raw.count(b"\r\n") == len(frames["values"]) + 1 and not raw.startswith(b"\xef\xbb\xbf")


@pytest.mark.parametrize("kind", ["extract", "reconcile"])
def test_schedule_has_one_row_per_activity_and_measure_and_the_values_as_cells(published, kind):
    out, folder = published[kind]
    schema = next(r["schema"] for r in _package(folder)["resources"] if r["name"] == SCHEDULE)
    schedule = read_csv_as_schema(folder / f"{SCHEDULE}.csv", schema)
    frames = read_tables(out)
    values, activities = frames["values"], frames["activities"]
    pairs = values[["activity_key", "measure"]].drop_duplicates()
    assert len(schedule) == len(pairs)
    assert not schedule.duplicated(["activity_key", "measure"]).any()
    assert set(zip(schedule["activity_key"], schedule["measure"])) == set(zip(pairs["activity_key"], pairs["measure"]))
    periods = list(schedule.columns[schedule.columns.get_loc("measure") + 1:])
    assert periods == sorted(values["period"].unique(), key=period_order)
    assert periods.index("2022-01") < periods.index("2022-12") < periods.index("2024-01") < periods.index("2024")
    cells = schedule.melt(["activity_key", "measure"], periods, "period", "value").dropna(subset=["value"])
    numbered = values.dropna(subset=["value"])
    assert len(cells) == len(numbered)
    merged = cells.merge(numbered, on=["activity_key", "measure", "period"], suffixes=("_csv", ""))
    assert len(merged) == len(cells) and (merged["value_csv"] == merged["value"]).all()
    # the identifying columns are those of the activity and its document
    acts = activities.set_index("activity_key")
    docs = frames["documents"].set_index("doc_id")
    for column in ("doc_id", "unit", "unit_id", "code", "activity", "activity_id", "measure_unit"):
        assert _cells(schedule[column]) == _cells(acts.loc[schedule["activity_key"], column]), column
    assert _cells(schedule["source_path"]) == _cells(docs.loc[schedule["doc_id"], "source_path"])
    assert _cells(schedule["institution"]) == _cells(docs.loc[schedule["doc_id"], "institution"])
    if kind == "reconcile":
        assert schedule["activity_id"].notna().all()
    else:
        assert schedule["activity_id"].isna().all() and schedule["unit_id"].isna().all()


def test_publishing_the_same_output_twice_gives_the_same_bytes(published, tmp_path):
    out, first = published["reconcile"]
    again = _publish(out, tmp_path / "again")
    names = sorted(p.name for p in first.iterdir() if not p.name.startswith("."))
    assert names == sorted(p.name for p in again.iterdir() if not p.name.startswith("."))
    for name in names:
        assert (again / name).read_bytes() == (first / name).read_bytes(), name
    _publish(out, again)  # over the previous set in the same folder: the same files, nothing left over
    assert sorted(p.name for p in again.iterdir() if not p.name.startswith(".")) == names
    assert [p.name for p in again.iterdir() if p.name.startswith(".run-")] == [(again / ".current").readlink().name]


def test_dcat_describes_the_dataset_and_every_file(published):
    out, folder = published["reconcile"]
    dcat = json.loads((folder / DCAT).read_text(encoding="utf-8"))
    package, docs = _package(folder), read_tables(out)["documents"]
    assert dcat["@context"]["dcat"] == "http://www.w3.org/ns/dcat#"
    assert dcat["@context"]["dct"] == "http://purl.org/dc/terms/"
    assert dcat["@type"] == "dcat:Dataset"
    assert dcat["dct:title"] == package["title"] and dcat["dct:description"] == package["description"]
    assert dcat["dct:identifier"] == package["id"]
    assert {p["foaf:name"] for p in dcat["dct:publisher"]} == set(docs["institution"].dropna())
    years = docs["plan_year"].dropna()
    assert dcat["dct:temporal"]["dcat:startDate"]["@value"] == f"{years.min()}-01-01"
    assert dcat["dct:temporal"]["dcat:endDate"]["@value"] == f"{years.max()}-12-31"
    assert sorted(s["dct:identifier"] for s in dcat["dct:spatial"]) == sorted(set(docs["country"].dropna())) == [
        "PE", "SV"]
    assert "work plan" in dcat["dcat:keyword"]
    assert dcat["dct:license"]["@id"] == "https://creativecommons.org/licenses/by/4.0/"
    files = [d["dcat:downloadURL"]["@id"] for d in dcat["dcat:distribution"]]
    assert sorted(files) == sorted([*(r["path"] for r in package["resources"]), PACKAGE])
    for dist in dcat["dcat:distribution"]:
        path = folder / dist["dcat:downloadURL"]["@id"]
        assert path.is_file(), path
        assert int(dist["dcat:byteSize"]["@value"]) == path.stat().st_size
        media = "text/csv" if path.suffix == ".csv" else "application/json"
        assert dist["dcat:mediaType"]["@id"].endswith(media)


def test_licence_is_the_publishers_to_set(published, tmp_path):
    out, _ = published["extract"]
    folder = _publish(out, tmp_path / "cc0", "--license", "CC0-1.0")
    assert _package(folder)["licenses"][0]["name"] == "CC0-1.0"
    dcat = json.loads((folder / DCAT).read_text(encoding="utf-8"))
    assert dcat["dct:license"]["@id"] == "https://creativecommons.org/publicdomain/zero/1.0/"
    proc = _run("publish", "--out", out, "--to", tmp_path / "x", "--license", "all rights reserved")
    assert proc.returncode == 2 and "--license" in proc.stderr


def test_a_folder_without_extraction_output_is_a_usage_error_naming_it(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    proc = _run("publish", "--out", empty, "--to", tmp_path / "publish")
    assert proc.returncode == 2
    assert f"error: {empty}: no extraction output" in proc.stderr
    assert not (tmp_path / "publish").exists()  # nothing created
    proc = _run("publish", "--out", tmp_path / "missing", "--to", tmp_path / "publish")
    assert proc.returncode == 2 and str(tmp_path / "missing") in proc.stderr
