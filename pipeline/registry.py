"""The target registry: every batch's tables in one SQLite file, searchable with FTS5.

Schema (the columns of each table come from :mod:`pipeline.schema`; ``SCHEMA_SQL`` below is the
reference; ``PRAGMA user_version`` holds the schema version and older registries are migrated
forward on opening, newer ones refused):

* ``documents`` one row per document version, keyed by ``doc_key`` = sha256 of the input
  file's bytes; ``source`` is the path it was read from. Adding the same content again
  replaces its rows (nothing is added twice); adding a changed file (same source, new
  content) replaces the rows of the old version.
* ``organizations``, ``officials``, ``figures``, ``obstacles`` the tables of SCHEMA.md with
  ``doc_key`` and ``doc_id``; ``figures.id`` is a stable row id for audit references.
* ``batches`` when each batch was added and from which inputs.
* ``fingerprints`` each document's MinHash (:mod:`pipeline.copies`) as bytes, and
  ``copy_bands`` its LSH band keys: a copy of a report in another format gets
  ``documents.duplicate_of``.
* ``texts`` the cleaned text of each document version; with ``documents.pipeline`` (a
  fingerprint of the code and models that made the rows) it lets a re-run reuse the rows
  of unchanged inputs instead of processing them again (:class:`ResultCache`).
* ``targets``, ``target_mentions``, ``target_results`` the target tracker
  (:mod:`pipeline.tracker`): distinct targets with their mentions, the results linked to
  them and a status, rebuilt from ``figures`` after every batch.
* ``search`` an FTS5 index over every row's text, metric, names, organization, place and
  sentence, twice: ``body`` as written (accents kept: "năm", year, is not "Nam", a name) and
  ``folded`` (no marks, Đ/đ as D/d: "dien bien" finds "Điện Biên"); a query without marks
  searches ``folded``, one with marks ``body`` (:mod:`pipeline.search`). Its ``tbl`` and
  ``rid`` columns point back at the row.

Every statement is parameterised; each document is written in one transaction, so a
killed run leaves the registry as it was before that document.
Open it in Datasette with ``datasette registry.db``: full-text search works on ``search``.
"""
from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from .errors import RegistryError
from .hashing import content_key, file_key, hash_file  # noqa: F401 - the registry's keys
from .result import DocResult
from .schema import COLUMNS, COPY_BANDS_SQL, ROW_TABLES, SCHEMA_VERSION, SEARCH_FIELDS, TABLE_NAMES, TRACKER_SQL, create_table_sql, registry_columns
from .textutil import fold

_TABLES_SQL = """
CREATE TABLE IF NOT EXISTS batches (
    batch_id INTEGER PRIMARY KEY, added_at TEXT NOT NULL, inputs TEXT, documents INTEGER
);
""" + "\n".join(create_table_sql(t) for t in TABLE_NAMES) + """
CREATE TABLE IF NOT EXISTS texts (doc_key TEXT PRIMARY KEY, text TEXT);
CREATE TABLE IF NOT EXISTS fingerprints (doc_key TEXT PRIMARY KEY, minhash BLOB);
""" + COPY_BANDS_SQL + TRACKER_SQL + """
CREATE INDEX IF NOT EXISTS documents_source ON documents(source);
""" + "".join(f"CREATE INDEX IF NOT EXISTS {t}_doc ON {t}(doc_key);\n" for t in ROW_TABLES) + """
CREATE VIRTUAL TABLE IF NOT EXISTS search USING fts5(
    body, folded, tbl UNINDEXED, rid UNINDEXED, doc_key UNINDEXED, doc_id UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 0'
);
"""
SCHEMA_SQL = "PRAGMA journal_mode=WAL;\n" + _TABLES_SQL  # the reference: every table of the registry


_SET_VERSION = "PRAGMA user_version = " + str(int(SCHEMA_VERSION))  # a pragma takes no bound parameter


def _column_names(db: sqlite3.Connection, table: str) -> set[str]:
    return {r[1] for r in db.execute(f"PRAGMA table_info({table})")}


def _index(db: sqlite3.Connection, table: str, rid: int, row, doc_key: str, doc_id) -> None:
    """Put one row into the full-text index, as written and folded."""
    body = " | ".join(str(row[c] or "") for c in SEARCH_FIELDS[table])
    db.execute("INSERT INTO search(body, folded, tbl, rid, doc_key, doc_id) VALUES (?,?,?,?,?,?)",
               (body, fold(body), table, rid, doc_key, doc_id))


def _reindex(db: sqlite3.Connection) -> None:
    """Rebuild the full-text index from the rows (a registry from before the folded column)."""
    db.execute("DROP TABLE IF EXISTS search")
    db.executescript(_TABLES_SQL)
    for t in ROW_TABLES:
        cur = db.execute(f"SELECT * FROM {t}")
        cols = [d[0] for d in cur.description]
        for row in cur.fetchall():
            r = dict(zip(cols, row))
            _index(db, t, r["id"], r, r["doc_key"], r.get("doc_id"))


def migrate(db: sqlite3.Connection, path: Path | str = "registry") -> int:
    """Bring a registry to :data:`pipeline.schema.SCHEMA_VERSION`: create what is missing and
    add the columns the schema has gained (version 0, before versions were kept, lacked
    ``documents.pipeline``). A registry from a newer Praxis is refused. Returns the version
    the registry had."""
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise RegistryError(f"registry {path} has schema version {version}, newer than this Praxis "
                            f"knows ({SCHEMA_VERSION}); upgrade Praxis or use another --registry")
    db.executescript(_TABLES_SQL)
    for t in TABLE_NAMES:
        have = _column_names(db, t)
        for c in registry_columns(t):  # column definitions of the fixed schema
            if c.split()[0].strip('"') not in have:
                db.execute(f"ALTER TABLE {t} ADD COLUMN {c}")
    if "folded" not in _column_names(db, "search"):
        _reindex(db)  # version 2 and before: one column without Đ/đ folding
    if version < 4 and db.execute("SELECT 1 FROM fingerprints LIMIT 1").fetchone():
        from .copies import from_bytes, store_bands  # version 3 and before: the LSH index was built in memory

        for key, blob in db.execute("SELECT doc_key, minhash FROM fingerprints").fetchall():
            store_bands(db, key, from_bytes(blob))
    if version != SCHEMA_VERSION:
        db.execute(_SET_VERSION)
        if db.execute("SELECT 1 FROM figures LIMIT 1").fetchone():
            from .tracker import rebuild

            rebuild(db, full=True)  # an older registry: the tracker is built again from its figures
    return version


def praxis_version(path: str | Path) -> int:
    """The schema version of a Praxis registry at ``path``, read without changing the file;
    :class:`RegistryError` for a file that is not one (another program's database, not SQLite)."""
    path = Path(path)
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
        try:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            cols = {r[1] for r in db.execute("PRAGMA table_info(documents)")}
        finally:
            db.close()
    except sqlite3.DatabaseError as err:
        raise RegistryError(f"{path} is not a Praxis registry: {err}") from None
    if "doc_key" not in cols:
        raise RegistryError(f"{path} is not a Praxis registry (it has no documents table of Praxis); "
                            "give another --registry")
    if version > SCHEMA_VERSION:
        raise RegistryError(f"registry {path} has schema version {version}, newer than this Praxis "
                            f"knows ({SCHEMA_VERSION}); upgrade Praxis or use another --registry")
    return version


QUICK_CHECK_MAX_BYTES = 256_000_000  # quick_check reads the whole file: about 0.2 s for 32 MB


def _check_integrity(db: sqlite3.Connection, path: Path) -> None:
    """Refuse a damaged registry in one line (SQLite's quick_check), for files up to
    :data:`QUICK_CHECK_MAX_BYTES`; larger ones are not checked on every open."""
    try:
        if not path.exists() or path.stat().st_size > QUICK_CHECK_MAX_BYTES:
            return
        res = [r[0] for r in db.execute("PRAGMA quick_check(3)")]
    except sqlite3.DatabaseError as err:
        res = [str(err)]
    if res != ["ok"]:
        raise RegistryError(f"registry {path} is damaged ({'; '.join(res)[:200]}); restore it from a copy "
                            "or give another --registry")


def _has_tables(path: Path) -> bool:
    """Whether an SQLite file holds any table (or is no SQLite file at all)."""
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return db.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone() is not None
        finally:
            db.close()
    except sqlite3.DatabaseError:
        return True


class Registry:
    """A registry, opened for writing (``praxis extract``: created and migrated as needed) or,
    with ``readonly``, for reading only (search, audit, report, targets, serve): then the file
    must already be a Praxis registry and is never changed, except that one from an older
    Praxis is migrated first (it is ours)."""

    def __init__(self, path: str | Path, readonly: bool = False) -> None:
        self.path = Path(path)
        self.readonly = readonly
        if readonly:
            version = praxis_version(self.path)
            if version < SCHEMA_VERSION:
                Registry(self.path).close()  # bring an older Praxis registry forward first
        elif self.path.exists() and self.path.stat().st_size > 0:
            try:
                praxis_version(self.path)
            except RegistryError:
                if _has_tables(self.path):
                    raise  # another program's database: never add our tables to it
        try:
            if readonly:
                self.db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=30, isolation_level=None)
            else:
                self.db = sqlite3.connect(str(self.path), timeout=30, isolation_level=None)
                self.db.execute("PRAGMA journal_mode=WAL")
                # in WAL mode NORMAL never corrupts and a killed process loses no commit (the OS
                # holds what was written); only a power cut may lose the last documents, which
                # the next run extracts again. FULL cost an fsync per document.
                self.db.execute("PRAGMA synchronous=NORMAL")
                migrate(self.db, self.path)
            _check_integrity(self.db, self.path)
        except sqlite3.DatabaseError as err:
            raise RegistryError(f"cannot open registry {self.path}: {err}") from None
        self.db.row_factory = sqlite3.Row

    def close(self) -> None:
        self.db.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # ---- writing
    def start_batch(self, inputs: list[str]) -> int:
        cur = self.db.execute("INSERT INTO batches(added_at, inputs, documents) VALUES (?, ?, 0)",
                              (time.strftime("%Y-%m-%dT%H:%M:%S"), "\n".join(map(str, inputs))))
        return int(cur.lastrowid)

    def add_document(self, doc_key: str, tables: dict[str, list[dict]], batch_id: int | None = None,
                     text: str | None = None, pipeline: str | None = None, fingerprint: bytes | None = None) -> None:
        """Replace whatever the registry holds for this content or this source, in one
        transaction. ``text`` (the cleaned text) and ``pipeline`` (the fingerprint of the code
        and models) let later runs reuse these rows."""
        doc = tables["documents"][0]
        try:
            self.db.execute("BEGIN IMMEDIATE")
            old = [r[0] for r in self.db.execute(
                "SELECT doc_key FROM documents WHERE doc_key = ? OR (source = ? AND source != '')",
                (doc_key, doc.get("source", "")))]
            for k in old:
                self._delete(k)
            self.db.execute(
                "INSERT INTO documents(doc_key, doc_id, source, title, date, n_chars, n_words, status, error,"
                " duplicate_of, batch_id, added_at, pipeline, url) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (doc_key, doc.get("doc_id"), doc.get("source"), doc.get("title"), doc.get("date"),
                 doc.get("n_chars"), doc.get("n_words"), doc.get("status"), doc.get("error"),
                 doc.get("duplicate_of") or "", batch_id, time.strftime("%Y-%m-%dT%H:%M:%S"), pipeline, doc.get("url") or ""))
            if fingerprint is not None:
                from .copies import from_bytes, store_bands

                self.db.execute("INSERT OR REPLACE INTO fingerprints(doc_key, minhash) VALUES (?, ?)",
                                (doc_key, fingerprint))
                store_bands(self.db, doc_key, from_bytes(fingerprint))
            if text is not None:
                self.db.execute("INSERT OR REPLACE INTO texts(doc_key, text) VALUES (?, ?)", (doc_key, text))
            for t in ROW_TABLES:
                cols = [c for c in COLUMNS[t] if c != "doc_id"]
                sql = (f"INSERT INTO {t}(doc_key, doc_id, " + ", ".join(f'"{c}"' for c in cols)
                       + ") VALUES (?, ?, " + ", ".join("?" for _ in cols) + ")")
                for r in tables.get(t, []):
                    cur = self.db.execute(sql, [doc_key, r.get("doc_id", doc.get("doc_id"))] + [r.get(c) for c in cols])
                    _index(self.db, t, cur.lastrowid, r, doc_key, doc.get("doc_id"))
            if batch_id is not None:
                self.db.execute("UPDATE batches SET documents = documents + 1 WHERE batch_id = ?", (batch_id,))
            self.db.execute("COMMIT")
        except BaseException:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            raise

    def note_reused(self, doc_key: str, doc: dict, batch_id: int | None = None) -> None:
        """An unchanged input seen again: keep its rows, record where it was read from."""
        self.db.execute("UPDATE documents SET doc_id = ?, source = ? WHERE doc_key = ?",
                        (doc.get("doc_id"), doc.get("source"), doc_key))
        if batch_id is not None:
            self.db.execute("UPDATE batches SET documents = documents + 1 WHERE batch_id = ?", (batch_id,))

    def _delete(self, doc_key: str) -> None:
        for t in ROW_TABLES:
            self.db.execute(f"DELETE FROM {t} WHERE doc_key = ?", (doc_key,))
        self.db.execute("DELETE FROM search WHERE doc_key = ?", (doc_key,))
        self.db.execute("DELETE FROM texts WHERE doc_key = ?", (doc_key,))
        self.db.execute("DELETE FROM fingerprints WHERE doc_key = ?", (doc_key,))
        self.db.execute("DELETE FROM copy_bands WHERE doc_key = ?", (doc_key,))
        self.db.execute("DELETE FROM documents WHERE doc_key = ?", (doc_key,))

    def remove(self, names: list[str]) -> dict[str, list[str]]:
        """Remove the documents with these ``doc_id``s or sources, and everything they
        contributed (rows, search entries, the tracker's mentions and results); for each name,
        the doc_ids removed."""
        removed: dict[str, list[str]] = {n: [] for n in names}
        self.db.execute("BEGIN IMMEDIATE")
        try:
            for name in names:
                for key, doc_id in self.db.execute(
                        "SELECT doc_key, doc_id FROM documents WHERE doc_id = ? OR source = ?", (name, name)).fetchall():
                    self._delete(key)
                    removed[name].append(doc_id)
            self.db.execute("COMMIT")
        except BaseException:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            raise
        if any(removed.values()):
            self.rebuild_tracker()
        return removed

    def store_audit(self, rows: list[dict], columns: list[str]) -> None:
        """Keep the last audit's rows in the ``audit`` table (for Datasette's canned query)."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            self.db.execute("DROP TABLE IF EXISTS audit")
            self.db.execute("CREATE TABLE audit (" + ", ".join(f'"{c}" TEXT' for c in columns) + ")")
            self.db.executemany("INSERT INTO audit VALUES (" + ", ".join("?" for _ in columns) + ")",
                                [[str(r.get(c, "")) for c in columns] for r in rows])
            self.db.execute("COMMIT")
        except BaseException:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            raise

    def copies(self) -> set[str]:
        """The doc_keys of documents that copy an earlier one: their rows are never compared."""
        return {r[0] for r in self.db.execute("SELECT doc_key FROM documents WHERE duplicate_of != ''"
                                              " AND duplicate_of IS NOT NULL")}

    def rebuild_tracker(self) -> dict[str, int]:
        """Recompute the target tracker (:mod:`pipeline.tracker`) from the figures held now;
        the number of targets by status."""
        from .tracker import rebuild

        return rebuild(self.db)

    # ---- reading
    def counts(self) -> dict[str, int]:
        return {t: self.db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                for t in ["documents", *ROW_TABLES]}

    def rows(self, table: str) -> list[dict]:
        if table not in ["documents", *ROW_TABLES, "batches"]:
            raise RegistryError(f"no table {table}")
        return [dict(r) for r in self.db.execute(f"SELECT * FROM {table}")]



class ResultCache:
    """Rows of earlier runs, for incremental batches: an input whose bytes the registry
    already holds, extracted with the same code and models (``pipeline`` fingerprint) and
    without error, is read back from the registry instead of being processed again."""

    def __init__(self, registry: Registry, pipeline: str) -> None:
        self.reg = registry
        self.pipeline = pipeline
        self.hits = 0

    def lookup(self, path: str) -> str | None:
        key = hash_file(path)
        if key is None:
            return None
        row = self.reg.db.execute(
            "SELECT 1 FROM documents d JOIN texts t ON t.doc_key = d.doc_key"
            " WHERE d.doc_key = ? AND d.status = 'ok' AND d.pipeline = ?", (key, self.pipeline)).fetchone()
        return key if row else None

    def result(self, key: str, doc_id: str, source: str):
        """The stored rows of ``key`` as a result for ``doc_id`` read from ``source``."""
        db = self.reg.db
        doc = dict(db.execute("SELECT * FROM documents WHERE doc_key = ?", (key,)).fetchone())
        tables = {"documents": [{**{c: doc.get(c) for c in COLUMNS["documents"]},
                                 "doc_id": doc_id, "source": source}]}
        for t in ROW_TABLES:
            cols = ", ".join(f'"{c}"' for c in COLUMNS[t] if c != "doc_id")
            rows = db.execute(f"SELECT {cols} FROM {t} WHERE doc_key = ? ORDER BY id", (key,))
            tables[t] = [{"doc_id": doc_id, **dict(r)} for r in rows]
        text = db.execute("SELECT text FROM texts WHERE doc_key = ?", (key,)).fetchone()[0]
        self.hits += 1
        return DocResult(doc_id, tables, text, key, cached=True)
