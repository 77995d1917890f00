"""``kexie serve``: the web application on this machine (127.0.0.1 unless told otherwise)."""

from __future__ import annotations

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


def run_server(db: str | None, host: str, port: int, access_log: bool = False) -> None:
    """Build the app for the database and serve it until Ctrl+C (shared with `kexie demo`)."""
    import uvicorn

    from ..web import create_app

    check_port(host, port)
    web_app = create_app(settings(db))
    shown = f"[{host}]" if ":" in host else host
    out.print(f"kexie: 网页服务已启动 http://{shown}:{port}/ （按 Ctrl+C 停止）", markup=False)
    if host not in LOOPBACK:
        err.print(f"kexie: warning: listening on {host}, reachable from other machines", markup=False)
    uvicorn.run(web_app, host=host, port=port, access_log=access_log, log_level="warning")


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[
        str, typer.Option(help="Address to listen on; 127.0.0.1 keeps it on this machine.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port.")] = 8000,
    access_log: Annotated[bool, typer.Option("--access-log", help="Log every request.")] = False,
) -> None:
    """Start the web application (search, articles, profiles, dashboard, upload) in Chinese."""
    run_server(db, host, port, access_log)
