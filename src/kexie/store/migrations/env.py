"""Alembic environment: run with the connection `kexie.store.db.migrate` hands over.

Migrations ship inside the package and run programmatically when the archive opens;
there is no alembic.ini for users to keep.
"""

from __future__ import annotations

from alembic import context

from kexie.store.tables import metadata

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only for `alembic revision --autogenerate` by developers
    from sqlalchemy import create_engine

    connection = create_engine(config.get_main_option("sqlalchemy.url")).connect()

context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
