"""``kexie compose``: the next bulletin issue from archived articles, as docx or pdf."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .app import DbOption, app, fail, out, settings
from .output import write_output


def _ids(value: str) -> list[int]:
    from ..errors import ConfigError

    ids = []
    for part in value.replace("，", ",").split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isdigit():
            raise ConfigError(
                f"“{part}”不是文章编号（应为逗号分隔的数字，如 12,15,20）", subject="--articles"
            )
        ids.append(int(part))
    if not ids:
        raise ConfigError("至少需要一个文章编号", subject="--articles")
    return ids


@app.command("compose")
def compose(
    articles: Annotated[
        str,
        typer.Option(
            "--articles", help="Article ids from the archive, in order: 12,15,20.", show_default=False
        ),
    ],
    out_path: Annotated[Path, typer.Option("--out", "-o", help="The file to write.", show_default=False)],
    number: Annotated[
        int | None,
        typer.Option("--number", "-n", help="Issue number N (第N期); default: one after the last stored."),
    ] = None,
    issue_date: Annotated[
        str | None, typer.Option("--date", help="Issue date, e.g. 2023-03-01; default: today.")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="docx or pdf.")] = "docx",
    name: Annotated[str | None, typer.Option("--name", help="Bulletin name (default 科协工作动态).")] = None,
    sections: Annotated[
        str | None, typer.Option("--sections", help="Section order, comma-separated: 学会动态,区科协动态.")
    ] = None,
    db: DbOption = None,
) -> None:
    """组稿：compose an issue (masthead, 第N期, date, sections in order) from archived articles."""
    from .. import services
    from ..errors import KexieError

    try:
        target = write_output(out_path, check_only=True)
        order = [s.strip() for s in (sections or "").replace("，", ",").split(",") if s.strip()]
        rendered = services.compose_issue(
            settings(db),
            _ids(articles),
            number=number,
            issue_date=issue_date,
            name=name,
            sections=order,
            fmt=fmt,
        )
        write_output(target, rendered.data)
    except KexieError as e:
        raise fail(e) from None
    out.print(f"已写入 {target}（{len(rendered.data):,} 字节）")
