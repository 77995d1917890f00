"""PostgreSQL: writers of links take turns on the derived counts (issue 5).

The triggers of migrations 0005 and 0008 add to shared counter rows (`entity_pairs`,
`entity_counts`). Two transactions writing links at once (two uploads, an ingest beside the web
server) would lock those rows in different orders and could deadlock, one of them failing.
A statement trigger that runs before any link row is written now takes a transaction-level
advisory lock (one per schema): the second writer waits at its first link statement until the
first commits. Link rows are written at the end of a document's transaction (after entity
resolution), so the wait is short and nothing else is held across it. SQLite needs none of
this: it has one writer at a time (BEGIN IMMEDIATE).

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_PG = (
    """CREATE FUNCTION kexie_links_lock() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('kexie.article_entities:' || current_schema()));
    RETURN NULL;
END $$""",
    "CREATE TRIGGER tr_links_lock BEFORE INSERT OR DELETE ON article_entities "
    "FOR EACH STATEMENT EXECUTE FUNCTION kexie_links_lock()",
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        for statement in _PG:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.execute("DROP TRIGGER IF EXISTS tr_links_lock ON article_entities")
        op.execute("DROP FUNCTION IF EXISTS kexie_links_lock()")
