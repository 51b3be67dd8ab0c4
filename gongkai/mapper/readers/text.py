"""Plain-text reader: UTF-8, UTF-16 (with BOM) or GB18030/GBK, detected."""

from __future__ import annotations

import codecs
import re

from .base import Document, ReadError, register

#: C0 controls other than tab, newline, form feed and carriage return.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f]")
#: Declared names that mean "some GB encoding"; GB18030 is a superset of all of them.
_GB_ALIASES = {"gb2312", "gbk", "x-gbk", "cp936", "ms936", "gb_2312-80", "csgb2312", "euc-cn", "hz-gb-2312"}
#: Multi-byte CJK codecs: a declaration of one of these is tried before the GB18030 guess.
_CJK_CODECS = {"gb18030", "big5", "big5hkscs", "cp950", "shift_jis", "cp932", "euc_jp", "euc_kr", "cp949"}
#: UTF-8 with at most this many bad bytes per good non-ASCII character is read lossily.
_LOSSY_UTF8_SHARE = 0.01


def _codec(declared: str | None) -> str | None:
    """The Python codec name for a declared charset, or ``None`` if unknown."""
    if not declared:
        return None
    name = declared.strip().strip("\"'").lower()
    if name in _GB_ALIASES:
        return "gb18030"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _lossy_utf8(data: bytes) -> str | None:
    """UTF-8 text with a few stray bytes replaced, if that is clearly what ``data`` is."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    valid = len(text) - len(text.encode("ascii", errors="ignore")) - bad  # good non-ASCII chars
    if 0 < bad <= valid * _LOSSY_UTF8_SHARE:
        return text
    return None


def _attempt(data: bytes, encoding: str) -> str | None:
    """``data`` strictly decoded, or ``None``."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _strict(data: bytes, declared: str | None) -> str | None:
    """Valid UTF-8, a declared CJK codec, near-valid UTF-8, GB18030, another declared codec."""
    text = _attempt(data, "utf-8")
    codec = _codec(declared)
    if text is None and codec in _CJK_CODECS:
        text = _attempt(data, codec)
    if text is None:
        text = _lossy_utf8(data)  # UTF-8 with a stray byte beats GB18030 mojibake
    if text is None:
        text = _attempt(data, "gb18030")
    if text is None and codec and not codec.startswith(("utf_16", "utf_32")):
        text = _attempt(data, codec)
    return text


def decode(data: bytes, declared: str | None = None) -> str:
    """Decode report bytes; raises :class:`ReadError` for binary or undecodable data.

    A byte-order mark wins; then valid UTF-8; then ``declared`` (e.g. an HTML
    ``<meta charset>``); then GB18030 (covers GB2312/GBK); then detection.
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ReadError(f"broken UTF-16 text (byte {exc.start}): not a readable report") from exc
    if b"\x00" in data[:65536]:
        raise ReadError("binary input (NUL bytes): not a text report")
    text = _strict(data, declared)
    if text is None:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:200_000]).best()
        if best is None:
            raise ReadError("cannot detect the text encoding (tried UTF-8, GB18030)")
        try:
            text = data.decode(best.encoding)
        except UnicodeDecodeError as exc:
            raise ReadError(f"cannot decode the text as {best.encoding} (byte {exc.start})") from exc
    sample = text[:20000]
    controls = len(_CONTROLS.findall(sample))
    if sample and controls / len(sample) > 0.01:
        raise ReadError("binary input (control characters): not a text report")
    return text


@register("text/plain")
def read_text(data: bytes) -> Document:
    """Read a plain-text report."""
    return Document(decode(data), "text/plain")
