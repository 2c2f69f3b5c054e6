"""Run settings, validated once at the entry point and passed down as one object."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

# The extractors are imported where a setting is checked, not here: the command line
# reads these defaults before it knows whether the run has anything to do (pipeline/warm.py).
if TYPE_CHECKING:
    from extractors.layout.settings import TableSettings

# Pages without a text layer: read by OCR where they draw an image (auto), never (off:
# such a document is needs_ocr), or every page, for text layers that are garbage (force).
# Off by default until OCR reads the scanned samples as exactly as their text (README,
# "Scanned pages (OCR)": today a scanned "7%" can come out "1%", a wrong number).
OCR_MODES = ("auto", "off", "force")
GIB = 1 << 30
MIB = 1 << 20
# Below this a worker cannot even hold the interpreter and PDFium.
MIN_MEMORY = 256 * MIB
_UNITS = {"": 1, "b": 1, "k": 1 << 10, "m": MIB, "g": GIB, "t": 1 << 40}


def default_table_settings():
    from extractors.layout.settings import TableSettings

    return TableSettings()


@dataclass(frozen=True)
class ExtractSettings:
    jobs: int = 0  # worker processes; 0 = all cores
    source: str = "pdfium"  # text source of the hot path (see extractors.layout.sources)
    tables: TableSettings = field(default_factory=default_table_settings)
    progress: bool = True
    # Per-document limits, enforced on the worker process that reads the document
    # (a hostile or broken PDF must not stall or starve the run). 0 = no limit.
    # 300 s is ~30x the time of the largest sample (1000 pages at ~100 pages/s take 10 s).
    timeout: float = 300.0  # seconds of wall time for one document
    # Address space of a worker (RLIMIT_AS), i.e. virtual memory, which is what a
    # decompression bomb or a runaway page grows. The largest sample peaks near 400 MB.
    max_memory: int = 2 * GIB
    # The number locale of every document ("1.234,5", "1,234.5" or a country's, "es-CO"),
    # and per file (source_path -> locale, from the input folder's number_locales.csv),
    # which wins; None lets each document's own numbers decide (extractors/values.py).
    number_locale: str | None = None
    number_locales: tuple[tuple[str, str], ...] = ()
    ocr: str = "off"
    # A page read by OCR takes a second or two, a hundred times a text page: each one
    # adds this much to the document's time limit, so a long scan is not cut short.
    ocr_page_seconds: float = 10.0

    def __post_init__(self) -> None:
        from extractors.layout.sources import SOURCES
        from extractors.values import number_locale as parse_number_locale

        if self.jobs < 0:
            raise ValueError("jobs cannot be negative (0 means all cores)")
        if self.source not in SOURCES:
            raise ValueError(f"Unknown text source {self.source!r}. Use one of: {', '.join(SOURCES)}")
        if self.timeout < 0:
            raise ValueError("timeout cannot be negative (0 means no time limit)")
        if self.max_memory and self.max_memory < MIN_MEMORY:
            raise ValueError(f"max memory must be at least {format_size(MIN_MEMORY)} (0 means no limit)")
        if self.ocr not in OCR_MODES:
            raise ValueError(f"Unknown OCR mode {self.ocr!r}. Use one of: {', '.join(OCR_MODES)}")
        if self.ocr_page_seconds < 0:
            raise ValueError("ocr page seconds cannot be negative")
        if self.number_locale is not None:
            parse_number_locale(self.number_locale)
        for source_path, name in self.number_locales:
            try:
                parse_number_locale(name)
            except ValueError as exc:
                raise ValueError(f"{source_path}: {exc}") from None

    def number_locale_of(self, source_path: str) -> str | None:
        """The user's number locale for one document (its own line first), None to infer it."""
        return dict(self.number_locales).get(source_path, self.number_locale)

    @property
    def workers(self) -> int:
        return self.jobs or os.cpu_count() or 1


def parse_size(text: str) -> int:
    """'2G', '512M', '1.5GiB', '1073741824' -> bytes (binary units); '0' = no limit."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*", text.lower())
    if not match:
        raise ValueError(f"Not a size: {text!r} (use e.g. 2G, 512M, or 0 for no limit)")
    number, unit = match.groups()
    return int(float(number) * _UNITS[unit])


def format_size(n: int) -> str:
    """Bytes in the largest binary unit that keeps it short: 2147483648 -> '2 GiB'."""
    for unit, size in (("GiB", GIB), ("MiB", MIB), ("KiB", 1 << 10)):
        if n >= size:
            value = n / size
            return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"
    return f"{n} B"
