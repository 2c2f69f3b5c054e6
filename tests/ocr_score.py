"""Score OCR on the scanned copies (tests/scans/): value F1 and activity recall per
document and style against tests/scans/expected, and seconds per page.

    PYTHONPATH=. .venv/bin/python tests/ocr_score.py [--style NAME ...] [--doc PREFIX ...] [--dpi N ...]
        [--scans build/scans-seed-N]

Each document is read as the pipeline's worker reads it (read_document with the OCR
source over PDFium, classify, the family's extract) in this process, one core, and what it
would publish is scored: a document whose rows break the data contract publishes none of
them (``pipeline.gate``), and scores as nothing found.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from golden import TEXT_FIELDS, activity_tuple, expected, value_tuple  # noqa: E402
from rapidfuzz import fuzz  # noqa: E402

from extractors import classify  # noqa: E402
from extractors.document import read_document  # noqa: E402
from extractors.layout.settings import TableSettings  # noqa: E402
from extractors.layout.sources import PdfiumSource, TextSource  # noqa: E402
from extractors.ocr import OcrSettings, ocr_source  # noqa: E402
from fixtures.scans import ANY_STYLE, OUT as SCANS, STYLES  # noqa: E402
from pipeline.gate import gate  # noqa: E402
from pipeline.worker import DocumentOutcome, failed_document, ocr_records_weighed  # noqa: E402
from schemas.contract import NAMING_FIELDS, OCR_MIN_CONFIDENCE  # noqa: E402


# Two rows are taken for the same activity when their text fields are at least this alike
# (rapidfuzz's ratio, 0-1): a row OCR garbled still pairs with its printed row, a row of
# another activity does not.
ROW_ALIKE = 0.6


def row_text(row: dict, fields=TEXT_FIELDS) -> str:
    """The text fields of an activity row, joined: what tells one activity from another."""
    return " | ".join(str(row.get(f) or "") for f in fields).lower()


def row_keys(row: dict) -> tuple[str, str]:
    """What ``rows_alike`` compares of a row: all its text fields, and those naming it."""
    return row_text(row), row_text(row, NAMING_FIELDS)


def rows_alike(got: tuple[str, str], want: tuple[str, str]) -> float:
    """How alike two activity rows read (0-1), by their ``row_keys``: all their text fields,
    or only those that name the activity (``NAMING_FIELDS``) when those are more alike: a
    row OCR read with its code and name but not its context (a section lost with its table's
    header) is still the activity it names."""
    return max(fuzz.ratio(got[0], want[0]), fuzz.ratio(got[1], want[1])) / 100


def rows_aligned(got: list[dict], want: list[dict]) -> dict[int, int]:
    """Each extracted activity row (``row``) paired with the printed row it reads
    (``row_id``): the pairing in document order whose rows are most alike (``rows_alike``,
    ``ROW_ALIKE`` at least), by dynamic programming; a run of rows left unpaired between
    two pairs, as long on both sides, is paired in order (rows OCR garbled beyond
    ``ROW_ALIKE``). A row OCR lost or made up shifts no other row: its neighbours keep
    their printed rows, and only values published under the wrong activity count as wrong."""
    a = sorted(got, key=lambda r: int(r["row"]))
    b = sorted(want, key=lambda r: int(r["row_id"]))
    n, m = len(a), len(b)
    keys_a, keys_b = [row_keys(x) for x in a], [row_keys(y) for y in b]
    gain = [[rows_alike(x, y) - ROW_ALIKE for y in keys_b] for x in keys_a]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            best[i][j] = max(best[i + 1][j], best[i][j + 1],
                             best[i + 1][j + 1] + gain[i][j] if gain[i][j] >= 0 else float("-inf"))
    pairs, i, j = [], 0, 0
    while i < n and j < m:
        if gain[i][j] >= 0 and best[i][j] == best[i + 1][j + 1] + gain[i][j]:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    # Runs left between pairs (and before the first, after the last), as long on both sides.
    filled, last = [], (-1, -1)
    for i, j in [*pairs, (n, m)]:
        if i - last[0] == j - last[1]:
            filled += [(last[0] + k, last[1] + k) for k in range(1, i - last[0])]
        filled.append((i, j))
        last = (i, j)
    return {int(a[i]["row"]): int(b[j]["row_id"]) for i, j in filled if i < n}


@dataclass(frozen=True)
class Score:
    style: str
    doc: str
    pages: int
    seconds: float  # CPU seconds of this process
    family: str | None
    values_expected: int
    values_found: int
    values_matched: int
    activities_expected: int
    activities_matched: int
    # values published at OCR_MIN_CONFIDENCE or more whose number the print does not hold in
    # that row, measure and period (a "000" for a printed "0.00" is the same number)
    wrong_and_sure: int = 0
    flagged: int = 0  # values published below OCR_MIN_CONFIDENCE (listed by ocr_value_confident)
    missing: tuple = ()
    extra: tuple = ()
    sure_wrong: tuple = ()  # the values counted in wrong_and_sure, each with its confidence
    layouts: tuple = field(default=(), repr=False)  # the document's PageLayouts
    # The contract gate's message when the document's rows break the data contract: the
    # pipeline publishes none of them (all in quarantine), and none is scored as found.
    contract_failed: str | None = None

    @property
    def value_f1(self) -> float:
        if not self.values_expected and not self.values_found:
            return 1.0
        return 2 * self.values_matched / (self.values_expected + self.values_found)

    @property
    def activity_recall(self) -> float:
        return self.activities_matched / self.activities_expected if self.activities_expected else 1.0

    @property
    def seconds_per_page(self) -> float:
        return self.seconds / self.pages

    def line(self) -> str:
        return (f"{self.style:22} {self.doc[:3]}  pages {self.pages}  value F1 {self.value_f1:.3f} "
                f"({self.values_matched}/{self.values_expected}, {self.values_found} found)  activity recall "
                f"{self.activity_recall:.3f} ({self.activities_matched}/{self.activities_expected})  "
                f"{self.seconds_per_page:.2f} s/page  flagged {self.flagged}  wrong and sure {self.wrong_and_sure}"
                + ("  contract failed" if self.contract_failed else ""))


def score(style: str, doc: str, settings: OcrSettings | None = None, source: TextSource | None = None,
          scans: Path = SCANS) -> Score:
    """``source``: pages already read (tests/replay.py), else OCR over PDFium with ``settings``;
    ``scans``: the folder of the draw read (the committed one, or ``fixtures scans --seed N``'s)."""
    path = scans / style / f"{doc}.pdf"
    start = time.process_time()
    parsed = read_document(path, source or ocr_source(PdfiumSource(), settings), TableSettings())
    family = classify(parsed)
    acts, vals, contract_failed = [], [], None
    if family is not None:
        result = family().extract(parsed)
        acts, vals = result.activities, result.values
        vals, quarantine, _ = ocr_records_weighed(acts, vals, [dict(q) for q in result.quarantine], parsed.pages,
                                               result.number_locale.locale, family.aggregated)
        # The document's row as the worker makes it (the file hashed once already, on reading).
        document = {**failed_document(path, path.name, None, parsed.sha256), "status": "ok", "family": family.name,
                    "country": family.country, "institution": family.institution, "plan_year": result.plan_year}
        gated = gate(DocumentOutcome(document, acts, vals, quarantine))
        if gated.document["status"] == "failed":  # its rows go to quarantine, none is published
            acts, vals, contract_failed = [], [], gated.document["message"]
    seconds = time.process_time() - start
    want_rows = expected(doc, "activities", scans / "expected")
    # An extracted row is scored as the printed row it reads; one reading none, as no row.
    printed_row = rows_aligned(acts, want_rows)
    acts, vals = ([{**r, "row": printed_row.get(int(r["row"]), -1 - int(r["row"]))} for r in rows]
                  for rows in (acts, vals))
    got_acts = {activity_tuple(r) for r in acts}
    want_acts = {activity_tuple({**r, "row": r["row_id"]}) for r in want_rows}
    got_vals = {value_tuple(r) for r in vals}
    want_vals = {value_tuple({**r, "row": r["row_id"]}) for r in expected(doc, "values", scans / "expected")}
    # A value not in the print that OCR was sure of is published silently wrong (the worst
    # failure); one below the threshold is listed by the check ocr_value_confident.
    sure = [r["confidence"] is None or r["confidence"] >= OCR_MIN_CONFIDENCE for r in vals]
    printed = {cell[:3]: cell[3] for cell in want_vals}  # (row, measure, period): the number
    sure_wrong = tuple((*cell, r["confidence"]) for cell, r, is_sure in zip(map(value_tuple, vals), vals, sure)
                       if is_sure and printed.get(cell[:3], object()) != cell[3])
    return Score(style, doc, len(parsed.pages), seconds, family.name if family else None,
                 len(want_vals), len(got_vals), len(want_vals & got_vals), len(want_acts), len(want_acts & got_acts), len(sure_wrong), sure.count(False),
                 tuple(sorted(want_vals - got_vals, key=str)) + tuple(sorted(want_acts - got_acts, key=str)),
                 tuple(sorted(got_vals - want_vals, key=str)) + tuple(sorted(got_acts - want_acts, key=str)),
                 sure_wrong,
                 tuple(parsed.pages), contract_failed)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--style", action="append", choices=sorted(ANY_STYLE),
                        help="default: every committed style; scan-200-grey: a held-out one (fixtures scans --style)")
    parser.add_argument("--doc", action="append", help="document name prefix, e.g. 004")
    parser.add_argument("--show", type=int, default=0, help="print this many missing/extra rows per document")
    parser.add_argument("--dpi", type=int, action="append",
                        help="render the scans at this resolution (default 300; repeat for several): 299 and 301 "
                             "read the same scans from a grid a third of a percent off, a held-out reading")
    parser.add_argument("--own-size", action="store_true",
                        help="render each scan at its exact size (3300 px wide, not PDFium's 3301; a 300 dpi "
                             "scan's own pixels): the same print resampled otherwise, a held-out reading "
                             "(replay.own_size_render)")
    parser.add_argument("--scans", type=Path, default=SCANS,
                        help="the folder of scans read (default tests/scans; a held-out draw: "
                             "`python -m fixtures scans --seed 13` writes build/scans-seed-13)")
    args = parser.parse_args(argv)
    if args.own_size:
        import extractors.ocr.source
        from replay import own_size_render

        extractors.ocr.source.render_page = own_size_render
    docs = sorted(p.name for p in (args.scans / "expected").iterdir() if p.is_dir())
    if args.doc:
        docs = [d for d in docs if any(d.startswith(p) for p in args.doc)]
    for style, dpi in ((s, d) for s in args.style or sorted(STYLES) for d in args.dpi or [None]):
        scores = []
        for doc in docs:
            result = score(style, doc, None if dpi is None else OcrSettings(dpi=dpi), scans=args.scans)
            scores.append(result)
            print(result.line() + ("" if dpi is None else f"  at {dpi} dpi"), flush=True)
            for label, rows in (("missing", result.missing), ("extra", result.extra),
                                ("wrong and sure", result.sure_wrong)):
                for row in rows[: args.show]:
                    print(f"    {label}: {row}")
        pages = sum(s.pages for s in scores)
        print(f"{style:22} all  min value F1 {min(s.value_f1 for s in scores):.3f}  min activity recall "
              f"{min(s.activity_recall for s in scores):.3f}  {sum(s.seconds for s in scores) / pages:.2f} s/page  "
              f"flagged {sum(s.flagged for s in scores)}  wrong and sure {sum(s.wrong_and_sure for s in scores)}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
