#!/usr/bin/env python3
"""Run ``notebooks/walkthrough.ipynb`` from the top and save it with its outputs.

Usage:  python notebooks/refresh.py            (or: spacy project run notebook)

The notebook is saved with what it printed and drew, so it reads on GitHub or in any viewer
without running; this command brings those outputs up to date after a change. It runs in a
fresh kernel with the notebooks folder as its working directory, as the tests run it.
"""
from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
NOTEBOOK = HERE / "walkthrough.ipynb"


def run(path: Path = NOTEBOOK, timeout: int = 600):
    """The notebook at ``path``, executed (a fresh python3 kernel, cwd = its folder)."""
    import nbclient
    import nbformat

    nb = nbformat.read(path, as_version=4)
    nbclient.NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}}).execute()
    return nb


def main() -> int:
    import nbformat

    nb = run()
    nbformat.write(nb, NOTEBOOK)
    print(f"ran and saved {NOTEBOOK}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
