"""Pairwise precision and recall of the reconciliation against the gold crosswalks.

A *pair* is two rows (activities, or printed unit names) of two documents, or of one
document for the within-document unit spellings. The gold pairs come from the
fixtures: ``crosswalk_activities.csv`` / ``crosswalk_units.csv`` of each version
(005-007, against their base document), ``crosscheck.csv`` (the 24 AOI codes 003 and
004 share) and ``unit_variants.csv`` (spellings of one unit inside 000). The predicted
pairs are every pair of the same two documents that got the same id. Only pairs between
documents a gold file speaks about are counted: a gold file relates a version to its
base, not two versions to each other.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from itertools import combinations

import pandas as pd

from golden import FIXTURES


@dataclass(frozen=True)
class Score:
    label: str
    gold: int
    predicted: int
    correct: int

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 1.0

    @classmethod
    def total(cls, label: str, scores: list[Score]) -> Score:
        return cls(label, sum(s.gold for s in scores), sum(s.predicted for s in scores),
                   sum(s.correct for s in scores))

    def figure(self) -> str:
        return (f"[linkage {self.label}] precision {self.precision:.3f} ({self.correct}/{self.predicted}), "
                f"recall {self.recall:.3f} ({self.correct}/{self.gold})")


def read_gold(doc: str, name: str) -> list[dict]:
    with open(FIXTURES / doc / name, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def doc_ids(frames: dict[str, pd.DataFrame]) -> dict[str, str]:
    """Fixture name (the PDF's stem) -> doc_id."""
    docs = frames["documents"]
    return dict(zip(docs["source_path"].str.removesuffix(".pdf"), docs["doc_id"]))


def score_pairs(label: str, gold: set, predicted: set) -> Score:
    return Score(label, len(gold), len(predicted), len(gold & predicted))


def activity_ids(frames: dict[str, pd.DataFrame], doc_id: str) -> dict[int, str]:
    acts = frames["activities"]
    rows = acts[acts["doc_id"] == doc_id]
    return dict(zip(rows["row"].astype(int), rows["activity_id"]))


def linked_pairs(left: dict, right: dict) -> set:
    """(left key, right key) of every two items, one on each side, with the same id."""
    by_id: dict[str, list] = {}
    for key, ident in right.items():
        by_id.setdefault(ident, []).append(key)
    return {(a, b) for a, ident in left.items() for b in by_id.get(ident, [])}


def activity_score(frames: dict[str, pd.DataFrame], version: str) -> Score:
    """Activities of a version (005-007) against its base, from crosswalk_activities.csv."""
    ids = doc_ids(frames)
    rows = read_gold(version, "crosswalk_activities.csv")
    base = rows[0]["base_doc"] or next(r["base_doc"] for r in rows if r["base_doc"])
    gold = {(int(r["row_id"]), int(r["base_row_id"])) for r in rows if r["base_row_id"]}
    predicted = linked_pairs(activity_ids(frames, ids[version]), activity_ids(frames, ids[base]))
    return score_pairs(f"activities {version}", gold, predicted)


def code_link_score(frames: dict[str, pd.DataFrame], evaluation: str, monitoring: str) -> Score:
    """The AOI codes the evaluation report (003) shares with the monitoring report (004)."""
    ids = doc_ids(frames)
    acts = frames["activities"]
    row_of = {doc: dict(zip(acts.loc[acts["doc_id"] == ids[doc], "code"], acts.loc[acts["doc_id"] == ids[doc], "row"]))
              for doc in (evaluation, monitoring)}
    codes = [r["code"] for r in read_gold(evaluation, "crosscheck.csv")]
    gold = {(int(row_of[evaluation][c]), int(row_of[monitoring][c])) for c in codes}
    predicted = linked_pairs(activity_ids(frames, ids[evaluation]), activity_ids(frames, ids[monitoring]))
    return score_pairs(f"activities {evaluation[:3]}-{monitoring[:3]} codes", gold, predicted)


def unit_ids(frames: dict[str, pd.DataFrame], doc_id: str) -> dict[str, str]:
    names = frames["unit_names"]
    rows = names[names["doc_id"] == doc_id]
    return dict(zip(rows["unit"], rows["unit_id"]))


def unit_score(frames: dict[str, pd.DataFrame], version: str) -> Score:
    """Printed unit names of a version against its base, from crosswalk_units.csv."""
    ids = doc_ids(frames)
    rows = read_gold(version, "crosswalk_units.csv")
    base = next(r["base_doc"] for r in rows if r["base_doc"])
    gold = {(r["unit"], r["base_unit"]) for r in rows if r["base_unit"]}
    predicted = linked_pairs(unit_ids(frames, ids[version]), unit_ids(frames, ids[base]))
    return score_pairs(f"units {version}", gold, predicted)


def unit_variant_score(frames: dict[str, pd.DataFrame], doc: str) -> Score:
    """Spellings of one unit inside one document, from unit_variants.csv."""
    gold = {frozenset((r["unit"], r["same_as"])) for r in read_gold(doc, "unit_variants.csv")}
    names = unit_ids(frames, doc_ids(frames)[doc])
    predicted = {frozenset(pair) for pair in combinations(sorted(names), 2) if names[pair[0]] == names[pair[1]]}
    return score_pairs(f"units within {doc[:3]}", gold, predicted)
