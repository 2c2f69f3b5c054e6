"""The tables of docs/ that mirror code, generated from it: ``python -m pipeline.docs`` (``make docs``).

A page marks each generated region with HTML comments, which Markdown hides::

    <!-- generated: contract documents -->
    ...rewritten by this module...
    <!-- end generated -->

Regions:

* ``contract <table>`` (docs/contract.md): one row per column of the table's pandera model
  (``schemas/contract.py``): its name, its type in the Parquet file (``pipeline/io.py``), whether it
  may be null, what values it allows (unique, enums of ``isin``, patterns, bounds, the table a key
  refers to) and its description, which the Parquet field metadata and the Data Package carry too;
  then the model's checks across columns.
* ``rules`` (docs/checks.md): every rule of ``schemas/rules.py``, the frame it reads
  (``pipeline/checks.py``), its severity and its one-sentence ``doc``.

Nothing is written by hand between the markers; ``tests/test_docs.py`` regenerates every page in
memory and fails when a file differs (``--check`` does the same from the command line).
"""

from __future__ import annotations

import argparse
import html
import io as _io
import os
import re
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from schemas import SCHEMAS
from schemas.contract import KEYS
from schemas.rules import RULES

from .io import arrow_schema

DOCS = Path(__file__).resolve().parent.parent / "docs"
REGION = re.compile(r"(<!-- generated: (?P<name>[a-z_ ]+) -->\n)(?P<body>.*?)(<!-- end generated -->)", re.S)
# Bounds as pandera's built-in checks name them.
BOUNDS = {"greater_than_or_equal_to": "≥ {}", "less_than_or_equal_to": "≤ {}"}


def md_cell(text: str) -> str:
    """Text for one cell of a Markdown table: one line, pipes escaped (also inside code spans)."""
    return " ".join(str(text).split()).replace("|", "\\|")


def md_text(text: str) -> str:
    """Plain text for Markdown: '<doc_id>' would be taken for an HTML tag and vanish."""
    return html.escape(text, quote=False)


def md_code(text) -> str:
    return f"`{text}`"


def file_types(name: str) -> dict[str, str]:
    """Column -> its type as a reader of the Parquet file sees it (the writer's schema, read back)."""
    buffer = _io.BytesIO()
    pq.write_table(arrow_schema(name).empty_table(), buffer)
    schema = pq.read_schema(pa.BufferReader(buffer.getvalue()))
    return {f.name: "dictionary<int32, string>" if pa.types.is_dictionary(f.type) else str(f.type) for f in schema}


def allowed_values(table: str, column: str, col) -> str:
    """What the contract allows in one column, in words: unique, enum, pattern, bounds, key."""
    parts = ["unique"] if col.unique else []
    for check in col.checks:
        (value,) = check.statistics.values()
        if check.name == "isin":
            parts.append(", ".join(md_code(v) for v in value))
        elif check.name == "str_matches":
            parts.append(f"matches {md_code(value)}")
        elif check.name in BOUNDS:
            parts.append(BOUNDS[check.name].format(value))
        else:
            raise ValueError(f"{table}.{column}: no wording for the check {check.name}")
    if KEYS.get(column, table) != table:
        parts.append(f"a row of {md_code(KEYS[column])}")
    return "; ".join(parts)


def contract_table(name: str) -> str:
    """The Markdown table of one contract table's columns, then its checks across columns."""
    schema, types = SCHEMAS[name].to_schema(), file_types(name)
    lines = [md_text(schema.description), "",
             "| column | type in the file | null | allowed values | description |", "|---|---|---|---|---|"]
    for column, col in schema.columns.items():
        cells = [md_code(column), md_code(types[column]), "yes" if col.nullable else "no",
                 allowed_values(name, column, col), md_text(col.description or "")]
        lines.append("| " + " | ".join(md_cell(c) for c in cells) + " |")
    after = []
    if schema.unique:
        after.append("* unique together: " + ", ".join(md_code(c) for c in schema.unique))
    after += [f"* {md_text(check.error)}" for check in schema.checks]
    return "\n".join(lines + (["", "Checked across columns:", ""] + after if after else []))


def rules_table() -> str:
    """Every rule of schemas/rules.py: name, the facts frame it reads, severity, what it says."""
    lines = ["| rule | over | severity | what it says |", "|---|---|---|---|"]
    lines += [f"| {md_code(rule.name)} | {kind} | {rule.severity} | {md_cell(md_text(rule.doc))} |"
              for kind, rules in RULES.items() for rule in rules]
    return "\n".join(lines)


def regions() -> dict[str, str]:
    """Name of every generated region -> its Markdown."""
    return {**{f"contract {name}": contract_table(name) for name in SCHEMAS}, "rules": rules_table()}


def render_page(text: str, generated: dict[str, str], page: str = "page") -> str:
    """``text`` with the body of each of its generated regions rewritten; unknown names raise."""
    def body(match: re.Match) -> str:
        name = match["name"]
        if name not in generated:
            raise ValueError(f"{page}: unknown generated region {name!r}; known: {', '.join(generated)}")
        return f"{match[1]}\n{generated[name]}\n\n{match[4]}"
    return REGION.sub(body, text)


def region_names(text: str) -> list[str]:
    return [m["name"] for m in REGION.finditer(text)]


def generated_pages(docs: Path = DOCS) -> dict[Path, tuple[str, str]]:
    """Every page of ``docs`` holding a generated region -> (its text now, its text regenerated)."""
    generated, pages = regions(), {}
    for path in sorted(docs.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        if region_names(text):
            pages[path] = (text, render_page(text, generated, path.name))
    return pages


def _write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.docs", description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 when a page is out of date")
    args = parser.parse_args(argv)
    stale = [(path, new) for path, (old, new) in generated_pages().items() if old != new]
    for path, new in stale:
        if args.check:
            print(f"{path.relative_to(DOCS.parent)} is out of date: run make docs", file=sys.stderr)
        else:
            _write(path, new)
            print(f"wrote {path.relative_to(DOCS.parent)}")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
