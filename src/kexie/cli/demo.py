"""``kexie demo``: the main job on the embedded default, for `make demo`.

Ingests the example bulletins shipped under examples/ into a fresh embedded database
(./kexie-demo.db, recreated every time) and starts the web application on it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .app import app, out, settings

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
STATUS = {"stored": "已入库", "replaced": "已替换", "skipped": "已跳过", "failed": "失败"}


def fresh_sqlite(path: Path) -> str:
    """Remove a previous demo database (and its WAL files); the URL of the new one."""
    for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        p.unlink(missing_ok=True)
    return f"sqlite:///{path.resolve()}"


@app.command()
def demo(
    db: Annotated[Path, typer.Option("--db", help="Demo database file, deleted and rebuilt.")] = Path(
        "kexie-demo.db"
    ),
    host: Annotated[str, typer.Option(help="Address for the web app.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port for the web app.")] = 8000,
    serve: Annotated[bool, typer.Option("--serve/--no-serve", help="Start the web app afterwards.")] = True,
    summary: Annotated[
        bool, typer.Option("--summary", help="Also print what was read from each file.")
    ] = False,
) -> None:
    """Ingest the example bulletins under examples/ into a fresh database and start the web app."""
    from .. import services
    from .serve import check_port, run_server

    if serve:
        check_port(host, port)  # fail before the work, not after it
    if summary:
        services.demo(EXAMPLES, out)
    url = fresh_sqlite(db)
    out.print(f"kexie demo: {EXAMPLES} → {db}", markup=False)

    def progress(result, done: int, total: int) -> None:
        detail = (
            f"{result.articles} 篇文章" if result.status in ("stored", "replaced") else (result.reason or "")
        )
        out.print(
            f"  [{done}/{total}] {STATUS.get(result.status, result.status)} {result.name} {detail}",
            markup=False,
        )

    report = services.ingest_paths(settings(url), [EXAMPLES], progress)
    totals = services.dashboard(settings(url))
    out.print(
        f"kexie demo: 数据库中共 {totals.documents} 份工作动态、{totals.articles} 篇文章"
        + (f"（{len(report.failed)} 个文件失败）" if report.failed else ""),
        markup=False,
    )
    if serve:
        run_server(url, host, port)
