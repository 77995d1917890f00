"""Co-occurrence counts kept at write (issue 5): `entity_pairs(entity_id, partner_id, n)`.

An entity profile lists its partners (entities named in the same articles, with counts) and draws
the graph of its neighbourhood (the partners and the edges among them). Computed from
`article_entities` at read time this is a self-join over every article the entity appears in
(and, for the graph's edges, over every article of each of 40 partners): 20-80 ms per busy
organization at 100k articles, growing with the archive. Here the counts are kept as rows, both
directions, so a profile reads its partners as one index range and the graph's edges as
40 x 40 primary-key lookups, whatever the archive's size.

`n` is the number of articles naming both entities. Triggers on `article_entities` keep it
exact for every write path (ingest, a replaced document's articles deleted by cascade, entity
merge and split, bulk loaders): a new link row adds one to each pair it forms with the
article's other rows, a deleted one takes one away (pairs falling to 0 are removed). Link rows
are only inserted and deleted (corrections re-point an entity by delete + insert); an UPDATE of
their `mentions` does not change a pair. Existing links are counted here, on both backends.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# SQLite: row triggers, run as each row is written (the article's other rows are the ones already
# there). ON CONFLICT needs a WHERE in INSERT ... SELECT (parser ambiguity): present. Every
# statement reaches entity_pairs by its primary key (an OR of the two directions would scan it).
_SQLITE = (
    """CREATE TRIGGER tr_entity_pairs_ins AFTER INSERT ON article_entities BEGIN
    INSERT INTO entity_pairs (entity_id, partner_id, n)
        SELECT NEW.entity_id, o.entity_id, 1 FROM article_entities o
        WHERE o.article_id = NEW.article_id AND o.entity_id <> NEW.entity_id
        ON CONFLICT (entity_id, partner_id) DO UPDATE SET n = n + 1;
    INSERT INTO entity_pairs (entity_id, partner_id, n)
        SELECT o.entity_id, NEW.entity_id, 1 FROM article_entities o
        WHERE o.article_id = NEW.article_id AND o.entity_id <> NEW.entity_id
        ON CONFLICT (entity_id, partner_id) DO UPDATE SET n = n + 1;
END""",
    """CREATE TRIGGER tr_entity_pairs_del AFTER DELETE ON article_entities BEGIN
    UPDATE entity_pairs SET n = n - 1 WHERE entity_id = OLD.entity_id
        AND partner_id IN (SELECT entity_id FROM article_entities WHERE article_id = OLD.article_id);
    UPDATE entity_pairs SET n = n - 1 WHERE partner_id = OLD.entity_id
        AND entity_id IN (SELECT entity_id FROM article_entities WHERE article_id = OLD.article_id);
    DELETE FROM entity_pairs WHERE entity_id = OLD.entity_id AND n <= 0
        AND partner_id IN (SELECT entity_id FROM article_entities WHERE article_id = OLD.article_id);
    DELETE FROM entity_pairs WHERE partner_id = OLD.entity_id AND n <= 0
        AND entity_id IN (SELECT entity_id FROM article_entities WHERE article_id = OLD.article_id);
END""",
)

# PostgreSQL: row triggers of one statement run when the statement ends (a COPY's or a cascade's
# rows are all there, or all gone, by then), so these are statement triggers over the transition
# tables: the pairs with at least one new row are added, those with at least one deleted row
# taken away, each counted once.
_PG = (
    """CREATE FUNCTION kexie_entity_pairs_ins() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO entity_pairs (entity_id, partner_id, n)
        SELECT a, b, count(*) FROM (
            SELECT nr.entity_id AS a, o.entity_id AS b FROM new_rows nr
                JOIN article_entities o ON o.article_id = nr.article_id AND o.entity_id <> nr.entity_id
            UNION ALL
            SELECT o.entity_id, nr.entity_id FROM new_rows nr
                JOIN article_entities o ON o.article_id = nr.article_id AND o.entity_id <> nr.entity_id
                WHERE NOT EXISTS (SELECT 1 FROM new_rows x
                                  WHERE x.article_id = o.article_id AND x.entity_id = o.entity_id)
        ) s GROUP BY a, b
        ON CONFLICT (entity_id, partner_id) DO UPDATE SET n = entity_pairs.n + EXCLUDED.n;
    RETURN NULL;
END $$""",
    """CREATE FUNCTION kexie_entity_pairs_del() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE entity_pairs p SET n = p.n - s.c FROM (
        SELECT a, b, count(*) AS c FROM (
            SELECT od.entity_id AS a, r.entity_id AS b FROM old_rows od
                JOIN article_entities r ON r.article_id = od.article_id
            UNION ALL
            SELECT r.entity_id, od.entity_id FROM old_rows od
                JOIN article_entities r ON r.article_id = od.article_id
            UNION ALL
            SELECT x.entity_id, y.entity_id FROM old_rows x
                JOIN old_rows y ON y.article_id = x.article_id AND y.entity_id <> x.entity_id
        ) d GROUP BY a, b
    ) s WHERE p.entity_id = s.a AND p.partner_id = s.b;
    DELETE FROM entity_pairs WHERE n <= 0 AND entity_id IN (
        SELECT entity_id FROM old_rows
        UNION SELECT p.partner_id FROM entity_pairs p
            WHERE p.entity_id IN (SELECT entity_id FROM old_rows) AND p.n <= 0);
    RETURN NULL;
END $$""",
    "CREATE TRIGGER tr_entity_pairs_ins AFTER INSERT ON article_entities "
    "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kexie_entity_pairs_ins()",
    "CREATE TRIGGER tr_entity_pairs_del AFTER DELETE ON article_entities "
    "REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION kexie_entity_pairs_del()",
)

# Every pair of links in one article, counted once per article (the backfill, and `rebuild`).
COUNT_ALL = (
    "INSERT INTO entity_pairs (entity_id, partner_id, n) "
    "SELECT x.entity_id, y.entity_id, count(*) FROM article_entities x "
    "JOIN article_entities y ON y.article_id = x.article_id AND y.entity_id <> x.entity_id "
    "GROUP BY x.entity_id, y.entity_id"
)


def upgrade() -> None:
    op.create_table(
        "entity_pairs",
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("entity_id", "partner_id"),
    )
    op.execute(COUNT_ALL)
    sqlite = op.get_bind().dialect.name == "sqlite"
    for statement in _SQLITE if sqlite else _PG:
        op.execute(statement)


def downgrade() -> None:
    op.execute(
        "DROP TRIGGER IF EXISTS tr_entity_pairs_ins" + ("" if _is_sqlite() else " ON article_entities")
    )
    op.execute(
        "DROP TRIGGER IF EXISTS tr_entity_pairs_del" + ("" if _is_sqlite() else " ON article_entities")
    )
    if not _is_sqlite():
        op.execute("DROP FUNCTION IF EXISTS kexie_entity_pairs_ins()")
        op.execute("DROP FUNCTION IF EXISTS kexie_entity_pairs_del()")
    op.drop_table("entity_pairs")


def _is_sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"
