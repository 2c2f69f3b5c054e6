"""A run that would change nothing is not run again: `extract` and `reconcile` remember what they wrote.

After a run that wrote its output, each command records a manifest in its output folder
(``.extract.json``, ``.reconcile.json``; written atomically, under the folder's lock):

* ``key``: everything that decides the output. For `extract`: each input's source path
  and SHA-256, the input folder's number_locales.csv, the options that change what is
  read, and the code (``fingerprint.code_fingerprint``, the cache's,
  and ``fingerprint.tables_fingerprint``: the rest of the pipeline and the table
  libraries). For `reconcile`: its options, the files of the reference folder (the
  registry and overrides.csv) as they are *after* the run, and the code;
* ``outputs``: the SHA-256 of every file of the output set after the run. For
  `reconcile` this is also its input: it reads the tables it then republishes, and a
  second reconcile over its own output gives the same bytes (tests/test_warm_run.py);
* ``exit_code`` and ``summary``: what the run returned and printed.

A later run computes the key again and hashes the output set; when both are as
recorded it prints the recorded summary under a line saying the output is up to date,
and exits with the recorded code. This module is standard library only (plus the
fingerprints and the folder lock), so such a run loads no pandas, pyarrow, pandera or
PDF parser: it costs the interpreter's start-up, hashing the inputs and the code, and
reading the manifest.

Anything that does not match (an input added, removed or changed, an option, the code,
an output file edited or deleted, a manifest missing, unreadable or of another format)
means the command runs in full, as it would without a manifest: never an error. A run
that stops half way leaves no manifest (it is removed before the run starts).

`reconcile` rewrites `extract`'s output (activities gain their ids, the link tables
appear). Its manifest therefore also records the output set it started from
(``before``): when that is the set `extract` recorded, and the folder now holds what
that reconcile wrote, the folder is still up to date with `extract`'s inputs (with
ids added), and a warm `make extract` skips both commands.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path

from .fingerprint import code_fingerprint, tables_fingerprint
from .inputs import hashed_inputs, input_root
from .number_locales import FILE_NAME as NUMBER_LOCALES

EXTRACT = ".extract.json"
RECONCILE = ".reconcile.json"
FORMAT = 1  # bump when the manifest's layout or the key's meaning changes: older manifests then miss
# Options that decide how a run goes, not what it writes: not part of the key. Any other
# option is (a new one is in the key unless named here: safe by default). The folders are
# known by their contents: the inputs' hashes, the output set, the registry files. A moved
# folder is still up to date, and a cache elsewhere serves the same documents.
NOT_IN_KEY = frozenset({"command", "jobs", "quiet", "wait", "rerun", "prune_cache",
                        "input", "out", "cache", "reference"})


@dataclass
class Record:
    key: dict
    outputs: dict[str, str]  # file of the output set -> SHA-256, after the run
    exit_code: int
    summary: str
    before: dict[str, str] | None = None  # reconcile: the output set it started from


# ------------------------------------------------------------------------ keys


def options_key(args) -> dict:
    """The command's options that decide its output, as plain data (paths as given)."""
    return {name: (str(value) if isinstance(value, Path) else value)
            for name, value in sorted(vars(args).items()) if name not in NOT_IN_KEY}


def extract_key(args, inputs: list[tuple[str, str]]) -> dict:
    """The key of `extract` over ``inputs`` ((source_path, sha256) of every PDF)."""
    root = input_root(args.input)
    return {"format": FORMAT, "command": "extract", "options": options_key(args),
            "inputs": sorted(map(list, inputs)), "number_locales": file_sha256(root / NUMBER_LOCALES),
            "code": code_fingerprint(args.ocr != "off"), "tables_code": tables_fingerprint()}


def input_hashes(in_path: Path) -> list[tuple[str, str]]:
    """(source_path, SHA-256) of every PDF of the input, as `extract` would name them."""
    return [(source_path, sha256) for _, source_path, sha256 in hashed_inputs(in_path)]


def reconcile_key(args) -> dict:
    """The key of `reconcile` as things are now: its options, the reference folder's files, the code."""
    return {"format": FORMAT, "command": "reconcile", "options": options_key(args),
            "reference": folder_files(args.reference), "tables_code": tables_fingerprint()}


# ------------------------------------------------------------------------ the output set


def folder_files(folder: Path) -> dict[str, str]:
    """SHA-256 of each file of a folder whose name does not start with a dot (links followed).

    In an output folder these are the published set: ``DIR/<file>`` links into the
    current run folder; the lock, the manifests and the run folders start with a dot.
    """
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return {}
    return {p.name: file_sha256(p) for p in entries if not p.name.startswith(".") and p.is_file()}


def file_sha256(path: Path) -> str | None:
    """Hex SHA-256 of a file's bytes; None when there is no such file."""
    try:
        with open(path, "rb") as fh:
            return hashlib.file_digest(fh, "sha256").hexdigest()
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return None


# ------------------------------------------------------------------------ manifests


def read_record(folder: Path, name: str) -> Record | None:
    """The manifest ``name`` of ``folder``; None when missing, unreadable or of another format."""
    try:
        data = json.loads((folder / name).read_text(encoding="utf-8"))
        record = Record(**data)
    except (OSError, ValueError, TypeError):
        return None
    if not (isinstance(record.key, dict) and record.key.get("format") == FORMAT and isinstance(record.outputs, dict)
            and isinstance(record.exit_code, int) and isinstance(record.summary, str)):
        return None
    return record


def write_record(folder: Path, name: str, record: Record) -> None:
    """Write the manifest atomically (a temporary file renamed over it). Not being able to
    is no failure of the run: the next run is then simply a full one."""
    tmp = folder / f"{name}.tmp-{os.getpid()}-{secrets.token_hex(4)}"
    try:
        tmp.write_text(json.dumps(asdict(record), indent=1, sort_keys=True) + "\n", encoding="utf-8")
        os.replace(tmp, folder / name)
    except OSError:
        tmp.unlink(missing_ok=True)


def forget(folder: Path, name: str) -> None:
    """Remove the manifest before a full run: a run that stops half way must leave none."""
    try:
        (folder / name).unlink(missing_ok=True)
    except OSError:
        pass


# ------------------------------------------------------------------------ is there anything to do?


def extract_replay(args) -> tuple[Record, str] | None:
    """The recorded run and the line to print above its summary, when `extract` with ``args``
    would write what the output folder holds; None otherwise (run in full)."""
    record = read_record(args.out, EXTRACT)
    if record is None:
        return None
    inputs = input_hashes(args.input)
    if extract_key(args, inputs) != record.key:
        return None
    current = folder_files(args.out)
    since = ""
    if current != record.outputs:
        reconciled = read_record(args.out, RECONCILE)
        if reconciled is None or reconciled.before != record.outputs or reconciled.outputs != current:
            return None
        since = "; ids added by reconcile since"
    return record, (f"{args.out} is up to date with {args.input} ({len(inputs)} document(s) unchanged{since}): "
                    f"nothing extracted (--rerun runs it in full)")


def reconcile_replay(args) -> tuple[Record, str] | None:
    """The recorded run and the line to print above its summary, when `reconcile` with ``args``
    would write what the output and reference folders hold; None otherwise."""
    record = read_record(args.out, RECONCILE)
    if record is None or reconcile_key(args) != record.key or folder_files(args.out) != record.outputs:
        return None
    return record, (f"{args.out} and {args.reference} are up to date: nothing reconciled (--rerun runs it in full)")


def replay(check, *args) -> tuple[Record, str] | None:
    """``check(*args)``, any exception counting as "run in full": a manifest can only save time."""
    try:
        return check(*args)
    except Exception:
        return None
