"""The README's SPARQL examples run, and answer, on a store built from the real corpus."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from gongkai.cli import main
from gongkai.mapper.divisions import wikidata_code
from gongkai.store import StoreDir

from .conftest import REPO

QUERIES = re.findall(r"```sparql\n(.*?)```", (REPO / "README.md").read_text("utf-8"), re.S)


@pytest.fixture(scope="module")
def store(corpus: Path, tmp_path_factory) -> ox.Store:
    root = tmp_path_factory.mktemp("readme-store")
    code = main(["build", str(corpus / "seeds"), str(corpus / "dev"), "--store", str(root),
                 "--manifest", str(corpus / "dev" / "manifest.jsonl"), "--jobs", "2"])
    assert code == 0
    return ox.Store.read_only(str(StoreDir.at(root).oxigraph_path()))


def test_readme_has_examples() -> None:
    assert len(QUERIES) >= 5


@pytest.mark.parametrize("query", [q for q in QUERIES if "SERVICE" not in q], ids=lambda q: q.split("SELECT")[1][:40])
def test_readme_query_answers(store: ox.Store, query: str) -> None:
    rows = list(store.query(query, use_default_graph_as_union=True))
    assert rows, "the README promises this query answers something"


def test_granted_query_reads_the_seed_report(store: ox.Store) -> None:
    granted = next(q for q in QUERIES if '"予以公开"@zh' in q)
    rows = {(r["agencyName"].value, r["year"].value): r["granted"].value
            for r in store.query(granted, use_default_graph_as_union=True)}
    assert rows[("湘潭县交通运输局", "2020")] == "0"


def test_wikidata_code_form_matches_the_federated_query() -> None:
    federated = next(q for q in QUERIES if "SERVICE" in q)
    assert "P442" in federated
    # the query's REPLACE chain and the Python helper agree on the P442 form
    bind = re.search(r"BIND\((REPLACE.*) AS \?p442\)", federated).group(1)
    store = ox.Store()
    for code in ("430481", "430400", "430000", "110105", "100000"):
        (row,) = list(store.query(f'SELECT ?p WHERE {{ BIND("{code}" AS ?code) BIND({bind} AS ?p) }}'))
        assert row["p"].value == wikidata_code(code), code
