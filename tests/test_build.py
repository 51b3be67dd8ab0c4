"""``gongkai build``: the corpus as a store, determinism, --update, duplicates, atomicity."""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest

from gongkai.cli import main
from gongkai.mapper.parse import parse_path
from gongkai.nt import VOID
from gongkai.store import StoreDir
from gongkai.store.build import build as build_store
from gongkai.store.manifest import load_manifest
from gongkai.store.progress import Progress
from gongkai.uris import Uris
from tests.conftest import seed_path, shared_root

U = Uris()
PREFIXES = f"""
PREFIX gk: <{U.vocab}>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX sdmx-measure: <http://purl.org/linked-data/sdmx/2009/measure#>
PREFIX void: <http://rdfs.org/ns/void#>
"""


def run(*argv: str) -> tuple[int, str]:
    """Run the CLI, returning its exit code and stdout."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = main(list(argv))
    return code, out.getvalue()


def open_store(root: Path) -> ox.Store:
    return ox.Store.read_only(str(StoreDir.at(root).oxigraph_path()))


def sorted_dump(root: Path) -> list[bytes]:
    return sorted(open_store(root).dump(format=ox.RdfFormat.N_QUADS).splitlines())


def graphs(root: Path) -> dict[str, list[bytes]]:
    """Named graph → its sorted N-Quads lines."""
    out: dict[str, list[bytes]] = {}
    for line in sorted_dump(root):
        graph = line.rsplit(b" ", 2)[1].decode()
        out.setdefault(graph, []).append(line)
    return out


def ask(store: ox.Store, query: str) -> list[ox.QuerySolution]:
    return list(store.query(PREFIXES + query, use_default_graph_as_union=True))


@pytest.fixture(scope="module")
def inputs(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """Seeds, dev excerpts, a garbage file and an empty file."""
    junk = tmp_path_factory.mktemp("junk")
    (junk / "garbage.txt").write_bytes(bytes(range(256)) * 8)
    (junk / "empty.txt").write_bytes(b"")
    return [str(corpus / "seeds"), str(corpus / "dev"), str(junk / "garbage.txt"), str(junk / "empty.txt")]


@pytest.fixture(scope="module")
def built(corpus: Path, inputs: list[str], tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int, str]:
    root = tmp_path_factory.mktemp("store")
    code, out = run("build", *inputs, "--store", str(root), "--manifest", str(corpus / "dev" / "manifest.jsonl"),
                    "--jobs", "2")
    return root, code, out


def test_summary_lists_failures_and_exit_code(built: tuple[Path, int, str]) -> None:
    root, code, out = built
    assert code == 0
    assert "2 failed" in out
    assert re.search(r"garbage\.txt: \S", out) and re.search(r"empty\.txt: \S", out)
    assert "findings by rule:" in out and "E1-9: 1" in out
    assert "triples/s" in out
    meta = StoreDir.at(root).meta()
    assert meta["counts"]["failed"] == 2 and meta["counts"]["reports"] == 31
    assert meta["counts"]["triples"] == len(open_store(root))
    by_name = {Path(e["path"]).name: e for e in meta["inputs"]}
    assert "error" in by_name["garbage.txt"] and "error" in by_name["empty.txt"]
    assert by_name["004_515fafbf7b9df8a7.txt"]["report"] == f"{U.base}id/report/430321/湘潭县交通运输局/2020"
    assert len(by_name["004_515fafbf7b9df8a7.txt"]["sha256"]) == 64


def test_granted_applications_by_concept_labels(built: tuple[Path, int, str]) -> None:
    rows = ask(open_store(built[0]), f"""
        SELECT ?value WHERE {{
          ?report a gk:AnnualReport ; dct:publisher/skos:prefLabel "湘潭县交通运输局"@zh ;
                  gk:reportingYear <{U.year(2020)}> .
          ?obs prov:wasDerivedFrom ?report ; sdmx-measure:obsValue ?value ; ?dim1 ?row ; ?dim2 ?col .
          ?row skos:prefLabel "予以公开"@zh . ?col skos:prefLabel "总计"@zh .
        }}""")
    assert [r["value"].value for r in rows] == ["0"]


def test_e1_granted_count(built: tuple[Path, int, str]) -> None:
    rows = ask(open_store(built[0]), """
        SELECT ?value WHERE {
          ?report dct:publisher/skos:prefLabel "湖南省交通运输厅"@zh .
          ?obs prov:wasDerivedFrom ?report ; sdmx-measure:obsValue ?value ; ?dim ?c .
          ?c skos:prefLabel "同意公开答复数"@zh .
        }""")
    assert [r["value"].value for r in rows] == ["7"]


def test_manifest_url_is_the_source_page(built: tuple[Path, int, str], manifest: dict[str, dict]) -> None:
    rows = ask(open_store(built[0]), """
        SELECT ?page WHERE { ?src a gk:SourceDocument ; rdfs:label "101.txt" ; <http://xmlns.com/foaf/0.1/page> ?page }
    """.replace("rdfs:label", "<http://www.w3.org/2000/01/rdf-schema#label>"))
    assert [r["page"].value for r in rows] == [manifest["101.txt"]["url"]]


def test_observations_lead_back_to_the_text(built: tuple[Path, int, str], corpus: Path) -> None:
    store = open_store(built[0])
    texts = {}
    for f in [*sorted((corpus / "seeds").glob("*.txt")), *sorted((corpus / "dev").glob("*.txt"))]:
        r = parse_path(f)
        texts[r.source.sha256] = r.text
    rows = list(store.query(PREFIXES + """
        SELECT ?obs ?value ?start ?end ?sha WHERE { GRAPH ?report {
          ?obs a qb:Observation ; sdmx-measure:obsValue ?value ; gk:charStart ?start ; gk:charEnd ?end ;
               prov:wasDerivedFrom ?report .
          ?report a gk:AnnualReport ; prov:wasDerivedFrom ?src . ?src gk:sha256 ?sha } }"""))
    assert len(rows) == StoreDir.at(built[0]).meta()["counts"]["observations"] > 500
    (total,) = store.query(PREFIXES + "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?o a qb:Observation }",
                           use_default_graph_as_union=True)
    assert int(total["n"].value) == len(rows)
    for r in rows:
        shown = texts[r["sha"].value][int(r["start"].value):int(r["end"].value)]
        digits = re.sub(r"[^\d.-]", "", shown)
        if digits:
            assert Decimal(digits) == Decimal(r["value"].value), (r["obs"], shown)
        else:  # 无 / 未 / 没有 stand for zero
            assert shown and r["value"].value == "0", (r["obs"], shown)


def test_data_cube_integrity_constraints(built: tuple[Path, int, str]) -> None:
    folder = shared_root() / "conformance" / "data-cube-ic"
    queries = sorted(folder.glob("*.rq"))
    if not queries:
        pytest.skip(f"no IC queries in {folder}")
    store = open_store(built[0])
    broken = [q.name for q in queries if store.query(q.read_text("utf-8"), use_default_graph_as_union=True)]
    assert broken == []


def test_void_description(built: tuple[Path, int, str]) -> None:
    store = open_store(built[0])
    rows = ask(store, f"""
        SELECT ?endpoint ?space ?dump ?triples WHERE {{ GRAPH <{U.graph('void')}> {{
          ?ds a void:Dataset ; void:sparqlEndpoint ?endpoint ; void:uriSpace ?space ; void:dataDump ?dump ;
              void:triples ?triples }} FILTER(?ds = <{U.base}id/dataset/all>) }}""")
    assert len(rows) == 1
    assert rows[0]["endpoint"].value == U.base + "sparql"
    assert rows[0]["space"].value == U.base + "id/"
    assert rows[0]["dump"].value.startswith(U.base + "dumps/")
    # distinct triples of every graph but void: shared agency, division and year triples count once
    void_graph = ox.NamedNode(U.graph("void"))
    distinct = {str(q.triple) for q in store if q.graph_name != void_graph}
    meta = StoreDir.at(built[0]).meta()
    assert int(rows[0]["triples"].value) == len(distinct) == meta["counts"]["distinct_triples"]
    void_size = len(list(store.quads_for_pattern(None, None, None, void_graph)))
    assert len(distinct) < len(store) - void_size == meta["counts"]["triples"] - void_size
    for name in ("ontology", "codelists", "structure"):
        assert next(store.quads_for_pattern(None, None, None, ox.NamedNode(U.graph(name))), None) is not None


def void_counts(triples: list[ox.Triple]) -> dict[str, int]:
    """void:triples of the whole dataset and void:entities per class partition IRI, from a VoID description."""
    ds = ox.NamedNode(U.dataset_all())
    out = {"triples": next(int(t.object.value) for t in triples
                           if t.subject == ds and t.predicate.value == VOID + "triples")}
    parts = {t.object for t in triples if t.subject == ds and t.predicate.value == VOID + "classPartition"}
    for t in triples:
        if t.subject in parts and t.predicate.value == VOID + "entities":
            out[t.subject.value] = int(t.object.value)
    return out


def test_build_and_dump_void_agree(built: tuple[Path, int, str], tmp_path: Path) -> None:
    from gongkai.store.dumps import dump

    store = open_store(built[0])
    graph = [q.triple for q in store.quads_for_pattern(None, None, None, ox.NamedNode(U.graph("void")))]
    result = dump(built[0], tmp_path, dated=False)
    dumped = list(ox.parse(path=str(tmp_path / "void.ttl"), format=ox.RdfFormat.TURTLE))
    from_build, from_dump = void_counts(graph), void_counts(dumped)
    assert from_build["triples"] == from_dump["triples"] == result.stats.triples  # type: ignore[union-attr]
    for part in (U.partition("class", "gk-AnnualReport"), U.partition("class", "qb-Observation")):
        assert from_build[part] == from_dump[part] > 0
    assert {t.object for t in graph if t.predicate.value == VOID + "dataDump"} == {ox.NamedNode(U.dump("gongkai.nq.gz"))}


def test_rebuild_is_identical_with_other_jobs(built: tuple[Path, int, str], inputs: list[str], corpus: Path,
                                             tmp_path: Path) -> None:
    code, _ = run("build", *inputs, "--store", str(tmp_path), "--manifest", str(corpus / "dev" / "manifest.jsonl"),
                  "--jobs", "1")
    assert code == 0
    assert sorted_dump(tmp_path) == sorted_dump(built[0])


@pytest.fixture
def seeds(corpus: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "seeds"
    shutil.copytree(corpus / "seeds", folder)
    return folder


def test_update_changes_only_the_given_report(seeds: Path, tmp_path: Path) -> None:
    root = tmp_path / "store"
    fourth = seed_path(seeds.parent, 4)
    fourth_copy = tmp_path / fourth.name
    shutil.move(fourth, fourth_copy)
    assert run("build", str(seeds), "--store", str(root), "--jobs", "1")[0] == 0
    first_build = StoreDir.at(root).build_path()
    before = graphs(root)

    # add a report: one new graph; the VoID counts change, nothing else
    code, out = run("build", str(fourth_copy), "--store", str(root), "--update")
    assert code == 0, out
    assert StoreDir.at(root).build_path() != first_build and first_build.exists()
    after = graphs(root)
    report = f"{U.base}id/report/430321/湘潭县交通运输局/2020"
    assert set(after) - set(before) == {f"<{report}>"}
    changed = {g for g in before if before[g] != after[g]}
    assert changed == {f"<{U.graph('void')}>"}

    # replace it: the same report from an edited file (same path, new sha256)
    fourth_copy.write_text(fourth_copy.read_text("utf-8") + "\n（本报告已更新）\n", "utf-8")
    code, out = run("build", str(fourth_copy), "--store", str(root), "--update")
    assert code == 0, out
    again = graphs(root)
    assert set(again) == set(after)
    assert {g for g in after if after[g] != again[g]} == {f"<{report}>"}
    new_sha = parse_path(fourth_copy).source.sha256
    assert any(new_sha.encode() in line for line in again[f"<{report}>"])
    meta = StoreDir.at(root).meta()
    assert meta["counts"]["reports"] == 5 and meta["counts"]["triples"] == len(open_store(root))
    # --update counts distinct triples in the store: the same number a full build sums up
    store = open_store(root)
    void_graph = ox.NamedNode(U.graph("void"))
    distinct = len({str(q.triple) for q in store if q.graph_name != void_graph})
    graph = [q.triple for q in store.quads_for_pattern(None, None, None, void_graph)]
    assert void_counts(graph)["triples"] == meta["counts"]["distinct_triples"] == distinct
    assert [e["sha256"] for e in meta["inputs"] if e.get("report") == report] == [new_sha]

    # a full rebuild from the same files gives the same store
    rebuilt = tmp_path / "rebuilt"
    assert run("build", str(seeds), str(fourth_copy), "--store", str(rebuilt), "--jobs", "2")[0] == 0
    assert sorted_dump(rebuilt) == sorted_dump(root)
    assert StoreDir.at(rebuilt).meta()["counts"]["distinct_triples"] == distinct


def test_duplicate_reports(corpus: Path, tmp_path: Path) -> None:
    original = seed_path(corpus, 4)
    text = original.read_text("utf-8")
    same = tmp_path / "a-same-cells.txt"
    same.write_text(text + "\n\n", "utf-8")
    changed = tmp_path / "b-other-cells.txt"
    changed.write_text(text.replace("\t0\n", "\t5\n", 1), "utf-8")
    copy = tmp_path / "c-copy.txt"  # the same bytes under another name
    shutil.copy(original, copy)
    parsed = {p: parse_path(p) for p in (original, same, changed, copy)}
    assert parsed[changed].cells != parsed[original].cells  # the edit did change a figure
    code, out = run("build", str(original), str(same), str(changed), str(copy), "--store", str(tmp_path / "s"),
                    "--jobs", "2")
    assert code == 0
    report = f"{U.base}id/report/430321/湘潭县交通运输局/2020"
    keeper = min(parsed, key=lambda p: (parsed[p].source.sha256, str(p.resolve())))
    cells = {p: sorted(map(repr, parsed[p].cells)) for p in parsed}
    kept = sorted({parsed[p].source.sha256 for p in parsed if cells[p] == cells[keeper]})
    for p in parsed:
        if cells[p] != cells[keeper]:
            assert f"{p.resolve()}: duplicate report for 湘潭县交通运输局 2020: conflicts with {keeper.resolve()}" in out
    store = open_store(tmp_path / "s")
    sources = ask(store, f"SELECT ?sha WHERE {{ <{report}> prov:wasDerivedFrom/gk:sha256 ?sha }}")
    assert sorted(r["sha"].value for r in sources) == kept
    assert StoreDir.at(tmp_path / "s").meta()["counts"]["triples"] == len(store)
    void_graph = ox.NamedNode(U.graph("void"))  # extra sources counted once, as in the store
    distinct = len({str(q.triple) for q in store if q.graph_name != void_graph})
    assert StoreDir.at(tmp_path / "s").meta()["counts"]["distinct_triples"] == distinct
    assert len(ask(store, "SELECT ?r WHERE { ?r a gk:AnnualReport }")) == 1
    ic12 = shared_root() / "conformance" / "data-cube-ic" / "ic-12.rq"
    if ic12.exists():
        assert not store.query(ic12.read_text("utf-8"), use_default_graph_as_union=True)


def test_failed_build_leaves_current_intact(seeds: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "store"
    assert run("build", str(seeds), "--store", str(root), "--jobs", "1")[0] == 0
    sd = StoreDir.at(root)
    current, meta, dump = sd.build_path(), sd.meta(), sorted_dump(root)

    def broken(store: ox.Store, stream: io.BufferedReader) -> None:
        store.bulk_load(stream.read(100_000).rsplit(b"\n", 1)[0] + b"\n", format=ox.RdfFormat.N_QUADS)
        raise OSError("disk full")

    monkeypatch.setattr("gongkai.store.build.load_quads", broken)
    with pytest.raises(OSError, match="disk full"):
        build_store([seeds], root, jobs=1, progress=None)
    with pytest.raises(OSError, match="disk full"):
        build_store([seed_path(seeds.parent, 0)], root, update=True, progress=None)

    def interrupted(store: ox.Store, stream: io.BufferedReader) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("gongkai.store.build.load_quads", interrupted)
    assert run("build", str(seeds), "--store", str(root))[0] == 130
    assert sd.build_path() == current and sd.meta() == meta
    assert sorted_dump(root) == dump
    assert [p.name for p in (root / "builds").iterdir()] == [current.name]


def test_every_input_failed(tmp_path: Path, seeds: Path) -> None:
    root = tmp_path / "store"
    assert run("build", str(seeds), "--store", str(root), "--jobs", "1")[0] == 0
    current = StoreDir.at(root).build_path()
    bad = tmp_path / "bad.txt"
    bad.write_text("nothing to see here", "utf-8")
    code, out = run("build", str(bad), "--store", str(root))
    assert code == 1 and "bad.txt:" in out and "nothing published" in out
    assert StoreDir.at(root).build_path() == current


def test_manifest_csv_and_jsonl(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x", "utf-8")
    csv_file = tmp_path / "m.csv"
    csv_file.write_text("path,url,retrieved\na.txt,http://example.org/a,2024-01-02\n", "utf-8")
    jsonl = tmp_path / "m.jsonl"
    jsonl.write_text(json.dumps({"file": "a.txt", "url": "http://example.org/b"}) + "\n\n", "utf-8")
    a = (tmp_path / "a.txt").resolve()
    assert load_manifest(csv_file)[a].url == "http://example.org/a"
    assert load_manifest(csv_file)[a].retrieved == "2024-01-02"
    assert load_manifest(jsonl)[a].url == "http://example.org/b" and load_manifest(jsonl)[a].retrieved is None


def test_progress_lines_when_not_a_terminal() -> None:
    out = io.StringIO()
    meter = Progress(25, out, every=10)
    for i in range(25):
        meter.advance(failed=i == 3)
    meter.close()
    lines = out.getvalue().splitlines()
    assert len(lines) == 3 and lines[-1].startswith("gongkai build: 25/25 reports, 1 failed")

