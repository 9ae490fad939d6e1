"""Praxis: organizations, officials, figures and obstacles from reports on putting Party
congress resolutions into practice.

    from pipeline import extract, extract_text
    tables = extract(["reports/"])          # {"documents": DataFrame, "figures": ...}
"""
from .api import extract, extract_text

__all__ = ["extract", "extract_text"]
__version__ = "0.1.0"
