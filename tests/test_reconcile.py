"""`pipeline reconcile` on the real corpus: measured quality, stable ids, review and overrides.

The corpus is every PDF of data/raw (the five samples and the version fixtures 005-007)
extracted by the real pipeline; reconciliation starts from an empty registry, so the
figures measure the method, not a registry built earlier. ``pytest -s`` prints them.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pandas as pd
import pandera.errors
import pytest

import linkage
from conftest import CEPLAN_2024, MTPE_POI_2024, MTPS_2022, ROOT, copy_output
from pipeline.cli import main
from pipeline.crosswalk import REVIEW, reconcile_output
from pipeline.io import LINK_TABLES, TABLES, read_tables
from pipeline.reconcile import OverrideError, ReconcileSettings, Registry, reconcile
from pipeline.reference import OVERRIDE_COLUMNS, read_registry
from schemas import SCHEMAS

VERSIONS = ("005_mtps_pat_2023", "006_ceplan_poi_2024_v1", "007_ceplan_poi_2024_nocodes")
MIN_PRECISION, MIN_RECALL = 0.98, 0.95


def reconciled_copy(corpus_out: Path, tmp: Path, reference: Path | None = None):
    out = copy_output(corpus_out, tmp / "processed")
    reference = reference or tmp / "reference"
    summary = reconcile_output(out, reference)
    return out, reference, summary, read_tables(out, TABLES + LINK_TABLES)


@pytest.fixture(scope="module")
def linked(corpus_out, tmp_path_factory):
    out, reference, summary, frames = reconciled_copy(corpus_out, tmp_path_factory.mktemp("linked"))
    return frames


def write_overrides(reference: Path, rows: list[dict]) -> None:
    with open(reference / "overrides.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=OVERRIDE_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def links_of(frames) -> dict[str, tuple[str, str]]:
    df = frames["activity_links"]
    return dict(zip(df["activity_key"], zip(df["activity_id"], df["method"])))


# --- measured quality ---------------------------------------------------------------------

@pytest.mark.parametrize("version", VERSIONS)
def test_activity_links_match_the_gold_crosswalk(linked, version):
    score = linkage.activity_score(linked, version)
    print(score.figure())
    assert score.gold > 20
    assert score.precision >= MIN_PRECISION and score.recall >= MIN_RECALL, score.figure()


def test_activity_links_over_all_versions(linked):
    total = linkage.Score.total("activities, all versions", [linkage.activity_score(linked, v) for v in VERSIONS])
    print(total.figure())
    assert total.precision >= MIN_PRECISION and total.recall >= MIN_RECALL, total.figure()


def test_the_24_aoi_codes_003_shares_with_004_are_all_linked(linked):
    score = linkage.code_link_score(linked, MTPE_POI_2024, CEPLAN_2024)
    print(score.figure())
    assert score.gold == 24
    assert score.correct == 24 and score.predicted == 24, score.figure()


@pytest.mark.parametrize("version", VERSIONS)
def test_unit_links_match_the_gold_crosswalk(linked, version):
    score = linkage.unit_score(linked, version)
    print(score.figure())
    assert score.precision >= MIN_PRECISION and score.recall >= MIN_RECALL, score.figure()


def test_unit_links_over_all_versions_and_spellings(linked):
    total = linkage.Score.total("units, all versions and spellings",
                                [*(linkage.unit_score(linked, v) for v in VERSIONS),
                                 linkage.unit_variant_score(linked, MTPS_2022)])
    print(total.figure())
    assert total.gold == 19
    assert total.precision >= MIN_PRECISION and total.recall >= MIN_RECALL, total.figure()


def test_unit_spellings_within_000_are_one_unit(linked):
    score = linkage.unit_variant_score(linked, MTPS_2022)
    print(score.figure())
    assert score.gold == 3
    assert score.correct == 3 and score.predicted == 3, score.figure()


def test_unit_renamed_outright_is_recognised_by_its_activities(linked):
    names = linked["unit_names"].set_index("unit")
    compras, contrataciones = names.loc["Unidad de Compras Públicas"], names.loc["Unidad de Contrataciones y Adquisiciones"]
    assert compras["unit_id"] == contrataciones["unit_id"]
    assert compras["method"] == "activities"


def test_regional_office_is_not_taken_for_another_office_with_the_same_activity_template(linked):
    # The 2023 "OFICINA REGIONAL DE OCCIDENTE" shares 19 of its 21 activities with the
    # other offices too (one template); the name must decide between them.
    names = linked["unit_names"]
    ids = dict(zip(names["unit"], names["unit_id"]))
    assert ids["OFICINA REGIONAL DE OCCIDENTE"] == ids["OFICINA REGIONAL DE OCCIDENTE (SANTA ANA)"]
    assert ids["OFICINA REGIONAL DE OCCIDENTE"] != ids["Oficina Regional de Oriente (San Miguel)"]
    assert ids["Oficina Regional Paracentral (Zacatecoluca)"] == ids["Oficina Regional Paracentral (La Paz)"]


def test_same_unit_name_in_two_institutions_stays_two_units(linked):
    # "Unidad de Medio Ambiente" is printed by the MTPS (000) and by Integración (001).
    names, units = linked["unit_names"], linked["units"].set_index("unit_id")
    ids = set(names.loc[names["unit"] == "Unidad de Medio Ambiente", "unit_id"])
    assert len(ids) == 2
    assert {units.loc[i, "institution"] for i in ids} == {"Ministerio de Trabajo y Previsión Social",
                                                          "Dirección de Integración"}


def test_pliego_abbreviation_and_full_name_are_one_institution(linked):
    # 004 prints "012 - M. DE TRABAJO Y PROMOCION DEL EMPLEO", 003 the name in full.
    units = linked["units"]
    ue_1066 = units[units["name"].str.contains("01066|001066")]
    assert len(ue_1066) == 1
    assert ue_1066["country"].item() == "PE"


def test_no_document_links_two_activities_to_one_id(linked):
    acts = linked["activities"]
    assert not acts.duplicated(["doc_id", "activity_id"]).any()
    assert acts["activity_id"].notna().all()
    assert set(acts["unit_id"].dropna()) <= set(linked["units"]["unit_id"])
    assert acts.loc[acts["unit"].isna(), "unit_id"].isna().all()


def test_link_tables_pass_their_schemas(linked):
    for name in LINK_TABLES + ("activities",):
        SCHEMAS[name].validate(linked[name], lazy=True)


def test_schema_rejects_two_activities_of_one_document_on_one_id(linked):
    broken = linked["activity_links"].head(2).copy()
    broken["activity_id"] = broken["activity_id"].iloc[0]
    with pytest.raises(pandera.errors.SchemaErrors):
        SCHEMAS["activity_links"].validate(broken, lazy=True)


# --- stable ids -----------------------------------------------------------------------------

def test_adding_documents_never_changes_an_existing_id(corpus_out):
    frames = read_tables(corpus_out)
    docs, acts = frames["documents"], frames["activities"]
    later = set(docs.loc[docs["source_path"].isin({f"{v}.pdf" for v in VERSIONS}), "doc_id"])
    first = reconcile(docs, acts[~acts["doc_id"].isin(later)], Registry())
    both = reconcile(docs, acts, first)
    before = {a.activity_key: a.activity_id for a in first.activities}
    after = {a.activity_key: a.activity_id for a in both.activities}
    assert len(after) == len(acts) and len(before) < len(after)
    assert {k: after[k] for k in before} == before
    assert {(n.doc_id, n.unit): n.unit_id for n in first.unit_names}.items() <= \
        {(n.doc_id, n.unit): n.unit_id for n in both.unit_names}.items()
    # and the later documents still link to the earlier ones
    linked_later = {a.activity_id for a in both.activities if a.doc_id in later}
    assert len(linked_later & set(before.values())) > 100


def test_rerun_writes_the_same_bytes_and_leaves_the_registry_alone(corpus_out, tmp_path):
    out, reference, _, _ = reconciled_copy(corpus_out, tmp_path)
    registry = {p.name: p.read_bytes() for p in reference.iterdir()}
    outputs = {p.name: p.read_bytes() for p in out.iterdir() if p.suffix in (".parquet", ".csv")}
    summary = reconcile_output(out, reference)
    assert summary.registry_written == []
    assert {p.name: p.read_bytes() for p in reference.iterdir()} == registry
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.suffix in (".parquet", ".csv")} == outputs


def test_committed_registry_covers_the_sample_pdfs(corpus_out, tmp_path):
    # `make extract` on a fresh clone must not change tracked files: data/reference/ already
    # holds an id for every unit name and activity of data/raw.
    reference = shutil.copytree(ROOT / "data" / "reference", tmp_path / "reference")
    out, _, summary, frames = reconciled_copy(corpus_out, tmp_path, reference)
    assert summary.registry_written == []
    assert (reference / "overrides.csv").read_bytes() == (ROOT / "data" / "reference" / "overrides.csv").read_bytes()


def test_extract_alone_leaves_ids_empty_and_reconcile_fills_them(corpus_out, linked):
    plain = read_tables(corpus_out)["activities"]
    assert plain["unit_id"].isna().all() and plain["activity_id"].isna().all()
    assert list(linked["activities"].columns) == list(plain.columns)
    assert len(linked["activities"]) == len(plain)


# --- review and overrides ------------------------------------------------------------------

def test_grey_zone_pairs_go_to_review_and_are_not_linked(corpus_out, tmp_path):
    out, _, summary, frames = reconciled_copy(corpus_out, tmp_path)
    review = pd.read_csv(out / REVIEW, dtype=str)
    assert list(review.columns) == ["kind", "doc_id", "key", "unit", "name", "candidate_id", "candidate_name",
                                    "score", "suggestion"]
    assert len(review) >= 1
    settings = ReconcileSettings()
    links = links_of(frames)
    for row in review.itertuples():
        assert settings.activity_reject <= float(row.score) < settings.activity_accept
        assert links[row.key] != row.candidate_id and links[row.key][1] == "new"


def test_override_same_links_a_review_pair_on_the_next_run(corpus_out, tmp_path):
    out, reference, _, _ = reconciled_copy(corpus_out, tmp_path)
    pair = pd.read_csv(out / REVIEW, dtype=str).iloc[0]
    write_overrides(reference, [{"kind": "activity", "doc_id": pair["doc_id"], "key": pair["key"],
                                 "target_id": pair["candidate_id"], "decision": "same", "note": "same AOI, renamed"}])
    written = (reference / "overrides.csv").read_bytes()
    reconcile_output(out, reference)
    frames = read_tables(out, TABLES + LINK_TABLES)
    assert links_of(frames)[pair["key"]] == (pair["candidate_id"], "manual")
    assert pair["key"] not in set(pd.read_csv(out / REVIEW, dtype=str)["key"])
    assert (reference / "overrides.csv").read_bytes() == written  # read, never written
    # Removing the decision undoes it on the run after.
    write_overrides(reference, [])
    reconcile_output(out, reference)
    assert links_of(read_tables(out, TABLES + LINK_TABLES))[pair["key"]][1] == "new"


def test_override_different_splits_a_fuzzy_link(corpus_out, tmp_path, linked):
    links = linked["activity_links"]
    fuzzy = links[links["method"] == "fuzzy"].iloc[0]
    out, reference, _, _ = reconciled_copy(corpus_out, tmp_path)
    write_overrides(reference, [{"kind": "activity", "doc_id": "", "key": fuzzy["activity_key"],
                                 "target_id": fuzzy["activity_id"], "decision": "different", "note": ""}])
    reconcile_output(out, reference)
    new_id, method = links_of(read_tables(out, TABLES + LINK_TABLES))[fuzzy["activity_key"]]
    assert new_id != fuzzy["activity_id"]


def test_override_links_a_unit_and_moves_its_activities(corpus_out, tmp_path, linked):
    names = linked["unit_names"]
    gestion = names[names["unit"] == "Unidad de Gestión Documental y Archivo"].iloc[0]  # added in 2023
    target = names.loc[names["unit"] == "Unidad de Medio Ambiente", "unit_id"].iloc[0]
    out, reference, _, _ = reconciled_copy(corpus_out, tmp_path)
    write_overrides(reference, [{"kind": "unit", "doc_id": gestion["doc_id"], "key": gestion["unit"],
                                 "target_id": target, "decision": "same", "note": "test"}])
    reconcile_output(out, reference)
    frames = read_tables(out, TABLES + LINK_TABLES)
    row = frames["unit_names"].set_index(["doc_id", "unit"]).loc[(gestion["doc_id"], gestion["unit"])]
    assert (row["unit_id"], row["method"]) == (target, "manual")
    acts = frames["activities"]
    assert (acts.loc[acts["unit"] == gestion["unit"], "unit_id"] == target).all()


def test_bad_override_line_is_named_and_nothing_is_written(corpus_out, tmp_path, capsys):
    out, reference, _, _ = reconciled_copy(corpus_out, tmp_path)
    before = (out / "activity_links.parquet").read_bytes()
    write_overrides(reference, [{"kind": "activity", "doc_id": "", "key": "x:1", "target_id": "",
                                 "decision": "same", "note": ""}])
    with pytest.raises(OverrideError, match=r"overrides.csv line 2: decision 'same' needs a target_id"):
        reconcile_output(out, reference)
    write_overrides(reference, [{"kind": "unit", "doc_id": "", "key": "X", "target_id": "u-0000000000",
                                 "decision": "same", "note": ""}])
    assert main(["reconcile", "--out", str(out), "--reference", str(reference)]) == 2
    assert "line 2: unit id 'u-0000000000' is not in the registry" in capsys.readouterr().err
    assert (out / "activity_links.parquet").read_bytes() == before


def test_cli_reconcile_prints_the_methods_and_the_review(corpus_out, tmp_path, capsys):
    out = copy_output(corpus_out, tmp_path / "processed")
    assert main(["reconcile", "--out", str(out), "--reference", str(tmp_path / "ref")]) == 0
    text = capsys.readouterr().out
    assert "activities by method:" in text and "review: 1 pair(s)" in text
    assert read_registry(tmp_path / "ref").activities


def test_cli_reconcile_without_extraction_says_what_to_run(tmp_path, capsys):
    assert main(["reconcile", "--out", str(tmp_path / "empty"), "--reference", str(tmp_path / "ref")]) == 2
    assert "run `python -m pipeline extract" in capsys.readouterr().err


def test_thresholds_must_be_ordered():
    with pytest.raises(ValueError, match="reject"):
        ReconcileSettings(activity_accept=50, activity_reject=70)


def test_damaged_registry_file_is_named(corpus_out, tmp_path, capsys):
    out, reference, _, _ = reconciled_copy(corpus_out, tmp_path)
    path = reference / "activity_ids.csv"
    path.write_text("activity_key,id\n", encoding="utf-8")
    assert main(["reconcile", "--out", str(out), "--reference", str(reference)]) == 2
    err = capsys.readouterr().err
    assert str(path) in err and "columns" in err
