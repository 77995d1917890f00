"""``kexie report unit|stats``: a unit's work report and a year's platform statistics, to a file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .app import DbOption, app, fail, out, settings
from .output import write_output

report_app = typer.Typer(
    help="报告：unit work reports (docx/pdf/md) and platform statistics (xlsx/md).", no_args_is_help=True
)
app.add_typer(report_app, name="report")

OutOption = Annotated[Path, typer.Option("--out", "-o", help="The file to write (its folder must exist).")]


@report_app.command("unit")
def unit(
    org: Annotated[
        str,
        typer.Argument(help="The organization: its name, an alias, or its entity id.", show_default=False),
    ],
    date_from: Annotated[str, typer.Option("--from", help="First day, e.g. 2023-01-01.", show_default=False)],
    date_to: Annotated[str, typer.Option("--to", help="Last day, e.g. 2023-12-31.", show_default=False)],
    out_path: OutOption,
    fmt: Annotated[str, typer.Option("--format", "-f", help="docx, pdf or md.")] = "docx",
    db: DbOption = None,
) -> None:
    """单位工作报告：an organization's activities in a period by platform and month, with partners, people and totals."""
    from .. import services
    from ..errors import KexieError

    try:
        target = write_output(out_path, check_only=True)
        rendered = services.report_unit(settings(db), org, date_from, date_to, fmt)
        write_output(target, rendered.data)
    except KexieError as e:
        raise fail(e) from None
    out.print(f"已写入 {target}（{len(rendered.data):,} 字节）")


@report_app.command("stats")
def stats(
    year: Annotated[str, typer.Option("--year", help="The year, e.g. 2023.", show_default=False)],
    out_path: OutOption,
    fmt: Annotated[str, typer.Option("--format", "-f", help="xlsx or md.")] = "xlsx",
    db: DbOption = None,
) -> None:
    """平台统计：a year's activities per platform × month × unit, partners per platform, most active entities."""
    from .. import services
    from ..errors import KexieError

    try:
        target = write_output(out_path, check_only=True)
        rendered = services.report_stats(settings(db), year, fmt)
        write_output(target, rendered.data)
    except KexieError as e:
        raise fail(e) from None
    out.print(f"已写入 {target}（{len(rendered.data):,} 字节）")
