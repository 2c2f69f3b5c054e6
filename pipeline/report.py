"""Quality report: one self-contained, deterministic HTML file per extract run.

Three layers, as in ``inspect``:

* ``frames_to_report_model(frames, ...)``: the contract DataFrames (plus the optional
  ``checks`` table and the number of activity tables per document) -> plain frozen
  records (``ReportModel``). Pure; no HTML here.
* ``report_model_to_html(model)``: records -> one HTML string, inline CSS and inline SVG
  (``bar_chart_svg``), no JavaScript, nothing fetched. Pure. Every piece of document text
  goes through ``html.escape`` (the PDFs are untrusted input).
* ``write_report(out_dir, frames, ...)``: the only I/O, written atomically (temp file in
  the same folder + ``os.replace``).

Same frames in, same bytes out: rows are ordered explicitly before anything is summed or
listed, numbers are formatted with fixed rules, and no time stamp is embedded unless the
caller passes one (``generated``).
"""

from __future__ import annotations

import html
import math
import os
import re
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from extractors.base import INFO_REASONS
from schemas.contract import MOVED_REASONS, STATUSES

from .failures import exception_line

REPORT_NAME = "report.html"
CHECK_COLUMNS = ("doc_id", "activity_key", "check", "severity", "message", "page")
SEVERITIES = ("error", "warning")
MAX_LISTED = 200  # quarantined rows / failed checks listed per document (all are counted)

_GRANULARITIES = (  # finest first: a chart shows the finest granularity a document has
    ("month", re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")),
    ("quarter", re.compile(r"^(\d{4})-Q([1-4])$")),
    ("semester", re.compile(r"^(\d{4})-H([12])$")),
    ("year", re.compile(r"^(\d{4})$")),
)
_PER_YEAR = {"month": 12, "quarter": 4, "semester": 2, "year": 1}
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


# ---------------------------------------------------------------- model records

@dataclass(frozen=True)
class Series:
    measure: str  # planned | executed
    values: tuple[float | None, ...]  # one per period of the chart; None = no number printed


@dataclass(frozen=True)
class Chart:
    granularity: str  # month | quarter | semester | year
    periods: tuple[str, ...]  # contiguous, oldest first
    series: tuple[Series, ...]  # planned first, then executed; only measures with numbers
    value_kinds: tuple[tuple[str, int], ...]  # (value_kind, values charted) of the charted values
    left_out: tuple[tuple[str, int], ...]  # (granularity, values) present but not charted


@dataclass(frozen=True)
class ReasonCount:
    reason: str
    rows: int
    pages: str  # "3-5, 9" ("" when no page known)
    informational: bool  # accounted for (e.g. a printed total), does not make the document partial


@dataclass(frozen=True)
class QuarantinedRow:
    page: int | None
    reason: str
    cells: tuple[str, ...]


@dataclass(frozen=True)
class FailedCheck:
    severity: str
    check: str
    page: int | None
    activity_key: str | None
    message: str


@dataclass(frozen=True)
class DocumentReport:
    doc_id: str
    source_path: str
    status: str
    message: str | None
    family: str | None
    country: str | None
    institution: str | None
    plan_year: int | None
    n_pages: int | None
    number_locale: str | None  # "1.234,5 (numbers)": its marks and how they were decided
    n_tables: int | None  # None: not recorded (report built from Parquet only)
    n_activities: int
    n_values: int
    n_values_planned: int
    n_values_executed: int
    n_values_blank: int  # value cells that print no number
    n_quarantined: int
    quarantine_by_reason: tuple[ReasonCount, ...]
    quarantined_rows: tuple[QuarantinedRow, ...]  # at most MAX_LISTED
    n_checks_error: int
    n_checks_warning: int
    failed_checks: tuple[FailedCheck, ...]  # at most MAX_LISTED
    chart: Chart | None
    chart_note: str  # why there is no chart, or what the chart leaves out
    # Why this section could not be built ("KeyError: 'value'"); None when it was. The
    # document keeps its status and rows: the report is not part of the data contract.
    section_error: str | None = None


@dataclass(frozen=True)
class Totals:
    documents: int
    pages: int
    tables: int | None
    activities: int
    values: int
    values_blank: int
    quarantined: int
    quarantined_informational: int
    checks_error: int
    checks_warning: int


@dataclass(frozen=True)
class ReportModel:
    title: str
    generated: str | None
    checks_run: bool
    by_status: tuple[tuple[str, int], ...]  # every contract status, in contract order
    totals: Totals
    documents: tuple[DocumentReport, ...]  # by source_path
    extractor_versions: tuple[str, ...]
    orphan_checks: tuple[FailedCheck, ...]  # checks whose doc_id names no listed document


# ---------------------------------------------------------------- frames -> model

def n_tables_from_outcomes(outcomes: Sequence) -> dict[str, int]:
    """doc_id -> activity tables, from ``RunSummary.outcomes`` (not stored in the Parquet)."""
    return {o.document["doc_id"]: int(o.n_tables) for o in outcomes}


def frames_to_report_model(frames: Mapping[str, pd.DataFrame], checks: pd.DataFrame | None = None,
                           n_tables: Mapping[str, int] | None = None, *, title: str = "planpdf quality report",
                           generated: str | None = None) -> ReportModel:
    """Plain records for the report.

    ``checks``: the failed domain checks (columns ``CHECK_COLUMNS``); when not given,
    ``frames["checks"]`` is used if present. None means no checks were run; an empty frame
    means they ran and none failed. ``n_tables``: doc_id -> activity tables; None when
    unknown (e.g. building from Parquet only). ``generated``: an optional time stamp
    shown as given (omit it for byte-identical reports).
    """
    if checks is None:
        checks = frames.get("checks")
    checks_run = checks is not None
    checks = _checks_frame(checks)
    docs = frames["documents"].sort_values(["source_path", "doc_id"], kind="stable")
    acts, vals, quar = frames["activities"], frames["values"], frames["quarantine"]
    vals = vals.sort_values(["doc_id", "activity_key", "measure", "period"], kind="stable")

    n_act = acts.groupby("doc_id").size()
    doc_ids = set(docs["doc_id"])
    reports = []
    for d in docs.itertuples(index=False):
        key = d.doc_id
        v = vals[vals["doc_id"] == key]
        q = quar[quar["doc_id"] == key]
        c = checks[checks["doc_id"] == key]
        tables = None if n_tables is None else int(n_tables.get(key, 0))
        try:
            reports.append(document_to_report(d, v, q, c, int(n_act.get(key, 0)), tables))
        except Exception as exc:  # one document's section, not the report: the others are built
            reports.append(_unbuilt_report(d, v, q, c, int(n_act.get(key, 0)), tables, exception_line(exc)))

    informational = int(quar["reason"].isin(INFO_REASONS).sum())
    status_counts = docs["status"].value_counts()
    statuses = list(STATUSES) + sorted(set(status_counts.index) - set(STATUSES))
    totals = Totals(
        documents=len(docs), pages=int(docs["n_pages"].fillna(0).sum()),
        tables=None if n_tables is None else sum(r.n_tables or 0 for r in reports),
        activities=sum(r.n_activities for r in reports), values=sum(r.n_values for r in reports),
        values_blank=sum(r.n_values_blank for r in reports), quarantined=sum(r.n_quarantined for r in reports),
        quarantined_informational=informational,
        checks_error=sum(r.n_checks_error for r in reports), checks_warning=sum(r.n_checks_warning for r in reports))
    return ReportModel(
        title=title, generated=generated, checks_run=checks_run,
        by_status=tuple((s, int(status_counts.get(s, 0))) for s in statuses),
        totals=totals, documents=tuple(reports),
        extractor_versions=tuple(sorted(set(docs["extractor_version"].dropna()))),
        orphan_checks=_failed_checks(checks[~checks["doc_id"].isin(doc_ids)]))


def document_to_report(d, values: pd.DataFrame, quarantine: pd.DataFrame, checks: pd.DataFrame,
                       n_activities: int, n_tables: int | None) -> DocumentReport:
    """One document's record: ``d`` its documents row, then its values, quarantine and checks rows."""
    v, q, c = values, quarantine, checks
    chart, note = values_to_chart(v)
    return DocumentReport(
        doc_id=d.doc_id, source_path=d.source_path, status=d.status, message=_str(d.message),
        family=_str(d.family), country=_str(d.country), institution=_str(d.institution),
        plan_year=_int(d.plan_year), n_pages=_int(d.n_pages), n_tables=n_tables,
        number_locale=None if pd.isna(d.number_locale) else f"{d.number_locale} ({d.number_locale_basis})",
        n_activities=n_activities, n_values=len(v),
        n_values_planned=int((v["measure"] == "planned").sum()),
        n_values_executed=int((v["measure"] == "executed").sum()),
        n_values_blank=int(v["value"].isna().sum()),
        n_quarantined=len(q), quarantine_by_reason=_reasons(q), quarantined_rows=_quarantined_rows(q),
        n_checks_error=int((c["severity"] == "error").sum()),
        n_checks_warning=int((c["severity"] != "error").sum()),
        failed_checks=_failed_checks(c), chart=chart, chart_note=note)


def _unbuilt_report(d, values: pd.DataFrame, quarantine: pd.DataFrame, checks: pd.DataFrame, n_activities: int,
                    n_tables: int | None, error: str) -> DocumentReport:
    """The record of a document whose section could not be built: its documents row and
    plain counts (so the summary's totals still add up), nothing listed, no chart."""
    return DocumentReport(
        doc_id=str(d.doc_id), source_path=str(d.source_path), status=str(d.status), message=_str(d.message),
        family=None, country=None, institution=None, plan_year=None, n_pages=_int(d.n_pages), n_tables=n_tables,
        number_locale=None, n_activities=n_activities, n_values=len(values), n_values_planned=0, n_values_executed=0,
        n_values_blank=0, n_quarantined=len(quarantine), quarantine_by_reason=(), quarantined_rows=(),
        n_checks_error=int((checks["severity"] == "error").sum()),
        n_checks_warning=int((checks["severity"] != "error").sum()), failed_checks=(), chart=None,
        chart_note="", section_error=error)


def _checks_frame(checks: pd.DataFrame | None) -> pd.DataFrame:
    if checks is None or len(checks) == 0:
        return pd.DataFrame({c: pd.Series([], dtype="object") for c in CHECK_COLUMNS})
    missing = [c for c in CHECK_COLUMNS if c not in checks.columns]
    if missing:
        raise ValueError(f"checks table lacks column(s) {', '.join(missing)}")
    return checks


def _str(x) -> str | None:
    return None if x is None or (not isinstance(x, str) and pd.isna(x)) else str(x)


def _int(x) -> int | None:
    return None if x is None or pd.isna(x) else int(x)


def page_ranges(pages) -> str:
    """{1, 2, 3, 5} -> '1-3, 5'."""
    out: list[list[int]] = []
    for n in sorted({int(p) for p in pages}):
        if out and out[-1][1] == n - 1:
            out[-1][1] = n
        else:
            out.append([n, n])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in out)


def _reasons(q: pd.DataFrame) -> tuple[ReasonCount, ...]:
    out = []
    for reason, g in sorted(q.groupby("reason"), key=lambda kv: str(kv[0])):
        out.append(ReasonCount(str(reason), len(g), page_ranges(g["page"].dropna()), reason in INFO_REASONS))
    return tuple(out)


def _quarantined_rows(q: pd.DataFrame) -> tuple[QuarantinedRow, ...]:
    rows = [QuarantinedRow(_int(r.page), str(r.reason), tuple(str(c) for c in (r.cells if r.cells is not None else ())))
            for r in q.itertuples(index=False)]
    rows.sort(key=lambda r: (r.page is None, r.page or 0, r.reason, r.cells))
    return tuple(rows[:MAX_LISTED])


def _failed_checks(c: pd.DataFrame) -> tuple[FailedCheck, ...]:
    rows = [FailedCheck(str(r.severity), str(r.check), _int(r.page), _str(r.activity_key), _str(r.message) or "")
            for r in c[list(CHECK_COLUMNS)].itertuples(index=False)]
    rank = {s: i for i, s in enumerate(SEVERITIES)}
    rows.sort(key=lambda r: (rank.get(r.severity, len(rank)), r.severity, r.page is None, r.page or 0,
                             r.check, r.activity_key or "", r.message))
    return tuple(rows[:MAX_LISTED])


# ---------------------------------------------------------------- chart data

def period_granularity(period: str) -> tuple[str, int, int] | None:
    """'2024-03' -> ('month', 2024, 3); '2024' -> ('year', 2024, 1); None if not a contract period."""
    for name, pattern in _GRANULARITIES:
        m = pattern.match(period)
        if m:
            return name, int(m.group(1)), int(m.group(2)) if m.lastindex == 2 else 1
    return None


def _period_name(granularity: str, year: int, n: int) -> str:
    return {"month": f"{year}-{n:02d}", "quarter": f"{year}-Q{n}", "semester": f"{year}-H{n}",
            "year": f"{year}"}[granularity]


def values_to_chart(values: pd.DataFrame) -> tuple[Chart | None, str]:
    """Sum of values by period per measure, at the finest granularity the document has.

    Returns (chart, note). The chart's periods run without gaps from the first to the
    last period (a period without values has no bar); a measure without any number is
    not a series. The note says why there is no chart, or which values it leaves out.
    """
    if len(values) == 0:
        return None, "No values were extracted, so there is no chart."
    parsed = [period_granularity(str(p)) for p in values["period"]]
    grans = [p[0] if p else None for p in parsed]
    present = [g for g, _ in _GRANULARITIES if g in grans]
    if not present:
        return None, "No value has a known period, so there is no chart."
    gran = present[0]
    keep = [g == gran for g in grans]
    v = values[keep]
    numbered = v[v["value"].notna()]
    left_out = tuple((g, grans.count(g)) for g, _ in _GRANULARITIES if g != gran and g in grans)
    if len(numbered) == 0:
        return None, f"The {len(v)} value cell(s) by {gran} print no number, so there is no chart."
    ordinals = [y * _PER_YEAR[gran] + n - 1 for _, y, n in (p for p, k in zip(parsed, keep) if k)]
    first, last = min(ordinals), max(ordinals)
    periods = tuple(_period_name(gran, o // _PER_YEAR[gran], o % _PER_YEAR[gran] + 1) for o in range(first, last + 1))
    sums = numbered.groupby(["measure", "period"])["value"].sum()
    series = []
    for measure in ("planned", "executed"):
        if measure in sums.index.get_level_values(0):
            by_period = sums.loc[measure]
            series.append(Series(measure, tuple(float(by_period[p]) if p in by_period.index else None for p in periods)))
    kinds = numbered["value_kind"].value_counts()
    chart = Chart(gran, periods, tuple(series), tuple(sorted((str(k), int(n)) for k, n in kinds.items())), left_out)
    note = ""
    if left_out:
        note = "Not in the chart: " + ", ".join(f"{n} value(s) by {g}" for g, n in left_out) + "."
    return chart, note


# ---------------------------------------------------------------- SVG

def _fmt(x: float | None) -> str:
    """Numbers as shown: thousands separators, at most two decimals, no '-0'."""
    if x is None:
        return "—"
    x = round(float(x), 2) + 0.0
    if x == int(x):
        return f"{int(x):,}"
    return f"{x:,.2f}".rstrip("0").rstrip(".")


def _c(x: float) -> str:  # SVG coordinate
    return f"{x:.1f}"


def nice_ticks(lo: float, hi: float, n: int = 4) -> list[float]:
    """Round tick values covering [lo, hi] (lo <= 0 <= hi), about n intervals."""
    if hi <= lo:
        hi = lo + 1
    raw = (hi - lo) / n
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    start = math.floor(lo / step) * step
    ticks, t = [], start
    while t < hi + step * 0.999:
        ticks.append(round(t, 10) + 0.0)
        if t >= hi:
            break
        t += step
    return ticks


def _label(granularity: str, period: str, one_year: bool) -> str:
    if granularity == "year":
        return period
    year, part = period.split("-")
    short = _MONTHS[int(part) - 1] if granularity == "month" else part
    return short if one_year else f"{short} {year}"


def bar_chart_svg(chart: Chart, chart_id: str, caption: str) -> str:
    """Grouped bars, one group per period, one bar per series.

    Planned bars are solid, executed bars hatched with a dark outline, so the two series
    differ without colour; a legend names them, every bar has a <title> with its number,
    and the SVG has role="img" with a title and a description.
    """
    width, height = 720, 240
    left, right, top, bottom = 64, 12, 28, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    numbers = [x for s in chart.series for x in s.values if x is not None]
    lo, hi = min(0.0, *numbers), max(0.0, *numbers)
    ticks = nice_ticks(lo, hi)
    lo, hi = min(lo, ticks[0]), max(hi, ticks[-1])

    def y(v: float) -> float:
        return top + plot_h * (hi - v) / (hi - lo)

    n = len(chart.periods)
    band = plot_w / n
    bar_w = min(band * 0.8 / max(1, len(chart.series)), 56.0)
    group_w = bar_w * max(1, len(chart.series))
    one_year = len({p[:4] for p in chart.periods}) == 1
    label_w = max(len(_label(chart.granularity, p, one_year)) for p in chart.periods) * 6.5 + 4
    every = max(1, math.ceil(label_w / band))
    esc = html.escape
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    names = " and ".join(s.measure for s in chart.series)
    desc = (f"Bar chart of the sum of {names} values by {chart.granularity}, "
            f"{chart.periods[0]} to {chart.periods[-1]}; the numbers are in the table below.")
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
           f'width="{width}" height="{height}" role="img" aria-labelledby="{esc(title_id)} {esc(desc_id)}" '
           'font-family="system-ui, sans-serif" font-size="11">',
           f'<title id="{esc(title_id)}">{esc(caption)}</title>',
           f'<desc id="{esc(desc_id)}">{esc(desc)}</desc>',
           f'<defs><pattern id="{esc(chart_id)}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
           'patternTransform="rotate(45)"><rect width="6" height="6" fill="#fbd9b5"/>'
           '<line x1="0" y1="0" x2="0" y2="6" stroke="#b35806" stroke-width="3"/></pattern></defs>',
           f'<rect width="{width}" height="{height}" fill="#ffffff"/>']
    for t in ticks:
        out.append(f'<line class="grid" x1="{left}" x2="{width - right}" y1="{_c(y(t))}" y2="{_c(y(t))}" '
                   'stroke="#e2e2e2"/>')
        out.append(f'<text class="tick" x="{left - 6}" y="{_c(y(t) + 4)}" text-anchor="end" fill="#333333">'
                   f'{esc(_fmt(t))}</text>')
    fills = {"planned": 'fill="#2c5d99"', "executed": f'fill="url(#{esc(chart_id)}-hatch)" stroke="#7a3b00"'}
    for i, period in enumerate(chart.periods):
        x0 = left + (i + 0.5) * band - group_w / 2
        for j, s in enumerate(chart.series):
            v = s.values[i]
            if v is None:
                continue
            y_top, y_bottom = sorted((y(v), y(0.0)))
            out.append(f'<rect class="bar {esc(s.measure)}" x="{_c(x0 + j * bar_w)}" y="{_c(y_top)}" '
                       f'width="{_c(bar_w)}" height="{_c(max(y_bottom - y_top, 0.0))}" '
                       f'{fills.get(s.measure, fills["planned"])}><title>{esc(s.measure)} {esc(period)}: '
                       f'{esc(_fmt(v))}</title></rect>')
        if i % every == 0:
            out.append(f'<text class="tick" x="{_c(left + (i + 0.5) * band)}" y="{height - bottom + 16}" '
                       f'text-anchor="middle" fill="#333333">{esc(_label(chart.granularity, period, one_year))}</text>')
    out.append(f'<line class="axis" x1="{left}" x2="{width - right}" y1="{_c(y(0.0))}" y2="{_c(y(0.0))}" '
               'stroke="#333333"/>')
    if one_year and chart.granularity != "year":
        out.append(f'<text class="tick" x="{width - right}" y="{height - 4}" text-anchor="end" fill="#333333">'
                   f'{esc(chart.periods[0][:4])}</text>')
    x = left
    for s in chart.series:  # legend: swatch + name
        out.append(f'<rect x="{x}" y="6" width="14" height="12" {fills.get(s.measure, fills["planned"])}/>')
        out.append(f'<text class="legend" x="{x + 20}" y="16" font-size="12" fill="#333333">{esc(s.measure)}</text>')
        x += 110
    out.append("</svg>")
    return "\n".join(out)


# ---------------------------------------------------------------- HTML

_CSS = """
:root { color-scheme: light; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1b1b1b;
       margin: 0 auto; max-width: 1100px; padding: 1rem 1.5rem 3rem; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { font-size: 1.25rem; margin-top: 2.5rem;
       border-top: 2px solid #d0d0d0; padding-top: 1rem; overflow-wrap: anywhere; }
h3 { font-size: 1.05rem; margin: 1.2rem 0 .4rem; }
table { border-collapse: collapse; margin: .4rem 0 1rem; }
caption { text-align: left; font-weight: 600; padding-bottom: .3rem; }
th, td { border: 1px solid #c8c8c8; padding: .25rem .55rem; text-align: left; vertical-align: top; }
thead th { background: #eef1f5; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: .5rem 0; }
dl.facts dt { font-weight: 600; } dl.facts dd { margin: 0; overflow-wrap: anywhere; }
.status { display: inline-block; padding: 0 .45rem; border-radius: .3rem; border: 1px solid;
          font-weight: 600; white-space: nowrap; }
.status-ok { background: #e3f4e6; border-color: #2e7d32; color: #1b5e20; }
.status-partial { background: #fff4d6; border-color: #b26a00; color: #6d4100; }
.status-no_tables, .status-needs_ocr, .status-duplicate { background: #eceff1; border-color: #546e7a; color: #263238; }
.status-failed { background: #fde7e7; border-color: #c62828; color: #8e0000; }
.message { background: #f6f6f6; border-left: 4px solid #8a8a8a; padding: .3rem .6rem; overflow-wrap: anywhere; }
.note { color: #4a4a4a; font-style: italic; }
.chart { max-width: 100%; height: auto; }
details { margin: .3rem 0 1rem; } summary { cursor: pointer; }
.cells { overflow-wrap: anywhere; }
nav ol { columns: 2; }
@media print { details { display: block; } h2 { break-before: page; } }
""".strip()


_NUM_CLASS = ' class="num"'


def _e(x) -> str:
    return html.escape("" if x is None else str(x), quote=True)


def _status(status: str) -> str:
    # the text says the status; the colour only repeats it
    return f'<span class="status status-{_e(status)}">{_e(status)}</span>'


def _num(x: int | float | None, missing: str = "—", title: str = "") -> str:
    t = f' title="{_e(title)}"' if title and x is None else ""
    return f'<td class="num"{t}>{_e(_fmt(x)) if x is not None else _e(missing)}</td>'


def _doc_anchor(index: int) -> str:
    return f"doc-{index + 1}"


def _summary_html(m: ReportModel) -> list[str]:
    t = m.totals
    out = ['<section id="summary" aria-labelledby="summary-h">', '<h2 id="summary-h">Summary</h2>']
    out.append('<table id="by-status"><caption>Documents by status</caption>'
               '<thead><tr><th scope="col">status</th><th scope="col" class="num">documents</th></tr></thead><tbody>')
    for status, n in m.by_status:
        out.append(f'<tr><th scope="row">{_status(status)}</th>{_num(n)}</tr>')
    out.append("</tbody></table>")
    checks = ("no checks run" if not m.checks_run
              else f"{_fmt(t.checks_error)} error(s), {_fmt(t.checks_warning)} warning(s)")
    tables = "not recorded" if t.tables is None else _fmt(t.tables)
    rows = [("documents", _fmt(t.documents)), ("pages", _fmt(t.pages)), ("activity tables", tables),
            ("activities", _fmt(t.activities)),
            ("values", f"{_fmt(t.values)} ({_fmt(t.values_blank)} print no number)"),
            ("quarantined rows", f"{_fmt(t.quarantined)} ({_fmt(t.quarantined_informational)} informational)"),
            ("failed checks", checks)]
    out.append('<dl class="facts" id="totals">')
    for k, v in rows:
        out.append(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>")
    if m.extractor_versions:
        out.append(f"<dt>extractor version</dt><dd>{_e(', '.join(m.extractor_versions))}</dd>")
    out.append("</dl>")

    out.append('<table id="overview"><caption>Per document</caption><thead><tr>'
               + "".join(f'<th scope="col"{"" if c in ("document", "status") else _NUM_CLASS}>{_e(c)}</th>'
                         for c in ("document", "status", "pages", "tables", "activities", "values",
                                   "quarantined", "failed checks"))
               + "</tr></thead><tbody>")
    for i, d in enumerate(m.documents):
        checks_cell = (_num(None, "not run") if not m.checks_run else _num(d.n_checks_error + d.n_checks_warning))
        out.append(f'<tr><th scope="row"><a href="#{_doc_anchor(i)}">{_e(d.source_path)}</a></th>'
                   f"<td>{_status(d.status)}</td>{_num(d.n_pages)}"
                   f"{_num(d.n_tables, title='not recorded in the Parquet')}"
                   f"{_num(d.n_activities)}{_num(d.n_values)}{_num(d.n_quarantined)}{checks_cell}</tr>")
    out.append("</tbody>")
    checks_total = _num(None, "not run") if not m.checks_run else _num(t.checks_error + t.checks_warning)
    out.append(f'<tfoot><tr><th scope="row">total: {_e(_fmt(t.documents))} documents</th><td></td>'
               f"{_num(t.pages)}{_num(t.tables, title='not recorded in the Parquet')}{_num(t.activities)}"
               f"{_num(t.values)}{_num(t.quarantined)}{checks_total}</tr></tfoot></table>")
    out.append("</section>")
    return out


def _section_head(d: DocumentReport, anchor: str) -> list[str]:
    """A document section's opening: its title with the status, and its message."""
    out = [f'<section class="document" id="{anchor}" aria-labelledby="{anchor}-h">',
           f'<h2 id="{anchor}-h">{_e(d.source_path)} {_status(d.status)}</h2>']
    if d.message:
        out.append(f'<p class="message"><strong>Message:</strong> {_e(d.message)}</p>')
    return out


def _document_html(d: DocumentReport, index: int, checks_run: bool) -> list[str]:
    anchor = _doc_anchor(index)
    out = _section_head(d, anchor)
    facts = [("doc_id", d.doc_id), ("status", d.status), ("family", d.family or "none matched"),
             ("country", d.country or "—"), ("institution", d.institution or "—"),
             ("plan year", "—" if d.plan_year is None else str(d.plan_year)),
             ("pages", _fmt(d.n_pages)),
             ("number locale", d.number_locale or "—"),
             ("activity tables", "not recorded" if d.n_tables is None else _fmt(d.n_tables)),
             ("activities", _fmt(d.n_activities)),
             ("values", f"{_fmt(d.n_values)} ({_fmt(d.n_values_planned)} planned, "
                        f"{_fmt(d.n_values_executed)} executed, {_fmt(d.n_values_blank)} print no number)"),
             ("quarantined rows", _fmt(d.n_quarantined)),
             ("failed checks", "no checks run" if not checks_run
              else f"{_fmt(d.n_checks_error)} error(s), {_fmt(d.n_checks_warning)} warning(s)")]
    out.append(f'<dl class="facts" id="{anchor}-facts">')
    for k, v in facts:
        out.append(f'<dt>{_e(k)}</dt><dd data-fact="{_e(k)}">{_e(v)}</dd>')
    out.append("</dl>")

    out.append(f'<h3 id="{anchor}-chart-h">Planned vs executed</h3>')
    if d.chart is None:
        out.append(f'<p class="note">{_e(d.chart_note)}</p>')
    else:
        ch = d.chart
        kinds = ", ".join(f"{k} ({_fmt(n)})" for k, n in ch.value_kinds)
        caption = f"{d.source_path}: sum of values by {ch.granularity}"
        out.append(f"<figure>{bar_chart_svg(ch, anchor + '-chart', caption)}"
                   f"<figcaption>Sum of the values of all activities by {_e(ch.granularity)}, per measure. "
                   f"Planned: solid bars; executed: hatched bars. Kinds of values summed: {_e(kinds)}."
                   + (" Mixed kinds are added as printed." if len(ch.value_kinds) > 1 else "")
                   + "</figcaption></figure>")
        if d.chart_note:
            out.append(f'<p class="note">{_e(d.chart_note)}</p>')
        out.append(f'<details><summary>Chart data ({_e(_fmt(len(ch.periods)))} periods)</summary>'
                   f'<table class="chart-data" id="{anchor}-chart-data"><caption>Sum of values by '
                   f'{_e(ch.granularity)}</caption><thead><tr><th scope="col">period</th>'
                   + "".join(f'<th scope="col" class="num">{_e(s.measure)}</th>' for s in ch.series)
                   + "</tr></thead><tbody>")
        for i, p in enumerate(ch.periods):
            out.append(f'<tr><th scope="row">{_e(p)}</th>' + "".join(_num(s.values[i]) for s in ch.series) + "</tr>")
        out.append("</tbody></table></details>")

    out.append(f'<h3 id="{anchor}-q-h">Quarantined rows</h3>')
    if not d.quarantine_by_reason:
        out.append('<p class="note">Nothing quarantined.</p>')
    else:
        out.append(f'<table class="quarantine" id="{anchor}-quarantine"><caption>Quarantined rows by reason</caption>'
                   '<thead><tr><th scope="col">reason</th><th scope="col" class="num">rows</th>'
                   '<th scope="col">pages</th><th scope="col">effect</th></tr></thead><tbody>')
        for r in d.quarantine_by_reason:
            effect = ("informational (accounted for)" if r.informational
                      else "every row of the failed document" if r.reason in MOVED_REASONS
                      else "makes the document partial")
            out.append(f'<tr><th scope="row">{_e(r.reason)}</th>{_num(r.rows)}<td>{_e(r.pages or "—")}</td>'
                       f"<td>{_e(effect)}</td></tr>")
        out.append("</tbody></table>")
        more = d.n_quarantined - len(d.quarantined_rows)
        out.append('<details><summary>The quarantined rows</summary><table class="quarantined-rows">'
                   '<caption>Quarantined rows as printed</caption><thead><tr><th scope="col" class="num">page</th>'
                   '<th scope="col">reason</th><th scope="col">cells</th></tr></thead><tbody>')
        for r in d.quarantined_rows:
            out.append(f"<tr>{_num(r.page)}<td>{_e(r.reason)}</td>"
                       f'<td class="cells">{_e(" | ".join(r.cells))}</td></tr>')
        out.append("</tbody></table>"
                   + (f'<p class="note">{_e(_fmt(more))} more in quarantine.parquet.</p>' if more > 0 else "")
                   + "</details>")

    out.append(f'<h3 id="{anchor}-c-h">Failed checks</h3>')
    if not checks_run:
        out.append('<p class="note">No checks run.</p>')
    elif not d.failed_checks:
        out.append('<p class="note">No check failed.</p>')
    else:
        out.extend(_checks_table(d.failed_checks, f"{anchor}-checks", "Failed checks"))
        more = d.n_checks_error + d.n_checks_warning - len(d.failed_checks)
        if more > 0:
            out.append(f'<p class="note">{_e(_fmt(more))} more in checks.parquet.</p>')
    out.append("</section>")
    return out


def _section_html(d: DocumentReport, index: int, checks_run: bool) -> tuple[list[str], str | None]:
    """The document's section and None, or, when it cannot be built, a short one and why."""
    error = d.section_error
    if error is None:
        try:
            return _document_html(d, index, checks_run), None
        except Exception as exc:  # this section's, not the report's
            error = exception_line(exc)
    return _unbuilt_section_html(d, index, error), error


def _unbuilt_section_html(d: DocumentReport, index: int, error: str) -> list[str]:
    anchor = _doc_anchor(index)
    out = _section_head(d, anchor)
    out.append(f'<p class="message section-error"><strong>This section could not be built:</strong> failed in '
               f'report: {_e(error)}. The document keeps its status; its rows are in the Parquet files.</p>')
    out.append(f'<dl class="facts" id="{anchor}-facts">')
    for k, v in (("doc_id", d.doc_id), ("status", d.status), ("activities", _fmt(d.n_activities)),
                 ("values", _fmt(d.n_values)), ("quarantined rows", _fmt(d.n_quarantined))):
        out.append(f'<dt>{_e(k)}</dt><dd data-fact="{_e(k)}">{_e(v)}</dd>')
    out.extend(["</dl>", "</section>"])
    return out


def _checks_table(checks: Sequence[FailedCheck], table_id: str, caption: str) -> list[str]:
    out = [f'<table class="checks" id="{_e(table_id)}"><caption>{_e(caption)}</caption><thead><tr>'
           '<th scope="col">severity</th><th scope="col">check</th><th scope="col" class="num">page</th>'
           '<th scope="col">activity</th><th scope="col">message</th></tr></thead><tbody>']
    for c in checks:
        marker = "✖" if c.severity == "error" else "⚠"
        out.append(f'<tr><td><span aria-hidden="true">{marker}</span> {_e(c.severity)}</td><td>{_e(c.check)}</td>'
                   f"{_num(c.page)}<td>{_e(c.activity_key or '—')}</td><td>{_e(c.message)}</td></tr>")
    out.append("</tbody></table>")
    return out


def report_model_to_html(model: ReportModel, problems: list[str] | None = None) -> str:
    """The report as one HTML document (str, '\\n' line ends).

    A document whose section cannot be built (its record failed, or its HTML raises)
    gets a short section saying so; ``problems``, when given, receives one line per
    such document ("x.pdf: failed in report: KeyError: 'value'; ...").
    """
    out = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{_e(model.title)}</title>", f"<style>\n{_CSS}\n</style>", "</head>", "<body>",
           '<a href="#documents-h">Skip to the documents</a>', "<header>", f"<h1>{_e(model.title)}</h1>"]
    if model.generated:
        out.append(f"<p>Generated: {_e(model.generated)}</p>")
    out.append("</header>")
    out.append("<main>")
    out.extend(_summary_html(model))
    if model.orphan_checks:
        out.append('<section id="other-checks"><h2>Checks not tied to a listed document</h2>')
        out.extend(_checks_table(model.orphan_checks, "orphan-checks", "Failed checks without a listed document"))
        out.append("</section>")
    out.append('<nav aria-labelledby="documents-h"><h2 id="documents-h">Documents</h2><ol>')
    for i, d in enumerate(model.documents):
        out.append(f'<li><a href="#{_doc_anchor(i)}">{_e(d.source_path)}</a> ({_e(d.status)})</li>')
    out.append("</ol></nav>")
    for i, d in enumerate(model.documents):
        section, error = _section_html(d, i, model.checks_run)
        out.extend(section)
        if error and problems is not None:
            problems.append(f"{d.source_path}: failed in report: {error}; its section is not built, "
                            f"its data is written")
    out.extend(["</main>", "</body>", "</html>", ""])
    return "\n".join(out)


# ---------------------------------------------------------------- I/O

def write_report(out_dir: Path, frames: Mapping[str, pd.DataFrame], checks: pd.DataFrame | None = None,
                 n_tables: Mapping[str, int] | None = None, *, generated: str | None = None,
                 problems: list[str] | None = None) -> Path:
    """Write ``out_dir/report.html`` atomically (temp file in the same folder, then os.replace).

    ``problems``: as for :func:`report_model_to_html` (sections that could not be built).
    """
    out_dir = Path(out_dir)
    model = frames_to_report_model(frames, checks, n_tables, generated=generated)
    data = report_model_to_html(model, problems).encode("utf-8")
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / REPORT_NAME
    fd, tmp = tempfile.mkstemp(prefix=".report-", suffix=".html.tmp", dir=out_dir)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def report_from_parquet(out_dir: Path, *, generated: str | None = None) -> Path:
    """Rebuild ``out_dir/report.html`` from the Parquet files alone (activity tables: not recorded)."""
    from .io import read_table, read_tables

    out_dir = Path(out_dir)
    frames = read_tables(out_dir)
    checks_path = out_dir / "checks.parquet"
    checks = read_table(checks_path) if checks_path.exists() else None
    return write_report(out_dir, frames, checks, None, generated=generated)
