"""Facet counts over a search's hits: the top values of year, type, section, document, platform
and the organizations, people and places named, in one statement per search."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import orjson

FACET_TOP = 20  # values per facet returned
ENTITY_FACETS = {"ORG": "org", "PER": "person", "LOC": "place"}
Rows = Callable[[str, dict[str, Any]], list[tuple]]  # a statement's rows, on the search's connection


@dataclass(slots=True)
class Facets:
    counts: dict[str, dict[Any, int]] = field(default_factory=dict)  # entity facets keyed by id
    exact: bool = True


def count_facets(
    rows: Rows, sqlite: bool, hits: str, params: dict[str, Any], scale: float
) -> dict[str, dict[Any, int]]:
    """The top FACET_TOP values of every facet over the articles `hits` (a SELECT of id, year,
    event_type, section, document_id), each count scaled by `scale` (a sample's)."""

    # every facet's top FACET_TOP values (all years); each many-valued facet ranked by its own
    # ORDER BY … LIMIT (a top-N sort), which SQLite runs far faster than one window over all groups
    def top(label: str, value: str, source: str, where_: str = "") -> str:
        return (
            f"SELECT * FROM (SELECT '{label}' AS f, CAST({value} AS TEXT) AS v, count(*) AS n FROM {source} "
            f"{where_} GROUP BY {value} ORDER BY n DESC LIMIT {FACET_TOP}) AS top_{label.lower()}"
        )

    ents = "article_entities e INDEXED BY ix_article_entities_cover" if sqlite else "article_entities e"
    sql = f"""WITH hits AS MATERIALIZED ({hits}),
ents AS MATERIALIZED (SELECT e.type AS t, e.entity_id AS id FROM hits CROSS JOIN {ents}
  WHERE e.article_id = hits.id)
SELECT 'year', CAST(year AS TEXT), count(*) FROM hits GROUP BY year
UNION ALL SELECT 'event_type', event_type, count(*) FROM hits GROUP BY event_type
UNION ALL SELECT 'section', section, count(*) FROM hits GROUP BY section
UNION ALL SELECT 'platform', p.platform, count(*) FROM hits CROSS JOIN article_platforms p
  WHERE p.article_id = hits.id GROUP BY p.platform
UNION ALL {top("document", "document_id", "hits")}
UNION ALL {top("ORG", "id", "ents", "WHERE t = 'ORG'")}
UNION ALL {top("PER", "id", "ents", "WHERE t = 'PER'")}
UNION ALL {top("LOC", "id", "ents", "WHERE t = 'LOC'")}"""
    found = _sqlite_facet_rows(rows, hits, params) if sqlite else rows(sql, params)
    out: dict[str, dict[Any, int]] = {
        name: {}
        for name in ("year", "org", "person", "place", "event_type", "platform", "section", "document")
    }
    for facet, value, n in found:
        if value is None:
            continue
        facet = ENTITY_FACETS.get(facet, facet)
        if facet not in out:
            continue
        key: Any = int(value) if facet in ("org", "person", "place", "document") else value
        out[facet][key] = round(n * scale)
    for name, counts in out.items():
        items = sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))
        if name == "year":
            items = sorted(counts.items(), key=lambda kv: str(kv[0]), reverse=True)
        out[name] = dict(items[:FACET_TOP] if name != "year" else items)
    return out


def _sqlite_facet_rows(rows: Rows, hits: str, params: dict[str, Any]) -> list[tuple[str, Any, int]]:
    """SQLite: (facet, value, count) rows as `count_facets`'s statement gives them. The hits'
    article columns and their entity ids come back as JSON arrays (one pass, no sort) and are
    counted here: the seven GROUP BYs, each a temporary B-tree over up to ~7,000 link rows,
    were ~70 % of the statement. A top FACET_TOP keeps, among values tied at the cut, the
    highest ids — what SQLite's ORDER BY n DESC LIMIT over GROUP BY output keeps."""
    ents = "article_entities e INDEXED BY ix_article_entities_cover"
    sql = f"""WITH hits AS MATERIALIZED ({hits})
SELECT 'rows', json_group_array(json_array(year, event_type, section, document_id)), 0 FROM hits
UNION ALL SELECT 'platform', p.platform, count(*) FROM hits CROSS JOIN article_platforms p
  WHERE p.article_id = hits.id GROUP BY p.platform
UNION ALL SELECT 'ents', json_array(json_group_array(e.entity_id) FILTER (WHERE e.type = 'ORG'),
  json_group_array(e.entity_id) FILTER (WHERE e.type = 'PER'),
  json_group_array(e.entity_id) FILTER (WHERE e.type = 'LOC')), 0
  FROM hits CROSS JOIN {ents} WHERE e.article_id = hits.id"""
    out: list[tuple[str, Any, int]] = []
    for facet, value, n in rows(sql, params):
        if facet == "rows":
            rows = orjson.loads(value)
            if not rows:
                continue
            years, events, sections, docs = zip(*rows, strict=True)
            out += [("year", str(v), c) for v, c in Counter(years).items() if v is not None]
            out += [("event_type", v, c) for v, c in Counter(events).items() if v is not None]
            out += [("section", v, c) for v, c in Counter(sections).items() if v is not None]
            out += [("document", str(v), c) for v, c in _top(Counter(docs)) if v is not None]
        elif facet == "ents":
            for label, ids in zip(("ORG", "PER", "LOC"), orjson.loads(value), strict=True):
                out += [(label, str(v), c) for v, c in _top(Counter(ids))]
        else:
            out.append((facet, value, n))
    return out


def _top(counts: Counter) -> list[tuple[Any, int]]:
    """The FACET_TOP most frequent values; ties at the cut go to the highest values (ids)."""
    if len(counts) <= FACET_TOP:
        return list(counts.items())
    cut = sorted(counts.values(), reverse=True)[FACET_TOP - 1]
    above = [(v, c) for v, c in counts.items() if c > cut]
    tied = sorted((v for v, c in counts.items() if c == cut), reverse=True)[: FACET_TOP - len(above)]
    return above + [(v, cut) for v in tied]
