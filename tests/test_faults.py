"""Faults: a batch killed with SIGKILL at several points, then run again, loses nothing.

After every kill: the registry passes SQLite's integrity check and holds no row twice, and
every table file that exists under its final name is a complete one (tables are written
to NAME.csv.partial and renamed at the end). After the last run: the tables are byte for
byte those of a batch that was never interrupted, and so is the registry's content.
"""
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.tables import TABLES

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "docs"
PRAXIS = [sys.executable, "-m", "pipeline.cli"]
N_DOCS = 24


def _praxis(*args: str) -> list[str]:
    return [*PRAXIS, "extract", *args]


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("in")
    for p in sorted(CORPUS.glob("*.txt"))[:N_DOCS]:
        shutil.copy(p, d / p.name)
    return d


def _registry_docs(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(db, timeout=5) as con:
            return con.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def _check_registry(db: Path) -> None:
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        for t, key in (("documents", "doc_key"), ("figures", "doc_key, start, \"end\""),
                       ("officials", "doc_key, start, \"end\""), ("obstacles", "doc_key, start, \"end\""),
                       ("organizations", "doc_key, canonical")):
            dup = con.execute(f"SELECT COUNT(*) FROM (SELECT {key} FROM {t} GROUP BY {key} HAVING COUNT(*) > 1)")
            assert dup.fetchone()[0] == 0, t
        # every figure row belongs to a document row: no half-written document
        orphans = con.execute("SELECT COUNT(*) FROM figures WHERE doc_key NOT IN (SELECT doc_key FROM documents)")
        assert orphans.fetchone()[0] == 0
    finally:
        con.close()


def _check_tables(out: Path, complete_rows: int | None) -> None:
    for t in TABLES:
        final = out / f"{t}.csv"
        if final.exists() and t == "documents" and complete_rows is not None:
            lines = final.read_text(encoding="utf-8").splitlines()
            assert len(lines) == complete_rows + 1


def _content(db: Path) -> dict[str, list]:
    con = sqlite3.connect(db)
    try:
        out = {"documents": sorted(con.execute("SELECT doc_key, doc_id, n_words, status FROM documents"))}
        for t in ("figures", "officials", "obstacles", "organizations"):
            out[t] = sorted(con.execute(f"SELECT * FROM {t}").fetchall(), key=lambda r: (r[1], str(r[2:])))
            out[t] = [r[1:] for r in out[t]]  # without the autoincrement id
        return out
    finally:
        con.close()


def test_sigkill_at_any_point_loses_nothing(inputs, tmp_path):
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    reference = tmp_path / "ref"
    subprocess.run(_praxis(str(inputs), "--out", str(reference), "--registry", str(tmp_path / "ref.db"),
                           "--quiet", "--jobs", "1"), check=True, env=env, timeout=300)
    out, db = tmp_path / "out", tmp_path / "r.db"
    killed_at = []
    for after in (2, 9, 17):  # kill once this many documents are in the registry
        proc = subprocess.Popen(_praxis(str(inputs), "--out", str(out), "--registry", str(db), "--quiet",
                                        "--jobs", "1"), env=env)
        t0 = time.monotonic()
        while proc.poll() is None and _registry_docs(db) < after and time.monotonic() - t0 < 240:
            time.sleep(0.02)
        assert proc.poll() is None, "the batch ended before it could be killed"
        proc.send_signal(signal.SIGKILL)
        assert proc.wait(timeout=60) == -signal.SIGKILL
        killed_at.append(_registry_docs(db))
        _check_registry(db)
        _check_tables(out, N_DOCS)
    assert killed_at == sorted(killed_at) and killed_at[-1] < N_DOCS, killed_at  # mid-batch each time
    subprocess.run(_praxis(str(inputs), "--out", str(out), "--registry", str(db), "--quiet", "--jobs", "1"),
                   check=True, env=env, timeout=300)
    _check_registry(db)
    for t in TABLES:
        assert (out / f"{t}.csv").read_bytes() == (reference / f"{t}.csv").read_bytes(), t
        assert not (out / f"{t}.csv.partial").exists()
    assert _content(db) == _content(tmp_path / "ref.db")
