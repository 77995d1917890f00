"""``kexie demo``: the main job on the embedded default, for `make demo`."""

from __future__ import annotations

from pathlib import Path

from .app import app, out


@app.command()
def demo() -> None:
    """Parse the example bulletins shipped under examples/ and show a readable summary."""
    from .. import services

    examples = Path(__file__).resolve().parents[3] / "examples"
    out.print(f"kexie demo: {examples}")
    services.demo(examples, out)
