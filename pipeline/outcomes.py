"""A document's outcome as Arrow and back, exactly.

The unit that travels: to the cache of finished documents (pipeline/cache.py) and
between machines when documents are extracted elsewhere. Arrow rather than pickle:
reading it runs no code (a cache folder or a network peer is not trusted to), it
does not tie both ends to the same classes, and any Arrow reader can look inside.

One outcome is one Arrow table of one row. Each part of ``DocumentOutcome`` is a
column holding a list of structs, one struct per record and one field per record
key: ``document`` (one record), ``activities``, ``values``, ``quarantine``, ``rows``
(the ``RowCount``, none when not read) and ``scalars`` (``n_tables``, ``seconds``
and any other plain field). What Arrow does not say by itself is in the schema
metadata, so that the records come back equal, key order and Python types
included: each field's kind ("float", "tuple<float>", or, for a key whose values
mix kinds, a dense union of them); and, for a part whose records do not all have
the same keys in the same order (a quarantine row may carry a ``box``), the key
list of each record (column ``<part>:keys``). Floats are float64 (the same bits),
ints int64; a value of any other type raises TypeError naming the part and key.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pyarrow as pa

from .accounting import RowCount
from .worker import DocumentOutcome

RECORD_PARTS = ("activities", "values", "quarantine")  # DocumentOutcome fields holding lists of records
METADATA_KEY = b"planpdf.outcome"
FORMAT = 1  # bump when the layout below changes: older bytes then fail to load (a cache miss)

_SCALAR_KINDS = {bool: "bool", int: "int", float: "float", str: "str", dt.date: "date"}
_ARROW = {"bool": pa.bool_(), "int": pa.int64(), "float": pa.float64(), "str": pa.string(),
          "date": pa.date32(), "null": pa.null()}
_CONTAINERS = (list, tuple)


def outcome_to_arrow(outcome: DocumentOutcome) -> pa.Table:
    """One outcome as a one-row Arrow table (see the module docstring)."""
    columns, meta = {}, {"format": FORMAT, "parts": {}}
    for name, records in _parts_of(outcome).items():
        struct, kinds, keys, shapes = _records_to_struct(name, records)
        columns[name] = pa.ListArray.from_arrays(pa.array([0, len(records)], pa.int32()), struct)
        meta["parts"][name] = {"kinds": kinds, "keys": keys}
        if shapes is not None:  # records of several key lists: each row's, as indexes into ``keys``
            columns[f"{name}:keys"] = pa.array([shapes], pa.list_(pa.list_(pa.int32())))
    table = pa.table(columns)
    return table.replace_schema_metadata({METADATA_KEY: json.dumps(meta, sort_keys=True).encode()})


def outcome_from_arrow(table: pa.Table) -> DocumentOutcome:
    """The outcome ``outcome_to_arrow`` made the table from. ValueError when the table is not one."""
    raw = (table.schema.metadata or {}).get(METADATA_KEY)
    if raw is None or table.num_rows != 1:
        raise ValueError("not an outcome table (no planpdf.outcome metadata, or not one row)")
    meta = json.loads(raw)
    if meta.get("format") != FORMAT:
        raise ValueError(f"outcome table of format {meta.get('format')}, this version reads {FORMAT}")
    parts = {}
    for name, spec in meta["parts"].items():
        shapes = table.column(f"{name}:keys")[0].as_py() if f"{name}:keys" in table.column_names else None
        parts[name] = _struct_to_records(table.column(name).chunk(0).flatten(), spec["kinds"], spec["keys"], shapes)
    fields = {**parts["scalars"][0], "document": parts["document"][0],
              "rows": RowCount(**parts["rows"][0]) if parts["rows"] else None,
              **{name: parts[name] for name in RECORD_PARTS}}
    return DocumentOutcome(**fields)


def outcome_to_bytes(outcome: DocumentOutcome) -> bytes:
    """One outcome as an Arrow IPC stream (zstd-compressed buffers)."""
    table = outcome_to_arrow(outcome)
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema, options=pa.ipc.IpcWriteOptions(compression="zstd")) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def outcome_from_bytes(data: bytes) -> DocumentOutcome:
    """The outcome in ``outcome_to_bytes``' bytes; ValueError (or pyarrow's ArrowInvalid) when they are not one."""
    return outcome_from_arrow(pa.ipc.open_stream(pa.py_buffer(data)).read_all())


# ------------------------------------------------------------------------ parts


def _parts_of(outcome: DocumentOutcome) -> dict[str, list[dict]]:
    """Every field of the outcome as a list of records (a new field lands in ``scalars``)."""
    scalars = {f.name: getattr(outcome, f.name) for f in dataclasses.fields(outcome)
               if f.name not in (*RECORD_PARTS, "document", "rows")}
    return {"document": [outcome.document],
            **{name: getattr(outcome, name) for name in RECORD_PARTS},
            "rows": [] if outcome.rows is None else [dataclasses.asdict(outcome.rows)],
            "scalars": [scalars]}


def _records_to_struct(part: str, records: list[dict]) -> tuple[pa.StructArray, dict, list, list | None]:
    """A struct array of the records, each key's kind, the keys in first-seen order, and
    each record's key list as indexes (None when every record has exactly ``keys``)."""
    keys: dict[str, int] = {}
    for record in records:
        for key in record:
            keys.setdefault(key, len(keys))
    names = list(keys)
    shapes = [[keys[k] for k in record] for record in records]
    uniform = all(len(shape) == len(names) and shape == list(range(len(names))) for shape in shapes)
    arrays, kinds = [], {}
    for key in names:
        values = [record.get(key) for record in records]
        array, kinds[key] = _column(part, key, values)
        arrays.append(array)
    if names:
        struct = pa.StructArray.from_arrays(arrays, names=names)
    else:
        struct = pa.array([{}] * len(records), pa.struct([]))
    return struct, kinds, names, None if uniform else shapes


def _struct_to_records(struct: pa.StructArray, kinds: dict, keys: list[str], shapes: list | None) -> list[dict]:
    columns = [_values(struct.field(i), kinds[key]) for i, key in enumerate(keys)]
    if shapes is None:
        return [dict(zip(keys, row)) for row in zip(*columns)] if keys else [{} for _ in range(len(struct))]
    return [{keys[i]: columns[i][n] for i in shape} for n, shape in enumerate(shapes)]


# ------------------------------------------------------------------------ columns


def _kind(part: str, key: str, value) -> str | None:
    """'int', 'str', 'list<str>', 'tuple<float>', 'list<null>' (empty or all None); None for None."""
    if value is None:
        return None
    kind = _SCALAR_KINDS.get(type(value))
    if kind is not None:
        return kind
    if type(value) in _CONTAINERS:
        inner = {_kind(part, key, item) for item in value} - {None}
        if len(inner) > 1 or any("<" in k for k in inner):
            raise TypeError(f"{part}.{key}: a {type(value).__name__} of {sorted(inner)}: "
                            "an outcome's lists hold one scalar type")
        return f"{type(value).__name__}<{inner.pop() if inner else 'null'}>"
    raise TypeError(f"{part}.{key}: {type(value).__name__} {value!r} cannot travel as Arrow "
                    "(an outcome holds None, bool, int, float, str, date, and lists or tuples of them)")


def _column(part: str, key: str, values: list) -> tuple[pa.Array, str | list[str]]:
    """The Arrow array of one key's values and its kind (a list of kinds: a dense union)."""
    row_kinds = [_kind(part, key, v) for v in values]
    kinds = _merge_kinds(row_kinds)
    if not kinds:
        return pa.nulls(len(values)), "null"
    if len(kinds) == 1:
        return pa.array(values, _arrow_type(kinds[0])), kinds[0]
    # Mixed kinds (an int among floats): a dense union keeps each value's own type. A
    # None goes to the first child as its null.
    index = {k: i for i, k in enumerate(kinds)}
    children: list[list] = [[] for _ in kinds]
    codes, offsets = [], []
    for value, kind in zip(values, row_kinds):
        i = 0 if kind is None else index[_widen(kind, kinds)]
        codes.append(i)
        offsets.append(len(children[i]))
        children[i].append(value)
    arrays = [pa.array(child, _arrow_type(k)) for child, k in zip(children, kinds)]
    union = pa.UnionArray.from_dense(pa.array(codes, pa.int8()), pa.array(offsets, pa.int32()), arrays,
                                     [str(i) for i in range(len(kinds))])
    return union, kinds


def _merge_kinds(row_kinds: list[str | None]) -> list[str]:
    """Distinct kinds in first-seen order, an empty list's ('list<null>') folded into a list
    of the same container that says what it holds."""
    seen = list(dict.fromkeys(k for k in row_kinds if k is not None))
    return [k for k in seen if not (k.endswith("<null>") and any(o != k and o.startswith(k[:-5]) for o in seen))]


def _widen(kind: str, kinds: list[str]) -> str:
    if kind in kinds:
        return kind
    return next(k for k in kinds if k.startswith(kind[:-5]))  # 'list<null>' into 'list<str>'


def _arrow_type(kind: str) -> pa.DataType:
    if "<" in kind:
        return pa.list_(_ARROW[kind[kind.index("<") + 1:-1]])
    return _ARROW[kind]


def _values(array: pa.Array, kind: str | list[str]) -> list:
    values = array.to_pylist()
    if isinstance(kind, list):  # a dense union: each value's container from its child's kind
        codes = array.type_codes.to_pylist()
        return [tuple(v) if v is not None and kind[c].startswith("tuple<") else v for v, c in zip(values, codes)]
    if kind.startswith("tuple<"):
        return [None if v is None else tuple(v) for v in values]
    return values
