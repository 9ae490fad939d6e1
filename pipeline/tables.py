"""The five output tables as files: a streaming, atomic CSV writer and Parquet copies, with
the columns and dtypes of :mod:`pipeline.schema`.

Rows are appended to ``NAME.csv.partial`` and flushed after every document, so a crash
loses nothing already written; ``close()`` renames each file to ``NAME.csv`` and writes a
Parquet copy beside it, row group by row group (memory stays flat however long the batch).
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


class TableWriter:
    """Append rows table by table; atomic rename on close."""

    def __init__(self, out_dir: str | os.PathLike, parquet: bool = True) -> None:
        self.out = Path(out_dir)
        self.out.mkdir(parents=True, exist_ok=True)
        self.parquet = parquet
        self.counts = {t: 0 for t in TABLES}
        self._fh = {}
        self._w = {}
        for t in TABLES:
            fh = open(self.out / f"{t}.csv.partial", "w", newline="", encoding="utf-8")
            w = csv.writer(fh)
            w.writerow(COLUMNS[t])
            self._fh[t], self._w[t] = fh, w

    def write(self, table: str, rows: list[dict]) -> None:
        cols = COLUMNS[table]
        text = [TYPES[table][c] == "text" for c in cols]
        for r in rows:
            self._w[table].writerow([csv_safe(_fmt(r.get(c))) if t else _fmt(r.get(c)) for c, t in zip(cols, text)])
        self.counts[table] += len(rows)

    def flush(self) -> None:
        for fh in self._fh.values():
            fh.flush()

    def close(self) -> None:
        for t, fh in self._fh.items():
            fh.flush()
            os.fsync(fh.fileno())
            fh.close()
            os.replace(self.out / f"{t}.csv.partial", self.out / f"{t}.csv")
        if self.parquet:
            for t in TABLES:
                write_parquet(self.out / f"{t}.csv", self.out / f"{t}.parquet", t)

    def abort(self) -> None:
        """A failed or interrupted run: close the ``.partial`` files and leave them for
        inspection; the tables of an earlier run in the folder stay as they were."""
        for fh in self._fh.values():
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


def write_parquet(csv_path: Path, pq_path: Path, table: str, rows_per_group: int = 20_000) -> None:
    """The CSV as Parquet, converted in row groups of ``rows_per_group`` rows, so memory
    does not grow with the size of the batch; written to a temporary name and renamed."""
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

    tmp = pq_path.with_suffix(".parquet.partial")
    writer = schema = None
    try:
        for chunk in pd.read_csv(csv_path, dtype=str, keep_default_na=False, chunksize=rows_per_group):
            tbl = pa.Table.from_pandas(typed(chunk, table), preserve_index=False)
            if writer is None:  # the first group fixes the schema (with pandas' dtypes)
                schema = tbl.schema
                writer = pq.ParquetWriter(tmp, schema)
            writer.write_table(tbl.cast(schema))
        if writer is None:  # no rows
            empty = typed(pd.DataFrame({c: pd.Series(dtype=str) for c in COLUMNS[table]}), table)
            empty.to_parquet(tmp, index=False)
    finally:
        if writer is not None:
            writer.close()
    os.replace(tmp, pq_path)
