"""Fixtures of the report tests: an archive on both backends (helpers live in report_fixtures.py).

`report_settings` points at an empty archive on SQLite (a temp file) and on the PostgreSQL test
server (a schema of its own, dropped afterwards; skipped when unreachable unless
KEXIE_REQUIRE_PG=1, as in tests/store).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text

from kexie.config import Settings
from kexie.store import db

PG_HOST = "127.0.0.1:5432"


def _pg_base() -> str:
    errors = []
    for user in ("postgres", "root"):
        url = f"postgresql+psycopg://{user}@{PG_HOST}/test"
        try:
            eng = create_engine(url, connect_args={"connect_timeout": 3})
            with eng.connect() as c:
                c.execute(text("SELECT 1"))
            eng.dispose()
            return url
        except Exception as e:
            errors.append(f"{user}: {str(e).splitlines()[0]}")
    reason = f"PostgreSQL at {PG_HOST}/test unreachable ({'; '.join(errors)})"
    if os.environ.get("KEXIE_REQUIRE_PG") == "1":
        pytest.fail(reason + " and KEXIE_REQUIRE_PG=1", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(params=["sqlite", pytest.param("pg", marks=pytest.mark.pg)])
def report_settings(request, tmp_path) -> Iterator[Settings]:
    if request.param == "sqlite":
        yield Settings(db_url=f"sqlite:///{tmp_path / 'kexie.db'}")
        db.close_all()
        return
    base = _pg_base()
    schema = "kxr_" + uuid.uuid4().hex[:12]
    eng = create_engine(base)
    with eng.begin() as c:
        c.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield Settings(db_url=f"{base}?schema={schema}")
    finally:
        db.close_all()
        with eng.begin() as c:
            c.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        eng.dispose()
