"""Settings: where the archive lives, whose association this is, and the limits.

Read from the environment (``KEXIE_*``) with command-line values taking precedence;
one frozen object passed down, never a global looked up deep inside a stage.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from .errors import ConfigError

DEFAULT_MAX_BYTES = 100 * 1024 * 1024  # 100 MB: far above any real bulletin, below what would exhaust memory


@dataclass(frozen=True, slots=True)
class Settings:
    db_url: str = "sqlite:///kexie.db"
    # The home organization and its region: 市科协 → 北京市科协, 区政府 in an article about 西城区 → 西城区政府.
    home_org: str = "北京市科协"
    home_region: str = "北京市"
    max_bytes: int = DEFAULT_MAX_BYTES
    # Where original files are kept (content-addressed); None: next to a SQLite file, or in the database.
    store_dir: Path | None = None
    # Optional local sentence-embedding model for re-ranking matches; never downloaded.
    embedding_model: Path | None = None

    def with_overrides(self, **kw: object) -> Settings:
        return replace(self, **{k: v for k, v in kw.items() if v is not None})


def _int_env(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"must be a whole number of bytes, not {raw!r}", subject=name) from None
    if value <= 0:
        raise ConfigError(f"must be positive, not {value}", subject=name)
    return value


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Settings from the environment; defaults where a variable is unset."""
    e = os.environ if env is None else env
    s = Settings()
    model = e.get("KEXIE_EMBEDDING_MODEL")
    store_dir = e.get("KEXIE_STORE_DIR")
    return s.with_overrides(
        db_url=e.get("KEXIE_DB") or None,
        home_org=e.get("KEXIE_HOME_ORG") or None,
        home_region=e.get("KEXIE_HOME_REGION") or None,
        max_bytes=_int_env(e, "KEXIE_MAX_BYTES", s.max_bytes),
        store_dir=Path(store_dir) if store_dir else None,
        embedding_model=Path(model) if model else None,
    )
