"""Rule data: the vocabularies of the grammars, kept in ``pipeline/data/*.json`` and loaded
through one checked loader.

A rule file holds the vocabularies of one grammar (``obstacles.json`` for
:mod:`pipeline.extractors.obstacles`, ...)::

    {"about": "what the file is for",
     "vocabularies": {
        "strong_cues": {"about": "words that name a difficulty by themselves",
                        "entries": ["shortages?", "lack(?:s|ed|ing)?", ...]},
        ...}}

The grammar module declares, once, which vocabularies it reads and of which type
(:func:`declare`); the loader rejects a file with a vocabulary or key the declaration does not
know, an entry of the wrong shape, or a pattern that does not compile, with a message that
names the file, the vocabulary and the entry. Types:

* ``patterns``: regular-expression fragments (the ``regex`` module's syntax), tried in order;
* ``phrases``: literal phrases (matched with any run of spaces between words);
* ``words``: literal words (looked up, not searched);
* ``map``: an object of string keys to string values;
* ``records``: objects with the fields the declaration lists (``?`` marks an optional one;
  fields named in ``regex_fields`` must compile).

Users add entries of their own without editing code, in a JSON Lines file (or a JSON list)
given to a component's ``patterns`` setting or ``praxis extract --patterns FILE``; one object
per line names the vocabulary as ``grammar.vocabulary`` and one of ``pattern``, ``phrase``,
``word``, ``record``, or ``key`` with ``value``::

    {"vocabulary": "obstacles.strong_cues", "phrase": "power outages"}
    {"vocabulary": "officials.title_heads", "pattern": "Chief\\\\s+Inspector"}
    {"vocabulary": "levels.level_of_word", "key": "hamlet cluster", "value": "village"}

User entries come before the shipped ones of the same vocabulary, so that where both match
at the same place the user's wins. Loaded vocabularies are cached: each combination of files
is read and compiled once per process.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Mapping

import regex as re

from .errors import RuleError

TYPES = ("patterns", "phrases", "words", "map", "records")
# every grammar with a rule file (pipeline/data/<grammar>.json); each declares its vocabularies
# when its module is imported (pipeline.components imports them all)
GRAMMARS = ("levels", "text", "numbers", "orgs", "officials", "figures", "obstacles", "indicators", "metadata")
USER_KEYS = {"vocabulary", "pattern", "phrase", "word", "record", "key", "value", "about"}


@dataclass(frozen=True)
class Vocab:
    """The declared shape of one vocabulary."""

    type: str
    fields: tuple[str, ...] = ()  # records: field names, "name?" for optional ones
    regex_fields: tuple[str, ...] = ()  # records: fields that hold patterns

    def __post_init__(self) -> None:
        if self.type not in TYPES:
            raise ValueError(f"unknown vocabulary type {self.type!r}")


@dataclass
class Grammar:
    name: str
    spec: dict[str, Vocab] = field(default_factory=dict)


_DECLARED: dict[str, Grammar] = {}


def declare(grammar: str, spec: Mapping[str, Vocab]) -> None:
    """Declare the vocabularies a grammar reads (called once, where the grammar is written)."""
    _DECLARED[grammar] = Grammar(grammar, dict(spec))


def declared() -> dict[str, Grammar]:
    """Every grammar declared so far (importing :mod:`pipeline.components` declares all)."""
    return dict(_DECLARED)


# --------------------------------------------------------------------------- checking
def _where(source: str, vocab: str, i: int | None = None) -> str:
    return f"{source}: {vocab}" + (f"[{i}]" if i is not None else "")


def _check_pattern(p: Any, where: str, pending: list | None = None) -> str:
    """A pattern, checked to compile (now, or with the others of ``pending``)."""
    if not isinstance(p, str) or not p:
        raise RuleError(f"{where}: a pattern must be a non-empty string, not {p!r}")
    if pending is not None:
        pending.append((p, where))
        return p
    try:
        re.compile(p)
    except re.error as err:
        raise RuleError(f"{where}: pattern {p!r} does not compile: {err}") from None
    return p


def _compile_pending(pending: list[tuple[str, str]]) -> None:
    """Check many patterns with one compilation (each in its own group); when it fails, one
    by one, to name the entry that does not compile."""
    if not pending:
        return
    try:
        re.compile("|".join(f"(?:{p})" for p, _ in pending))
        return
    except re.error:
        pass
    for p, where in pending:  # (also when only the whole fails: a group name used twice)
        _check_pattern(p, where)


def _check_entries(vocab: Vocab, entries: Any, where: str, pending: list | None = None) -> Any:
    if vocab.type == "map":
        if not isinstance(entries, dict):
            raise RuleError(f"{where}: entries must be an object of strings")
        for k, v in entries.items():
            if not isinstance(v, str):
                raise RuleError(f"{where}: value of {k!r} must be a string, not {v!r}")
        return dict(entries)
    if not isinstance(entries, list):
        raise RuleError(f"{where}: entries must be a list")
    out = []
    for i, e in enumerate(entries):
        w = f"{where}[{i}]"
        if vocab.type == "patterns":
            out.append(_check_pattern(e, w, pending))
        elif vocab.type in ("phrases", "words"):
            if not isinstance(e, str) or not e.strip():
                raise RuleError(f"{w}: a {vocab.type[:-1]} must be a non-empty string, not {e!r}")
            out.append(e)
        else:  # records
            out.append(_check_record(vocab, e, w, pending))
    return out


def _check_record(vocab: Vocab, rec: Any, where: str, pending: list | None = None) -> dict:
    if not isinstance(rec, dict):
        raise RuleError(f"{where}: a record must be an object, not {rec!r}")
    names = {f.rstrip("?") for f in vocab.fields}
    unknown = set(rec) - names
    if unknown:
        raise RuleError(f"{where}: unknown field(s) {sorted(unknown)}; expected {sorted(names)}")
    for f in vocab.fields:
        if not f.endswith("?") and f not in rec:
            raise RuleError(f"{where}: missing field {f!r}")
    for f, v in rec.items():
        if v is not None and not isinstance(v, (str, int, float, bool)):
            raise RuleError(f"{where}: field {f!r} must be a string, a number or null")
    for f in vocab.regex_fields:
        if rec.get(f) is not None:
            _check_pattern(rec[f], f"{where}.{f}", pending)
    return {f.rstrip("?"): rec.get(f.rstrip("?")) for f in vocab.fields}


def _load_file_data(grammar: Grammar, data: Any, source: str, fast: bool = False,
                    compile_check: bool = True) -> dict[str, Any]:
    """Check a rule file's data; ``fast`` compiles its patterns together in one pass (one by
    one only when that fails), the same verdict for any pattern that compiles alone;
    ``compile_check=False`` checks everything but whether the patterns compile."""
    if not isinstance(data, dict):
        raise RuleError(f"{source}: a rule file is a JSON object with 'vocabularies'")
    unknown = set(data) - {"about", "vocabularies"}
    if unknown:
        raise RuleError(f"{source}: unknown key(s) {sorted(unknown)}; expected 'about' and 'vocabularies'")
    vocabs = data.get("vocabularies")
    if not isinstance(vocabs, dict):
        raise RuleError(f"{source}: 'vocabularies' must be an object")
    out: dict[str, Any] = {}
    pending: list | None = [] if fast else None
    for name, body in vocabs.items():
        if name not in grammar.spec:
            raise RuleError(f"{source}: unknown vocabulary {name!r} for grammar {grammar.name!r}; "
                            f"known: {', '.join(sorted(grammar.spec))}")
        if not isinstance(body, dict) or "entries" not in body:
            raise RuleError(f"{_where(source, name)}: a vocabulary is an object with 'entries'")
        extra = set(body) - {"about", "entries"}
        if extra:
            raise RuleError(f"{_where(source, name)}: unknown key(s) {sorted(extra)}; expected 'about' and 'entries'")
        out[name] = _check_entries(grammar.spec[name], body["entries"], _where(source, name), pending)
    missing = set(grammar.spec) - set(out)
    if missing:
        raise RuleError(f"{source}: missing vocabularies {sorted(missing)}")
    if compile_check:
        _compile_pending(pending or [])
    return out


def read_rule_file(grammar: str, text: str, source: str, fast: bool = False,
                   compile_check: bool = True) -> dict[str, Any]:
    """Parse and check the text of a grammar's rule file."""
    g = _DECLARED.get(grammar)
    if g is None:
        raise RuleError(f"{source}: no grammar {grammar!r} is declared")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise RuleError(f"{source}: not valid JSON: {err}") from None
    return _load_file_data(g, data, source, fast or not compile_check, compile_check)


# --------------------------------------------------------------------------- user files
def read_user_file(path: str | Path) -> list[dict]:
    """The entries of a user's pattern file (JSON Lines, or a JSON list), checked."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")  # a byte-order mark is not part of the first entry
    except (OSError, UnicodeDecodeError) as err:
        raise RuleError(f"{p}: cannot read pattern file: {err}") from None
    items: list[tuple[str, Any]] = []
    stripped = text.lstrip()
    if stripped.startswith("["):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as err:
            raise RuleError(f"{p}: not valid JSON: {err}") from None
        items = [(f"{p}[{i}]", d) for i, d in enumerate(data)]
    else:
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip() or line.lstrip().startswith("//"):
                continue
            try:
                items.append((f"{p}:{n}", json.loads(line)))
            except json.JSONDecodeError as err:
                raise RuleError(f"{p}:{n}: not valid JSON: {err}") from None
    return [_check_user_entry(d, where) for where, d in items]


def _check_user_entry(d: Any, where: str) -> dict:
    """One entry of a user's file: checked whole when its grammar is declared; else (its
    module not imported yet) its shape now and the rest when the grammar loads it."""
    if not isinstance(d, dict):
        raise RuleError(f"{where}: each entry is a JSON object")
    unknown = set(d) - USER_KEYS
    if unknown:
        raise RuleError(f"{where}: unknown key(s) {sorted(unknown)}; expected 'vocabulary' and one of "
                        "'pattern', 'phrase', 'word', 'record', 'key'/'value'")
    name = d.get("vocabulary")
    if not isinstance(name, str) or "." not in name:
        raise RuleError(f"{where}: 'vocabulary' must name grammar.vocabulary, e.g. 'obstacles.strong_cues'")
    gname, vname = name.split(".", 1)
    g = _DECLARED.get(gname)
    if g is None:
        if gname not in GRAMMARS:
            raise RuleError(f"{where}: unknown grammar {gname!r}; known: {', '.join(GRAMMARS)}")
        return {"grammar": gname, "vocabulary": vname, "raw": d, "where": where}
    return _check_declared_entry(g, gname, vname, d, where)


def _check_declared_entry(g: Grammar, gname: str, vname: str, d: dict, where: str) -> dict:
    vocab = g.spec.get(vname)
    if vocab is None:
        raise RuleError(f"{where}: grammar {gname!r} has no vocabulary {vname!r}; known: {', '.join(sorted(g.spec))}")
    given = [k for k in ("pattern", "phrase", "word", "record", "key") if k in d]
    if len(given) != 1:
        raise RuleError(f"{where}: give exactly one of 'pattern', 'phrase', 'word', 'record', 'key'")
    k = given[0]
    allowed = {"patterns": {"pattern", "phrase"}, "phrases": {"phrase"}, "words": {"word", "phrase"},
               "map": {"key"}, "records": {"record"}}[vocab.type]
    if k not in allowed:
        raise RuleError(f"{where}: {gname}.{vname} is a {vocab.type} vocabulary; give {' or '.join(sorted(allowed))}")
    if k == "pattern":
        entry: Any = _check_pattern(d[k], where)
    elif k == "phrase":
        if not isinstance(d[k], str) or not d[k].strip():
            raise RuleError(f"{where}: a phrase must be a non-empty string")
        entry = phrase_pattern(d[k]) if vocab.type == "patterns" else d[k]
    elif k == "word":
        if not isinstance(d[k], str) or not d[k].strip():
            raise RuleError(f"{where}: a word must be a non-empty string")
        entry = d[k]
    elif k == "record":
        entry = _check_record(vocab, d[k], where)
    else:
        if not isinstance(d.get("key"), str) or not isinstance(d.get("value"), str):
            raise RuleError(f"{where}: 'key' and 'value' must both be strings")
        entry = (d["key"], d["value"])
    return {"grammar": gname, "vocabulary": vname, "entry": entry}


# --------------------------------------------------------------------------- loading
@cache
def _shipped_text(grammar: str) -> str:
    return resources.files("pipeline").joinpath("data", f"{grammar}.json").read_text(encoding="utf-8")


@cache
def _shipped(grammar: str) -> dict[str, Any]:
    """The shipped file, its structure checked; its patterns are not compiled here only to be
    checked (a third of the start-up): the grammars compile them as they build their rules,
    and :func:`check_all` (run by the tests) compiles each one on its own."""
    return read_rule_file(grammar, _shipped_text(grammar), f"pipeline/data/{grammar}.json", compile_check=False)


@lru_cache(maxsize=64)
def _user_entries(paths: tuple[str, ...]) -> tuple[dict, ...]:
    return tuple(e for p in paths for e in read_user_file(p))


def load(grammar: str, patterns: Iterable[str | Path] = ()) -> dict[str, Any]:
    """The vocabularies of ``grammar``: the shipped file's, with the entries of the user's
    pattern files for this grammar put first. The result must not be modified."""
    paths = tuple(str(p) for p in patterns)
    base = _shipped(grammar)
    if not paths:
        return base
    g = _DECLARED[grammar]
    mine = [_check_declared_entry(g, grammar, e["vocabulary"], e["raw"], e["where"]) if "raw" in e else e
            for e in _user_entries(paths) if e["grammar"] == grammar]
    if not mine:
        return base
    out = {k: (dict(v) if isinstance(v, dict) else list(v)) for k, v in base.items()}
    for name in out:
        added = [e["entry"] for e in mine if e["vocabulary"] == name]
        if not added:
            continue
        if isinstance(out[name], dict):
            out[name] = {**out[name], **dict(added)}  # the user's value wins
        else:
            out[name] = added + out[name]
    return out


def phrase_pattern(phrase: str) -> str:
    """A literal phrase as a pattern: escaped, any run of spaces between its words."""
    return r"\s+".join(re.escape(w) for w in phrase.split())


def alternation(entries: Iterable[str]) -> str:
    """``(?:a|b|c)`` of pattern fragments, in their order; ``(?!)`` (matches nothing) for none."""
    items = list(entries)
    if not items:
        return "(?!)"  # not "(?:)", which matches the empty string everywhere
    return "(?:" + "|".join(items) + ")"


def phrases_alternation(entries: Iterable[str], longest_first: bool = True) -> str:
    """``(?:...)`` of literal phrases, longest first so a longer phrase wins at one place."""
    items = list(entries)
    if longest_first:
        items = sorted(items, key=len, reverse=True)
    return alternation(phrase_pattern(p) for p in items)


# --------------------------------------------------------------------------- provenance
def data_files() -> list[Path]:
    """The shipped rule and lexicon files."""
    root = Path(str(resources.files("pipeline").joinpath("data")))
    return sorted(p for p in root.iterdir() if p.is_file() and p.suffix in {".json", ".jsonl", ".txt"})


# rule files no model reads or is trained on: editing them never makes the models stale
_NOT_MODEL_INPUTS = {"indicators.json"}


def data_hash() -> str:
    """sha256 (16 hex digits) of every shipped rule and lexicon file the extractors (and so
    the models) read: what a model was trained with is recorded as this, and compared at run
    time."""
    h = hashlib.sha256()
    for p in data_files():
        if p.name in _NOT_MODEL_INPUTS:
            continue
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def check_all() -> dict[str, int]:
    """Load and check every shipped rule file, each pattern on its own; {grammar: number of
    vocabularies}."""
    return {g: len(read_rule_file(g, _shipped_text(g), f"pipeline/data/{g}.json")) for g in declared()}
