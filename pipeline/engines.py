"""Where the documents of a batch are processed: in this process, in a pool of local
processes (``--jobs N``), or on a Dask cluster (``--engine dask``).

The batch is cut into chunks of consecutive documents; every engine runs the same
:func:`process_chunk` on each chunk and hands the results back **in input order**, so the
tables are the same, byte for byte, whatever the engine and the number of workers. At most
``window`` chunks are in flight at a time, so memory stays bounded however long the batch.
A chunk whose worker fails gives an error row for each of its documents; the batch goes on.
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from contextlib import contextmanager
from typing import Callable, Iterable, Iterator

from .result import error_result
from .worker import Item, iter_chunk, process_chunk

CHUNK = 32  # documents per task: small enough to balance the workers, large enough that
# the per-chunk costs (a memory zone's cold caches, sending the task) stay small


def default_jobs() -> int:
    """All the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def chunks(items: Iterable[Item], size: int | None = None, total: int | None = None,
           jobs: int = 1) -> Iterator[list[Item]]:
    """Consecutive chunks of at most ``size`` items (default :data:`CHUNK`). The first ones are
    smaller (1, 2, 4, ... items), so that the first results, and the progress bar's rate and
    time left, come within seconds of the start; with ``total`` (the number of items) the
    last ones shrink too, to a quarter of what is left per worker (down to 4 items), so that
    no worker sits idle while another finishes a whole chunk at the end of the batch."""
    size = size or CHUNK
    step, left = 1, total
    buf: list[Item] = []
    for it in items:
        buf.append(it)
        want = min(step, size)
        if left is not None:
            want = min(want, max(4, left // (4 * max(1, jobs))))
        if len(buf) >= want:
            yield buf
            if left is not None:
                left -= len(buf)
            buf = []
            step *= 2
    if buf:
        yield buf


def _failed(items: list[Item], err: BaseException) -> list:
    reason = f"worker failed: {type(err).__name__}: {err}".replace("\n", " ")
    return [error_result(doc_id, path, reason) for doc_id, path in items]


def _ordered(submit: Callable[[list[Item]], object], result: Callable[[object], list],
             work: Iterable[list[Item]], window: int) -> Iterator[list]:
    """Submit chunks, keeping at most ``window`` in flight, and yield their results in order."""
    pending: deque = deque()
    for chunk in work:
        pending.append((chunk, submit(chunk)))
        if len(pending) >= window:
            yield _collect(pending.popleft(), result)
    while pending:
        yield _collect(pending.popleft(), result)


def _collect(entry, result) -> list:
    chunk, fut = entry
    try:
        return result(fut)
    except Exception as err:  # a crashed worker costs its chunk, not the batch
        return _failed(chunk, err)


def run_serial(work: Iterable[list[Item]], opts: dict) -> Iterator[list]:
    """In this process, document by document: each result is handed on (and written) as soon
    as its document is done, so a killed run keeps every document finished before it. A
    failure gives error rows to the chunk's documents not yet done."""
    for chunk in work:
        done = 0
        try:
            for res in iter_chunk(chunk, opts):
                done += 1
                yield [res]
        except Exception as err:
            yield _failed(chunk[done:], err)


@contextmanager
def _children_ignore_sigint() -> Iterator[None]:
    """Processes started inside this block inherit SIGINT ignored. A Ctrl-C in a terminal goes
    to the whole process group; only the main process acts on it, and it ends its workers
    itself (:func:`_stop`), so no worker dies half-way with a traceback of its own. Only the
    main thread can change a signal's handling; a Ctrl-C in the moment of the switch is lost."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    old = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, old)


def _watch_parent(parent: int, every: float = 0.5) -> None:
    """In a worker process: end it when the process that started it is gone (a main process
    killed with SIGKILL cannot end its workers; they would be left running under PID 1)."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(every)
        os._exit(1)

    threading.Thread(target=watch, name="praxis-parent-watch", daemon=True).start()


def _stop(pool) -> None:
    """End a process pool at once: queued chunks cancelled, running ones abandoned, the
    workers terminated and reaped (waiting for them could take as long as a chunk)."""
    if hasattr(pool, "terminate_workers"):  # Python 3.14
        pool.terminate_workers()
        return
    # shutdown() drops the pool's references to these: take them first
    procs = list((getattr(pool, "_processes", None) or {}).values())
    results = getattr(pool, "_result_queue", None)
    manager = getattr(pool, "_executor_manager_thread", None)
    pool.shutdown(wait=False, cancel_futures=True)
    for p in procs:
        if p.is_alive():
            p.terminate()
    deadline = time.monotonic() + 5
    for p in procs:
        p.join(timeout=max(0.1, deadline - time.monotonic()))
        if p.is_alive():
            p.kill()
            p.join(timeout=1)
    # A worker ended while it sent a result leaves half a message in the result pipe, and the
    # pool's manager thread would wait for the rest for ever (and Python's exit with it, which
    # joins that thread). The workers are gone: closing this process's end of the pipe's
    # writing side makes that read fail, and the thread ends as for a broken pool.
    writer = getattr(results, "_writer", None)
    if writer is not None:
        writer.close()
    if manager is not None:
        manager.join(timeout=5)


def run_processes(work: Iterable[list[Item]], opts: dict, jobs: int) -> Iterator[list]:
    """A pool of ``jobs`` local processes (started with "spawn": no state shared with this one).
    If the run ends early (an exception, Ctrl-C, SIGTERM turned into an exception, or the
    consumer closing this generator) the workers are ended at once, never waited for."""
    from concurrent.futures import ProcessPoolExecutor

    started = 0

    def submit(chunk):
        nonlocal started
        if started >= jobs:  # every worker is running: never ignore a Ctrl-C again
            return pool.submit(process_chunk, chunk, opts)
        started += 1  # the first ``jobs`` submissions start the workers (one each, at most)
        with _children_ignore_sigint():
            return pool.submit(process_chunk, chunk, opts)

    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_watch_parent, initargs=(os.getpid(),))
    try:
        yield from _ordered(submit, lambda f: f.result(), work, window=jobs * 4)
    except BaseException:
        _stop(pool)
        raise
    pool.shutdown(wait=True)


def run_dask(work: Iterable[list[Item]], opts: dict, jobs: int,
             scheduler: str | None = None) -> Iterator[list]:
    """Dask: a ``LocalCluster`` of ``jobs`` single-threaded worker processes, or the cluster
    at ``scheduler`` ("tcp://host:8786"), whose workers need praxis installed and the input
    paths readable (a shared file system)."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise RuntimeError("--engine dask needs dask.distributed: pip install 'praxis[dask]'") from None
    cluster = None
    if scheduler:
        client = Client(scheduler)
        window = max(4, 4 * sum(w.get("nthreads", 1) for w in client.scheduler_info()["workers"].values()))
    else:
        with _children_ignore_sigint():  # the cluster's worker processes start here
            # CRITICAL: a worker's heartbeat that meets the scheduler already closed (Ctrl-C, SIGTERM)
            # logs an ERROR with a traceback; a failed chunk is reported as error rows anyway
            cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                                   dashboard_address=None, silence_logs=logging.CRITICAL)
        client = Client(cluster)
        window = jobs * 4
    try:
        yield from _ordered(lambda c: client.submit(process_chunk, c, opts, pure=False),
                            lambda f: f.result(), work, window=window)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def run(work: Iterable[list[Item]], opts: dict, *, jobs: int = 1, engine: str = "local",
        scheduler: str | None = None) -> Iterator[list]:
    """Results of every chunk of ``work``, in order, from the chosen engine; ``opts`` as
    for :func:`process_chunk`."""
    if engine == "dask":
        return run_dask(work, opts, jobs, scheduler)
    if engine != "local":
        raise ValueError(f"unknown engine {engine!r} (local or dask)")
    if jobs <= 1:
        return run_serial(work, opts)
    return run_processes(work, opts, jobs)
