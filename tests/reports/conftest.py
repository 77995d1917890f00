"""Fixtures of the report tests: an archive on both backends (helpers live in report_fixtures.py).

`report_settings` points at an empty archive on SQLite (a temp file) and on the PostgreSQL test
server (a schema of its own, dropped afterwards; skipped when unreachable unless
KEXIE_REQUIRE_PG=1): the same both-backends fixture as tests/store, not a second copy of it.
"""

from __future__ import annotations

import pytest
from tests.store.conftest import pg_schema_url, settings  # noqa: F401  (fixtures)

from kexie.config import Settings


@pytest.fixture
def report_settings(settings: Settings) -> Settings:  # noqa: F811  (the imported fixture)
    return settings
