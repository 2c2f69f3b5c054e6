"""What a process of the pipeline imports to start: each worker and command pays it.

Round 18 found two imports every process paid for nothing: a worker imported pandas and
pandera (1.1 s of CPU) through two constants it took from ``schemas/``, and pandera imported
``dask.dataframe`` (1.0 s) the first time a schema was built, to know dask's frame types
(docs/speed.md). Each is checked in a fresh interpreter.
"""

from __future__ import annotations

import json

from conftest import fresh_interpreter_stdout


def _modules_after(script: str) -> dict:
    """What ``script`` (which prints a JSON object) says, run in a fresh interpreter."""
    return json.loads(fresh_interpreter_stdout(script))


def test_a_worker_starts_without_pandas_or_pandera():
    loaded = _modules_after("import json, sys, pipeline.worker\n"
                            "print(json.dumps({m: m in sys.modules for m in ('pandas', 'pandera', 'pyarrow')}))")
    assert loaded == {"pandas": False, "pandera": False, "pyarrow": False}


def test_building_a_schema_does_not_import_dask_which_still_imports_after():
    seen = _modules_after(
        "import json, sys\n"
        "from schemas import SCHEMAS\n"
        "[model.to_schema() for model in SCHEMAS.values()]\n"
        "built = 'dask.dataframe' in sys.modules\n"
        "import dask.dataframe\n"
        "print(json.dumps({'built': built, 'after': 'dask.dataframe' in sys.modules}))")
    assert seen == {"built": False, "after": True}
