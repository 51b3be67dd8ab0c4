"""Fixtures for the server tests: a small store and a real server process on a free port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from gongkai.uris import Uris

from .conftest import REPO, shared_root
from .synthetic_store import make_store, report_nquads

BASE = "http://data.example.org/gongkai/"  # a "public" base, served on localhost by path
PROTOCOL = shared_root() / "conformance" / "w3c-rdf-tests" / "sparql" / "sparql11" / "protocol"
KASEI = "http://kasei.us/2009/09/sparql/data/"


@dataclass(frozen=True)
class Running:
    url: str
    store: Path
    uris: Uris
    log: Path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build_test_store(root: Path) -> None:
    uris = Uris(BASE)
    extra = []
    for i in (1, 2, 3):
        path = PROTOCOL / f"data{i}.nt"
        if path.exists():
            extra.append((f"{KASEI}data{i}.rdf", path.read_text("utf-8")))
    make_store(root, BASE, report_nquads(uris, 3), extra)
    dumps = root / "dumps"
    dumps.mkdir(exist_ok=True)
    (dumps / "reports").mkdir(exist_ok=True)
    (dumps / "reports" / "a.ttl").write_text("<a> <b> <c> .\n")
    (dumps / "gongkai.nq").write_bytes(b"".join(bytes([i % 251]) for i in range(5000)))


def start_server(store: Path, log: Path, *args: str) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "gongkai.cli", "serve", "--store", str(store), "--port", str(port), *args],
        stdout=subprocess.DEVNULL, stderr=log.open("wb"), env=env, cwd=REPO)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited: {log.read_text()[-3000:]}")
        try:
            r = httpx.get(url + "/health", timeout=1)
            if r.status_code == 200 and r.json().get("stats_ready"):
                return proc, url
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    proc.kill()
    raise RuntimeError(f"server did not start: {log.read_text()[-3000:]}")


@contextmanager
def serving(root: Path, log: Path, *args: str) -> Iterator[str]:
    """``gongkai serve`` over the store at ``root`` for the duration of the block; its URL."""
    proc, url = start_server(root, log, *args)
    try:
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    root = tmp_path_factory.mktemp("store")
    build_test_store(root)
    log = root / "server.log"
    with serving(root, log, "--timeout", "1.5", "--max-rows", "1000", "--workers", "2") as url:
        yield Running(url, root, Uris(BASE), log)


@pytest.fixture()
def http(server: Running) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=30, follow_redirects=False) as client:
        yield client
