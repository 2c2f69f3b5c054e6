"""Fuzzing: mutants of the sample PDFs, from a fixed seed, through `extract` in batches.

Each mutant is one sample of ``data/raw/`` with one mutation (``KINDS``), drawn from
``random.Random(seed)``: the same seed and count give the same mutants, byte for
byte. The mutations are written in plain bytes by this module (the samples are
ReportLab files with a classic cross-reference table, which :class:`RawPdf` reads
and writes again), never by a PDF library, so no library version changes a mutant.

* ``truncate``: the file cut at a random offset (half of them in its last 4 KiB:
  the last objects, the xref, the trailer);
* ``flip-content``: random bytes of a page's content stream flipped as stored
  (ASCII85 + Flate: mostly a stream that no longer decodes);
* ``flip-decoded``: the content stream decoded, random bytes in it replaced by
  operator and delimiter characters or flipped, stored again unfiltered (a stream
  that decodes into broken drawing instructions);
* ``flip-xref``: random bytes of the cross-reference table and trailer flipped;
* ``delete-object``: one object blanked out where it stands (the xref points at
  spaces) or removed from the xref (its references resolve to null);
* ``bad-length``: one stream's ``/Length`` made wrong (0, short, long, huge,
  negative, a reference to a missing object, or gone);
* ``duplicate-page``: one page listed twice in ``/Kids`` or copied into a new page
  object after itself (``/Count`` + 1);
* ``page-loop``: the page tree loops (``/Kids`` of the root holds the root, an
  intermediate node holds its ancestor, or a page becomes a node whose kid is the root);
* ``huge-count``: the root's ``/Count`` set to a huge number (10^4 .. 10^20).

A batch is a folder of mutants plus intact samples, extracted by the real pipeline
(process pool, short time and memory limits). :func:`check_batch` names, for each
problem, the mutant, its sample, its mutation and how to write it again::

    python -m tests.fuzz --mutants 3000              # the long sweep (make fuzz)
    python -m tests.fuzz --seed 11 --mutants 320 --only m0042 --write /tmp/m  # one mutant, to look at

The sweep prints the statuses per kind and every problem, and exits 1 when there is one.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import hashlib
import io
import random
import re
import shutil
import sys
import tempfile
import time
import traceback
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
if str(TESTS) not in sys.path:  # run as `python -m tests.fuzz`: golden.py is a sibling
    sys.path.insert(0, str(TESTS))
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

RAW = ROOT / "data" / "raw"
# Small samples (2 to 16 pages) of three families: a batch of 40 mutants takes seconds.
SAMPLES = ("002_5e65348469c072e6", "004_cad7ca5c0a475a2d", "006_ceplan_poi_2024_v1",
           "007_ceplan_poi_2024_nocodes")
SEED = 11
KINDS = ("truncate", "flip-content", "flip-decoded", "flip-xref", "delete-object", "bad-length",
         "duplicate-page", "page-loop", "huge-count")
STATUSES = {"ok", "partial", "no_tables", "needs_ocr", "failed"}
TIMEOUT = 10.0
MAX_MEMORY = "1G"


# ------------------------------------------------------------------ a PDF as objects


_XREF_ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([nf])")
_REF = re.compile(rb"(\d+) 0 R")


@dataclass
class RawPdf:
    """A PDF with a classic xref table, as numbered object bodies (the bytes between
    ``N 0 obj`` and ``endobj``) and its trailer dictionary; written back with a fresh xref."""

    header: bytes
    objects: dict[int, bytes]
    trailer: bytes

    @classmethod
    def parse(cls, data: bytes) -> "RawPdf":
        xref_at = xref_offset(data)
        offsets = object_offsets(data)
        ends = sorted(offsets.values()) + [xref_at]
        objects = {}
        for number, start in offsets.items():
            end = ends[ends.index(start) + 1]
            chunk = data[start:end]
            head = re.match(rb"\d+ \d+ obj\s*", chunk)
            objects[number] = chunk[head.end():chunk.rindex(b"endobj")].rstrip()
        trailer_at = data.index(b"trailer", xref_at) + len(b"trailer")
        trailer = data[trailer_at:data.index(b"startxref", trailer_at)].strip()
        return cls(data[:min(offsets.values())], objects, trailer)

    def to_bytes(self) -> bytes:
        out = bytearray(self.header)
        offsets = {}
        for number in sorted(self.objects):
            offsets[number] = len(out)
            out += b"%d 0 obj\n" % number + self.objects[number] + b"\nendobj\n"
        xref_at = len(out)
        size = max(self.objects) + 1
        out += b"xref\n0 %d\n" % size
        for number in range(size):
            out += (b"%010d 00000 n \n" % offsets[number]) if number in offsets else b"0000000000 65535 f \n"
        trailer = re.sub(rb"/Size \d+", b"/Size %d" % size, self.trailer)
        out += b"trailer\n" + trailer + b"\nstartxref\n%d\n%%%%EOF\n" % xref_at
        return bytes(out)

    # the page tree, as ReportLab writes it: a root /Pages node over the pages

    def ref(self, body: bytes, key: bytes) -> int:
        return int(re.search(rb"/" + key + rb"\s+(\d+) 0 R", body).group(1))

    @property
    def pages_root(self) -> int:
        return self.ref(self.objects[self.ref(self.trailer, b"Root")], b"Pages")

    def kids(self, node: int) -> list[int]:
        match = re.search(rb"/Kids\s*\[([^\]]*)\]", self.objects[node])
        return [int(n) for n in _REF.findall(match.group(1))]

    def set_kids(self, node: int, kids: list[int], count: int | None = None) -> None:
        body = re.sub(rb"/Kids\s*\[[^\]]*\]", b"/Kids [ " + b" ".join(b"%d 0 R" % k for k in kids) + b" ]",
                      self.objects[node])
        if count is not None:
            body = re.sub(rb"/Count\s+-?\d+", b"/Count %d" % count, body)
        self.objects[node] = body

    def pages(self) -> list[int]:
        return self.kids(self.pages_root)

    def contents(self, page: int) -> int:
        return self.ref(self.objects[page], b"Contents")

    def streams(self) -> list[int]:
        return [n for n, body in sorted(self.objects.items()) if re.search(rb">>\s*stream\r?\n", body)]

    def role(self, number: int) -> str:
        """What an object is, in words, for a mutation's description."""
        pages = self.pages()
        if number == self.ref(self.trailer, b"Root"):
            return "catalog"
        if number == self.pages_root:
            return "page tree root"
        if number in pages:
            return f"page {pages.index(number) + 1}"
        for i, page in enumerate(pages, start=1):
            if number == self.contents(page):
                return f"content of page {i}"
        body = self.objects[number]
        for word, role in ((b"/FontFile", "font descriptor"), (b"/Type /Font", "font"), (b"/Length1", "font file"),
                           (b"/Producer", "info"), (b"/Author", "info"), (b"/F1 ", "font resources")):
            if word in body:
                return role
        return "stream" if number in self.streams() else "object"


def xref_offset(data: bytes) -> int:
    at = data.rindex(b"startxref")
    return int(data[at + len(b"startxref"):].split()[0])


def object_offsets(data: bytes) -> dict[int, int]:
    """Object number -> offset, from the (last) classic xref table."""
    at = xref_offset(data)
    lines = data[at:data.index(b"trailer", at)].split(b"\n")[1:]
    offsets, number = {}, 0
    for line in lines:
        parts = line.split()
        if len(parts) == 2:  # a subsection header: first number, count
            number = int(parts[0])
        elif len(parts) == 3 and _XREF_ENTRY.match(line.strip()):
            if parts[2] == b"n":
                offsets[number] = int(parts[0])
            number += 1
    return offsets


def stream_span(data: bytes, start: int) -> tuple[int, int]:
    """Where the stored data of the stream object at ``start`` lies in the file."""
    match = re.compile(rb">>\s*stream\r?\n").search(data, start)
    length = int(re.compile(rb"/Length\s+(\d+)").search(data, start, match.start()).group(1))
    return match.end(), match.end() + length


def decode_stream(body: bytes) -> bytes:
    """The decoded data of a stream body with no filter, FlateDecode, or ASCII85 then Flate."""
    match = re.search(rb">>\s*stream\r?\n", body)
    head, data = body[:match.start()], body[match.end():]
    data = data[:int(re.search(rb"/Length\s+(\d+)", head).group(1))]
    if b"/ASCII85Decode" in head:
        text = re.sub(rb"\s", b"", data)
        data = base64.a85decode(text[:-2] if text.endswith(b"~>") else text)
    if b"/FlateDecode" in head:
        data = zlib.decompress(data)
    return data


# -------------------------------------------------------------------------- mutations


def _flip(data: bytearray, positions: list[int], rng: random.Random) -> None:
    for p in positions:
        data[p] ^= rng.randrange(1, 256)  # never 0: the byte really changes


def m_truncate(original: bytes, rng: random.Random) -> tuple[bytes, str]:
    n = len(original)
    cut = rng.randrange(16, n) if rng.random() < 0.5 else rng.randrange(max(16, n - 4096), n)
    return original[:cut], f"cut at byte {cut} of {n}"


def m_flip_content(original: bytes, rng: random.Random) -> tuple[bytes, str]:
    pdf = RawPdf.parse(original)
    pages = pdf.pages()
    page = rng.randrange(len(pages))
    number = pdf.contents(pages[page])
    start, end = stream_span(original, object_offsets(original)[number])
    k = rng.randint(1, 8)
    positions = sorted(rng.sample(range(start, end), min(k, end - start)))
    data = bytearray(original)
    _flip(data, positions, rng)
    return bytes(data), f"{len(positions)} byte(s) flipped in page {page + 1}'s stored content stream " \
                        f"(object {number}) at {positions}"


# Characters that mean something to a content stream's parser.
SYNTAX = b"()<>[]{}/%\\ \n0123456789.-+TJjTfBTEmlreSsfnqQcmdDo'\""


def m_flip_decoded(original: bytes, rng: random.Random) -> tuple[bytes, str]:
    pdf = RawPdf.parse(original)
    pages = pdf.pages()
    page = rng.randrange(len(pages))
    number = pdf.contents(pages[page])
    data = bytearray(decode_stream(pdf.objects[number]))
    k = rng.randint(1, 24)
    positions = sorted(rng.sample(range(len(data)), min(k, len(data))))
    for p in positions:
        if rng.random() < 0.5:
            data[p] = rng.choice(SYNTAX)
        else:
            data[p] ^= rng.randrange(1, 256)
    pdf.objects[number] = b"<< /Length %d >>\nstream\n" % len(data) + bytes(data) + b"\nendstream"
    return pdf.to_bytes(), f"{len(positions)} byte(s) changed in page {page + 1}'s decoded content stream " \
                           f"(object {number}, stored unfiltered) at {positions}"


def m_flip_xref(original: bytes, rng: random.Random) -> tuple[bytes, str]:
    start = xref_offset(original)
    k = rng.randint(1, 6)
    positions = sorted(rng.sample(range(start, len(original)), k))
    data = bytearray(original)
    _flip(data, positions, rng)
    return bytes(data), f"{k} byte(s) flipped in the xref table and trailer at {positions}"


def m_delete_object(original: bytes, rng: random.Random) -> tuple[bytes, str]:
    pdf = RawPdf.parse(original)
    numbers = sorted(rng.sample(sorted(pdf.objects), rng.choice((1, 1, 1, 2, 3))))
    what = ", ".join(f"{n} ({pdf.role(n)})" for n in numbers)
    noun = "object" if len(numbers) == 1 else "objects"
    if rng.random() < 0.5:
        offsets, data = object_offsets(original), original
        for number in numbers:
            start = offsets[number]
            end = original.index(b"endobj", start) + len(b"endobj")
            if number in pdf.streams():  # past the stream's data, which may hold the word
                end = original.index(b"endobj", stream_span(original, start)[1]) + len(b"endobj")
            data = data[:start] + b" " * (end - start) + data[end:]
        return data, f"{noun} {what} blanked out where {'it stands' if len(numbers) == 1 else 'they stand'}"
    for number in numbers:
        del pdf.objects[number]
    return pdf.to_bytes(), f"{noun} {what} removed from the xref"


def m_bad_length(original: bytes, rng: random.Random) -> tuple[bytes, str]:
    pdf = RawPdf.parse(original)
    number = rng.choice(pdf.streams())
    body = pdf.objects[number]
    old = int(re.search(rb"/Length\s+(\d+)", body).group(1))
    choice = rng.choice(("0", "short", "long", "1000000000", "-5", "999 0 R", "none"))
    new = {"short": str(max(0, old - rng.randint(1, 2000))), "long": str(old + rng.randint(1, 2000))}.get(choice, choice)
    replacement = b"" if new == "none" else b"/Length " + new.encode()
    pdf.objects[number] = re.sub(rb"/Length\s+\d+", replacement, body, count=1)
    return pdf.to_bytes(), f"/Length of object {number} ({pdf.role(number)}) {old} -> {new}"


def m_duplicate_page(original: bytes, rng: random.Random) -> tuple[bytes, str]:
    pdf = RawPdf.parse(original)
    root, pages = pdf.pages_root, pdf.pages()
    kids, done = list(pages), []
    for _ in range(rng.choice((1, 1, 2, 3))):
        i, at = rng.randrange(len(pages)), rng.randrange(len(kids) + 1)
        if rng.random() < 0.5:
            kids.insert(at, pages[i])
            done.append(f"page {i + 1} (object {pages[i]}) listed again at /Kids position {at + 1}")
        else:
            copy = max(pdf.objects) + 1
            pdf.objects[copy] = pdf.objects[pages[i]]
            kids.insert(at, copy)
            done.append(f"page {i + 1} (object {pages[i]}) copied as object {copy} at /Kids position {at + 1}")
    pdf.set_kids(root, kids, count=len(kids))
    return pdf.to_bytes(), "; ".join(done)


def _some_count(rng: random.Random, n: int) -> int | None:
    """The root's /Count after a loop is made: kept (None), one more, or any up to twice the pages."""
    return rng.choice((None, n + 1, rng.randint(1, 2 * n)))


def m_page_loop(original: bytes, rng: random.Random) -> tuple[bytes, str]:
    pdf = RawPdf.parse(original)
    root, pages = pdf.pages_root, pdf.pages()
    i = rng.randrange(len(pages))
    count = _some_count(rng, len(pages))
    counted = "" if count is None else f", /Count {count}"
    variant = rng.choice(("self", "ancestor", "page-node"))
    if variant == "self":
        at = rng.randrange(len(pages) + 1)
        pdf.set_kids(root, pages[:at] + [root] + pages[at:], count=count)
        return pdf.to_bytes(), f"the root /Pages (object {root}) listed in its own /Kids at position {at + 1}{counted}"
    if variant == "ancestor":
        node = max(pdf.objects) + 1
        kids = [pages[i], root] if rng.random() < 0.5 else [root, pages[i]]
        pdf.objects[node] = b"<< /Type /Pages /Parent %d 0 R /Kids [ %d 0 R %d 0 R ] /Count 2 >>" % (root, *kids)
        pdf.set_kids(root, pages[:i] + [node] + pages[i + 1:], count=count)
        return pdf.to_bytes(), (f"page {i + 1} moved under a new /Pages node (object {node}) with /Kids "
                                f"{kids} (the root is object {root}){counted}")
    kids = [root] if rng.random() < 0.5 else [root, pages[rng.randrange(len(pages))]]
    pdf.objects[pages[i]] = re.sub(
        rb"/Type\s*/Page\b", b"/Type /Pages /Kids [ " + b" ".join(b"%d 0 R" % k for k in kids) + b" ] /Count %d" % len(kids),
        pdf.objects[pages[i]], count=1)
    if count is not None:
        pdf.set_kids(root, pages, count=count)
    return pdf.to_bytes(), f"page {i + 1} (object {pages[i]}) made a /Pages node with /Kids {kids} (the root is object {root}){counted}"


HUGE_COUNTS = (10_000, 100_000, 1_000_000, 2**31 - 1, 2**31, 2**32 + 16, 2**63 - 1, 10**20)


def m_huge_count(original: bytes, rng: random.Random) -> tuple[bytes, str]:
    pdf = RawPdf.parse(original)
    count = rng.choice(HUGE_COUNTS) + rng.randrange(100)  # a little jitter: more than one mutant per value
    pdf.set_kids(pdf.pages_root, pdf.pages(), count=count)
    return pdf.to_bytes(), f"/Count of the page tree root set to {count} (the file has {len(pdf.pages())} pages)"


MUTATORS = {"truncate": m_truncate, "flip-content": m_flip_content, "flip-decoded": m_flip_decoded,
            "flip-xref": m_flip_xref, "delete-object": m_delete_object, "bad-length": m_bad_length,
            "duplicate-page": m_duplicate_page, "page-loop": m_page_loop, "huge-count": m_huge_count}
assert tuple(MUTATORS) == KINDS


# ---------------------------------------------------------------------------- mutants


@dataclass(frozen=True)
class Mutant:
    name: str  # file name: m0042-004-truncate.pdf
    sample: str
    kind: str
    detail: str
    data: bytes = field(repr=False)
    seed: int = SEED
    count: int = 0  # how many mutants were made with it (the same seed and count make it again)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    def describe(self) -> str:
        """Which mutant, of what, how, and the command that writes it again."""
        return (f"{self.name} ({self.kind} of {self.sample}.pdf: {self.detail}; write it with "
                f"`python -m tests.fuzz --seed {self.seed} --mutants {self.count} --only {self.name[:5]} --write DIR`)")


def make_mutants(n: int, seed: int = SEED, samples: tuple[str, ...] = SAMPLES) -> list[Mutant]:
    """``n`` mutants, the kinds in turn, each of a sample drawn at random; no two alike
    (nor alike an intact sample: a byte-identical copy would be a different test)."""
    rng = random.Random(seed)
    originals = {s: (RAW / f"{s}.pdf").read_bytes() for s in samples}
    seen = {hashlib.sha256(data).digest() for data in originals.values()}
    mutants = []
    for i in range(n):
        kind = KINDS[i % len(KINDS)]
        for _ in range(1000):
            sample = rng.choice(samples)
            data, detail = MUTATORS[kind](originals[sample], rng)
            digest = hashlib.sha256(data).digest()
            if digest not in seen:
                break
        else:
            raise RuntimeError(f"no new {kind} mutant after 1000 tries")
        seen.add(digest)
        mutants.append(Mutant(f"m{i:04d}-{sample[:3]}-{kind}.pdf", sample, kind, detail, data, seed, n))
    return mutants


def batches(mutants: list[Mutant], size: int, samples: tuple[str, ...] = SAMPLES) -> list[tuple[list[Mutant], tuple[str, ...]]]:
    """Groups of ``size`` mutants, each with two intact samples (in turn)."""
    out = []
    for b, start in enumerate(range(0, len(mutants), size)):
        intact = (samples[(2 * b) % len(samples)], samples[(2 * b + 1) % len(samples)])
        out.append((mutants[start:start + size], intact))
    return out


# --------------------------------------------------------------------------- a batch


@dataclass
class BatchResult:
    mutants: list[Mutant]
    intact: tuple[str, ...]
    seconds: float
    error: str | None = None  # the traceback when the run itself raised
    outcomes: dict = field(default_factory=dict)  # file name -> DocumentOutcome
    frames: dict | None = None
    report: Path | None = None
    summary_text: str = ""


def run_batch(mutants: list[Mutant], intact: tuple[str, ...], work: Path, jobs: int = 2,
              timeout: float = TIMEOUT, max_memory: str = MAX_MEMORY) -> BatchResult:
    """Write the mutants and copies of the intact samples into ``work/in`` and run the
    extraction as the command line does (process pool, summary, report)."""
    from pipeline.cli import format_summary
    from pipeline.config import ExtractSettings, parse_size
    from pipeline.io import read_tables
    from pipeline.report import n_tables_from_outcomes, write_report
    from pipeline.run import extract_corpus

    src, out = work / "in", work / "out"
    src.mkdir(parents=True)
    for m in mutants:
        (src / m.name).write_bytes(m.data)
    for s in intact:
        shutil.copy(RAW / f"{s}.pdf", src / f"{s}.pdf")
    result = BatchResult(mutants, intact, 0.0)
    started = time.perf_counter()
    try:
        settings = ExtractSettings(jobs=jobs, progress=False, timeout=timeout, max_memory=parse_size(max_memory))
        summary = extract_corpus(src, out, settings)
        result.outcomes = {o.document["source_path"]: o for o in summary.outcomes}
        result.summary_text = format_summary(summary, out)
        result.report = write_report(out, summary.frames, n_tables=n_tables_from_outcomes(summary.outcomes))
        result.frames = read_tables(out)
    except Exception:
        result.error = traceback.format_exc()
    result.seconds = time.perf_counter() - started
    return result


def check_batch(result: BatchResult, timeout: float = TIMEOUT) -> list[str]:
    """Every problem of a batch, one line each, naming the mutant and its mutation."""
    from golden import compare_activities, compare_values
    from pipeline.accounting import unaccounted

    names = ", ".join(m.name for m in result.mutants)
    if result.error:
        return [f"the run over {names} raised:\n{result.error}"]
    problems = []
    docs = result.frames["documents"].set_index("source_path")
    files = [m.name for m in result.mutants] + [f"{s}.pdf" for s in result.intact]
    if sorted(docs.index) != sorted(files):
        problems.append(f"documents rows {sorted(docs.index)} != files {sorted(files)}")
    if result.report is None or not result.report.is_file():
        problems.append("no report.html written")
    for m in result.mutants:
        if m.name not in docs.index:
            continue
        row, outcome = docs.loc[m.name], result.outcomes.get(m.name)
        status, message = row["status"], row["message"]
        what = f"{m.describe()}: {status}: {message}"
        if status not in STATUSES:
            problems.append(f"unknown status: {what}")
        if status != "ok" and not (isinstance(message, str) and message.startswith(f"{m.name}: ")):
            problems.append(f"message does not name the file: {what}")
        if isinstance(message, str) and ("\n" in message or "Traceback" in message):
            problems.append(f"message is not one line: {what}")
        if outcome is not None and outcome.seconds is not None and outcome.seconds > timeout + 5:
            problems.append(f"took {outcome.seconds:.1f} s, over the {timeout:g} s limit: {what}")
        if outcome is not None and outcome.rows is not None:
            acts = int((result.frames["activities"]["doc_id"] == row["doc_id"]).sum())
            vals = int((result.frames["values"]["doc_id"] == row["doc_id"]).sum())
            quarantine = result.frames["quarantine"]
            reasons = quarantine.loc[quarantine["doc_id"] == row["doc_id"], "reason"].value_counts().to_dict()
            for lost in unaccounted(outcome.rows, acts, vals, reasons):
                problems.append(f"rows unaccounted ({lost}): {what}")
    for s in result.intact:
        name = f"{s}.pdf"
        if name not in docs.index:
            continue
        if docs.loc[name, "status"] not in {"ok", "partial"}:
            problems.append(f"intact {name} next to {names}: {docs.loc[name, 'status']}: {docs.loc[name, 'message']}")
            continue
        for compare in (compare_activities, compare_values):
            with contextlib.redirect_stdout(io.StringIO()):  # the helpers print their figure
                want, got, figure = compare(result.frames, name, s)
            if want != got:
                problems.append(f"intact {name} differs from its golden data next to {names}: {figure}")
    return problems


def statuses_by_kind(results: list[BatchResult]) -> dict[str, Counter]:
    table: dict[str, Counter] = {}
    for r in results:
        if r.frames is None:
            continue
        docs = r.frames["documents"].set_index("source_path")
        for m in r.mutants:
            if m.name in docs.index:
                table.setdefault(m.kind, Counter())[docs.loc[m.name, "status"]] += 1
    return table


def format_statuses(table: dict[str, Counter]) -> str:
    statuses = ["ok", "partial", "no_tables", "needs_ocr", "failed"]
    lines = [f"{'kind':<16}" + "".join(f"{s:>10}" for s in statuses) + f"{'total':>8}"]
    total = Counter()
    for kind in KINDS:
        c = table.get(kind, Counter())
        total.update(c)
        lines.append(f"{kind:<16}" + "".join(f"{c[s]:>10}" for s in statuses) + f"{sum(c.values()):>8}")
    lines.append(f"{'all':<16}" + "".join(f"{total[s]:>10}" for s in statuses) + f"{sum(total.values()):>8}")
    return "\n".join(lines)


# ------------------------------------------------------------------------ the sweep


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz", description=__doc__.split("\n\n")[0])
    parser.add_argument("--mutants", type=int, default=3000, help="how many mutants (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=SEED, help="random seed (default: %(default)s)")
    parser.add_argument("--batch", type=int, default=40, help="mutants per extract run (default: %(default)s)")
    parser.add_argument("--jobs", type=int, default=0, help="workers per run, 0 = all cores (default)")
    parser.add_argument("--timeout", type=float, default=TIMEOUT, help="seconds per document (default: %(default)g)")
    parser.add_argument("--max-memory", default=MAX_MEMORY, help="memory per worker (default: %(default)s)")
    parser.add_argument("--only", action="append", default=[], metavar="NAME",
                        help="only the mutants whose file name starts with NAME (repeatable)")
    parser.add_argument("--write", type=Path, metavar="DIR", help="write the mutants into DIR, extract nothing")
    args = parser.parse_args(argv)
    mutants = make_mutants(args.mutants, args.seed)
    if args.only:
        mutants = [m for m in mutants if m.name.startswith(tuple(args.only))]
    if args.write:
        args.write.mkdir(parents=True, exist_ok=True)
        for m in mutants:
            (args.write / m.name).write_bytes(m.data)
            print(f"{args.write / m.name}: {m.kind}: {m.detail}")
        return 0
    results, problems = [], []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="fuzz-") as tmp:
        groups = batches(mutants, args.batch)
        for b, (group, intact) in enumerate(groups):
            result = run_batch(group, intact, Path(tmp) / f"b{b:03d}", args.jobs, args.timeout, args.max_memory)
            found = check_batch(result, args.timeout)
            results.append(result)
            problems.extend(found)
            print(f"batch {b + 1}/{len(groups)}: {len(group)} mutants + {len(intact)} intact in "
                  f"{result.seconds:.1f} s, {len(found)} problem(s)", flush=True)
    print(format_statuses(statuses_by_kind(results)))
    slowest = max(((o.seconds or 0.0, name) for r in results for name, o in r.outcomes.items()), default=(0, ""))
    print(f"{len(mutants)} mutants (seed {args.seed}) in {time.perf_counter() - started:.0f} s; "
          f"slowest document {slowest[1]} {slowest[0]:.2f} s")
    for p in problems:
        print(f"PROBLEM {p}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
