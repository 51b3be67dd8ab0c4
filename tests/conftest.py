"""Shared fixtures: where the real corpus is (never copied into the repo)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def corpus_root() -> Path:
    """``$GONGKAI_CORPUS`` or ``../shared/corpus`` beside the repository."""
    return Path(os.environ.get("GONGKAI_CORPUS", REPO.parent / "shared" / "corpus"))


def shared_root() -> Path:
    """``$GONGKAI_SHARED`` or ``../shared`` beside the repository."""
    return Path(os.environ.get("GONGKAI_SHARED", REPO.parent / "shared"))


@pytest.fixture(scope="session")
def corpus() -> Path:
    root = corpus_root()
    if not (root / "seeds").is_dir():
        pytest.skip(f"real corpus not found at {root} (set GONGKAI_CORPUS to its path)")
    return root


def seed_path(corpus: Path, number: int) -> Path:
    """The seed file whose name starts with the 3-digit ``number``."""
    (match,) = sorted((corpus / "seeds").glob(f"{number:03d}_*.txt"))
    return match


@pytest.fixture(scope="session")
def manifest(corpus: Path) -> dict[str, dict]:
    path = corpus / "dev" / "manifest.jsonl"
    return {row["file"]: row for row in map(json.loads, path.read_text("utf-8").splitlines()) if row}
