"""Version fixtures (005-007): derived documents with a gold crosswalk to their base.

* the rendered PDFs extract, through the real pipeline, to their expected data at 100%;
* the crosswalk files are consistent with the expected data of both documents and with
  the counts in notes.md;
* the fixtures are what ``python -m fixtures versions`` writes (same seed, same bytes)
  and the PDFs are what the renderer draws from their grids (byte-identical).
"""

from __future__ import annotations

import csv
import json
import re
from collections import defaultdict

import pytest

from conftest import FIXTURES, RAW, extract_pdfs
from fixtures import versions
from fixtures.render import render_grid
from golden import assert_same, compare_activities, compare_values, doc_rows, expected

DERIVED = list(versions.DERIVED)
BASE = {versions.PAT_2023: versions.PAT_BASE, versions.CEPLAN_V1: versions.CEPLAN_BASE,
        versions.CEPLAN_NOCODES: versions.CEPLAN_BASE}
FAMILY = {versions.PAT_2023: "sv_mtps_pat", versions.CEPLAN_V1: "pe_ceplan_poi",
          versions.CEPLAN_NOCODES: "pe_ceplan_poi"}


@pytest.fixture(scope="module")
def derived(tmp_path_factory):
    """The three derived PDFs of data/raw, extracted once with a real process pool."""
    return extract_pdfs([RAW / f"{doc}.pdf" for doc in DERIVED], tmp_path_factory.mktemp("versions"))


def read(doc: str, name: str) -> list[dict]:
    with open(FIXTURES / doc / name, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def notes_counts(doc: str) -> dict[str, int]:
    text = (FIXTURES / doc / "notes.md").read_text(encoding="utf-8")
    return {k: int(v) for k, v in re.findall(r"^\| (unchanged|reworded|added|removed) \| (\d+) \|$", text, re.M)}


def month_cells(doc: str) -> dict[int, dict[tuple[str, int], str]]:
    """Printed month cells by row: (measure, month number) -> raw."""
    out: dict[int, dict[tuple[str, int], str]] = defaultdict(dict)
    for v in expected(doc, "values"):
        if "-" in v["period"]:
            out[int(v["row_id"])][(v["measure"], int(v["period"].split("-")[1]))] = v["raw"]
    return out


# ------------------------------------------------------------------ extraction


@pytest.mark.parametrize("doc", DERIVED)
def test_derived_activities_match_expected(derived, doc):
    assert_same(*compare_activities(derived, f"{doc}.pdf", doc))


@pytest.mark.parametrize("doc", DERIVED)
def test_derived_values_match_expected(derived, doc):
    assert_same(*compare_values(derived, f"{doc}.pdf", doc))


@pytest.mark.parametrize("doc", DERIVED)
def test_derived_pages_and_family(derived, doc):
    want = {int(r["row_id"]): (int(r["page_first"]), int(r["page_last"])) for r in expected(doc, "activities")}
    got = {int(r["row"]): (int(r["page_first"]), int(r["page_last"]))
           for r in doc_rows(derived, f"{doc}.pdf", "activities").to_dict("records")}
    assert got == want
    document = derived["documents"].set_index("source_path").loc[f"{doc}.pdf"]
    assert (document["family"], document["status"]) == (FAMILY[doc], "ok")
    assert document["plan_year"] == (2023 if doc == versions.PAT_2023 else 2024)


def test_codeless_version_has_no_code_and_names_every_activity(derived):
    acts = doc_rows(derived, f"{versions.CEPLAN_NOCODES}.pdf", "activities")
    assert acts["code"].isna().all() or (acts["code"].fillna("") == "").all()
    assert acts["activity"].str.len().gt(0).all()
    assert acts["section"].str.startswith("AEI.").all()


# ------------------------------------------------------------------ crosswalks


@pytest.mark.parametrize("doc", DERIVED)
def test_crosswalk_covers_every_row_once_and_points_at_real_base_rows(doc):
    rows = expected(doc, "activities")
    walk = read(doc, "crosswalk_activities.csv")
    assert [int(r["row_id"]) for r in rows] == list(range(1, len(rows) + 1))
    assert [int(c["row_id"]) for c in walk] == list(range(1, len(rows) + 1))
    base_ids = {int(r["row_id"]) for r in expected(BASE[doc], "activities")}
    linked = [int(c["base_row_id"]) for c in walk if c["base_row_id"]]
    assert set(linked) <= base_ids
    assert len(linked) == len(set(linked)), "two rows claim the same base activity"
    for c in walk:
        assert c["doc"] == doc and c["change"] in versions.CHANGES
        assert (c["change"] == "added") == (c["base_row_id"] == "") == (c["base_doc"] == "")
        if c["base_doc"]:
            assert c["base_doc"] == BASE[doc]


@pytest.mark.parametrize("doc", DERIVED)
def test_crosswalk_change_kinds_agree_with_the_texts(doc):
    rows = {int(r["row_id"]): r for r in expected(doc, "activities")}
    base = {int(r["row_id"]): r for r in expected(BASE[doc], "activities")}
    for c in read(doc, "crosswalk_activities.csv"):
        row = rows[int(c["row_id"])]
        kinds = c["rewording"].split("+") if c["rewording"] else []
        assert set(kinds) <= set(versions.REWORDINGS)
        if c["change"] == "added":
            assert not kinds and c["values_changed"] == "" and c["code_change"] == ""
            continue
        before = base[int(c["base_row_id"])]
        if c["change"] == "unchanged":
            assert row["activity"] == before["activity"] and not kinds
        else:
            assert row["activity"] != before["activity"] and kinds
        code_change = {"same": row["code"] == before["code"],
                       "changed": row["code"] not in ("", before["code"]),
                       "dropped": row["code"] == "",
                       "": not row["code"] and not before["code"]}
        assert code_change[c["code_change"]], (c, row["code"], before["code"])


@pytest.mark.parametrize("doc", DERIVED)
def test_values_changed_flag_agrees_with_the_printed_months(doc):
    mine, theirs = month_cells(doc), month_cells(BASE[doc])
    for c in read(doc, "crosswalk_activities.csv"):
        if c["base_row_id"]:
            changed = mine[int(c["row_id"])] != theirs[int(c["base_row_id"])]
            assert c["values_changed"] == str(changed).lower(), c


@pytest.mark.parametrize("doc", DERIVED)
def test_counts_in_notes_match_the_crosswalk(doc):
    walk = read(doc, "crosswalk_activities.csv")
    units = read(doc, "crosswalk_units.csv")
    in_scope = {u["base_unit"] for u in units if u["base_unit"]}
    base_rows = [r for r in expected(BASE[doc], "activities") if r["unit"] in in_scope]
    linked = {c["base_row_id"] for c in walk if c["base_row_id"]}
    counts = {change: sum(c["change"] == change for c in walk) for change in versions.CHANGES}
    counts["removed"] = sum(r["row_id"] not in linked for r in base_rows)
    assert notes_counts(doc) == counts
    assert all(counts[k] > 0 for k in ("unchanged", "reworded", "added", "removed"))
    assert f"--seed {versions.SEED}" in (FIXTURES / doc / "notes.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("doc", DERIVED)
def test_unit_crosswalk_agrees_with_the_activity_crosswalk(doc):
    rows = {int(r["row_id"]): r for r in expected(doc, "activities")}
    base = {int(r["row_id"]): r for r in expected(BASE[doc], "activities")}
    units = read(doc, "crosswalk_units.csv")
    base_units = {r["unit"] for r in base.values()}
    mapped: dict[str, set[str]] = defaultdict(set)
    for u in units:
        assert u["change"] in ("same", "renamed", "added")
        assert (u["change"] == "added") == (u["base_unit"] == "")
        if u["base_unit"]:
            assert u["base_unit"] in base_units
            assert (u["change"] == "renamed") == (u["unit"] != u["base_unit"]) == bool(u["rename"])
            mapped[u["unit"]].add(u["base_unit"])
        else:
            mapped.setdefault(u["unit"], set())
    assert {r["unit"] for r in rows.values()} == set(mapped)
    for c in read(doc, "crosswalk_activities.csv"):
        if c["base_row_id"]:
            assert base[int(c["base_row_id"])]["unit"] in mapped[rows[int(c["row_id"])]["unit"]]


def test_pat_2023_renames_units_and_keeps_at_least_ten():
    units = read(versions.PAT_2023, "crosswalk_units.csv")
    assert len({u["unit"] for u in units if u["base_unit"]}) >= 10
    renamed = {u["base_unit"]: u["unit"] for u in units if u["change"] == "renamed"}
    assert renamed["Oficina Regional de Occidente (Santa Ana)"] == "OFICINA REGIONAL DE OCCIDENTE"
    assert renamed["Unidad de Genero Institucional"] == "Unidad de Género e Inclusión"


def test_ceplan_v1_keeps_most_codes_and_recodes_some():
    walk = read(versions.CEPLAN_V1, "crosswalk_activities.csv")
    kinds = [c["code_change"] for c in walk if c["base_row_id"]]
    assert kinds.count("changed") >= 1 and kinds.count("same") > len(kinds) / 2


# ------------------------------------------------------------------ determinism


def test_fixtures_are_what_the_script_writes():
    """Same seed, same bytes: the checked-in files are the script's output."""
    built = versions.build_all(versions.SEED)
    for doc, files in built.items():
        for name, text in files.items():
            assert (FIXTURES / doc / name).read_bytes() == text.encode("utf-8"), f"{doc}/{name} is stale"
    assert versions.build_all(versions.SEED) == built
    assert versions.build_all(versions.SEED + 1) != built
    assert versions.main(["--check"]) == 0


@pytest.mark.parametrize("doc", DERIVED)
def test_derived_pdf_renders_byte_identically(doc, tmp_path):
    grid = json.loads((FIXTURES / doc / "grid.json").read_text(encoding="utf-8"))
    render_grid(grid, tmp_path / "a.pdf")
    render_grid(grid, tmp_path / "b.pdf")
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()
    assert (tmp_path / "a.pdf").read_bytes() == (RAW / f"{doc}.pdf").read_bytes(), "run make fixtures"


def test_derived_pdfs_stay_small():
    assert sum((RAW / f"{doc}.pdf").stat().st_size for doc in DERIVED) < 300 * 1024


@pytest.mark.parametrize("seed", [1, 7, 29])
def test_other_seeds_build_other_consistent_versions(seed):
    """Another seed makes other versions (seed 1 and 29 once ran out of new PAT activities)."""
    built = versions.build_all(seed)
    for doc, files in built.items():
        walk = list(csv.DictReader(files["crosswalk_activities.csv"].splitlines()))
        acts = list(csv.DictReader(files["activities.csv"].splitlines()))
        assert len(walk) == len(acts) and {c["change"] for c in walk} <= set(versions.CHANGES)
        assert f"--seed {seed}" in files["notes.md"]
