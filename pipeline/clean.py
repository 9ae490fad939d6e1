"""Cleaning raw report text into the text every offset refers to.

What real report pages contain, and what is done with it:

* non-breaking and odd spaces, zero-width characters -> plain spaces / removed; control
  characters and lone surrogates -> spaces;
* curly apostrophes -> ``'`` (``People’s`` -> ``People's``);
* ``.,This`` joins left by scrapers -> ``. This``; doubled punctuation (``..``, ``,,``,
  ``. .``) -> one mark, an ellipsis ``...`` kept;
* missing spaces: ``end.Next`` -> ``end. Next``; ``a,b`` -> ``a, b`` (not inside numbers);
  a reporting verb glued to the word before it (``Investmentsaid``) -> ``Investment said``;
* site boilerplate lines (``Comment (0)``, ``Source: ...``, share and compare widgets,
  ``Tags:``, ``Read more``), photo-credit lines (``Photo: VNA``) -> dropped;
* lines written in Vietnamese inside an English report -> dropped;
* runs of spaces collapsed, blank lines kept as paragraph breaks.
"""
from __future__ import annotations

import unicodedata

import regex as re

_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000\t]+")
_ZERO_WIDTH = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")  # not \t \n \r
_JOIN = re.compile(r"([.!?;])\s*,\s*(?=[\"“]?\p{Lu})")
_DOUBLE = re.compile(r"(?<!\.)\.\s*\.(?!\.)|,\s*,|;\s*;|:\s*:")
_MISSING_AFTER_STOP = re.compile(r"(?<=\p{Ll}{2})\.(?=\p{Lu}\p{Ll})")
_MISSING_AFTER_COMMA = re.compile(r"(?<=\p{L}),(?=\p{L})")
_SPACE_BEFORE_PUNCT = re.compile(r"(?<=\S) +([,.;:!?])(?=\s|$)")
_GLUED_VERB = re.compile(
    r"(?<=\b\p{Lu}\p{Ll}{2,})(said|says|stated|stressed|emphasized|emphasised|affirmed|"
    r"noted|shared|added|asserted|highlighted)\b")
_BOILERPLATE = re.compile(
    r"^\s*(?:comments?\s*\(\d+\)|comment|source|sources?\s*:.*|nguồn\s*:.*|share|print|"
    r"email|facebook|twitter|zalo|like|reply|tags?\s*:.*|keywords?\s*:.*|related(?:\s+\w+)?\s*:?|"
    r"read more.*|see more.*|back to top|copyright.*|©.*|all rights reserved.*|"
    r"(?:before|after)\s*/\s*(?:before|after)|drag to compare.*|compare|contrast|"
    r"follow us.*|subscribe.*|advertisement|sponsored|listen to (?:this )?article.*|"
    r"font size.*|\(?photo\s*(?:by)?\s*:[^.]{0,60}\)?\.?|\(?(?:photo|ảnh)\s*:\s*[^\n]{0,60}\)?|"
    r"https?://\S+|www\.\S+|\d+\s*(?:views?|likes?|shares?))\s*$",
    re.IGNORECASE,
)
_VI_FUNCTION = re.compile(
    r"\b(?:của|và|các|được|trong|những|là|với|cho|có|này|đã|không|một|người|tại|theo|"
    r"năm|đến|để|về|khi|đồng chí|tỉnh|huyện|xã)\b", re.IGNORECASE)
_VI_LETTERS = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợ"
                         r"ùúủũụừứửữựỳýỷỹỵ]")


def is_vietnamese_line(line: str) -> bool:
    """A line written in Vietnamese (not an English line holding Vietnamese names)."""
    letters = sum(ch.isalpha() for ch in line)
    if letters < 12:
        return False
    vi = len(_VI_LETTERS.findall(line))
    func = len(_VI_FUNCTION.findall(line))
    return vi / letters > 0.12 and func >= 2


def clean_text(raw: str) -> str:
    """Clean a raw report text; see the module docstring for each step."""
    text = unicodedata.normalize("NFC", raw)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ZERO_WIDTH.sub("", text)
    text = _CONTROL.sub(" ", text)
    text = _SPACES.sub(" ", text)
    text = text.replace("’", "'").replace("‘", "'").replace("`", "'")
    lines = []
    for line in text.split("\n"):
        s = line.strip()
        if not s:
            lines.append("")
            continue
        if _BOILERPLATE.match(s) or is_vietnamese_line(s):
            continue
        lines.append(_clean_line(s))
    out = "\n".join(lines)
    out = re.sub(r"\n{3,}", "\n\n", out).strip("\n")
    return out + "\n" if out else ""


_MULTI_SPACE = re.compile(r" {2,}")


def _clean_line(s: str) -> str:
    s = _JOIN.sub(r"\1 ", s)
    for _ in range(2):
        s = _DOUBLE.sub(lambda m: m.group(0)[0], s)
    s = _MISSING_AFTER_STOP.sub(". ", s)
    s = _MISSING_AFTER_COMMA.sub(", ", s)
    s = _GLUED_VERB.sub(r" \1", s)
    s = _SPACE_BEFORE_PUNCT.sub(r"\1", s)
    s = _MULTI_SPACE.sub(" ", s)
    return s.strip()
