"""SPARQL result writers: solutions row by row (JSON, XML, CSV, TSV, HTML), booleans, graphs.

Solutions are written by hand so that rows can be counted against the row cap while
they are written; graphs go through pyoxigraph's own serialisers.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from html import escape as html_escape
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

import pyoxigraph as ox

from . import conneg

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

Row = Sequence[object | None]


def _json_term(term: object) -> dict[str, object]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, object] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {"subject": _json_term(term.subject),
                                            "predicate": _json_term(term.predicate),
                                            "object": _json_term(term.object)}}
    raise TypeError(f"not an RDF term: {term!r}")


def _xml_term(term: object) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{xml_escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{xml_escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{xml_escape(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype.value)}>{xml_escape(term.value)}</literal>"
        return f"<literal>{xml_escape(term.value)}</literal>"
    if isinstance(term, ox.Triple):
        return (f"<triple><subject>{_xml_term(term.subject)}</subject><predicate>{_xml_term(term.predicate)}"
                f"</predicate><object>{_xml_term(term.object)}</object></triple>")
    raise TypeError(f"not an RDF term: {term!r}")


def _csv_field(term: object | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        text = "_:" + term.value
    elif isinstance(term, ox.NamedNode | ox.Literal):
        text = term.value
    else:
        text = str(term)
    if any(c in text for c in ',"\r\n'):
        text = '"' + text.replace('"', '""') + '"'
    return text


def _tsv_field(term: object | None) -> str:
    return "" if term is None else str(term).replace("\t", "\\t").replace("\n", "\\n")


def _html_term(term: object | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        v = html_escape(term.value)
        return f'<a href="{v}">{v}</a>'
    if isinstance(term, ox.Literal):
        text = html_escape(term.value)
        return f'<span lang="{html_escape(term.language)}">{text}</span>' if term.language else text
    return html_escape(str(term))


def write_json(names: list[str], rows: Iterable[Row]) -> Iterator[str]:
    yield '{"head":{"vars":' + json.dumps(names) + '},"results":{"bindings":['
    first = True
    for row in rows:
        binding = {n: _json_term(v) for n, v in zip(names, row, strict=True) if v is not None}
        yield ("" if first else ",\n") + json.dumps(binding, ensure_ascii=False)
        first = False
    yield "]}}\n"


def write_xml(names: list[str], rows: Iterable[Row]) -> Iterator[str]:
    yield ('<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
           "<head>" + "".join(f"<variable name={quoteattr(n)}/>" for n in names) + "</head><results>\n")
    for row in rows:
        cells = "".join(f"<binding name={quoteattr(n)}>{_xml_term(v)}</binding>"
                        for n, v in zip(names, row, strict=True) if v is not None)
        yield f"<result>{cells}</result>\n"
    yield "</results></sparql>\n"


def write_csv(names: list[str], rows: Iterable[Row]) -> Iterator[str]:
    yield ",".join(_csv_field(ox.Literal(n)) for n in names) + "\r\n"
    for row in rows:
        yield ",".join(_csv_field(v) for v in row) + "\r\n"


def write_tsv(names: list[str], rows: Iterable[Row]) -> Iterator[str]:
    yield "\t".join("?" + n for n in names) + "\n"
    for row in rows:
        yield "\t".join(_tsv_field(v) for v in row) + "\n"


def write_html(names: list[str], rows: Iterable[Row]) -> Iterator[str]:
    yield ('<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8"><title>SPARQL results</title>'
           "<style>body{font-family:sans-serif}table{border-collapse:collapse}td,th{border:1px solid #ccc;"
           "padding:2px 6px;vertical-align:top}</style></head><body><table><thead><tr>"
           + "".join(f"<th>?{html_escape(n)}</th>" for n in names) + "</tr></thead><tbody>\n")
    for row in rows:
        yield "<tr>" + "".join(f"<td>{_html_term(v)}</td>" for v in row) + "</tr>\n"
    yield "</tbody></table></body></html>\n"


SolutionWriter = Callable[[list[str], Iterable[Row]], Iterator[str]]

#: one writer per solutions format, by format name
SOLUTION_WRITERS: dict[str, SolutionWriter] = {
    "json": write_json, "xml": write_xml, "csv": write_csv, "tsv": write_tsv, "html": write_html,
}


def write_boolean(value: bool, fmt: conneg.Format) -> str:
    """An ASK result in ``fmt`` (JSON, XML or HTML)."""
    text = "true" if value else "false"
    if fmt.name == "xml":
        return ('<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                f"<head/><boolean>{text}</boolean></sparql>\n")
    if fmt.name == "html":
        return f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>ASK</title></head><body><p>{text}</p></body></html>\n'
    return '{"head":{},"boolean":' + text + "}\n"


#: pyoxigraph formats for RDF outputs, by format name
RDF_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML, "nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG,
}
QUAD_FORMATS = {"nquads", "trig"}


def write_graph(triples: list[ox.Triple], fmt: conneg.Format, prefixes: dict[str, str] | None = None) -> bytes:
    """Triples in an RDF format; N-Quads/TriG put them in the default graph; HTML is a table."""
    if fmt.name == "html":
        rows = ((t.subject, t.predicate, t.object) for t in triples)
        return "".join(write_html(["subject", "predicate", "object"], rows)).encode()
    rdf_format = RDF_FORMATS[fmt.name]
    items: list[ox.Triple] | list[ox.Quad] = triples
    if fmt.name in QUAD_FORMATS:
        items = [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples]
    use = prefixes if fmt.name in ("turtle", "trig", "rdfxml") else None
    return ox.serialize(items, format=rdf_format, prefixes=use)
