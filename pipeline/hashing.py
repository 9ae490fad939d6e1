"""Content keys: the sha256 of a document's bytes keys it in the registry and the result cache."""
from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path


def content_key(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# never hash more than this: a larger input is refused by the reader anyway (--max-mb)
MAX_HASH_BYTES = 200_000_000


def hash_file(path: str | Path, block: int = 1 << 20, max_bytes: int = MAX_HASH_BYTES) -> str | None:
    """sha256 of a regular file's bytes, read in blocks; None when it cannot be read, is no
    regular file (a FIFO or a link to /dev/zero would never end) or is larger than
    ``max_bytes``."""
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode) or st.st_size > max_bytes:
            return None
        h = hashlib.sha256()
        left = st.st_size + 1  # a file that grows while it is read stops at its size at the start
        with open(path, "rb") as fh:
            while left > 0 and (chunk := fh.read(min(block, left))):
                h.update(chunk)
                left -= len(chunk)
    except OSError:
        return None
    return h.hexdigest()


def file_key(path: str | Path) -> str:
    """The registry key of a file: the sha256 of its bytes (read in blocks), or of its path
    when it cannot be read."""
    return hash_file(path) or content_key(("unreadable:" + str(path)).encode())
