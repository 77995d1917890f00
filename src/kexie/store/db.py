"""Opening the archive: one engine per URL, SQLite configured deliberately, migrations applied.

SQLite: WAL (readers never block the writer), busy_timeout 30 s (a second writer waits instead
of failing), foreign keys on (cascading deletes of a replaced document's articles), synchronous
NORMAL (durable at each checkpoint; with WAL a crash loses at most the last transactions, never
consistency), and every write transaction begins with BEGIN IMMEDIATE: one writer, which takes the
write lock up front so two writers never deadlock half-way through.

PostgreSQL: a `?schema=NAME` in the URL (kexie's own parameter, removed before connecting) sets
the search_path, which is how the tests give each run its own schema.
"""

from __future__ import annotations

import threading
from importlib.resources import files
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

from ..errors import StoreError

BUSY_TIMEOUT_MS = 30_000
SQLITE_MMAP_BYTES = 1 << 30
POOL_SIZE = 20  # connections kept per engine (opened only when that many are in use at once)
SQLITE_CACHE_KIB = 64 * 1024  # 64 MB page cache: the FTS index of 1M articles reads far better warm

_engines: dict[str, Engine] = {}
_lock = threading.Lock()


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (see `begin` below)
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
    cur.execute("PRAGMA temp_store=MEMORY")
    # reads map the file instead of copying pages through read(): ~35 % less CPU for a profile's
    # statements on a first visit (issue 5); address space only, the OS keeps the pages
    cur.execute(f"PRAGMA mmap_size={SQLITE_MMAP_BYTES}")
    cur.close()


def _sqlite_begin(conn: Any) -> None:
    # Read transactions may be deferred; writes use `write_begin` below.
    # an execution option of this Connection only (conn.info would stick to the pooled DBAPI connection)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("kexie_write") else "BEGIN")


def create(url: str) -> Engine:
    """A new engine for `url` (no migrations). Raises StoreError for a URL kexie cannot use."""
    try:
        u = make_url(url)
    except ArgumentError:
        raise StoreError(
            "not a database URL (e.g. sqlite:///kexie.db or postgresql://host/db)", subject=url
        ) from None
    schema = u.query.get("schema")
    if schema is not None:
        u = u.difference_update_query(["schema"])
    backend = u.get_backend_name()
    try:
        if backend == "sqlite":
            engine = create_engine(
                u,
                connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
                # kept open: the web server's request threads each hold a connection, and one closed on
                # return (SQLAlchemy's default keeps 5) is reopened cold, pragmas and page cache again
                pool_size=POOL_SIZE,
                max_overflow=POOL_SIZE,
            )
            event.listen(engine, "connect", _sqlite_pragmas)
            event.listen(engine, "begin", _sqlite_begin)
        elif backend == "postgresql":
            if u.drivername == "postgresql":
                u = u.set(drivername="postgresql+psycopg")
            args = {"options": f"-csearch_path={schema}"} if schema else {}
            engine = create_engine(
                u, connect_args=args, pool_pre_ping=True, pool_size=10, max_overflow=POOL_SIZE
            )
        else:
            raise StoreError("only sqlite:/// and postgresql:// databases are supported", subject=url)
    except NoSuchModuleError:
        raise StoreError("no driver for this database URL", subject=url) from None
    return engine


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision (the migrations ship inside the package)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(files("kexie.store") / "migrations"))
    with engine.connect().execution_options(kexie_write=True) as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
        conn.commit()


def open_engine(url: str) -> Engine:
    """The engine for `url`, created and migrated once per process."""
    with _lock:
        engine = _engines.get(url)
        if engine is None:
            engine = create(url)
            try:
                migrate(engine)
            except DBAPIError as e:
                engine.dispose()
                reason = str(e.orig).strip().splitlines()[0] if e.orig else str(e)
                raise StoreError(f"cannot open the database: {reason}", subject=_redact(url)) from None
            _engines[url] = engine
        return engine


def close_all() -> None:
    """Dispose every engine (tests, and before a process forks)."""
    with _lock:
        for engine in _engines.values():
            engine.dispose()
        _engines.clear()


def _redact(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def write_conn(engine: Engine) -> Any:
    """A connection whose next transaction is a write (SQLite: BEGIN IMMEDIATE)."""
    return engine.connect().execution_options(kexie_write=True)


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def ping(engine: Engine) -> None:
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))
