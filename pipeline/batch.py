"""Run the extraction over many inputs: inputs -> engines (chunks of documents through
:mod:`pipeline.worker`) -> tables and registry.

Every input gets a ``documents`` row, a bad one with ``status=error`` and a one-line reason,
and the batch goes on.
"""
from __future__ import annotations

import gc
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

from . import engines
from .read import DEFAULT_MAX_BYTES, iter_inputs
from .result import DocResult, error_result  # noqa: F401 - part of this module's API
from .schema import ROW_TABLES
from .tables import TABLES, JsonLinesStream, TableWriter
from .textutil import printable
from .worker import DEFAULT_TIME_LIMIT, process_texts  # noqa: F401 - part of this module's API

if TYPE_CHECKING:
    from .registry import ResultCache


@dataclass
class Summary:
    documents: int = 0
    errors: int = 0
    rows: dict = field(default_factory=lambda: {t: 0 for t in TABLES})
    seconds: float = 0.0
    reused: int = 0  # unchanged inputs whose rows came from the registry
    skipped: list = field(default_factory=list)  # files of the output folder or the registry met among the inputs

    def line(self) -> str:
        per = ", ".join(f"{self.rows[t]} {t}" for t in ROW_TABLES)
        again = f", {self.reused} unchanged and reused" if self.reused else ""
        skip = f"; skipped {len(self.skipped)} files of the output folder or the registry" if self.skipped else ""
        return (f"{self.documents} documents ({self.errors} errors{again}): {per} "
                f"in {self.seconds:.1f} s{skip}")


def _unique_ids(paths: Iterable[str]) -> Iterator[str]:
    """A document id for each path: its file name, "name~2.txt" for the second of that name."""
    seen: dict[str, int] = {}
    for s in paths:
        p = Path(s)
        name = printable(p.name)  # a name that is not UTF-8 ("bad\xff.txt") is written with U+FFFD
        n = seen.get(name, 0) + 1
        seen[name] = n
        yield name if n == 1 else printable(f"{p.stem}~{n}{p.suffix}")


def _split(joined: str) -> Iterator[str]:
    """The parts of a NUL-joined string, one at a time (none for "")."""
    start = 0
    while joined:
        end = joined.find("\0", start)
        yield joined[start:] if end < 0 else joined[start:end]
        if end < 0:
            return
        start = end + 1


def iter_results(paths: Iterable[str | os.PathLike], max_bytes: int = DEFAULT_MAX_BYTES,
                 models: str = "auto", *, jobs: int = 1, engine: str = "local",
                 scheduler: str | None = None, cache: ResultCache | None = None,
                 time_limit: float | None = DEFAULT_TIME_LIMIT,
                 patterns: tuple[str, ...] = (), exclude: Iterable[str | os.PathLike] = (),
                 skipped: list[Path] | None = None) -> Iterator[DocResult]:
    """Results for every input path, in input order, whatever the engine and the number of
    workers (see :mod:`pipeline.engines`). With ``cache``, an input whose content was
    already extracted by the same pipeline and models is taken from it, not processed.
    Files of ``exclude`` (the output folder, the registry) are skipped into ``skipped``."""
    # the inputs as two NUL-joined strings (NUL is never in a path), and one full collection once
    # the listing's garbage is gone: at 100,000 inputs a list of (doc_id, path) tuples and the
    # Path objects it was made from kept 78 MB resident for the whole run (freed memory the
    # allocator could not return among the strings still held; a collection did not help);
    # these keep 17 MB (56 MB without the collection)
    files = "\0".join(str(f).replace("\0", "\ufffd") for f in iter_inputs(paths, exclude, skipped))  # a path
    # given with a NUL (through the API) names no file: it keeps its one error row
    ids = "\0".join(_unique_ids(_split(files)))
    gc.collect()
    hits = [cache.lookup(path) if cache is not None else None for path in _split(files)]
    todo = (it for it, hit in zip(zip(_split(ids), _split(files)), hits) if hit is None)
    n_todo = sum(1 for h in hits if h is None)
    jobs = max(1, min(jobs, -(-n_todo // engines.CHUNK)))
    opts = {"max_bytes": max_bytes, "models": models, "time_limit": time_limit,
            "patterns": tuple(str(p) for p in patterns)}
    out = (r for chunk in engines.run(engines.chunks(todo, total=n_todo, jobs=jobs), opts, jobs=jobs, engine=engine,
                                      scheduler=scheduler) for r in chunk)
    for (doc_id, path), hit in zip(zip(_split(ids), _split(files)), hits):
        if hit is not None:
            yield cache.result(hit, doc_id, path)
            continue
        res = next(out)
        if res.doc_id != doc_id:  # pragma: no cover - the engines keep the order
            raise RuntimeError(f"results out of order: {res.doc_id} for {doc_id}")
        yield res


def count_inputs(paths: Iterable[str | os.PathLike], exclude: Iterable[str | os.PathLike] = ()) -> int:
    return sum(1 for _ in iter_inputs(paths, exclude))


def run_batch(paths: list[str], out_dir: str | os.PathLike, *, max_bytes: int = DEFAULT_MAX_BYTES,
              progress: Callable[[DocResult], None] | None = None, save_texts: bool = True,
              parquet: bool = True, models: str = "auto", registry: str | os.PathLike | None = None,
              jobs: int = 1, engine: str = "local", scheduler: str | None = None,
              incremental: bool = True, time_limit: float | None = DEFAULT_TIME_LIMIT,
              patterns: tuple[str, ...] = (), formats: tuple[str, ...] | None = None) -> Summary:
    """Extract every input into the five tables in ``out_dir`` (and into the registry
    at ``registry``, when given); ``formats``: any of csv, parquet, jsonl (default csv and
    parquet, or csv alone with ``parquet=False``); ``out_dir`` "-": every row as JSON Lines on
    standard output instead of files (no texts saved). ``jobs`` worker processes (or Dask workers with
    ``engine="dask"``) share the work; the tables are the same whatever their number.
    With a registry and ``incremental``, inputs whose content the registry already holds
    from the same code and models are not processed again: their rows are read back."""
    t0 = time.perf_counter()
    reg = cache = None
    if registry:
        from .learn.runtime import fingerprint
        from .registry import Registry, ResultCache

        reg = Registry(registry)
        batch_id = reg.start_batch([str(p) for p in paths])
        stamp = fingerprint(models, tuple(str(p) for p in patterns))
        if incremental:
            cache = ResultCache(reg, stamp)
    from .copies import CopyFinder

    copies = CopyFinder(reg.db if reg is not None else None)
    to_stdout = str(out_dir) == "-"
    out = Path(out_dir)
    summary = Summary()
    texts_dir = out / "texts"
    save_texts = save_texts and not to_stdout
    if formats is None:
        formats = ("csv", "parquet") if parquet else ("csv",)
    if save_texts:
        texts_dir.mkdir(parents=True, exist_ok=True)
    ok = False
    try:
        _run(paths, out, summary, reg, cache, copies, batch_id if reg is not None else None,
             stamp if reg is not None else None, texts_dir, save_texts, None if to_stdout else formats, progress,
             dict(max_bytes=max_bytes, models=models, jobs=jobs, engine=engine, scheduler=scheduler,
                  time_limit=time_limit, patterns=patterns), registry)
        ok = True
    finally:
        copies.close()
        if reg is not None:
            try:
                reg.rebuild_tracker()  # the documents the registry holds now, however the run ended
            except Exception:
                if ok:
                    raise  # after a failure the first error is the one to report
            finally:
                reg.close()
    summary.seconds = time.perf_counter() - t0
    return summary


def _run(paths, out, summary, reg, cache, copies, batch_id, stamp, texts_dir, save_texts, formats, progress,
         opts, registry) -> None:
    """The loop of :func:`run_batch`: every result into the tables, the registry and the
    saved texts; on any failure the tables are not published (:class:`TableWriter`)."""
    from .copies import fingerprint, to_bytes

    writer = TableWriter(out, formats=formats) if formats is not None else JsonLinesStream(sys.stdout)
    with writer as w:
        exclude = ([out] if formats is not None else []) + ([registry] if registry else [])
        for res in iter_results(paths, cache=cache, exclude=exclude, skipped=summary.skipped, **opts):
            doc = res.tables["documents"][0]
            mh = fingerprint(res.text) if res.text and doc.get("status") == "ok" and not res.cached else None
            if mh is not None:
                doc["duplicate_of"] = copies.copy_of(res.doc_key, res.doc_id, mh, str(doc.get("source") or ""))
            for t in TABLES:
                w.write(t, res.tables[t])
            w.flush()
            summary.documents += 1
            if res.tables["documents"][0]["status"] != "ok":
                summary.errors += 1
            if res.cached:
                summary.reused += 1
                reg.note_reused(res.doc_key, res.tables["documents"][0], batch_id)
            elif reg is not None:
                reg.add_document(res.doc_key, res.tables, batch_id, text=res.text, pipeline=stamp,
                                 fingerprint=to_bytes(mh) if mh is not None else None)
            if save_texts and res.text:
                tmp = texts_dir / f"{res.doc_id}.txt.partial"
                tmp.write_text(res.text, encoding="utf-8")
                os.replace(tmp, texts_dir / f"{res.doc_id}.txt")
            if progress:
                progress(res)
        summary.rows = dict(w.counts)
