"""A query worker process: opens the store read-only and answers one query at a time.

The parent sends a :class:`Job`; the worker replies with one ``Head`` message and, for
a 200, the body as byte chunks ending with an empty chunk. Results are held (at most
``max_rows`` of them) until the row count is known, so a capped result is a distinct
status and never a truncated 200. The parent kills the process when the time limit passes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from multiprocessing.connection import Connection

CHUNK = 64 * 1024


@dataclass(frozen=True, slots=True)
class Job:
    store: str
    query: str
    base_iri: str | None
    default_graphs: tuple[str, ...] | None
    named_graphs: tuple[str, ...] | None
    accept: str | None
    format: str | None
    max_rows: int
    prefixes: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Head:
    status: int
    content_type: str = "text/plain; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    message: str = ""


_COMMENT_OR_STRING = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>\s]*>|#[^\n]*')
_FROM = re.compile(r"\bFROM\b", re.IGNORECASE)
_PROLOGUE = re.compile(r"\s+|#[^\n]*|PREFIX\s*[^\s:]*:\s*<[^<>]*>|BASE\s*<[^<>]*>", re.IGNORECASE)
_UPDATE = re.compile(r"(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b", re.IGNORECASE)


def _strip(query: str) -> str:
    """The query with comments, strings and IRIs blanked (for keyword checks)."""
    return _COMMENT_OR_STRING.sub(lambda m: "<>" if m.group(0).startswith("<") else " ", query)


def has_dataset_clause(query: str) -> bool:
    """Whether the query names its own dataset (``FROM`` / ``FROM NAMED``)."""
    return bool(_FROM.search(_strip(query)))


def looks_like_update(text: str) -> bool:
    """Whether ``text`` starts like a SPARQL Update operation."""
    pos = 0
    while m := _PROLOGUE.match(text, pos):
        if m.end() == pos:
            break
        pos = m.end()
    return bool(_UPDATE.match(text, pos))


def _evaluate(store, job: Job):  # noqa: ANN001, ANN202  (pyoxigraph types)
    import pyoxigraph as ox

    kwargs: dict[str, object] = {"base_iri": job.base_iri}
    if job.default_graphs is not None or job.named_graphs is not None:
        kwargs["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs or ()] or ox.DefaultGraph()
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs or ()]
        if not job.default_graphs:
            kwargs["default_graph"] = []
    elif not has_dataset_clause(job.query):
        kwargs["use_default_graph_as_union"] = True
    return store.query(job.query, **kwargs)


def answer(store, job: Job) -> tuple[Head, list[bytes]]:  # noqa: ANN001
    """Evaluate ``job`` on ``store``: the head and the body chunks."""
    import pyoxigraph as ox

    from . import conneg, results

    try:
        result = _evaluate(store, job)
    except SyntaxError as exc:
        if looks_like_update(job.query):
            return Head(400, message="this endpoint is read-only: SPARQL Update is not accepted "
                                     f"(and the text is not a query: {exc})"), []
        return Head(400, message=f"SPARQL syntax error: {exc}"), []
    except (ValueError, TypeError) as exc:
        return Head(400, message=f"bad request: {exc}"), []

    cap_headers = {"X-SPARQL-Max-Rows": str(job.max_rows)}
    if isinstance(result, ox.QueryBoolean):
        table = conneg.BOOLEAN
    elif isinstance(result, ox.QuerySolutions):
        table = conneg.SOLUTIONS
    else:
        table = conneg.GRAPH
    fmt = conneg.by_name(job.format, table) if job.format else conneg.negotiate(job.accept, table)
    if fmt is None:
        offered = ", ".join(m for f in table for m in f.media_types)
        what = f"format {job.format!r}" if job.format else f"Accept: {job.accept}"
        return Head(406, message=f"no acceptable format for this result ({what}); this query can give: {offered}"), []

    if isinstance(result, ox.QueryBoolean):
        return Head(200, fmt.content_type, cap_headers), [results.write_boolean(bool(result), fmt).encode()]

    rows: list = []
    for item in result:
        if len(rows) >= job.max_rows:
            return Head(422, headers={**cap_headers, "X-SPARQL-Limit-Exceeded": "rows"},
                        message=f"the result has more than {job.max_rows} rows (or triples), the most this endpoint "
                                "returns in one response; add LIMIT/OFFSET to page through it"), []
        rows.append(item if isinstance(item, ox.Triple) else tuple(item))
    headers = {**cap_headers, "X-SPARQL-Rows": str(len(rows))}
    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        text = "".join(results.SOLUTION_WRITERS[fmt.name](names, rows)).encode()
    else:
        text = results.write_graph(rows, fmt, job.prefixes)
    return Head(200, fmt.content_type, headers), [text[i:i + CHUNK] for i in range(0, len(text), CHUNK)] or [b""]


def serve(conn: Connection) -> None:
    """Worker main loop: one job in, one head and its chunks out; exits on ``None`` or EOF."""
    import pyoxigraph as ox

    opened: dict[str, object] = {}
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        try:
            store = opened.get(job.store)
            if store is None:
                opened.clear()
                store = opened[job.store] = ox.Store.read_only(job.store)
            head, chunks = answer(store, job)
        except Exception as exc:  # report, keep serving
            head, chunks = Head(500, message=f"internal error while answering the query ({type(exc).__name__}: {exc})"), []
        conn.send(head)
        if head.status == 200:
            for chunk in chunks:
                if chunk:
                    conn.send_bytes(chunk)
            conn.send_bytes(b"")
