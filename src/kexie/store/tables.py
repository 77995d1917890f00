"""The archive's schema (SQLAlchemy 2 Core). Changes go through Alembic (`migrations/`).

Original bytes live in the `blobs` table, keyed by sha256 (content-addressed, inside the
database): storing a file and its articles is then ONE transaction, so a crash can never leave
a document without its bytes or bytes without a document, and a backup is the database alone.
Bulletins are small (kilobytes to a few megabytes), well within what both backends store well.

Full-text index: SQLite keeps a contentless FTS5 table `article_fts` (created in the migration,
not here: SQLAlchemy does not model virtual tables); PostgreSQL keeps `articles.tsv` (tsvector,
GIN). Both hold tokens computed in Python (`fulltext.py`).
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

PLATFORM_SEPARATOR = "|"  # in a platform key; no configured platform name holds it


def platform_key(platforms: list[str] | tuple[str, ...]) -> str:
    """An article's platforms as the one key its entity and unit links carry (migration 0006)."""
    return PLATFORM_SEPARATOR.join(sorted(set(platforms)))


blobs = Table(
    "blobs",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("data", LargeBinary, nullable=False),
)

documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False),
    Column("sha256", String(64), ForeignKey("blobs.sha256"), nullable=False, unique=True),
    Column("format", String(8), nullable=False),
    Column("size", Integer, nullable=False),
    # normalized masthead (title|number|date): a new version of the same issue shares it
    Column("masthead", Text, nullable=False),
    Column("issue_title", Text),
    Column("issue_number", Text),
    Column("issue_date", String(10)),
    Column("issue_year", Integer),
    Column("ingested_at", DateTime, nullable=False),
    Column("articles", Integer, nullable=False, default=0),
    Column("replaced_by", Integer, ForeignKey("documents.id")),  # NULL: the current version
    Index("ix_documents_masthead", "masthead"),
)

articles = Table(
    "articles",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("idx", Integer, nullable=False),
    Column("title", Text, nullable=False),
    Column("section", Text),
    Column("date", String(10)),
    Column("year", Integer),
    Column("month", String(7)),  # yyyy-mm
    Column("event_type", Text),
    Column("record", Text, nullable=False),  # the contract JSON of the article (Article.to_json())
    UniqueConstraint("document_id", "idx", name="uq_articles_document_idx"),
    Index("ix_articles_date", "date"),
    Index("ix_articles_year_month", "year", "month", "id"),  # a year's counts, index only (0003)
    # what search reads per hit, without the wide row (0007; find.py names it)
    Index("ix_articles_search_cover", "id", "date", "year", "event_type", "section", "document_id"),
    Index("ix_articles_event_type", "event_type"),
    Index("ix_articles_section", "section"),
)

# PostgreSQL only (added in the migration, not declared here): articles.tsv TSVECTOR with a GIN index.

entities = Table(
    "entities",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("type", String(3), nullable=False),  # PER, ORG, LOC
    Column("name", Text, nullable=False),  # canonical name (rename changes it)
    Column(
        "key", Text, nullable=False
    ),  # resolution key: normalized name (ORG), admin code or name (LOC), name (PER)
    Column("code", Text),  # LOC: administrative code
    Column("created_at", DateTime, nullable=False),
    Index("ix_entities_type_key", "type", "key"),
    Index("ix_entities_name", "name"),
)

aliases = Table(
    "aliases",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("entity_id", Integer, ForeignKey("entities.id", ondelete="CASCADE"), nullable=False),
    Column("type", String(3), nullable=False),
    Column("text", Text, nullable=False),  # a written form seen in a bulletin
    Column("key", Text, nullable=False),  # its resolution key (resolve.py); a merge moves keys with aliases
    # pinned by a correction (split/merge): resolution must keep this form on this entity
    Column("pinned", Integer, nullable=False, default=0),
    UniqueConstraint("entity_id", "text", name="uq_aliases_entity_text"),
    Index("ix_aliases_type_text", "type", "text"),
    Index("ix_aliases_type_key", "type", "key"),
)

# Persons: the organizations they were seen with (the disambiguation context).
affiliations = Table(
    "affiliations",
    metadata,
    Column("person_id", Integer, ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True),
    Column("org_id", Integer, ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True),
    Column("count", Integer, nullable=False, default=1),
)

# One row per (article, entity): facets, profiles and co-occurrence read this narrow table.
article_entities = Table(
    "article_entities",
    metadata,
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("entity_id", Integer, ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True),
    Column("type", String(3), nullable=False),
    Column("mentions", Integer, nullable=False, default=1),
    Column("year", Integer),  # the article's, copied: a year's counts read one index (0004)
    # the article's platforms, sorted, "|"-joined ('' for none): partners per platform without a join (0006)
    Column("platforms", Text, nullable=False, server_default=""),
    Index("ix_article_entities_entity", "entity_id", "article_id"),
    Index("ix_article_entities_cover", "article_id", "type", "entity_id"),  # search's entity facets (0007)
    Index("ix_article_entities_year", "year", "type", "entity_id", "platforms"),
)

# Co-occurrence: articles naming both entities, both directions; kept by triggers (migration 0005).
entity_pairs = Table(
    "entity_pairs",
    metadata,
    Column("entity_id", Integer, primary_key=True),
    Column("partner_id", Integer, primary_key=True),
    Column("n", Integer, nullable=False),
)

mentions = Table(
    "mentions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("ord", Integer, nullable=False),  # position in the article's mention list
    Column("type", String(5), nullable=False),
    Column("text", Text, nullable=False),
    Column("paragraph", Integer, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("entity_id", Integer, ForeignKey("entities.id", ondelete="SET NULL")),
    Index("ix_mentions_article", "article_id"),
    Index("ix_mentions_entity", "entity_id"),
)

roles = Table(
    "roles",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("person_id", Integer, ForeignKey("entities.id", ondelete="CASCADE"), nullable=False),
    Column("title", Text, nullable=False),
    Column("org_id", Integer, ForeignKey("entities.id", ondelete="SET NULL")),
    Column("date", String(10)),
    Index("ix_roles_person", "person_id"),
    Index("ix_roles_article", "article_id"),
)

quantities = Table(
    "quantities",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("text", Text, nullable=False),
    Column("value", Float, nullable=False),
    Column("unit", Text, nullable=False),
    Index("ix_quantities_article", "article_id"),
)

article_platforms = Table(
    "article_platforms",
    metadata,
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("platform", String(32), primary_key=True),
    Column("year", Integer),  # the article's year and month, copied (0004)
    Column("month", String(7)),
    Index("ix_article_platforms_platform", "platform", "article_id"),
    Index("ix_article_platforms_year", "year", "platform", "month", "article_id"),
)

# Reporting units (the article's attribution line), for the dashboard's per-unit counts.
article_units = Table(
    "article_units",
    metadata,
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("unit", Text, primary_key=True),
    Column("year", Integer),  # the article's year and month, copied (0004)
    Column("month", String(7)),
    Column("platforms", Text, nullable=False, server_default=""),  # as on article_entities (0006)
    Index("ix_article_units_unit", "unit", "article_id"),  # a unit's articles (0003)
    Index("ix_article_units_year", "year", "unit", "month", "platforms"),
)

# SQLite: the FTS5 table is contentless, so deleting a row needs the tokens it was indexed with.
article_tokens = Table(
    "article_tokens",
    metadata,
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("tokens", LargeBinary, nullable=False),  # zlib(JSON [title, body, words])
)

# Every correction a user made, in order: the audit trail (the effect lives in entities/aliases).
corrections = Table(
    "corrections",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("action", String(8), nullable=False),
    Column("payload", Text, nullable=False),  # JSON
    Column("created_at", DateTime, nullable=False),
)

# Cached facet counts of the unfiltered archive, recomputed lazily after each write (generation).
facet_cache = Table(
    "facet_cache",
    metadata,
    Column("key", String(200), primary_key=True),
    Column("generation", Integer, nullable=False),
    Column("value", Text, nullable=False),  # JSON
)

# One row: bumped by every write, so caches know when they are stale.
archive_state = Table(
    "archive_state",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("generation", Integer, nullable=False, default=0),
)
