"""Extract one PDF into plain records: the unit of work of the process pool.

Never raises for a bad document: every failure becomes a ``failed`` status with a
message naming the file, so the run goes on with the other files.
"""

from __future__ import annotations

from collections.abc import Callable
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from extractors import EXTRACTOR_VERSION, classify, read_document
from extractors.document import file_sha256
from extractors.base import INFO_REASONS
from extractors.values import NumberLocale
from extractors.layout.sources import (IMAGE, NOTHING, SHAPES, TEXT, PdfOpenError, TextSource, get_source,
                                       pdfium_page_draws)

from .accounting import RowCount
from .confidence import (add_confidence, doubt_pages, doubtful_pages, ocr_pages_of, signs_read_for_numbers,
                         unsure_pages)
from .config import ExtractSettings
from .failures import exception_line, stage_failure
from .repeats import agree_repeats
from .totals import (cells_off_their_sum_doubted, cells_read_by_their_line, hold_to_progress, hold_to_totals,
                     values_malformed_doubted)


@dataclass
class DocumentOutcome:
    document: dict
    activities: list[dict] = field(default_factory=list)
    values: list[dict] = field(default_factory=list)
    quarantine: list[dict] = field(default_factory=list)
    n_tables: int = 0
    rows: RowCount | None = None  # what happened to each printed table row (None: not read)
    seconds: float | None = None  # wall time from handing it to a worker to its outcome (set by the pool)
    # True when ``extract_file`` made it: whatever its status, the file's own outcome, which the
    # same bytes, code and settings give again. False for a failure the executor reported for a
    # document it stopped or lost (a time or memory limit, a crashed worker): another run may
    # not fail it, so a run holding one is never replayed (pipeline/warm.py).
    from_file: bool = False


# A document whose numbers were not read (nothing extracted) has no number locale.
NO_NUMBER_LOCALE = {"number_locale": None, "number_locale_basis": None, "number_locale_evidence": None}
NOT_READ = {"ocr_pages": None, **NO_NUMBER_LOCALE}  # the documents fields of a file no page of which was read


def failed_document(path: Path, source_path: str, message: str | None, sha256: str | None = None) -> dict:
    """The documents row of a file, as 'failed' until extraction proves otherwise.

    ``sha256``: the file's hash when the caller has it (the run hashes every file
    once, to find copies); otherwise the file is hashed here.
    """
    sha = sha256 or file_sha256(path)
    return {
        "doc_id": sha[:16], "source_path": source_path, "sha256": sha, "family": None,
        "country": None, "institution": None, "plan_year": None, "n_pages": None, **NOT_READ,
        "status": "failed", "message": message, "extractor_version": EXTRACTOR_VERSION,
    }


def duplicate_doc_id(sha256: str, source_path: str) -> str:
    """doc_id of a copy's row: its content's doc_id (sha256[:16]) belongs to the first
    file, so the copy's row is keyed by the hash and its own path (unique per row)."""
    return hashlib.sha256(f"{sha256}:{source_path}".encode()).hexdigest()[:16]


def duplicate_document(source_path: str, sha256: str, original: str) -> dict:
    """The documents row of a byte-identical copy of ``original`` (its source_path): not extracted.

    Both are named by their path in the input folder: a copy often has the same
    name in another folder.
    """
    return {
        "doc_id": duplicate_doc_id(sha256, source_path), "source_path": source_path, "sha256": sha256,
        "family": None, "country": None, "institution": None, "plan_year": None, "n_pages": None,
        **NOT_READ, "status": "duplicate",
        "message": f"{source_path}: byte-identical to {original} (same SHA-256); its data is that file's",
        "extractor_version": EXTRACTOR_VERSION,
    }


def sniff_file(path: Path) -> str | None:
    """A plain-words reason when the file is obviously not a PDF, before any parser runs."""
    size = path.stat().st_size
    if size == 0:
        return "empty file (0 bytes)"
    with open(path, "rb") as fh:
        head = fh.read(1024)
    if b"%PDF-" not in head:
        return f"not a PDF (no %PDF- header; starts with {head[:16]!r})"
    return None


def describe_open_failure(path: Path, exc: Exception) -> str:
    """One line for a file the parser refused, in the reader's terms where we can tell."""
    if "password" in str(exc).lower() or _has_encrypt_entry(path):
        return f"{path.name}: encrypted, password required (the file has a user password; decrypt it first)"
    with open(path, "rb") as fh:
        fh.seek(max(0, path.stat().st_size - 2048))
        tail = fh.read()
    if b"%%EOF" not in tail:  # every complete PDF ends with it; a cut download does not
        return f"{path.name}: truncated or incomplete (no %%EOF at the end); cannot open as PDF"
    if _lacks_page_tree(path):  # nothing to start reading from
        return f"{path.name}: cannot open as PDF (no page tree found: the document catalog or its /Pages is missing)"
    return str(exc) if path.name in str(exc) else f"{path.name}: {exc}"


def _lacks_page_tree(path: Path) -> bool:
    """True when the file's catalog has no /Pages that resolves to a dictionary.

    Asked of pdfminer, not read from PDFium's error: PDFium gives up on such a file
    without setting an error code, so its message carries whatever code an earlier
    file left in the process ("Success" in a fresh worker, "Data format error" after
    a corrupt file), which cannot tell this case apart.
    """
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import resolve1

    try:
        with open(path, "rb") as fh:
            catalog = PDFDocument(PDFParser(fh)).catalog
            return not isinstance(resolve1(catalog.get("Pages")), dict)
    except Exception:  # pdfminer cannot read it either: no more to say than PDFium's error
        return False


def _has_encrypt_entry(path: Path) -> bool:
    # The /Encrypt entry lives in the trailer (or the xref stream dictionary) at the end.
    with open(path, "rb") as fh:
        fh.seek(max(0, path.stat().st_size - 65536))
        return b"/Encrypt" in fh.read()


def describe_read_failure(exc: Exception, pages_read: int, n_pages: int | None) -> str:
    """One line for a document that opened but could not be read to the end, naming the page.

    PDFium cannot load a page the page tree lists but does not hold (a /Count larger
    than the pages, a page object that is gone or is no page): that page is named.
    """
    if n_pages is None:
        return f"{exception_line(exc)} while opening the file"
    if pages_read >= n_pages:
        return f"{exception_line(exc)} after reading all {n_pages} pages"
    page = f"page {pages_read + 1} of {n_pages}"
    if type(exc).__name__ == "PdfiumError" and "load page" in str(exc).lower():
        return f"{page} cannot be loaded ({exception_line(exc)}): the page tree lists a page the file does not hold"
    return f"{exception_line(exc)} on {page}"


def page_notes(doc) -> list[str]:
    """What the reader should know about pages of a document that was read: pages that
    repeat an earlier page exactly (read once) and pages with no text among pages with
    text (blank, scanned or damaged: nothing can be read there)."""
    notes = []
    if doc.repeats:
        repeated, firsts = list(doc.repeats), sorted(set(doc.repeats.values()))
        verb = "repeats" if len(repeated) == 1 else "repeat"
        notes.append(f"{_pages(repeated)} {verb} {_pages(firsts)} exactly (same text and drawing): read once")
    blank = [p.number for p in doc.pages if p.n_chars == 0]
    if blank and len(blank) < len(doc.pages):
        notes.append(f"no text on {_pages(blank)} (blank, scanned or damaged?): nothing read there")
    return notes


def text_source(settings: ExtractSettings, on_ocr: Callable[[int], None] | None = None) -> TextSource:
    """The settings' text source; with OCR on, pages without a text layer are read by OCR
    (``on_ocr(n)`` as each one is, before its layout is built)."""
    if settings.ocr == "off":
        return get_source(settings.source)
    return _SaysOcr(get_source(settings.source, ocr={"mode": settings.ocr}), on_ocr)


class _SaysOcr:
    """A text source that calls ``on_ocr(n)`` for each page it read by OCR."""

    def __init__(self, source: TextSource, on_ocr: Callable[[int], None] | None):
        self.source, self.on_ocr, self.name = source, on_ocr, source.name

    def count_pages(self, path: Path) -> int:
        return self.source.count_pages(path)

    def iter_pages(self, path: Path):
        for content in self.source.iter_pages(path):
            if self.on_ocr and content.ocr_words is not None:
                self.on_ocr(content.number)
            yield content


def unsure_note(pages) -> str:
    """What to add to the message of a scan nothing was read from, when OCR was unsure of
    most words of some of its pages: the layout may be known, the print unreadable."""
    said = unsure_said(pages)
    return f"; {said}" if said else ""


def unsure_said(pages) -> str:
    """Which pages OCR was unsure of most words of, and what may help; "" for none. Said of
    a scan read in part too: 004 at 150 dpi reads its first page's table (4 pt print), and
    its second page (3 pt) gives rows of unread cells."""
    unsure = unsure_pages(pages)
    if not unsure:
        return ""
    return (f"OCR was unsure of most words on {_pages(unsure)} (print too small or too damaged for the "
            "scan: a greyscale scan at 300 dpi or more may be readable)")


def _pages(numbers: list[int]) -> str:
    """[3] -> 'page 3'; [1, 2, 3, 5] -> 'pages 1-3, 5'."""
    return f"page {numbers[0]}" if len(numbers) == 1 else f"pages {page_ranges(numbers)}"


def page_ranges(numbers: list[int]) -> str:
    """1,2,3,5 -> '1-3, 5'."""
    out: list[str] = []
    for n in sorted(numbers):
        if out and out[-1].split("-")[-1] == str(n - 1):
            out[-1] = f"{out[-1].split('-')[0]}-{n}"
        else:
            out.append(str(n))
    return ", ".join(out)


def draws_per_page(path: Path) -> list[str]:
    """What each page draws, IMAGE, TEXT, SHAPES or NOTHING (``pdfium_page_draws``), read
    with PDFium whatever the text source. Only asked of documents without a single glyph."""
    import pypdfium2 as pdfium

    kinds = []
    pdf = pdfium.PdfDocument(str(path))
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            try:
                kinds.append(pdfium_page_draws(page))
            finally:
                page.close()
    finally:
        pdf.close()
    return kinds


def no_text_status(name: str, kinds: list[str], ocr: str = "off") -> dict:
    """Status and message of a document without any glyph, from what each page draws.

    ``needs_ocr`` when a page draws an image or unreadable text (a scan: OCR can read
    it) that was not read by OCR (``ocr``, the run's mode: off; or auto, which reads
    pages that draw an image, not glyphs without characters), naming those pages and
    how to read them; otherwise ``no_tables``, saying what the pages draw instead of
    text (vector shapes only, or nothing at all).
    """
    pages = {kind: [n for n, k in enumerate(kinds, start=1) if k == kind] for kind in (IMAGE, TEXT, SHAPES, NOTHING)}
    notes = []
    if pages[SHAPES]:
        one = len(pages[SHAPES]) == 1
        notes.append(f"{_pages(pages[SHAPES])} draw{'s' if one else ''} no text (vector shapes only)")
    if pages[NOTHING]:
        one = len(pages[NOTHING]) == 1
        notes.append(f"{_pages(pages[NOTHING])} {'is' if one else 'are'} blank (draw{'s' if one else ''} nothing)")
    scanned = sorted(pages[IMAGE] + pages[TEXT])
    if scanned:
        how = ("OCR is off: read it with --ocr auto (experimental, see the README)" if ocr == "off" else
               "its glyphs have no characters: read it with --ocr force")
        message = f"{name}: no text layer on {_pages(scanned)} (scanned?); {how}"
        return {"status": "needs_ocr", "message": "; ".join([message, *notes])}
    return {"status": "no_tables", "message": f"{name}: " + "; ".join(notes)}


def extract_file(path: Path, source_path: str, settings: ExtractSettings,
                 on_page: Callable[[int], None] | None = None,
                 on_open: Callable[[int], None] | None = None, sha256: str | None = None,
                 on_ocr: Callable[[int], None] | None = None) -> DocumentOutcome:
    """Read one document into an outcome; ``on_open(n_pages)`` once opened, ``on_page(n)`` per
    page, and before that ``on_ocr(n)`` for a page read by OCR (the pool gives it more time).

    ``sha256``: the file's hash when the caller has it (it is then not hashed again).
    Anything that raises while reading, classifying or extracting it makes it
    ``failed``, "x.pdf: failed in extraction (<family>): KeyError: 'value'", with
    none of its rows: a parser bug or a hostile file must not stop the run.

    MemoryError propagates: the caller (a worker process under a memory limit) is
    the one that knows the limit and must not keep running on a broken heap.
    """
    document = failed_document(path, source_path, None, sha256)
    outcome = DocumentOutcome(document, from_file=True)
    try:
        _extract_into(outcome, path, settings, on_page, on_open, on_ocr)
    except MemoryError:
        raise
    except Exception as exc:
        outcome.activities, outcome.values, outcome.quarantine, outcome.n_tables, outcome.rows = [], [], [], 0, None
        stage = f"extraction ({document['family']})" if document["family"] else "extraction"
        document.update(status="failed", message=stage_failure(path.name, stage, exc))
    return outcome


def ocr_records_weighed(activities: list[dict], values: list[dict], quarantine: list[dict], pages,
                        locale: NumberLocale, aggregated: bool = False,
                        ) -> tuple[list[dict], list[dict], dict[int, float]]:
    """A family's records with what OCR read weighed (values, quarantine, and the doubtful
    pages with their share of doubtful cells; the activities in place): each value's
    confidence and the cells OCR could not read (``add_confidence``; a value cell read as
    signs alone among them, ``signs_read_for_numbers``), a number grouped as none is
    doubted (``values_malformed_doubted``), the
    values repeated down a column agreed (``agree_repeats``, step 12; before the sums, which
    need the aggregation), the numbers held to the sums and the progress the document
    computes (step 13; ``aggregated``: the family prints each activity's aggregation, the
    family's ``aggregated``), and a month its line's sum names as misread flagged
    (``cells_off_their_sum_doubted``).
    Last, a page on which a third of the cells are doubtful is doubtful as a whole
    (``doubtful_pages``): its values at most ``PAGE_DOUBTED`` sure.
    Records of a text layer come back as they are. tests/ocr_score.py scores this same path."""
    add_confidence(values, quarantine, pages)
    values = values_malformed_doubted(values, locale)
    values, quarantine = signs_read_for_numbers(activities, values, quarantine)
    agree_repeats(activities, pages)
    if activities:
        values, quarantine = cells_read_by_their_line(activities, values, quarantine, locale)
        values = hold_to_progress(activities, hold_to_totals(activities, values, locale, aggregated))
        # A line mended by its sum leaves its unread cell the number its sum now says
        # (seed 13's "0.90" mended to "0.00" on the line of the cell read "0-00").
        values, quarantine = cells_read_by_their_line(activities, values, quarantine, locale)
        values = cells_off_their_sum_doubted(activities, values, quarantine, locale)
    doubtful = doubtful_pages(values, quarantine)
    return doubt_pages(values, doubtful), quarantine, doubtful


def _extract_into(outcome: DocumentOutcome, path: Path, settings: ExtractSettings,
                  on_page: Callable[[int], None] | None, on_open: Callable[[int], None] | None,
                  on_ocr: Callable[[int], None] | None = None) -> None:
    """Fill ``outcome`` in place; what raises here is the document's failure (``extract_file``)."""
    document = outcome.document
    problem = sniff_file(path)
    if problem:
        document["message"] = f"{path.name}: {problem}"
        return
    source = text_source(settings, on_ocr)
    pages_read = 0

    def page_read(number: int) -> None:
        nonlocal pages_read
        pages_read += 1
        if on_page:
            on_page(number)

    try:
        # Opening first (cheap: no page is parsed) tells the progress bar how many pages follow.
        n_pages = source.count_pages(path)
        document["n_pages"] = n_pages
        if on_open:
            on_open(n_pages)
        doc = read_document(path, source, settings.tables, page_read, document["sha256"])
    except PdfOpenError as exc:
        document["message"] = describe_open_failure(path, exc)
        return
    except MemoryError:
        raise
    except Exception as exc:  # a parser bug or hostile file must not stop the run
        document["message"] = f"{path.name}: {describe_read_failure(exc, pages_read, document['n_pages'])}"
        return
    document["n_pages"] = len(doc.pages)
    ocr_pages = ocr_pages_of(doc.pages)
    document["ocr_pages"] = page_ranges(ocr_pages) if ocr_pages else None
    if doc.pages and all(p.n_chars == 0 for p in doc.pages):
        if ocr_pages:  # scanned, and OCR found nothing to read there
            document.update(status="no_tables", message=(
                f"{path.name}: OCR read no text on {_pages(ocr_pages)} (blank, or too faint or damaged to read)"))
            return
        # No glyph anywhere: OCR helps only where a page draws an image (a scan) or text
        # whose characters cannot be read; a page of vector shapes has nothing to read.
        document.update(no_text_status(path.name, draws_per_page(path), settings.ocr))
        return
    family = classify(doc)
    if family is None:
        document.update(status="no_tables",
                        message=f"{path.name}: no known plan layout recognised{unsure_note(doc.pages)}")
        return
    document.update(family=family.name, country=family.country, institution=family.institution)
    result = family(number_locale=settings.number_locale_of(outcome.document["source_path"])).extract(doc)
    outcome.rows = rows = RowCount.of(result.rows, len(result.activities))
    document["plan_year"] = result.plan_year
    if result.activities:  # its numbers were read: in which locale, and why
        decision = result.number_locale
        document.update(number_locale=decision.locale.name, number_locale_basis=decision.basis,
                        number_locale_evidence=decision.note)
    if result.institution:
        document["institution"] = result.institution
    outcome.n_tables = sum(1 for t in result.tables if t["activity"])
    outcome.activities, outcome.values = result.activities, result.values
    outcome.quarantine = result.quarantine
    outcome.values, outcome.quarantine, doubtful_pages_read = ocr_records_weighed(
        outcome.activities, outcome.values, outcome.quarantine, doc.pages, result.number_locale.locale,
        family.aggregated)
    if not result.activities:
        document.update(status="no_tables", message=f"{path.name}: {result.message}{unsure_note(doc.pages)}")
    elif any(q["reason"] not in INFO_REASONS for q in outcome.quarantine):
        doubtful = [q for q in outcome.quarantine if q["reason"] not in INFO_REASONS]
        reasons = sorted({q["reason"] for q in doubtful})
        document.update(status="partial", message=(
            f"{path.name}: {len(doubtful)} row(s) quarantined ({', '.join(reasons)}); see quarantine.parquet"
            + (f"; {result.message}" if result.message else "")))
    else:
        document["status"] = "ok"
        if result.message:  # read, with something to say (a plan year OCR was unsure of)
            document["message"] = f"{path.name}: {result.message}"
    if not rows.balanced:  # a row went missing between the table and the records: say so
        document.update(status="partial", message=(
            f"{path.name}: {rows.seen} table rows seen but only {rows.drafted} drafted rows vs "
            f"{rows.activities} activities; please report"))
    unsure = unsure_said(doc.pages) if result.activities else ""  # else the message said it already
    notes = page_notes(doc) + ([unsure] if unsure else []) + [
        f"OCR was unsure of {share:.0%} of the value cells on page {page}: every value there is flagged "
        "(check ocr_value_confident)" for page, share in doubtful_pages_read.items()]
    if notes:  # said even when the status is ok: a repeated page, a page without text, a page OCR doubted
        lead = f"{document['message']}; " if document["message"] else f"{path.name}: "
        document["message"] = lead + "; ".join(notes)
