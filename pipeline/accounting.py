"""Row accounting: every printed body row of an activity table is in the output or accounted for.

The extractor's template (``MonthlyTableExtractor.chain_to_drafts``) tallies what
became of each body row (``extractors.base.RowTally``): blank, grouping (an
OEI/AEI row that becomes the ``section``/``strategic_line`` of the rows below),
summary (quarantined with reason ``summary_row``), fragment (merged into the
activity above) or an activity of its own. :class:`RowCount` adds the number of
activities the extractor returned and checks that the two agree; the tests check
that those activities and quarantine rows all reach the Parquet files. The rows of a
table the family could not read (its columns not recognised) are counted apart, as
``unread``: each is in quarantine with reason ``table_columns_unread``.

A document whose rows break the data contract (``pipeline/gate.py``) keeps its count:
its activities and values are then in quarantine with reason ``contract_violation``,
recorded here as ``contract_activities`` and ``contract_values``, so that
:func:`unaccounted` still finds every row either clean or quarantined. So does a
document whose checks raised (``pipeline/checks.py``): reason ``not_checked``, recorded
as ``unchecked_activities`` and ``unchecked_values``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass

from extractors.base import INFO_REASONS, TABLE_COLUMNS_UNREAD, RowTally


@dataclass
class RowCount:
    seen: int = 0  # body rows of activity tables, as printed
    blank: int = 0
    grouping: int = 0
    summary: int = 0
    fragments: int = 0
    activities: int = 0  # returned by the extractor
    # Printed value cells of rows that were kept (activities and their fragments):
    # each becomes a value, or is quarantined (not a number / unlabelled column).
    value_cells: int = 0
    # Moved to quarantine as contract_violation (pipeline/gate.py): of ``activities``
    # and of the values made from ``value_cells``.
    contract_activities: int = 0
    contract_values: int = 0
    # Moved to quarantine as not_checked (the document's checks raised): the same way.
    unchecked_activities: int = 0
    unchecked_values: int = 0
    # Body rows of tables whose columns were not recognised, each quarantined whole.
    unread: int = 0

    @classmethod
    def of(cls, tally: RowTally, activities: int) -> "RowCount":
        return cls(**asdict(tally), activities=activities)

    @property
    def drafted(self) -> int:
        return self.seen - self.blank - self.grouping - self.summary - self.fragments

    @property
    def balanced(self) -> bool:
        # No row seen but activities returned: a family that reads rows its own way
        # (not through the template), so there is nothing to compare.
        if self.seen == 0 and self.activities:
            return True
        return self.drafted == self.activities

    def as_dict(self) -> dict:
        return {**asdict(self), "balanced": self.balanced}


def unaccounted(rows: RowCount, activities: int, values: int, reasons: Mapping[str, int]) -> list[str]:
    """What does not add up between a document's row count and its rows in the output ([]: all).

    ``activities`` and ``values``: the document's rows in activities/values.parquet;
    ``reasons``: its quarantine rows by reason. Seen rows = clean + quarantined:

    * body rows: blank + grouping + summary (quarantined ``summary_row``) + fragments +
      activities, and activities = clean + quarantined as ``contract_violation`` or
      ``not_checked``;
    * value cells of the kept rows: clean values + values quarantined as
      ``contract_violation`` or ``not_checked`` + cells quarantined for what they are
      (not a number, under an unlabelled column);
    * rows of tables whose columns were not recognised: quarantined ``table_columns_unread``.
    """
    # Here, not at the top: the worker processes import this module and must not load pandera.
    from schemas.contract import CONTRACT_VIOLATION, MOVED_REASONS, NOT_CHECKED

    problems = []
    summaries = sum(reasons.get(r, 0) for r in INFO_REASONS)
    moved = {CONTRACT_VIOLATION: (rows.contract_activities, rows.contract_values),
             NOT_CHECKED: (rows.unchecked_activities, rows.unchecked_values)}
    moved_activities = sum(a for a, _ in moved.values())
    moved_values = sum(v for _, v in moved.values())
    cells = sum(n for r, n in reasons.items()
                if r not in INFO_REASONS and r not in MOVED_REASONS and r != TABLE_COLUMNS_UNREAD)
    if rows.seen != rows.blank + rows.grouping + summaries + rows.fragments + rows.activities:
        problems.append(f"{rows.seen} rows seen != {rows.blank} blank + {rows.grouping} grouping + {summaries} "
                        f"summary + {rows.fragments} fragments + {rows.activities} activities")
    if rows.activities != activities + moved_activities:
        problems.append(f"{rows.activities} activities != {activities} clean + {moved_activities} "
                        f"quarantined ({' or '.join(MOVED_REASONS)})")
    for reason, (n_activities, n_values) in moved.items():
        if reasons.get(reason, 0) != n_activities + n_values:
            problems.append(f"{reasons.get(reason, 0)} {reason} rows != {n_activities} activities + "
                            f"{n_values} values moved")
    if reasons.get(TABLE_COLUMNS_UNREAD, 0) != rows.unread:
        problems.append(f"{reasons.get(TABLE_COLUMNS_UNREAD, 0)} {TABLE_COLUMNS_UNREAD} rows != {rows.unread} "
                        "rows of tables whose columns were not recognised")
    if rows.value_cells != values + moved_values + cells:
        problems.append(f"{rows.value_cells} value cells != {values} clean values + {moved_values} "
                        f"values moved ({' or '.join(MOVED_REASONS)}) + {cells} quarantined cells")
    return problems
