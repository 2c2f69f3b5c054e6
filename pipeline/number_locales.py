"""The input folder's ``number_locales.csv``: the number locale of single files.

Most documents say their locale themselves (extractors/values.py decides it from
their numbers); a plan whose every number reads either way ("1.000", "25.000") is
read in its country's convention and flagged. A user who knows better writes one
line per file, next to the PDFs::

    file,number_locale
    bogota/poa-2025.pdf,es-CO
    lima/poi-2024.pdf,"1,234.5"

``file`` is the path relative to the input folder, as in documents.parquet's
``source_path``; ``number_locale`` is ``1,234.5``, ``1.234,5`` (quoted, or not: a line
``x.pdf,1.234,5`` means what it says) or a country's language tag (``es-CO``, ``MX``).
A line for one file wins over ``--number-locale``. Mistakes stop the run before
anything is read (exit code 2), naming the line.
"""

from __future__ import annotations

import csv
from pathlib import Path

from .inputs import input_root

FILE_NAME = "number_locales.csv"
HEADER = ["file", "number_locale"]


def read_number_locales(in_path: Path) -> tuple[tuple[str, str], ...]:
    """(source_path, locale) for each line of the input folder's number_locales.csv; () without one.

    Raises ValueError naming the file and line for a bad header, an unknown locale, a
    file named twice, or a file that is not a PDF of the input.
    """
    from extractors.values import number_locale  # here: the command line reads FILE_NAME before any parser

    root = input_root(in_path)
    path = root / FILE_NAME
    if not path.is_file():
        return ()
    with path.open(newline="", encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    if not rows or [c.strip().lower() for c in rows[0][:2]] != HEADER:
        raise ValueError(f"{path}: the first line must be '{','.join(HEADER)}'")
    seen: dict[str, int] = {}
    pairs: list[tuple[str, str]] = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        where = f"{path} line {number}"
        if len(row) < 2:
            raise ValueError(f"{where}: expected a file and a number locale, got {','.join(row)!r}")
        # An unquoted "1.234,5" splits in two cells: the locale is everything after the file.
        name, locale = row[0].strip(), ",".join(row[1:]).strip()
        target = root / name
        if (not name or not target.is_file() or target.suffix.lower() != ".pdf"
                or not target.resolve().is_relative_to(root.resolve())):
            raise ValueError(f"{where}: no PDF {name!r} in {root}")
        try:
            number_locale(locale)
        except ValueError as exc:
            raise ValueError(f"{where}: {exc}") from None
        if name in seen:
            raise ValueError(f"{where}: {name} is already given a locale on line {seen[name]}")
        seen[name] = number
        pairs.append((target.relative_to(root).as_posix(), locale))
    return tuple(pairs)
