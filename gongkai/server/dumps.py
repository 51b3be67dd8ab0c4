"""``/dumps/``: the files ``gongkai dump`` wrote into ``DIR/dumps/``, with SHA-256, ETag,
Last-Modified and byte ranges (Starlette's FileResponse handles ``Range``)."""

from __future__ import annotations

import email.utils
import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response

from .http import error, not_modified, not_modified_response

if TYPE_CHECKING:
    from .app import Server

_TYPES = {".nq": "application/n-quads", ".nt": "application/n-triples", ".ttl": "text/turtle",
          ".trig": "application/trig", ".gz": "application/gzip", ".zst": "application/zstd",
          ".jsonl": "application/jsonl", ".csv": "text/csv", ".json": "application/json"}


class Dumps:
    """The dumps directory of a store; SHA-256 sums cached by (name, size, mtime)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._sums: dict[tuple[str, int, int], str] = {}

    def names(self) -> list[str]:
        if not self.root.is_dir():
            return []
        return sorted(p.name for p in self.root.iterdir() if p.is_file() and not p.name.startswith(".")
                      and not p.name.endswith((".sha256", ".part")) and p.name != "SHA256SUMS")

    def resolve(self, name: str) -> Path | None:
        """The file ``name`` (may be nested, e.g. per-report dumps) inside the dumps directory, or None."""
        if not name or any(part.startswith(".") for part in name.split("/")):
            return None
        path = (self.root / name).resolve()
        root = self.root.resolve()
        return path if path.is_file() and root in path.parents else None

    def sha256(self, path: Path) -> str:
        st = path.stat()
        key = (path.name, st.st_size, st.st_mtime_ns)
        if key not in self._sums:
            side = path.with_name(path.name + ".sha256")
            if side.is_file():
                self._sums[key] = side.read_text().split()[0]
            else:
                h = hashlib.sha256()
                with path.open("rb") as f:
                    for block in iter(lambda: f.read(1 << 20), b""):
                        h.update(block)
                self._sums[key] = h.hexdigest()
        return self._sums[key]

    def listing(self) -> list[dict[str, object]]:
        out = []
        for name in self.names():
            p = self.root / name
            st = p.stat()
            out.append({"name": name, "href": f"/dumps/{name}", "bytes": st.st_size, "sha256": self.sha256(p),
                        "modified": email.utils.formatdate(st.st_mtime, usegmt=True)})
        return out


async def index(request: Request) -> Response:
    server: Server = request.app.state.server
    listing = server.dumps.listing()
    if "text/html" in request.headers.get("accept", ""):
        return await server.pages.dumps(request, listing)
    return JSONResponse({"dumps": listing, "note": None if listing else "no dumps yet: run `gongkai dump`"})


async def file(request: Request) -> Response:
    server: Server = request.app.state.server
    name = request.path_params["name"]
    path = server.dumps.resolve(name)
    if path is None:
        return error(404, f"no dump named {name!r}; see /dumps/")
    st = path.stat()
    digest = server.dumps.sha256(path)
    headers = {"ETag": f'"{digest[:32]}"', "Digest": f"sha-256={digest}", "X-Checksum-SHA256": digest,
               "Last-Modified": email.utils.formatdate(st.st_mtime, usegmt=True), "Accept-Ranges": "bytes"}
    if not_modified(request, digest[:32], st.st_mtime):
        return not_modified_response(headers)
    media = _TYPES.get(path.suffix, "application/octet-stream")
    return FileResponse(path, media_type=media, headers=headers, filename=path.name)


async def sums(request: Request) -> Response:
    """``/dumps/SHA256SUMS``: ``sha256sum -c`` input for every dump."""
    server: Server = request.app.state.server
    written = server.dumps.root / "SHA256SUMS"
    if written.is_file():  # the one `gongkai dump` wrote covers nested per-report files too
        return FileResponse(written, media_type="text/plain; charset=utf-8")
    text = "".join(f"{d['sha256']}  {d['name']}\n" for d in server.dumps.listing())
    return Response(text, media_type="text/plain; charset=utf-8")


def to_json(listing: list[dict[str, object]]) -> str:
    return json.dumps(listing, ensure_ascii=False)
