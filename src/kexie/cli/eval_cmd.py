"""``kexie eval GOLD...``: score extraction against gold files (precision, recall, F1 per field)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from .app import app, fail, out, settings

FIELD_NAMES = {
    "persons": "人物",
    "titles": "人物职务",
    "orgs": "机构",
    "locations": "地点",
    "dates": "日期",
    "event_type": "活动类型",
    "platforms": "服务平台",
    "quantities": "数量",
}

SHORT_NAMES = dict(
    zip(FIELD_NAMES, ("人物", "职务", "机构", "地点", "日期", "类型", "平台", "数量"), strict=True)
)


@app.command("eval")
def eval_(
    gold: Annotated[
        list[Path],
        typer.Argument(help="Gold files shaped like shared/samples/*.gold.json.", show_default=False),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores and misses as JSON.")] = False,
    misses: Annotated[
        bool, typer.Option("--misses/--no-misses", help="List what was missed or added, per article.")
    ] = True,
) -> None:
    """评测抽取：score extraction against gold files, per field (micro and per article), listing the misses."""
    from .. import services
    from ..errors import KexieError

    try:
        report = services.evaluate_gold(gold, settings())
    except KexieError as e:
        raise fail(e) from None
    if as_json:
        sys.stdout.write(json.dumps(report.to_json(), ensure_ascii=False, indent=1) + "\n")
        return
    micro = report.micro()
    table = Table(title=f"抽取评测：{len(gold)} 个标注文件，{len(report.articles)} 篇文章（micro）")
    for col in ("字段", "精确率 P", "召回率 R", "F1", "正确", "多出", "漏掉"):
        table.add_column(col, justify="left" if col == "字段" else "right")
    for f, s in micro.items():
        table.add_row(
            FIELD_NAMES[f],
            f"{s.precision:.3f}",
            f"{s.recall:.3f}",
            f"{s.f1:.3f}",
            str(s.tp),
            str(s.fp),
            str(s.fn),
        )
    out.print(table)
    per = Table(title="每篇文章的 F1")
    per.add_column("文章", no_wrap=True, overflow="ellipsis", max_width=24)
    for f in micro:
        per.add_column(SHORT_NAMES[f], justify="right", no_wrap=True, min_width=4)
    for a in report.articles:
        title = a.title if a.found else f"{a.title}（未找到）"
        per.add_row(title.replace(" ", ""), *(f"{a.scores[f].f1:.2f}" for f in micro))
    out.print(per)
    if misses:
        for a in report.articles:
            if not a.misses and not a.spurious:
                continue
            out.print(f"[bold]{a.gold_file} · {a.title}[/bold]")
            for f in micro:
                if f in a.misses:
                    out.print(f"  {FIELD_NAMES[f]} 漏掉：{'、'.join(a.misses[f])}", markup=False)
                if f in a.spurious:
                    out.print(f"  {FIELD_NAMES[f]} 多出：{'、'.join(a.spurious[f])}", markup=False)
