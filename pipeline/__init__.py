"""Praxis: organizations, officials, figures and obstacles from reports on putting Party
congress resolutions into practice.

    import pipeline
    tables = pipeline.extract(["reports/"])     # {"documents": DataFrame, "figures": ...}
    nlp = pipeline.load()                       # the spaCy pipeline: doc.spans["praxis_figures"] ...

The spaCy components are also registered as factories (``praxis_places``,
``praxis_organizations``, ``praxis_officials``, ``praxis_figures``, ``praxis_obstacles``,
``praxis_names``) through the ``spacy_factories`` entry point: ``nlp.add_pipe("praxis_figures")``
works in any pipeline once praxis is installed.
"""
from __future__ import annotations

__all__ = ["extract", "extract_text", "load"]
__version__ = "0.1.0"


def __getattr__(name: str):
    # imported on first use: `praxis --help` and `import pipeline.schema` need no spaCy
    if name in ("extract", "extract_text"):
        from . import api

        return getattr(api, name)
    if name == "load":
        from .nlp import load

        return load
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
