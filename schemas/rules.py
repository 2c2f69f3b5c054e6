"""The documents' own rules, as pandera checks: each with a name, a severity and the rows it concerns.

The contract (``schemas/contract.py``) says what a well-typed row is; these rules
say what the plan itself promises: a PAT schedule in percent sums to 100, monthly
counts add up to the printed total, CEPLAN's "AVANCE ACUMULADO" follows the
aggregation type the row declares, an evaluation report agrees with the
monitoring report of the same year. Real documents break some of them (71
activities of the MTPS PAT 2022 do not sum to 100): a broken rule is a
*warning* kept in the output and listed in ``checks.parquet``, never a reason to
drop a row. *Errors* (a value that is not a number) are caught earlier and go to
quarantine.

Every rule reads one "facts" frame (one row per activity, per value, or per
code shared by two documents, built in ``pipeline/checks.py``); ``applies``
selects the rows it concerns, ``holds`` says whether each satisfies it, and
``describe`` words the message for a failing row. The rules of one frame form a
pandera schema validated lazily, so every failure of every rule is collected.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pandera.pandas as pa

from extractors.vocabulary import ANNUAL_SUM, AOI_CODE, LAST_POSITIVE, NOT_CUMULATIVE

from .contract import OCR_MIN_CONFIDENCE

SEVERITIES = ("error", "warning")
TOLERANCE = 1e-6  # printed decimals are exact; this only absorbs float sums
PERCENT_TOLERANCE = 0.01  # a percentage printed with two decimals



@dataclass(frozen=True)
class Rule:
    name: str
    severity: str
    doc: str  # what the rule is, in one sentence (the table of docs/checks.md, make docs)
    applies: Callable[[pd.DataFrame], pd.Series]
    holds: Callable[[pd.DataFrame], pd.Series]
    describe: Callable[[pd.Series], str]

    def __post_init__(self):
        if self.severity not in SEVERITIES:
            raise ValueError(f"rule {self.name}: severity must be one of {SEVERITIES}")

    def check(self) -> pa.Check:
        # A row outside the rule's scope passes; missing facts count as not holding.
        return pa.Check(lambda df: ~self.applies(df) | self.holds(df).fillna(False).astype(bool),
                        name=self.name)


def _close(a: pd.Series, b: pd.Series, tol: float = TOLERANCE) -> pd.Series:
    return (a.astype(float) - b.astype(float)).abs() <= tol


def _g(x) -> str:
    """A number as printed in a message: 96, 99.96, 4224 (no float noise)."""
    return "blank" if x is None or (isinstance(x, float) and np.isnan(x)) else f"{float(x):.10g}"


# --------------------------------------------------------------------------- per activity

def _expected_progress(df: pd.DataFrame) -> pd.Series:
    ratio = df["annual_executed"] / df["annual_planned"] * 100
    return ratio.where(df["aggregation"] != NOT_CUMULATIVE, df["mean_monthly_ratio"])


def _printed_progress_holds(df: pd.DataFrame) -> pd.Series:
    """An evaluation's progress % as printed: executed / planned × 100 to one decimal or to a
    whole number, possibly truncated at 100 (003 prints 98.9 and 100)."""
    ratio = df["annual_executed"] / df["annual_planned"] * 100
    return (_close(df["progress_pct"], ratio, 0.05 + TOLERANCE)
            | _close(df["progress_pct"], ratio.round(0), TOLERANCE)
            | _close(df["progress_pct"], ratio.clip(upper=100).round(1), TOLERANCE)
            | _close(df["progress_pct"], ratio.clip(upper=100).round(0), TOLERANCE))


def _progress_holds(df: pd.DataFrame) -> pd.Series:
    want = _expected_progress(df)
    # Reports may truncate at 100 ("PORCENTAJE DE AVANCES TRUNCADOS AL 100%"): accept either.
    return (_close(df["progress_pct"], want.round(2), PERCENT_TOLERANCE)
            | _close(df["progress_pct"], want.clip(upper=100).round(2), PERCENT_TOLERANCE))


ACTIVITY_RULES: tuple[Rule, ...] = (
    Rule("pat_percent_months_sum_to_100", "warning",
         "A PAT schedule printed in % of the year: the planned months of an activity sum to 100.",
         applies=lambda df: df["schedule"] == "percent",
         holds=lambda df: _close(df["month_planned_sum"], pd.Series(100.0, index=df.index)),
         describe=lambda r: f"planned monthly percentages sum to {_g(r.month_planned_sum)}, not 100"),
    Rule("months_sum_to_printed_total", "warning",
         "Monthly counts sum to the printed annual total (\"Total meta\") where the row prints one.",
         applies=lambda df: (df["schedule"] != "percent") & df["aggregation"].isna()
         & df["printed_total"].notna() & (df["n_month_planned"] > 0),
         holds=lambda df: _close(df["month_planned_sum"], df["printed_total"]),
         describe=lambda r: f"planned months sum to {_g(r.month_planned_sum)}, "
                            f"the printed total is {_g(r.printed_total)}"),
    Rule("ceplan_annual_is_sum_of_months", "warning",
         "CEPLAN \"Acumulado Anual\": AVANCE ACUMULADO of each line = sum of its months (blank = 0).",
         applies=lambda df: df["aggregation"] == ANNUAL_SUM,
         holds=lambda df: _close(df["annual_planned"], df["month_planned_sum"])
         & _close(df["annual_executed"], df["month_executed_sum"]),
         describe=lambda r: f"AVANCE ACUMULADO planned {_g(r.annual_planned)} / executed "
                            f"{_g(r.annual_executed)}; months sum to {_g(r.month_planned_sum)} / "
                            f"{_g(r.month_executed_sum)}"),
    Rule("ceplan_annual_is_last_positive_month", "warning",
         "CEPLAN \"Acumulado Mensual\": AVANCE ACUMULADO = the last monthly value above zero.",
         applies=lambda df: df["aggregation"] == LAST_POSITIVE,
         holds=lambda df: _close(df["annual_planned"], df["last_positive_planned"])
         & _close(df["annual_executed"], df["last_positive_executed"]),
         describe=lambda r: f"AVANCE ACUMULADO planned {_g(r.annual_planned)} / executed "
                            f"{_g(r.annual_executed)}; last months above zero are "
                            f"{_g(r.last_positive_planned)} / {_g(r.last_positive_executed)}"),
    Rule("ceplan_annual_is_printed", "warning",
         "CEPLAN \"No Acumulado\": the annual total is registered as such, so it must be printed.",
         applies=lambda df: df["aggregation"] == NOT_CUMULATIVE,
         holds=lambda df: df["annual_planned"].notna() & df["annual_executed"].notna(),
         describe=lambda r: "no AVANCE ACUMULADO printed for an activity registered as a yearly total"),
    Rule("ceplan_progress_is_executed_over_planned", "warning",
         "CEPLAN AVANCE % ACUMULADO = executed / planned × 100 (the mean monthly ratio for "
         "\"No Acumulado\"), possibly truncated at 100.",
         applies=lambda df: df["aggregation"].notna() & df["progress_pct"].notna()
         & (df["annual_planned"] > 0),
         holds=_progress_holds,
         describe=lambda r: f"AVANCE % printed {_g(r.progress_pct)}, the rule gives "
                            f"{_g(round(float(r.annual_executed / r.annual_planned * 100), 2))}"),
    Rule("progress_is_executed_over_planned", "warning",
         "An evaluation's printed progress % (a row without CEPLAN aggregation) = executed / "
         "planned × 100, as printed (one decimal or a whole number), possibly truncated at 100. "
         "Three printed numbers agree or one of them was misread (a scan's `2155` read `2199`).",
         applies=lambda df: df["aggregation"].isna() & df["progress_pct"].notna()
         & (df["annual_planned"] > 0) & df["annual_executed"].notna(),
         holds=_printed_progress_holds,
         describe=lambda r: f"progress % printed {_g(r.progress_pct)}, executed {_g(r.annual_executed)} / "
                            f"planned {_g(r.annual_planned)} gives "
                            f"{_g(round(float(r.annual_executed / r.annual_planned * 100), 2))}"),
    Rule("ceplan_incomplete_follow_up_is_si", "warning",
         "CEPLAN: a month without registered execution makes AVANCE % read \"S.I.\" "
         "(seguimiento incompleto), not a number.",
         applies=lambda df: df["aggregation"].notna() & df["progress_pct"].notna(),
         holds=lambda df: df["n_month_executed"] >= 12,
         describe=lambda r: f"{12 - int(r.n_month_executed)} month(s) without execution "
                            f"({r.months_without_execution}), yet AVANCE % reads {_g(r.progress_pct)}, not S.I."),
    Rule("ceplan_nothing_planned_is_sp", "warning",
         "CEPLAN: an activity with zero programming in every month reads \"S.P.\" (sin programación).",
         applies=lambda df: df["aggregation"].notna() & (df["n_month_planned"] > 0)
         & _close(df["month_planned_sum"], pd.Series(0.0, index=df.index)),
         holds=lambda df: df["progress_pct"].isna(),
         describe=lambda r: f"nothing planned, yet AVANCE % reads {_g(r.progress_pct)}, not S.P."),
    Rule("activity_code_well_formed", "error",
         "An operational-activity code is \"AOI\" followed by 11 digits.",
         applies=lambda df: df["code"].fillna("").str.upper().str.startswith("AOI"),
         holds=lambda df: df["code"].fillna("").str.match(AOI_CODE.pattern),
         describe=lambda r: f"code {r.code!r} is not AOI + 11 digits"),
    Rule("activity_named", "warning",
         "Every activity row names its activity (a row whose activity cell was lost, e.g. on a "
         "missing page, is kept and flagged).",
         applies=lambda df: pd.Series(True, index=df.index),
         holds=lambda df: df["activity"].notna() & (df["activity"].fillna("").str.strip() != ""),
         describe=lambda r: "the row prints no activity text"),
)

# --------------------------------------------------------------------------- per value

VALUE_RULES: tuple[Rule, ...] = (
    Rule("period_within_plan_year", "error",
         "A month, quarter or semester belongs to the plan year.",
         applies=lambda df: (df["period"].str.len() > 4) & df["plan_year"].notna(),
         holds=lambda df: df["period"].str[:4] == df["plan_year"].astype("string"),
         describe=lambda r: f"period {r.period} outside plan year {r.plan_year}"),
    Rule("percent_not_negative", "error",
         "A printed percentage is not negative.",
         applies=lambda df: df["value_kind"] == "percent",
         holds=lambda df: df["value"].isna() | (df["value"] >= 0),
         describe=lambda r: f"negative percentage {r.raw!r}"),
    Rule("ocr_value_confident", "warning",
         f"A value read by OCR has an engine confidence of at least {OCR_MIN_CONFIDENCE:g} (below, a person should "
         "check it on the page image).",
         applies=lambda df: df["confidence"].notna(),
         holds=lambda df: df["confidence"] >= OCR_MIN_CONFIDENCE,
         describe=lambda r: f"{r.raw!r} read by OCR with confidence {r.confidence:.2f}, below "
                            f"{OCR_MIN_CONFIDENCE:g}: check it on page {r.page}"),
)

# --------------------------------------------------------------------------- per document

DOCUMENT_RULES: tuple[Rule, ...] = (
    Rule("number_locale_from_evidence", "warning",
         "A document's decimal mark is proved by its own numbers (\"1.250.000\", \"2,5\", totals that add "
         "up one way) or set by the user, neither assumed from its country nor decided against some evidence.",
         applies=lambda df: df["number_locale"].notna(),
         holds=lambda df: ~df["number_locale_basis"].isin(["disputed", "country", "default"]),
         describe=lambda r: f"numbers read as {r.number_locale} ({r.number_locale_basis}): "
                            f"{r.number_locale_evidence}; check its values, or set its locale "
                            f"(--number-locale, number_locales.csv)"),
)

# --------------------------------------------------------------------------- across documents

CROSS_RULES: tuple[Rule, ...] = (
    Rule("evaluation_agrees_with_monitoring", "warning",
         "For an AOI code in an evaluation (annual figures) and a monitoring report (monthly "
         "figures) of the same year, annual planned/executed = the sums of the months.",
         applies=lambda df: pd.Series(True, index=df.index),
         holds=lambda df: _close(df["annual_planned"], df["month_planned_sum"])
         & _close(df["annual_executed"], df["month_executed_sum"]),
         describe=lambda r: f"{r.code}: annual planned/executed {_g(r.annual_planned)}/"
                            f"{_g(r.annual_executed)}, months of {r.monitoring_source} sum to "
                            f"{_g(r.month_planned_sum)}/{_g(r.month_executed_sum)}"),
)

RULES: dict[str, tuple[Rule, ...]] = {"documents": DOCUMENT_RULES, "activities": ACTIVITY_RULES,
                                      "values": VALUE_RULES, "cross": CROSS_RULES}


def rules_schema(kind: str) -> pa.DataFrameSchema:
    """The pandera schema whose checks are the rules over one facts frame."""
    return pa.DataFrameSchema(checks=[rule.check() for rule in RULES[kind]], name=f"{kind}_rules")


def failing_rows(kind: str, facts: pd.DataFrame) -> list[tuple[Rule, pd.Series]]:
    """(rule, facts row) for every row that breaks a rule; all rules run (lazy validation)."""
    if facts.empty:
        return []
    try:
        rules_schema(kind).validate(facts, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases[["check_number", "index"]].dropna().drop_duplicates()
        rules = RULES[kind]
        return [(rules[int(n)], facts.loc[i]) for n, i in
                sorted(cases.itertuples(index=False), key=lambda c: (int(c[0]), c[1]))]
    return []
