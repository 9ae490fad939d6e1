"""One report, many copies: the same report read as .txt, .pdf and .html (or fetched twice)
is recognised as one document.

A document's fingerprint is a MinHash (``datasketch``) over the 5-word shingles of its
cleaned, folded text (letters and digits only), so line breaks, running headers, page numbers
and markup change little of it. Two documents whose estimated Jaccard similarity is at least
:data:`THRESHOLD` are copies: the later one gets ``documents.duplicate_of`` = the ``doc_id``
of the earlier, and the audit and the target tracker leave its rows out (a report is never
compared with its own copy). Fingerprints are kept in the registry as plain bytes (the 128
64-bit hash values), never pickled.
"""
from __future__ import annotations

import hashlib

import numpy as np
import regex as re
from datasketch import LeanMinHash, MinHash, MinHashLSH

from .textutil import fold

NUM_PERM = 128
THRESHOLD = 0.8
SHINGLE = 5
_SEED = 1
_SCHEME = "affine32"  # datasketch's hashing scheme, named so that stored values are read back the same way
_WORD = re.compile(r"[a-z0-9]+")


def fingerprint(text: str) -> MinHash | None:
    """The MinHash of a text's word shingles; None for a text of fewer than ``SHINGLE`` words."""
    words = _WORD.findall(fold(text))
    if len(words) < SHINGLE:
        return None
    m = MinHash(num_perm=NUM_PERM, seed=_SEED, scheme=_SCHEME)
    m.update_batch([" ".join(words[i:i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)])
    return m


def to_bytes(m: MinHash) -> bytes:
    return np.asarray(m.hashvalues, dtype="<u8").tobytes()


def from_bytes(b: bytes) -> LeanMinHash:
    """A stored fingerprint, as datasketch's lean MinHash: its hash values only (a full MinHash
    also carries its 128 permutations, three times the memory, made anew for each)."""
    return LeanMinHash(seed=_SEED, hashvalues=np.frombuffer(b, dtype="<u8").copy(), scheme=_SCHEME)


def _band_key(b: bytes) -> bytes:
    """An LSH band's key, 8 bytes whatever the band's width (the index holds one per band and
    document; it lives only as long as one run, and the same band always gives the same key)."""
    return hashlib.blake2b(b, digest_size=8).digest()


class CopyFinder:
    """The documents seen so far (those of the registry, then each new one) and, for a new
    one, the earlier document it is a copy of."""

    def __init__(self, known: list[tuple[str, str, bytes, str, str]] = ()) -> None:
        self.lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM, hashfunc=_band_key)
        self.docs: dict[str, tuple[str, LeanMinHash]] = {}
        self.root: dict[str, str] = {}  # a copy's original ("" for an original)
        self.source: dict[str, str] = {}
        for key, doc_id, blob, root, source in known:
            self._add(key, doc_id, from_bytes(blob), root or "", source or "")

    def _add(self, key: str, doc_id: str, m: MinHash | LeanMinHash, root: str = "", source: str = "") -> None:
        if not isinstance(m, LeanMinHash):
            m = LeanMinHash(m)
        if key not in self.docs:
            self.lsh.insert(key, m)
        self.docs[key] = (doc_id, m)
        self.root[key] = root
        self.source[key] = source

    def copy_of(self, key: str, doc_id: str, m: MinHash | None, source: str = "") -> str:
        """The doc_id of the earlier document this one copies ("" if none); remembers it. The
        same content seen again, or a new version of the same file (same ``source``), is no copy."""
        if m is None:
            return ""
        best, best_j = "", 0.0
        for other in self.lsh.query(m):
            if other == key or (source and self.source.get(other) == source):
                continue
            j = m.jaccard(self.docs[other][1])
            if j >= THRESHOLD and j > best_j:
                best, best_j = self.root[other] or self.docs[other][0], j  # a copy of a copy: the original
        self._add(key, doc_id, m, best, source)
        return best
