"""The notebook's code cells run, in order, on a real reconciled output (no Jupyter needed)."""

from __future__ import annotations

import json

from conftest import ROOT, copy_output
from pipeline.crosswalk import reconcile_output

NOTEBOOK = ROOT / "notebooks" / "01-explore-processed.ipynb"


def test_notebook_runs_on_a_reconciled_output(corpus_out, tmp_path, monkeypatch, capsys):
    out = copy_output(corpus_out, tmp_path / "processed")
    reconcile_output(out, tmp_path / "reference")
    monkeypatch.setenv("PLANPDF_OUT", str(out))
    cells = [c for c in json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "code"]
    assert all(not c["outputs"] for c in cells)  # committed without outputs
    namespace: dict = {}
    for cell in cells:
        exec(compile("".join(cell["source"]), f"{NOTEBOOK.name} cell", "exec"), namespace)
    # the version fixtures share activities with their base documents
    assert namespace["history"].shape[0] > 100
    assert namespace["per_unit"].shape[0] == len(namespace["units"])
    assert "activities printed in more than one document" in capsys.readouterr().out
