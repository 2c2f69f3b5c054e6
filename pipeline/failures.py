"""One document's failure in one stage, said in one line.

A stage that works document by document (extraction in a worker, the documents' own
checks, the report's section, reconcile) catches what raises for one document and
turns it into that document's message, naming the stage and the exception:
``x.pdf: failed in checks: KeyError: 'value'``. The run goes on with the others.
"""

from __future__ import annotations

MAX_DETAIL = 200  # characters of the exception's text in a message


def exception_line(exc: BaseException) -> str:
    """``KeyError: 'value'``: the exception's type and text on one line, clipped."""
    text = " ".join(str(exc).split())
    if len(text) > MAX_DETAIL:
        text = text[:MAX_DETAIL - 1] + "…"
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def stage_failure(name: str, stage: str, exc: BaseException) -> str:
    """``x.pdf: failed in checks: KeyError: 'value'``."""
    return f"{name}: failed in {stage}: {exception_line(exc)}"
