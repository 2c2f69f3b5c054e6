"""Document-family extractors over one shared table layer.

``EXTRACTORS`` is the registry of families; :func:`classify` picks one by content.
"""

from __future__ import annotations

from .base import BaseExtractor, ExtractionResult
from .document import ParsedDocument, read_document
from .generic_monthly import GenericMonthlyExtractor
from .pe_ceplan_poi import CeplanPoiExtractor
from .pe_poi_evaluation import PoiEvaluationExtractor
from .sv_integracion_pat import IntegracionPatExtractor
from .sv_isss_pat import IsssPatExtractor
from .sv_mtps_pat import MtpsPatExtractor

EXTRACTOR_VERSION = "0.1.0"

EXTRACTORS: dict[str, type[BaseExtractor]] = {
    cls.name: cls for cls in (MtpsPatExtractor, IntegracionPatExtractor, CeplanPoiExtractor,
                               PoiEvaluationExtractor, IsssPatExtractor,
                               GenericMonthlyExtractor)
}


def classify(doc: ParsedDocument) -> type[BaseExtractor] | None:
    """The family whose signature the document's content matches best (None: unknown)."""
    scored = sorted(((cls.score(doc), name) for name, cls in EXTRACTORS.items()), reverse=True)
    if not scored or scored[0][0] <= 0:
        return None
    return EXTRACTORS[scored[0][1]]


__all__ = ["EXTRACTORS", "EXTRACTOR_VERSION", "BaseExtractor", "ExtractionResult",
           "ParsedDocument", "classify", "read_document"]
