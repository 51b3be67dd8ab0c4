"""``gongkai build``: report files → one Oxigraph store, published atomically.

Workers parse, resolve divisions, map and validate in parallel and send back N-Quads
text. The main process spools that text to ``load.nq`` in a fresh build directory,
settles duplicate reports, bulk-loads the kept graphs together with the vocabulary
and VoID graphs, optimises the store and only then points ``current`` at it. Any
error (or Ctrl-C) before that discards the new build and leaves ``current`` as it was.
VoID's ``void:triples`` (distinct triples of the whole dataset, see
:mod:`gongkai.store.void`) is summed up from what the workers report per graph.

``update`` starts from a backup of the current build instead of an empty store and
replaces only the named graphs of the given reports (and the VoID graph, written
once the store is loaded: its distinct triples are counted in the store, one scan).
"""

from __future__ import annotations

import gc
import os
import sys
import time
import traceback
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, TextIO

import pyoxigraph as ox

from .. import __version__
from ..mapper.commands import iter_inputs
from ..ontology import codelist_quads, ontology_quads, structure_quads
from ..uris import DEFAULT_BASE, Uris
from .layout import StoreDir
from .manifest import load_manifest
from .progress import Progress
from .spool import Spool
from .void import Counts, DistinctTriples, distinct_triples, split_graph, void_quads
from .work import Job, Outcome, init_worker, process, validator

VOCABULARY_GRAPHS = ("ontology", "codelists", "structure")


class BuildError(Exception):
    """The build cannot start or cannot be published (``current`` is unchanged)."""


@dataclass(slots=True)
class BuildResult:
    """What one build did, for the closing summary."""

    build: Path | None
    inputs: int
    reports: int
    failed: list[tuple[str, str]]
    findings: Counter[str]
    loaded: int  # quads loaded by this build
    triples: int  # quads in the published store
    distinct_triples: int  # distinct triples of every graph but void (VoID's void:triples)
    observations: int
    seconds: float
    map_seconds: float
    load_seconds: float  # copy (--update), bulk load and optimize
    jobs: int
    validation: str
    published: bool = True
    optimize_seconds: float = 0.0  # part of load_seconds
    count_seconds: float = 0.0  # counting distinct triples (in the store with --update; part of load_seconds)
    replaced: list[str] = field(default_factory=list)


def load_quads(store: ox.Store, stream: IO[bytes]) -> None:
    """Bulk-load N-Quads (already checked per report by the workers)."""
    store.bulk_load(stream, format=ox.RdfFormat.N_QUADS, lenient=True)


def collect_jobs(paths: Sequence[str | Path], manifest: str | Path | None = None) -> list[Job]:
    """Input files (directories expanded, duplicates dropped) with their manifest provenance."""
    known = load_manifest(manifest) if manifest else {}
    names = list(paths) or sorted(str(p) for p in known)
    jobs: dict[Path, Job] = {}
    for file in iter_inputs(str(p) for p in names):
        resolved = file.resolve()
        if resolved not in jobs:
            prov = known.get(resolved)
            jobs[resolved] = Job(str(resolved), prov.url if prov else None, prov.retrieved if prov else None)
    return list(jobs.values())


def run_jobs(jobs: list[Job], workers: int, base: str, validate: bool,
             cache: str | None = None) -> Iterator[Outcome]:
    """Process every job, in parallel when worthwhile; results come back in job order."""
    if workers <= 1 or len(jobs) < 2:
        init_worker(base, validate, cache)
        yield from map(process, jobs)
        return
    workers = min(workers, len(jobs))
    chunk = max(1, min(16, len(jobs) // (workers * 8)))
    with ProcessPoolExecutor(workers, initializer=init_worker, initargs=(base, validate, cache)) as pool:
        try:
            yield from pool.map(process, jobs, chunksize=chunk)
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def settle(outcomes: Sequence[Outcome]) -> dict[str, str]:
    """Resolve report IRI collisions in place; returns extra source quads per kept report IRI.

    Of several documents mapped to one report IRI the one with the lowest sha256 is kept.
    Another with identical cells becomes an extra ``prov:wasDerivedFrom`` source of it;
    one with different cells fails, so the cube never holds duplicate observations.
    """
    groups: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        if o.error is None and o.report:
            groups[o.report].append(o)
    extras: dict[str, str] = {}
    for report, group in groups.items():
        if len(group) < 2:
            continue
        group.sort(key=lambda o: (o.sha256, o.path))
        keeper, added, seen = group[0], [], {group[0].sha256}
        for other in group[1:]:
            if other.cells != keeper.cells:
                other.error = (f"duplicate report for {other.agency or '未署名机构'} {other.year}: "
                               f"conflicts with {keeper.path}")
                continue
            other.duplicate_of = keeper.path
            if other.sha256 not in seen:  # the same bytes under another name add nothing
                seen.add(other.sha256)
                added.extend(other.source_quads.splitlines(keepends=True))
        lines = list(dict.fromkeys(added))
        if lines:
            keeper.triples += len(lines)
            extras[report] = "".join(lines)
    return extras


def vocabulary(uris: Uris) -> str:
    """The ontology, code-list and structure graphs as N-Quads."""
    parts = (ontology_quads, codelist_quads, structure_quads)
    lines: Iterable[str] = (q for name, fn in zip(VOCABULARY_GRAPHS, parts, strict=True)
                            for q in fn(uris, uris.graph(name)))
    return "".join(dict.fromkeys(lines)) + _shapes(uris)


def _shapes(uris: Uris) -> str:
    """The SHACL shapes the reports were validated with, in their own ``shapes`` graph."""
    try:
        from ..shapes import shapes_graph
    except ImportError:  # pragma: no cover - shapes are part of the package
        return ""
    graph = ox.NamedNode(uris.graph("shapes"))
    triples = ox.parse(shapes_graph(uris), format=ox.RdfFormat.TURTLE)
    return "".join(f"{ox.Quad(t.subject, t.predicate, t.object, graph)} .\n" for t in triples)


def entry(o: Outcome) -> dict[str, Any]:
    """One input as recorded in meta.json."""
    out: dict[str, Any] = {"path": o.path, "sha256": o.sha256}
    if o.error is not None:
        out["error"] = o.error
        return out
    out["report"] = o.report
    if o.duplicate_of is not None:
        out["duplicate_of"] = o.duplicate_of
        return out
    out.update(triples=o.triples, observations=o.observations, datasets=dict(sorted(o.datasets.items())),
               cells=o.cells)
    if o.conforms is not None:
        out["conforms"] = o.conforms
    return out


def _kept(entries: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    return [e for e in entries if "report" in e and "duplicate_of" not in e]


def stored_quads(entries: Sequence[dict[str, Any]], vocabulary_triples: int) -> int:
    """Quads of the vocabulary and the kept report graphs (shared triples once per graph)."""
    return vocabulary_triples + sum(e.get("triples", 0) for e in _kept(entries))


def totals(entries: Sequence[dict[str, Any]], distinct: int) -> Counts:
    """Dataset-wide counts from the inputs' entries; ``distinct``: distinct triples of the dataset."""
    datasets: Counter[str] = Counter()
    for e in entries:
        datasets.update(e.get("datasets", {}))
    kept = _kept(entries)
    return Counts(
        triples=distinct,
        reports=len(kept),
        observations=sum(e.get("observations", 0) for e in kept),
        datasets=dict(datasets),
    )


def merge(old: Sequence[dict[str, Any]], new: Sequence[dict[str, Any]]) -> tuple[list[dict[str, Any]], set[str]]:
    """Inputs after an update, and the report graphs to drop from the copied store.

    A given input replaces the graph its report maps to and whatever its path mapped to
    before; old inputs recorded against those graphs go.
    """
    paths = {e["path"] for e in new}
    remove = {e["report"] for e in new if "report" in e}
    remove |= {e["report"] for e in old if e["path"] in paths and "report" in e}
    kept = [e for e in old if e["path"] not in paths and e.get("report") not in remove]
    return sorted([*kept, *new], key=lambda e: e["path"]), remove


def build(
    paths: Sequence[str | Path],
    store: str | Path,
    *,
    base: str | None = None,
    manifest: str | Path | None = None,
    update: bool = False,
    jobs: int = 0,
    validate: bool = True,
    progress: TextIO | None = sys.stderr,
    progress_every: int = 0,
) -> BuildResult:
    """Build (or, with ``update``, amend) the store at ``store`` and publish it atomically."""
    start = time.perf_counter()
    sd = StoreDir.at(store)
    old_meta: dict[str, Any] | None = None
    if update:
        old_meta = sd.meta()
        if base and Uris(base).base != old_meta["base"]:
            raise BuildError(f"--base {base} differs from the store's base {old_meta['base']}; rebuild without --update")
        base = old_meta["base"]
    uris = Uris(base or DEFAULT_BASE)
    job_list = collect_jobs(paths, manifest)
    if not job_list:
        raise BuildError("no report files found in the given paths")
    workers = jobs or os.cpu_count() or 1
    validating = validate and validator() is not None
    sd.root.mkdir(parents=True, exist_ok=True)
    build_dir = sd.new_build()
    spool = Spool(build_dir / "load.nq")
    try:
        meter = Progress(len(job_list), progress, progress_every)
        outcomes: list[Outcome] = []
        for i, o in enumerate(run_jobs(job_list, workers, uris.base, validating, str(sd.cache))):
            if o.error is None:
                spool.add(f"r{i}", o.quads)
            o.quads = ""
            outcomes.append(o)
            meter.advance(o.error is not None)
        meter.close()
        map_seconds = time.perf_counter() - start
        extras = settle(outcomes)
        keys = [f"r{i}" for i, o in enumerate(outcomes) if o.error is None and o.duplicate_of is None]
        for report, text in sorted(extras.items()):
            spool.add(f"x{report}", text)
            keys.append(f"x{report}")
        new_entries = [entry(o) for o in outcomes]
        if old_meta is not None:
            entries, remove = merge(old_meta["inputs"], new_entries)
            vocab_triples = int(old_meta["counts"]["vocabulary_triples"])
        else:
            entries, remove = sorted(new_entries, key=lambda e: e["path"]), set()
            vocab = vocabulary(uris)
            vocab_triples = vocab.count("\n")
            spool.add("vocabulary", vocab)
            keys.insert(0, "vocabulary")
        describe: Callable[[ox.Store], str] | None = None
        if update:  # the kept old graphs are only in the store: count there, once loaded
            counts = totals(entries, 0)
            void = "".join(void_quads(uris, counts))

            def describe(store: ox.Store) -> str:
                nonlocal counts
                t = time.perf_counter()
                counts = totals(entries, distinct_triples(store, uris))
                result.count_seconds = time.perf_counter() - t
                return "".join(void_quads(uris, counts))
        else:
            counts = totals(entries, _distinct(outcomes, keys, extras, vocab))
            void = "".join(void_quads(uris, counts))
            spool.add("void", void)
            keys.append("void")
        # a kept report's triples include its extra sources' quads
        loaded = sum(outcomes[int(k[1:])].triples for k in keys if k.startswith("r")) + (
            void.count("\n") + (0 if update else vocab_triples))
        result = BuildResult(
            build=build_dir, inputs=len(outcomes), reports=sum(1 for o in outcomes if o.error is None),
            failed=[(o.path, o.error) for o in outcomes if o.error is not None],
            findings=Counter(r for o in outcomes if o.error is None and o.duplicate_of is None for r in o.findings),
            loaded=loaded, triples=stored_quads(entries, vocab_triples) + void.count("\n"),
            distinct_triples=counts.triples, observations=counts.observations,
            seconds=0.0, map_seconds=map_seconds, load_seconds=0.0, jobs=min(workers, len(job_list)),
            validation=_validation_summary(validate, validating, outcomes),
            replaced=sorted(remove),
        )
        if result.reports == 0:
            result.published = False
            sd.discard(build_dir)
            result.build = None
            result.seconds = time.perf_counter() - start
            return result
        load_start = time.perf_counter()
        result.optimize_seconds = _load(sd, build_dir / "oxigraph", spool, keys,
                                        remove | {uris.graph("void")} if update else set(), update, describe)
        result.distinct_triples = counts.triples
        spool.remove()
        result.load_seconds = time.perf_counter() - load_start
        meta = {
            "base": uris.base,
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "gongkai": __version__,
            "pyoxigraph": ox.__version__,
            "update_of": sd.build_path().name if update else None,
            "counts": {"reports": counts.reports, "failed": sum(1 for e in entries if "error" in e),
                       "triples": result.triples, "distinct_triples": counts.triples,
                       "observations": counts.observations,
                       "vocabulary_triples": vocab_triples},
            "inputs": entries,
        }
        sd.publish(build_dir, meta)
        result.seconds = time.perf_counter() - start
        return result
    except BaseException as exc:
        spool.close()
        # frames in the traceback may still hold the new Store open (its writer threads
        # would race the removal): release them before discarding the directory
        traceback.clear_frames(exc.__traceback__)
        gc.collect()
        sd.discard(build_dir)
        raise


def _distinct(outcomes: Sequence[Outcome], keys: Sequence[str], extras: dict[str, str], vocab: str) -> int:
    """Distinct triples of the vocabulary and the kept report graphs (with their extra sources)."""
    counter = DistinctTriples()
    counter.add(*split_graph(vocab))
    for k in keys:
        if k.startswith("r"):
            o = outcomes[int(k[1:])]
            counter.add(o.owned, o.shared)
    for report, text in extras.items():
        counter.add(*split_graph(text, report))
    return counter.total


def _load(sd: StoreDir, path: Path, spool: Spool, keys: list[str], remove: set[str], update: bool,
          describe: Callable[[ox.Store], str] | None = None) -> float:
    """Create the store (empty, or a copy of ``current``), drop ``remove``, load, optimise.

    ``describe`` (with ``update``): the VoID quads, asked once the rest is loaded.
    Returns the seconds spent optimising.
    """
    store: ox.Store | None = None
    try:
        if update:
            source: ox.Store | None = ox.Store.read_only(str(sd.oxigraph_path()))
            source.backup(str(path))  # type: ignore[union-attr]
            source = None
        store = ox.Store(str(path))
        for graph in sorted(remove):
            store.remove_graph(ox.NamedNode(graph))
        with spool.reader(keys) as stream:
            load_quads(store, stream)
        if describe is not None:
            store.load(describe(store).encode(), ox.RdfFormat.N_QUADS)
        start = time.perf_counter()
        store.optimize()
        store.flush()
        return time.perf_counter() - start
    finally:
        del store


def _validation_summary(wanted: bool, running: bool, outcomes: Sequence[Outcome]) -> str:
    if not wanted:
        return "skipped (--no-validate)"
    if not running:
        return "skipped (gongkai.shapes provides no validate() yet)"
    checked = [o for o in outcomes if o.error is None and o.duplicate_of is None]
    bad = sum(1 for o in checked if o.conforms is False)
    errors = sum(1 for o in checked if o.validation_error)
    return f"{len(checked) - bad - errors} conform, {bad} do not, {errors} could not be validated"
