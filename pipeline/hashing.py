"""Content keys: the sha256 of a document's bytes keys it in the registry and the result cache."""
from __future__ import annotations

import hashlib
from pathlib import Path


def content_key(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def hash_file(path: str | Path, block: int = 1 << 20) -> str | None:
    """sha256 of a file's bytes, read in blocks; None when it cannot be read."""
    h = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            while chunk := fh.read(block):
                h.update(chunk)
    except OSError:
        return None
    return h.hexdigest()


def file_key(path: str | Path) -> str:
    """The registry key of a file: the sha256 of its bytes (read in blocks), or of its path
    when it cannot be read."""
    return hash_file(path) or content_key(("unreadable:" + str(path)).encode())
