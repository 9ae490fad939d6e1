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


def _first_docs(d: Path, n: int, source: Path = CORPUS) -> Path:
    """A folder ``d`` holding copies of the first ``n`` documents of ``source``."""
    d.mkdir(exist_ok=True)
    for p in sorted(source.glob("*.txt"))[:n]:
        shutil.copy(p, d / p.name)
    return d


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    return _first_docs(tmp_path_factory.mktemp("in"), N_DOCS)


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


# --- Ctrl-C and SIGTERM with worker processes (local pool and Dask) -----------------------

N_MANY = 160  # five chunks of 32: the run is still going when the first chunk has been written


@pytest.fixture(scope="module")
def many(tmp_path_factory) -> Path:
    return _first_docs(tmp_path_factory.mktemp("many"), N_MANY)


@pytest.fixture(scope="module")
def previous(tmp_path_factory) -> Path:
    """Good tables of an earlier, complete run (three documents)."""
    d = _first_docs(tmp_path_factory.mktemp("small"), 3)
    out = tmp_path_factory.mktemp("previous")
    subprocess.run(_praxis(str(d), "--out", str(out), "--no-registry", "--quiet", "--models", "none"),
                   check=True, timeout=300)
    return out


def _tables(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in out.iterdir() if p.is_file() and not p.name.endswith(".partial")}


def _as_a_terminal_job() -> None:
    """SIGINT handled as in a terminal's foreground job: a run started in the background of a
    non-interactive shell (as CI may start the tests) inherits SIGINT ignored, and a program
    started so rightly keeps ignoring it."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _rows_written(out: Path) -> int:
    part = out / "documents.csv.partial"
    return max(0, len(part.read_bytes().splitlines()) - 1) if part.exists() else 0


@pytest.mark.parametrize("engine, how", [("local", "ctrl-c"), ("local", "sigterm"),
                                         ("dask", "ctrl-c"), ("dask", "sigterm")])
def test_ctrl_c_and_sigterm_stop_the_run_end_its_workers_and_keep_the_previous_tables(
        engine, how, many, previous, tmp_path):
    psutil = pytest.importorskip("psutil")
    if engine == "dask":
        pytest.importorskip("dask.distributed")
    out, db = tmp_path / "out", tmp_path / "r.db"
    shutil.copytree(previous, out)
    before = _tables(out)
    # a new session: the run and its workers form a process group, as a terminal's foreground job
    proc = subprocess.Popen(_praxis(str(many), "--out", str(out), "--registry", str(db), "--quiet",
                                    "--jobs", "2", "--engine", engine),
                            start_new_session=True, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONFAULTHANDLER": "1"}, preexec_fn=_as_a_terminal_job)
    t0 = time.monotonic()
    while proc.poll() is None and _rows_written(out) == 0 and time.monotonic() - t0 < 240:
        time.sleep(0.05)
    assert proc.poll() is None, "the batch ended before it could be interrupted"
    workers = psutil.Process(proc.pid).children(recursive=True)
    assert len(workers) >= 2
    t1 = time.monotonic()
    if how == "ctrl-c":
        os.killpg(proc.pid, signal.SIGINT)  # what the terminal does: the whole group gets SIGINT
    else:
        proc.send_signal(signal.SIGTERM)  # what kill and service managers do: the main process only
    try:
        code = proc.wait(timeout=30)
    except subprocess.TimeoutExpired:  # a hang: the stacks of the main process say where
        proc.send_signal(signal.SIGABRT)
        proc.wait(timeout=30)
        raise AssertionError(f"still running 30 s after {how}: {proc.stderr.read()[-5000:]}") from None
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    stopped = time.monotonic() - t1
    err = proc.stderr.read()
    assert code == (130 if how == "ctrl-c" else 143), err
    assert stopped < 10, stopped  # within seconds, whatever the chunks in flight
    gone, alive = psutil.wait_procs(workers, timeout=5)
    assert not alive, [p.cmdline() for p in alive]  # no worker, nanny or resource tracker left behind
    assert "Traceback" not in err, err  # the workers did not die with tracebacks of their own
    assert ("terminated" if how == "sigterm" else "interrupted") in err and "as they were" in err
    assert _tables(out) == before  # the previous tables untouched; this run's rows in .partial files
    assert _rows_written(out) >= 1 and _rows_written(out) < N_MANY
    _check_registry(db)


def test_sigkill_of_the_main_process_leaves_no_worker_behind(many, tmp_path):
    psutil = pytest.importorskip("psutil")
    out = tmp_path / "out"
    proc = subprocess.Popen(_praxis(str(many), "--out", str(out), "--no-registry", "--quiet", "--jobs", "2"),
                            start_new_session=True)
    t0 = time.monotonic()
    while proc.poll() is None and _rows_written(out) == 0 and time.monotonic() - t0 < 240:
        time.sleep(0.05)
    assert proc.poll() is None
    workers = psutil.Process(proc.pid).children(recursive=True)
    proc.kill()  # nothing runs in the main process: each worker notices its parent is gone
    assert proc.wait(timeout=30) == -signal.SIGKILL
    gone, alive = psutil.wait_procs(workers, timeout=10)
    for p in alive:
        p.kill()
    assert not alive, [p.cmdline() for p in alive]


# --- a full disk ---------------------------------------------------------------------------

_FULL_DISK = r"""
set -u
mount -t tmpfs -o size=256k tmpfs "$FS" || exit 97
"$@" "$SMALL" --out "$FS/out" && echo "first=0"
sha256sum "$FS"/out/*.csv "$FS"/out/*.parquet | sed "s|$FS/out/||" > "$HOLD/before"
"$@" "$MANY" --out "$FS/out"; echo "second=$?"
sha256sum "$FS"/out/*.csv "$FS"/out/*.parquet | sed "s|$FS/out/||" > "$HOLD/after"
ls "$FS/out" > "$HOLD/files"
"""


def test_a_full_disk_fails_in_one_line_and_keeps_the_previous_tables(many, tmp_path):
    """A real full file system: a 256 kB tmpfs mounted in a private mount namespace (as root, or
    as any user where user namespaces are allowed); the injected ENOSPC is in test_hostile."""
    if shutil.which("unshare") is None:
        pytest.skip("no unshare(1) to mount a small tmpfs")
    small = _first_docs(tmp_path / "small", 2)
    hold, fs = tmp_path / "hold", tmp_path / "fs"
    hold.mkdir()
    fs.mkdir()
    env = {**os.environ, "FS": str(fs), "SMALL": str(small), "MANY": str(many), "HOLD": str(hold)}
    cmd = ["unshare", "-rm", "bash", "-c", _FULL_DISK, "sh",
           *_praxis("--registry", str(tmp_path / "r.db"), "--quiet", "--models", "none")]
    p = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    if p.returncode == 97 or "unshare failed" in p.stderr or "Operation not permitted" in p.stderr:
        pytest.skip(f"cannot mount a tmpfs here: {p.stderr.strip()[:200]}")
    assert "first=0" in p.stdout, p.stderr
    assert "second=4" in p.stdout, p.stderr  # exit 4: the output cannot be written
    assert "cannot write: No space left on device" in p.stderr and "Traceback" not in p.stderr
    assert (hold / "after").read_text() == (hold / "before").read_text()  # the good tables untouched
    assert "documents.csv.partial" in (hold / "files").read_text().split()
    _check_registry(tmp_path / "r.db")  # the registry (on another disk) stays consistent


def test_a_file_size_limit_fails_in_one_line_and_keeps_the_previous_tables(previous, many, tmp_path):
    """The same on any machine, without privileges: RLIMIT_FSIZE makes the kernel refuse a write
    past 64 kB (EFBIG), a real failed write on the output's path."""
    import resource

    out = tmp_path / "out"
    shutil.copytree(previous, out)
    before = _tables(out)

    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (64_000, 64_000))

    p = subprocess.run(_praxis(str(many), "--out", str(out), "--no-registry", "--quiet", "--models", "none"),
                       preexec_fn=limit, capture_output=True, text=True, timeout=180)
    assert p.returncode == 4, p.stderr
    assert p.stderr.startswith("cannot write: File too large") and "Traceback" not in p.stderr
    assert _tables(out) == before
