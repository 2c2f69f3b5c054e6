"""Row accounting: every printed body row of an activity table is in the output or accounted for.

The extractor's template (``MonthlyTableExtractor.chain_to_drafts``) tallies what
became of each body row (``extractors.base.RowTally``): blank, grouping (an
OEI/AEI row that becomes the ``section``/``strategic_line`` of the rows below),
summary (quarantined with reason ``summary_row``), fragment (merged into the
activity above) or an activity of its own. :class:`RowCount` adds the number of
activities the extractor returned and checks that the two agree; the tests check
that those activities and quarantine rows all reach the Parquet files.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from extractors.base import RowTally


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
