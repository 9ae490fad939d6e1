"""The per-chunk worker: read, clean and extract a chunk of documents, one result each, in
input order. It runs in this process or in a worker process of an engine
(:mod:`pipeline.engines`); the pipeline is built once per process. spaCy and the components are
imported where a document is first processed, so a main process that only hands chunks to
worker processes never imports them (about 0.7 s of CPU and 60 MB less).

Every input gets a result: an unreadable one, or one that takes longer than the time limit,
an error result with the reason on one line; the documents after it go on.
"""
from __future__ import annotations

import signal
import threading
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Iterable, Iterator

from .errors import DocumentTimeout, ReadError
from .metadata import clean_title
from .read import DEFAULT_MAX_BYTES, RawDocument, read_document
from .result import DocResult, error_result
from .textutil import printable

Item = tuple[str, str]  # (doc_id, path)


def _title_of(raw: RawDocument, text: str) -> str:
    """The reader's title, else the cleaned text's first line when it is a heading (short, no
    menu line): "" rather than junk."""
    if raw.title:
        return raw.title.strip()
    first = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    return clean_title(first) if len(first) < 200 else ""


def process_texts(items: Iterable[tuple[str, RawDocument]], batch_size: int = 16,
                  models: str = "auto", patterns: tuple[str, ...] = ()) -> Iterator[DocResult]:
    """Annotate already-read documents: (doc_id, raw) pairs in, results out, in order.
    ``models``: "auto" (shipped models if present), "none" (rules only) or a folder;
    ``patterns``: user pattern files added to the rule vocabularies."""
    from . import attributes as A
    from .clean import clean_text
    from .nlp import build_nlp

    nlp = build_nlp(models, tuple(patterns))

    def gen():
        for doc_id, raw in items:
            doc = nlp.make_doc(clean_text(raw.text))
            if raw.date:
                doc.user_data[A.DATE] = raw.date  # the page's publication date: the figures' year
            yield doc, (doc_id, raw)

    for doc, (doc_id, raw) in nlp.pipe(gen(), as_tuples=True, batch_size=batch_size):
        yield result_from_doc(doc, doc_id, raw)


def result_from_doc(doc, doc_id: str, raw: RawDocument) -> DocResult:
    from .components import doc_rows
    from .nlp import doc_text, n_words

    text = doc_text(doc)
    status, error = "ok", ""
    if not text.strip():
        status, error = "error", "no text left after cleaning (only boilerplate?)"
    tables = {
        "documents": [{"doc_id": doc_id, "source": printable(raw.source), "title": _title_of(raw, text),
                       "date": raw.date, "n_chars": len(text), "n_words": n_words(doc),
                       "status": status, "error": error, "url": printable(raw.url)}],
    }
    for t, rows in doc_rows(doc).items():
        tables[t] = [{"doc_id": doc_id, **r} for r in rows]
    return DocResult(doc_id, tables, text, raw.sha256)


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
def _memory_zones(models: str, patterns: tuple[str, ...] = ()):
    """spaCy memory zones for the pipeline and the NER model: the strings they intern for the
    documents of a chunk (new numbers, names) are freed after it, so a long batch does not
    grow their vocabularies. One zone per chunk (a zone per document costs a fifth of the
    throughput: every zone starts with cold caches)."""
    from .learn.runtime import resolve
    from .nlp import build_nlp

    ner = getattr(resolve(models), "ner", None)
    with build_nlp(models, tuple(patterns)).memory_zone(), (ner.memory_zone() if ner is not None else nullcontext()):
        yield


def process_items(items: Iterable[tuple[str, str]], max_bytes: int = DEFAULT_MAX_BYTES,
                  models: str = "auto", time_limit: float | None = DEFAULT_TIME_LIMIT,
                  patterns: tuple[str, ...] = ()) -> Iterator[DocResult]:
    """Read and extract (doc_id, path) pairs, results in order. An unreadable input gives
    an error result; so does one that takes longer than ``time_limit`` seconds, and the
    documents after it go on (the pipe restarts after it)."""
    items = list(items)
    start = 0
    while start < len(items):
        pending: list[tuple[int, DocResult]] = []
        current = [start, start]  # the document being read or extracted; where to go on
        # batch_size=1: one document at a time through the pipe, so that the deadline is
        # one document's; the memory zone frees the strings spaCy interned for these
        # documents (new numbers and names would otherwise grow its vocabulary forever)
        with _memory_zones(models, patterns):
            docs = _readable(items, start, max_bytes, pending, current)
            stream = process_texts(docs, models=models, patterns=patterns, batch_size=1)
            try:
                yield from _ordered_stream(stream, items, pending, current, time_limit)
            finally:
                stream.close()
        start = current[1]


def _readable(items: list[tuple[str, str]], first: int, max_bytes: int, pending: list, current: list):
    """(doc_id, raw document) of the inputs from ``first`` on; a read error goes to
    ``pending`` with its position, and ``current[0]`` says which input is being read."""
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


def iter_chunk(items: list[Item], opts: dict) -> Iterator[DocResult]:
    """The results of one chunk, each as soon as its document is done (the pipeline is built
    once per process). ``opts``: the keyword arguments of :func:`process_items` (max_bytes,
    models, time_limit, patterns)."""
    return process_items(items, **opts)


def process_chunk(items: list[Item], opts: dict) -> list[DocResult]:
    """The results of one chunk as a list (what a worker process sends back)."""
    return list(iter_chunk(items, opts))
