"""The article's platform set on its entity and unit links, so a year's cross tables need no join (issue 6).

Two statistics cross the platforms with another link table: the partners of each platform
(organizations × platforms) and the cube (platform × month × unit). As joins they visit every
(platform, entity) pair of the year: 4.5M index probes and a sort at 1M articles (SQLite: 5 s of
CPU for partners alone). With the article's platforms copied onto `article_entities` and
`article_units` as one key (the platform names, sorted, joined by "|"; '' for none), each is one
ordered scan of a covering index grouped by (entity, key) or (unit, month, key): a few hundred
thousand groups, which the report splits into platforms in Python.

- `article_entities(year, type, entity_id, platforms)` replaces 0004's `(year, type, entity_id,
  article_id)`: it serves the most active entities as well (the primary key makes each row one
  article).
- `article_units(year, unit, month, platforms)` replaces 0004's `(year, unit, month, article_id)`.

An article's platforms never change once stored (a new version of a document replaces its
articles); corrections move link rows with their key. Existing rows are backfilled here.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

SEPARATOR = "|"  # platform names are the configured platform list's; none holds a "|"


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table in ("article_entities", "article_units"):
        op.add_column(table, sa.Column("platforms", sa.Text(), nullable=False, server_default=""))
    # each article's key, once, then copied onto its links (code-point order: COLLATE "C" on PostgreSQL)
    if sqlite:
        op.execute(
            "CREATE TEMP TABLE _keys AS SELECT article_id, group_concat(platform, '|') AS k FROM "
            "(SELECT article_id, platform FROM article_platforms ORDER BY article_id, platform) "
            "GROUP BY article_id"
        )
        op.execute("CREATE UNIQUE INDEX temp._keys_id ON _keys (article_id)")
    else:
        op.execute(
            "CREATE TEMP TABLE _keys AS SELECT article_id, "
            "string_agg(platform, '|' ORDER BY platform COLLATE \"C\") AS k "
            "FROM article_platforms GROUP BY article_id"
        )
        op.execute("ALTER TABLE _keys ADD PRIMARY KEY (article_id)")
    for table in ("article_entities", "article_units"):
        op.execute(
            f"UPDATE {table} SET platforms = _keys.k FROM _keys WHERE _keys.article_id = {table}.article_id"
        )
    op.execute("DROP TABLE _keys")
    op.drop_index("ix_article_entities_year", table_name="article_entities")
    op.drop_index("ix_article_units_year", table_name="article_units")
    op.create_index(
        "ix_article_entities_year", "article_entities", ["year", "type", "entity_id", "platforms"]
    )
    op.create_index("ix_article_units_year", "article_units", ["year", "unit", "month", "platforms"])


def downgrade() -> None:
    op.drop_index("ix_article_units_year", table_name="article_units")
    op.drop_index("ix_article_entities_year", table_name="article_entities")
    op.create_index("ix_article_units_year", "article_units", ["year", "unit", "month", "article_id"])
    op.create_index(
        "ix_article_entities_year", "article_entities", ["year", "type", "entity_id", "article_id"]
    )
    for table in ("article_entities", "article_units"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("platforms")
