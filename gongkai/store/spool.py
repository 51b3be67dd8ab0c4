"""An append-only N-Quads file of named segments, read back selectively for the bulk load.

Report graphs are written as they arrive from the workers; which of them enter the
store is only known once every input has been read (duplicate reports), so the loader
reads the kept segments straight from the file, in order, without a second copy.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from pathlib import Path


class Spool:
    """Segments of N-Quads text in one file, each addressed by a key."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file = path.open("wb")
        self._segments: dict[str, tuple[int, int]] = {}
        self._size = 0

    def add(self, key: str, text: str) -> None:
        data = text.encode("utf-8")
        if key in self._segments:
            raise KeyError(f"segment {key!r} written twice")
        self._segments[key] = (self._size, len(data))
        self._file.write(data)
        self._size += len(data)

    def __contains__(self, key: str) -> bool:
        return key in self._segments

    def close(self) -> None:
        if not self._file.closed:
            self._file.close()

    def reader(self, keys: Iterable[str]) -> io.BufferedReader:
        """A binary stream of the given segments, concatenated."""
        self.close()
        return io.BufferedReader(_Segments(self.path, [self._segments[k] for k in keys]), 1 << 20)

    def size(self, keys: Iterable[str]) -> int:
        return sum(self._segments[k][1] for k in keys)

    def remove(self) -> None:
        self.close()
        self.path.unlink(missing_ok=True)


class _Segments(io.RawIOBase):
    """Raw reader over byte ranges of one file."""

    def __init__(self, path: Path, ranges: Sequence[tuple[int, int]]) -> None:
        super().__init__()
        self._file = path.open("rb", buffering=0)
        self._ranges = [r for r in ranges if r[1]]
        self._i = 0
        self._left = self._ranges[0][1] if self._ranges else 0
        if self._ranges:
            self._file.seek(self._ranges[0][0])

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def, override]
        while self._left == 0:
            self._i += 1
            if self._i >= len(self._ranges):
                return 0
            offset, self._left = self._ranges[self._i]
            self._file.seek(offset)
        view = memoryview(buffer)[: min(len(buffer), self._left)]
        n = self._file.readinto(view) or 0
        if n == 0:
            raise OSError(f"{self._file.name}: unexpected end of file")
        self._left -= n
        return n

    def close(self) -> None:
        self._file.close()
        super().close()
