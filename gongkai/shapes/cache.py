"""On-disk cache of validation N-Quads keyed by (source SHA-256, shapes hash).

Layout: ``{directory}/{shapes_hash[:16]}/{sha256[:2]}/{sha256}.nq``. Writes are atomic
(temporary file + ``os.replace``), so concurrent builders never read half a file. A
cached text is only used for the report IRI it was made for: the first line is always
``<report> gk:validationReport <report/validation>``, and a different report IRI for
the same source (e.g. after division resolution changed) is a miss.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from ..nt import iri
from ..uris import Uris
from .generate import shapes_hash
from .validate import validate


class ValidationCache:
    """Validation N-Quads text per (source SHA-256, shapes hash), in ``directory``."""

    def __init__(self, directory: str | os.PathLike[str]) -> None:
        self.directory = Path(directory)

    def path(self, source_sha256: str, shapes: str) -> Path:
        return self.directory / shapes[:16] / source_sha256[:2] / f"{source_sha256}.nq"

    def get(self, source_sha256: str, shapes: str, report_iri: str | None = None) -> str | None:
        """The cached text, or ``None`` (absent, or made for another report IRI)."""
        try:
            text = self.path(source_sha256, shapes).read_text("utf-8")
        except FileNotFoundError:
            return None
        if report_iri is not None and not text.startswith(iri(report_iri) + " "):
            return None
        return text

    def put(self, source_sha256: str, shapes: str, nquads: str) -> Path:
        """Store ``nquads`` atomically; returns the file's path."""
        target = self.path(source_sha256, shapes)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".nq")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(nquads)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return target

    def validation(self, report_quads: str, report_iri: str, source_sha256: str, uris: Uris) -> str:
        """The validation N-Quads of a report: from the cache, else validated and stored.

        Keyed by what is validated — the report's own quads — rather than by the source
        file alone, so a change to the parser or the mapping is never served a stale
        result; ``source_sha256`` only names the entry's shard for humans looking in.
        """
        key = shapes_hash(uris)
        content = hashlib.sha256(report_quads.encode("utf-8")).hexdigest()
        cached = self.get(content, key, report_iri)
        if cached is not None:
            return cached
        text = validate(report_quads, report_iri, uris).nquads
        self.put(content, key, text)
        return text
