"""On-disk layout of a store directory, and the atomic switch between builds.

```
DIR/
  current -> builds/20261122T071500-1234   (symlink, replaced atomically)
  builds/20261122T071500-1234/
    oxigraph/        the Oxigraph store
    meta.json        base IRI, build time, counts, inputs
  cache/             validation results keyed by (source sha256, shapes hash)
```

A build writes a new directory under ``builds/`` and only then points ``current`` at
it, so a reader of ``current`` never sees a half-written store. Readers open the store
read-only; nobody ever writes into a build that ``current`` points at.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

KEEP_BUILDS = 2


class StoreMissing(Exception):
    """No finished build in the store directory."""


@dataclass(frozen=True, slots=True)
class StoreDir:
    root: Path

    @classmethod
    def at(cls, path: str | Path) -> StoreDir:
        return cls(Path(path))

    @property
    def current(self) -> Path:
        return self.root / "current"

    @property
    def cache(self) -> Path:
        return self.root / "cache"

    def build_path(self) -> Path:
        """The directory of the build ``current`` points at."""
        if not self.current.exists():
            raise StoreMissing(f"no store at {self.root}: run `gongkai build PATH... --store {self.root}` first")
        return self.current.resolve()

    def oxigraph_path(self) -> Path:
        return self.build_path() / "oxigraph"

    def meta(self) -> dict[str, Any]:
        return json.loads((self.build_path() / "meta.json").read_text("utf-8"))

    def new_build(self) -> Path:
        """A fresh, empty build directory (not yet current)."""
        stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
        path = self.root / "builds" / f"{stamp}-{os.getpid()}-{time.monotonic_ns() % 10**6}"
        path.mkdir(parents=True)
        return path

    def publish(self, build: Path, meta: dict[str, Any]) -> None:
        """Write ``meta`` and make ``build`` current in one atomic rename."""
        (build / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2), "utf-8")
        link = self.root / f".current-{os.getpid()}"
        if link.is_symlink() or link.exists():
            link.unlink()
        link.symlink_to(build.relative_to(self.root))
        os.replace(link, self.current)
        self._prune(build)

    def discard(self, build: Path) -> None:
        """Remove a build that failed before it was published."""
        shutil.rmtree(build, ignore_errors=True)

    def _prune(self, keep: Path) -> None:
        builds = sorted((self.root / "builds").iterdir(), key=lambda p: p.name)
        old = [b for b in builds if b != keep]
        for b in old[: max(0, len(old) - (KEEP_BUILDS - 1))]:
            shutil.rmtree(b, ignore_errors=True)
