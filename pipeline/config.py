"""Run settings, validated once at the entry point and passed down as one object."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from extractors.sources import SOURCES
from extractors.tables import TableSettings


@dataclass(frozen=True)
class ExtractSettings:
    jobs: int = 0  # worker processes; 0 = all cores
    source: str = "pdfium"  # text source of the hot path (see extractors.sources)
    tables: TableSettings = field(default_factory=TableSettings)
    progress: bool = True

    def __post_init__(self) -> None:
        if self.jobs < 0:
            raise ValueError("jobs cannot be negative (0 means all cores)")
        if self.source not in SOURCES:
            raise ValueError(f"Unknown text source {self.source!r}. Use one of: {', '.join(SOURCES)}")

    @property
    def workers(self) -> int:
        return self.jobs or os.cpu_count() or 1
