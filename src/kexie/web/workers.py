"""Several worker processes of the web app, each listening on a socket of its own (SO_REUSEPORT).

Why not uvicorn's own ``--workers``: it binds one socket and every worker accepts from it, and
each worker's event loop takes every pending connection it sees at once. Browsers keep their
connections open (keep-alive), so they stay where they landed: measured with 20 clients on 4
workers, 10/6/2/2 and 18/1/1/0 connections per worker. With one page computed at a time per
worker (``--threads 1``), the crowded worker's pages queue while the others idle. With one
socket per worker the kernel spreads new connections over the sockets by a hash of the
address pair, so each worker gets about its share.

The supervisor is the smallest that serves: spawn the workers, restart one that dies, stop
them all on Ctrl+C or SIGTERM, and give up when a worker cannot start (a broken app or port).
Where the platform has no SO_REUSEPORT (Windows), uvicorn's own supervisor is used instead.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import signal
import socket
import sys
import threading

import uvicorn
from uvicorn.config import STARTUP_FAILURE

log = logging.getLogger("uvicorn.error")
STOP_TIMEOUT = 10.0  # seconds a worker gets to finish its requests on shutdown


def reuseport_available() -> bool:
    return hasattr(socket, "SO_REUSEPORT") and sys.platform.startswith(("linux", "freebsd", "darwin"))


def listening_socket(host: str, port: int) -> socket.socket:
    """A socket bound to (host, port) that other sockets of this user may bind too: the kernel
    hands each new connection to one of them."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


class _OwnSocketServer(uvicorn.Server):
    """uvicorn's server, listening on a socket of this worker's own instead of the parent's."""

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        try:
            own = listening_socket(self.config.host, self.config.port)
        except OSError as e:
            log.error("cannot listen on %s:%s (%s)", self.config.host, self.config.port, e.strerror or e)
            sys.exit(STARTUP_FAILURE)
        await super().startup(sockets=[own])


def _worker(config: uvicorn.Config) -> None:
    config.configure_logging()
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl+C reaches the whole group; the parent stops us
        _OwnSocketServer(config).run()


def run(config: uvicorn.Config, workers: int) -> None:
    """Serve `config` (an import-string app) from `workers` processes until Ctrl+C or SIGTERM."""
    if not reuseport_available():
        from uvicorn.supervisors import Multiprocess

        config.workers = workers
        Multiprocess(config, sockets=[config.bind_socket()]).run()
        return
    spawn = multiprocessing.get_context("spawn")
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())

    def start() -> multiprocessing.process.BaseProcess:
        p = spawn.Process(target=_worker, args=(config,), daemon=False)
        p.start()
        return p

    procs = [start() for _ in range(workers)]
    failed = False
    while not stop.wait(0.5):
        for i, p in enumerate(procs):
            if p.is_alive():
                continue
            if p.exitcode == STARTUP_FAILURE:
                log.error("worker [%s] could not start; stopping", p.pid)
                failed = True
                stop.set()
                break
            log.warning("worker [%s] ended (exit code %s); starting another", p.pid, p.exitcode)
            procs[i] = start()
    for p in procs:
        if p.is_alive():
            p.terminate()  # SIGTERM: uvicorn finishes the requests in flight, then exits
    for p in procs:
        p.join(STOP_TIMEOUT)
        if p.is_alive():
            p.kill()
            p.join()
    if failed:
        sys.exit(STARTUP_FAILURE)
