"""Narrow copies of what search reads per hit (issue 4), so counting and faceting hits never reads a wide row.

- `articles(id, date, year, event_type, section, document_id)`: search joins every hit it counts
  or facets to `articles` for the filters and the facet columns. The table's rows are wide (the
  record JSON), so each lookup by id reads a page of its own; this index answers the same lookup
  from a few bytes per article (SQLite: ~6x faster over 4,000 hits).
- `article_entities(article_id, type, entity_id)`: the entity facets group a hit's links by type;
  the primary key (article_id, entity_id) lacks the type, so each link row was read from the table.

`store/find.py` names both (SQLite INDEXED BY), so the planner never prefers the table.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_articles_search_cover", "articles", ["id", "date", "year", "event_type", "section", "document_id"]
    )
    op.create_index("ix_article_entities_cover", "article_entities", ["article_id", "type", "entity_id"])


def downgrade() -> None:
    op.drop_index("ix_article_entities_cover", table_name="article_entities")
    op.drop_index("ix_articles_search_cover", table_name="articles")
