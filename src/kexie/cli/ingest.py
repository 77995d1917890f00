"""``kexie ingest PATH...``: store bulletins in the archive, one transaction per file."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from .app import DbOption, app, err, out, settings

STATUS_ZH = {"stored": "新入库", "replaced": "新版本替换", "skipped": "已存在，跳过", "failed": "失败"}


@app.command()
def ingest(
    paths: Annotated[
        list[str], typer.Argument(help="Files, folders (searched recursively) or globs.", show_default=False)
    ],
    db: DbOption = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bar; only the closing table.")
    ] = False,
) -> None:
    """入库：parse, extract and store each bulletin in the archive.

    The same bytes are skipped (sha256); a new version of an issue (same masthead, new bytes)
    replaces its articles and keeps the old version's record. Each file is stored whole or not
    at all; a closing table names every file that failed and why. Exit code 1 when any failed.
    """
    from .. import services

    cfg = settings(db)
    columns = (
        TextColumn("入库"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=err, transient=True, disable=quiet) as bar:
        task = bar.add_task("", total=None)

        def progress(result, done: int, total: int) -> None:
            bar.update(task, completed=done, total=total, description=result.name[-40:])

        report = services.ingest_paths(cfg, paths, progress)

    summary = Table(title=f"入库完成（{report.seconds:.1f} 秒）", show_edge=False)
    summary.add_column("状态")
    summary.add_column("文件", justify="right")
    summary.add_column("文章", justify="right")
    for status in ("stored", "replaced", "skipped", "failed"):
        rows = [r for r in report.results if r.status == status]
        summary.add_row(STATUS_ZH[status], str(len(rows)), str(sum(r.articles for r in rows)))
    out.print(summary)
    # one line per file that needs attention, never wrapped, so names can be copied (and grepped)
    for r in report.results:
        if r.status == "replaced":
            out.print(f"{STATUS_ZH[r.status]}：{r.name}（{r.reason}）", markup=False)
    for r in report.failed:
        out.print(f"{STATUS_ZH[r.status]}：{r.reason}", markup=False)
    if not report.results:
        err.print("kexie: nothing to ingest: no files found", markup=False)
        raise typer.Exit(1)
    if not report.ok:
        raise typer.Exit(1)
