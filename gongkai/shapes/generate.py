"""SHACL shapes generated from the declared forms (spec §6): structure + arithmetic identities.

Nothing here is typed by hand per identity: every identity of every edition in
:data:`gongkai.forms.EDITIONS` becomes one ``sh:NodeShape`` with one SHACL-SPARQL
constraint.
Focus node of every SPARQL constraint is the ``gk:AnnualReport`` (one focus node per
report, so pyshacl runs each query once); ``sh:value`` of an identity result is the
report's ``<{QB}Slice>`` of the table. Per-observation checks are one SPARQL constraint on
the report too (never a node shape over every ``<{QB}Observation>``: that costs more than
everything else together).

Result → identity: each identity shape is ``{base}def/shape/{edition}/{identity}``,
its constraint carries ``sh:name`` = the identity id, and every message starts with
``[{identity}]``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from ..forms import EDITIONS, Edition, Identity, Table
from ..nt import DCT, ORG, PREFIXES, PROV, QB, SDMX_MEASURE, SH, SKOS, XSD
from ..ontology.structure import SCHEMES, axes, concept_key
from ..uris import Uris

#: the slice-level structure shape's id, used as the sh:name of its constraint
OBSERVATIONS = "observations"


@dataclass(frozen=True, slots=True)
class Shapes:
    """The shapes graph as Turtle, and the SHA-256 of that text (cache key)."""

    turtle: str
    sha256: str


def shape_iri(uris: Uris, *parts: str) -> str:
    """``{base}def/shape/{parts…}``: every shape and constraint gets an IRI (no blank nodes)."""
    return uris.term("shape/" + "/".join(parts))


def _line_codes(ident: Identity, table: Table) -> tuple[str, ...]:
    """The lines an identity runs over (as ``mapper.checks`` does)."""
    if ident.lines is not None:
        return ident.lines
    if ident.axis == "column":
        return tuple(c.code for c in table.columns)
    return tuple(r.code for r in table.rows if not r.group or r.subtotal)


def _compact(query: str) -> str:
    """The query on one line: pyshacl's syntax checks (``^…[^#]*`` regexes, once per
    focus node) are quadratic in the number of lines. No literal here holds two spaces."""
    return " ".join(query.split()) + "\n"


def identity_query(uris: Uris, ed: Edition, ident: Identity) -> str:
    """The SELECT of one identity, focus node the report: one solution per failing line.

    ``?value`` is the report's slice of the table. Blank cells (``gk:blankCell``)
    count as 0; a line is skipped unless every cell of the identity is present (as
    observation or blank cell).
    """
    table = ed.table(ident.table)
    row_scheme, col_scheme = axes(ed.id, table.key)
    # the axis the identity sums over ("items") and the one it repeats on ("lines")
    item_scheme, line_scheme = (row_scheme, col_scheme) if ident.axis == "column" else (col_scheme, row_scheme)
    if item_scheme is None:
        raise ValueError(f"{ed.id} {ident.id}: a row identity needs a column code list")

    def concept(scheme: str, code: str) -> str:
        return f"<{uris.concept(scheme, concept_key(scheme, code, ed.id))}>"

    left = [concept(item_scheme, c) for c in ident.left]
    right = [concept(item_scheme, c) for c in ident.right]
    n_items = len(set(left) | set(right))
    item_dim = f"<{uris.term(SCHEMES[item_scheme].dimension or '')}>"
    ds = f"<{uris.dataset(ed.id, table.key)}>"
    fails = "SUM(?l) > SUM(?r)" if ident.relation == "<=" else "SUM(?l) != SUM(?r)"
    if line_scheme is not None:
        lines = [concept(line_scheme, c) for c in _line_codes(ident, table)]
        line_dim = f"<{uris.term(SCHEMES[line_scheme].dimension or '')}>"
        line_pattern = f"    ?cell {line_dim} ?line .\n    FILTER (?line IN ({', '.join(lines)}))\n"
        where = f'(STRAFTER(STR(?line), "{uris.vocab}") AS ?where)'
        group = "GROUP BY $this ?value ?line"
    else:  # single-column table (E1): the only line is the table's value column
        line_pattern = ""
        where = f'("{table.key}" AS ?where)'
        group = "GROUP BY $this ?value"
    return _compact(f"""SELECT $this ?value {where} (SUM(?l) AS ?printed) (SUM(?r) AS ?expected)
WHERE {{
    {ds} <{QB}slice> ?value .
    {{ ?value <{QB}observation> ?cell }} UNION {{ ?value <{uris.vocab}blankCell> ?cell }}
    ?cell <{PROV}wasDerivedFrom> $this ;
        {item_dim} ?item .
    FILTER (?item IN ({', '.join(left + right)}))
{line_pattern}    OPTIONAL {{ ?cell <{SDMX_MEASURE}obsValue> ?v }}
    BIND (COALESCE(?v, 0) AS ?x)
    BIND (IF(?item IN ({', '.join(left)}), ?x, 0) AS ?l)
    BIND (IF(?item IN ({', '.join(right)}), ?x, 0) AS ?r)
}}
{group}
HAVING (COUNT(DISTINCT ?item) = {n_items} && {fails})
""")


def observation_query(uris: Uris) -> str:
    """Per-observation checks of one report: one numeric value, ≥ 0 unless the column is signed."""
    signed = []
    for ed in EDITIONS.values():
        for table in ed.tables:
            _, col_scheme = axes(ed.id, table.key)
            for col in table.columns:
                if col.signed and col_scheme:
                    dim = uris.term(SCHEMES[col_scheme].dimension or "")
                    concept = uris.concept(col_scheme, concept_key(col_scheme, col.code, ed.id))
                    signed.append((f"<{dim}>", f"<{concept}>"))
    unsigned = "".join(f"\n        FILTER NOT EXISTS {{ ?value {d} {c} }}" for d, c in sorted(set(signed)))
    value = f"?value <{PROV}wasDerivedFrom> $this"
    return _compact(f"""SELECT $this ?value ?path ?reason
WHERE {{
    {{
        {value} ;
            a <{QB}Observation> .
        FILTER NOT EXISTS {{ ?value <{SDMX_MEASURE}obsValue> ?none }}
        BIND ("has no sdmx-measure:obsValue" AS ?reason)
    }} UNION {{
        {value} ;
            <{SDMX_MEASURE}obsValue> ?a, ?b .
        FILTER (!sameTerm(?a, ?b))
        BIND ("has more than one sdmx-measure:obsValue" AS ?reason)
    }} UNION {{
        {value} ;
            <{SDMX_MEASURE}obsValue> ?v .
        FILTER (!isLiteral(?v) || DATATYPE(?v) NOT IN (<{XSD}integer>, <{XSD}decimal>))
        BIND (CONCAT("value ", STR(?v), " is not an xsd:integer or xsd:decimal") AS ?reason)
    }} UNION {{
        {value} ;
            <{SDMX_MEASURE}obsValue> ?v .
        FILTER (isNumeric(?v) && ?v < 0){unsigned}
        BIND (CONCAT("value ", STR(?v), " is negative in an unsigned column") AS ?reason)
    }}
    BIND (<{SDMX_MEASURE}obsValue> AS ?path)
}}
""")


def _lit(text: str) -> str:
    """A Turtle long string literal."""
    return '"""' + text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"') + '"""'


def _str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _structure(uris: Uris) -> Iterator[str]:
    gk = uris.vocab
    report = shape_iri(uris, "AnnualReport")
    props = (("publisher", f"{DCT}publisher", f"<{ORG}Organization>"),
             ("reportingYear", f"{gk}reportingYear", f"<{gk}Year>"),
             ("edition", f"{gk}edition", None))
    yield f"<{report}> a sh:NodeShape ;\n    sh:targetClass <{gk}AnnualReport> ;\n    sh:severity sh:Violation ;\n"
    yield "    sh:property " + ", ".join(f"<{report}/{name}>" for name, _, _ in props) + " .\n\n"
    for name, path, _cls in props:
        yield (f"<{report}/{name}> a sh:PropertyShape ;\n    sh:path <{path}> ;\n    sh:minCount 1 ;\n"
               f"    sh:maxCount 1 ;\n    sh:nodeKind sh:IRI ;\n    sh:severity sh:Violation ;\n"
               f"    sh:name {_str(name)} .\n\n")
    agency = shape_iri(uris, "Organization")
    yield (f"<{agency}> a sh:NodeShape ;\n    sh:targetClass <{ORG}Organization> ;\n"
           f"    sh:severity sh:Violation ;\n    sh:property <{agency}/prefLabel> .\n\n"
           f"<{agency}/prefLabel> a sh:PropertyShape ;\n    sh:path <{SKOS}prefLabel> ;\n    sh:minCount 1 ;\n"
           f"    sh:severity sh:Violation ;\n    sh:name \"prefLabel\" .\n\n")
    obs = shape_iri(uris, "AnnualReport", OBSERVATIONS)
    yield (f"<{obs}> a sh:NodeShape ;\n    sh:targetClass <{gk}AnnualReport> ;\n    sh:severity sh:Violation ;\n"
           f"    sh:sparql <{obs}/sparql> .\n\n"
           f"<{obs}/sparql> a sh:SPARQLConstraint ;\n    sh:name {_str(OBSERVATIONS)} ;\n"
           f"    sh:message {_str('[' + OBSERVATIONS + '] observation {?value} {?reason}')} ;\n"
           f"    sh:select {_lit(observation_query(uris))} .\n\n")


def _identities(uris: Uris) -> Iterator[str]:
    for ed in EDITIONS.values():
        for ident in ed.identities:
            shape = shape_iri(uris, ed.id, ident.id)
            severity = "sh:Violation" if ident.severity == "violation" else "sh:Warning"
            relation = "≤" if ident.relation == "<=" else "="
            message = (f"[{ident.id}] {ident.description} ({ed.id} {ident.table}, {{?where}}): "
                       f"printed {{?printed}}, expected {relation} {{?expected}}")
            yield (f"<{shape}> a sh:NodeShape ;\n    sh:targetClass <{uris.vocab}AnnualReport> ;\n"
                   f"    sh:severity {severity} ;\n    sh:name {_str(ident.id)} ;\n"
                   f"    sh:description {_str(ident.description)} ;\n    sh:sparql <{shape}/sparql> .\n\n"
                   f"<{shape}/sparql> a sh:SPARQLConstraint ;\n    sh:name {_str(ident.id)} ;\n"
                   f"    sh:message {_str(message)} ;\n"
                   f"    sh:select {_lit(identity_query(uris, ed, ident))} .\n\n")


@lru_cache(maxsize=8)
def shapes(uris: Uris) -> Shapes:
    """Every shape, as Turtle, with its hash."""
    head = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(PREFIXES.items()) if p != "sh")
    head += f"@prefix sh: <{SH}> .\n@prefix gk: <{uris.vocab}> .\n\n"
    head += (f"<{shape_iri(uris, '')}> a <http://www.w3.org/2002/07/owl#Ontology> ;\n"
             f"    <{DCT}title> \"gongkai SHACL shapes (generated from the declared forms)\"@en .\n\n")
    text = head + "".join(_structure(uris)) + "".join(_identities(uris))
    return Shapes(text, hashlib.sha256(text.encode()).hexdigest())


def shapes_graph(uris: Uris) -> str:
    """The shapes graph as Turtle."""
    return shapes(uris).turtle


def shapes_hash(uris: Uris) -> str:
    """SHA-256 of :func:`shapes_graph` (part of the validation cache key)."""
    return shapes(uris).sha256
