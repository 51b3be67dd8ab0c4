"""Plain-text reader: UTF-8, UTF-16 (with BOM) or GB18030/GBK, detected."""

from __future__ import annotations

import codecs

from .base import Document, ReadError, register

_CONTROL_OK = {9, 10, 12, 13}


def decode(data: bytes) -> str:
    """Decode report bytes; raises :class:`ReadError` for binary or undecodable data."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    if b"\x00" in data[:65536]:
        raise ReadError("binary input (NUL bytes): not a text report")
    for encoding in ("utf-8", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:200_000]).best()
        if best is None:
            raise ReadError("cannot detect the text encoding (tried UTF-8, GB18030)")
        text = str(data.decode(best.encoding, errors="strict"))
    sample = text[:20000]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ord(ch) not in _CONTROL_OK)
    if sample and controls / len(sample) > 0.01:
        raise ReadError("binary input (control characters): not a text report")
    return text


@register("text/plain")
def read_text(data: bytes) -> Document:
    return Document(decode(data), "text/plain")
