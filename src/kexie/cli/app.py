"""The Typer app and what every command shares: consoles, settings, error reporting.

Commands live in one module per group (parse.py, ingest.py, search.py, ...), each
registering on `app`; they stay thin: parse arguments, call `kexie.services`, print.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from ..config import Settings, load_settings
from ..errors import KexieError

app = typer.Typer(
    name="kexie",
    help="kexie 科协工作动态数字工作台: read, extract, archive, search and report work bulletins.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db", help="Database URL (default: $KEXIE_DB, else sqlite:///kexie.db in the working directory)."
    ),
]


def settings(db: str | None = None, **overrides: object) -> Settings:
    """Settings from the environment with command-line values on top."""
    return load_settings().with_overrides(db_url=db, **overrides)


def fail(error: KexieError | str, code: int = 1) -> typer.Exit:
    """Print ``kexie: message`` on stderr; return the Exit to raise."""
    err.print(f"kexie: {error}", markup=False)
    return typer.Exit(code)
