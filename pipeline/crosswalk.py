"""`pipeline reconcile`: give the extracted output its unit and activity ids.

Reads the extraction output (documents, activities), the registry and overrides.csv
of the reference folder, runs pipeline/reconcile.py, then

* writes the registry back (only what changed),
* republishes the output set with ``activities.parquet`` gaining ``unit_id`` and
  ``activity_id``, plus ``units.parquet``, ``unit_names.parquet``,
  ``activity_links.parquet`` and ``review.csv``; the other files of the set are copied
  byte for byte, and the set is swapped atomically as by ``extract``.

A document whose matching raises is the only one left without ids: its changes to the
registry are undone, its activities keep null ``unit_id``/``activity_id``, and its
documents row becomes ``failed`` with the exception (documents.parquet is then
rewritten too). A ``failed`` document is not matched again by a later reconcile: its
ids come back when ``extract`` and ``reconcile`` run again.
"""

from __future__ import annotations

import csv
import io
import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import pandas as pd

from .failures import stage_failure
from .io import (CURRENT, LINK_TABLES, TABLES, parquet_writer, publish, read_tables, require_extraction_output,
                 validate_frames)
from .reconcile import ReconcileSettings, Registry, reconcile
from .reference import csv_cell, read_overrides, read_registry, write_overrides_template, write_registry

REVIEW = "review.csv"
REVIEW_COLUMNS = ["kind", "doc_id", "key", "unit", "name", "candidate_id", "candidate_name", "score", "suggestion"]


@dataclass
class ReconcileSummary:
    frames: dict[str, pd.DataFrame]   # activities (with ids) and the three link tables (and documents, when one failed)
    review: pd.DataFrame
    registry_written: list[Path]
    failed: list[str] = field(default_factory=list)  # messages of the documents left without ids (failed in reconcile)

    def describe(self, out_dir: Path, reference_dir: Path) -> str:
        acts, names = self.frames["activity_links"], self.frames["unit_names"]
        linked = self.frames["activities"]
        docs = linked.loc[linked["activity_id"].notna(), "doc_id"].nunique()
        lines = [f"reconciled {docs} documents: {len(names)} printed unit names -> {len(self.frames['units'])} units; "
                 f"{len(acts)} activities -> {acts['activity_id'].nunique()} activity ids",
                 f"  unit names by method: {_counts(names['method'])}",
                 f"  activities by method: {_counts(acts['method'])}",
                 f"wrote {out_dir}/{{{','.join(LINK_TABLES)}}}.parquet; activities.parquet has unit_id, activity_id"]
        if len(self.review):
            lines.append(f"review: {len(self.review)} pair(s) between the accept and reject thresholds, not linked: "
                         f"{out_dir / REVIEW}; record decisions in {reference_dir / 'overrides.csv'}")
        else:
            lines.append("review: no pair between the thresholds")
        written = ", ".join(p.name for p in self.registry_written) or "unchanged"
        lines.append(f"registry {reference_dir}: {written}")
        lines.extend(f"  failed: {message}" for message in self.failed)
        return "\n".join(lines)


def _counts(series: pd.Series) -> str:
    return ", ".join(f"{k} {v}" for k, v in sorted(Counter(series).items(), key=lambda kv: (-kv[1], kv[0])))


def reconcile_output(out_dir: Path, reference_dir: Path, settings: ReconcileSettings | None = None) -> ReconcileSummary:
    """Reconcile the output in ``out_dir`` against the registry in ``reference_dir``; publish the result."""
    settings = settings or ReconcileSettings()
    require_extraction_output(out_dir)
    frames = read_tables(out_dir)
    documents, activities = frames["documents"], frames["activities"]
    overrides = read_overrides(reference_dir)
    # A document failed earlier (in a reconcile that raised on it) keeps null ids until extract runs again.
    earlier = set(documents.loc[documents["status"] == "failed", "doc_id"])
    failed: dict[str, Exception] = {}
    registry = reconcile(documents, activities[~activities["doc_id"].isin(earlier)], read_registry(reference_dir),
                         overrides, settings, failed=failed)
    linked = registry_to_frames(registry, activities, without=earlier | set(failed))
    if failed:
        linked["documents"] = fail_in_reconcile(documents, activities, failed)
    linked = validate_frames(linked)
    review = review_frame(registry, set(activities["doc_id"]) - earlier - set(failed), settings)
    written = write_registry(reference_dir, registry)
    write_overrides_template(reference_dir)
    publish(out_dir, {**_copies_of_current(out_dir, keep=set(linked)),
                      **{f"{name}.parquet": parquet_writer(name, df) for name, df in linked.items()},
                      REVIEW: lambda path: path.write_text(review_to_csv(review), encoding="utf-8")})
    # Documents without ids: those that failed now, and those that failed in an earlier reconcile.
    docs = linked.get("documents", documents)
    unlinked = docs[docs["doc_id"].isin(set(failed) | earlier) & docs["doc_id"].isin(set(activities["doc_id"]))]
    return ReconcileSummary(linked, review, written, unlinked.sort_values("source_path")["message"].tolist())


def fail_in_reconcile(documents: pd.DataFrame, activities: pd.DataFrame,
                      failed: dict[str, Exception]) -> pd.DataFrame:
    """The documents table with each document of ``failed`` (doc_id -> exception) ``failed``,
    its message naming the stage and the exception, and what it means for its rows."""
    documents = documents.copy()
    for doc_id, exc in failed.items():
        at = documents.index[documents["doc_id"] == doc_id][0]
        name = PurePosixPath(documents.at[at, "source_path"]).name
        n = int((activities["doc_id"] == doc_id).sum())
        documents.at[at, "status"] = "failed"
        documents.at[at, "message"] = (f"{stage_failure(name, 'reconcile', exc)}; its {n} activities keep no unit_id "
                                       f"or activity_id until extract and reconcile run again")
    return documents


def _copies_of_current(out_dir: Path, keep: set[str]) -> dict:
    """Writers copying the files of the current set that reconcile does not rewrite."""
    current = out_dir / CURRENT
    names = sorted(p.name for p in current.iterdir() if p.is_file()) if current.is_dir() else \
        [f"{t}.parquet" for t in TABLES]
    source = current if current.is_dir() else out_dir
    skip = {f"{t}.parquet" for t in keep} | {REVIEW}
    return {name: (lambda path, src=source / name: shutil.copyfile(src, path)) for name in names if name not in skip}


def registry_to_frames(registry: Registry, activities: pd.DataFrame,
                       without: set[str] = frozenset()) -> dict[str, pd.DataFrame]:
    """The link tables of the documents in ``activities``, and ``activities`` with its ids.

    Documents in ``without`` (failed in reconcile) keep their activities with null ids
    and have no rows in the link tables.
    """
    docs = set(activities["doc_id"]) - set(without)
    links = {a.activity_key: a for a in registry.activities}
    names = [n for n in registry.unit_names if n.doc_id in docs]
    unit_of = {(n.doc_id, n.unit): n.unit_id for n in names}
    acts = activities.copy()
    acts["unit_id"] = pd.Series([unit_of.get((d, u)) for d, u in zip(acts["doc_id"], acts["unit"])],
                                index=acts.index, dtype="str")
    acts["activity_id"] = pd.Series([links[k].activity_id if d in docs else None
                                     for k, d in zip(acts["activity_key"], acts["doc_id"])],
                                    index=acts.index, dtype="str")
    used = set(unit_of.values())
    units = pd.DataFrame([(u.unit_id, u.name, u.institution, u.country) for u in registry.units if u.unit_id in used],
                         columns=["unit_id", "name", "institution", "country"]).astype("str")
    unit_names = pd.DataFrame([(n.doc_id, n.unit, n.unit_id, n.method, n.score) for n in names],
                              columns=["doc_id", "unit", "unit_id", "method", "score"])
    activity_links = pd.DataFrame([(k, links[k].activity_id, links[k].method, links[k].score)
                                   for k, d in zip(acts["activity_key"], acts["doc_id"]) if d in docs],
                                  columns=["activity_key", "activity_id", "method", "score"])
    for df in (unit_names, activity_links):
        df[df.columns[:-1]] = df[df.columns[:-1]].astype("str")
        df["score"] = df["score"].astype("float64")
    return {"activities": acts, "units": units, "unit_names": unit_names, "activity_links": activity_links}


def review_frame(registry: Registry, docs: set[str], settings: ReconcileSettings) -> pd.DataFrame:
    """Pairs scored between the reject and accept thresholds, with the decision the score leans to."""
    units = {u.unit_id: u for u in registry.units}
    founders: dict[str, str] = {}
    for a in sorted(registry.activities, key=lambda a: (a.method != "new", a.activity_key)):
        founders.setdefault(a.activity_id, a.activity or "")
    unit_names = {(n.doc_id, n.unit_id): n.unit for n in registry.unit_names}
    rows = []
    midpoint = {"unit": (settings.unit_accept + settings.unit_reject) / 2,
                "activity": (settings.activity_accept + settings.activity_reject) / 2}
    for n in registry.unit_names:
        if n.doc_id in docs and n.candidate_id:
            rows.append(("unit", n.doc_id, n.unit, n.unit, n.unit, n.candidate_id, units[n.candidate_id].name,
                         n.candidate_score))
    for a in registry.activities:
        if a.doc_id in docs and a.candidate_id:
            rows.append(("activity", a.doc_id, a.activity_key, unit_names.get((a.doc_id, a.unit_id), ""),
                         a.activity or "", a.candidate_id, founders.get(a.candidate_id, ""), a.candidate_score))
    df = pd.DataFrame(rows, columns=REVIEW_COLUMNS[:-1])
    df["suggestion"] = ["same" if s >= midpoint[k] else "different" for k, s in zip(df["kind"], df["score"])]
    return df.sort_values(["kind", "doc_id", "key"], kind="stable").reset_index(drop=True)


def review_to_csv(review: pd.DataFrame) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(REVIEW_COLUMNS)
    for row in review.itertuples(index=False):
        writer.writerow([csv_cell(v) for v in row])
    return buffer.getvalue()
