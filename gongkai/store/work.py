"""One input file → N-Quads and a small summary (runs in a worker process).

Everything a worker returns is plain data (strings, numbers, dicts): no rdflib or
pyoxigraph objects cross the process boundary.
"""

from __future__ import annotations

import hashlib
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from ..mapper.divisions import resolve
from ..mapper.parse import parse_path
from ..mapper.rdf import place, report_quads
from ..model import Failure, Report
from ..nt import PROV, QB, SH, iri
from ..uris import Uris
from .void import split_graph

_DATASET = f" <{QB}dataSet> "


@dataclass(frozen=True, slots=True)
class Job:
    """One input file and what the manifest says about it."""

    path: str
    url: str | None = None
    retrieved: str | None = None


@dataclass(slots=True)
class Outcome:
    """What became of one input: its report graph as N-Quads, or why it failed."""

    path: str
    sha256: str
    error: str | None = None
    report: str | None = None
    agency: str | None = None
    year: int | None = None
    quads: str = ""
    triples: int = 0
    owned: int = 0  # triples only the report graph holds (see void.split_graph)
    shared: list[str] = field(default_factory=list)  # the others, as canonical N-Triples
    observations: int = 0
    datasets: dict[str, int] = field(default_factory=dict)
    findings: tuple[str, ...] = ()
    cells: str = ""  # fingerprint of the cells, to tell identical duplicates from conflicting ones
    source_quads: str = ""  # the report's prov:wasDerivedFrom and its source description
    conforms: bool | None = None
    duplicate_of: str | None = None  # path of the kept input when this one is the same report again
    validation_error: str | None = None
    seconds: float = 0.0


_state: dict[str, Any] = {}


def init_worker(base: str, validate: bool, cache: str | None = None) -> None:
    """Per-process set-up: the IRI builder and, if wanted and available, the validator.

    With ``cache`` (a directory) and ``gongkai.shapes.ValidationCache``, validation
    results are reused per (source sha256, shapes hash).
    """
    _state["uris"] = Uris(base)
    _state["validate"] = validator() if validate else None
    cache_class = _shapes_attr("ValidationCache") if validate and cache else None
    _state["cache"] = cache_class(cache) if cache_class is not None else None


def validator() -> Any:
    """``gongkai.shapes.validate`` if that module provides it, else ``None``."""
    return _shapes_attr("validate")


def _shapes_attr(name: str) -> Any:
    try:
        from .. import shapes
    except ImportError:
        return None
    return getattr(shapes, name, None)


def process(job: Job) -> Outcome:
    """Parse, resolve, map, check and (optionally) validate one file; never raises."""
    start = time.perf_counter()
    if "uris" not in _state:
        init_worker(Uris().base, False)
    result = parse_path(job.path, url=job.url, retrieved=job.retrieved)
    if isinstance(result, Failure):
        out = Outcome(job.path, result.source.sha256, error=result.error)
    else:
        try:
            out = _map(job, result, _state["uris"], _state["validate"])
        except Exception as exc:  # a mapper bug must not stop a build of thousands
            out = Outcome(job.path, result.source.sha256,
                          error=f"internal error while mapping ({type(exc).__name__}: {exc}); please report it")
    out.seconds = time.perf_counter() - start
    return out


def _map(job: Job, report: Report, uris: Uris, validate: Any) -> Outcome:
    resolution = resolve(report.agency or "", report.year, report.text)
    report.warnings.extend(f"division: {w}" for w in resolution.warnings)
    placement = place(report, uris, resolution.chain)
    lines = list(dict.fromkeys(report_quads(report, placement, uris)))
    text = "".join(lines)
    out = Outcome(job.path, report.source.sha256, report=placement.report, agency=report.agency,
                  year=report.year, findings=tuple(f.rule for f in report.findings), cells=fingerprint(report))
    source = iri(uris.source(report.source.sha256)) + " "
    derived = f"{iri(placement.report)} <{PROV}wasDerivedFrom> {source}"
    out.source_quads = "".join(line for line in lines if line.startswith((source, derived)))
    problem = syntax_error(text)
    if problem:
        out.error = f"the mapper produced invalid N-Quads ({problem}); please report it"
        return out
    if validate is not None:
        seen = set(lines)
        found = _validate(validate, _state.get("cache"), text, placement.report, report.source.sha256, uris, out)
        extra = [line for line in dict.fromkeys(found) if line not in seen]
        problem = syntax_error("".join(extra))
        if problem:
            out.validation_error = f"invalid N-Quads in the validation report ({problem}); dropped"
        else:
            lines.extend(extra)
            text += "".join(extra)
    out.quads = text
    out.triples = len(lines)
    out.owned, out.shared = split_graph(text, placement.report)
    for line in lines:
        if _DATASET in line:
            ds = line.split(" ", 3)[2][1:-1]
            out.datasets[ds] = out.datasets.get(ds, 0) + 1
    out.observations = sum(out.datasets.values())
    return out


def _validate(validate: Any, cache: Any, text: str, report: str, sha256: str, uris: Uris,
              out: Outcome) -> list[str]:
    """Run the shapes (or reuse a cached result); the validation report's quads. Never raises."""
    try:
        if cache is not None:
            quads = cache.validation(text, report, sha256, uris)
            out.conforms = _conforms(quads)
        else:
            result = validate(text, report, uris)
            out.conforms = getattr(result, "conforms", None)
            quads = getattr(result, "nquads", None) or getattr(result, "quads", None) or ""
    except Exception as exc:
        out.validation_error = f"{type(exc).__name__}: {exc}"
        return []
    if not isinstance(quads, str):
        quads = "".join(quads)
    return [line + "\n" for line in quads.splitlines() if line.strip()]


def _conforms(quads: str) -> bool | None:
    """``sh:conforms`` as written in validation N-Quads."""
    for value in ("true", "false"):
        if f'<{SH}conforms> "{value}"' in quads:
            return value == "true"
    return None


def syntax_error(text: str) -> str | None:
    """Why ``text`` is not valid N-Quads (strict IRI and literal checks), or ``None``."""
    try:
        deque(ox.parse(text.encode(), format=ox.RdfFormat.N_QUADS), maxlen=0)
    except (SyntaxError, ValueError) as exc:
        return str(exc)
    return None


def fingerprint(report: Report) -> str:
    """A hash of the report's cells (position in the text aside)."""
    keys = sorted(
        (c.form, c.table, c.row, c.column, "" if c.value is None else str(c.value), c.unit or "", c.blank)
        for c in report.cells
    )
    return hashlib.sha256(repr(keys).encode()).hexdigest()
