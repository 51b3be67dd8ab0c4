"""A small store for tests, demos and benchmarks: synthetic reports plus the vocabulary."""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from gongkai.store.layout import StoreDir
from gongkai.uris import Uris


def report_nquads(uris: Uris, count_per_edition: int = 3, layouts: Iterable[str] = ("pipes",),
                  chains: bool = True) -> str:
    """N-Quads of generated reports (every edition) and the vocabulary graphs."""
    from gongkai.generator import generate
    from gongkai.mapper import divisions
    from gongkai.mapper.parse import parse_bytes
    from gongkai.mapper.rdf import place, report_quads
    from gongkai.model import Failure
    from gongkai.ontology import codelist_quads, ontology_quads, structure_quads

    out: list[str] = []
    for edition in ("E1", "E2", "E3", "prose"):
        for layout in layouts:
            for seed in range(count_per_edition):
                sample = generate(edition, layout, seed)
                report = parse_bytes(sample.text.encode(), sample.name)
                if isinstance(report, Failure):
                    continue
                chain = divisions.resolve(report.agency or "", report.year).chain if chains else ()
                out.extend(report_quads(report, place(report, uris, chain), uris))
    out.extend(ontology_quads(uris, uris.graph("ontology")))
    out.extend(codelist_quads(uris, uris.graph("codelists")))
    out.extend(structure_quads(uris, uris.graph("structure")))
    return "".join(out)


def make_store(root: str | Path, base: str, nquads: str, extra: Iterable[tuple[str, str]] = ()) -> StoreDir:
    """Bulk-load ``nquads`` (plus ``(graph IRI, N-Triples text)`` pairs) into a new published build."""
    sd = StoreDir.at(root)
    build = sd.new_build()
    store = ox.Store(str(build / "oxigraph"))
    store.bulk_load(io.BytesIO(nquads.encode()), format=ox.RdfFormat.N_QUADS)
    for graph, text in extra:
        store.bulk_load(io.BytesIO(text.encode()), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(graph))
    store.optimize()
    store.flush()
    del store
    sd.publish(build, {"base": base})
    return sd
