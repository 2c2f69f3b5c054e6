"""The PDFs of an input: which files a run reads, and under which name (standard library only)."""

from __future__ import annotations

import hashlib
from pathlib import Path

# path, size, mtime (ns) -> SHA-256: a run hashes each input once, though both the check for
# an unchanged run (pipeline/warm.py) and the run itself need every input's hash.
_HASHES: dict[tuple[str, int, int], str] = {}


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


def input_sha256(path: Path) -> str:
    """SHA-256 of an input's bytes, read once per process while its size and mtime stay the same."""
    stat = path.stat()
    key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    if key not in _HASHES:
        with open(path, "rb") as fh:
            _HASHES[key] = hashlib.file_digest(fh, "sha256").hexdigest()
    return _HASHES[key]


def hashed_inputs(in_path: Path) -> list[tuple[Path, str, str]]:
    """(path, source path, SHA-256) of every PDF of the input, in path order, named as
    `extract` names them in documents.parquet (relative to the input folder)."""
    root = input_root(in_path)
    return [(p, p.relative_to(root).as_posix(), input_sha256(p)) for p in find_pdfs(in_path)]
