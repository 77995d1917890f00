"""``kexie entity show|merge|split|rename``: look at and correct the archive's entities."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table

from .app import DbOption, app, out, settings

entity_app = typer.Typer(
    help="实体：show an organization, person or place; correct the archive's resolution.",
    no_args_is_help=True,
)
app.add_typer(entity_app, name="entity")

TYPE_ZH = {"ORG": "组织", "PER": "人物", "LOC": "地点"}


def _typ(value: str | None) -> str | None:
    if value is None:
        return None
    v = value.upper()
    v = {"PERSON": "PER", "PLACE": "LOC"}.get(v, v)
    if v not in TYPE_ZH:
        from ..errors import ConfigError

        raise ConfigError(f"must be ORG, PER or LOC, not {value!r}", subject="--type")
    return v


@entity_app.command("show")
def show(
    name: Annotated[
        str, typer.Argument(help="Entity id or any written form of its name.", show_default=False)
    ],
    type_: Annotated[
        str | None, typer.Option("--type", help="ORG, PER or LOC, when a name is ambiguous.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the whole profile as JSON.")] = False,
    db: DbOption = None,
) -> None:
    """Aliases, counts, first and last seen, titles (persons), partners."""
    from .. import services

    p = services.get_entity(settings(db), name, _typ(type_))
    if as_json:
        out.print(json.dumps(p.to_json(), ensure_ascii=False, indent=1), markup=False)
        return
    out.print(
        f"[bold]{p.name}[/bold]  {TYPE_ZH.get(p.type, p.type)} #{p.id}"
        + (f"  行政区划代码 {p.code}" if p.code else "")
    )
    out.print(f"写法：{'、'.join(p.aliases)}", markup=False)
    out.print(
        f"文章 {p.articles} 篇 · 提及 {p.mentions} 次 · 文档 {p.documents} 份 · 首见 {p.first_seen or '—'} · 末见 {p.last_seen or '—'}",
        markup=False,
    )
    if p.titles:
        t = Table("职务", "单位", "首见", "末见", "次数", show_edge=False)
        for s in p.titles:
            t.add_row(s.title, s.org or "", s.first or "", s.last or "", str(s.count))
        out.print(t)
    if p.partners:
        out.print("同现：" + "  ".join(f"{x.name}({x.count})" for x in p.partners[:12]), markup=False)
    if p.platforms:
        out.print("服务平台：" + "  ".join(f"{k}({v})" for k, v in p.platforms.items()), markup=False)


@entity_app.command("merge")
def merge(
    target: Annotated[str, typer.Argument(help="The entity to keep (id or name).", show_default=False)],
    others: Annotated[
        list[str], typer.Argument(help="Entities merged into it (ids or names).", show_default=False)
    ],
    db: DbOption = None,
) -> None:
    """Merge entities into one; kept when documents are ingested again."""
    from .. import services

    r = services.merge_entities(settings(db), target, list(others))
    out.print(f"已合并：{r.entity.name} #{r.entity.id} — {r.detail}", markup=False)


@entity_app.command("split")
def split(
    entity: Annotated[str, typer.Argument(help="The entity to split (id or name).", show_default=False)],
    alias: Annotated[
        str | None,
        typer.Option("--alias", help="A written form that names a different organization or place."),
    ] = None,
    org: Annotated[
        str | None,
        typer.Option("--org", help="Persons: the organization whose occurrences are another person."),
    ] = None,
    db: DbOption = None,
) -> None:
    """Split an entity in two; kept when documents are ingested again."""
    from .. import services

    r = services.split_entity(settings(db), entity, alias=alias, org=org)
    out.print(f"已拆分：新实体 {r.entity.name} #{r.entity.id} — {r.detail}", markup=False)


@entity_app.command("rename")
def rename(
    entity: Annotated[str, typer.Argument(help="The entity (id or name).", show_default=False)],
    name: Annotated[str, typer.Argument(help="Its new canonical name.", show_default=False)],
    db: DbOption = None,
) -> None:
    """Give an entity a new canonical name; kept when documents are ingested again."""
    from .. import services

    r = services.rename_entity(settings(db), entity, name)
    out.print(f"已改名：#{r.entity.id} {r.detail}", markup=False)
