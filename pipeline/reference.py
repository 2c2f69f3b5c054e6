"""The files of data/reference/: the id registry (written by reconcile) and overrides.csv (by people).

    units.csv          unit_id, name, institution, country, institution_key
    unit_names.csv     every printed unit name of every document seen, and its unit_id
    activity_ids.csv   every activity row seen (activity_key), its printed name and activity_id
    overrides.csv      decisions of a person; read, never written

The registry is what keeps ids stable: a run starts from it, adds what is new and
writes it back (CSV, sorted, so that a change reads well in a diff). It is written
only when it changed, atomically (temporary file + rename).
"""

from __future__ import annotations

import csv
import io
import os
import secrets
from dataclasses import asdict, fields
from pathlib import Path

from .reconcile import DECISIONS, KINDS, ActivityLink, Override, OverrideError, Registry, Unit, UnitName

REGISTRY_FILES = {"units.csv": Unit, "unit_names.csv": UnitName, "activity_ids.csv": ActivityLink}
OVERRIDES = "overrides.csv"
OVERRIDE_COLUMNS = ["kind", "doc_id", "key", "target_id", "decision", "note"]
_FLOATS = {"score", "candidate_score"}


class RegistryError(ValueError):
    """A registry file that cannot be read; the message names the file."""


def read_registry(folder: Path) -> Registry:
    """The registry in ``folder`` (empty when the files do not exist yet)."""
    parts = {}
    for name, record in REGISTRY_FILES.items():
        path = folder / name
        columns = [f.name for f in fields(record)]
        rows = []
        if path.exists():
            with open(path, newline="", encoding="utf-8") as fh:
                reader = csv.DictReader(fh)
                if reader.fieldnames != columns:
                    raise RegistryError(f"{path}: columns {reader.fieldnames} differ from {columns}; "
                                        f"restore it from version control or delete the registry to rebuild it")
                rows = [record(**{k: _parse(k, v) for k, v in row.items()}) for row in reader]
        parts[name] = rows
    return Registry(units=parts["units.csv"], unit_names=parts["unit_names.csv"],
                    activities=parts["activity_ids.csv"])


def _parse(column: str, text: str):
    if text == "":
        return None
    return float(text) if column in _FLOATS else text


def csv_cell(value) -> str:
    """A value as the registry and review.csv print it: empty for missing, scores as 83.3 / 100."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return f"{value:g}" if isinstance(value, float) else str(value)


def registry_to_csv(records: list, record) -> str:
    buffer = io.StringIO()
    columns = [f.name for f in fields(record)]
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for r in records:
        writer.writerow({k: csv_cell(v) for k, v in asdict(r).items()})
    return buffer.getvalue()


def write_registry(folder: Path, registry: Registry) -> list[Path]:
    """Write the files that changed; returns them."""
    folder.mkdir(parents=True, exist_ok=True)
    records = {"units.csv": registry.units, "unit_names.csv": registry.unit_names,
               "activity_ids.csv": registry.activities}
    changed = []
    for name, record in REGISTRY_FILES.items():
        path = folder / name
        text = registry_to_csv(records[name], record)
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        tmp = path.with_name(f".{name}.tmp-{os.getpid()}-{secrets.token_hex(4)}")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
        changed.append(path)
    return changed


def read_overrides(folder: Path) -> list[Override]:
    """The decisions of overrides.csv; OverrideError names the line of a bad one."""
    path = folder / OVERRIDES
    if not path.exists():
        return []
    out = []
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in ("kind", "key", "decision") if c not in (reader.fieldnames or [])]
        if missing:
            raise OverrideError(f"{path}: missing column(s) {', '.join(missing)}; expected {','.join(OVERRIDE_COLUMNS)}")
        for line, row in enumerate(reader, start=2):
            row = {k: (v or "").strip() for k, v in row.items() if k}
            if not any(row.values()):
                continue
            problem = _override_problem(row)
            if problem:
                raise OverrideError(f"{path} line {line}: {problem}")
            out.append(Override(row["kind"], row.get("doc_id") or None, row["key"], row.get("target_id") or None,
                                row["decision"], line))
    return out


def _override_problem(row: dict) -> str | None:
    if row["kind"] not in KINDS:
        return f"kind must be one of {', '.join(KINDS)}, got {row['kind']!r}"
    if row["decision"] not in DECISIONS:
        return f"decision must be one of {', '.join(DECISIONS)}, got {row['decision']!r}"
    if not row["key"]:
        return "key is empty (the unit as printed, or the activity_key)"
    if row["decision"] == "same" and not row.get("target_id"):
        return "decision 'same' needs a target_id (the unit_id or activity_id to link to)"
    return None


def write_overrides_template(folder: Path) -> Path | None:
    """Create an empty overrides.csv (header only) if there is none; never touch an existing one."""
    path = folder / OVERRIDES
    if path.exists():
        return None
    folder.mkdir(parents=True, exist_ok=True)
    try:
        with open(path, "x", encoding="utf-8") as fh:
            fh.write(",".join(OVERRIDE_COLUMNS) + "\n")
    except FileExistsError:
        return None
    return path
