"""HTTP worker processes for ``gongkai serve --http-workers N``.

The parent binds the listening socket and spawns N processes that each run uvicorn on
it with :func:`gongkai.server.app.app_from_env` (options in ``$GONGKAI_SERVE``), so every
worker has its own store view (following ``current``) and its own SPARQL worker pool.
The parent restarts a worker that dies and stops them all on SIGTERM/SIGINT.

Not ``uvicorn.run(workers=N)``: uvicorn binds that socket without ``IPPROTO_TCP``, and
asyncio sets ``TCP_NODELAY`` only on connections from sockets that name the protocol,
so every keep-alive response waited ~40 ms for a delayed ACK (Nagle).
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import signal
import socket
import threading
import time
from types import FrameType

log = logging.getLogger("gongkai.serve")

#: a worker that died sooner than this after its start is restarted only after this long
RESTART_BACKOFF = 1.0


def listen(host: str, port: int, backlog: int = 2048) -> socket.socket:
    """A listening TCP socket (``IPPROTO_TCP`` so that accepted connections get ``TCP_NODELAY``)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(backlog)
    sock.set_inheritable(True)
    return sock


def _run_worker(sock: socket.socket) -> None:
    """One HTTP worker: uvicorn serving the app built from ``$GONGKAI_SERVE`` on ``sock``."""
    import uvicorn

    config = uvicorn.Config("gongkai.server.app:app_from_env", factory=True, access_log=False, log_level="info")
    uvicorn.Server(config).run(sockets=[sock])


def supervise(sock: socket.socket, count: int) -> None:
    """Run ``count`` workers on ``sock`` until SIGTERM/SIGINT; restart any that die meanwhile."""
    ctx = mp.get_context("spawn")
    stop = threading.Event()

    def start() -> tuple[mp.process.BaseProcess, float]:
        proc = ctx.Process(target=_run_worker, args=(sock,), name="gongkai-http", daemon=False)
        proc.start()
        return proc, time.monotonic()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGTERM, signal.SIGINT)}
    workers = [start() for _ in range(count)]
    log.info("gongkai serve: %d HTTP workers (pids %s)", count, ", ".join(str(p.pid) for p, _ in workers))
    try:
        while not stop.wait(0.5):
            for i, (proc, started) in enumerate(workers):
                if proc.is_alive() or time.monotonic() - started < RESTART_BACKOFF:
                    continue
                log.warning("HTTP worker %s exited (code %s); starting another", proc.pid, proc.exitcode)
                workers[i] = start()
    finally:
        for proc, _ in workers:
            if proc.is_alive():
                proc.terminate()
        for proc, _ in workers:
            proc.join(10)
            if proc.is_alive():
                proc.kill()
                proc.join(1)
        for s, handler in previous.items():
            signal.signal(s, handler)
