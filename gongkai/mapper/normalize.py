"""Length-preserving text normalisation.

Every character maps to exactly one character, so a span in the normalised text is
the same span in the decoded source: full-width ASCII becomes half-width, NBSP and the
ideographic space become spaces, minus-like signs become ``-``, and a document written
in traditional characters is mapped character by character to simplified ones.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_WIDTH.update({
    0x3000: 0x20, 0x00A0: 0x20, 0x2002: 0x20, 0x2003: 0x20, 0x2009: 0x20, 0x200B: 0x20, 0xFEFF: 0x20,
    0x000D: 0x0A,  # CR → LF
    0x2212: 0x2D, 0xFE63: 0x2D, 0x2010: 0x2D, 0x2011: 0x2D,  # minus-like → "-"
    0xFF64: 0x3001,  # half-width ideographic comma → "、"
})
#: a few ubiquitous traditional/variant forms of this domain's words
_VARIANTS = {"其它": "其他"}


@lru_cache(maxsize=1)
def _t2s_table() -> dict[int, int]:
    """Traditional → simplified, single characters only, from OpenCC's dictionary."""
    table: dict[int, int] = {}
    try:
        data = resources.files("opencc").joinpath("dictionary/TSCharacters.txt").read_text("utf-8")
    except (ModuleNotFoundError, FileNotFoundError):  # pragma: no cover - dependency missing
        return table
    for line in data.splitlines():
        trad, _, simps = line.partition("\t")
        candidates = simps.split()
        if len(trad) != 1 or not candidates or trad in candidates or len(candidates[0]) != 1:
            continue
        table[ord(trad)] = ord(candidates[0])
    return table


@lru_cache(maxsize=1)
def _trad_chars() -> frozenset[str]:
    return frozenset(chr(c) for c in _t2s_table())


def is_traditional(text: str, sample: int = 20000) -> bool:
    """Whether ``text`` is written in traditional characters (by its distinct characters)."""
    chars = set(text[:sample])
    cjk = sum(1 for ch in chars if "\u4e00" <= ch <= "\u9fff")
    if cjk < 20:
        return False
    trad = len(chars & _trad_chars())
    return trad >= 8 and trad / cjk > 0.03


@lru_cache(maxsize=2)
def _table(traditional: bool) -> dict[int, int]:
    table = dict(_WIDTH)
    if traditional:
        for src, dst in _t2s_table().items():
            table.setdefault(src, dst)
    return table


def normalise(text: str) -> str:
    """The normalised text: same length as ``text``, character for character."""
    out = text.translate(_table(is_traditional(text)))
    assert len(out) == len(text)
    return out


def to_simplified(text: str) -> str:
    """Map traditional characters to simplified ones regardless of detection (for labels)."""
    return text.translate(_table(True))


def compact(text: str) -> str:
    """Normalised text without whitespace (for marker searches over a whole document)."""
    return "".join(text.split())


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """Fold a short string (a label) for comparison: simplified, no whitespace."""
    out = "".join(to_simplified(text).split())
    for src, dst in _VARIANTS.items():
        out = out.replace(src, dst)
    return out
