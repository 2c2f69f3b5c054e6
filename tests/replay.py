"""A text source giving pages already read, for tests that read a PDF once and use the
pages twice (the slow sources: pdfminer, OCR)."""

from __future__ import annotations

from pathlib import Path


class Replay:
    """The pages of one document as read before (the TextSource protocol)."""

    def __init__(self, name: str, contents: list | tuple):
        self.name, self.contents = name, tuple(contents)

    def count_pages(self, path: Path) -> int:
        return len(self.contents)

    def iter_pages(self, path: Path):
        return iter(self.contents)
