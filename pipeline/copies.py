"""One report, many copies: the same report read as .txt, .pdf and .html (or fetched twice)
is recognised as one document.

A document's fingerprint is a MinHash over the 5-word shingles of its cleaned, folded text
(letters and digits only), so line breaks, running headers, page numbers and markup change
little of it. Two documents whose estimated Jaccard similarity is at least :data:`THRESHOLD`
are copies: the later one gets ``documents.duplicate_of`` = the ``doc_id`` of the earlier, and
the audit and the target tracker leave its rows out (a report is never compared with its own
copy). Fingerprints are kept in the registry as plain bytes (the 128 hash values as
little-endian 64-bit integers), never pickled.

The MinHash is datasketch's ``MinHash(num_perm=128, seed=1, scheme="affine32")``, bit for
bit (``tests/test_copies.py`` compares the two): SHA-1's first four bytes of each shingle,
MurmurHash3's finalizer, then 128 affine permutations modulo 2**32, in numpy. It is computed
here rather than with datasketch because importing datasketch imports scipy.integrate, a
fifth of the 1.5 s budget of ``praxis extract`` on one file, for the sake of one function.

Candidates come from locality-sensitive hashing, datasketch's banding for a 0.8 threshold
(:data:`BANDS` bands of :data:`ROWS` values, ``MinHashLSH``'s own optimum): a document is a
candidate when one of its bands equals one of the new document's. The band keys live in an
SQLite table (``copy_bands``: the registry's, or a temporary file when there is no
registry), so memory does not grow with the number of documents seen.
"""
from __future__ import annotations

import hashlib
import sqlite3
from functools import cache

import numpy as np
import regex as re

from .schema import COPY_BANDS_SQL
from .textutil import fold

NUM_PERM = 128
THRESHOLD = 0.8
SHINGLE = 5
BANDS, ROWS = 9, 13  # datasketch.MinHashLSH(threshold=0.8, num_perm=128).b, .r (checked in the tests)
_SEED = 1
_WORD = re.compile(r"[a-z0-9]+")
_U32 = np.uint32

# what the copy finder needs of a store: the registry creates the same tables (pipeline.registry)
STORE_SQL = """
CREATE TABLE IF NOT EXISTS documents (doc_key TEXT PRIMARY KEY, doc_id TEXT, source TEXT, duplicate_of TEXT);
CREATE TABLE IF NOT EXISTS fingerprints (doc_key TEXT PRIMARY KEY, minhash BLOB);
""" + COPY_BANDS_SQL


@cache
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """datasketch's affine32 permutations for the seed: odd ``a`` and any ``b`` below 2**32."""
    gen = np.random.RandomState(_SEED)
    a = gen.randint(0, 1 << 31, NUM_PERM, dtype=_U32) * _U32(2) + _U32(1)
    b = gen.randint(0, 1 << 32, NUM_PERM, dtype=_U32)
    return a, b


def _fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer (a bijection), element-wise; the products wrap modulo 2**32."""
    h = h ^ (h >> _U32(16))
    h = h * _U32(0x85EBCA6B)
    h = h ^ (h >> _U32(13))
    h = h * _U32(0xC2B2AE35)
    return h ^ (h >> _U32(16))


class Fingerprint:
    """A MinHash's 128 hash values."""

    __slots__ = ("hashvalues",)

    def __init__(self, hashvalues: np.ndarray) -> None:
        self.hashvalues = np.asarray(hashvalues, dtype="<u8")

    def jaccard(self, other: Fingerprint) -> float:
        """The estimated Jaccard similarity of the two shingle sets."""
        return float(np.count_nonzero(self.hashvalues == other.hashvalues)) / NUM_PERM


def fingerprint(text: str) -> Fingerprint | None:
    """The MinHash of a text's word shingles; None for a text of fewer than ``SHINGLE`` words."""
    words = _WORD.findall(fold(text))
    if len(words) < SHINGLE:
        return None
    sha1 = hashlib.sha1
    hv = np.fromiter((int.from_bytes(sha1(" ".join(words[i:i + SHINGLE]).encode()).digest()[:4], "little")
                      for i in range(len(words) - SHINGLE + 1)), dtype=_U32)
    a, b = _permutations()
    with np.errstate(over="ignore"):
        phv = _fmix32(hv).reshape(-1, 1) * a + b
    return Fingerprint(phv.min(axis=0))


def to_bytes(m: Fingerprint) -> bytes:
    return m.hashvalues.astype("<u8").tobytes()


def from_bytes(b: bytes) -> Fingerprint:
    return Fingerprint(np.frombuffer(b, dtype="<u8"))


def band_keys(m: Fingerprint) -> list[int]:
    """The LSH keys of a fingerprint's bands, one signed 64-bit integer each (band number and
    values hashed: equal keys mean, but for a 2**-64 chance, an equal band)."""
    hv = m.hashvalues.astype("<u8")
    return [int.from_bytes(hashlib.blake2b(bytes([i]) + hv[i * ROWS:(i + 1) * ROWS].tobytes(), digest_size=8).digest(),
                           "little", signed=True) for i in range(BANDS)]


def store_bands(db: sqlite3.Connection, doc_key: str, m: Fingerprint | None) -> None:
    """Index a document's bands (after removing any it had)."""
    db.execute("DELETE FROM copy_bands WHERE doc_key = ?", (doc_key,))
    if m is not None:
        db.executemany("INSERT INTO copy_bands(band_key, doc_key) VALUES (?, ?)", [(k, doc_key) for k in band_keys(m)])


# the documents that share one of the BANDS band keys (one "?" each) with a fingerprint
_CANDIDATES_SQL = ("SELECT d.doc_key, d.doc_id, d.duplicate_of, d.source, f.minhash FROM documents d"
                   " JOIN fingerprints f ON f.doc_key = d.doc_key WHERE d.doc_key IN"
                   " (SELECT doc_key FROM copy_bands WHERE band_key IN (" + ",".join("?" * BANDS) + ")) ORDER BY d.rowid")


class CopyFinder:
    """The documents seen so far (those of the registry, then each new one) and, for a new
    one, the earlier document it is a copy of.

    With a registry's connection (``db``) the documents are those the registry holds, and the
    registry indexes each new document as it adds it (:meth:`pipeline.registry.Registry.add_document`);
    without, a temporary SQLite file holds the documents of this run, removed on :meth:`close`."""

    def __init__(self, db: sqlite3.Connection | None = None) -> None:
        self.own = db is None
        self.db = sqlite3.connect("", isolation_level=None) if db is None else db  # "": a temporary file
        if self.own:
            self.db.executescript(STORE_SQL)

    def close(self) -> None:
        if self.own:
            self.db.close()

    def candidates(self, m: Fingerprint) -> list[tuple[str, str, str, str, bytes]]:
        """(doc_key, doc_id, duplicate_of, source, minhash) of the documents that share a band
        with ``m``, in the order they were added."""
        return self.db.execute(_CANDIDATES_SQL, band_keys(m)).fetchall()

    def copy_of(self, key: str, doc_id: str, m: Fingerprint | None, source: str = "") -> str:
        """The doc_id of the earlier document this one copies ("" if none); remembers it
        (without a registry). The same content seen again, or a new version of the same file
        (same ``source``), is no copy."""
        if m is None:
            return ""
        best, best_j = "", 0.0
        for other, other_id, root, other_source, blob in self.candidates(m):
            if other == key or (source and (other_source or "") == source):
                continue
            j = m.jaccard(from_bytes(blob))
            if j >= THRESHOLD and j > best_j:
                best, best_j = root or other_id, j  # a copy of a copy: the original
        if self.own:
            self.db.execute("BEGIN")
            self.db.execute("INSERT OR REPLACE INTO documents(doc_key, doc_id, source, duplicate_of) VALUES (?,?,?,?)",
                            (key, doc_id, source, best))
            self.db.execute("INSERT OR REPLACE INTO fingerprints(doc_key, minhash) VALUES (?, ?)", (key, to_bytes(m)))
            store_bands(self.db, key, m)
            self.db.execute("COMMIT")
        return best
