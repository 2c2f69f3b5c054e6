"""Shared fixtures: the real pipeline run once over the sample PDFs in data/raw/."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from pipeline.config import ExtractSettings
from pipeline.io import read_tables
from pipeline.run import extract_corpus

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
FIXTURES = ROOT / "tests" / "fixtures"
MTPS_2022 = "000_21c4c1a7181f29ae"
INTEGRACION_2024 = "001_4a66d044e43cd4be"


@pytest.fixture(scope="session")
def processed(tmp_path_factory) -> dict[str, pd.DataFrame]:
    """Extract the two El Salvador PATs with a real process pool; read the Parquet back."""
    src = tmp_path_factory.mktemp("raw")
    for name in (MTPS_2022, INTEGRACION_2024):
        (src / f"{name}.pdf").symlink_to(RAW / f"{name}.pdf")
    out = tmp_path_factory.mktemp("processed")
    extract_corpus(src, out, ExtractSettings(jobs=2, progress=False))
    return read_tables(out)


def expected(doc: str, table: str) -> list[dict]:
    with open(FIXTURES / doc / f"{table}.csv", newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def doc_rows(frames: dict[str, pd.DataFrame], doc: str, table: str) -> pd.DataFrame:
    """Rows of one sample document, found by its source file name."""
    docs = frames["documents"]
    doc_id = docs.loc[docs["source_path"] == f"{doc}.pdf", "doc_id"].item()
    df = frames[table]
    return df[df["doc_id"] == doc_id].reset_index(drop=True)
