"""Progress on stderr: a bar on a terminal, otherwise a line every so many reports."""

from __future__ import annotations

import time
from typing import TextIO


class Progress:
    """Counts finished inputs and shows it without flooding a log."""

    def __init__(self, total: int, stream: TextIO | None, every: int = 0, label: str = "reports") -> None:
        self.total = total
        self.stream = stream
        self.label = label
        self.done = 0
        self.failed = 0
        self.start = time.perf_counter()
        self._last = 0.0
        self.tty = bool(stream is not None and getattr(stream, "isatty", lambda: False)())
        self.every = every or max(1, min(1000, total // 10 or 1))

    def advance(self, failed: bool = False) -> None:
        self.done += 1
        self.failed += failed
        if self.stream is None:
            return
        if self.tty:
            now = time.perf_counter()
            if now - self._last >= 0.1 or self.done == self.total:
                self._last = now
                self.stream.write("\r" + self.line(bar=True))
                self.stream.flush()
        elif self.done % self.every == 0 or self.done == self.total:
            self.stream.write(self.line(bar=False) + "\n")
            self.stream.flush()

    def close(self) -> None:
        if self.stream is not None and self.tty and self.done:
            self.stream.write("\n")
            self.stream.flush()

    def line(self, bar: bool) -> str:
        elapsed = time.perf_counter() - self.start
        rate = self.done / elapsed if elapsed > 0 else 0.0
        left = (self.total - self.done) / rate if rate else 0.0
        text = (f"{self.done}/{self.total} {self.label}, {self.failed} failed, {rate:.1f}/s"
                f"{f', {left:.0f} s left' if self.done < self.total else ''}")
        if not bar:
            return "gongkai build: " + text
        width = 28
        filled = int(width * self.done / self.total) if self.total else width
        return f"[{'#' * filled}{'.' * (width - filled)}] {text}"
