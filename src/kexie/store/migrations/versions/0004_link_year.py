"""A year (and month) on the link tables, so a year's statistics read narrow indexes (issue 6).

The statistics of one year count over `article_entities`, `article_platforms` and
`article_units`; without a year of their own, each count had to restrict 5.7M link rows (at 1M
articles) through the year's article ids, an IN list of a million ids (SQLite: minutes). With
`year` copied from the article (and `month` where the reports group by it), every aggregate is
an ordered scan of one covering index:

- `article_entities(year, type, entity_id, article_id)`: most active entities per type, and the
  organizations a platform's articles name (partners).
- `article_platforms(year, platform, month, article_id)`: activities per platform and month.
- `article_units(year, unit, month, article_id)`: activities per unit (and month).

The copies are written at ingest (`archive._store_article`) and move with the rows (entity
merge/split, `corrections`); an article's date never changes after it is stored (a new version
of a document replaces its articles). Existing rows are backfilled here, on both backends.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_TABLES = {  # link table -> copied columns
    "article_entities": ("year",),
    "article_platforms": ("year", "month"),
    "article_units": ("year", "month"),
}
_INDEXES = {
    "ix_article_entities_year": ("article_entities", ["year", "type", "entity_id", "article_id"]),
    "ix_article_platforms_year": ("article_platforms", ["year", "platform", "month", "article_id"]),
    "ix_article_units_year": ("article_units", ["year", "unit", "month", "article_id"]),
}


def upgrade() -> None:
    for table, cols in _TABLES.items():
        op.add_column(table, sa.Column("year", sa.Integer(), nullable=True))
        if "month" in cols:
            op.add_column(table, sa.Column("month", sa.String(7), nullable=True))
        sets = ", ".join(f"{c} = articles.{c}" for c in cols)
        # UPDATE ... FROM: PostgreSQL, and SQLite since 3.33
        op.execute(f"UPDATE {table} SET {sets} FROM articles WHERE articles.id = {table}.article_id")
    for name, (table, cols) in _INDEXES.items():
        op.create_index(name, table, cols)


def downgrade() -> None:
    for name, (table, _cols) in _INDEXES.items():
        op.drop_index(name, table_name=table)
    for table, cols in _TABLES.items():
        with op.batch_alter_table(table) as batch:
            for c in reversed(cols):
                batch.drop_column(c)
