"""The exploration notebook (if the project has one) runs from top to bottom."""

import json

import pytest


def test_notebook_code_cells_run(project_root):
    path = project_root / "notebooks" / "explore.ipynb"
    if not path.is_file():
        pytest.skip("this project was created without the notebook")
    notebook = json.loads(path.read_text(encoding="utf-8"))
    assert notebook["nbformat"] == 4
    cells = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    assert cells, "the notebook has no code cells"

    import matplotlib.pyplot as plt

    namespace = {}
    try:
        for number, cell in enumerate(cells, start=1):
            source = "".join(cell["source"])
            exec(compile(source, f"{path.name} code cell {number}", "exec"), namespace)
    finally:
        plt.close("all")
    assert namespace["cv"]["mean_accuracy"].notna().all()
