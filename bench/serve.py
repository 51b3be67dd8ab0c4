"""Serving benchmark: ``gongkai serve`` beside pyoxigraph in-process (the ceiling) and
rdflib-endpoint (the nearest Python peer) on the same generated data.

    .venv/bin/python bench/serve.py                          # 10,000 reports (generate+build: minutes)
    .venv/bin/python bench/serve.py --reports 1000 --seconds 5
    .venv/bin/python bench/serve.py --reports 1000 --work /tmp/gk-bench   # keep the store for reruns

Data: ``gongkai.generator.generate_many(n, seed)`` (one report per agency and year) →
``gongkai build --no-validate`` → ``gongkai dump``. Workloads:

- ``turtle obs`` / ``turtle report``: a resource document as Turtle (``/doc/…``, Accept text/turtle)
  for observations and for reports (~20 triples plus ~200 inverse links each);
- ``html obs`` / ``html report``: the same documents as HTML (a report page renders every cell);
- ``aggregate``: one dataset-wide SPARQL aggregate (予以公开 总计 summed by year over every report);
- ``dump``: downloading ``gongkai.nq.gz``.

Each runs twice against the server: one connection (p50/p99 = the latency a lone client
sees; the overhead target is judged here) and ``--connections`` (throughput). The ceiling is
the same lookup (subject and inverse quads, serialised to Turtle by pyoxigraph) or the same
query (results serialised to SPARQL JSON) in this process on one core; for the dump, reading
the file. rdflib-endpoint answers the same queries (a CONSTRUCT for a resource) over HTTP
from an rdflib ``Dataset`` holding the first ``--rdflib-reports`` reports (rdflib needs
~1.2 KB of RAM per triple and loads slowly, so at 10,000 reports it gets a subset: that
flatters it). Load comes from ``wrk`` when it is on PATH (Debian package ``wrk``), else
from an httpx async client. rdflib-endpoint is not a project dependency:
``pip install rdflib-endpoint`` to include it (skipped with a note otherwise).

Targets: p50 overhead over the ceiling ≤ 3 ms for resource lookups; ≥ 10× the
throughput of rdflib-endpoint.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode

import httpx
import pyoxigraph as ox

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from gongkai import nt  # noqa: E402
from gongkai.generator import generate_many  # noqa: E402
from gongkai.store import StoreDir  # noqa: E402
from gongkai.uris import Uris  # noqa: E402
from tests.server_fixtures import _free_port, start_server  # noqa: E402

PROV_DERIVED = ox.NamedNode(nt.PROV + "wasDerivedFrom")
WRK_SCRIPT = """
local reqs, n, i = {}, 0, 0
init = function(args)
  for line in io.lines(args[1]) do
    local path, accept = line:match("^([^\\t]*)\\t(.*)$")
    n = n + 1
    reqs[n] = wrk.format("GET", path, {["Accept"] = accept})
  end
  i = math.random(n)
end
request = function()
  i = i % n + 1
  return reqs[i]
end
"""


@dataclass
class Result:
    """One measurement: requests per second and latency percentiles (ms)."""

    rps: float
    p50: float
    p99: float
    errors: int = 0
    note: str = ""


@dataclass
class Workload:
    name: str
    requests: list[tuple[str, str]]  # (path, Accept) against gongkai serve
    inprocess: Callable[[int], bytes]  # the ceiling: i-th request answered in this process
    peer: list[tuple[str, str]] | None = None  # (path, Accept) against rdflib-endpoint
    lookup: bool = True  # judged against the ≤ 3 ms overhead target
    size: int = 0  # bytes per answer, when fixed (the dump)
    results: dict[str, Result] = field(default_factory=dict)


# ---------------------------------------------------------------- data


def run(cmd: list[str], what: str) -> float:
    """Run a gongkai command; its wall time in seconds."""
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "gongkai.cli", *cmd], cwd=REPO, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(REPO)})
    if proc.returncode != 0:
        raise SystemExit(f"{what} failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    return time.perf_counter() - start


def prepare(work: Path, reports: int, seed: int, jobs: int) -> Path:
    """A built and dumped store of ``reports`` generated reports under ``work`` (reused when present)."""
    store = work / f"store-{reports}-{seed}"
    if (store / "dumps" / "gongkai.nq.gz").is_file():
        print(f"reusing {store}")
        return store
    shutil.rmtree(store, ignore_errors=True)
    inputs = work / f"reports-{reports}-{seed}"
    shutil.rmtree(inputs, ignore_errors=True)
    inputs.mkdir(parents=True)
    t0 = time.perf_counter()
    for sample in generate_many(reports, seed):
        (inputs / sample.name).write_text(sample.text, "utf-8")
    print(f"generated {reports:,} reports in {time.perf_counter() - t0:.1f} s")
    t = run(["build", str(inputs), "--store", str(store), "--no-validate", "--jobs", str(jobs)], "gongkai build")
    print(f"gongkai build --no-validate: {t:.1f} s")
    t = run(["dump", "--store", str(store), "--out", str(store / "dumps"), "--no-dated"], "gongkai dump")
    print(f"gongkai dump: {t:.1f} s")
    shutil.rmtree(inputs, ignore_errors=True)
    return store


def report_iris(store: ox.Store, gk: str) -> list[str]:
    rows = store.query(f"SELECT ?r {{ GRAPH ?r {{ ?r a <{gk}AnnualReport> }} }}")
    return sorted(row["r"].value for row in rows)


def subset_nquads(store: ox.Store, graphs: list[str], out: Path) -> int:
    """The quads of ``graphs`` (report graphs, vocabulary graphs) as one N-Quads file; the quad count."""
    n = 0
    with out.open("wb") as f:
        for g in graphs:
            quads = list(store.quads_for_pattern(None, None, None, ox.NamedNode(g)))
            n += len(quads)
            f.write(ox.serialize(quads, format=ox.RdfFormat.N_QUADS))
    return n


# ---------------------------------------------------------------- the ceiling


def lookup_turtle(store: ox.Store, iri: str, prefixes: dict[str, str], scan: int = 2000) -> bytes:
    """Subject triples and (up to ``scan``) inverse triples of ``iri``, as Turtle: pyoxigraph only."""
    node = ox.NamedNode(iri)
    triples = {q.triple for q in store.quads_for_pattern(node, None, None, None)}
    triples.update(q.triple for q in itertools.islice(store.quads_for_pattern(None, None, node, None), scan))
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes)


def query_json(store: ox.Store, query: str) -> bytes:
    result = store.query(query, use_default_graph_as_union=True)
    return result.serialize(format=ox.QueryResultsFormat.JSON)


def measure_inprocess(fn: Callable[[int], bytes], seconds: float) -> Result:
    latencies: list[float] = []
    stop = time.perf_counter() + seconds
    i = 0
    while time.perf_counter() < stop or len(latencies) < 3:
        t0 = time.perf_counter()
        fn(i)
        latencies.append(time.perf_counter() - t0)
        i += 1
    return summarise(latencies, sum(latencies))


def summarise(latencies: list[float], seconds: float, errors: int = 0) -> Result:
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    return Result(len(latencies) / seconds, statistics.median(latencies) * 1000, p99 * 1000, errors)


# ---------------------------------------------------------------- load generators


def _wrk_ms(text: str) -> float:
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    if not m:
        raise ValueError(text)
    return float(m.group(1)) * {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 6e4}[m.group(2)]


def wrk(url: str, requests: list[tuple[str, str]], seconds: float, connections: int, work: Path) -> Result:
    lines = work / "wrk-requests.tsv"
    lines.write_text("".join(f"{p}\t{a}\n" for p, a in requests), "utf-8")
    script = work / "wrk-rotate.lua"
    script.write_text(WRK_SCRIPT)
    threads = min(2, connections)
    proc = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds:g}s", "--timeout", "60s",
                           "--latency", "-s", str(script), url, "--", str(lines)],
                          capture_output=True, text=True, check=True)
    out = proc.stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    done = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    if done == 0:  # every request outlasted the run: no rate, no latencies
        return Result(float("nan"), float("nan"), float("nan"), note=f"none completed in {seconds:g} s")
    pct = {m.group(1): _wrk_ms(m.group(2)) for m in re.finditer(r"^\s+(50|99)(?:\.000)?%\s+(\S+)", out, re.M)}
    errors = sum(int(m.group(1)) for m in re.finditer(r"Non-2xx or 3xx responses: (\d+)", out))
    errors += sum(int(x) for m in re.finditer(r"Socket errors: (.*)", out) for x in re.findall(r"\d+", m.group(1)))
    if "50" not in pct:
        raise RuntimeError(f"cannot read wrk's output:\n{out}")
    return Result(rps, pct["50"], pct.get("99", float("nan")), errors)


def async_client(url: str, requests: list[tuple[str, str]], seconds: float, connections: int) -> Result:
    """The fallback load: ``connections`` keep-alive clients in one asyncio loop (httpx)."""

    async def main() -> Result:
        latencies: list[float] = []
        errors = 0
        limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
        async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as client:
            stop = time.perf_counter() + seconds

            async def one(k: int) -> None:
                nonlocal errors
                i = k
                while time.perf_counter() < stop:
                    path, accept = requests[i % len(requests)]
                    t0 = time.perf_counter()
                    r = await client.get(path, headers={"Accept": accept})
                    latencies.append(time.perf_counter() - t0)
                    errors += r.status_code >= 400
                    i += 1

            start = time.perf_counter()
            await asyncio.gather(*(one(k * 7) for k in range(connections)))
            return summarise(latencies, time.perf_counter() - start, errors)

    return asyncio.run(main())


def load(url: str, requests: list[tuple[str, str]], seconds: float, connections: int, work: Path) -> Result:
    if shutil.which("wrk"):
        return wrk(url, requests, seconds, connections, work)
    return async_client(url, requests, seconds, connections)


# ---------------------------------------------------------------- rdflib-endpoint


def rdflib_child(nquads: str, port: int) -> None:
    """``--rdflib-child``: serve ``nquads`` with rdflib-endpoint on ``port`` (a separate process)."""
    import rdflib
    import uvicorn
    from rdflib_endpoint import SparqlEndpoint

    ds = rdflib.Dataset(default_union=True)
    ds.parse(nquads, format="nquads")
    uvicorn.run(SparqlEndpoint(graph=ds, path="/sparql"), host="127.0.0.1", port=port, log_level="warning")


def start_rdflib(nquads: Path, log: Path) -> tuple[subprocess.Popen, str, float]:
    port = _free_port()
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, __file__, "--rdflib-child", str(nquads), str(port)],
                            stdout=subprocess.DEVNULL, stderr=log.open("wb"), cwd=REPO)
    url = f"http://127.0.0.1:{port}"
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"rdflib-endpoint exited: {log.read_text()[-2000:]}")
        try:
            r = httpx.get(url + "/sparql", params={"query": "ASK {}"}, timeout=2,
                          headers={"Accept": "application/sparql-results+json"})
            if r.status_code == 200:
                return proc, url, time.perf_counter() - start
        except httpx.HTTPError:
            pass
        time.sleep(0.5)


def construct(iri: str) -> str:
    return f"CONSTRUCT {{ <{iri}> ?p ?o . ?s ?q <{iri}> }} WHERE {{ {{ <{iri}> ?p ?o }} UNION {{ ?s ?q <{iri}> }} }}"


# ---------------------------------------------------------------- main


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


def doc_path(iri: str, uris: Uris, suffix: str = "") -> str:
    return quote("/doc/" + iri[len(uris.base) + 3:] + suffix)


def workloads(store: ox.Store, store_dir: Path, uris: Uris, sample: int, rdflib_reports: set[str],
              seed: int) -> list[Workload]:
    reports = report_iris(store, uris.vocab)
    rng = random.Random(seed)
    chosen = rng.sample(reports, min(sample, len(reports)))
    obs = []
    for r in chosen:
        derived = [q.subject.value for q in itertools.islice(
            store.quads_for_pattern(None, PROV_DERIVED, ox.NamedNode(r), None), 400) if "/obs/" in q.subject.value]
        obs.append(rng.choice(derived))
    prefixes = {**nt.PREFIXES, "gk": uris.vocab}
    peer_reports = [r for r in chosen if r in rdflib_reports] or sorted(rdflib_reports)[:sample]
    peer_obs = [o for o, r in zip(obs, chosen, strict=True) if r in rdflib_reports]

    def peer(iris: list[str], accept: str = "text/turtle") -> list[tuple[str, str]]:
        return [("/sparql?" + urlencode({"query": construct(i)}), accept) for i in iris]

    gk = uris.vocab
    aggregate = f"""PREFIX gk: <{gk}>
PREFIX sdmx-measure: <http://purl.org/linked-data/sdmx/2009/measure#>
SELECT ?year (COUNT(?obs) AS ?reports) (SUM(?v) AS ?granted) WHERE {{
  ?obs gk:applicationItem <{gk}application-item/O1> ; gk:applicantType <{gk}applicant-type/TOTAL> ;
       gk:refYear ?year ; sdmx-measure:obsValue ?v .
}} GROUP BY ?year ORDER BY ?year"""
    agg_path = "/sparql?" + urlencode({"query": aggregate})
    json_accept = "application/sparql-results+json"
    dump = store_dir / "dumps" / "gongkai.nq.gz"
    return [
        Workload("turtle obs", [(doc_path(o, uris), "text/turtle") for o in obs],
                 lambda i: lookup_turtle(store, obs[i % len(obs)], prefixes), peer(peer_obs) if peer_obs else None),
        Workload("turtle report", [(doc_path(r, uris), "text/turtle") for r in chosen],
                 lambda i: lookup_turtle(store, chosen[i % len(chosen)], prefixes), peer(peer_reports)),
        Workload("html obs", [(doc_path(o, uris), "text/html") for o in obs],
                 lambda i: lookup_turtle(store, obs[i % len(obs)], prefixes)),
        Workload("html report", [(doc_path(r, uris), "text/html") for r in chosen],
                 lambda i: lookup_turtle(store, chosen[i % len(chosen)], prefixes)),
        Workload("aggregate", [(agg_path, json_accept)], lambda i: query_json(store, aggregate),
                 [(agg_path, json_accept)], lookup=False),
        Workload("dump", [("/dumps/gongkai.nq.gz", "*/*")], lambda i: dump.read_bytes(), lookup=False,
                 size=dump.stat().st_size),
    ]


def print_table(loads: list[Workload], connections: int, peer_note: str) -> None:
    head = (f"| workload | system | req/s (c={connections}) | p50 ms (c=1) | p99 ms (c=1) | "
            f"p50 ms (c={connections}) | p99 ms (c={connections}) |")
    print("\n" + head)
    print("|" + "---|" * 7)
    for w in loads:
        for system in ("in-process", "gongkai", "rdflib-endpoint"):
            one, many = w.results.get(system + " c1"), w.results.get(system + " cN")
            if one is None and many is None:
                continue
            if many and many.note:
                cells = [many.note, f"{one.p50:.2f}" if one else "", f"{one.p99:.2f}" if one else "", "", ""]
                print(f"| {w.name} | {system} | " + " | ".join(cells) + " |")
                continue
            cells = [f"{many.rps:,.1f}" if many else "", f"{one.p50:.2f}" if one else "",
                     f"{one.p99:.2f}" if one else "", f"{many.p50:.2f}" if many and system != "in-process" else "",
                     f"{many.p99:.2f}" if many and system != "in-process" else ""]
            errors = (one.errors if one else 0) + (many.errors if many else 0)
            name = system + (" †" if system == "rdflib-endpoint" else "") + (f" ({errors} errors)" if errors else "")
            print(f"| {w.name} | {name} | " + " | ".join(cells) + " |")
    print(f"\nin-process = pyoxigraph in this process, one core, c=1 only (req/s = 1 / mean). † {peer_note}")
    print("\nverdicts:")
    for w in loads:
        ceil, ours, peer = (w.results.get(k) for k in ("in-process c1", "gongkai c1", "rdflib-endpoint cN"))
        parts = []
        if ceil and ours and w.lookup:
            over = ours.p50 - ceil.p50
            parts.append(f"p50 overhead {over:+.2f} ms ({'OK' if over <= 3 else 'over'} ≤ 3 ms)")
        mine = w.results.get("gongkai cN")
        if peer and mine and (peer.note or mine.note):
            parts.append(f"throughput not compared ({'rdflib-endpoint' if peer.note else 'gongkai'}: {peer.note or mine.note})")
        elif peer and mine:
            ratio = mine.rps / peer.rps if peer.rps else float("inf")
            parts.append(f"{ratio:,.1f}× rdflib-endpoint ({'OK' if ratio >= 10 else 'under'} ≥ 10×)")
        if w.name == "dump" and mine and w.size and not mine.note:
            parts.append(f"{mine.rps * w.size / 1e6:,.0f} MB/s at c={connections} ({w.size / 1e6:.1f} MB file)")
        if parts:
            print(f"  {w.name}: " + "; ".join(parts))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reports", type=int, default=10_000, help="generated reports in the store (default 10000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--work", help="directory for the store (kept, reused); default a temporary one")
    ap.add_argument("--seconds", type=float, default=10, help="seconds per measurement (default 10)")
    ap.add_argument("--connections", type=int, default=32, help="connections for the throughput runs")
    ap.add_argument("--sample", type=int, default=200, help="distinct resources per lookup workload")
    ap.add_argument("--rdflib-reports", type=int, default=1000,
                    help="reports loaded into rdflib-endpoint (default 1000; 0 skips it)")
    ap.add_argument("--jobs", type=int, default=0, help="build jobs (default one per core)")
    ap.add_argument("--only", help="comma-separated workload names to run")
    ap.add_argument("--http-workers", type=int, help="gongkai serve --http-workers (default: the server's default)")
    ap.add_argument("--rdflib-child", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.rdflib_child:
        rdflib_child(args.rdflib_child[0], int(args.rdflib_child[1]))
        return 0

    tmp = None if args.work else tempfile.TemporaryDirectory(prefix="gongkai-bench-")
    work = Path(args.work or tmp.name)  # type: ignore[union-attr]
    work.mkdir(parents=True, exist_ok=True)
    store_dir = prepare(work, args.reports, args.seed, args.jobs)
    sd = StoreDir.at(store_dir)
    store = ox.Store.read_only(str(sd.oxigraph_path()))
    uris = Uris(sd.meta().get("base") or Uris().base)
    triples = len(store)
    dump_mb = (store_dir / "dumps" / "gongkai.nq.gz").stat().st_size / 1e6
    print(f"store: {args.reports:,} reports, {triples:,} quads; gongkai.nq.gz {dump_mb:.1f} MB; base {uris.base}")

    all_reports = report_iris(store, uris.vocab)
    peer_reports: set[str] = set()
    peer_proc = peer_url = None
    peer_note = "rdflib-endpoint skipped"
    if args.rdflib_reports:
        try:
            import rdflib_endpoint  # noqa: F401
        except ImportError:
            peer_note = "rdflib-endpoint not installed (pip install rdflib-endpoint): skipped"
        else:
            rng = random.Random(args.seed)
            peer_reports = set(rng.sample(all_reports, min(args.rdflib_reports, len(all_reports))))
            prefix = uris.base + "graph/"
            vocab = [g.value for g in store.named_graphs() if g.value.startswith(prefix)]
            nq = work / "rdflib-subset.nq"
            t0 = time.perf_counter()
            n = subset_nquads(store, sorted(peer_reports) + vocab, nq)
            print(f"rdflib subset: {len(peer_reports):,} reports, {n:,} quads ({time.perf_counter() - t0:.1f} s)")
            peer_proc, peer_url, started = start_rdflib(nq, work / "rdflib.log")
            peer_note = (f"rdflib-endpoint {__import__('importlib.metadata').metadata.version('rdflib-endpoint')} "
                         f"holds {len(peer_reports):,} of the {len(all_reports):,} reports ({n:,} quads; "
                         f"{started:.0f} s to load and start); a resource is a CONSTRUCT of its subject and "
                         f"inverse triples, as Turtle")
            print(peer_note)

    loads = workloads(store, store_dir, uris, args.sample, peer_reports, args.seed)
    if args.only:
        wanted = set(args.only.split(","))
        loads = [w for w in loads if w.name in wanted]
    serve_args = ["--no-access-log"] + (["--http-workers", str(args.http_workers)] if args.http_workers else [])
    proc, url = start_server(store_dir, work / "server.log", *serve_args)
    http_workers = httpx.get(url + "/health").json().get("http_workers", 1)
    try:
        # the answers are right before anything is timed
        for w in loads:
            path, accept = w.requests[0]
            r = httpx.get(url + path, headers={"Accept": accept}, timeout=60)
            assert r.status_code == 200, (w.name, r.status_code, r.text[:300])
            w.inprocess(0)
        for w in loads:
            w.results["in-process c1"] = measure_inprocess(w.inprocess, min(args.seconds, 5))
            load(url, w.requests, 2, 4, work)  # warm up
            w.results["gongkai c1"] = load(url, w.requests, args.seconds, 1, work)
            w.results["gongkai cN"] = load(url, w.requests, args.seconds, args.connections, work)
            if peer_url and w.peer:
                w.results["rdflib-endpoint c1"] = load(peer_url, w.peer, args.seconds, 1, work)
                w.results["rdflib-endpoint cN"] = load(peer_url, w.peer, args.seconds, args.connections, work)
            print(w.name, {k: f"{v.rps:.1f}/s p50 {v.p50:.2f} p99 {v.p99:.2f} err {v.errors}"
                           for k, v in w.results.items()}, flush=True)
    finally:
        stop(proc)
        if peer_proc is not None:
            stop(peer_proc)
    print_table(loads, args.connections, peer_note)
    print(f"\nload generator: {'wrk' if shutil.which('wrk') else 'httpx async client'}; "
          f"{os.cpu_count()} cores shared by client and servers; {args.seconds:g} s per run; "
          f"gongkai serve with {http_workers} HTTP worker(s)")
    del store
    if tmp is not None:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
