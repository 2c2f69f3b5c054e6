"""make bench-scale: the grown corpus is new documents with the samples' pages, and the bench runs.

Timings are not asserted (pipeline/bench_scale.py says why); what is: each copy differs from
its sample by one byte, no two copies are the same document, a copy reads as its sample does,
and the bench's table has a row per executor it timed.
"""

from __future__ import annotations

import hashlib
import shutil

import pypdfium2 as pdfium
import pytest

from conftest import CEPLAN_2024, ISSS_2017, RAW
from pipeline.bench_scale import ALPHABET, copy_with_a_byte_changed, grow_corpus, main


def test_every_copy_is_a_new_document_one_byte_away_from_its_sample(tmp_path):
    samples = [RAW / f"{ISSS_2017}.pdf", RAW / f"{CEPLAN_2024}.pdf"]
    copies = grow_corpus(samples, 2 * len(ALPHABET) + 4, tmp_path)  # past the first byte's room
    hashes = {hashlib.sha256(path.read_bytes()).hexdigest() for path in copies}
    assert len(hashes) == len(copies)
    for k, path in enumerate(copies):
        sample = samples[k % 2].read_bytes()
        data = path.read_bytes()
        assert len(data) == len(sample)
        assert sum(a != b for a, b in zip(data, sample)) <= 1
        assert len(pdfium.PdfDocument(path)) == len(pdfium.PdfDocument(samples[k % 2]))


def test_a_pdf_without_a_header_comment_cannot_be_grown():
    with pytest.raises(ValueError, match="no comment line"):
        copy_with_a_byte_changed(b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n", 0)


def test_the_bench_prints_a_row_per_run(tmp_path, capsys):
    samples = tmp_path / "samples"
    samples.mkdir()
    shutil.copy(RAW / f"{ISSS_2017}.pdf", samples)
    assert main([str(samples), "--copies", "3", "--workers", "1", "--no-dask", "--workdir", str(tmp_path / "w")]) == 0
    table = capsys.readouterr().out.split("\n\n")[-1].splitlines()
    assert [line.split()[0] for line in table] == ["executor", "local", "warm"]
    assert all(line.split()[3] == "3" for line in table[1:])  # documents (after "local pool", "1")
