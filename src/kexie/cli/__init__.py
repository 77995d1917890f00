"""Command-line interface: ``kexie COMMAND``. See `app.py` for what commands share."""

from __future__ import annotations

import sys

from ..errors import KexieError
from .app import app, err

# Each module registers its commands on `app` when imported.
from . import demo  # noqa: F401  isort: skip
from . import parse  # noqa: F401  isort: skip
from . import eval_cmd  # noqa: F401  isort: skip
from . import serve  # noqa: F401  isort: skip
from . import ingest  # noqa: F401  isort: skip
from . import search  # noqa: F401  isort: skip
from . import entity  # noqa: F401  isort: skip
from . import report  # noqa: F401  isort: skip
from . import compose  # noqa: F401  isort: skip
from . import match  # noqa: F401  isort: skip


def main() -> None:
    """Entry point: run the app; a KexieError becomes one line on stderr, never a traceback."""
    try:
        app()
    except KexieError as e:
        err.print(f"kexie: {e}", markup=False)
        sys.exit(1)
    except KeyboardInterrupt:
        err.print("kexie: interrupted", markup=False)
        sys.exit(130)


__all__ = ["app", "main"]
