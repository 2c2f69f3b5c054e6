"""Writing the contract tables: validated, deterministic bytes, atomic replacement."""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from schemas import SCHEMAS

# The contract tables, written as <name>.parquet. Adding a table is a one-line change
# here (plus its schema); other output files go through ``write_tables(extra=...)``.
TABLES = ("documents", "activities", "values", "quarantine", "checks")
# Written by `pipeline reconcile` into the same output set (pipeline/crosswalk.py).
LINK_TABLES = ("units", "unit_names", "activity_links")

# Layout of an output folder (see ``publish``):
#   DIR/.current          symlink to the run folder of the last complete run (the commit point)
#   DIR/.run-<pid>-<hex>/ the files of one run
#   DIR/<file>            symlink to .current/<file>: the paths users read
#   DIR/.lock             held by the command writing DIR (pipeline/lock.py); not part of any set
CURRENT = ".current"
RUN_PREFIX = ".run-"

# Typed Parquet (docs/contract.md, "Parquet types"). Low-cardinality strings are written as Arrow
# dictionaries (pandas reads them as category, polars as Categorical, DuckDB as VARCHAR);
# the pipeline's own frames keep plain strings: only the files are typed (``read_tables``).
DICTIONARY_COLUMNS = frozenset({"status", "family", "country", "measure", "value_kind", "reason", "severity", "method"})
# pandera dtype (as printed) -> Arrow type of the column in the file.
ARROW_TYPES = {"str": pa.string(), "string": pa.string(), "int64": pa.int64(), "float64": pa.float64(),
               "date": pa.date32(), "object": pa.list_(pa.string())}
DICTIONARY = pa.dictionary(pa.int32(), pa.string())
# Rows are sorted by doc_id (pipeline/tidy.py), so row groups are too; a row group holds at
# most this many rows, and its doc_id statistics let readers skip the documents not asked for.
ROW_GROUP_ROWS = 65_536


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


def arrow_schema(name: str) -> pa.Schema:
    """The Arrow schema of a contract table: types, nullability and descriptions from its pandera model."""
    model = SCHEMAS[name].to_schema()
    fields = [pa.field(column, DICTIONARY if column in DICTIONARY_COLUMNS else ARROW_TYPES[str(col.dtype).split("[")[0]],
                       nullable=col.nullable, metadata={b"description": (col.description or "").encode()})
              for column, col in model.columns.items()]
    return pa.schema(fields, metadata={b"description": (model.description or "").encode()})


def frame_to_arrow(name: str, df: pd.DataFrame) -> pa.Table:
    if "doc_id" in df and not df["doc_id"].is_monotonic_increasing:  # row groups by document (ROW_GROUP_ROWS)
        df = df.sort_values("doc_id", kind="stable")
    schema = arrow_schema(name)
    # No pandas metadata: it embeds library versions, and the bytes must depend on the data only.
    return pa.Table.from_pandas(df, schema=schema, preserve_index=False).replace_schema_metadata(schema.metadata)


def write_tables(frames: dict[str, pd.DataFrame], out_dir: Path,
                 extra: dict[str, Callable[[Path], None]] | None = None) -> list[Path]:
    """Write every contract table (and any ``extra`` file) as one atomically published set."""
    writers: dict[str, Callable[[Path], None]] = {
        f"{name}.parquet": parquet_writer(name, frames[name]) for name in TABLES}
    return publish(out_dir, {**writers, **(extra or {})})


def parquet_writer(name: str, df: pd.DataFrame) -> Callable[[Path], None]:
    table = frame_to_arrow(name, df)
    return lambda path: pq.write_table(table, path, compression="zstd", write_statistics=True,
                                       row_group_size=ROW_GROUP_ROWS)


def publish(out_dir: Path, writers: dict[str, Callable[[Path], None]]) -> list[Path]:
    """Write a set of files into ``out_dir`` so that readers see the old set or the new one, never a mix.

    Each writer fills one file of a fresh run folder ``.run-<pid>-<hex>``. Only when
    all of them are on disk (fsynced) does ``.current`` switch to it, by renaming a
    new symlink over the old one: one atomic step. ``DIR/<file>`` are symlinks to
    ``.current/<file>`` and so keep working for users. An exception or a kill
    before the switch leaves the previous set untouched (the half-written run
    folder is removed then, or by the next run); after it, the old run folder is
    removed.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    _sweep_abandoned_runs(out_dir)
    run = out_dir / f"{RUN_PREFIX}{os.getpid()}-{secrets.token_hex(4)}"
    run.mkdir()
    try:
        for name, write in writers.items():
            write(run / name)
            _fsync(run / name)
        _fsync(run)
    except BaseException:
        shutil.rmtree(run, ignore_errors=True)
        raise
    previous = _current_run(out_dir)
    _replace_symlink(out_dir / CURRENT, run.name)  # the commit point
    _fsync(out_dir)
    written = []
    for name in writers:
        link = out_dir / name
        target = f"{CURRENT}/{name}"
        # Created once; a regular file left by an older version is replaced here.
        if not (link.is_symlink() and os.readlink(link) == target):
            _replace_symlink(link, target)
        written.append(link)
    for link in out_dir.iterdir():  # a file the new set no longer has must not dangle
        if link.is_symlink() and os.readlink(link).startswith(f"{CURRENT}/") and link.name not in writers:
            link.unlink()
    if previous is not None and previous != run:
        shutil.rmtree(previous, ignore_errors=True)
    return written


def _current_run(out_dir: Path) -> Path | None:
    link = out_dir / CURRENT
    return out_dir / os.readlink(link) if link.is_symlink() else None


def _replace_symlink(link: Path, target: str) -> None:
    """Point ``link`` at ``target`` atomically (rename of a fresh symlink over it)."""
    tmp = link.with_name(f"{link.name}.tmp-{os.getpid()}-{secrets.token_hex(4)}")
    os.symlink(target, tmp)
    os.replace(tmp, link)


def _sweep_abandoned_runs(out_dir: Path) -> None:
    """Remove run folders and temporary links left by runs that were killed mid-write.

    A folder whose process is still alive belongs to a concurrent writer: left alone.
    The commands never overlap (they hold DIR/.lock, which is no run folder and stays);
    this is for callers of ``publish`` that write without the lock.
    """
    current = _current_run(out_dir)
    for entry in out_dir.iterdir():
        if entry.name.startswith(RUN_PREFIX) and entry != current:
            pid = entry.name[len(RUN_PREFIX):].split("-")[0]
        elif ".tmp-" in entry.name and entry.is_symlink():
            pid = entry.name.split(".tmp-")[1].split("-")[0]
        else:
            continue
        if pid.isdigit() and int(pid) != os.getpid() and _alive(int(pid)):
            continue
        if entry.is_symlink() or entry.is_file():
            entry.unlink()
        else:
            shutil.rmtree(entry, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _fsync(path: Path) -> None:
    # Durability: after a power cut the switch must not point at files still in the page cache.
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def require_extraction_output(out_dir: Path) -> None:
    """Raise FileNotFoundError, naming ``out_dir``, when it holds no output of `extract`."""
    if not (out_dir / "activities.parquet").exists():
        raise FileNotFoundError(f"{out_dir}: no extraction output (activities.parquet); "
                                f"run `python -m pipeline extract IN --out {out_dir}` first")


def read_tables(out_dir: Path, names: tuple[str, ...] = TABLES) -> dict[str, pd.DataFrame]:
    """The contract tables as DataFrames with the contract's dtypes.

    Integer columns come back as nullable Int64 even when every row is null
    (e.g. plan_year when every document failed), which plain read_parquet
    would turn into float64.
    """
    return {name: read_table(out_dir / f"{name}.parquet") for name in names}


def read_table(path: Path) -> pd.DataFrame:
    """One contract table as the pipeline's frames hold it: dictionary columns back to plain
    strings, int64 as nullable Int64, dates as datetime.date objects (pyarrow's default)."""
    table = pq.read_table(path)
    plain = pa.table([c.cast(pa.string()) if pa.types.is_dictionary(c.type) else c for c in table.columns],
                     names=table.column_names)
    return plain.to_pandas(types_mapper={pa.int64(): pd.Int64Dtype()}.get)
