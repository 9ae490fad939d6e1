"""Every error Praxis raises on purpose, in one place.

Each is a :class:`PraxisError` whose message is one line that says what is wrong and, where
it can, what to change; the command line prints it without a traceback. Code that may meet
any of them catches ``PraxisError``.
"""
from __future__ import annotations


class PraxisError(Exception):
    """Base class: a one-line, user-facing message."""


class ReadError(PraxisError):
    """An input that cannot be read as a document (it gets ``status=error`` and the batch goes on)."""


class RuleError(PraxisError):
    """A rule data file (``pipeline/data/*.json`` or a ``--patterns`` file) that is malformed."""


class ModelError(PraxisError):
    """A model file that cannot be loaded safely."""


class RegistryError(PraxisError):
    """A registry that cannot be opened, migrated or written."""


class SearchError(PraxisError):
    """A query or filter the registry cannot run."""


class AuditReferenceError(PraxisError):
    """A reference table for the audit that cannot be read."""


class DocumentTimeout(PraxisError):
    """A document took longer than the per-document time limit."""


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised in the main thread so that a run ends as it does on Ctrl-C: workers
    ended, tables not published, the registry consistent. Like ``KeyboardInterrupt`` it is
    no ``Exception``: no handler that turns errors into error rows catches it."""
