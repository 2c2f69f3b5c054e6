"""Thin command line: ``python -m pipeline extract IN --out OUT [--jobs N]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from extractors.tables import TableSettings

from .config import ExtractSettings
from .io import ContractError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m pipeline", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("extract", help="extract plan PDFs into validated Parquet")
    ex.add_argument("input", type=Path, help="a PDF file or a folder of PDFs (searched recursively)")
    ex.add_argument("--out", type=Path, default=Path("data/processed"), help="output folder (default: %(default)s)")
    ex.add_argument("--jobs", type=int, default=0, help="worker processes, 0 = all cores (default)")
    ex.add_argument("--source", default="pdfium", help="text source: pdfium (fast, default) or pdfplumber")
    ex.add_argument("--quiet", action="store_true", help="no progress bar")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "extract":
        return run_extract(args)
    return 2


def run_extract(args) -> int:
    from .run import extract_corpus

    try:
        settings = ExtractSettings(jobs=args.jobs, source=args.source, tables=TableSettings(),
                                   progress=not args.quiet and sys.stderr.isatty())
        summary = extract_corpus(args.input, args.out, settings)
    except (ValueError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except ContractError as exc:
        print(f"error: output breaks the data contract, nothing written.\n{exc}", file=sys.stderr)
        return 3
    print(format_summary(summary, args.out))
    return 1 if summary.failed else 0


def format_summary(summary, out_dir: Path) -> str:
    frames = summary.frames
    docs = frames["documents"]
    tables = {o.document["doc_id"]: o.n_tables for o in summary.outcomes}
    lines = [f"{'document':<40} {'status':<10} {'pages':>5} {'tables':>6} {'activities':>10} {'values':>7} {'quarantined':>11}"]
    for _, d in docs.sort_values("source_path").iterrows():
        key = d["doc_id"]
        n_act = int((frames["activities"]["doc_id"] == key).sum())
        n_val = int((frames["values"]["doc_id"] == key).sum())
        n_q = int((frames["quarantine"]["doc_id"] == key).sum())
        pages = "" if pd.isna(d["n_pages"]) else int(d["n_pages"])
        lines.append(f"{d['source_path'][:40]:<40} {d['status']:<10} {pages:>5} {tables.get(key, 0):>6} "
                     f"{n_act:>10} {n_val:>7} {n_q:>11}")
    n_pages = int(docs["n_pages"].fillna(0).sum())
    lines.append(f"{'total: ' + str(len(docs)) + ' documents':<40} {'':<10} {n_pages:>5} {sum(tables.values()):>6} "
                 f"{len(frames['activities']):>10} {len(frames['values']):>7} {len(frames['quarantine']):>11}")
    lines.append(f"{summary.seconds:.1f} s, {n_pages / max(summary.seconds, 1e-9):.0f} pages/s; wrote {out_dir}/"
                 "{documents,activities,values,quarantine}.parquet")
    for d in sorted(summary.outcomes, key=lambda o: o.document["source_path"]):
        if d.document["status"] != "ok" and d.document["message"]:
            lines.append(f"  {d.document['status']}: {d.document['message']}")
    return "\n".join(lines)
