"""Typed Parquet: every table of a reconciled output set read with pandas, polars and DuckDB gives
the same rows, the dtypes docs/contract.md "Parquet types" documents, the contract's descriptions in the
field metadata, and row groups in doc_id order."""

from __future__ import annotations

import itertools
import math
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import ROOT, copy_output

from pipeline import io
from pipeline.io import DICTIONARY_COLUMNS, LINK_TABLES, TABLES, read_tables
from schemas import SCHEMAS

FILES = TABLES + LINK_TABLES


@pytest.fixture(scope="module")
def out(corpus_out, tmp_path_factory) -> Path:
    """data/raw extracted, then reconciled so that the crosswalk tables exist.

    The extraction is the session's (``corpus_out``: every PDF of data/raw through the
    real pipeline, the Parquet the command line writes too, byte for byte; see
    tests/test_duplicates.py); extracting it again here would only repeat it. Reconcile
    writes into its folder, so it runs on a copy.
    """
    tmp = tmp_path_factory.mktemp("typed")
    copy_output(corpus_out, tmp / "processed")
    proc = subprocess.run([sys.executable, "-m", "pipeline", "reconcile", "--out", str(tmp / "processed"),
                           "--reference", str(tmp / "reference")], cwd=ROOT, capture_output=True,
                          text=True, timeout=600, check=False)
    assert proc.returncode in (0, 1), proc.stderr  # 1: a sample's report note; the tables are written
    return tmp / "processed"


def readers_table() -> dict[str, dict[str, str]]:
    """docs/contract.md "Parquet types": Arrow type -> {"columns"|"pandas"|"polars"|"duckdb": its cell}."""
    section = parquet_types_section()
    rows = [[c.strip() for c in line.strip().strip("|").split("|")] for line in section.splitlines()
            if line.startswith("| `")]
    return {names(row[0])[0]: dict(zip(["columns", "pandas", "polars", "duckdb"], row[1:])) for row in rows}


def parquet_types_section() -> str:
    text = (ROOT / "docs" / "contract.md").read_text(encoding="utf-8")
    return text.split("\n## Parquet types\n", 1)[1].split("\n## ", 1)[0]


def names(cell: str) -> list[str]:
    """The `backticked` names of a Markdown table cell."""
    return re.findall(r"`([^`]+)`", cell)


def arrow_label(t: pa.DataType) -> str:
    return "dictionary<int32, string>" if pa.types.is_dictionary(t) else str(t)


def _plain(v):
    """One cell as a plain Python value, whichever reader produced it."""
    if isinstance(v, (np.ndarray, list)):
        return [_plain(x) for x in v]
    if isinstance(v, np.generic):
        v = v.item()
    if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
        return None
    return v


def _rows(records) -> list[tuple]:
    return [tuple(_plain(v) for v in r) for r in records]


@pytest.mark.parametrize("name", FILES)
def test_pandas_polars_and_duckdb_read_the_same_rows(out, name):
    path = out / f"{name}.parquet"
    by_pandas = pd.read_parquet(path)
    by_polars = pl.read_parquet(path)
    by_duckdb = duckdb.sql(f"FROM '{path}'")
    columns = list(SCHEMAS[name].to_schema().columns)
    assert list(by_pandas.columns) == by_polars.columns == by_duckdb.columns == columns
    rows = _rows(by_pandas.astype(object).itertuples(index=False))
    assert len(rows) > 0, name
    assert _rows(by_polars.rows()) == rows, name
    assert _rows(by_duckdb.fetchall()) == rows, name
    # and the pipeline's own reading: the same values, as plain strings
    assert _rows(read_tables(out, (name,))[name].astype(object).itertuples(index=False)) == rows


@pytest.mark.parametrize("name", FILES)
def test_each_reader_gives_the_documented_dtypes(out, name):
    path, documented = out / f"{name}.parquet", readers_table()
    schema = pq.read_schema(path)
    by_pandas, by_polars = pd.read_parquet(path), pl.read_parquet(path)
    relation = duckdb.sql(f"FROM '{path}'")
    by_duckdb = dict(zip(relation.columns, relation.types))
    for field in schema:
        label = arrow_label(field.type)
        assert label in documented, f"{name}.{field.name}: {label} is not in docs/contract.md 'Parquet types'"
        doc, column = documented[label], field.name
        pandas = names(doc["pandas"])  # int64: the second where the column holds a null
        expected = pandas[1] if "null" in doc["pandas"] and by_pandas[column].isna().any() else pandas[0]
        assert str(by_pandas[column].dtype) == expected, f"{name}.{column}"
        assert str(by_polars[column].dtype) in names(doc["polars"]), f"{name}.{column}"
        assert str(by_duckdb[column]) in names(doc["duckdb"]), f"{name}.{column}"
        if label == "date32[day]":
            assert column in names(doc["columns"])
            assert all(isinstance(v, date) for v in by_pandas[column])
    dictionary = {f.name for f in schema if pa.types.is_dictionary(f.type)}
    assert dictionary == DICTIONARY_COLUMNS & set(schema.names)


def test_the_documented_dictionary_columns_are_the_encoded_ones():
    text = parquet_types_section()
    assert set(names(text.split("**Dictionary-encoded**", 1)[1].split("**Dates**", 1)[0])) >= DICTIONARY_COLUMNS


@pytest.mark.parametrize("name", FILES)
def test_every_column_carries_its_contract_description(out, name):
    schema, model = pq.read_schema(out / f"{name}.parquet"), SCHEMAS[name].to_schema()
    assert schema.metadata[b"description"].decode() == model.description
    assert b"pandas" not in schema.metadata  # it would embed library versions
    for field in schema:
        description = field.metadata[b"description"].decode()
        assert description and description == model.columns[field.name].description, f"{name}.{field.name}"


def _doc_ids_by_row_group(path: Path) -> list[tuple[str, str]]:
    meta = pq.ParquetFile(path).metadata
    names = [meta.schema.column(i).name for i in range(meta.num_columns)]
    key = "doc_id" if "doc_id" in names else "activity_key"
    i = names.index(key)
    return [(meta.row_group(g).column(i).statistics.min[:16], meta.row_group(g).column(i).statistics.max[:16])
            for g in range(meta.num_row_groups)]


def _assert_sorted_row_groups(path: Path) -> None:
    groups = _doc_ids_by_row_group(path)
    assert all(lo <= hi for lo, hi in groups), groups
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(groups)), groups
    column = pd.read_parquet(path)
    ids = column["doc_id"] if "doc_id" in column else column["activity_key"].str[:16]
    assert ids.is_monotonic_increasing


@pytest.mark.parametrize("name", [n for n in FILES if n != "units"])  # units has no document
def test_row_groups_are_sorted_by_doc_id(out, name):
    _assert_sorted_row_groups(out / f"{name}.parquet")


def test_small_row_groups_stay_in_doc_id_order(out, tmp_path, monkeypatch):
    """With row groups far smaller than a document, their statistics still follow doc_id."""
    monkeypatch.setattr(io, "ROW_GROUP_ROWS", 500)
    values = read_tables(out, ("values",))["values"]
    shuffled = values.sample(frac=1, random_state=0)  # the writer puts the rows back in doc_id order
    io.parquet_writer("values", shuffled)(tmp_path / "values.parquet")
    assert pq.ParquetFile(tmp_path / "values.parquet").metadata.num_row_groups == math.ceil(len(values) / 500)
    _assert_sorted_row_groups(tmp_path / "values.parquet")
