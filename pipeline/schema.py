"""The output schema, in one place: the five tables of ``../shared/SCHEMA.md``, their columns
and types, and what the registry and its search add.

Everything that names a column is derived from :data:`TABLES`: the CSV headers and Parquet
dtypes (:mod:`pipeline.tables`), the DataFrames of the Python API, the registry's
``CREATE TABLE`` statements and its migration (:mod:`pipeline.registry`), the fields of the
full-text index and what ``praxis search`` shows (:mod:`pipeline.search`). Adding a column
is one line here (and the code that fills it).

Types: ``text`` (str; "" when empty), ``real`` (float64; NaN when empty), ``int`` (nullable
Int64). ``search``: the column's text goes into the registry's full-text index (``search``
table), in the order the columns are listed. ``show``: the column's place in the one-line
display of a search hit (1 first; 0 = not shown).
"""
from __future__ import annotations

from dataclasses import dataclass

SCHEMA_VERSION = 5  # the registry's PRAGMA user_version; raise it when the registry changes


@dataclass(frozen=True)
class Column:
    name: str
    type: str = "text"  # text | real | int
    doc: str = ""
    search: bool = False
    show: int = 0


def _c(name: str, type: str = "text", doc: str = "", search: bool = False, show: int = 0) -> Column:
    return Column(name, type, doc, search, show)


TABLES: dict[str, tuple[Column, ...]] = {
    "documents": (
        _c("doc_id", doc="file name (unique within a batch)"),
        _c("source", doc="path the document was read from"),
        _c("title", doc="the document's headline (page metadata, <h1>, the PDF's info or largest type, a text's first line); empty rather than a menu line"),
        _c("date", doc="publication date, ISO 8601 (page metadata, else a dateline in the first lines of the text)"),
        _c("n_chars", "int", "characters of the cleaned text"),
        _c("n_words", "int", "words of the cleaned text (no punctuation or spaces)"),
        _c("status", doc="ok | error"),
        _c("error", doc="one-line reason when status is error"),
        _c("duplicate_of", doc="doc_id of the earlier copy of the same report (another format, fetched twice), else empty"),
        _c("url", doc="the page's address (an HTML page's canonical link or og:url; a text's 'Source: URL' line), else empty"),
    ),
    "organizations": (
        _c("doc_id"),
        _c("name", doc="the fullest form written", search=True),
        _c("canonical", doc="level-qualified name", search=True, show=1),
        _c("org_type", doc="party_committee | party_cell | peoples_committee | ...", search=True, show=2),
        _c("level", doc="central | province | district | commune | village", show=3),
        _c("place", search=True),
        _c("mentions", "int", show=4),
    ),
    "officials": (
        _c("doc_id"),
        _c("name", search=True, show=1),
        _c("honorific"),
        _c("titles", doc="every title, joined with '; '", search=True, show=2),
        _c("organization", search=True, show=3),
        _c("place", search=True, show=4),
        _c("sentence", search=True),
        _c("start", "int"), _c("end", "int"),
    ),
    "figures": (
        _c("doc_id"),
        _c("text", doc="the figure as written", search=True, show=1),
        _c("value", "real", show=3),
        _c("value_high", "real", "upper end of a range"),
        _c("total", "real", "the whole of a fraction"),
        _c("unit", search=True, show=4),
        _c("unit_class", doc="money | percent | count | area | ..."),
        _c("currency"),
        _c("comparator", doc="gt | ge | lt | le | approx | range"),
        _c("kind", doc="target | result | statistic", search=True, show=2),
        _c("metric", doc="what the figure measures", search=True, show=5),
        _c("period", doc="the time it refers to", search=True, show=7),
        _c("organization", search=True, show=6),
        _c("sentence", search=True),
        _c("start", "int"), _c("end", "int"),
        _c("indicator", doc="the indicator the metric maps to (pipeline/data/indicators.json), else empty",
           search=True),
    ),
    "obstacles": (
        _c("doc_id"),
        _c("text", search=True, show=1),
        _c("category", doc="land | finance | investment | procedures | ...", search=True, show=2),
        _c("organization", search=True, show=3),
        _c("requested_action", search=True, show=4),
        _c("sentence", search=True),
        _c("start", "int"), _c("end", "int"),
    ),
}

TABLE_NAMES: list[str] = list(TABLES)
ROW_TABLES: list[str] = [t for t in TABLES if t != "documents"]
COLUMNS: dict[str, list[str]] = {t: [c.name for c in cols] for t, cols in TABLES.items()}
TYPES: dict[str, dict[str, str]] = {t: {c.name: c.type for c in cols} for t, cols in TABLES.items()}
SEARCH_FIELDS: dict[str, list[str]] = {t: [c.name for c in TABLES[t] if c.search] for t in ROW_TABLES}
DISPLAY: dict[str, list[str]] = {t: [c.name for c in sorted((c for c in TABLES[t] if c.show), key=lambda c: c.show)]
                                 for t in ROW_TABLES}

# the copy finder's LSH index (pipeline.copies): each fingerprint's band keys
COPY_BANDS_SQL = """
CREATE TABLE IF NOT EXISTS copy_bands (band_key INTEGER NOT NULL, doc_key TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS copy_bands_key ON copy_bands(band_key);
CREATE INDEX IF NOT EXISTS copy_bands_doc ON copy_bands(doc_key);
"""

# the target tracker (pipeline.tracker): its tables, and what lets it build again only the
# blocks (one body, unit class, currency and kind of amount) whose figures changed since its
# last rebuild: the block of every target and result figure (``tracker_rows``; ``block`` a
# 64-bit hash of the block), figures added since (``tracker_pending``, by trigger), blocks that
# lost a figure (``tracker_dirty``, by trigger), the block of every target
# (``tracker_target_blocks``) and the code the tracker was built with (``tracker_state``)
TRACKER_SQL = """
CREATE TABLE IF NOT EXISTS targets (
    target_id TEXT PRIMARY KEY, organization TEXT, body TEXT, indicator TEXT, metric TEXT, period TEXT,
    period_start INTEGER, period_end INTEGER, value REAL, value_high REAL, unit TEXT, unit_class TEXT,
    currency TEXT, comparator TEXT, direction TEXT, status TEXT, share REAL, confidence REAL,
    latest_result REAL, latest_result_doc TEXT, latest_result_period TEXT, n_mentions INTEGER,
    n_results INTEGER, doc_ids TEXT, evidence TEXT
);
CREATE TABLE IF NOT EXISTS target_mentions (
    target_id TEXT NOT NULL, figure_id INTEGER NOT NULL, doc_key TEXT, doc_id TEXT
);
CREATE TABLE IF NOT EXISTS target_results (
    target_id TEXT NOT NULL, figure_id INTEGER NOT NULL, doc_key TEXT, doc_id TEXT, value REAL,
    period TEXT, final INTEGER, meets INTEGER, confidence REAL
);
CREATE INDEX IF NOT EXISTS target_mentions_target ON target_mentions(target_id);
CREATE INDEX IF NOT EXISTS target_results_target ON target_results(target_id);
CREATE TABLE IF NOT EXISTS tracker_rows (fid INTEGER PRIMARY KEY, block INTEGER NOT NULL, role INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS tracker_rows_block ON tracker_rows(block, role, fid);
CREATE TABLE IF NOT EXISTS tracker_pending (fid INTEGER PRIMARY KEY);
CREATE TABLE IF NOT EXISTS tracker_dirty (block INTEGER PRIMARY KEY);
CREATE TABLE IF NOT EXISTS tracker_target_blocks (target_id TEXT PRIMARY KEY, block INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS tracker_target_blocks_block ON tracker_target_blocks(block);
CREATE TABLE IF NOT EXISTS tracker_state (key TEXT PRIMARY KEY, value TEXT);
CREATE TRIGGER IF NOT EXISTS tracker_figure_added AFTER INSERT ON figures
WHEN NEW.kind IN ('target', 'result') BEGIN
    INSERT OR IGNORE INTO tracker_pending(fid) VALUES (NEW.id);
END;
CREATE TRIGGER IF NOT EXISTS tracker_figure_removed AFTER DELETE ON figures
WHEN OLD.kind IN ('target', 'result') BEGIN
    INSERT OR IGNORE INTO tracker_dirty(block) SELECT block FROM tracker_rows WHERE fid = OLD.id;
    DELETE FROM tracker_rows WHERE fid = OLD.id;
    DELETE FROM tracker_pending WHERE fid = OLD.id;
END;
"""

PANDAS_DTYPES = {"real": "float64", "int": "Int64"}
_SQL_TYPES = {"text": "TEXT", "real": "REAL", "int": "INTEGER"}


def sql_column(c: Column) -> str:
    return f'"{c.name}" {_SQL_TYPES[c.type]}'


def registry_columns(table: str) -> list[str]:
    """The registry's column definitions of a table: its key, the schema's columns, and what
    the registry keeps beside them."""
    cols = [sql_column(c) for c in TABLES[table]]
    if table == "documents":
        return ["doc_key TEXT PRIMARY KEY", *cols, "batch_id INTEGER", "added_at TEXT", "pipeline TEXT"]
    return ["id INTEGER PRIMARY KEY", "doc_key TEXT NOT NULL", *cols]


def create_table_sql(table: str) -> str:
    return f"CREATE TABLE IF NOT EXISTS {table} (\n    " + ",\n    ".join(registry_columns(table)) + "\n);"
