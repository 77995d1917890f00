"""Newest-first pages without sorting the table: an index in the order search pages by.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("CREATE INDEX ix_articles_date_id ON articles (date DESC, id DESC)")
    else:
        op.execute("CREATE INDEX ix_articles_date_id ON articles (date DESC NULLS LAST, id DESC)")


def downgrade() -> None:
    op.execute("DROP INDEX ix_articles_date_id")
