"""Row accounting: what happened to every body row of every activity table.

The extractors do not report per-row dispositions, so the worker counts them by
watching the extractor's own row hooks while it runs (read-only wrappers on one
extractor instance; the family code is unchanged). The base template
(``MonthlyTableExtractor.chain_to_drafts``) sends every body row through
``repair_row``; a row that is not blank then goes through ``is_grouping_row``,
then ``is_summary_row``, then ``is_fragment`` (only when a previous row exists).
So each body row ends in exactly one of:

* blank (no printed cell),
* grouping (an OEI/AEI row: it becomes the ``section``/``strategic_line`` of the
  rows below, not a row of its own),
* summary (quarantined with reason ``summary_row``),
* fragment (merged into the activity above: a wrapped or page-split cell),
* an activity of its own.

``RowCount.balanced`` checks ``seen == blank + grouping + summary + fragments +
activities`` against the activities the extractor returned, and the tests
check that those activities and quarantine rows all reach the Parquet files.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass
class RowCount:
    seen: int = 0  # body rows of activity tables, as printed
    blank: int = 0
    grouping: int = 0
    summary: int = 0
    fragments: int = 0
    activities: int = 0  # set from the extraction result
    # Printed value cells of rows that were kept (activities and their fragments):
    # each becomes a value, or is quarantined (not a number / unlabelled column).
    value_cells: int = 0
    watched: bool = True  # False when the extractor has no row hooks to watch

    @property
    def drafted(self) -> int:
        return self.seen - self.blank - self.grouping - self.summary - self.fragments

    @property
    def balanced(self) -> bool:
        # No row seen but activities returned: a family that reads rows its own way
        # (not through the template's hooks), so there is nothing to compare.
        if not self.watched or (self.seen == 0 and self.activities):
            return True
        return self.drafted == self.activities

    def as_dict(self) -> dict:
        return {**asdict(self), "balanced": self.balanced}


def watch_rows(extractor) -> RowCount:
    """Wrap the row hooks of one extractor instance so they count; returns the live count."""
    count = RowCount()
    hooks = ("repair_row", "is_grouping_row", "is_summary_row", "is_fragment")
    if not all(callable(getattr(extractor, name, None)) for name in hooks):
        count.watched = False
        return count
    repair, grouping, summary, fragment = (getattr(extractor, name) for name in hooks)

    # Every body row passes repair_row; a blank row stops there (no draft), so a row
    # counts as blank until it reaches is_grouping_row.
    def repair_row(cells, columns):
        count.seen += 1
        count.blank += 1
        return repair(cells, columns)

    def is_grouping_row(row):
        count.blank -= 1
        hit = bool(grouping(row))
        count.grouping += hit
        return hit

    def is_summary_row(row):
        hit = bool(summary(row))
        count.summary += hit
        if not hit:
            count.value_cells += len(row.values) + len(row.extra)
        return hit

    def is_fragment(row, previous, columns):
        hit = bool(fragment(row, previous, columns))
        count.fragments += hit
        return hit

    # Instance attributes shadow the class's methods for this one extractor only.
    extractor.repair_row, extractor.is_grouping_row = repair_row, is_grouping_row
    extractor.is_summary_row, extractor.is_fragment = is_summary_row, is_fragment
    return count
