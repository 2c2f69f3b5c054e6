"""pandera schemas of the four Parquet files (the data contract)."""

import sys


def _pandera_without_dask() -> None:
    """pandera looks for dask's DataFrame types the first time it builds a schema, by
    importing ``dask.dataframe`` when dask is installed (the ``cluster`` extra): 1.0 s of
    CPU in every process that validates, for types no schema here uses. pandera is made to
    find it missing, once, in a process that has not imported it; dask itself stays
    importable (``--scheduler`` imports it after)."""
    if "pandera.typing.dask" in sys.modules or "dask.dataframe" in sys.modules:
        return
    hidden = [name for name in ("dask", "dask.dataframe") if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # an import of it raises ImportError
    try:
        import pandera.typing.dask  # noqa: F401  (its DASK_INSTALLED is False)
    finally:
        for name in hidden:
            del sys.modules[name]


_pandera_without_dask()

from .contract import SCHEMAS, Activities, Documents, Quarantine, Values  # noqa: E402

__all__ = ["SCHEMAS", "Activities", "Documents", "Quarantine", "Values"]
