"""`pipeline publish`: the output set as open data a portal can republish.

Reads the published Parquet set of ``extract`` (and ``reconcile``, when it ran),
validates it against the data contract and writes, as one atomically published set
(``io.publish``, as ``extract`` does):

* ``<table>.csv`` for every table of the set: UTF-8, RFC 4180 (comma, ``"`` quoting,
  CRLF), ``.`` decimals, empty for null, a list column as a JSON array;
* ``schedule.csv``: the values wide, one row per activity and measure, one column per
  period, for a spreadsheet;
* ``datapackage.json``: a Frictionless Data Package v2 whose Table Schemas are
  generated from the pandera models of ``schemas/contract.py``;
* ``dcat.jsonld``: DCAT metadata of the dataset for CKAN-style harvesters.

Every byte is a function of the set: ``created`` is the time the set was written
(the newest modification time of its Parquet files), never the clock of this run.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from schemas import SCHEMAS
from schemas.contract import KEYS, MEASURES

from .io import LINK_TABLES, TABLES, publish, read_tables, require_extraction_output, validate_frames
from .licenses import DEFAULT_LICENSE, LICENSES

PACKAGE = "datapackage.json"
DCAT = "dcat.jsonld"
SCHEDULE = "schedule"
DATA_PACKAGE_PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
# ISO 3166 alpha-2 (documents.country) -> the EU country authority's alpha-3, for dct:spatial.
COUNTRIES_ALPHA3 = {
    "AR": "ARG", "BO": "BOL", "BR": "BRA", "CL": "CHL", "CO": "COL", "CR": "CRI", "CU": "CUB", "DO": "DOM",
    "EC": "ECU", "ES": "ESP", "GT": "GTM", "HN": "HND", "MX": "MEX", "NI": "NIC", "PA": "PAN", "PE": "PER",
    "PR": "PRI", "PT": "PRT", "PY": "PRY", "SV": "SLV", "US": "USA", "UY": "URY", "VE": "VEN",
}
EU_COUNTRY = "http://publications.europa.eu/resource/authority/country/"
IANA_MEDIA_TYPE = "https://www.iana.org/assignments/media-types/"
KEYWORDS = ["government planning", "work plan", "operational plan", "monitoring and evaluation",
            "plan anual de trabajo", "plan operativo institucional", "PAT", "POI"]
# pandera dtype -> Table Schema type. "array" is a JSON array in the CSV.
FIELD_TYPES = {"string": "string", "str": "string", "int64": "integer", "float64": "number", "date": "date",
               "object": "array"}
# pandera built-in check -> Table Schema constraint.
CONSTRAINTS = {"isin": "enum", "str_matches": "pattern", "greater_than_or_equal_to": "minimum",
               "less_than_or_equal_to": "maximum"}
# schedule.csv: these columns (from the table named, else activities), then one per period.
SCHEDULE_COLUMNS = ["doc_id", "source_path", "institution", "unit", "unit_id", "activity_key", "code", "activity",
                    "activity_id", "measure_unit", "measure"]
SCHEDULE_FROM = {"source_path": "documents", "institution": "documents", "measure": "values"}


@dataclass(frozen=True)
class PublishSettings:
    license: str = DEFAULT_LICENSE
    title: str | None = None  # default: made from the documents (institutions' countries, plan years)


@dataclass
class PublishSummary:
    files: list[Path]
    tables: list[str]
    license: str

    def describe(self, to_dir: Path) -> str:
        return "\n".join([
            f"published {len(self.tables)} tables and {SCHEDULE}.csv to {to_dir}/: "
            + ", ".join(p.name for p in self.files),
            f"licence: {self.license} (the publisher's to set: --license)",
            f"validate: frictionless validate {to_dir / PACKAGE}"])


def publish_output(out_dir: Path, to_dir: Path, settings: PublishSettings = PublishSettings()) -> PublishSummary:
    """Publish the output set in ``out_dir`` as CSV + Data Package + DCAT into ``to_dir``."""
    require_extraction_output(out_dir)
    if settings.license not in LICENSES:
        raise ValueError(f"unknown licence {settings.license!r}; one of {', '.join(LICENSES)}")
    names = TABLES + tuple(t for t in LINK_TABLES if (out_dir / f"{t}.parquet").exists())
    frames = validate_frames(read_tables(out_dir, names))
    frames[SCHEDULE] = schedule_frame(frames)
    schemas = {name: table_schema(name, frames[name].columns, names) for name in frames}
    files = {f"{name}.csv": frame_to_csv(frames[name], schemas[name]) for name in frames}
    created = _created(out_dir, names)
    package = data_package(frames, schemas, files, created, settings)
    files[PACKAGE] = _json_bytes(package)
    files[DCAT] = _json_bytes(dcat_dataset(package, frames["documents"], files))
    written = publish(to_dir, {name: _bytes_writer(data) for name, data in files.items()})
    return PublishSummary(written, list(names), settings.license)


def _bytes_writer(data: bytes) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(data)


def _json_bytes(obj) -> bytes:
    return (json.dumps(obj, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _created(out_dir: Path, names: tuple[str, ...]) -> str:
    """When the set was written: the newest modification time of its Parquet files, UTC."""
    newest = max((out_dir / f"{name}.parquet").stat().st_mtime for name in names)
    return datetime.fromtimestamp(int(newest), timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


# --- schedule.csv -------------------------------------------------------------------------

def period_order(period: str) -> tuple:
    """Periods of a year in a spreadsheet's order: months, quarters, semesters, the year."""
    year, _, part = period.partition("-")
    kind = 3 if not part else {"Q": 1, "H": 2}.get(part[0], 0)
    return int(year), kind, int(part.lstrip("QH") or 0)


def schedule_frame(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """values.parquet wide: one row per (activity, measure) with values, one column per period.

    Rows follow activities.parquet, planned before executed; a cell is the value of
    that period, empty where none was printed or the printed cell holds no number.
    """
    values, activities = frames["values"], frames["activities"]
    documents = frames["documents"][["doc_id", "source_path", "institution"]]
    wide = values.pivot(index=["activity_key", "measure"], columns="period", values="value")
    wide = wide[sorted(wide.columns, key=period_order)].reset_index()
    wide.columns.name = None
    rows = activities[[c for c in SCHEDULE_COLUMNS if c not in SCHEDULE_FROM]].reset_index(names="_order")
    out = rows.merge(wide, on="activity_key").merge(documents, on="doc_id", how="left")
    out["_measure"] = out["measure"].map(MEASURES.index)
    out = out.sort_values(["_order", "_measure"], kind="stable").reset_index(drop=True)
    return out[SCHEDULE_COLUMNS + [c for c in wide.columns if c not in SCHEDULE_COLUMNS]]


# --- Table Schemas from the pandera models ------------------------------------------------

def _model_field(model: str, column: str, unique: bool = True) -> dict:
    """The Table Schema field of one column of a pandera model: type, description, constraints."""
    schema = SCHEMAS[model].to_schema()
    col = schema.columns[column]
    dtype = str(col.dtype).split("[")[0]
    if dtype not in FIELD_TYPES:
        raise ValueError(f"{model}.{column}: no Table Schema type for pandera dtype {col.dtype}")
    field = {"name": column, "type": FIELD_TYPES[dtype], "description": col.description or ""}
    if field["type"] == "array":
        field["description"] += " (in the CSV: a JSON array of strings)"
    constraints: dict = {}
    if not col.nullable:
        constraints["required"] = True
    if col.unique and unique:
        constraints["unique"] = True
    for check in col.checks:
        if check.name not in CONSTRAINTS:
            raise ValueError(f"{model}.{column}: no Table Schema constraint for the check {check.name}")
        (value,) = check.statistics.values()
        if check.name == "str_matches":  # Table Schema patterns are anchored already
            value = re.sub(r"^\^|\$$", "", value)
        constraints[CONSTRAINTS[check.name]] = list(value) if check.name == "isin" else value
    if constraints:
        field["constraints"] = constraints
    return field


def primary_key(model: str) -> list[str]:
    """The model's unique column set, else its (first) unique column; [] when it has none."""
    schema = SCHEMAS[model].to_schema()
    if schema.unique:
        return list(schema.unique)
    return next(([name] for name, col in schema.columns.items() if col.unique), [])


def table_schema(name: str, columns, published: tuple[str, ...]) -> dict:
    """Table Schema of a published table: its pandera model's, or schedule's built from them."""
    if name == SCHEDULE:
        fields = [_model_field(SCHEDULE_FROM.get(c, "activities"), c, unique=False) for c in SCHEDULE_COLUMNS]
        periods = list(columns[len(SCHEDULE_COLUMNS):])
        number = _model_field("values", "value")
        fields += [{"name": p, "type": number["type"],
                    "description": f"{p}: {number['description']}; empty where no value of this period was printed"}
                   for p in periods]
        key = ["activity_key", "measure"]
    else:
        fields, key = [_model_field(name, c) for c in columns], primary_key(name)
    schema: dict = {"fields": fields, "missingValues": [""]}
    if key:
        schema["primaryKey"] = key
    foreign = [{"fields": [column], "reference": {"resource": KEYS[column], "fields": [column]}}
               for column in columns if column in KEYS and KEYS[column] != name and KEYS[column] in published]
    if foreign:
        schema["foreignKeys"] = foreign
    return schema


# --- CSV ----------------------------------------------------------------------------------

def frame_to_csv(df: pd.DataFrame, schema: dict) -> bytes:
    """RFC 4180 bytes: header, CRLF, minimal quoting, empty for null, numbers in their
    shortest exact form, lists as JSON arrays."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(df.columns)
    kinds = [field["type"] for field in schema["fields"]]
    columns = [[_csv_cell(v, kind) for v in df[c].tolist()] for c, kind in zip(df.columns, kinds)]
    writer.writerows(zip(*columns))
    return buffer.getvalue().encode("utf-8")


def _csv_cell(value, kind: str) -> str:
    if kind == "array":
        return json.dumps([str(v) for v in value], ensure_ascii=False)
    if value is None or pd.isna(value):
        return ""
    if kind == "integer":
        return str(int(value))
    if kind == "number":
        return repr(float(value))
    return str(value)  # a date: ISO 8601 (2024-04-01)


# --- datapackage.json ---------------------------------------------------------------------

def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _package_id(documents: pd.DataFrame) -> str:
    """The same documents give the same id: a hash of their SHA-256s."""
    return "planpdf-" + _sha256("\n".join(sorted(set(documents["sha256"]))).encode())[:16]


def _facts(documents: pd.DataFrame) -> dict:
    years = documents["plan_year"].dropna()
    return {"institutions": sorted(set(documents["institution"].dropna())),
            "countries": sorted(set(documents["country"].dropna())),
            "years": (int(years.min()), int(years.max())) if len(years) else None,
            "n": int((documents["status"] != "duplicate").sum())}


def _years(facts: dict) -> str:
    if facts["years"] is None:
        return ""
    first, last = facts["years"]
    return str(first) if first == last else f"{first}-{last}"


def data_package(frames: dict[str, pd.DataFrame], schemas: dict[str, dict], files: dict[str, bytes],
                 created: str, settings: PublishSettings) -> dict:
    documents = frames["documents"]
    facts = _facts(documents)
    where = ", ".join(facts["countries"])
    title = settings.title or "Government work plans: activities and planned and executed values" + (
        f" ({', '.join(x for x in (where, _years(facts)) if x)})" if where or facts["years"] else "")
    versions = ", ".join(sorted(set(documents["extractor_version"])))
    description = (f"Activities, and their planned and executed values by period, read from {facts['n']} planning "
                   f"documents (annual work plans, operational-plan monitoring and evaluation reports) of "
                   f"{len(facts['institutions'])} institutions by planpdf (extractors {versions}), validated "
                   f"against its data contract. Every value keeps the page and cell box it is printed in; rows that "
                   f"could not be placed are in quarantine, the documents' own rules they break in checks. "
                   f"{SCHEDULE}.csv has the values one column per period.")
    name, url = LICENSES[settings.license]
    resources = []
    for table, schema in schemas.items():
        data = files[f"{table}.csv"]
        model = SCHEMAS.get(table)
        resources.append({
            "name": table, "type": "table", "path": f"{table}.csv", "format": "csv", "mediatype": "text/csv",
            "encoding": "utf-8", "bytes": len(data), "hash": f"sha256:{_sha256(data)}",
            "description": (model.to_schema().description if model else
                            "The values wide: one row per activity and measure, one column per period (sorted: "
                            "months, quarters, semesters, the year)."),
            "dialect": {"header": True, "delimiter": ",", "lineTerminator": "\r\n", "quoteChar": '"',
                        "doubleQuote": True},
            "schema": schema})
    return {
        "$schema": DATA_PACKAGE_PROFILE,
        "name": "plan-activities",
        "id": _package_id(documents),
        "title": title,
        "description": description,
        "created": created,
        "keywords": KEYWORDS + facts["countries"],
        "licenses": [{"name": settings.license, "path": url, "title": name}],
        "contributors": [{"title": institution, "roles": ["creator"]} for institution in facts["institutions"]],
        "sources": [{"title": row.source_path, "path": row.source_path, "sha256": row.sha256}
                    for row in documents.sort_values("source_path").itertuples()],
        "resources": resources,
    }


# --- dcat.jsonld --------------------------------------------------------------------------

def _literal(value, datatype: str) -> dict:
    return {"@value": value, "@type": f"xsd:{datatype}"}


def dcat_dataset(package: dict, documents: pd.DataFrame, files: dict[str, bytes]) -> dict:
    """DCAT (W3C, as DCAT-AP and CKAN's ckanext-dcat read it) of the package; relative IRIs
    (the files) resolve against where dcat.jsonld is served."""
    facts = _facts(documents)
    license_ = {"@id": package["licenses"][0]["path"]}
    distributions = []
    for name, data in files.items():
        resource = next((r for r in package["resources"] if r["path"] == name), None)
        media = resource["mediatype"] if resource else "application/json"
        distributions.append({
            "@type": "dcat:Distribution",
            "dct:title": name,
            "dct:description": resource["description"] if resource else
            "Frictionless Data Package v2 describing the CSV files: Table Schemas, keys, sources, licence.",
            "dcat:accessURL": {"@id": name},
            "dcat:downloadURL": {"@id": name},
            "dcat:mediaType": {"@id": IANA_MEDIA_TYPE + media},
            "dct:format": "CSV" if resource else "JSON",
            "dcat:byteSize": _literal(str(len(data)), "nonNegativeInteger"),
            "spdx:checksum": {"@type": "spdx:Checksum", "spdx:algorithm": {"@id": "spdx:checksumAlgorithm_sha256"},
                              "spdx:checksumValue": _sha256(data)},
            "dct:license": license_,
            **({} if resource else {"dct:conformsTo": {"@id": "https://datapackage.org/standard/data-package/"}}),
        })
    dataset = {
        "@context": {"dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/",
                     "foaf": "http://xmlns.com/foaf/0.1/", "spdx": "http://spdx.org/rdf/terms#",
                     "xsd": "http://www.w3.org/2001/XMLSchema#"},
        "@id": "#dataset",
        "@type": "dcat:Dataset",
        "dct:identifier": package["id"],
        "dct:title": package["title"],
        "dct:description": package["description"],
        "dct:issued": _literal(package["created"], "dateTime"),
        "dct:modified": _literal(package["created"], "dateTime"),
        "dct:publisher": [{"@type": "foaf:Organization", "foaf:name": name} for name in facts["institutions"]],
        "dct:spatial": [{**({"@id": EU_COUNTRY + COUNTRIES_ALPHA3[c]} if c in COUNTRIES_ALPHA3 else {}),
                         "@type": "dct:Location", "dct:identifier": c} for c in facts["countries"]],
        "dcat:keyword": package["keywords"],
        "dct:license": license_,
        "dcat:distribution": distributions,
    }
    if facts["years"]:
        first, last = facts["years"]
        dataset["dct:temporal"] = {"@type": "dct:PeriodOfTime",
                                   "dcat:startDate": _literal(f"{first}-01-01", "date"),
                                   "dcat:endDate": _literal(f"{last}-12-31", "date")}
    return dataset
