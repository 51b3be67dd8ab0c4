"""The served build: the store ``current`` points at, re-resolved when the link changes.

The build publishes new directories atomically and never writes into a published one,
so opening the build's Oxigraph store read-only is safe. Lookups for resource pages
run here (they are bounded); SPARQL runs in worker processes.
"""

from __future__ import annotations

import email.utils
import hashlib
import json
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ..store.layout import StoreDir
from ..uris import Uris


@dataclass(slots=True)
class Build:
    """One opened build: its path, store, metadata, IRIs and validators."""

    path: Path
    store: ox.Store
    meta: dict[str, Any]
    uris: Uris
    etag: str
    modified: float
    stats: dict[str, Any] = field(default_factory=dict)

    @property
    def oxigraph(self) -> str:
        return str(self.path / "oxigraph")

    @property
    def last_modified(self) -> str:
        return email.utils.formatdate(self.modified, usegmt=True)


class StoreView:
    """The current build of a store directory, reopened when ``current`` moves."""

    def __init__(self, root: str | Path, base: str | None = None, recheck: float = 1.0) -> None:
        self.dir = StoreDir.at(root)
        self._base = base
        self._recheck = recheck
        self._checked = 0.0
        self._lock = threading.Lock()
        self._build = self._open(self.dir.build_path())
        self.listeners: list = []

    def _open(self, path: Path) -> Build:
        meta_file = path / "meta.json"
        meta = json.loads(meta_file.read_text("utf-8")) if meta_file.exists() else {}
        base = self._base or meta.get("base")
        if not base:
            raise ValueError(f"{meta_file} names no base IRI; pass --base")
        stat = meta_file.stat() if meta_file.exists() else path.stat()
        etag = hashlib.sha256(f"{path.name}:{stat.st_mtime_ns}:{base}".encode()).hexdigest()[:16]
        store = ox.Store.read_only(str(path / "oxigraph"))
        return Build(path, store, meta, Uris(base), etag, stat.st_mtime)

    @property
    def build(self) -> Build:
        """The build to serve now (checks the symlink at most every ``recheck`` seconds)."""
        now = time.monotonic()
        if now - self._checked >= self._recheck:
            self._checked = now
            try:
                target = Path(os.path.realpath(self.dir.current))
            except OSError:
                return self._build
            if target != self._build.path and (target / "oxigraph").is_dir():
                with self._lock:
                    if target != self._build.path:
                        self._build = self._open(target)
                        for listener in self.listeners:
                            listener(self._build)
        return self._build
