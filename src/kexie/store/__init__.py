"""The archive: documents, articles, entities and the full-text index in SQLite or PostgreSQL."""
