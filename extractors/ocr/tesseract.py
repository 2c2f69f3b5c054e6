"""Tesseract (through tesserocr, whose wheel bundles libtesseract) with the Spanish
model carried in ``extractors/ocr/tessdata`` (see its NOTICE): nothing is read from
the system's tessdata and nothing is downloaded."""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

import numpy as np

TESSDATA = Path(__file__).resolve().parent / "tessdata"


class Glyph(NamedTuple):
    """One letter as the engine read it: its text, ink box (pixels) and confidence (0..1)."""

    text: str
    x0: int
    top: int
    x1: int
    bottom: int
    confidence: float


class EngineWord(NamedTuple):
    """One word as the engine read it, in pixels of the image it was given."""

    text: str
    x0: int
    top: int
    x1: int
    bottom: int
    confidence: float  # 0..1
    line: int  # words of one text line (as the engine saw it) share it
    glyphs: tuple[Glyph, ...]


class TesseractEngine:
    """One Tesseract instance (0.2 s to start): make one per process and reuse it."""

    def __init__(self, language: str = "spa", tessdata: Path = TESSDATA) -> None:
        # One thread per engine: the pipeline runs one document per process, and a
        # second thread measured nothing on a page (the spike, issue 12).
        os.environ.setdefault("OMP_THREAD_LIMIT", "1")
        from tesserocr import OEM, PSM, PyTessBaseAPI

        missing = [name for name in language.split("+") if not (tessdata / f"{name}.traineddata").is_file()]
        if missing:
            raise FileNotFoundError(f"no OCR model {' '.join(missing)!r} in {tessdata}")
        try:
            self._api = PyTessBaseAPI(path=str(tessdata) + os.sep, lang=language, psm=PSM.SPARSE_TEXT,
                                      oem=OEM.LSTM_ONLY)
        except RuntimeError as exc:
            raise RuntimeError(f"Tesseract could not load {language!r} from {tessdata}: {exc}") from exc
        # White on black text is not looked for: a second recognition of every
        # doubtful line, for scans that never print it.
        self._api.SetVariable("tessedit_do_invert", "0")

    def read(self, gray: np.ndarray, dpi: int) -> list[EngineWord]:
        """The words of a greyscale page image (uint8, rows top to bottom)."""
        from tesserocr import RIL, iterate_level

        api = self._api
        gray = np.ascontiguousarray(gray, dtype=np.uint8)
        h, w = gray.shape
        api.SetImageBytes(gray.tobytes(), w, h, 1, w)
        api.SetSourceResolution(dpi)
        api.Recognize()
        words: list[EngineWord] = []
        line = -1
        word_conf = 0.0
        glyphs: list[Glyph] = []
        iterator = api.GetIterator()
        for item in iterate_level(iterator, RIL.SYMBOL):
            if item.IsAtBeginningOf(RIL.WORD):
                _close_word(words, glyphs, word_conf, line)
                glyphs = []
                word_conf = item.Confidence(RIL.WORD) / 100
                if item.IsAtBeginningOf(RIL.TEXTLINE):
                    line += 1
            text = item.GetUTF8Text(RIL.SYMBOL)
            box = item.BoundingBox(RIL.SYMBOL)
            if text and not text.isspace() and box is not None:
                glyphs.append(Glyph(text, *box, max(0.0, min(1.0, item.Confidence(RIL.SYMBOL) / 100))))
        _close_word(words, glyphs, word_conf, line)
        api.Clear()
        return words

    def close(self) -> None:
        self._api.End()


def _close_word(words: list[EngineWord], glyphs: list[Glyph], confidence: float, line: int) -> None:
    if glyphs:
        words.append(EngineWord("".join(g.text for g in glyphs), min(g.x0 for g in glyphs), min(g.top for g in glyphs),
                                max(g.x1 for g in glyphs), max(g.bottom for g in glyphs),
                                max(0.0, min(1.0, confidence)), line, tuple(glyphs)))
