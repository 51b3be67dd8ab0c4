"""gongkai dump / export: round trips through gzip and a parser, checksums, VoID, CSV."""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest

from gongkai.cli import main
from gongkai.generator import generate_many
from gongkai.mapper.parse import parse_bytes
from gongkai.mapper.rdf import place, report_quads
from gongkai.model import Report
from gongkai.nt import DCAT, QB, SDMX_MEASURE, SPDX, VOID, XSD
from gongkai.ontology import codelist_quads, ontology_quads, structure_quads
from gongkai.store.describe import IANA
from gongkai.store.dumps import DumpResult, download_url, dump, report_file
from gongkai.store.export import HEADER
from gongkai.store.layout import StoreDir
from gongkai.uris import Uris, unsegment

BASE = "https://gongkai.test/"
REPORTS = 25


def make_store(root: Path, count: int = REPORTS, seed: int = 3, base: str = BASE) -> tuple[StoreDir, int]:
    """A published store of ``count`` generated reports plus the vocabulary; returns (store, report graphs)."""
    uris = Uris(base)
    lines: list[str] = []
    seen: set[str] = set()
    for sample in generate_many(count, seed):
        report = parse_bytes(sample.text.encode(), sample.name)
        if not isinstance(report, Report):
            continue
        placement = place(report, uris)
        if placement.report in seen:  # same agency and year drawn twice: keep both, apart
            placement = place(report, uris, suffix="-" + report.source.sha256[:8])
        seen.add(placement.report)
        lines.extend(report_quads(report, placement, uris))
    for name, fn in (("ontology", ontology_quads), ("codelists", codelist_quads), ("structure", structure_quads)):
        lines.extend(fn(uris, uris.graph(name)))
    sd = StoreDir(root)
    build = sd.new_build()
    store = ox.Store(str(build / "oxigraph"))
    store.bulk_load("".join(dict.fromkeys(lines)).encode(), ox.RdfFormat.N_QUADS)
    store.flush()
    del store
    sd.publish(build, {"base": uris.base, "built_at": "2026-11-22T07:00:00Z"})
    return sd, len(seen)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[StoreDir, int, ox.Store]:
    sd, reports = make_store(tmp_path_factory.mktemp("store"))
    return sd, reports, ox.Store.read_only(str(sd.oxigraph_path()))


@pytest.fixture(scope="module")
def dumped(built: tuple[StoreDir, int, ox.Store], tmp_path_factory: pytest.TempPathFactory) -> DumpResult:
    sd, _, _ = built
    return dump(sd, tmp_path_factory.mktemp("dumps"), per_report=True)


def gunzip(path: Path) -> bytes:
    return gzip.decompress(path.read_bytes())


def store_quads(store: ox.Store) -> set[str]:
    return {str(q) for q in store}


def store_triples(store: ox.Store) -> set[str]:
    return {str(q.triple) for q in store}


# ---------------------------------------------------------------- N-Quads and Turtle


def test_nquads_round_trip(built: tuple[StoreDir, int, ox.Store], dumped: DumpResult) -> None:
    _, _, store = built
    quads = list(ox.parse(gunzip(dumped.out / "gongkai.nq.gz"), ox.RdfFormat.N_QUADS))
    assert len(quads) == len(store) == dumped.quads
    assert {str(q) for q in quads} == store_quads(store)


def test_turtle_is_the_union_of_all_graphs(built: tuple[StoreDir, int, ox.Store], dumped: DumpResult) -> None:
    _, _, store = built
    text = gunzip(dumped.out / "gongkai.ttl.gz")
    assert text.startswith(b"@prefix ")
    assert b"@prefix qb: <http://purl.org/linked-data/cube#>" in text
    triples = [str(t) for t in ox.parse(text, ox.RdfFormat.TURTLE)]
    assert len(triples) == len(set(triples)) == dumped.triples  # no duplicates
    union = store_triples(store)
    assert set(triples) == union
    assert len(union) < len(store)  # agencies and years recur across report graphs


def test_dumps_are_deterministic(built: tuple[StoreDir, int, ox.Store], dumped: DumpResult, tmp_path: Path) -> None:
    sd, _, _ = built
    again = dump(sd, tmp_path, void=False, dated=False)
    for name in ("gongkai.nq.gz", "gongkai.ttl.gz"):
        assert (tmp_path / name).read_bytes() == (dumped.out / name).read_bytes()
    assert dumped.file("gongkai.nq.gz").sha256 == again.file("gongkai.nq.gz").sha256


def test_sorted_nquads(built: tuple[StoreDir, int, ox.Store], tmp_path: Path) -> None:
    sd, _, store = built
    dump(sd, tmp_path, sorted_nquads=True, void=False, dated=False)
    lines = gunzip(tmp_path / "gongkai.nq.gz").splitlines()
    assert lines == sorted(lines) and len(lines) == len(store)


# ---------------------------------------------------------------- checksums and names


def test_sha256sums_verify(dumped: DumpResult) -> None:
    out = dumped.out
    listed = {}
    for line in (out / "SHA256SUMS").read_text("utf-8").splitlines():
        digest, name = line.split("  ", 1)
        listed[name] = digest
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == digest, name
    stamp = dumped.issued[:10].replace("-", "")
    for name in ("gongkai.nq.gz", "gongkai.ttl.gz", f"gongkai-{stamp}.nq.gz", f"gongkai-{stamp}.ttl.gz"):
        assert name in listed
        digest, file = (out / (name + ".sha256")).read_text("utf-8").split()
        assert (digest, file) == (listed[name], name)
    assert (out / f"gongkai-{stamp}.nq.gz").read_bytes() == (out / "gongkai.nq.gz").read_bytes()
    assert "void.ttl" in listed
    assert sum(1 for n in listed if n.startswith("reports/")) == dumped.reports
    assert not list(out.rglob("*.part"))


def test_per_report_files(built: tuple[StoreDir, int, ox.Store], dumped: DumpResult) -> None:
    _, reports, store = built
    uris = Uris(BASE)
    graphs = [g for g in store.named_graphs() if g.value.startswith(BASE + "id/report/")]
    assert dumped.reports == len(graphs) == reports
    for g in graphs:
        path = dumped.out / report_file(g.value, uris)
        text = gunzip(path)
        assert text.startswith(b"@prefix ")
        got = {str(t) for t in ox.parse(text, ox.RdfFormat.TURTLE)}
        assert got == {str(q.triple) for q in store.quads_for_pattern(None, None, None, g)}


def test_report_file_names() -> None:
    uris = Uris(BASE)
    assert report_file(uris.report("430321/湘潭县交通运输局", 2020, "0" * 64), uris) == \
        "reports/430321/湘潭县交通运输局/2020.ttl.gz"
    assert report_file(uris.report(uris.agency_key("A/B 局", None, "x"), 2019, "x"), uris) == \
        "reports/_/A%2FB%20局/2019.ttl.gz"
    assert report_file(uris.report(uris.agency_key("..", None, "x"), 2019, "x", "-ab"), uris) == \
        "reports/_/%2E./2019-ab.ttl.gz"
    assert download_url(uris, "reports/_/A%2FB%20局/2019.ttl.gz") == \
        BASE + "dumps/reports/_/A%252FB%2520局/2019.ttl.gz"
    with pytest.raises(ValueError):
        report_file("http://elsewhere/x", uris)


# ---------------------------------------------------------------- VoID + DCAT


def test_void_description(built: tuple[StoreDir, int, ox.Store], dumped: DumpResult) -> None:
    _, reports, store = built
    # parsed, not loaded: an Oxigraph 0.5 store turns xsd:nonNegativeInteger into xsd:integer
    triples = list(ox.parse(path=str(dumped.out / "void.ttl"), format=ox.RdfFormat.TURTLE))
    ds = ox.NamedNode(BASE + "id/dataset/all")

    def values(s: ox.NamedNode | ox.BlankNode, p: str) -> list[ox.NamedNode | ox.Literal | ox.BlankNode]:
        return [t.object for t in triples if t.subject == s and t.predicate.value == p]  # type: ignore[misc]

    def number(s: ox.NamedNode | ox.BlankNode, p: str) -> int:
        (v,) = values(s, p)
        return int(v.value)

    types = {t.value for t in values(ds, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type")}
    assert {VOID + "Dataset", DCAT + "Dataset"} <= types
    assert number(ds, VOID + "triples") == len(store_triples(store)) == dumped.triples
    assert number(ds, VOID + "distinctSubjects") == len({str(q.subject) for q in store})
    assert {v.value for v in values(ds, "http://purl.org/dc/terms/license")} == {
        "https://creativecommons.org/licenses/by/4.0/"}
    assert {v.language for v in values(ds, "http://purl.org/dc/terms/title")} == {"zh", "en"}
    assert values(ds, VOID + "sparqlEndpoint") == [ox.NamedNode(BASE + "sparql")]
    assert values(ds, VOID + "uriSpace") == [ox.Literal(BASE + "id/")]
    assert QB in {v.value for v in values(ds, VOID + "vocabulary")}

    partitions = {values(p, VOID + "class")[0].value: number(p, VOID + "entities")  # type: ignore[arg-type]
                  for p in values(ds, VOID + "classPartition")}
    observations = {str(q.subject) for q in store.quads_for_pattern(
        None, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode(QB + "Observation"))}
    assert partitions[QB + "Observation"] == len(observations) > 0
    assert partitions[BASE + "def/AnnualReport"] == reports
    assert partitions["http://www.w3.org/ns/org#Organization"] > 0
    assert number(ds, VOID + "classes") == len(partitions)

    dists = values(ds, DCAT + "distribution")
    assert len(dists) == 2
    dumps = {v.value for v in values(ds, VOID + "dataDump")}
    media = set()
    for dist in dists:
        (url,) = values(dist, DCAT + "downloadURL")
        assert url.value in dumps
        path = dumped.out / unsegment(url.value.removeprefix(BASE + "dumps/"))
        assert path.is_file()
        (size,) = values(dist, DCAT + "byteSize")
        assert int(size.value) == path.stat().st_size
        assert size.datatype == ox.NamedNode(XSD + "nonNegativeInteger")
        (checksum,) = values(dist, SPDX + "checksum")
        assert values(checksum, SPDX + "algorithm") == [ox.NamedNode(SPDX + "checksumAlgorithm_sha256")]
        (digest,) = values(checksum, SPDX + "checksumValue")
        assert digest.value == hashlib.sha256(path.read_bytes()).hexdigest()
        media |= {v.value for v in values(dist, DCAT + "mediaType")}
        assert values(dist, "http://purl.org/dc/terms/issued")
    assert media == {IANA + "application/n-quads", IANA + "text/turtle"}


def test_void_quads_load_into_a_graph(built: tuple[StoreDir, int, ox.Store], dumped: DumpResult) -> None:
    from gongkai.store.describe import collect_stats, void_quads

    _, _, store = built
    uris = Uris(BASE)
    stats = collect_stats(store, uris)
    text = "".join(void_quads(uris, stats, dumped.files))
    s = ox.Store()
    s.load(text.encode(), ox.RdfFormat.N_QUADS)
    assert {q.graph_name for q in s} == {ox.NamedNode(uris.graph("void"))}
    assert stats.triples == dumped.triples
    # the dump counts while streaming what the SPARQL reference counts by four scans
    assert dumped.stats == stats


def test_graph_splitter_default_graph_and_order() -> None:
    """Default-graph lines pass through as they are; named graphs lose their name, block by block."""
    from gongkai.store.dumps import GraphSplitter

    text = (b'<a> <p> "x y" .\n<a> <p> <b> .\n'
            b'<s> <p> "1" <g1> .\n<s> <q> "a <g1> ." <g1> .\n<t> <p> <o> _:g2 .\n')
    got: list[tuple[bytes, bytes, int]] = []
    out = io.BytesIO()
    splitter = GraphSplitter(out, 2, lambda g: True, lambda g, nt, n: got.append((g, nt, n)))
    for i in range(0, len(text), 7):  # chunks that cut lines anywhere
        splitter.feed(text[i:i + 7])
    splitter.close()
    assert splitter.quads == 5
    assert out.getvalue() == (b'<a> <p> "x y" .\n<a> <p> <b> .\n'
                              b'<s> <p> "1" .\n<s> <q> "a <g1> ." .\n<t> <p> <o> .\n')
    assert got == [(b"<g1>", b'<s> <p> "1" .\n<s> <q> "a <g1> ." .\n', 2), (b"_:g2", b"<t> <p> <o> .\n", 1)]
    again = GraphSplitter(io.BytesIO(), 0, lambda g: False, lambda *_: None)
    with pytest.raises(ValueError):
        again.feed(b"<s> <p> <o> <g1> .\n<s> <p> <o> <g2> .\n<s> <p> <o2> <g1> .\n")
        again.close()


# ---------------------------------------------------------------- CSV


def export(store_dir: StoreDir, tmp_path: Path, *extra: str) -> tuple[bytes, list[dict[str, str]]]:
    out = tmp_path / "obs.csv"
    assert main(["export", "--store", str(store_dir.root), "--format", "csv", "--out", str(out), *extra]) == 0
    data = out.read_bytes()
    text = data.decode("utf-8-sig")
    return data, list(csv.DictReader(io.StringIO(text)))


def test_csv_one_row_per_observation_and_blank_cell(built: tuple[StoreDir, int, ox.Store], tmp_path: Path) -> None:
    sd, _, store = built
    data, rows = export(sd, tmp_path)
    assert not data.startswith(b"\xef\xbb\xbf")
    assert data.split(b"\r\n", 1)[0].decode() == ",".join(HEADER)
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    obs = {q.subject.value for q in store.quads_for_pattern(None, rdf_type, ox.NamedNode(QB + "Observation"))}
    blanks = {q.subject.value for q in store.quads_for_pattern(None, rdf_type, ox.NamedNode(BASE + "def/BlankCell"))}
    assert blanks and obs
    assert len(rows) == len(obs) + len(blanks)
    assert Counter(r["observation"] for r in rows) == Counter(obs | blanks)
    stored = {q.subject.value: q.object.value
              for q in store.quads_for_pattern(None, ox.NamedNode(SDMX_MEASURE + "obsValue"), None)}
    for r in rows:
        if r["blank"] == "true":
            assert r["value"] == "" and r["observation"] in blanks
        else:
            assert r["blank"] == "false" and r["value"] == stored[r["observation"]]
        assert r["row"] and r["column"] and r["agency"] and r["year"].isdigit()
        assert r["edition"] in {"E1", "E2", "E3"} and r["table"]
        assert len(r["source_sha256"]) == 64 and r["report"].startswith(BASE + "id/report/")
        assert r["observation"].startswith(r["report"] + "/obs/")


def test_csv_rows_are_the_parsed_cells(tmp_path: Path) -> None:
    """Labels, values and blanks in the CSV are exactly the cells the mapper received."""
    from gongkai.ontology import lookup

    sd, _ = make_store(tmp_path / "one", count=6, seed=11)
    _, rows = export(sd, tmp_path)
    index = lookup()
    expected = set()
    for sample in generate_many(6, 11):
        report = parse_bytes(sample.text.encode(), sample.name)
        if not isinstance(report, Report) or report.year is None:
            continue
        for c in report.cells:
            if (c.form, c.table, "row", c.row) in index and (c.form, c.table, "col", c.column) in index:
                value = "" if c.blank else (f"{c.value}" if isinstance(c.value, int) else _decimal(c.value))
                expected.add((report.agency, str(report.year), c.form, c.table, c.row, c.column, value,
                              "" if c.blank else (c.unit or ""), c.blank))
    got = {(r["agency"], r["year"], r["edition"], r["table"], r["row"], r["column"], r["value"], r["unit"],
            r["blank"] == "true") for r in rows}
    assert expected and got == expected


def _decimal(value: object) -> str:
    text = format(value, "f")
    return text if "." in text else text + ".0"


def test_csv_excel_bom(built: tuple[StoreDir, int, ox.Store], tmp_path: Path) -> None:
    sd, _, _ = built
    data, rows = export(sd, tmp_path, "--excel")
    assert data.startswith(b"\xef\xbb\xbf" + b"agency,")
    assert rows


# ---------------------------------------------------------------- CLI and gongkai build


def test_dump_command(built: tuple[StoreDir, int, ox.Store], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sd, _, _ = built
    assert main(["dump", "--store", str(sd.root), "--out", str(tmp_path), "--base", "https://other.test/",
                 "--no-dated"]) == 0
    assert "quads/s" in capsys.readouterr().out
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "SHA256SUMS", "gongkai.nq.gz", "gongkai.nq.gz.sha256", "gongkai.ttl.gz", "gongkai.ttl.gz.sha256", "void.ttl"]
    assert "<https://other.test/dumps/gongkai.nq.gz>" in (tmp_path / "void.ttl").read_text("utf-8")
    assert main(["dump", "--store", str(tmp_path / "nowhere"), "--out", str(tmp_path / "x")]) == 2


def test_through_gongkai_build(tmp_path: Path) -> None:
    build_mod = pytest.importorskip("gongkai.store.build")
    inputs = tmp_path / "in"
    inputs.mkdir()
    for sample in generate_many(10, 5):
        (inputs / sample.name).write_text(sample.text, "utf-8")
    result = build_mod.build([inputs], tmp_path / "store", base=BASE, jobs=1, validate=False, progress=None)
    assert result.published
    out = dump(tmp_path / "store", tmp_path / "dumps")
    store = ox.Store.read_only(str(StoreDir.at(tmp_path / "store").oxigraph_path()))
    quads = list(ox.parse(gunzip(out.out / "gongkai.nq.gz"), ox.RdfFormat.N_QUADS))
    assert len(quads) == len(store)
    # VoID counts everything but the store's own void graph
    void_graph = ox.NamedNode(Uris(BASE).graph("void"))
    described = {str(q.triple) for q in store if q.graph_name != void_graph}
    void = list(ox.parse(path=str(out.out / "void.ttl"), format=ox.RdfFormat.TURTLE))
    ds = ox.NamedNode(BASE + "id/dataset/all")
    (triples,) = [t.object.value for t in void if t.subject == ds and t.predicate.value == VOID + "triples"]
    assert int(triples) == len(described)
    # ... which is what the build's own VoID graph says
    (built_triples,) = [q.object.value for q in store.quads_for_pattern(ds, ox.NamedNode(VOID + "triples"), None,
                                                                           void_graph)]
    assert int(built_triples) == int(triples) == result.distinct_triples
    (obs_part,) = [t.subject for t in void if t.predicate.value == VOID + "class" and t.object.value == QB + "Observation"]
    (entities,) = [t.object.value for t in void if t.subject == obs_part and t.predicate.value == VOID + "entities"]
    assert int(entities) == result.observations
    _, rows = export(StoreDir.at(tmp_path / "store"), tmp_path)
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    assert len(rows) == result.observations + sum(
        1 for _ in store.quads_for_pattern(None, rdf_type, ox.NamedNode(BASE + "def/BlankCell"), None))
