"""Run the extraction over many inputs: read -> clean -> annotate -> tables.

Documents stream through ``nlp.pipe``; every input gets a ``documents`` row, a bad one with
``status=error`` and a one-line reason, and the batch goes on.
"""
from __future__ import annotations

import os
import signal
import threading
import time
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

from .clean import clean_text
from .errors import DocumentTimeout, ReadError
from .nlp import build_nlp, doc_text, n_words
from .read import DEFAULT_MAX_BYTES, RawDocument, iter_inputs, read_document
from .tables import TABLES, TableWriter

if TYPE_CHECKING:
    from .registry import ResultCache

ROW_TABLES = ["organizations", "officials", "figures", "obstacles"]


@dataclass
class Summary:
    documents: int = 0
    errors: int = 0
    rows: dict = field(default_factory=lambda: {t: 0 for t in TABLES})
    seconds: float = 0.0
    reused: int = 0  # unchanged inputs whose rows came from the registry

    def line(self) -> str:
        per = ", ".join(f"{self.rows[t]} {t}" for t in ROW_TABLES)
        again = f", {self.reused} unchanged and reused" if self.reused else ""
        return (f"{self.documents} documents ({self.errors} errors{again}): {per} "
                f"in {self.seconds:.1f} s")


@dataclass
class DocResult:
    """One document's rows for every table (``documents`` holds one row)."""

    doc_id: str
    tables: dict[str, list[dict]]
    text: str = ""
    doc_key: str = ""  # sha256 of the input file's bytes
    cached: bool = False  # taken from the registry (an unchanged input), not processed


def _title_of(raw: RawDocument, text: str) -> str:
    if raw.title:
        return raw.title.strip()
    first = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    return first[:200] if len(first) < 200 else ""


def _unique_ids(paths: list[Path]) -> list[str]:
    seen: dict[str, int] = {}
    ids = []
    for p in paths:
        name = p.name
        n = seen.get(name, 0) + 1
        seen[name] = n
        ids.append(name if n == 1 else f"{p.stem}~{n}{p.suffix}")
    return ids


def process_texts(items: Iterable[tuple[str, RawDocument]], batch_size: int = 16,
                  models: str = "auto") -> Iterator[DocResult]:
    """Annotate already-read documents: (doc_id, raw) pairs in, results out, in order.
    ``models``: "auto" (shipped models if present), "none" (rules only) or a folder."""
    nlp = build_nlp(models)

    def gen():
        for doc_id, raw in items:
            yield clean_text(raw.text), (doc_id, raw)

    for doc, (doc_id, raw) in nlp.pipe(gen(), as_tuples=True, batch_size=batch_size):
        yield result_from_doc(doc, doc_id, raw)


def result_from_doc(doc, doc_id: str, raw: RawDocument) -> DocResult:
    text = doc_text(doc)
    ann = doc._.praxis
    status, error = "ok", ""
    if not text.strip():
        status, error = "error", "no text left after cleaning (only boilerplate?)"
    tables = {
        "documents": [{"doc_id": doc_id, "source": raw.source, "title": _title_of(raw, text),
                       "date": raw.date, "n_chars": len(text), "n_words": n_words(doc),
                       "status": status, "error": error}],
    }
    for t in ROW_TABLES:
        rows = getattr(ann, t) if ann is not None else []
        tables[t] = [{"doc_id": doc_id, **r} for r in rows]
    return DocResult(doc_id, tables, text, raw.sha256)


def error_result(doc_id: str, source: str, reason: str) -> DocResult:
    from .registry import file_key

    row = {"doc_id": doc_id, "source": source, "title": "", "date": "", "n_chars": 0,
           "n_words": 0, "status": "error", "error": reason.replace("\n", " ")[:300]}
    return DocResult(doc_id, {"documents": [row], **{t: [] for t in ROW_TABLES}}, "", file_key(source))


DEFAULT_TIME_LIMIT = 120.0  # seconds per document (reading included)


@contextmanager
def deadline(seconds: float | None):
    """Raise :class:`DocumentTimeout` in this thread after ``seconds`` (SIGALRM; only in a
    process's main thread, which is where the local engines run documents; a no-op
    elsewhere, e.g. in Dask's worker threads)."""
    if not seconds or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_alarm(signum, frame):
        raise DocumentTimeout()

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


@contextmanager
def _memory_zones(models: str):
    """spaCy memory zones for the pipeline and the NER model: the strings they intern for the
    documents of a chunk (new numbers, names) are freed after it, so a long batch does not
    grow their vocabularies. One zone per chunk (a zone per document costs a fifth of the
    throughput: every zone starts with cold caches)."""
    from .learn.runtime import resolve

    ner = getattr(resolve(models), "ner", None)
    with build_nlp(models).memory_zone(), (ner.memory_zone() if ner is not None else nullcontext()):
        yield


def process_items(items: Iterable[tuple[str, str]], max_bytes: int = DEFAULT_MAX_BYTES,
                  models: str = "auto", time_limit: float | None = DEFAULT_TIME_LIMIT) -> Iterator[DocResult]:
    """Read and extract (doc_id, path) pairs, results in order. An unreadable input gives
    an error result; so does one that takes longer than ``time_limit`` seconds, and the
    documents after it go on (the pipe restarts after it)."""
    items = list(items)
    start = 0
    while start < len(items):
        pending: list[tuple[int, DocResult]] = []
        current = [start, start]  # the document being read or extracted; where to go on

        def readable(first: int):
            for i in range(first, len(items)):
                current[0] = i
                doc_id, path = items[i]
                try:
                    raw = read_document(Path(path), max_bytes=max_bytes)
                except ReadError as err:
                    pending.append((i, error_result(doc_id, str(path), str(err))))
                    continue
                except DocumentTimeout:
                    raise
                except Exception as err:  # a reader bug must not stop the batch
                    pending.append((i, error_result(doc_id, str(path), f"unexpected {type(err).__name__}: {err}")))
                    continue
                yield doc_id, raw

        # batch_size=1: one document at a time through the pipe, so that the deadline is
        # one document's; the memory zone frees the strings spaCy interned for these
        # documents (new numbers and names would otherwise grow its vocabulary forever)
        with _memory_zones(models):
            stream = process_texts(readable(start), models=models, batch_size=1)
            try:
                yield from _ordered_stream(stream, items, pending, current, time_limit)
            finally:
                stream.close()
        start = current[1]


def _ordered_stream(stream, items, pending, current, time_limit):
    """Results of ``stream`` with the read errors of ``pending`` put back in input order;
    sets ``current[1]`` to where the next pipe must start (after a document that timed out,
    or the end)."""
    while True:
        try:
            with deadline(time_limit):
                res = next(stream)
        except StopIteration:
            yield from (r for _, r in pending)
            current[1] = len(items)
            return
        except DocumentTimeout:
            i = current[0]
            yield from (r for j, r in pending if j < i)
            doc_id, path = items[i]
            yield error_result(doc_id, str(path), f"time limit exceeded: more than {time_limit:g} s "
                                                  "for this document (--time-limit)")
            current[1] = i + 1
            return
        i = current[0]
        while pending and pending[0][0] < i:
            yield pending.pop(0)[1]
        yield res


def iter_results(paths: Iterable[str | os.PathLike], max_bytes: int = DEFAULT_MAX_BYTES,
                 models: str = "auto", *, jobs: int = 1, engine: str = "local",
                 scheduler: str | None = None, cache: "ResultCache | None" = None,
                 time_limit: float | None = DEFAULT_TIME_LIMIT) -> Iterator[DocResult]:
    """Results for every input path, in input order, whatever the engine and the number of
    workers (see :mod:`pipeline.engines`). With ``cache``, an input whose content was
    already extracted by the same pipeline and models is taken from it, not processed."""
    from . import engines

    files = list(iter_inputs(paths))
    items = [(d, str(f)) for d, f in zip(_unique_ids(files), files)]
    hits = [cache.lookup(path) if cache is not None else None for _, path in items]
    todo = (it for it, hit in zip(items, hits) if hit is None)
    n_chunks = -(-sum(1 for h in hits if h is None) // engines.CHUNK)
    jobs = max(1, min(jobs, n_chunks))
    opts = {"max_bytes": max_bytes, "models": models, "time_limit": time_limit}
    out = (r for chunk in engines.run(engines.chunks(todo), opts, jobs=jobs, engine=engine,
                                      scheduler=scheduler) for r in chunk)
    for (doc_id, path), hit in zip(items, hits):
        if hit is not None:
            yield cache.result(hit, doc_id, path)
            continue
        res = next(out)
        if res.doc_id != doc_id:  # pragma: no cover - the engines keep the order
            raise RuntimeError(f"results out of order: {res.doc_id} for {doc_id}")
        yield res


def count_inputs(paths: Iterable[str | os.PathLike]) -> int:
    return sum(1 for _ in iter_inputs(paths))


def run_batch(paths: list[str], out_dir: str | os.PathLike, *, max_bytes: int = DEFAULT_MAX_BYTES,
              progress: Callable[[DocResult], None] | None = None, save_texts: bool = True,
              parquet: bool = True, models: str = "auto", registry: str | os.PathLike | None = None,
              jobs: int = 1, engine: str = "local", scheduler: str | None = None,
              incremental: bool = True, time_limit: float | None = DEFAULT_TIME_LIMIT) -> Summary:
    """Extract every input into the five tables in ``out_dir`` (and into the registry
    at ``registry``, when given). ``jobs`` worker processes (or Dask workers with
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
        stamp = fingerprint(models)
        if incremental:
            cache = ResultCache(reg, stamp)
    out = Path(out_dir)
    summary = Summary()
    texts_dir = out / "texts"
    if save_texts:
        texts_dir.mkdir(parents=True, exist_ok=True)
    with TableWriter(out, parquet=parquet) as w:
        for res in iter_results(paths, max_bytes=max_bytes, models=models, jobs=jobs, engine=engine,
                                scheduler=scheduler, cache=cache, time_limit=time_limit):
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
                reg.add_document(res.doc_key, res.tables, batch_id, text=res.text, pipeline=stamp)
            if save_texts and res.text:
                tmp = texts_dir / f"{res.doc_id}.txt.partial"
                tmp.write_text(res.text, encoding="utf-8")
                os.replace(tmp, texts_dir / f"{res.doc_id}.txt")
            if progress:
                progress(res)
        summary.rows = dict(w.counts)
    if reg is not None:
        reg.close()
    summary.seconds = time.perf_counter() - t0
    return summary
