"""Indexes the reports read (issue 6): a unit's articles, and a year's per-month counts.

- `article_units(unit, article_id)`: the table's primary key starts with `article_id`, so finding
  a unit's articles (`kexie report unit`, `find_org`) scanned every row; this index answers it
  alone (covering: the ids come from the index, never the table).
- `articles(year, month, id)`: the statistics filter on `year`, group by `month` and join the
  link tables on `id`; with all three in one index the year's counts never read the wide rows
  (the JSON record). It supersedes `ix_articles_year` (its prefix), which is dropped.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_article_units_unit", "article_units", ["unit", "article_id"])
    op.create_index("ix_articles_year_month", "articles", ["year", "month", "id"])
    op.drop_index("ix_articles_year", table_name="articles")


def downgrade() -> None:
    op.create_index("ix_articles_year", "articles", ["year"])
    op.drop_index("ix_articles_year_month", table_name="articles")
    op.drop_index("ix_article_units_unit", table_name="article_units")
