"""Small text helpers shared by the extractors: folding, sentences, paragraphs, lexicons.

The word lists are data: ``pipeline/data/text.json`` (English words that are no part of a
name, abbreviations), ``gazetteer.json`` (provinces and centrally-run cities) and
``surnames.txt``.
"""
from __future__ import annotations

import json
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from typing import Callable

import regex as re

from . import vocab

# words after whose full stop a sentence goes on ("Mr.", "No."): pipeline/data/text.json
_ABBREV = frozenset(vocab.text_words()["abbreviations"])
_SENT_END = re.compile(r"(?<![.!?…])[.!?…]++[\"”')\]]*+(?=\s+[\"“(\[]?[\p{Lu}\d])")


def fold(text: str) -> str:
    """Lower case, no diacritics, đ -> d, single spaces."""
    text = str(text or "")
    if text.isascii():
        return " ".join(text.split()).lower()
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("đ", "d").replace("Đ", "D")
    return " ".join(text.split()).lower()


@lru_cache(maxsize=16)
def _line_matches(rx: re.Pattern, text: str) -> tuple[list[int], list[re.Match]]:
    ms = list(rx.finditer(text))
    return [m.end() for m in ms], ms


def last_line_match(rx: re.Pattern, text: str, pos: int,
                    accept: Callable[[re.Match], bool] = bool) -> re.Match | None:
    """The last match of ``rx`` in ``text`` before ``pos`` that ``accept`` takes, exactly as
    the last of ``rx.finditer(text, 0, pos)`` would be, for a pattern of whole lines (``^...$``
    with MULTILINE, nothing that crosses a line end). The matches of the whole text are found
    once per text and looked up by position, so a document's figures cost one scan, not one
    scan each; the line ``pos`` stands in is matched up to ``pos``, as the scan would see it."""
    ls = text.rfind("\n", 0, pos) + 1
    if ls < pos:
        m = rx.match(text, ls, pos)
        if m and accept(m):
            return m
    ends, ms = _line_matches(rx, text)
    for i in range(bisect_right(ends, pos) - 1, -1, -1):
        if accept(ms[i]):
            return ms[i]
    return None


def printable(name: str) -> str:
    """A file name or path as text that can be written anywhere: bytes that are not UTF-8
    (kept by Python as surrogate escapes) become U+FFFD."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


class _SameLengthFold(dict):
    """``str.translate`` table for :func:`fold_same_length`, filled as characters are met."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        if code < 128:
            out = ch.lower()
        elif ch in "đĐ":
            out = "d"
        else:
            base = unicodedata.normalize("NFD", ch)[0].lower()
            out = base if len(base) == 1 else ch
        self[code] = out
        return out


_SAME_LENGTH_FOLD = _SameLengthFold()


def fold_same_length(text: str) -> str:
    """Lower case without diacritics, one character for one: offsets stay valid."""
    return text.lower() if text.isascii() else text.translate(_SAME_LENGTH_FOLD)


@dataclass
class Segmented:
    """Sentence and paragraph spans of one cleaned text (character offsets)."""

    text: str
    sentences: list[tuple[int, int]] = field(default_factory=list)
    paragraphs: list[tuple[int, int]] = field(default_factory=list)
    _sent_starts: list[int] = field(default_factory=list, repr=False)
    _para_starts: list[int] = field(default_factory=list, repr=False)

    def sentence_of(self, pos: int) -> tuple[int, int]:
        i = max(0, bisect_right(self._sent_starts, pos) - 1)
        return self.sentences[i] if self.sentences else (0, len(self.text))

    def sentence_index(self, pos: int) -> int:
        return max(0, bisect_right(self._sent_starts, pos) - 1)

    def paragraph_of(self, pos: int) -> tuple[int, int]:
        i = max(0, bisect_right(self._para_starts, pos) - 1)
        return self.paragraphs[i] if self.paragraphs else (0, len(self.text))

    def paragraph_index(self, pos: int) -> int:
        return max(0, bisect_right(self._para_starts, pos) - 1)

    def sentence_text(self, pos: int) -> str:
        s, e = self.sentence_of(pos)
        return self.text[s:e]


# the word before a sentence end (letters and dots: "Mr", "U.S"), and a single letter (an initial)
_WORD_BEFORE_END = re.compile(r"([\p{L}.]+)[.!?…]*[\"”')\]]*$")
_LETTER = re.compile(r"\p{L}")


def segment(text: str) -> Segmented:
    """Paragraphs are lines; sentences end at . ! ? before a capital or digit, except after
    abbreviations (Mr., No., Dr. ...) and initials."""
    seg = Segmented(text)
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if not line.strip():
            continue
        lead = len(line) - len(line.lstrip())
        seg.paragraphs.append((start + lead, end))
        s = start + lead
        for m in _SENT_END.finditer(text, start + lead, end):
            word = _WORD_BEFORE_END.search(text[max(s, m.start() - 12):m.end()])
            w = word.group(1).lower().rstrip(".") if word else ""
            if m.group(0).startswith(".") and (w in _ABBREV or _LETTER.fullmatch(w)):
                continue
            e = m.end()
            if e > s:
                seg.sentences.append((s, e))
            s = e
            while s < end and text[s] == " ":
                s += 1
        if s < end:
            seg.sentences.append((s, end))
    seg.sentences = [piece for span in seg.sentences for piece in _split_long(text, *span)]
    seg._sent_starts = [a for a, _ in seg.sentences]
    seg._para_starts = [a for a, _ in seg.paragraphs]
    return seg


MAX_SENTENCE = 1500


def _split_long(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """A 'sentence' longer than MAX_SENTENCE characters (a table or list flattened into one
    line) is cut at semicolons or commas, so that no pass over a sentence grows with the
    square of a document's length."""
    out = []
    while e - s > MAX_SENTENCE:
        cut = max(text.rfind("; ", s, s + MAX_SENTENCE), text.rfind(", ", s, s + MAX_SENTENCE))
        if cut <= s:
            cut = text.rfind(" ", s, s + MAX_SENTENCE)
        if cut <= s:
            cut = s + MAX_SENTENCE - 1
        out.append((s, cut + 1))
        s = cut + 1
        while s < e and text[s] == " ":
            s += 1
    out.append((s, e))
    return out


# --------------------------------------------------------------------------- lexicons
@cache
def _data_text(name: str) -> str:
    return resources.files("pipeline").joinpath("data", name).read_text(encoding="utf-8")


@cache
def gazetteer() -> dict[str, tuple[str, str]]:
    """Folded name -> (display name, level) for provinces and centrally-run cities."""
    data = json.loads(_data_text("gazetteer.json"))
    out: dict[str, tuple[str, str]] = {}
    for name in data["provinces"]:
        out[fold(name)] = (name, "province")
    for name in data["cities"]:
        out[fold(name)] = (data.get("aliases", {}).get(name, name), "city")
    for name in list(out):
        spaced = re.sub(r"\s*-\s*", " - ", name)
        out.setdefault(spaced, out[name])
    return out


@cache
def surnames() -> frozenset[str]:
    return frozenset(ln.strip() for ln in _data_text("surnames.txt").splitlines()
                     if ln.strip() and not ln.startswith("#"))


VI_SYLLABLE = re.compile(
    r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?"
    r"(?:[aeiouy]{1,3})(?:ch|ng|nh|[cmnpt])?$")

# capitalised English words that are no part of a Vietnamese name: pipeline/data/text.json
ENGLISH_CAPS = frozenset(vocab.text_words()["english_words"])


def looks_vietnamese_syllable(token: str) -> bool:
    """A capitalised token that could be part of a Vietnamese name or place name."""
    f = fold(token).replace("'", "")
    if not f or f in ENGLISH_CAPS:
        return False
    return bool(VI_SYLLABLE.match(f)) or (len(f) <= 5 and f.isalpha())
