"""Plans in layouts the families were not written for, rendered to real PDFs.

A grid here has the same shape as tests/fixtures/<doc>/grid.json, so the
project's own renderer draws it; the expected values come from the grid itself.
"""

from __future__ import annotations

from pathlib import Path

from fixtures.render import render_grid

MONTHS_SPELLED = ["ENERO", "FEBRERO", "MARZO", "ABRIL", "MAYO", "JUNIO", "JULIO", "AGOSTO",
                  "SEPTIEMBRE", "OCTUBRE", "NOVIEMBRE", "DICIEMBRE"]


def table_block(header: list[list[str]], rows: list[list[str]], caption: str | None = None) -> dict:
    width = len(header[-1])
    return {"type": "table", "table_id": "t", "caption_rows": [[caption] + [""] * (width - 1)] if caption else [],
            "header": header, "rows": rows, "continues_table": None, "first_row_is_continuation": False}


INTRODUCTION = ("El presente plan establece las actividades de cada unidad para el año, "
                "con sus metas mensuales y los responsables de su ejecución.")


def plan_grid(title: str, institution: str, blocks: list[dict]) -> dict:
    """A title, an introductory paragraph (body text, against which headings stand out), the blocks."""
    return {"doc": "synthetic", "title": title, "institution": institution, "country": "XX",
            "year": None, "page_header": [],
            "blocks": [{"type": "heading", "text": title}, {"type": "text", "text": INTRODUCTION}, *blocks]}


def render(grid: dict, path: Path, **options) -> Path:
    render_grid(grid, path, **options)
    return path
