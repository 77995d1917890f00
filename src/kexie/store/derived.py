"""Tables derived from `article_entities` and kept by triggers: `entity_pairs` (migration 0005) and
`entity_counts` (0008). Profiles, graphs and the dashboard read them.

Every write through kexie keeps them exact. A bulk loader that sets the triggers aside while it
writes links (benchmarks/archive.py does, for speed) leaves them stale; `recount` rebuilds both
from the links in one pass each.
"""

from __future__ import annotations

from sqlalchemy import text

from . import db

RECOUNT = (
    "DELETE FROM entity_pairs",
    "INSERT INTO entity_pairs (entity_id, partner_id, n) "
    "SELECT x.entity_id, y.entity_id, count(*) FROM article_entities x "
    "JOIN article_entities y ON y.article_id = x.article_id AND y.entity_id <> x.entity_id "
    "GROUP BY x.entity_id, y.entity_id",
    "DELETE FROM entity_counts",
    "INSERT INTO entity_counts (entity_id, type, n) "
    "SELECT entity_id, min(type), count(*) FROM article_entities GROUP BY entity_id",
)


def stale(url: str) -> bool:
    """True when the links and `entity_counts` disagree on how many link rows there are."""
    with db.open_engine(url).connect() as conn:
        links = conn.execute(text("SELECT count(*) FROM article_entities")).scalar_one()
        counted = conn.execute(text("SELECT coalesce(sum(n), 0) FROM entity_counts")).scalar_one()
    return links != counted


def recount(url: str) -> None:
    """Rebuild `entity_pairs` and `entity_counts` from `article_entities` (one transaction)."""
    with db.open_engine(url).connect().execution_options(kexie_write=True) as conn, conn.begin():
        for statement in RECOUNT:
            conn.execute(text(statement))
