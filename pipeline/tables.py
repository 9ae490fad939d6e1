"""The five output tables as files: a streaming, atomic CSV writer and Parquet copies, with
the columns and dtypes of :mod:`pipeline.schema`.

Rows are appended to ``NAME.csv.partial`` and flushed after every document, so a crash
loses nothing already written; ``close()`` writes a Parquet copy of every table, row group by
row group (memory stays flat however long the batch; a large batch's conversion runs in a
short-lived child process, so its memory does not stay with the run), then renames each file to
``NAME.csv`` and ``NAME.parquet``.
A run that fails or is interrupted (an exception, Ctrl-C, a full disk) publishes nothing: the
``.partial`` files stay for inspection and the tables of an earlier run stay as they were.
"""
from __future__ import annotations

import csv
import os
from pathlib import Path
from typing import TYPE_CHECKING

from .schema import COLUMNS, PANDAS_DTYPES, TABLE_NAMES, TYPES

if TYPE_CHECKING:
    import pandas as pd

TABLES = TABLE_NAMES


def _fmt(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        if v != v:  # NaN
            return ""
        return str(int(v)) if v.is_integer() and abs(v) < 1e18 else repr(v)
    return str(v)


# Spreadsheet programs run a cell that starts with one of these as a formula (OWASP "CSV
# injection"): a text cell of the CSVs gets a leading apostrophe, so "=HYPERLINK(...)" shows as
# text. The registry and Parquet keep the exact text; reading the CSVs back (read_table,
# write_parquet) removes the apostrophe again (a text that itself starts with "'" and one of
# these gets a second one, so the rule can be undone).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(text: str) -> str:
    """A text cell as the CSVs hold it: neutralised if a spreadsheet would read a formula."""
    if text[:1] in _FORMULA_START or (text[:1] == "'" and text[1:2] in (*_FORMULA_START, "'")):
        return "'" + text
    return text


def csv_unsafe(text: str) -> str:
    """The exact text of a CSV text cell (undoes :func:`csv_safe`)."""
    if text[:1] == "'" and text[1:2] in (*_FORMULA_START, "'"):
        return text[1:]
    return text


FORMATS = ("csv", "parquet", "jsonl")


def typed_row(table: str, r: dict) -> dict:
    """A row with the schema's types, as JSON holds it: text as written ("" when empty),
    numbers as numbers, a missing number as null."""
    out = {}
    for c in COLUMNS[table]:
        v, t = r.get(c), TYPES[table][c]
        if t == "text":
            out[c] = "" if v is None else str(v)
        elif v is None or v == "" or (isinstance(v, float) and v != v):
            out[c] = None
        else:
            try:
                x = float(v)
            except (TypeError, ValueError):
                out[c] = None
                continue
            out[c] = (int(x) if x.is_integer() else None) if t == "int" else x
    return out


def _json_line(obj: dict) -> str:
    import json

    return json.dumps(obj, ensure_ascii=False, allow_nan=False) + "\n"


class TableWriter:
    """Append rows table by table; atomic rename on close. ``formats``: any of :data:`FORMATS`
    (the CSV is always written as the run goes, as the checkpoint the others are made from, and
    removed at the end when not asked for); ``parquet`` is the older switch for
    ``("csv", "parquet")`` or ``("csv",)``."""

    def __init__(self, out_dir: str | os.PathLike, parquet: bool = True, formats: tuple[str, ...] | None = None) -> None:
        self.out = Path(out_dir)
        self.out.mkdir(parents=True, exist_ok=True)
        self.formats = tuple(formats) if formats is not None else (("csv", "parquet") if parquet else ("csv",))
        unknown = [f for f in self.formats if f not in FORMATS]
        if unknown or not self.formats:
            raise ValueError(f"unknown output format(s) {unknown or self.formats}; use {', '.join(FORMATS)}")
        self.counts = {t: 0 for t in TABLES}
        self._fh = {}
        self._w = {}
        self._jl = {}
        for t in TABLES:
            fh = open(self.out / f"{t}.csv.partial", "w", newline="", encoding="utf-8")
            w = csv.writer(fh)
            w.writerow(COLUMNS[t])
            self._fh[t], self._w[t] = fh, w
            if "jsonl" in self.formats:
                self._jl[t] = open(self.out / f"{t}.jsonl.partial", "w", encoding="utf-8")

    def write(self, table: str, rows: list[dict]) -> None:
        cols = COLUMNS[table]
        text = [TYPES[table][c] == "text" for c in cols]
        for r in rows:
            self._w[table].writerow([csv_safe(_fmt(r.get(c))) if t else _fmt(r.get(c)) for c, t in zip(cols, text)])
            if self._jl:
                self._jl[table].write(_json_line(typed_row(table, r)))
        self.counts[table] += len(rows)

    def flush(self) -> None:
        for fh in [*self._fh.values(), *self._jl.values()]:
            fh.flush()

    def close(self) -> None:
        for fh in [*self._fh.values(), *self._jl.values()]:
            fh.flush()
            os.fsync(fh.fileno())
            fh.close()
        if "parquet" in self.formats:  # every Parquet file first: a failure publishes nothing
            write_parquet_files([(self.out / f"{t}.csv.partial", self.out / f"{t}.parquet.partial", t)
                                 for t in TABLES])
        for t in TABLES:
            partial = self.out / f"{t}.csv.partial"
            if "parquet" in self.formats:
                os.replace(self.out / f"{t}.parquet.partial", self.out / f"{t}.parquet")
            if "jsonl" in self.formats:
                os.replace(self.out / f"{t}.jsonl.partial", self.out / f"{t}.jsonl")
            if "csv" in self.formats:
                os.replace(partial, self.out / f"{t}.csv")
            else:
                partial.unlink()

    def abort(self) -> None:
        """A failed or interrupted run: close the ``.partial`` files and leave them for
        inspection; the tables of an earlier run in the folder stay as they were."""
        for fh in [*self._fh.values(), *self._jl.values()]:
            try:
                fh.close()
            except OSError:  # pragma: no cover - a full disk may refuse the last flush
                pass

    def __enter__(self):
        return self

    def __exit__(self, exc_type, *exc):
        if exc_type is None:
            self.close()  # publish: rename the .partial files, write Parquet
        else:
            self.abort()  # never publish cut-short tables over good ones


class JsonLinesStream:
    """The rows as JSON Lines on a stream (``praxis extract --out -``): one object per row,
    ``{"table": "figures", ...the row's columns}``, written and flushed document by document,
    so the next program in a pipe reads them as they come. Nothing is written to disk."""

    def __init__(self, stream) -> None:
        self.stream = stream
        self.counts = {t: 0 for t in TABLES}

    def write(self, table: str, rows: list[dict]) -> None:
        for r in rows:
            self.stream.write(_json_line({"table": table, **typed_row(table, r)}))
        self.counts[table] += len(rows)

    def flush(self) -> None:
        self.stream.flush()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return None


def read_table(path: str | os.PathLike, table: str) -> pd.DataFrame:
    """A table CSV as a DataFrame with the schema's dtypes."""
    import pandas as pd

    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    return typed(df, table)


def typed(df: pd.DataFrame, table: str) -> pd.DataFrame:
    """Give a table's columns the dtypes of the schema (text columns: their exact text, see
    :func:`csv_unsafe`)."""
    import pandas as pd

    for c, t in TYPES[table].items():
        if c in df and t in PANDAS_DTYPES:
            df[c] = pd.to_numeric(df[c].replace("", None), errors="coerce").astype(PANDAS_DTYPES[t])
        elif c in df and t == "text":
            df[c] = df[c].map(lambda v: csv_unsafe(v) if isinstance(v, str) else v)
    return df


_ARROW_TYPES = {"text": "large_string", "real": "float64", "int": "int64"}
# how pandas (3.x) describes each type in a Parquet file's "pandas" metadata, which pandas reads
# back into the schema's dtypes (Int64 stays nullable)
_PANDAS_META = {"text": ("object", "str"), "real": ("float64", "float64"), "int": ("int64", "Int64")}


def parquet_schema(table: str):
    """The Arrow schema of a table's Parquet file: the schema's columns and types, with the
    metadata pandas writes (``pd.read_parquet`` gives :func:`typed`'s dtypes)."""
    import json
    from importlib.metadata import version

    import pyarrow as pa

    types = TYPES[table]
    meta = {"index_columns": [], "column_indexes": [],
            "columns": [{"name": c, "field_name": c, "pandas_type": _PANDAS_META[types[c]][0],
                         "numpy_type": _PANDAS_META[types[c]][1], "metadata": None} for c in COLUMNS[table]],
            "attributes": {}, "creator": {"library": "pyarrow", "version": pa.__version__},
            "pandas_version": version("pandas")}
    return pa.schema([(c, getattr(pa, _ARROW_TYPES[types[c]])()) for c in COLUMNS[table]],
                     metadata={b"pandas": json.dumps(meta).encode()})


# csv_unsafe for a whole column (RE2: the apostrophe csv_safe put before a formula-like start)
_UNSAFE_RE2 = "^'([=+\\-@\t\r'])"


def _lean_memory_pool() -> None:
    """Arrow's jemalloc pool where the build has it: converting a batch's tables peaks at about
    60 MB of Arrow memory, and mimalloc (the default) keeps some 100 MB more of it resident
    afterwards than jemalloc does (measured on 2.5 million figure rows)."""
    import pyarrow as pa

    if pa.default_memory_pool().backend_name != "jemalloc":
        try:
            pa.set_memory_pool(pa.jemalloc_memory_pool())
        except (NotImplementedError, AttributeError):  # a build without jemalloc: keep the default
            pass


# CSVs of at least this many bytes in all are converted in a child process: pyarrow's import and
# Arrow's working set (tens of MB, growing with the batch) then leave with the child instead of
# staying in the main process for the rest of the run (the tracker's rebuild); below it, the
# child's start (a Python and its imports, about 0.1 s) would cost more than it saves
CHILD_BYTES = 16 << 20


def write_parquet_files(jobs: list[tuple[Path, Path, str]], child_bytes: int | None = None) -> int:
    """:func:`write_parquet` for each ``(csv, parquet, table)``; in one short-lived child
    process (started with "spawn") when the CSVs hold ``child_bytes`` (default
    :data:`CHILD_BYTES`) or more, so that the conversion's memory is returned to the system when
    it ends. A failure in the child is raised here. Returns the id of the process that wrote them."""
    size = sum(Path(c).stat().st_size for c, _, _ in jobs)
    if size < (CHILD_BYTES if child_bytes is None else child_bytes):
        return _write_all(jobs)
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as ex:
        return ex.submit(_write_all, [(str(c), str(q), t) for c, q, t in jobs]).result()


def _write_all(jobs: list[tuple]) -> int:
    for csv_path, pq_path, table in jobs:
        write_parquet(Path(csv_path), Path(pq_path), table)
    return os.getpid()


def write_parquet(csv_path: Path, pq_path: Path, table: str, rows_per_group: int = 20_000) -> None:
    """The CSV as Parquet, read by Arrow's streaming CSV reader with the schema's types and
    written in row groups of about ``rows_per_group`` rows, so memory does not grow with the
    size of the batch; written to a temporary name and renamed. pandas (a quarter of a second
    to import) is not needed: :func:`parquet_schema` carries its metadata."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pcsv
    import pyarrow.parquet as pq

    _lean_memory_pool()
    schema = parquet_schema(table)
    text = [f.name for f in schema if TYPES[table][f.name] == "text"]
    convert = pcsv.ConvertOptions(column_types={f.name: f.type for f in schema}, include_columns=COLUMNS[table],
                                  null_values=[""], strings_can_be_null=False, quoted_strings_can_be_null=False)
    tmp = pq_path.with_name(pq_path.name + ".tmp")

    def write(batches: list, writer) -> None:
        tbl = pa.Table.from_batches(batches)
        for name in text:
            i = tbl.schema.get_field_index(name)
            tbl = tbl.set_column(i, name, pc.replace_substring_regex(tbl[name], pattern=_UNSAFE_RE2, replacement="\\1"))
        writer.write_table(tbl.cast(schema), row_group_size=rows_per_group)

    with pq.ParquetWriter(tmp, schema) as writer:
        # one thread, 1 MB blocks: memory stays that of a row group (threads read blocks ahead)
        reader = pcsv.open_csv(csv_path, read_options=pcsv.ReadOptions(use_threads=False, block_size=1 << 20),
                               parse_options=pcsv.ParseOptions(newlines_in_values=True), convert_options=convert)
        pending, n = [], 0
        for batch in reader:
            pending.append(batch)
            n += batch.num_rows
            if n >= rows_per_group:
                write(pending, writer)
                pending, n = [], 0
        if pending:
            write(pending, writer)
    os.replace(tmp, pq_path)
