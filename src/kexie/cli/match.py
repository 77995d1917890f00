"""``kexie match "NEED"``: who can help — organizations and experts, with evidence and a path to them."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.text import Text

from ..analysis.match_roles import ROLE_NAMES
from .app import DbOption, app, out, settings


def _marked(text: str, spans: list[tuple[int, int]]) -> Text:
    t = Text()
    pos = 0
    for a, b in sorted(spans):
        if a < pos:
            continue
        t.append(text[pos:a])
        t.append(text[a:b], style="bold reverse")
        pos = b
    t.append(text[pos:])
    return t


@app.command("match")
def match_cmd(
    need: Annotated[str, typer.Argument(help="The need in a sentence, e.g. 果园水肥一体化技术指导.")],
    kind: Annotated[str, typer.Option("--type", help="org, person or any.")] = "any",
    region: Annotated[
        str | None, typer.Option("--region", help="Only entities of or active in this place, e.g. 平谷.")
    ] = None,
    top: Annotated[int, typer.Option("--top", help="How many to show (1-100).")] = 10,
    as_json: Annotated[
        bool,
        typer.Option("--json", help="Print the result as JSON (matches with evidence spans and paths)."),
    ] = False,
    db: DbOption = None,
) -> None:
    """对接：rank the organizations and experts whose past activities fit a need, with evidence."""
    from .. import services

    result = services.match(settings(db), need, kind=kind, region=region, top=top)
    if as_json:
        out.print_json(json.dumps(result.to_json(), ensure_ascii=False))
        return
    if result.terms:
        words = "、".join(
            t + (f"（{'/'.join(result.expansions[t][:4])}…）" if result.expansions.get(t) else "")
            for t in result.terms
        )
        out.print(f"需求要点：{words}", markup=False)
    if result.message:
        out.print(result.message, markup=False)
    for i, m in enumerate(result.matches, 1):
        kind_cn = "个人" if m.type == "person" else "单位"
        titles = f"（{'、'.join(m.titles)}）" if m.titles else ""
        out.print(
            Text.assemble(
                (f"{i}. {m.name}", "bold"), f"{titles}  {kind_cn}  得分 {m.score}  相关活动 {m.activities} 项"
            )
        )
        for e in m.evidence:
            out.print(
                f"   · {e.date or '日期不详'} {e.title} [{ROLE_NAMES.get(e.role, e.role)}]", markup=False
            )
            out.print(Text("     ") + _marked(e.passage, e.spans))
        if m.path:
            via = "、".join(f"{p.name}（共同活动 {p.articles} 项）" for p in m.path)
            out.print(f"   联系途径：{via}", markup=False)
    if result.suggestions:
        out.print("可以试试：" + "、".join(result.suggestions), markup=False)
