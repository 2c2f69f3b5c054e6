"""The PDFs of an input: which files a run reads, and under which name (standard library only)."""

from __future__ import annotations

from pathlib import Path


def find_pdfs(in_path: Path) -> list[Path]:
    """PDF files under a folder (recursively, sorted), or the one file given."""
    if in_path.is_file():
        return [in_path]
    if not in_path.is_dir():
        raise FileNotFoundError(f"No such file or folder: {in_path}")
    return sorted(p for p in in_path.rglob("*") if p.is_file() and p.suffix.lower() == ".pdf")


def input_root(in_path: Path) -> Path:
    """The folder source paths are relative to: the input folder, or the one file's folder."""
    return in_path if in_path.is_dir() else in_path.parent
