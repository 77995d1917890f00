"""A search's filters (year, dates, type, platform, section, document, entities) and their SQL.

Shared by every statement of `find.py` that narrows articles: the same conditions written as
IN lists (an index drives the query: browsing, listing a filter's articles) or as per-article
probes (checking hits one by one).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(slots=True)
class Filters:
    date_from: str | None = None
    date_to: str | None = None
    year: int | None = None
    org: list[int] | None = None  # entity ids (several: the same written name)
    person: list[int] | None = None
    place: list[int] | None = None
    event_type: str | None = None
    platform: str | None = None
    section: str | None = None
    document: int | None = None

    def empty(self) -> bool:
        return all(getattr(self, f) is None for f in self.__slots__)  # type: ignore[attr-defined]

    def platform_only(self) -> bool:
        """Only a platform: the (platform, article_id) index answers it alone."""
        return self.platform is not None and Filters(platform=self.platform) == self


def filter_sql(f: Filters, params: dict[str, Any], alias: str = "a", per_hit: bool = False) -> str:
    """The filters as SQL on `articles {alias}`. `per_hit`: the link-table filters are written as
    primary-key probes per article (EXISTS), for checking hits one by one; otherwise as IN lists,
    which let a filter drive the query from its index (browsing)."""
    conds: list[str] = []
    if f.date_from:
        conds.append(f"{alias}.date >= :date_from")
        params["date_from"] = f.date_from
    if f.date_to:
        conds.append(f"{alias}.date <= :date_to")
        params["date_to"] = f.date_to
    if f.year is not None:
        conds.append(f"{alias}.year = :year")
        params["year"] = f.year
    for name in ("event_type", "section"):
        if getattr(f, name) is not None:
            conds.append(f"{alias}.{name} = :{name}")
            params[name] = getattr(f, name)
    if f.document is not None:
        conds.append(f"{alias}.document_id = :document")
        params["document"] = f.document
    for name in ("org", "person", "place"):
        ids = getattr(f, name)
        if ids is not None:
            keys = []
            for i, eid in enumerate(ids or [-1]):
                params[f"{name}{i}"] = eid
                keys.append(f":{name}{i}")
            if per_hit:
                conds.append(
                    f"EXISTS (SELECT 1 FROM article_entities le WHERE le.article_id = {alias}.id "
                    f"AND le.entity_id IN ({', '.join(keys)}))"
                )
            else:
                conds.append(
                    f"{alias}.id IN (SELECT article_id FROM article_entities WHERE entity_id IN ({', '.join(keys)}))"
                )
    if f.platform is not None:
        if per_hit:
            conds.append(
                f"EXISTS (SELECT 1 FROM article_platforms lp WHERE lp.article_id = {alias}.id "
                "AND lp.platform = :platform)"
            )
        else:
            conds.append(
                f"{alias}.id IN (SELECT article_id FROM article_platforms WHERE platform = :platform)"
            )
        params["platform"] = f.platform
    return " AND ".join(conds)
