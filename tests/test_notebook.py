"""The notebooks run in a real Jupyter kernel (nbclient + ipykernel) and draw their charts.

Each notebook is executed on data the test makes in a tmp folder (never data/processed): cells
must not raise, and every cell tagged ``chart`` must display a PNG. The committed .ipynb files
are stored stripped (no outputs, no execution counts).
"""

from __future__ import annotations

import sys

import nbformat
import pytest
from ipykernel.kernelspec import write_kernel_spec
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

from conftest import RAW, ROOT, copy_output
from pipeline.crosswalk import reconcile_output

NOTEBOOKS = ROOT / "notebooks"
EXPLORE = NOTEBOOKS / "01-explore-processed.ipynb"
PDF_TO_CHART = NOTEBOOKS / "02-pdf-to-chart.ipynb"


def execute(path, tmp_path, monkeypatch) -> nbformat.NotebookNode:
    """Run a notebook, cwd notebooks/, in a python3 kernel of this interpreter (the venv's).

    A cell that raises fails the test (nbclient's CellExecutionError). The kernel spec is written into the tmp folder and is the only one the kernel manager
    sees, so a user-level or system ``python3`` kernel of another Python cannot be picked.
    Charts display through the kernel's inline backend (headless, Agg), not an MPLBACKEND set outside.
    """
    monkeypatch.delenv("MPLBACKEND", raising=False)
    kernels = tmp_path / "kernels"
    write_kernel_spec(kernels / "python3")
    specs = KernelSpecManager(kernel_dirs=[str(kernels)])
    kernel = KernelManager(kernel_name="python3", kernel_spec_manager=specs)
    assert kernel.kernel_spec.argv[0] == sys.executable
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, km=kernel, timeout=600, resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
    return notebook


def chart_cells(notebook: nbformat.NotebookNode) -> list[int]:
    return [i for i, cell in enumerate(notebook.cells) if "chart" in cell.metadata.get("tags", [])]


def assert_charts_drawn(notebook: nbformat.NotebookNode, expected: int) -> None:
    charts = chart_cells(notebook)
    assert len(charts) == expected
    for i in charts:
        cell = notebook.cells[i]
        assert notebook.cells[i - 1].cell_type == "markdown", f"cell {i}: no sentence above the chart"
        assert any("image/png" in output.get("data", {}) for output in cell.outputs), f"cell {i} drew no chart"


def printed(notebook: nbformat.NotebookNode) -> str:
    return "".join(output.get("text", "") for cell in notebook.cells if cell.cell_type == "code"
                   for output in cell.outputs if output.output_type == "stream")


@pytest.mark.parametrize("path", sorted(NOTEBOOKS.glob("*.ipynb")), ids=lambda path: path.name)
def test_notebook_is_stored_stripped(path):
    """Committed without outputs: run `.venv/bin/nbstripout notebooks/*.ipynb` (`make notebook` installs it)."""
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{path.name}: outputs stored"


def test_explore_notebook_charts_a_reconciled_output(corpus_out, tmp_path, monkeypatch):
    out = copy_output(corpus_out, tmp_path / "processed")
    reconcile_output(out, tmp_path / "reference")
    monkeypatch.setenv("PLANPDF_OUT", str(out))
    notebook = execute(EXPLORE, tmp_path, monkeypatch)
    # planned vs executed by month, execution rate by unit, one activity across versions, quarantine and checks
    assert_charts_drawn(notebook, 4)
    text = printed(notebook)
    assert "activities printed in more than one document" in text
    assert "in 004_cad7ca5c0a475a2d.pdf" in text  # the CEPLAN monitoring report: executed month by month


def test_pdf_to_chart_in_five_cells(tmp_path, monkeypatch):
    monkeypatch.setenv("PLANPDF_PDF", str(RAW / "004_cad7ca5c0a475a2d.pdf"))
    monkeypatch.setenv("PLANPDF_NB_OUT", str(tmp_path / "out"))
    notebook = execute(PDF_TO_CHART, tmp_path, monkeypatch)
    assert sum(cell.cell_type == "code" for cell in notebook.cells) == 5
    assert_charts_drawn(notebook, 1)
    assert (tmp_path / "out" / "values.parquet").exists()
    assert "004_cad7ca5c0a475a2d.pdf: ok, 24 activities" in printed(notebook)
