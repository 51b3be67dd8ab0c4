"""Every IRI gongkai mints, built in one place (the server and the tests use it too).

Patterns, below one configurable base (default ``http://localhost:8000/``):

* things: ``id/agency/{division}/{name}``, ``id/report/{division}/{name}/{year}``,
  ``id/report/…/{year}/slice/{table}``, ``id/report/…/{year}/obs/{table}/{row}/{column}``,
  ``id/division/{code}``, ``id/year/{year}``, ``id/source/{sha256}``,
  ``id/dataset/{edition}-{table}``;
* the whole data set (VoID/DCAT): ``id/dataset/all``, its partitions
  ``id/dataset/all/{class|property}/{name}`` and distributions
  ``id/dataset/all/distribution/{file}``; the dump files themselves at ``dumps/{path}``;
* vocabulary: ``def/{Term}`` (classes, properties), ``def/scheme/{list}`` and
  ``def/{list}/{code}`` (SKOS code lists), ``def/dsd/{edition}-{table}``;
* documents about a thing: the ``id/`` path with ``doc/`` in its place.

Names stay readable: Chinese is kept raw in the IRI (an IRI, not a URI); characters not
allowed in an IRI path segment are percent-encoded. ``{division}`` is the 6-digit code
or ``_`` when unresolved. Every IRI derives from the division code, the agency name,
the year and form codes, so rebuilding from the same inputs mints the same IRIs.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, unquote

DEFAULT_BASE = "http://localhost:8000/"

# IRI path segments: keep unreserved ASCII, sub-delims and every non-ASCII character
_SAFE = "-._~!$&'()*+,;=:@"


def segment(text: str) -> str:
    """One path segment: raw Unicode, with ``/``, spaces, ``%`` and the like escaped."""
    text = " ".join(text.split())
    return "".join(ch if ord(ch) > 127 else quote(ch, safe=_SAFE) for ch in text)


def unsegment(text: str) -> str:
    """Inverse of :func:`segment` (accepts raw and percent-encoded forms alike)."""
    return unquote(text)


@dataclass(frozen=True, slots=True)
class Uris:
    """IRI builder for one base."""

    base: str = DEFAULT_BASE

    def __post_init__(self) -> None:
        if not self.base.endswith("/"):
            object.__setattr__(self, "base", self.base + "/")

    # ---- vocabulary
    @property
    def vocab(self) -> str:
        return self.base + "def/"

    def term(self, name: str) -> str:
        return f"{self.base}def/{name}"

    def ontology(self) -> str:
        return f"{self.base}def/ontology"

    def scheme(self, name: str) -> str:
        return f"{self.base}def/scheme/{name}"

    def concept(self, scheme: str, code: str) -> str:
        return f"{self.base}def/{scheme}/{segment(code)}"

    def dsd(self, edition: str, table: str) -> str:
        return f"{self.base}def/dsd/{edition}-{table}"

    # ---- things
    def dataset(self, edition: str, table: str) -> str:
        return f"{self.base}id/dataset/{edition}-{table}"

    def division(self, code: str) -> str:
        return f"{self.base}id/division/{code}"

    def year(self, year: int) -> str:
        return f"{self.base}id/year/{year}"

    def source(self, sha256: str) -> str:
        return f"{self.base}id/source/{sha256}"

    def agency_key(self, name: str | None, division: str | None, sha256: str) -> str:
        """The path below ``id/agency/`` (and ``id/report/``) for an agency."""
        code = division or "_"
        if not name:
            return f"{code}/unnamed-{sha256[:12]}"
        return f"{code}/{segment(name)}"

    def agency(self, key: str) -> str:
        return f"{self.base}id/agency/{key}"

    def report(self, agency_key: str, year: int | None, sha256: str, suffix: str = "") -> str:
        when = str(year) if year is not None else f"undated-{sha256[:12]}"
        return f"{self.base}id/report/{agency_key}/{when}{suffix}"

    def slice(self, report: str, table: str) -> str:
        return f"{report}/slice/{table}"

    def observation(self, report: str, table: str, row: str, column: str) -> str:
        return f"{report}/obs/{table}/{segment(row)}/{segment(column)}"

    def validation(self, report: str) -> str:
        return f"{report}/validation"

    # ---- the whole data set (VoID + DCAT), its partitions and its published dumps
    def dataset_all(self) -> str:
        """The whole data set: every report, every table, the vocabulary."""
        return f"{self.base}id/dataset/all"

    def partition(self, kind: str, name: str) -> str:
        """A VoID partition of the whole data set; ``kind`` is ``class`` or ``property``."""
        return f"{self.dataset_all()}/{kind}/{name}"

    def distribution(self, path: str) -> str:
        """The DCAT distribution of the dump file ``path`` (relative to ``dumps/``)."""
        return f"{self.dataset_all()}/distribution/{path.replace('/', '_')}"

    def dump(self, path: str) -> str:
        """Where the dump file ``path`` is downloaded: ``dumps/PATH``, each segment escaped (``%`` → ``%25``)."""
        return self.base + "dumps/" + "/".join(segment(s) for s in path.split("/"))

    def sparql(self) -> str:
        """The SPARQL endpoint (also the ``sd:Service``)."""
        return self.base + "sparql"

    # ---- graphs
    def graph(self, name: str) -> str:
        """Named graphs other than reports: ``ontology``, ``codelists``, ``structure``, ``void``."""
        return f"{self.base}graph/{name}"

    # ---- documents (Cool URIs: id/ → 303 → doc/)
    def doc_for(self, iri: str) -> str:
        if iri.startswith(self.base + "id/"):
            return self.base + "doc/" + iri[len(self.base) + 3:]
        return iri

    def id_for(self, doc: str) -> str:
        if doc.startswith(self.base + "doc/"):
            return self.base + "id/" + doc[len(self.base) + 4:]
        return doc
