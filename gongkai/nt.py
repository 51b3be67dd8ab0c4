"""N-Triples / N-Quads terms, written as text (the bulk path: no RDF objects built).

Namespaces of the vocabularies gongkai reuses are here too, so every room spells them
the same way.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
OWL = "http://www.w3.org/2002/07/owl#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
QB = "http://purl.org/linked-data/cube#"
ORG = "http://www.w3.org/ns/org#"
DCT = "http://purl.org/dc/terms/"
DCAT = "http://www.w3.org/ns/dcat#"
VOID = "http://rdfs.org/ns/void#"
PROV = "http://www.w3.org/ns/prov#"
FOAF = "http://xmlns.com/foaf/0.1/"
SH = "http://www.w3.org/ns/shacl#"
TIME = "http://www.w3.org/2006/time#"
SDMX_DIM = "http://purl.org/linked-data/sdmx/2009/dimension#"
SDMX_MEASURE = "http://purl.org/linked-data/sdmx/2009/measure#"
SDMX_ATTR = "http://purl.org/linked-data/sdmx/2009/attribute#"
SDMX_CODE = "http://purl.org/linked-data/sdmx/2009/code#"
SPDX = "http://spdx.org/rdf/terms#"
SD = "http://www.w3.org/ns/sparql-service-description#"

PREFIXES = {
    "rdf": RDF, "rdfs": RDFS, "xsd": XSD, "owl": OWL, "skos": SKOS, "qb": QB, "org": ORG,
    "dcterms": DCT, "dcat": DCAT, "void": VOID, "prov": PROV, "foaf": FOAF, "sh": SH, "time": TIME,
    "sdmx-dimension": SDMX_DIM, "sdmx-measure": SDMX_MEASURE, "sdmx-attribute": SDMX_ATTR,
    "sdmx-code": SDMX_CODE, "spdx": SPDX,
}

A = f"<{RDF}type>"
_IRI_ESCAPE = {ord(c): f"\\u{ord(c):04X}" for c in '<>"{}|^`\\ '}
_IRI_ESCAPE.update({i: f"\\u{i:04X}" for i in range(0x21)})
_LIT_ESCAPE = {ord("\\"): "\\\\", ord('"'): '\\"', ord("\n"): "\\n", ord("\r"): "\\r"}


def iri(value: str) -> str:
    """``<value>``, escaping the few characters N-Triples forbids in an IRI."""
    return "<" + value.translate(_IRI_ESCAPE) + ">"


def lit(value: str, lang: str | None = None) -> str:
    """A plain (or language-tagged) string literal."""
    text = '"' + value.translate(_LIT_ESCAPE) + '"'
    return f"{text}@{lang}" if lang else text


def typed(value: str, datatype: str) -> str:
    return '"' + value.translate(_LIT_ESCAPE) + f'"^^<{datatype}>'


def num(value: int | Decimal) -> str:
    """An ``xsd:integer`` or ``xsd:decimal`` literal, exactly as the value is."""
    if isinstance(value, bool):
        raise TypeError("booleans are not numbers here")
    if isinstance(value, int):
        return f'"{value}"^^<{XSD}integer>'
    text = format(value, "f")
    if "." not in text:
        text += ".0"
    return f'"{text}"^^<{XSD}decimal>'


def integer(value: int) -> str:
    return f'"{value}"^^<{XSD}integer>'


def day(value: date) -> str:
    return f'"{value.isoformat()}"^^<{XSD}date>'


def boolean(value: bool) -> str:
    return f'"{"true" if value else "false"}"^^<{XSD}boolean>'


def quad(s: str, p: str, o: str, g: str | None = None) -> str:
    """One N-Quads line (terms already formatted)."""
    return f"{s} {p} {o} {g} .\n" if g else f"{s} {p} {o} .\n"
