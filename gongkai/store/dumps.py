"""``gongkai dump``: the whole store as gzipped N-Quads and Turtle, with checksums and VoID.

What one run writes into ``OUT`` (every file first as ``NAME.part``, then renamed)::

    gongkai.nq.gz            every quad of the store (N-Quads)
    gongkai.ttl.gz           the union of all graphs as one Turtle graph, with prefixes
    gongkai-YYYYMMDD.nq.gz   dated copies (hard links when the file system allows)
    gongkai-YYYYMMDD.ttl.gz
    *.sha256                 one per dump file, in ``sha256sum`` format
    reports/…/YEAR.ttl.gz    with --per-report: one Turtle file per report graph
    void.ttl                 VoID + DCAT description of the data set and the dumps
    SHA256SUMS               every file this run wrote (``sha256sum -c SHA256SUMS``)

Streaming: Oxigraph writes the serialisation straight into a ``gzip -n`` child process
(the second core); nothing holds the whole dump in memory. The Turtle merge goes
through ``sort -u`` (C locale, spills to disk), which drops the triples several
report graphs share (agencies, divisions) and groups each subject's triples.

Order guarantees:

* ``gongkai.nq.gz``: Oxigraph's index order (default graph first, then named graphs);
  the same store content with the same Oxigraph version gives byte-identical files.
  With ``sorted_nquads`` (``--sorted``) the lines are in code-point order instead,
  the order ``gongkai build``'s tests compare (costs one external sort).
* ``gongkai.ttl.gz``: triples in code-point order of their N-Triples lines, so the
  output depends only on the set of triples (and the Oxigraph version).
* gzip is run with ``-n`` (no name, no time stamp): same bytes in, same bytes out.

Per-report file names: the report IRI's path after ``{base}id/report/`` (division
code, agency name, year and suffix), each segment percent-decoded and then re-encoded
so that only letters and digits (any script) and ``-._~()`` stay raw; every other
character becomes ``%XX`` (UTF-8), as does a leading ``.``. The mapping is one-to-one
and stable, e.g. ``…/id/report/430321/湘潭县交通运输局/2020`` →
``reports/430321/湘潭县交通运输局/2020.ttl.gz``.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any
from urllib.parse import unquote

import pyoxigraph as ox

from ..nt import PREFIXES
from ..uris import Uris, segment
from .layout import StoreDir

NQ_MEDIA = "application/n-quads"
TTL_MEDIA = "text/turtle"
GZIP_LEVEL = 6
_RAW_ASCII = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~()")


@dataclass(slots=True)
class DumpFile:
    """One file a dump wrote: path relative to the output directory, size and SHA-256."""

    path: str
    media_type: str
    size: int
    sha256: str
    statements: int | None = None  # quads (N-Quads) or triples (Turtle) in the file
    latest: bool = True  # False for dated copies and per-report files

    def sha256_line(self, name: str | None = None) -> str:
        return f"{self.sha256}  {name or self.path}\n"


@dataclass(slots=True)
class DumpResult:
    """What ``dump`` wrote and how fast."""

    out: Path
    files: list[DumpFile]
    quads: int
    triples: int  # distinct triples in the union of all graphs
    graphs: int
    reports: int
    seconds: dict[str, float] = field(default_factory=dict)
    issued: str = ""

    def file(self, path: str) -> DumpFile:
        return next(f for f in self.files if f.path == path)


# ---------------------------------------------------------------- helpers


def open_store(store: str | Path | StoreDir) -> ox.Store:
    """The current build's store, read-only (nobody writes into a published build)."""
    sd = store if isinstance(store, StoreDir) else StoreDir.at(store)
    return ox.Store.read_only(str(sd.oxigraph_path()))


def store_base(sd: StoreDir, base: str | None = None) -> Uris:
    """``base`` if given, else the base IRI recorded in the store's meta.json."""
    if base:
        return Uris(base)
    try:
        return Uris(sd.meta()["base"])
    except (KeyError, FileNotFoundError) as exc:
        raise ValueError(f"the store at {sd.root} records no base IRI; pass --base") from exc


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def report_file(report_iri: str, uris: Uris) -> str:
    """The per-report dump path (relative to OUT) of a report graph; see the module doc."""
    prefix = uris.base + "id/report/"
    if not report_iri.startswith(prefix):
        raise ValueError(f"not a report IRI below {prefix}: {report_iri}")
    parts = [_file_segment(unquote(s)) for s in report_iri[len(prefix):].split("/")]
    return "reports/" + "/".join(parts) + ".ttl.gz"


def _file_segment(text: str) -> str:
    out = []
    for i, ch in enumerate(text):
        raw = (ch in _RAW_ASCII or (ord(ch) > 127 and ch.isprintable() and not ch.isspace())) and not (
            i == 0 and ch == ".")
        out.append(ch if raw else "".join(f"%{b:02X}" for b in ch.encode()))
    return "".join(out) or "%00"


def download_url(uris: Uris, path: str) -> str:
    """``{base}dumps/PATH`` as an IRI (``%`` in file names becomes ``%25``)."""
    return uris.base + "dumps/" + "/".join(segment(s) for s in path.split("/"))


def prefixes(uris: Uris) -> dict[str, str]:
    """Turtle prefixes: the reused vocabularies plus gongkai's own namespaces."""
    return {**PREFIXES, "gk": uris.vocab}


class GzipSink:
    """A binary stream gzip-compressed on the other core (``gzip -n``), renamed into place on close.

    Falls back to Python's gzip (same thread) where no ``gzip`` program exists.
    """

    def __init__(self, path: Path, level: int = GZIP_LEVEL) -> None:
        self.path = path
        self.part = path.with_name(path.name + ".part")
        self._file = open(self.part, "wb")
        program = shutil.which("gzip")
        self._proc: subprocess.Popen[bytes] | None = None
        if program:
            self._proc = subprocess.Popen([program, f"-{level}", "-n", "-c"], stdin=subprocess.PIPE,
                                          stdout=self._file)
            self.stream: IO[bytes] = self._proc.stdin  # type: ignore[assignment]
        else:
            self.stream = gzip.GzipFile(filename="", mode="wb", compresslevel=level, fileobj=self._file,
                                        mtime=0)

    def close(self) -> tuple[int, str]:
        """Finish the file; returns (size, sha256)."""
        self.stream.close()
        if self._proc is not None and self._proc.wait() != 0:
            self._file.close()
            raise OSError(f"gzip failed with status {self._proc.returncode} writing {self.path}")
        self._file.flush()
        os.fsync(self._file.fileno())
        self._file.close()
        os.replace(self.part, self.path)
        return self.path.stat().st_size, sha256_file(self.path)

    def abort(self) -> None:
        try:
            self.stream.close()
        except OSError:
            pass
        if self._proc is not None:
            self._proc.kill()
            self._proc.wait()
        self._file.close()
        self.part.unlink(missing_ok=True)

    def __enter__(self) -> GzipSink:
        return self

    def __exit__(self, kind: Any, *_: Any) -> None:
        if kind is not None:
            self.abort()


class _Counter:
    """Counts newline-terminated lines flowing through a pipe into ``target``."""

    def __init__(self, target: IO[bytes]) -> None:
        self.target = target
        self.lines = 0

    def write(self, data: bytes) -> int:
        self.lines += data.count(b"\n")
        return self.target.write(data)

    def flush(self) -> None:
        self.target.flush()


def _sorter(unique: bool, tmp: Path) -> subprocess.Popen[bytes]:
    """``LC_ALL=C sort`` reading stdin, writing stdout, spilling to ``tmp`` beyond 512 MB."""
    cmd = ["sort", "-S", "512M", "--parallel=2", "-T", str(tmp)]
    if unique:
        cmd.insert(1, "-u")
    env = dict(os.environ, LC_ALL="C")
    return subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)


def _graphs(store: ox.Store) -> list[ox.NamedNode | ox.BlankNode]:
    return sorted(store.named_graphs(), key=lambda g: (isinstance(g, ox.BlankNode), g.value))


# ---------------------------------------------------------------- the dumps


def dump_nquads(store: ox.Store, path: Path, *, sorted_lines: bool = False) -> tuple[int, str, int]:
    """Every quad into ``path`` (gzip); returns (size, sha256, quads)."""
    with GzipSink(path) as sink:
        counter = _Counter(sink.stream)
        if sorted_lines:
            sorter = _sorter(False, path.parent)
            _feed_then_drain(sorter, lambda out: store.dump(out, ox.RdfFormat.N_QUADS), counter)
        else:
            store.dump(counter, ox.RdfFormat.N_QUADS)
        size, digest = sink.close()
    return size, digest, counter.lines


def _feed_then_drain(proc: subprocess.Popen[bytes], feed: Any, target: Any) -> None:
    """Write into ``proc`` (sort reads everything before it writes), then copy its output."""
    assert proc.stdin is not None and proc.stdout is not None
    try:
        feed(proc.stdin)
        proc.stdin.close()
        shutil.copyfileobj(proc.stdout, target, 1 << 20)
    finally:
        if proc.stdin and not proc.stdin.closed:
            proc.stdin.close()
        if proc.wait() != 0:
            raise OSError(f"sort failed with status {proc.returncode}")


def dump_turtle_merge(store: ox.Store, path: Path, uris: Uris) -> tuple[int, str, int]:
    """The union of every graph as one Turtle graph (duplicates dropped); returns (size, sha256, triples)."""
    sorter = _sorter(True, path.parent)
    assert sorter.stdin is not None and sorter.stdout is not None
    count = 0
    with GzipSink(path) as sink:
        try:
            if next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is not None:
                store.dump(sorter.stdin, ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
            for g in _graphs(store):
                store.dump(sorter.stdin, ox.RdfFormat.N_TRIPLES, from_graph=g)
            sorter.stdin.close()

            def triples() -> Iterator[ox.Triple]:
                nonlocal count
                for t in ox.parse(sorter.stdout, ox.RdfFormat.N_TRIPLES):
                    count += 1
                    yield t

            ox.serialize(triples(), sink.stream, ox.RdfFormat.TURTLE, prefixes=prefixes(uris))
        finally:
            if not sorter.stdin.closed:
                sorter.stdin.close()
            status = sorter.wait()
        if status != 0:
            raise OSError(f"sort failed with status {status}")
        size, digest = sink.close()
    return size, digest, count


def dump_reports(store: ox.Store, out: Path, uris: Uris) -> Iterator[DumpFile]:
    """One gzipped Turtle file per report graph, below ``out/reports`` (compressed in a second thread)."""
    prefix = uris.base + "id/report/"
    pfx = prefixes(uris)
    pending: list[threading.Thread] = []
    results: list[DumpFile] = []
    errors: list[BaseException] = []

    def finish(rel: str, data: bytes, triples: int) -> None:
        try:
            target = out / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            body = gzip.compress(data, GZIP_LEVEL, mtime=0)
            target.write_bytes(body)
            results.append(DumpFile(rel, TTL_MEDIA, len(body), hashlib.sha256(body).hexdigest(), triples,
                                    latest=False))
        except BaseException as exc:  # re-raised in the main thread
            errors.append(exc)

    for g in _graphs(store):
        if not isinstance(g, ox.NamedNode) or not g.value.startswith(prefix):
            continue
        data = store.dump(None, ox.RdfFormat.TURTLE, from_graph=g, prefixes=pfx)
        triples = _count(store, g)
        rel = report_file(g.value, uris)
        while pending and len(pending) >= 2:
            pending.pop(0).join()
        t = threading.Thread(target=finish, args=(rel, data, triples))
        t.start()
        pending.append(t)
        if errors:
            break
    for t in pending:
        t.join()
    if errors:
        raise errors[0]
    yield from sorted(results, key=lambda f: f.path)


def _count(store: ox.Store, graph: ox.NamedNode) -> int:
    """Triples in one graph (a range scan in Rust, no Python objects per triple)."""
    (row,) = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}")
    return int(row["n"].value)


def _link_or_copy(src: Path, dst: Path) -> None:
    dst.unlink(missing_ok=True)
    try:
        os.link(src, dst)
    except OSError:
        shutil.copyfile(src, dst)


def dump(
    store_dir: str | Path | StoreDir,
    out: str | Path,
    *,
    base: str | None = None,
    per_report: bool = False,
    sorted_nquads: bool = False,
    dated: bool = True,
    void: bool = True,
    now: datetime | None = None,
) -> DumpResult:
    """Write every dump of the current build into ``out``; see the module doc."""
    sd = store_dir if isinstance(store_dir, StoreDir) else StoreDir.at(store_dir)
    uris = store_base(sd, base)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    now = now or datetime.now(UTC)
    stamp = now.strftime("%Y%m%d")
    store = open_store(sd)
    graphs = _graphs(store)
    seconds: dict[str, float] = {}
    files: list[DumpFile] = []

    t = time.perf_counter()
    size, digest, quads = dump_nquads(store, out / "gongkai.nq.gz", sorted_lines=sorted_nquads)
    seconds["nquads"] = time.perf_counter() - t
    files.append(DumpFile("gongkai.nq.gz", NQ_MEDIA, size, digest, quads))

    t = time.perf_counter()
    size, digest, triples = dump_turtle_merge(store, out / "gongkai.ttl.gz", uris)
    seconds["turtle"] = time.perf_counter() - t
    files.append(DumpFile("gongkai.ttl.gz", TTL_MEDIA, size, digest, triples))

    if dated:
        for f in list(files):
            name = f.path.replace("gongkai.", f"gongkai-{stamp}.", 1)
            _link_or_copy(out / f.path, out / name)
            files.append(DumpFile(name, f.media_type, f.size, f.sha256, f.statements, latest=False))
    for f in files:
        (out / (f.path + ".sha256")).write_text(f.sha256_line(Path(f.path).name), "utf-8")

    reports = 0
    if per_report:
        t = time.perf_counter()
        staging = out / "reports.part"
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir()
        written = list(dump_reports(store, staging, uris))
        if (out / "reports").exists():
            shutil.rmtree(out / "reports")
        os.replace(staging / "reports", out / "reports")
        staging.rmdir()
        reports = len(written)
        files.extend(written)
        seconds["reports"] = time.perf_counter() - t

    result = DumpResult(out, files, quads, triples, len(graphs), reports, seconds,
                        now.isoformat(timespec="seconds").replace("+00:00", "Z"))
    if void:
        from .describe import collect_stats, write_void

        t = time.perf_counter()
        stats = collect_stats(store, uris, triples=None)
        meta = sd.meta()
        write_void(out / "void.ttl", uris, stats, result, modified=meta.get("built_at"))
        seconds["void"] = time.perf_counter() - t
    write_sums(out, files, extra=["void.ttl"] if void else [])
    return result


def write_sums(out: Path, files: list[DumpFile], extra: list[str] = ()) -> None:  # type: ignore[assignment]
    """``SHA256SUMS``: every file of this run, sorted by path, in ``sha256sum -c`` format."""
    lines = [f.sha256_line() for f in files]
    lines += [f"{sha256_file(out / name)}  {name}\n" for name in extra]
    part = out / "SHA256SUMS.part"
    part.write_text("".join(sorted(lines, key=lambda line: line.split("  ", 1)[1])), "utf-8")
    os.replace(part, out / "SHA256SUMS")
