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

Streaming, one pass over the store: a child process (one core) has Oxigraph write
every quad as N-Quads into a pipe (``Store.dump`` reads ~190k quads/s, the ceiling);
this process copies the bytes into ``gzip -n`` (the N-Quads file) and, cutting off the
graph names graph by graph, into ``sort -u`` (C locale, spills to disk) and into the
per-report files. ``sort -u`` drops the triples several report graphs share (agencies,
divisions) and groups each subject's triples; its output becomes the Turtle merge while
the VoID statistics are counted from it (no SPARQL scans). Nothing holds the whole
dump in memory.

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
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import unquote

import pyoxigraph as ox

from ..nt import PREFIXES
from ..uris import Uris
from .layout import StoreDir

if TYPE_CHECKING:
    from .describe import Stats

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
    stats: Stats | None = None  # what void.ttl counts

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
    """``{base}dumps/PATH`` as an IRI (``%`` in file names becomes ``%25``): :meth:`Uris.dump`."""
    return uris.dump(path)


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

#: the child process that reads the store: Oxigraph's N-Quads writer straight into a pipe
_READER = ("import sys, pyoxigraph as ox; "
           "ox.Store.read_only(sys.argv[1]).dump(sys.stdout.buffer, ox.RdfFormat.N_QUADS); sys.stdout.flush()")
_CHUNK = 1 << 20


class GraphSplitter:
    """Cuts the N-Quads stream (default graph first, then one named graph after another)
    into N-Triples for the merge and one block of N-Triples per named graph.

    Every line of graph ``<g>`` ends in `` <g> .``; the lines of one graph are contiguous
    (Oxigraph dumps in graph order), so a block is found with one ``rfind`` and turned
    into N-Triples with one ``replace``: no per-line Python. A graph seen twice raises.
    """

    def __init__(self, triples: IO[bytes], default_quads: int,
                 keep: Callable[[bytes], bool], on_graph: Callable[[bytes, bytes, int], None]) -> None:
        self.triples = triples  # receives every line without its graph
        self.quads = 0
        self._default_left = default_quads
        self._keep = keep  # which graphs' N-Triples ``on_graph`` gets (others: only their count)
        self._on_graph = on_graph
        self._carry = b""
        self._graph: bytes | None = None
        self._blocks: list[bytes] = []
        self._lines = 0
        self._seen: set[bytes] = set()

    def feed(self, data: bytes) -> None:
        data = self._carry + data if self._carry else data
        end = data.rfind(b"\n") + 1
        self._carry = data[end:]
        self.quads += data.count(b"\n", 0, end)
        pos = self._default(data, end) if self._default_left else 0
        while pos < end:
            nl = data.index(b"\n", pos)
            graph = data[data.rindex(b" ", pos, nl - 2) + 1:nl - 2]
            marker = b" " + graph + b" .\n"
            stop = data.rfind(marker, pos, end) + len(marker)
            lines = data.count(b"\n", pos, stop)
            if data.count(marker, pos, stop) != lines:
                raise ValueError(f"N-Quads not grouped by graph around {graph.decode(errors='replace')}")
            block = data[pos:stop].replace(marker, b" .\n")
            self.triples.write(block)
            if graph != self._graph:
                self._end_graph()
                if graph in self._seen:
                    raise ValueError(f"graph {graph.decode(errors='replace')} dumped in two runs")
                self._seen.add(graph)
                self._graph = graph
            if self._keep(graph):
                self._blocks.append(block)
            self._lines += lines
            pos = stop

    def _default(self, data: bytes, end: int) -> int:
        """Pass the default graph's lines (already triples) through; returns where named graphs start."""
        pos = 0
        while self._default_left and pos < end:
            pos = data.index(b"\n", pos) + 1
            self._default_left -= 1
        self.triples.write(data[:pos])
        return pos

    def close(self) -> None:
        if self._carry:
            raise ValueError("N-Quads stream ends inside a line")
        self._end_graph()

    def _end_graph(self) -> None:
        if self._graph is not None:
            self._on_graph(self._graph, b"".join(self._blocks), self._lines)
        self._graph, self._blocks, self._lines = None, [], 0


def report_turtle(out: Path, base: str, graph: str, ntriples: bytes, triples: int) -> DumpFile:
    """Write one report graph's gzipped Turtle file below ``out``, from its N-Triples."""
    uris = Uris(base)
    rel = report_file(graph, uris)
    ttl = ox.serialize(ox.parse(ntriples, ox.RdfFormat.N_TRIPLES), None, ox.RdfFormat.TURTLE,
                       prefixes=prefixes(uris))
    body = gzip.compress(ttl or b"", GZIP_LEVEL, mtime=0)
    target = out / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(body)
    return DumpFile(rel, TTL_MEDIA, len(body), hashlib.sha256(body).hexdigest(), triples, latest=False)


class _ReportFiles:
    """Per-report Turtle files, written as each report graph goes by in the store pass.

    (In this process: the store reader has one core, this process, ``gzip`` and ``sort``
    share the other; a worker process for these files measured slower on two cores.)
    """

    def __init__(self, out: Path, uris: Uris) -> None:
        self.out, self.uris, self.prefix = out, uris, uris.base + "id/report/"
        self.files: list[DumpFile] = []
        self.seconds = 0.0

    def wanted(self, graph: bytes) -> bool:
        return graph.startswith(b"<" + self.prefix.encode())

    def write(self, graph: bytes, ntriples: bytes, triples: int) -> None:
        start = time.perf_counter()
        self.files.append(report_turtle(self.out, self.uris.base, graph[1:-1].decode(), ntriples, triples))
        self.seconds += time.perf_counter() - start


def _link_or_copy(src: Path, dst: Path) -> None:
    dst.unlink(missing_ok=True)
    try:
        os.link(src, dst)
    except OSError:
        shutil.copyfile(src, dst)


def _read_store(sd: StoreDir, feed: Callable[[bytes], None]) -> None:
    """Every quad of the store as N-Quads into ``feed``, read by a child process (the other core)."""
    proc = subprocess.Popen([sys.executable, "-c", _READER, str(sd.oxigraph_path())], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    try:
        while data := proc.stdout.read1(_CHUNK):
            feed(data)
    except BaseException:
        proc.kill()
        raise
    finally:
        proc.stdout.close()
        error = proc.stderr.read().decode(errors="replace").strip()
        proc.stderr.close()
        status = proc.wait()
    if status != 0:
        raise OSError(f"reading the store failed (status {status}): {error.splitlines()[-1] if error else ''}")


class _Tap:
    """A binary reader over ``source`` that hands each complete line to ``on_lines`` on the way."""

    def __init__(self, source: IO[bytes], on_lines: Callable[[list[bytes]], None]) -> None:
        self.source, self.on_lines, self._carry = source, on_lines, b""

    def read(self, size: int = -1) -> bytes:
        data = self.source.read(size if size and size > 0 else _CHUNK)
        lines = (self._carry + data).split(b"\n")
        self._carry = lines.pop()
        if not data and self._carry:
            lines.append(self._carry)
            self._carry = b""
        if lines:
            self.on_lines(lines)
        return data


def _void_only(store: ox.Store, uris: Uris, lines: list[bytes]) -> set[bytes]:
    """The N-Triples lines of the ``void`` graph that no other graph holds (not counted by VoID)."""
    if not lines:
        return set()
    void = ox.NamedNode(uris.graph("void"))
    parsed = ox.parse(b"".join(lines), ox.RdfFormat.N_TRIPLES)
    return {line.rstrip(b"\n") for line, t in zip(lines, parsed, strict=True)
            if not any(q.graph_name != void for q in store.quads_for_pattern(t.subject, t.predicate, t.object))}


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
    """Write every dump of the current build into ``out``; see the module doc.

    One pass over the store (a child process writes N-Quads into a pipe) feeds ``gzip``
    (the N-Quads file), ``sort -u`` (the merge) and the per-report files; then the sorted
    triples become the Turtle merge while the VoID statistics are counted from them.
    """
    from .describe import StatsCounter, write_void

    sd = store_dir if isinstance(store_dir, StoreDir) else StoreDir.at(store_dir)
    uris = store_base(sd, base)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    now = now or datetime.now(UTC)
    stamp = now.strftime("%Y%m%d")
    store = open_store(sd)
    graphs = _graphs(store)
    default_quads = sum(1 for _ in store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    seconds: dict[str, float] = {}
    files: list[DumpFile] = []
    staging = out / "reports.part"
    reports = _ReportFiles(staging, uris) if per_report else None
    if reports is not None:
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir()
    void_graph = f"<{uris.graph('void')}>".encode()
    void_lines: list[bytes] = []

    def keep(graph: bytes) -> bool:
        return graph == void_graph or (reports is not None and reports.wanted(graph))

    def on_graph(graph: bytes, ntriples: bytes, triples: int) -> None:
        if graph == void_graph:
            void_lines.extend(ntriples.splitlines(keepends=True))
        elif reports is not None and reports.wanted(graph):
            reports.write(graph, ntriples, triples)

    t = time.perf_counter()
    with GzipSink(out / "gongkai.nq.gz") as nq, GzipSink(out / "gongkai.ttl.gz") as ttl:
        merge = _sorter(True, out)
        nq_sorter = _sorter(False, out) if sorted_nquads else None
        drain: threading.Thread | None = None
        procs = [p for p in (merge, nq_sorter) if p is not None]
        try:
            assert merge.stdin is not None and merge.stdout is not None
            nq_target = nq_sorter.stdin if nq_sorter is not None else nq.stream
            assert nq_target is not None
            splitter = GraphSplitter(merge.stdin, default_quads, keep, on_graph)

            def feed(data: bytes) -> None:
                nq_target.write(data)
                splitter.feed(data)

            _read_store(sd, feed)
            splitter.close()
            merge.stdin.close()
            if nq_sorter is not None:
                assert nq_sorter.stdin is not None and nq_sorter.stdout is not None
                nq_sorter.stdin.close()
                drain = threading.Thread(target=shutil.copyfileobj, args=(nq_sorter.stdout, nq.stream, _CHUNK))
                drain.start()
            else:
                nq_size, nq_sha = nq.close()
            seconds["nquads"] = time.perf_counter() - t

            t = time.perf_counter()
            counter = StatsCounter(uris, skip=_void_only(store, uris, void_lines))
            parsed = ox.parse(_Tap(merge.stdout, counter.feed), ox.RdfFormat.N_TRIPLES)  # type: ignore[arg-type]
            ox.serialize(parsed, ttl.stream, ox.RdfFormat.TURTLE, prefixes=prefixes(uris))
            for proc in procs:
                if proc is merge:
                    merge.stdout.close()
                if proc.wait() != 0:
                    raise OSError(f"sort failed with status {proc.returncode}")
            ttl_size, ttl_sha = ttl.close()
            if drain is not None:
                drain.join()
                nq_size, nq_sha = nq.close()
            seconds["turtle"] = time.perf_counter() - t
        finally:
            for proc in procs:
                if proc.poll() is None:
                    proc.kill()
                    proc.wait()
            if drain is not None:
                drain.join()
    quads = splitter.quads
    triples = counter.lines
    files.append(DumpFile("gongkai.nq.gz", NQ_MEDIA, nq_size, nq_sha, quads))
    files.append(DumpFile("gongkai.ttl.gz", TTL_MEDIA, ttl_size, ttl_sha, triples))

    if dated:
        for f in list(files):
            name = f.path.replace("gongkai.", f"gongkai-{stamp}.", 1)
            _link_or_copy(out / f.path, out / name)
            files.append(DumpFile(name, f.media_type, f.size, f.sha256, f.statements, latest=False))
    for f in files:
        (out / (f.path + ".sha256")).write_text(f.sha256_line(Path(f.path).name), "utf-8")

    count = 0
    if reports is not None:
        seconds["reports"] = reports.seconds  # part of "nquads": written during the store pass
        written = sorted(reports.files, key=lambda f: f.path)
        if (staging / "reports").exists():
            if (out / "reports").exists():
                shutil.rmtree(out / "reports")
            os.replace(staging / "reports", out / "reports")
        shutil.rmtree(staging)
        count = len(written)
        files.extend(written)

    result = DumpResult(out, files, quads, triples, len(graphs), count, seconds,
                        now.isoformat(timespec="seconds").replace("+00:00", "Z"))
    if void:
        t = time.perf_counter()
        n_graphs = sum(1 for g in graphs if g.value != uris.graph("void"))
        result.stats = counter.stats(n_graphs)
        write_void(out / "void.ttl", uris, result.stats, result, modified=sd.meta().get("built_at"))
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
