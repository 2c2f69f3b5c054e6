"""The quality report (report.html) built from a real extraction of the five sample PDFs.

The report is parsed back with the standard library's html.parser into a small element
tree; every count it shows is compared with the frames of the same run.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from conftest import CEPLAN_2024, INTEGRACION_2024, ISSS_2017, MTPE_POI_2024, MTPS_2022, RAW, ROOT, SAMPLES
from pipeline.config import ExtractSettings
from pipeline.io import TABLES
from pipeline.report import (
    REPORT_NAME, Chart, Series, bar_chart_svg, frames_to_report_model, n_tables_from_outcomes, report_from_parquet,
    report_model_to_html, values_to_chart, write_report,
)
from pipeline.run import extract_corpus

# ---------------------------------------------------------------- a tiny DOM over html.parser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Node:
    def __init__(self, tag: str, attrs: dict, parent: Node | None):
        self.tag, self.attrs, self.parent, self.children = tag, attrs, parent, []

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def iter(self, tag: str | None = None):
        for c in self.children:
            if isinstance(c, Node):
                if tag is None or c.tag == tag:
                    yield c
                yield from c.iter(tag)

    def find(self, tag: str, **attrs) -> Node | None:
        return next(self.find_all(tag, **attrs), None)

    def find_all(self, tag: str, **attrs):
        return (n for n in self.iter(tag) if all(n.attrs.get(k.rstrip("_")) == v for k, v in attrs.items()))

    def by_id(self, id_: str) -> Node:
        found = [n for n in self.iter() if n.attrs.get("id") == id_]
        assert len(found) == 1, f"{len(found)} elements with id {id_!r}"
        return found[0]


class TreeBuilder(HTMLParser):
    """Builds a Node tree; records every end tag that does not close the open element."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = self.current = Node("#document", {}, None)
        self.errors: list[str] = []
        self.doctype: str | None = None

    def handle_decl(self, decl):
        self.doctype = decl

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs), self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, dict(attrs), self.current))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if self.current.tag != tag:
            self.errors.append(f"</{tag}> closes <{self.current.tag}>")
            return
        self.current = self.current.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(text: str, document: bool = True) -> Node:
    builder = TreeBuilder()
    builder.feed(text)
    builder.close()
    if document:
        assert builder.doctype and builder.doctype.lower() == "doctype html"
    assert builder.errors == [], builder.errors[:5]
    assert builder.current is builder.root, f"<{builder.current.tag}> never closed"
    return builder.root


def number(text: str) -> float | None:
    text = text.strip()
    return None if text in {"—", "not run"} else float(text.replace(",", ""))


def table_rows(table: Node) -> tuple[list[str], list[list[str]]]:
    """(header texts, body rows of cell texts) of a <table>."""
    head = [th.text().strip() for th in table.find("thead").iter("th")]
    rows = [[c.text().strip() for c in tr.children if isinstance(c, Node) and c.tag in ("th", "td")]
            for tr in table.find("tbody").iter("tr")]
    return head, rows


def section_of(dom: Node, source_path: str) -> Node:
    sections = [s for s in dom.find_all("section", class_="document")
                if s.find("h2").text().startswith(source_path + " ")]
    assert len(sections) == 1, f"{len(sections)} sections for {source_path}"
    return sections[0]


def facts(section: Node) -> dict[str, str]:
    return {dd.attrs["data-fact"]: dd.text() for dd in section.find("dl").iter("dd")}


# ---------------------------------------------------------------- one real run

@pytest.fixture(scope="module")
def input_folder(tmp_path_factory) -> Path:
    """The five samples, plus an empty file so one document has no values at all."""
    src = tmp_path_factory.mktemp("report-in")
    for name in SAMPLES:
        (src / f"{name}.pdf").symlink_to(RAW / f"{name}.pdf")
    (src / "empty.pdf").write_bytes(b"")
    return src


@pytest.fixture(scope="module")
def run(input_folder, tmp_path_factory):
    out = tmp_path_factory.mktemp("report-out")
    # One worker, here and in the command line's run below: the report does not depend on
    # how many there are, and a second one would only add its start-up (about 1.5 s of CPU).
    summary = extract_corpus(input_folder, out, ExtractSettings(jobs=1, progress=False))
    path = write_report(out, summary.frames, n_tables=n_tables_from_outcomes(summary.outcomes))
    return summary, path


@pytest.fixture(scope="module")
def dom(run) -> Node:
    return parse(run[1].read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def real_checks(run) -> pd.DataFrame:
    """A real domain check on real rows: a row of monthly percentages should add up to 100."""
    frames = run[0].frames
    v = frames["values"]
    pct = v[(v["value_kind"] == "percent") & v["period"].str.match(r"^\d{4}-\d{2}$")]
    sums = pct.groupby(["doc_id", "activity_key"]).agg(total=("value", "sum"), page=("page", "min")).reset_index()
    bad = sums[(sums["total"] - 100).abs() > 0.5]
    assert len(bad) > 0, "the sample has no row off 100%: pick another check"
    return pd.DataFrame({
        "doc_id": bad["doc_id"], "activity_key": bad["activity_key"], "check": "monthly_percent_sum_100",
        "severity": ["error" if abs(t - 100) > 5 else "warning" for t in bad["total"]],
        "message": [f"monthly percentages add up to {t:g}, not 100" for t in bad["total"]],
        "page": bad["page"].astype("Int64")}).reset_index(drop=True)


# ---------------------------------------------------------------- the report of the real run

def test_report_is_one_self_contained_html_file(run, dom):
    _, path = run
    assert path == path.parent / REPORT_NAME
    text = path.read_text(encoding="utf-8")
    assert dom.find("html").attrs.get("lang") == "en"
    assert dom.find("meta", charset="utf-8") is not None
    assert dom.find("title").text().strip()
    assert dom.find("style") is not None  # inline CSS
    assert list(dom.iter("script")) == [] and list(dom.iter("link")) == [] and list(dom.iter("img")) == []
    external = [n.attrs[a] for n in dom.iter() for a in ("src", "href") if a in n.attrs
                and not n.attrs[a].startswith("#")]
    assert external == []
    assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)", text)


def test_report_names_every_document_with_its_status(run, dom):
    docs = run[0].frames["documents"]
    assert len(docs) == len(SAMPLES) + 1
    _, rows = table_rows(dom.by_id("overview"))
    assert [r[0] for r in rows] == sorted(docs["source_path"])
    by_path = docs.set_index("source_path")
    for row in rows:
        assert row[1] == by_path.loc[row[0], "status"]
        section = section_of(dom, row[0])
        assert facts(section)["status"] == by_path.loc[row[0], "status"]
        assert section.find("span", class_=f"status status-{by_path.loc[row[0], 'status']}") is not None
    assert by_path.loc["empty.pdf", "status"] == "failed"
    empty = section_of(dom, "empty.pdf")
    assert by_path.loc["empty.pdf", "message"] in empty.find("p", class_="message").text()


def test_counts_per_document_equal_the_frames(run, dom):
    summary, _ = run
    frames = summary.frames
    tables = {o.document["doc_id"]: o.n_tables for o in summary.outcomes}
    head, rows = table_rows(dom.by_id("overview"))
    assert head == ["document", "status", "pages", "tables", "activities", "values", "quarantined", "failed checks"]
    docs = frames["documents"].set_index("source_path")
    for row in rows:
        d = docs.loc[row[0]]
        key = d["doc_id"]
        expected = [None if pd.isna(d["n_pages"]) else int(d["n_pages"]), tables[key],
                    int((frames["activities"]["doc_id"] == key).sum()), int((frames["values"]["doc_id"] == key).sum()),
                    int((frames["quarantine"]["doc_id"] == key).sum())]
        assert [number(c) for c in row[2:7]] == expected, row[0]
        assert number(row[7]) == int((frames["checks"]["doc_id"] == key).sum())
        f = facts(section_of(dom, row[0]))
        assert number(f["activities"]) == expected[2] and f["values"].startswith(f"{expected[3]:,} (")
    # the samples are not trivial: the counts checked above are real
    assert tables[docs.loc[f"{MTPS_2022}.pdf", "doc_id"]] > 50
    assert number(rows[[r[0] for r in rows].index(f"{INTEGRACION_2024}.pdf")][4]) == 210


def test_summary_counts_documents_by_status_and_totals(run, dom):
    summary, _ = run
    frames = summary.frames
    _, rows = table_rows(dom.by_id("by-status"))
    shown = {r[0]: int(number(r[1])) for r in rows}
    assert shown == {s: int((frames["documents"]["status"] == s).sum())
                     for s in ("ok", "partial", "no_tables", "needs_ocr", "duplicate", "failed")}
    assert shown["failed"] == 1 and shown["partial"] >= 1
    totals = {dt.text(): dd.text() for dt, dd in zip(dom.by_id("totals").iter("dt"), dom.by_id("totals").iter("dd"))}
    assert number(totals["documents"]) == len(frames["documents"])
    assert number(totals["pages"]) == frames["documents"]["n_pages"].fillna(0).sum()
    assert number(totals["activity tables"]) == sum(o.n_tables for o in summary.outcomes)
    assert number(totals["activities"]) == len(frames["activities"])
    assert totals["values"].startswith(f"{len(frames['values']):,} (")
    assert totals["quarantined rows"].startswith(f"{len(frames['quarantine']):,} (")
    checks = frames["checks"]
    errors, warnings = int((checks["severity"] == "error").sum()), int((checks["severity"] == "warning").sum())
    assert warnings > 0 and totals["failed checks"] == f"{errors} error(s), {warnings} warning(s)"


def test_quarantine_by_reason_with_pages(run, dom):
    frames = run[0].frames
    docs = frames["documents"].set_index("doc_id")
    q = frames["quarantine"]
    assert len(q) > 0
    for key, g in q.groupby("doc_id"):
        table = dom.by_id(f"{section_of(dom, docs.loc[key, 'source_path']).attrs['id']}-quarantine")
        _, rows = table_rows(table)
        expected = {r: len(rg) for r, rg in g.groupby("reason")}
        assert {r[0]: int(number(r[1])) for r in rows} == expected
        for r in rows:  # every page of that reason is named
            pages = {str(p) for p in g[g["reason"] == r[0]]["page"].dropna()}
            assert pages <= set(re.findall(r"\d+", r[2])), (r, pages)
    partial = section_of(dom, f"{MTPS_2022}.pdf")
    assert "value_under_unlabelled_column" in partial.find("table", class_="quarantine").text()
    clean = section_of(dom, f"{INTEGRACION_2024}.pdf")
    assert clean.find("table", class_="quarantine") is None and "Nothing quarantined." in clean.text()


def test_one_chart_per_document_with_values_and_its_sums_equal_the_frames(run, dom):
    frames = run[0].frames
    v = frames["values"]
    for d in frames["documents"].itertuples():
        section = section_of(dom, d.source_path)
        svgs = list(section.iter("svg"))
        dv = v[v["doc_id"] == d.doc_id]
        if dv["value"].notna().sum() == 0:
            assert svgs == [] and "no chart" in section.find("p", class_="note").text()
            continue
        assert len(svgs) == 1, d.source_path
        svg = svgs[0]
        assert svg.attrs["role"] == "img" and svg.find("title").text() and svg.find("desc").text()
        head, rows = table_rows(section.find("table", class_="chart-data"))
        periods = [r[0] for r in rows]
        measures = head[1:]
        charted = dv[dv["period"].isin(periods) & dv["value"].notna()]
        sums = charted.groupby(["measure", "period"])["value"].sum()
        assert measures == [m for m in ("planned", "executed") if m in set(charted["measure"])]
        n_bars = 0
        for r in rows:
            for m, cell in zip(measures, r[1:]):
                expected = sums.get((m, r[0]))
                if expected is None:
                    assert cell == "—"
                else:
                    n_bars += 1
                    assert number(cell) == pytest.approx(round(expected, 2), abs=0.006), (d.source_path, m, r[0])
        bars = list(svg.find_all("rect", class_="bar planned")) + list(svg.find_all("rect", class_="bar executed"))
        assert len(bars) == n_bars > 0


def test_chart_shape_follows_the_periods_and_measures_of_each_document(dom):
    def chart(stem):
        section = section_of(dom, f"{stem}.pdf")
        head, rows = table_rows(section.find("table", class_="chart-data"))
        return head[1:], [r[0] for r in rows], section

    measures, periods, _ = chart(INTEGRACION_2024)  # planned only, Feb..Dec
    assert measures == ["planned"] and periods == [f"2024-{m:02d}" for m in range(2, 13)]
    measures, periods, _ = chart(MTPS_2022)
    assert measures == ["planned"] and periods == [f"2022-{m:02d}" for m in range(1, 13)]
    measures, periods, _ = chart(ISSS_2017)  # annual only: bars per year
    assert measures == ["planned", "executed"] and periods == ["2014", "2015", "2016", "2017"]
    measures, periods, _ = chart(MTPE_POI_2024)
    assert measures == ["planned", "executed"] and periods == ["2024"]
    measures, periods, section = chart(CEPLAN_2024)  # months and annual: months charted, annual noted
    assert periods == [f"2024-{m:02d}" for m in range(1, 13)]
    assert re.search(r"Not in the chart: \d+ value\(s\) by year", section.text())


def test_failed_checks_are_listed_with_pages_and_counted(run, real_checks, tmp_path):
    summary, _ = run
    path = write_report(tmp_path, summary.frames, real_checks, n_tables_from_outcomes(summary.outcomes))
    dom = parse(path.read_text(encoding="utf-8"))
    docs = summary.frames["documents"].set_index("doc_id")
    _, rows = table_rows(dom.by_id("overview"))
    shown = {r[0]: int(number(r[7])) for r in rows}
    expected = real_checks.groupby("doc_id").size()
    assert shown == {p: int(expected.get(k, 0)) for k, p in docs["source_path"].items()}
    for key, g in real_checks.groupby("doc_id"):
        section = section_of(dom, docs.loc[key, "source_path"])
        _, crows = table_rows(section.find("table", class_="checks"))
        assert len(crows) == len(g)
        assert sorted((r[1], int(r[2]), r[3]) for r in crows) == sorted(
            (c, int(p), a) for c, p, a in zip(g["check"], g["page"], g["activity_key"]))
        assert {r[0].split()[-1] for r in crows} <= {"error", "warning"}
        n_err = int((g["severity"] == "error").sum())
        assert facts(section)["failed checks"] == f"{n_err:,} error(s), {len(g) - n_err:,} warning(s)"
    totals = dom.by_id("totals").text()
    assert f"{int((real_checks['severity'] == 'error').sum()):,} error(s)" in totals


def test_checks_none_means_not_run_and_empty_means_none_failed(run):
    frames = run[0].frames
    empty = pd.DataFrame({c: [] for c in ("doc_id", "activity_key", "check", "severity", "message", "page")})
    frames = {name: df for name, df in frames.items() if name != "checks"}
    not_run = parse(report_model_to_html(frames_to_report_model(frames, None)))
    ran = parse(report_model_to_html(frames_to_report_model(frames, empty)))
    assert "No checks run." in not_run.text() and "No check failed." not in not_run.text()
    assert "No check failed." in ran.text() and "No checks run." not in ran.text()
    assert [r[7] for r in table_rows(ran.by_id("overview"))[1]] == ["0"] * len(frames["documents"])
    # a checks table carried in the frames (as checks.parquet will be) is picked up
    with_checks = parse(report_model_to_html(frames_to_report_model({**frames, "checks": empty})))
    assert "No check failed." in with_checks.text()


def test_untrusted_document_text_is_escaped(run):
    frames = {k: v.copy() for k, v in run[0].frames.items()}
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    docs = frames["documents"]
    docs.loc[docs.index[0], "message"] = f"bad {evil} & more"
    docs.loc[docs.index[1], "source_path"] = f"dir/{evil}.pdf"
    docs.loc[docs.index[2], "institution"] = '"><svg onload=alert(1)>'
    q = frames["quarantine"]
    q.loc[q.index[0], "reason"] = "</table><script>x()</script>"
    q.at[q.index[0], "cells"] = ["<b>bold</b>", evil]
    checks = pd.DataFrame({"doc_id": [docs["doc_id"].iloc[1]], "activity_key": ["<i>k</i>"],
                           "check": ["</svg><script>1</script>"], "severity": ["error"],
                           "message": [evil], "page": [3]})
    text = report_model_to_html(frames_to_report_model(frames, checks))
    dom = parse(text)
    assert list(dom.iter("script")) == [] and list(dom.iter("img")) == [] and list(dom.iter("b")) == []
    assert list(dom.iter("i")) == []
    assert all(not k.startswith("on") for n in dom.iter() for k in n.attrs)
    assert len(list(dom.iter("svg"))) == 5  # the injected <svg> did not become one
    shown = dom.text()
    for s in (f"bad {evil} & more", f"dir/{evil}.pdf", '"><svg onload=alert(1)>', "</table><script>x()</script>",
              f"<b>bold</b> | {evil}", "</svg><script>1</script>", "<i>k</i>"):
        assert s in shown, s
    assert "&lt;script&gt;" in text


def test_same_frames_give_the_same_bytes(run, tmp_path):
    summary, first = run
    n_tables = n_tables_from_outcomes(summary.outcomes)
    second = write_report(tmp_path / "a", summary.frames, n_tables=n_tables)
    assert second.read_bytes() == first.read_bytes()
    # row order of the input frames does not matter either
    shuffled = {k: v.sample(frac=1, random_state=7).reset_index(drop=True) for k, v in summary.frames.items()}
    third = write_report(tmp_path / "b", shuffled, n_tables=dict(reversed(list(n_tables.items()))))
    assert third.read_bytes() == first.read_bytes()
    assert [p.name for p in (tmp_path / "b").iterdir()] == [REPORT_NAME]  # no temp file left behind
    stamped = report_model_to_html(frames_to_report_model(summary.frames, generated="2025-01-31 12:00"))
    assert "Generated: 2025-01-31 12:00" in stamped and b"Generated" not in first.read_bytes()


def test_report_from_parquet_alone(run, tmp_path):
    summary, first = run
    out = first.parent
    copy = tmp_path / "from-parquet"
    copy.mkdir()
    for name in TABLES:
        (copy / f"{name}.parquet").write_bytes((out / f"{name}.parquet").read_bytes())
    dom = parse(report_from_parquet(copy).read_text(encoding="utf-8"))
    _, rows = table_rows(dom.by_id("overview"))
    assert {r[3] for r in rows} == {"—"}  # activity tables are not in the Parquet
    assert "not recorded" in dom.by_id("totals").text()
    _, rows_run = table_rows(parse(first.read_text(encoding="utf-8")).by_id("overview"))
    assert [r[:3] + r[4:] for r in rows] == [r[:3] + r[4:] for r in rows_run]


def test_cli_writes_the_report_and_prints_its_path(input_folder, run, tmp_path):
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "pipeline", "extract", str(input_folder), "--out", str(out),
                           "--jobs", "1", "--quiet"], cwd=ROOT, capture_output=True, text=True, timeout=300, env=env)
    assert proc.returncode == 1, proc.stderr  # empty.pdf failed
    assert f"report: {out / REPORT_NAME}" in proc.stdout.splitlines()
    # the CLI's report is the in-process one, byte for byte
    assert hashlib.sha256((out / REPORT_NAME).read_bytes()).hexdigest() == \
        hashlib.sha256(run[1].read_bytes()).hexdigest()


# ---------------------------------------------------------------- the pure chart functions

def _values(rows):
    return pd.DataFrame(rows, columns=["measure", "period", "value", "value_kind"])


def test_chart_fills_gaps_and_keeps_one_series_for_planned_only():
    chart, note = values_to_chart(_values([("planned", "2024-03", 2.0, "number"), ("planned", "2024-01", 1.0, "number"),
                                           ("planned", "2024-01", 4.0, "number")]))
    assert chart.periods == ("2024-01", "2024-02", "2024-03") and note == ""
    assert chart.series == (Series("planned", (5.0, None, 2.0)),)
    svg = parse(bar_chart_svg(chart, "t", "caption"), document=False)
    assert len(list(svg.find_all("rect", class_="bar planned"))) == 2
    assert [t.text() for t in svg.find_all("title")][1:] == ["planned 2024-01: 5", "planned 2024-03: 2"]


def test_chart_crosses_years_and_falls_back_to_years():
    chart, _ = values_to_chart(_values([("planned", "2023-12", 1.0, "number"), ("executed", "2024-02", 1.0, "number")]))
    assert chart.periods == ("2023-12", "2024-01", "2024-02")
    assert [s.measure for s in chart.series] == ["planned", "executed"]
    chart, _ = values_to_chart(_values([("executed", "2016", 3.0, "number"), ("planned", "2014", 1.0, "number")]))
    assert chart.granularity == "year" and chart.periods == ("2014", "2015", "2016")


def test_no_chart_without_numbers():
    assert values_to_chart(_values([]))[0] is None
    chart, note = values_to_chart(_values([("planned", "2024-Q1", None, "percent")]))
    assert chart is None and "print no number" in note


def test_negative_sums_draw_below_the_axis():
    chart = Chart("quarter", ("2024-Q1", "2024-Q2"), (Series("planned", (-4.0, 8.0)),), (("number", 2),), ())
    svg = parse(bar_chart_svg(chart, "n", "neg"), document=False)
    axis = float(svg.find("line", class_="axis").attrs["y1"])
    first, second = svg.find_all("rect", class_="bar planned")
    assert float(first.attrs["y"]) == pytest.approx(axis, abs=0.05)  # grows down from the axis
    assert float(second.attrs["y"]) + float(second.attrs["height"]) == pytest.approx(axis, abs=0.1)
