"""Statements run on the DBAPI cursor of a SQLAlchemy transaction: the ingest's hot path.

SQLAlchemy Core builds, compiles, binds and wraps every `execute` (~80 µs each, against ~10 µs
for the driver itself); storing one bulletin issues a few hundred small statements (articles,
entity look-ups and inserts, link rows), so that overhead was 40 % of the ingest time. The cursor
belongs to the connection of the running SQLAlchemy transaction, so these statements are part of
that transaction: atomicity per file, rollback on error and the SQLite write lock are unchanged.

SQL is written once with `?` placeholders (sqlite3's paramstyle); PostgreSQL's driver (psycopg)
gets `%s`. Values must already be what the driver stores (see `datetime_param`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection

Params = Sequence[Any]


class Cursor:
    """A driver cursor inside `conn`'s transaction, with `?` SQL accepted on both backends."""

    __slots__ = ("_cur", "_pg_sql", "sqlite")

    def __init__(self, conn: Connection) -> None:
        self.sqlite = conn.dialect.name == "sqlite"
        self._cur = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        self._pg_sql: dict[str, str] = {}

    def _sql(self, sql: str) -> str:
        if self.sqlite:
            return sql
        out = self._pg_sql.get(sql)
        if out is None:
            out = self._pg_sql[sql] = sql.replace("?", "%s")
        return out

    def rows(self, sql: str, params: Params = ()) -> list[tuple]:
        cur = self._cur
        cur.execute(self._sql(sql), params)
        return cur.fetchall()

    def value(self, sql: str, params: Params = ()) -> Any:
        """The first column of the first row, None when there is no row."""
        cur = self._cur
        cur.execute(self._sql(sql), params)
        row = cur.fetchone()
        return None if row is None else row[0]

    def run(self, sql: str, params: Params = ()) -> int:
        """Execute; the number of rows changed."""
        cur = self._cur
        cur.execute(self._sql(sql), params)
        return cur.rowcount

    def insert(self, sql: str, params: Params) -> int:
        """An INSERT into a table with an integer `id` key; the new row's id."""
        cur = self._cur
        if self.sqlite:
            cur.execute(sql, params)
            return cur.lastrowid  # type: ignore[return-value]
        cur.execute(self._sql(sql) + " RETURNING id", params)
        return cur.fetchone()[0]

    def many(self, sql: str, rows: Iterable[Params]) -> None:
        rows = list(rows)
        if rows:
            self._cur.executemany(self._sql(sql), rows)

    def datetime_param(self, value: datetime) -> Any:
        """A naive datetime as SQLAlchemy's `DateTime` column stores it on this backend."""
        # SQLAlchemy's SQLite DATETIME storage format always carries microseconds
        return value.isoformat(" ", "microseconds") if self.sqlite else value

    def close(self) -> None:
        self._cur.close()
