"""A pool of killable query worker processes, driven from asyncio.

Each worker answers one query at a time. A query that passes the time limit has its
worker killed (SIGKILL) and replaced, so a runaway query costs exactly one worker for
at most the time limit and never slows the others.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing as mp
from collections.abc import AsyncIterator
from dataclasses import dataclass
from multiprocessing.connection import Connection

from .worker import Head, Job, serve


class QueryTimeout(Exception):
    """The query ran past the time limit; its worker was killed."""


class PoolBusy(Exception):
    """No worker became free within the time limit."""


@dataclass(slots=True, eq=False)
class _Worker:
    process: mp.process.BaseProcess
    conn: Connection


async def _readable(conn: Connection, timeout: float | None) -> bool:
    """Wait until ``conn`` has data (True) or ``timeout`` passes (False), without a thread."""
    if conn.poll(0):
        return True
    loop = asyncio.get_running_loop()
    fut: asyncio.Future[None] = loop.create_future()
    fd = conn.fileno()
    loop.add_reader(fd, lambda: fut.done() or fut.set_result(None))
    try:
        await asyncio.wait_for(fut, timeout)
        return True
    except TimeoutError:
        return False
    finally:
        loop.remove_reader(fd)


class QueryPool:
    """``size`` worker processes; :meth:`run` answers one :class:`Job` within ``timeout`` seconds."""

    def __init__(self, size: int, timeout: float) -> None:
        self.size = max(1, size)
        self.timeout = timeout
        self._ctx = mp.get_context("forkserver")
        self._ctx.set_forkserver_preload(["gongkai.server.worker", "pyoxigraph"])
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._all: set[_Worker] = set()
        self.killed = 0

    def _spawn(self) -> _Worker:
        parent, child = self._ctx.Pipe(duplex=True)
        proc = self._ctx.Process(target=serve, args=(child,), daemon=True, name="gongkai-query")
        proc.start()
        child.close()
        worker = _Worker(proc, parent)
        self._all.add(worker)
        return worker

    async def start(self) -> None:
        for _ in range(self.size):
            self._idle.put_nowait(await asyncio.to_thread(self._spawn))

    async def close(self) -> None:
        for w in list(self._all):
            with contextlib.suppress(Exception):
                w.conn.send(None)
        for w in list(self._all):
            await asyncio.to_thread(w.process.join, 1)
            if w.process.is_alive():
                w.process.kill()
        self._all.clear()

    def _kill(self, worker: _Worker) -> None:
        """Kill ``worker`` and start a replacement in the background."""
        self.killed += 1
        self._all.discard(worker)
        worker.process.kill()
        worker.conn.close()

        async def replace() -> None:
            await asyncio.to_thread(worker.process.join, 5)
            self._idle.put_nowait(await asyncio.to_thread(self._spawn))

        asyncio.get_running_loop().create_task(replace())

    async def run(self, job: Job) -> tuple[Head, AsyncIterator[bytes] | None]:
        """The head of the answer and, for a 200, an iterator over the body chunks."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout
        try:
            worker = await asyncio.wait_for(self._idle.get(), self.timeout)
        except TimeoutError:
            raise PoolBusy(f"all {self.size} query workers stayed busy for {self.timeout:g} s") from None
        try:
            worker.conn.send(job)
            ok = await _readable(worker.conn, max(0.0, deadline - loop.time()))
            if not ok:
                self._kill(worker)
                raise QueryTimeout(f"the query ran for more than {self.timeout:g} s and was stopped")
            head: Head = worker.conn.recv()
        except (EOFError, OSError, BrokenPipeError) as exc:
            self._kill(worker)
            return Head(500, message=f"query worker failed ({type(exc).__name__}); it has been replaced"), None
        except BaseException:
            if worker in self._all and worker.process.is_alive() and not worker.conn.closed:
                self._kill(worker)
            raise
        if head.status != 200:
            self._idle.put_nowait(worker)
            return head, None
        return head, self._body(worker)

    async def _body(self, worker: _Worker) -> AsyncIterator[bytes]:
        done = False
        try:
            while True:
                if not await _readable(worker.conn, self.timeout):
                    break
                chunk = worker.conn.recv_bytes()
                if not chunk:
                    done = True
                    return
                yield chunk
        finally:
            if done:
                self._idle.put_nowait(worker)
            else:  # the client went away mid-body, or the worker stalled: start afresh
                self._kill(worker)
