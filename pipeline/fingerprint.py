"""Fingerprints of the code and libraries that decide an output: a change to any of them is a new key.

Standard library only, and no import of the code it fingerprints: the check that a run
has nothing to do (pipeline/warm.py) uses it before pandas or any parser is loaded.

* ``code_fingerprint(ocr)``: what reads a PDF into a document's outcome (the key of
  the cache of finished documents, pipeline/cache.py);
* ``tables_fingerprint()``: what turns outcomes into the published tables and what
  reconciles them (the whole of ``pipeline/`` and ``schemas/``, and the libraries
  that write Parquet and match names): with ``code_fingerprint``, the code key of a
  whole run.
"""

from __future__ import annotations

import functools
import hashlib
import sys
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# What reads a PDF into an outcome: a change to any of these files is a new extractor.
CODE = ("extractors/**/*.py", "schemas/*.py", "pipeline/__init__.py", "pipeline/worker.py", "pipeline/confidence.py",
        "pipeline/accounting.py", "pipeline/failures.py", "pipeline/config.py", "pipeline/number_locales.py",
        "pipeline/repeats.py", "pipeline/totals.py")
LIBRARIES = ("pypdfium2", "pdfminer.six", "pdfplumber")
OCR_CODE, OCR_LIBRARIES = ("extractors/ocr/tessdata/*",), ("tesserocr", "opencv-python-headless", "rapidfuzz")
# What makes the tables, the report and the ids from the outcomes (the Parquet bytes
# name pyarrow's version; pandera decides what passes).
TABLES_CODE = ("pipeline/*.py", "schemas/*.py")
TABLES_LIBRARIES = ("pandas", "pyarrow", "pandera", "numpy", "rapidfuzz", "scipy")


@functools.lru_cache(maxsize=2)
def code_fingerprint(ocr: bool) -> str:
    """SHA-256 over the code that extracts (``CODE``) and the versions of the PDF libraries;
    with OCR, its code, model files and libraries too."""
    return files_fingerprint(CODE + (OCR_CODE if ocr else ()), LIBRARIES + (OCR_LIBRARIES if ocr else ()))


@functools.lru_cache(maxsize=1)
def tables_fingerprint() -> str:
    """SHA-256 over ``pipeline/``, ``schemas/``, the table libraries' versions and Python's."""
    both = files_fingerprint(TABLES_CODE, TABLES_LIBRARIES) + "\0" + sys.version
    return hashlib.sha256(both.encode()).hexdigest()


def files_fingerprint(patterns: tuple[str, ...], libraries: tuple[str, ...]) -> str:
    """SHA-256 over the files matching ``patterns`` under the project (path and bytes) and the
    installed versions of ``libraries`` ('-' for one not installed)."""
    digest = hashlib.sha256()
    for pattern in patterns:
        for path in sorted(ROOT.glob(pattern)):
            if path.is_file():
                digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for name in libraries:
        digest.update(f"{name}={_version(name)}\0".encode())
    return digest.hexdigest()


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "-"
