"""Fuzzy matching of printed labels against the form's labels.

A printed label is folded to a *key*: simplified characters, no whitespace, no
enumerator (``一、`` ``（一）`` ``1.`` ``其中：``), no trailing note in brackets (closed or
cut off by a line wrap), no punctuation. Keys are compared exactly, by prefix (a label
wrapped over two lines, or a trailing ``数``), or by similarity (a dropped or swapped
character) — the caller decides which rows are plausible at this point of the form.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache

from .normalize import fold

_ENUM = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.,]|\([一二三四五六七八九十\d]+\)|\d+[、.,](?!\d)|其中[:,]?)"
)
_SPLIT = re.compile(
    r"(?<=[\u4e00-\u9fff)》”\s])(?=[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|\d+[.、][\u4e00-\u9fff])"
)
_PUNCT = re.compile(r"[、,，。.:：;；“”\"'‘’《》<>〈〉·・/／\\\-—–_()\[\]【】{}|!?！？~～=+*#%]")


def pieces(text: str) -> list[tuple[int, str]]:
    """Split a text token at enumerators: ``(三)不予公开1.属于国家秘密`` → two pieces.

    Returns ``(offset in text, piece)`` pairs.
    """
    compact = text
    cuts = [0] + [m.start() for m in _SPLIT.finditer(compact)] + [len(compact)]
    return [(a, compact[a:b]) for a, b in zip(cuts, cuts[1:], strict=False) if compact[a:b].strip()]


def enumerator(text: str) -> str | None:
    """The enumerator that opens ``text`` (folded), if any."""
    m = _ENUM.match(fold(text))
    return m.group(0).rstrip("、.,:") if m else None


@lru_cache(maxsize=4096)
def key(text: str) -> str:
    """The comparison key of a label."""
    s = fold(text)
    s = _ENUM.sub("", s, count=1)
    # drop a trailing note: "(...)" closed at the end, or an unclosed "(" cut by a wrap
    while True:
        opened = s.rfind("(")
        if opened <= 0:
            break
        closed = s.find(")", opened)
        if closed != -1 and closed != len(s) - 1:
            break
        s = s[:opened]
    return _PUNCT.sub("", s)


@lru_cache(maxsize=4096)
def anchor_key(text: str) -> str:
    """Key for block anchors: punctuation, brackets and ``第`` removed (``第二十条(一)项``)."""
    return _PUNCT.sub("", fold(text)).replace("第", "")


def similarity(a: str, b: str, floor: float = 0.0) -> float:
    """Ratcliff/Obershelp similarity; 0 when a cheap upper bound is already below ``floor``."""
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < floor or matcher.quick_ratio() < floor:
        return 0.0
    return matcher.ratio()


@lru_cache(maxsize=65536)
def match_kind(piece_key: str, label_key: str) -> str | None:
    """How a printed key matches a form key: ``exact``, ``prefix``, ``fuzzy`` or None."""
    if not piece_key or not label_key:
        return None
    if piece_key == label_key:
        return "exact"
    if piece_key.startswith(label_key) and len(piece_key) - len(label_key) <= 2 and len(label_key) >= 4:
        return "prefix"  # trailing 数 or similar
    if label_key.startswith(piece_key) and len(piece_key) >= max(5, 0.6 * len(label_key)):
        return "prefix"  # label wrapped onto the next line
    if min(len(piece_key), len(label_key)) >= 4 and abs(len(piece_key) - len(label_key)) <= 4:
        if similarity(piece_key, label_key, 0.8) >= 0.8:
            return "fuzzy"
    return None
