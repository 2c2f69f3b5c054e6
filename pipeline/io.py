"""Writing the contract tables: validated, deterministic bytes, atomic replacement."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from schemas import SCHEMAS

TABLES = ("documents", "activities", "values", "quarantine", "checks")


class ContractError(Exception):
    """Output that breaks its pandera schema: a bug in the pipeline, never written."""

    def __init__(self, table: str, failure_cases: pd.DataFrame):
        self.table, self.failure_cases = table, failure_cases
        super().__init__(f"{table}: {len(failure_cases)} schema failure(s):\n{failure_cases.head(20).to_string()}")


def validate_frames(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Lazy pandera validation of each table; raises ContractError with the failure table."""
    import pandera.errors

    out = {}
    for name, df in frames.items():
        try:
            out[name] = SCHEMAS[name].validate(df, lazy=True)
        except pandera.errors.SchemaErrors as exc:
            raise ContractError(name, exc.failure_cases) from None
    return out


def frame_to_arrow(df: pd.DataFrame) -> pa.Table:
    table = pa.Table.from_pandas(df, preserve_index=False)
    # pandas metadata embeds library versions; drop it so bytes depend on data only.
    return table.replace_schema_metadata(None)


def write_tables(frames: dict[str, pd.DataFrame], out_dir: Path) -> list[Path]:
    """Write every table to a staging folder, then move each file into place.

    An interrupted run leaves the previous files untouched: nothing in ``out_dir``
    changes until all four files are complete on disk.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=out_dir))
    try:
        for name in TABLES:
            pq.write_table(frame_to_arrow(frames[name]), staging / f"{name}.parquet",
                           compression="zstd", write_statistics=True)
        written = []
        for name in TABLES:
            target = out_dir / f"{name}.parquet"
            os.replace(staging / f"{name}.parquet", target)
            written.append(target)
        return written
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def read_tables(out_dir: Path) -> dict[str, pd.DataFrame]:
    """The contract tables as DataFrames with the contract's dtypes.

    Integer columns come back as nullable Int64 even when every row is null
    (e.g. plan_year when every document failed), which plain read_parquet
    would turn into float64.
    """
    ints = {pa.int64(): pd.Int64Dtype()}
    return {name: pq.read_table(out_dir / f"{name}.parquet").to_pandas(types_mapper=ints.get)
            for name in TABLES}
