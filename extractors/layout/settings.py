"""The one settings object of the table layer, validated once at the entry point."""

from __future__ import annotations

from dataclasses import dataclass, replace

STRATEGIES = ("auto", "lines", "text")


@dataclass(frozen=True)
class TableSettings:
    """Tolerances of the table layer, validated once and passed down."""

    snap_tolerance: float = 3.0  # edges closer than this are the same ruling line
    join_tolerance: float = 3.0  # collinear edges with a smaller gap are one line
    intersection_tolerance: float = 3.0  # how far an edge may stop short of a crossing one
    min_edge_length: float = 3.0
    min_rows: int = 1
    min_cols: int = 2
    # Gap between glyphs, in font sizes, that separates words. Measured over the
    # producers of tests/producers (pdfplumber's space glyphs as the truth): letters
    # of a word sit at most 0.05 em apart, words at least 0.167 em (a space narrowed
    # by kerning, "L A" in Liberation Sans); spaces themselves are never needed.
    word_gap: float = 0.1
    line_overlap: float = 0.5  # vertical overlap (of the smaller glyph) that puts glyphs on one line
    # "lines": ruled tables only; "text": text alignment only; "auto": ruled tables,
    # then text alignment for the glyphs outside them (pages mix both).
    strategy: str = "auto"
    # Text strategy (lengths in font sizes of the table text, see extractors/alignment.py):
    text_column_gap: float = 0.35  # a horizontal gap wider than a word space separates cells
    # ... and so does one wider than text_column_gap_low that is text_column_gap_ratio
    # times the line's usual word gap (cells a hair more than a space apart)
    text_column_gap_low: float = 0.3
    text_column_gap_ratio: float = 1.1
    # A page read by OCR measures its gaps from ink, not from the font's advances: one
    # font's word spaces on one line measure 0.2-0.37 em there, where the text layer's are
    # 0.28 each. On such a page (``for_scanned_page``) a gap splits a line by its width
    # alone when wider than text_column_gap by this much more; a narrower one, wider than
    # text_column_gap_low, splits where neighbouring lines have a cell edge level with it
    # (``alignment.aligned_cuts``), not by the line's own word gaps, and one up to this
    # much narrower than text_column_gap_low where neighbouring rows show the same gap;
    # and a column gap (``text_gap_width``, a strip down every row) is asked this much less,
    # and so is the vertical whitespace that starts a new cell (``text_row_gap``): OCR
    # measures a print's em 4-9% larger than its text layer's size, so rows set 0.4 of a
    # size apart (Chromium's 002) measured 0.37-0.39 and were read as one cell.
    scan_gap_jitter: float = 0.05
    gaps_from_ink: bool = False  # set by ``for_scanned_page``
    text_gap_width: float = 0.3  # narrowest whitespace strip, shared by all rows, between columns
    text_span_reach: float = 0.25  # a phrase stopping this short of the next column still spans it
    text_row_gap: float = 0.4  # vertical whitespace above which a line starts a new cell
    # Vertical whitespace that sets a table apart from other text: more than
    # text_block_gap_rows times the page's typical gap between lines, within
    # text_block_gap_low .. text_block_gap font sizes.
    text_block_gap: float = 1.5
    text_block_gap_low: float = 1.0
    text_block_gap_rows: float = 2.5
    text_block_gap_min: float = 5.0  # ... but never less than this many points (tiny fonts)
    # Skip the alignment step on pages whose loose lines cannot hold an aligned block
    # (``alignment.may_hold_text_table``: exact, the tables are the same; off only to compare).
    text_precheck: bool = True

    def __post_init__(self) -> None:
        for name in ("snap_tolerance", "join_tolerance", "intersection_tolerance",
                     "min_edge_length", "word_gap", "line_overlap", "text_column_gap", "text_column_gap_low",
                     "text_column_gap_ratio", "scan_gap_jitter",
                     "text_row_gap", "text_block_gap", "text_block_gap_low", "text_block_gap_rows", "text_block_gap_min", "text_gap_width", "text_span_reach"):
            if getattr(self, name) < 0:
                raise ValueError(f"Table setting {name!r} cannot be negative")
        if self.strategy not in STRATEGIES:
            raise ValueError(f"Table setting 'strategy' must be one of {', '.join(STRATEGIES)}, not {self.strategy!r}")
        for name in ("text_precheck", "gaps_from_ink"):
            if not isinstance(getattr(self, name), bool):
                raise ValueError(f"Table setting {name!r} must be true or false, not {getattr(self, name)!r}")
        if self.min_rows < 1 or self.min_cols < 1:
            raise ValueError("Table settings 'min_rows' and 'min_cols' must be at least 1")

    def for_scanned_page(self) -> "TableSettings":
        """These settings for a page read by OCR (see ``scan_gap_jitter``)."""
        if self.gaps_from_ink:
            return self
        return replace(self, text_column_gap=self.text_column_gap + self.scan_gap_jitter,
                       text_gap_width=max(0.0, self.text_gap_width - self.scan_gap_jitter),
                       text_row_gap=max(0.0, self.text_row_gap - self.scan_gap_jitter), gaps_from_ink=True)

    @classmethod
    def resolve(cls, settings: "TableSettings | dict | None") -> "TableSettings":
        if settings is None:
            return cls()
        if isinstance(settings, cls):
            return settings
        if isinstance(settings, dict):
            unknown = set(settings) - set(cls.__dataclass_fields__)
            if unknown:
                raise ValueError(f"Unknown table settings: {sorted(unknown)}; valid: {sorted(cls.__dataclass_fields__)}")
            return cls(**settings)
        raise TypeError(f"Cannot resolve table settings from {type(settings).__name__}")
