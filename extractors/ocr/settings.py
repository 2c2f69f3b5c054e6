"""The one settings object of OCR, validated once where a run starts."""

from __future__ import annotations

from dataclasses import dataclass

MODES = ("auto", "force")
ENGINES = ("tesseract",)


@dataclass(frozen=True)
class OcrSettings:
    """How pages are read as images.

    ``mode``: ``auto`` reads by OCR only the pages whose text layer has no glyph and
    that draw an image (a scan); every other page comes from the text source as it
    is. ``force`` reads every page by OCR (a text layer of garbage).
    """

    mode: str = "auto"
    dpi: int = 300  # the page is rendered at this resolution for the engine
    rulings_dpi: int = 150  # ... and ruling lines are found on a copy at this one
    engine: str = "tesseract"
    language: str = "spa"
    # Words the engine is less sure of than this are flagged by the pipeline (0..1).
    min_confidence: float = 0.6

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ValueError(f"OCR setting 'mode' must be one of {', '.join(MODES)}, not {self.mode!r}")
        if self.engine not in ENGINES:
            raise ValueError(f"OCR setting 'engine' must be one of {', '.join(ENGINES)}, not {self.engine!r}")
        for name, low, high in (("dpi", 72, 1200), ("rulings_dpi", 36, 1200)):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
                raise ValueError(f"OCR setting {name!r} must be a whole number of dpi in {low}..{high}, not {value!r}")
        if self.rulings_dpi > self.dpi:
            raise ValueError(f"OCR setting 'rulings_dpi' ({self.rulings_dpi}) cannot exceed 'dpi' ({self.dpi})")
        if not isinstance(self.language, str) or not self.language:
            raise ValueError("OCR setting 'language' must name a model, e.g. 'spa'")
        if not 0.0 <= self.min_confidence <= 1.0:
            raise ValueError(f"OCR setting 'min_confidence' must be within 0..1, not {self.min_confidence!r}")

    @classmethod
    def resolve(cls, settings: "OcrSettings | dict | None") -> "OcrSettings":
        """Settings as given (None: the defaults), from a dict of field names."""
        if isinstance(settings, cls):
            return settings
        if settings is not None and not isinstance(settings, dict):
            raise TypeError(f"Cannot resolve OCR settings from {type(settings).__name__}")
        fields = dict(settings or {})
        if unknown := sorted(set(fields) - set(cls.__dataclass_fields__)):
            raise ValueError(f"Unknown OCR settings: {unknown}; valid: {sorted(cls.__dataclass_fields__)}")
        return cls(**fields)
