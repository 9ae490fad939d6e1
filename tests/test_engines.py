"""Engines and incremental runs: every way of running a batch gives the same tables."""
import shutil
from pathlib import Path

import pandas as pd
import pytest

from pipeline.batch import run_batch
from pipeline.schema import COLUMNS
from pipeline.tables import TABLES, write_parquet

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "docs"


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    """20 documents (more than two chunks) of every format, and one bad file in the middle."""
    d = tmp_path_factory.mktemp("inputs")
    names = sorted(p.name for p in CORPUS.iterdir())
    picked = [n for n in names if n.endswith(".txt")][:14] + [n for n in names if n.endswith(".html")][:3] \
        + [n for n in names if n.endswith(".pdf")][:2]
    for n in picked:
        shutil.copy(CORPUS / n, d / n)
    (d / "c000_broken.pdf").write_bytes(b"%PDF-1.4 not really")
    return d


def _tables(out: Path) -> dict[str, bytes]:
    return {t: (out / f"{t}.csv").read_bytes() for t in TABLES}


@pytest.fixture(scope="module")
def serial(inputs, tmp_path_factory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("serial")
    s = run_batch([str(inputs)], out, jobs=1)
    assert s.documents == 20 and s.errors == 1
    return _tables(out)


def test_two_processes_give_byte_identical_tables(inputs, serial, tmp_path, monkeypatch):
    from pipeline import engines

    monkeypatch.setattr(engines, "CHUNK", 4)  # 5 chunks for 2 workers (and another chunking)
    s = run_batch([str(inputs)], tmp_path, jobs=2)
    assert s.documents == 20
    assert _tables(tmp_path) == serial


def test_dask_local_cluster_gives_byte_identical_tables(inputs, serial, tmp_path, monkeypatch):
    pytest.importorskip("dask.distributed")
    from pipeline import engines

    monkeypatch.setattr(engines, "CHUNK", 4)
    s = run_batch([str(inputs)], tmp_path, jobs=2, engine="dask")
    assert s.documents == 20
    assert _tables(tmp_path) == serial


def test_a_failing_chunk_costs_its_documents_not_the_batch(inputs, tmp_path, monkeypatch):
    from pipeline import engines

    real = engines.iter_chunk
    monkeypatch.setattr(engines, "CHUNK", 8)

    def flaky(items, opts):
        if any(doc_id.startswith(sorted(p.name for p in inputs.iterdir())[3]) for doc_id, _ in items):
            raise MemoryError("simulated")
        return real(items, opts)

    monkeypatch.setattr(engines, "iter_chunk", flaky)
    s = run_batch([str(inputs)], tmp_path, jobs=1)
    docs = pd.read_csv(tmp_path / "documents.csv", keep_default_na=False)
    assert s.documents == 20 and len(docs) == 20
    failed = docs[docs.error.str.startswith("worker failed: MemoryError")]
    held = next(c for c in engines.chunks([(str(i), "") for i in range(20)], total=20, jobs=1) if "3" in {d for d, _ in c})
    assert len(failed) == len(held) == 4  # the chunk of the fourth document (chunks of 1, 2, 4, 4 ...)
    assert list(failed.index) == [int(d) for d, _ in held]
    broken = docs[docs.status != "ok"].index.difference(failed.index)
    assert len(broken) == 1 and broken[0] < 3  # the broken PDF, in an earlier chunk: its own error


def test_a_failure_mid_chunk_costs_only_the_documents_not_yet_done(inputs, tmp_path, monkeypatch):
    from pipeline import engines

    real = engines.iter_chunk
    monkeypatch.setattr(engines, "CHUNK", 8)

    def dies_after_two(items, opts):
        for i, res in enumerate(real(items, opts)):
            if i == 2:
                raise MemoryError("simulated")
            yield res

    monkeypatch.setattr(engines, "iter_chunk", dies_after_two)
    s = run_batch([str(inputs)], tmp_path, jobs=1)
    docs = pd.read_csv(tmp_path / "documents.csv", keep_default_na=False)
    assert s.documents == 20 and len(docs) == 20 and docs.doc_id.is_unique
    failed = docs.error.str.startswith("worker failed: MemoryError")
    starts, kept = 0, []
    for c in engines.chunks([(str(i), "") for i in range(20)], total=20, jobs=1):  # 1, 2, 4, 4, 4, 4, 1: each keeps its first two
        kept += list(range(starts, starts + min(2, len(c))))
        starts += len(c)
    assert list(failed[~failed].index) == kept and failed.sum() == 20 - len(kept)


def test_incremental_run_processes_only_changed_files(inputs, serial, tmp_path):
    work = tmp_path / "in"
    shutil.copytree(inputs, work)
    reg = tmp_path / "r.db"
    first = run_batch([str(work)], tmp_path / "o1", registry=reg)
    assert first.reused == 0
    # nothing changed: every readable input is reused, the tables are the same
    again = run_batch([str(work)], tmp_path / "o2", registry=reg)
    assert again.reused == 19  # the broken PDF is tried again
    assert _tables(tmp_path / "o2") == _tables(tmp_path / "o1")
    assert sorted(p.name for p in (tmp_path / "o2" / "texts").iterdir()) == \
        sorted(p.name for p in (tmp_path / "o1" / "texts").iterdir())
    # one file changed: only it is processed, and its new rows replace the old ones
    victim = sorted(work.glob("*.txt"))[0]
    victim.write_text(victim.read_text(encoding="utf-8") + "\nThe commune has 1,234 households.\n", encoding="utf-8")
    third = run_batch([str(work)], tmp_path / "o3", registry=reg)
    assert third.reused == 18
    run_batch([str(work)], tmp_path / "o4", registry=tmp_path / "fresh.db")
    assert _tables(tmp_path / "o3") == _tables(tmp_path / "o4")
    from pipeline.registry import Registry

    with Registry(reg) as r:
        assert r.counts()["documents"] == 20  # the old version of the changed file is gone
    # other models: nothing is reused
    other = run_batch([str(work)], tmp_path / "o5", registry=reg, models="none")
    assert other.reused == 0


def test_parquet_written_in_row_groups_equals_one_shot(serial, tmp_path):
    import pyarrow.parquet as pq

    csv = tmp_path / "figures.csv"
    csv.write_bytes(serial["figures"])
    write_parquet(csv, tmp_path / "a.parquet", "figures", rows_per_group=7)
    write_parquet(csv, tmp_path / "b.parquet", "figures")
    assert pq.ParquetFile(tmp_path / "a.parquet").num_row_groups > 1
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "a.parquet"), pd.read_parquet(tmp_path / "b.parquet"))


def test_parquet_of_a_large_batch_is_written_in_a_child_the_same_and_its_failure_publishes_nothing(
        serial, tmp_path, monkeypatch):
    import os

    from pipeline import tables

    jobs = []
    for t in TABLES:
        (tmp_path / f"{t}.csv").write_bytes(serial[t])
        jobs.append((tmp_path / f"{t}.csv", tmp_path / f"{t}.parquet", t))
    here = [(c, q.with_name("here-" + q.name), t) for c, q, t in jobs]
    assert tables.write_parquet_files(here) == os.getpid()  # small: in this process
    child = tables.write_parquet_files(jobs, child_bytes=1)
    assert child != os.getpid()
    for (_, q, _), (_, h, _) in zip(jobs, here):
        assert q.read_bytes() == h.read_bytes()
    # a batch whose conversion fails in the child: raised here, no table published
    monkeypatch.setattr(tables, "CHILD_BYTES", 1)
    w = tables.TableWriter(tmp_path / "bad")
    w.write("documents", [{"doc_id": "d1", "status": "ok"}])
    w.write("figures", [{"doc_id": "d1", "value": "not a number"}])
    with pytest.raises(Exception, match="not a number"):
        w.close()
    assert not [p.name for p in (tmp_path / "bad").iterdir() if not p.name.endswith((".partial", ".tmp"))]


def test_cli_jobs_and_engine_options(inputs, tmp_path):
    from typer.testing import CliRunner

    from pipeline.cli import app

    r = CliRunner().invoke(app, ["extract", str(inputs), "--out", str(tmp_path / "o"), "--no-registry",
                                 "--quiet", "--engine", "spark"])
    assert r.exit_code == 2 and "unknown engine" in r.output
    r = CliRunner().invoke(app, ["extract", str(inputs), "--out", str(tmp_path / "o"), "--no-registry",
                                 "--quiet", "--jobs", "-1"])
    assert r.exit_code == 2


def test_a_document_over_the_time_limit_gets_an_error_row_and_the_batch_goes_on(tmp_path, monkeypatch):
    import time

    from pipeline import worker

    for i in range(4):
        (tmp_path / f"d{i}.txt").write_text(f"Tan Phu commune has {100 + i} households.\n", encoding="utf-8")
    (tmp_path / "d1b.txt").write_bytes(b"")  # a read error just before the slow one
    real = worker.read_document

    def slow(path, max_bytes):
        if Path(path).name == "d2.txt":
            time.sleep(5)
        return real(path, max_bytes=max_bytes)

    monkeypatch.setattr(worker, "read_document", slow)
    t0 = time.perf_counter()
    res = list(worker.process_items([(p.name, str(p)) for p in sorted(tmp_path.glob("*.txt"))],
                                   models="none", time_limit=0.5))
    assert time.perf_counter() - t0 < 4
    assert [r.doc_id for r in res] == ["d0.txt", "d1.txt", "d1b.txt", "d2.txt", "d3.txt"]
    status = {r.doc_id: r.tables["documents"][0] for r in res}
    assert status["d2.txt"]["status"] == "error" and "time limit" in status["d2.txt"]["error"]
    assert status["d1b.txt"]["error"] == "empty file"
    assert status["d3.txt"]["status"] == "ok" and res[4].tables["figures"][0]["value"] == 103


def test_stopping_a_pool_never_hangs_on_half_a_result(tmp_path):
    """A worker ended while it sent a result leaves half a message in the result pipe; the
    pool's manager thread then waits for the rest, and Python's exit waits for that thread.
    ``_stop`` must end it (here the half message is written by hand: a header announcing 100
    bytes, then 10 of them)."""
    import multiprocessing
    import os
    import struct
    from concurrent.futures import ProcessPoolExecutor

    from pipeline.engines import _stop

    pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
    assert pool.submit(abs, -3).result(timeout=120) == 3  # the worker and the manager thread run
    manager = pool._executor_manager_thread
    os.write(pool._result_queue._writer.fileno(), struct.pack("!i", 100) + b"x" * 10)
    _stop(pool)
    manager.join(timeout=10)
    assert not manager.is_alive()


@pytest.mark.parametrize("table", ["documents", "figures", "obstacles"])
def test_parquet_is_what_pandas_writes_from_the_typed_csv(serial, table, tmp_path):
    """The Parquet copy is built without pandas: the same schema, metadata included (pandas
    reads back nullable Int64, float64 and the exact text of formula-like cells), and the same
    frame as pandas' own conversion of the typed CSV; an empty table too."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from pipeline.tables import TableWriter, read_table

    csv = tmp_path / f"{table}.csv"
    csv.write_bytes(serial[table])
    w = TableWriter(tmp_path / "odd", parquet=False)
    w.write(table, [{"doc_id": "=cmd|x", "text": "-5%", "value": float("nan"), "start": 3, "n_chars": None}])
    w.close()
    for src in (csv, tmp_path / "odd" / f"{table}.csv"):
        write_parquet(src, tmp_path / "a.parquet", table)
        want = pa.Table.from_pandas(read_table(src, table), preserve_index=False)
        got = pq.read_table(tmp_path / "a.parquet")
        assert got.schema.equals(want.schema, check_metadata=True)
        pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "a.parquet"), read_table(src, table))
    empty = tmp_path / "empty.csv"
    empty.write_text(",".join(COLUMNS[table]) + "\n", encoding="utf-8")
    write_parquet(empty, tmp_path / "e.parquet", table)
    got = pd.read_parquet(tmp_path / "e.parquet")
    assert len(got) == 0 and list(got.columns) == COLUMNS[table]
    assert got.dtypes.to_dict() == read_table(csv, table).dtypes.to_dict()


@pytest.mark.parametrize("paths, ids", [
    ([], []),
    (["a/x.txt"], ["x.txt"]),
    (["a/x.txt", "b/x.txt", "c/y.pdf", "d/x.txt"], ["x.txt", "x~2.txt", "y.pdf", "x~3.txt"]),
    (["a/r\udcff.txt", "b/r\udcff.txt"], ["r\ufffd.txt", "r\ufffd~2.txt"]),  # a name that is not UTF-8
    (["a/.hidden", "a b/with space.html"], [".hidden", "with space.html"]),
])
def test_the_inputs_held_as_nul_joined_strings_give_back_each_path_and_its_id(paths, ids):
    from pipeline.batch import _split, _unique_ids

    joined = "\0".join(paths)
    assert list(_split(joined)) == paths
    assert list(_unique_ids(_split(joined))) == ids


def test_a_path_with_a_nul_given_through_the_api_is_one_input_with_an_error_row(tmp_path):
    (tmp_path / "a.txt").write_text("Tan Phu commune has 120 households.\n", encoding="utf-8")
    s = run_batch([str(tmp_path / "a.txt"), str(tmp_path / "b\0c.txt")], tmp_path / "o", registry=None,
                  models="none", parquet=False)
    rows = (tmp_path / "o" / "documents.csv").read_text(encoding="utf-8").splitlines()
    assert s.documents == 2 and s.errors == 1 and len(rows) == 3
