"""The settings of `pipeline reconcile`, apart from the matching itself (pipeline/reconcile.py).

Standard library only: the command line reads these defaults before it knows whether
the run has anything to do (pipeline/warm.py), without loading pandas or rapidfuzz.
"""

from __future__ import annotations

from dataclasses import dataclass

# rapidfuzz.fuzz scorers one may choose (pipeline/reconcile.py's SCORERS).
SCORER_NAMES = ("token_sort_ratio", "token_set_ratio", "token_ratio", "WRatio", "ratio")


@dataclass(frozen=True)
class ReconcileSettings:
    """Thresholds on rapidfuzz's 0-100 scale, chosen from measurements (docs/reconciliation.md).

    A score at or above ``*_accept`` links; below ``*_reject`` it is a different
    thing; in between, the pair goes to review.csv and is not linked.
    """

    unit_accept: float = 85.0
    unit_reject: float = 60.0
    activity_accept: float = 75.0
    activity_reject: float = 60.0
    # A unit renamed outright is the same unit when this share of the activities of the
    # larger of the two units (and at least ``unit_evidence_min``) match one-to-one at
    # ``activity_accept``; its score is the mean of this share (as %) and the name score.
    unit_evidence: float = 0.5
    unit_evidence_min: int = 2
    scorer: str = "token_sort_ratio"

    def __post_init__(self):
        if self.scorer not in SCORER_NAMES:
            raise ValueError(f"unknown scorer {self.scorer!r}; one of {', '.join(SCORER_NAMES)}")
        for kind in ("unit", "activity"):
            accept, reject = getattr(self, f"{kind}_accept"), getattr(self, f"{kind}_reject")
            if not 0 <= reject <= accept <= 100:
                raise ValueError(f"{kind} thresholds must satisfy 0 <= reject ({reject}) <= accept ({accept}) <= 100")
        if not 0 < self.unit_evidence <= 1:
            raise ValueError(f"unit_evidence must be in (0, 1], got {self.unit_evidence}")
