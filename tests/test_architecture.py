"""The import arrows of DESIGN.md, enforced: a layer never reaches past its neighbour.

read/reflow know nothing of extraction or storage; extract works on model objects;
store knows no use case; nothing imports web or cli (but cli, which serves web).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "kexie"

# The layers, lowest first; a layer may import only layers before it (and itself).
_ORDER = [
    "model",
    "errors",
    "config",
    "read",
    "reflow",
    "extract",
    "synth",
    "store",
    "search",
    "analysis",
    "reports",
    "services",
    "web",
    "cli",
]
_BASE = {"model", "errors", "config"}  # import nothing of the others


def _forbidden(layer: str) -> set[str]:
    """What a layer must never import: every layer above it (the base modules: all the others)."""
    if layer in _BASE:
        return set(_ORDER) - _BASE
    if layer not in _ORDER:
        return {"web", "cli"}
    later = set(_ORDER[_ORDER.index(layer) + 1 :])
    return later - ({"reports"} if layer == "synth" else set())  # synth renders with the typesetters


FORBIDDEN: dict[str, set[str]] = {layer: _forbidden(layer) for layer in _ORDER if layer != "cli"}


def _layer(path: Path) -> str:
    rel = path.relative_to(SRC)
    return rel.parts[0].removesuffix(".py")


def _imported_layers(path: Path, source: str | None = None) -> set[str]:
    """Top-level kexie modules a file imports, absolute or relative."""
    text = path.read_text(encoding="utf-8") if source is None else source
    tree = ast.parse(text, filename=str(path))
    depth_of_file = len(path.relative_to(SRC).parts) - 1  # 0 for src/kexie/x.py
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "kexie" and len(parts) > 1:
                    found.add(parts[1])
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                parts = (node.module or "").split(".")
                if parts[0] == "kexie":
                    found.update([parts[1]] if len(parts) > 1 else [a.name for a in node.names])
            else:
                up = node.level - 1  # levels above the file's own package
                if up > depth_of_file:
                    continue
                pkg = list(path.relative_to(SRC).parts[:-1])[: depth_of_file - up]
                mod = (node.module or "").split(".") if node.module else []
                full = pkg + mod
                if full:
                    found.add(full[0])
                else:
                    found.update(a.name for a in node.names)
    return found


def _files() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if "migrations" not in p.parts or p.name != "env.py")


@pytest.mark.parametrize("path", _files(), ids=lambda p: str(p.relative_to(SRC)))
def test_imports_point_one_way(path: Path) -> None:
    layer = _layer(path)
    bad = _imported_layers(path) & FORBIDDEN.get(layer, set())
    assert not bad, f"{path.relative_to(SRC)} ({layer}) imports {sorted(bad)}"


def test_the_checker_sees_relative_imports() -> None:
    """Guard the guard: relative and absolute imports are attributed to the right module."""
    fake = SRC / "read" / "probe.py"
    source = "from ..store import archive\nfrom . import txt\nimport kexie.web.app\n"
    assert _layer(fake) == "read"
    assert _imported_layers(fake, source) == {"store", "read", "web"}
