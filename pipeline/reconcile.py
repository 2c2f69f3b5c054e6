"""One id per real unit and per real activity, across documents, versions and years.

Documents are taken one at a time, in a fixed order, and matched against everything the
registry already holds (data/reference/, see pipeline/reference.py): ids, once given,
never change, so adding a document never renames an existing unit or activity.

For each document:

1. **Units**, within the document's institution (the blocking key of
   ``names.institution_to_key``), in stages, each one taking what the previous left:
   ``manual`` (overrides.csv), ``code`` (executing-unit code printed before the name),
   ``exact`` (the same printed name), ``normalized`` (the same ``names.name_to_key``),
   ``fuzzy`` (rapidfuzz score of the stemmed keys, one-to-one assignment), ``activities``
   (the units share most of their activities: a unit renamed outright, "Unidad de
   Contrataciones y Adquisiciones" -> "Unidad de Compras Públicas"). The rest is ``new``.
2. **Activities**, within their unit, the same way: ``manual``, ``code`` (AOI code),
   ``exact``, ``normalized``, ``fuzzy``; the rest is ``new``.

A document never links two of its activities to the same id (nor two of its unit names,
unless they share a code or a normalized name): each stage skips ids the document has
already claimed, and the fuzzy stage is a one-to-one assignment (scipy's ``linear_sum_assignment``) that maximises the total score.
Pairs scoring between the reject and the accept threshold are not linked; they are kept
as candidates and listed in review.csv for a person to decide in overrides.csv.

Pure: frames and registry records in, registry records out; reading and writing files is
pipeline/reference.py's job.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process
from scipy.optimize import linear_sum_assignment

from .names import (institution_to_key, name_to_fuzzy_key, name_to_key, unit_name_to_code,
                    unit_name_without_code)
from .reconcile_settings import SCORER_NAMES, ReconcileSettings

DECISIONS = ("same", "different")
KINDS = ("unit", "activity")
SCORERS = {name: getattr(fuzz, name) for name in SCORER_NAMES}


# --- registry records -------------------------------------------------------------------

@dataclass
class Unit:
    unit_id: str
    name: str
    institution: str | None
    country: str | None
    institution_key: str


@dataclass
class UnitName:
    doc_id: str
    institution_key: str
    unit: str
    unit_id: str
    method: str
    score: float | None = None
    candidate_id: str | None = None
    candidate_score: float | None = None


@dataclass
class ActivityLink:
    activity_key: str
    doc_id: str
    institution_key: str
    unit_id: str | None
    code: str | None
    activity: str | None
    activity_id: str
    method: str
    score: float | None = None
    candidate_id: str | None = None
    candidate_score: float | None = None


@dataclass
class Registry:
    units: list[Unit] = field(default_factory=list)
    unit_names: list[UnitName] = field(default_factory=list)
    activities: list[ActivityLink] = field(default_factory=list)


@dataclass(frozen=True)
class Override:
    """One decision of overrides.csv: ``key`` of ``doc_id`` (any document if None) is/is not ``target_id``."""

    kind: str
    doc_id: str | None
    key: str
    target_id: str | None
    decision: str
    line: int = 0


class OverrideError(ValueError):
    """An overrides.csv line that cannot be applied; the message names the file line."""


# --- the run ----------------------------------------------------------------------------

def reconcile(documents: pd.DataFrame, activities: pd.DataFrame, registry: Registry,
              overrides: Iterable[Override] = (), settings: ReconcileSettings | None = None,
              failed: dict[str, Exception] | None = None) -> Registry:
    """The registry after matching every document of ``activities`` (the given one is not changed).

    ``failed``: when given, a document whose matching raises costs only that document:
    what it changed in the registry is undone, the exception is recorded there under
    its doc_id, and the next document goes on. Without it, the exception propagates.
    """
    settings = settings or ReconcileSettings()
    overrides = list(overrides)
    state = _State(registry)
    _check_override_targets(overrides, state)
    docs = documents.set_index("doc_id")
    for doc_id in documents_to_order(documents, activities):
        rows = activities[activities["doc_id"] == doc_id].sort_values("row")
        if failed is None:
            _reconcile_document(doc_id, docs.loc[doc_id], rows, state, overrides, settings)
            continue
        saved = state.snapshot()
        try:
            _reconcile_document(doc_id, docs.loc[doc_id], rows, state, overrides, settings)
        except Exception as exc:  # this document's, not the batch's
            state.restore(saved)
            failed[doc_id] = exc
    return state.registry()


def _reconcile_document(doc_id: str, doc: pd.Series, rows: pd.DataFrame, state: _State,
                        overrides: list[Override], settings: ReconcileSettings) -> None:
    """Units, then activities, of one document (its rows, in order), into ``state``."""
    country, institution = _text(doc["country"]), _text(doc["institution"])
    inst_key = (institution_to_key(country, institution) if institution
                else f"{country or '?'}:document {doc_id}")  # no institution: no block to share
    state.note_institution(inst_key, institution, country)
    clusters = state.clusters(inst_key, exclude_doc=doc_id)
    unit_ids = _resolve_units(doc_id, inst_key, rows, state, clusters, overrides, settings)
    _resolve_activities(doc_id, inst_key, rows, unit_ids, state, clusters, overrides, settings)


def documents_to_order(documents: pd.DataFrame, activities: pd.DataFrame) -> list[str]:
    """Documents with activities, oldest plan first, then the larger document, then doc_id.

    The order decides which printed name founds an id; the registry makes the result
    of a later run independent of it.
    """
    counts = activities.groupby("doc_id").size()
    docs = documents[documents["doc_id"].isin(counts.index)].copy()
    docs["n"] = docs["doc_id"].map(counts)
    docs["year"] = docs["plan_year"].astype("Float64").fillna(9999)
    return docs.sort_values(["year", "n", "doc_id"], ascending=[True, False, True])["doc_id"].tolist()


def _present(value) -> bool:
    return value is not None and not pd.isna(value) and str(value).strip() != ""


def new_id(prefix: str, seed: str, taken: set[str], digits: int) -> str:
    """A short id derived from ``seed``; another one (seed#1, #2 …) if already taken."""
    for salt in range(1000):
        text = seed if salt == 0 else f"{seed}#{salt}"
        candidate = f"{prefix}{hashlib.sha1(text.encode()).hexdigest()[:digits]}"
        if candidate not in taken:
            taken.add(candidate)
            return candidate
    raise RuntimeError(f"cannot derive a free id from {seed!r}")


class _State:
    """The registry being extended, with the indexes the stages look things up in."""

    def __init__(self, registry: Registry):
        self.units: dict[str, Unit] = {u.unit_id: replace(u) for u in registry.units}
        self.unit_names: dict[tuple[str, str], UnitName] = {(n.doc_id, n.unit): replace(n) for n in registry.unit_names}
        self.links: dict[str, ActivityLink] = {a.activity_key: replace(a) for a in registry.activities}
        self.institutions: dict[str, tuple[str | None, str | None]] = {
            u.institution_key: (u.institution, u.country) for u in self.units.values()}
        self.taken: set[str] = set(self.units) | {a.activity_id for a in self.links.values()}

    def snapshot(self) -> tuple:
        """What :meth:`restore` needs to undo one document. Shallow copies suffice: a
        document adds, replaces and removes records, and only edits the ones it made."""
        return (dict(self.units), dict(self.unit_names), dict(self.links), dict(self.institutions), set(self.taken))

    def restore(self, saved: tuple) -> None:
        units, unit_names, links, institutions, taken = saved
        self.units, self.unit_names, self.links = dict(units), dict(unit_names), dict(links)
        self.institutions, self.taken = dict(institutions), set(taken)

    def note_institution(self, key: str, name: str | None, country: str | None) -> None:
        self.institutions.setdefault(key, (name, country))

    def registry(self) -> Registry:
        return Registry(
            units=sorted(self.units.values(), key=lambda u: u.unit_id),
            unit_names=sorted(self.unit_names.values(), key=lambda n: (n.doc_id, n.unit)),
            activities=sorted(self.links.values(), key=lambda a: a.activity_key))

    # units
    def unit_names_of(self, inst_key: str, exclude_doc: str | None = None) -> dict[str, list[str]]:
        names: dict[str, list[str]] = defaultdict(list)
        for n in self.unit_names.values():
            if n.institution_key == inst_key and n.doc_id != exclude_doc and n.unit not in names[n.unit_id]:
                names[n.unit_id].append(n.unit)
        for unit in self.units.values():  # a unit whose names all belong to the excluded document
            if unit.institution_key == inst_key and unit.name not in names[unit.unit_id]:
                names[unit.unit_id].append(unit.name)
        return dict(sorted(names.items()))

    def add_unit(self, inst_key: str, name: str, doc_id: str) -> str:
        institution, country = self.institutions.get(inst_key, (None, None))
        unit_id = new_id("u-", f"{inst_key}|{name_to_key(name)}|{doc_id}", self.taken, 10)
        self.units[unit_id] = Unit(unit_id, name, institution, country, inst_key)
        return unit_id

    # activities
    def clusters(self, inst_key: str, exclude_doc: str) -> dict[str | None, dict[str, list[ActivityLink]]]:
        """unit_id -> activity_id -> its links, in the institution, from other documents than ``exclude_doc``.

        Built once per document: the links the document adds are its own, which it never matches.
        """
        blocks: dict[str | None, dict[str, list[ActivityLink]]] = defaultdict(lambda: defaultdict(list))
        for key in sorted(self.links):
            link = self.links[key]
            if link.institution_key == inst_key and link.doc_id != exclude_doc:
                blocks[link.unit_id][link.activity_id].append(link)
        return {unit: dict(sorted(members.items())) for unit, members in blocks.items()}


def _check_override_targets(overrides: list[Override], state: _State) -> None:
    activity_ids = {a.activity_id for a in state.links.values()}
    for o in overrides:
        known = state.units if o.kind == "unit" else activity_ids
        if o.target_id and o.target_id not in known:
            raise OverrideError(f"overrides.csv line {o.line}: {o.kind} id {o.target_id!r} is not in the registry "
                                f"(ids come from units.parquet / activity_links.parquet or review.csv)")


def _overrides_for(overrides: list[Override], kind: str, doc_id: str, key: str) -> list[Override]:
    return [o for o in overrides if o.kind == kind and o.key == key and o.doc_id in (None, doc_id)]


@dataclass
class _Pending:
    """A name still looking for its id in one document."""

    key: str            # the unit as printed, or the activity_key
    names: list[str]    # printed names compared (a unit's in-document spellings)
    forbidden: set[str] = field(default_factory=set)
    forced_new: bool = False


def _score_matrix(left: list[list[str]], right: list[list[str]], scorer: str) -> np.ndarray:
    """Best score between any name of each left item and any name of each right item."""
    lkeys = [name_to_fuzzy_key(n) for names in left for n in names]
    rkeys = [name_to_fuzzy_key(n) for names in right for n in names]
    if not lkeys or not rkeys:
        return np.zeros((len(left), len(right)))
    raw = process.cdist(lkeys, rkeys, scorer=SCORERS[scorer], dtype=np.float32, workers=1)
    lrow = np.repeat(np.arange(len(left)), [len(n) for n in left])
    rcol = np.repeat(np.arange(len(right)), [len(n) for n in right])
    by_left = np.full((len(left), len(rkeys)), -1.0)
    np.maximum.at(by_left, lrow, raw)
    out = np.full((len(left), len(right)), -1.0)
    np.maximum.at(out.T, rcol, by_left.T)
    empty_l = [not any(name_to_key(n) for n in names) for names in left]
    empty_r = [not any(name_to_key(n) for n in names) for names in right]
    out[np.array(empty_l, dtype=bool), :] = 0
    out[:, np.array(empty_r, dtype=bool)] = 0
    return out


def assign_one_to_one(scores: np.ndarray) -> list[tuple[int, int, float]]:
    """(row, column, score) of the assignment maximising the total score (each used once)."""
    if scores.size == 0:
        return []
    rows, cols = linear_sum_assignment(scores, maximize=True)
    return [(int(r), int(c), float(scores[r, c])) for r, c in zip(rows, cols)]


def _mask_forbidden(scores: np.ndarray, pending: list[_Pending], ids: list[str]) -> np.ndarray:
    for i, p in enumerate(pending):
        for j, target in enumerate(ids):
            if p.forced_new or target in p.forbidden:
                scores[i, j] = -1.0
    return scores


# --- units ------------------------------------------------------------------------------

def _resolve_units(doc_id: str, inst_key: str, rows: pd.DataFrame, state: _State, clusters: dict,
                   overrides: list[Override], settings: ReconcileSettings) -> dict[str, str]:
    printed = [u for u in dict.fromkeys(rows["unit"]) if _present(u)]
    ids: dict[str, str] = {}
    pending: list[_Pending] = []
    for name in printed:
        known = state.unit_names.get((doc_id, name))
        decisions = _overrides_for(overrides, "unit", doc_id, name)
        if known and not decisions and known.unit_id in state.units and known.method != "manual":
            ids[name] = known.unit_id
            continue
        state.unit_names.pop((doc_id, name), None)
        same = [o for o in decisions if o.decision == "same"]
        if same:
            ids[name] = same[-1].target_id
            state.unit_names[(doc_id, name)] = UnitName(doc_id, inst_key, name, same[-1].target_id, "manual")
            continue
        different = [o for o in decisions if o.decision == "different"]
        pending.append(_Pending(name, [name], {o.target_id for o in different if o.target_id},
                                forced_new=any(not o.target_id for o in different)))

    def link(p: _Pending, unit_id: str, method: str, score: float | None = None) -> None:
        ids[p.key] = unit_id
        state.unit_names[(doc_id, p.key)] = UnitName(doc_id, inst_key, p.key, unit_id, method, score)

    known = state.unit_names_of(inst_key, exclude_doc=doc_id)
    # Stages on the whole name: code, exact, normalized. A unit seen before keeps its id
    # whichever document it comes from; several spellings in one document may share one.
    codes = {uid: {unit_name_to_code(n) for n in names} - {None} for uid, names in known.items()}
    stages = [
        ("code", lambda n: unit_name_to_code(n), lambda uid: codes[uid]),
        ("exact", lambda n: n, lambda uid: set(known[uid])),
        ("normalized", lambda n: name_to_key(unit_name_without_code(n)),
         lambda uid: {name_to_key(unit_name_without_code(k)) for k in known[uid]}),
    ]
    for method, key_of, keys_of in stages:
        rest = []
        for p in pending:
            key = key_of(p.key)
            match = next((uid for uid in known if key and not p.forced_new and uid not in p.forbidden
                          and key in keys_of(uid)), None)
            if match:
                link(p, match, method, 100.0)
            else:
                rest.append(p)
        pending = rest

    # Spellings of one unit inside this document ("(La Paz)" / "La Paz") go together.
    groups: dict[str, list[_Pending]] = {}
    for p in pending:
        groups.setdefault(name_to_key(unit_name_without_code(p.key)) or p.key, []).append(p)
    heads = []
    for members in groups.values():
        head = members[0]
        head.names = [m.key for m in members]
        heads.append((head, members[1:]))

    claimed = set(ids.values())
    candidates = [uid for uid in known if uid not in claimed]
    scores = _mask_forbidden(_score_matrix([h.names for h, _ in heads], [known[u] for u in candidates],
                                           settings.scorer), [h for h, _ in heads], candidates)
    decided: dict[int, tuple[str, str, float]] = {}
    best: dict[int, tuple[str, float]] = {}
    for i, j, score in assign_one_to_one(scores):
        if score >= settings.unit_accept:
            decided[i] = (candidates[j], "fuzzy", score)
        elif score >= 0:
            best[i] = (candidates[j], score)

    # A unit renamed outright: the activities it shares with a unit say which one it is.
    # Regional offices share most of their activities (one template), so the share alone
    # does not tell them apart; among the units sharing enough, the name decides.
    open_heads = [i for i in range(len(heads)) if i not in decided]
    free = [j for j, u in enumerate(candidates) if u not in {d[0] for d in decided.values()}]
    if open_heads and free:
        share = _unit_evidence([heads[i][0] for i in open_heads], rows, [candidates[j] for j in free],
                               clusters, settings)
        name = np.clip(scores[np.ix_(open_heads, free)], 0, 100)
        combined = np.where(share >= settings.unit_evidence, (name + 100 * share) / 2, -1.0)
        combined = _mask_forbidden(combined, [heads[i][0] for i in open_heads], [candidates[j] for j in free])
        for a, b, score in assign_one_to_one(combined):
            if score >= 0:
                decided[open_heads[a]] = (candidates[free[b]], "activities", score)
                best.pop(open_heads[a], None)

    for i, (head, others) in enumerate(heads):
        if i in decided:
            unit_id, method, score = decided[i]
            link(head, unit_id, method, round(score, 1))
        else:
            unit_id = state.add_unit(inst_key, head.key, doc_id)
            link(head, unit_id, "new")
            if i in best and best[i][1] >= settings.unit_reject:
                state.unit_names[(doc_id, head.key)].candidate_id = best[i][0]
                state.unit_names[(doc_id, head.key)].candidate_score = round(best[i][1], 1)
        for other in others:
            link(other, unit_id, "normalized", 100.0)
    return ids


def _unit_evidence(heads: list[_Pending], rows: pd.DataFrame, candidates: list[str], clusters: dict,
                   settings: ReconcileSettings) -> np.ndarray:
    """Share of activities two units have in common (of the larger unit), 0 below the minimum count."""
    out = np.zeros((len(heads), len(candidates)))
    for i, head in enumerate(heads):
        mine = rows.loc[rows["unit"].isin(head.names), "activity"].dropna().tolist()
        for j, unit_id in enumerate(candidates):
            theirs = [ms[0].activity for ms in clusters.get(unit_id, {}).values() if ms[0].activity]
            if not mine or not theirs:
                continue
            scores = _score_matrix([[a] for a in mine], [[t] for t in theirs], settings.scorer)
            matched = sum(1 for *_, s in assign_one_to_one(scores) if s >= settings.activity_accept)
            if matched >= settings.unit_evidence_min:
                out[i, j] = matched / max(len(mine), len(theirs))
    return out


# --- activities -------------------------------------------------------------------------

def _resolve_activities(doc_id: str, inst_key: str, rows: pd.DataFrame, unit_ids: dict[str, str],
                        state: _State, clusters: dict, overrides: list[Override], settings: ReconcileSettings) -> None:
    blocks: dict[str | None, list] = defaultdict(list)
    for r in rows.itertuples(index=False):
        unit_id = unit_ids.get(r.unit) if _present(r.unit) else None
        blocks[unit_id].append(r)
    for unit_id, block in blocks.items():
        _resolve_block(doc_id, inst_key, unit_id, block, state, clusters.get(unit_id, {}), overrides, settings)


def _resolve_block(doc_id: str, inst_key: str, unit_id: str | None, block: list, state: _State,
                   clusters: dict[str, list[ActivityLink]], overrides: list[Override],
                   settings: ReconcileSettings) -> None:
    claimed: set[str] = set()
    pending: list[tuple[_Pending, object]] = []

    def link(r, activity_id: str, method: str, score: float | None = None, candidate=None) -> None:
        claimed.add(activity_id)
        state.links[r.activity_key] = ActivityLink(
            r.activity_key, doc_id, inst_key, unit_id, _text(r.code), _text(r.activity), activity_id, method,
            None if score is None else round(score, 1), *(candidate or (None, None)))

    for r in block:
        known = state.links.get(r.activity_key)
        decisions = _overrides_for(overrides, "activity", doc_id, r.activity_key)
        if (known and not decisions and known.method != "manual"
                and known.unit_id == unit_id and known.institution_key == inst_key
                and known.code == _text(r.code) and known.activity == _text(r.activity)
                and known.activity_id not in claimed):
            claimed.add(known.activity_id)
            continue
        state.links.pop(r.activity_key, None)
        same = [o for o in decisions if o.decision == "same"]
        if same:
            link(r, same[-1].target_id, "manual")
            continue
        different = [o for o in decisions if o.decision == "different"]
        pending.append((_Pending(r.activity_key, [_text(r.activity) or ""],
                                 {o.target_id for o in different if o.target_id},
                                 forced_new=any(not o.target_id for o in different)), r))

    stages = [
        ("code", lambda r: _text(r.code), lambda m: m.code),
        ("exact", lambda r: _text(r.activity), lambda m: m.activity),
        ("normalized", lambda r: name_to_key(_text(r.activity)) or None, lambda m: name_to_key(m.activity) or None),
    ]
    for method, key_of, member_key in stages:
        index: dict[str, list[str]] = defaultdict(list)  # key -> ids having a member with it
        for aid, members in clusters.items():
            for key in dict.fromkeys(member_key(m) for m in members):
                if key:
                    index[key].append(aid)
        rest = []
        for p, r in pending:
            key = key_of(r)
            match = next((aid for aid in index.get(key, ()) if not p.forced_new and aid not in claimed
                          and aid not in p.forbidden), None) if key else None
            if match:
                link(r, match, method, 100.0)
            else:
                rest.append((p, r))
        pending = rest

    candidates = [aid for aid in clusters if aid not in claimed]
    names = [[m.activity for m in clusters[aid] if m.activity] for aid in candidates]
    scores = _mask_forbidden(_score_matrix([p.names for p, _ in pending], names, settings.scorer),
                             [p for p, _ in pending], candidates)
    decided: dict[int, tuple[str, float]] = {}
    best: dict[int, tuple[str, float]] = {}
    for i, j, score in assign_one_to_one(scores):
        (decided if score >= settings.activity_accept else best)[i] = (candidates[j], score)
    for i, (p, r) in enumerate(pending):
        if i in decided:
            link(r, decided[i][0], "fuzzy", decided[i][1])
            continue
        activity_id = new_id("a-", r.activity_key, state.taken, 12)
        grey = best.get(i)
        candidate = (grey[0], round(grey[1], 1)) if grey and grey[1] >= settings.activity_reject else None
        link(r, activity_id, "new", None, candidate)


def _text(value) -> str | None:
    return str(value) if _present(value) else None
