"""``kexie serve``: the web application on this machine (127.0.0.1 unless told otherwise)."""

from __future__ import annotations

import os
import socket
from typing import Annotated

import typer

from ..errors import ConfigError
from .app import DbOption, app, err, out, settings

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def check_port(host: str, port: int) -> None:
    """Fail with one line when the address is taken or cannot be bound, before uvicorn starts."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError as e:
            raise ConfigError(
                f"cannot listen on {host}:{port} ({e.strerror or e})", subject="--port"
            ) from None


def run_server(
    db: str | None, host: str, port: int, access_log: bool = False, workers: int = 1, threads: int = 0
) -> None:
    """Build the app for the database and serve it until Ctrl+C (shared with `kexie demo`).

    Several workers are separate processes (Python's GIL otherwise keeps page rendering on one
    core); they get the database and one CSRF secret through the environment.
    """
    import secrets

    import uvicorn

    from .. import services
    from ..web import create_app
    from ..web.asgi import SECRET_ENV, THREADS_ENV

    check_port(host, port)
    s = settings(db)
    # open (and migrate) the archive once, before any worker: a URL kexie cannot use fails here
    # with one line, instead of every page failing
    services.archive_generation(s)
    shown = f"[{host}]" if ":" in host else host
    out.print(f"kexie: 网页服务已启动 http://{shown}:{port}/ （按 Ctrl+C 停止）", markup=False)
    if host not in LOOPBACK:
        err.print(f"kexie: warning: listening on {host}, reachable from other machines", markup=False)
    common = {"host": host, "port": port, "access_log": access_log, "log_level": "warning"}
    if workers == 1:
        uvicorn.run(create_app(s, warm=True, threads=threads), **common)
        return
    os.environ["KEXIE_DB"] = s.db_url
    os.environ.setdefault(SECRET_ENV, secrets.token_urlsafe(32))
    os.environ[THREADS_ENV] = str(threads)
    from ..web import workers as worker_processes

    config = uvicorn.Config("kexie.web.asgi:app_factory", factory=True, **common)
    worker_processes.run(config, workers)


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[
        str, typer.Option(help="Address to listen on; 127.0.0.1 keeps it on this machine.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port.")] = 8000,
    access_log: Annotated[bool, typer.Option("--access-log", help="Log every request.")] = False,
    workers: Annotated[
        int, typer.Option(min=1, max=32, help="Worker processes (one per core serves most).")
    ] = 1,
    threads: Annotated[
        int,
        typer.Option(
            min=0,
            max=64,
            help="Requests each worker computes at once (0: 40). With several workers, 1-2 keeps pages fast under load.",
        ),
    ] = 0,
) -> None:
    """Start the web application (search, articles, profiles, dashboard, upload) in Chinese."""
    run_server(db, host, port, access_log, workers, threads)
