"""pandera schemas of the four Parquet files (the data contract)."""

from .contract import SCHEMAS, Activities, Documents, Quarantine, Values

__all__ = ["SCHEMAS", "Activities", "Documents", "Quarantine", "Values"]
