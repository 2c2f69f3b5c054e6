"""Speed of `reconcile` (activities/s) on a grown corpus, against a no-blocking baseline in the same run.

    python -m pipeline.bench_reconcile data/raw [--copies N]

The PDFs are extracted once (into a temporary folder). The corpus is then grown to
``--copies`` plan years of every document: each copy is the same document a year later
with one letter swapped in every third activity name, so every stage (code, exact,
normalized, fuzzy) has work. Timed, from an empty registry:

* ``reconcile``: ours (blocking by institution and unit, stages, one-to-one assignment);
* ``baseline``: what one would write without blocking: every activity of a document
  scored (``process.cdist``, same scorer) against every activity seen before, best
  match kept above the same threshold.

Only printed, never asserted. Peak RSS is printed too.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from rapidfuzz import process

from .config import ExtractSettings
from .io import read_tables
from .names import name_to_fuzzy_key
from .reconcile import SCORERS, ReconcileSettings, Registry, reconcile
from .run import extract_corpus


def swap_letters(text: str | None, salt: int) -> str | None:
    """``text`` with two neighbouring letters of one word swapped (a typo), chosen by ``salt``."""
    if not isinstance(text, str) or len(text) < 4:
        return text
    i = 1 + salt % (len(text) - 3)
    return text[:i] + text[i + 1] + text[i] + text[i + 2:]


def grow(documents: pd.DataFrame, activities: pd.DataFrame, copies: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    docs, acts = [documents], [activities]
    for k in range(1, copies):
        d = documents.copy()
        d["doc_id"] = d["doc_id"].str[:12] + f"{k:04x}"
        d["plan_year"] = d["plan_year"] + k
        a = activities.copy()
        a["doc_id"] = a["doc_id"].str[:12] + f"{k:04x}"
        a["activity_key"] = a["doc_id"] + ":" + a["row"].astype(str)
        typo = (a["row"] + k) % 3 == 0
        a.loc[typo, "activity"] = [swap_letters(t, k + r) for t, r in zip(a.loc[typo, "activity"], a.loc[typo, "row"])]
        docs.append(d)
        acts.append(a)
    return pd.concat(docs, ignore_index=True), pd.concat(acts, ignore_index=True)


def baseline(documents: pd.DataFrame, activities: pd.DataFrame, settings: ReconcileSettings) -> int:
    """No blocking: each document's activities against all earlier ones; returns the links made."""
    seen: list[str] = []
    links = 0
    order = documents.sort_values(["plan_year", "doc_id"])["doc_id"]
    for doc_id in order:
        names = [name_to_fuzzy_key(t) for t in activities.loc[activities["doc_id"] == doc_id, "activity"].fillna("")]
        if seen and names:
            scores = process.cdist(names, seen, scorer=SCORERS[settings.scorer], dtype=np.float32, workers=1)
            links += int((scores.max(axis=1) >= settings.activity_accept).sum())
        seen.extend(names)
    return links


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.bench_reconcile", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", type=Path, help="a folder of PDFs (e.g. data/raw)")
    parser.add_argument("--copies", type=int, default=10, help="plan years of each document (default: %(default)s)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        extract_corpus(args.path, Path(tmp), ExtractSettings(jobs=0, progress=False))
        frames = read_tables(Path(tmp))
    documents, activities = grow(frames["documents"], frames["activities"], args.copies)
    settings = ReconcileSettings()
    print(f"corpus: {documents['doc_id'].nunique()} documents, {len(activities)} activities "
          f"({args.copies} plan years of {frames['documents']['doc_id'].nunique()} documents)")
    start = time.perf_counter()
    registry = reconcile(documents, activities, Registry(), settings=settings)
    ours = time.perf_counter() - start
    start = time.perf_counter()
    naive_links = baseline(documents, activities, settings)
    naive = time.perf_counter() - start
    n = len(activities)
    ids = len({a.activity_id for a in registry.activities})
    print(f"{'method':<40} {'seconds':>8} {'activities/s':>13}")
    print(f"{'reconcile (blocked, staged, 1:1)':<40} {ours:>8.2f} {n / ours:>13.0f}   -> {ids} activity ids")
    print(f"{'baseline: cdist against all, no blocking':<40} {naive:>8.2f} {n / naive:>13.0f}   "
          f"-> {naive_links} links above {settings.activity_accept:g}")
    print(f"reconcile is {naive / ours:.1f}x the baseline's speed; "
          f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
