"""Input manifests: where each report file came from (``url``) and when (``retrieved``).

A manifest is JSON Lines or CSV (chosen by the ``.csv`` suffix) with one row per file.
The file is named by ``path`` or ``file``, relative to the manifest's folder unless
absolute; ``url`` and ``retrieved`` are optional. The corpus ``dev/manifest.jsonl``
uses ``file`` and ``url``.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path


class ManifestError(ValueError):
    """The manifest cannot be read."""


@dataclass(frozen=True, slots=True)
class Provenance:
    """What a manifest says about one input file."""

    url: str | None = None
    retrieved: str | None = None


def load_manifest(path: str | Path) -> dict[Path, Provenance]:
    """Resolved file path → its provenance, for every row that names a file."""
    path = Path(path)
    try:
        text = path.read_text("utf-8-sig")
    except OSError as exc:
        raise ManifestError(f"cannot read manifest {path}: {exc.strerror or exc}") from exc
    rows = _csv_rows(text) if path.suffix.lower() == ".csv" else _jsonl_rows(text, path)
    out: dict[Path, Provenance] = {}
    for row in rows:
        name = row.get("path") or row.get("file")
        if not name:
            continue
        file = Path(str(name))
        if not file.is_absolute():
            file = path.parent / file
        out[file.resolve()] = Provenance(_text(row.get("url")), _text(row.get("retrieved")))
    return out


def _text(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _csv_rows(text: str) -> list[dict[str, object]]:
    return [dict(row) for row in csv.DictReader(text.splitlines())]


def _jsonl_rows(text: str, path: Path) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ManifestError(f"{path}:{n}: not JSON ({exc.msg})") from exc
        if isinstance(row, dict):
            rows.append(row)
    return rows
