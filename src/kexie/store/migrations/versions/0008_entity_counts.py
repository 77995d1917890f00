"""Articles per entity kept at write (issue 5): `entity_counts(entity_id, type, n)`.

The dashboard lists the most active organizations and people: grouped from `article_entities` at
read time that is a pass over every link row (~2 s per type at 100k articles on SQLite, where the
entity index lacks the type and every row is read from the table). Here each entity's count is a
row, and `(type, n DESC, entity_id)` answers "top 20 of a type" as the first 20 entries of an index.
The profile graph's node sizes read it too.

Kept exact by the same kind of triggers as `entity_pairs` (migration 0005): a link row inserted
adds one to its entity, a deleted one takes one away (rows falling to 0 are removed), on every
write path. Existing links are counted here, on both backends.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_SQLITE = (
    """CREATE TRIGGER tr_entity_counts_ins AFTER INSERT ON article_entities BEGIN
    INSERT INTO entity_counts (entity_id, type, n) VALUES (NEW.entity_id, NEW.type, 1)
        ON CONFLICT (entity_id) DO UPDATE SET n = n + 1;
END""",
    """CREATE TRIGGER tr_entity_counts_del AFTER DELETE ON article_entities BEGIN
    UPDATE entity_counts SET n = n - 1 WHERE entity_id = OLD.entity_id;
    DELETE FROM entity_counts WHERE entity_id = OLD.entity_id AND n <= 0;
END""",
)

# PostgreSQL: statement triggers over the transition tables (see 0005 for why not row triggers).
_PG = (
    """CREATE FUNCTION kexie_entity_counts_ins() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO entity_counts (entity_id, type, n)
        SELECT entity_id, min(type), count(*) FROM new_rows GROUP BY entity_id
        ON CONFLICT (entity_id) DO UPDATE SET n = entity_counts.n + EXCLUDED.n;
    RETURN NULL;
END $$""",
    """CREATE FUNCTION kexie_entity_counts_del() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE entity_counts c SET n = c.n - d.k
        FROM (SELECT entity_id, count(*) AS k FROM old_rows GROUP BY entity_id) d
        WHERE c.entity_id = d.entity_id;
    DELETE FROM entity_counts WHERE n <= 0 AND entity_id IN (SELECT entity_id FROM old_rows);
    RETURN NULL;
END $$""",
    "CREATE TRIGGER tr_entity_counts_ins AFTER INSERT ON article_entities "
    "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kexie_entity_counts_ins()",
    "CREATE TRIGGER tr_entity_counts_del AFTER DELETE ON article_entities "
    "REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION kexie_entity_counts_del()",
)

COUNT_ALL = (
    "INSERT INTO entity_counts (entity_id, type, n) "
    "SELECT entity_id, min(type), count(*) FROM article_entities GROUP BY entity_id"
)


def upgrade() -> None:
    op.create_table(
        "entity_counts",
        sa.Column("entity_id", sa.Integer(), primary_key=True),
        sa.Column("type", sa.String(3), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
    )
    op.execute(COUNT_ALL)
    op.execute("CREATE INDEX ix_entity_counts_top ON entity_counts (type, n DESC, entity_id)")
    for statement in _SQLITE if _is_sqlite() else _PG:
        op.execute(statement)


def downgrade() -> None:
    on = "" if _is_sqlite() else " ON article_entities"
    op.execute("DROP TRIGGER IF EXISTS tr_entity_counts_ins" + on)
    op.execute("DROP TRIGGER IF EXISTS tr_entity_counts_del" + on)
    if not _is_sqlite():
        op.execute("DROP FUNCTION IF EXISTS kexie_entity_counts_ins()")
        op.execute("DROP FUNCTION IF EXISTS kexie_entity_counts_del()")
    op.drop_table("entity_counts")


def _is_sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"
