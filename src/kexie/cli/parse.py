"""``kexie parse FILE...``: rebuild bulletins and print them as contract JSON or readably."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Annotated

import typer

from .app import app, err, out, settings

JSON_HELP = (
    "Print the contract JSON (shared/contract/bulletin.schema.json). One file: one indented "
    "document. Several files: JSON Lines, one compact document per line, in input order."
)


@app.command()
def parse(
    files: Annotated[
        list[str], typer.Argument(help="Files, folders (searched recursively) or globs.", show_default=False)
    ],
    as_json: Annotated[bool, typer.Option("--json", help=JSON_HELP)] = False,
    out_dir: Annotated[
        Path | None,
        typer.Option("--out", help="Write NAME.json for each input into this folder instead of printing it."),
    ] = None,
    explain: Annotated[
        bool, typer.Option("--explain", help="Add each article's classification reasons to the JSON.")
    ] = False,
    max_bytes: Annotated[
        int | None,
        typer.Option(
            "--max-bytes",
            min=1,
            help="Refuse files larger than this many bytes (default: $KEXIE_MAX_BYTES, else 100 MB).",
        ),
    ] = None,
    no_extract: Annotated[
        bool, typer.Option("--no-extract", help="Only rebuild the text; leave the extraction fields empty.")
    ] = False,
) -> None:
    """解析工作动态：rebuild each bulletin (masthead, sections, titles, paragraphs, attributions).

    Each file that cannot be read gets one line `kexie: FILE: reason` on stderr; the others are still parsed.

    A summary closes on stderr; the exit code is 1 when any file failed.
    """
    from .. import services
    from ..errors import KexieError
    from ..summary import render_bulletin

    cfg = settings(max_bytes=max_bytes)
    paths = list(services.iter_inputs(files))
    if not paths:
        err.print(f"kexie: {' '.join(files)}: no files found (the folders are empty)", markup=False)
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
    jsonl = as_json and len(paths) > 1
    ok = failed = articles = 0
    used: set[str] = set()
    for path in paths:
        try:
            bulletin = services.parse_file(path, cfg, extract=not no_extract)
        except KexieError as e:
            err.print(f"kexie: {e}", markup=False)
            failed += 1
            continue
        except Exception as e:  # a reader library's own bug: still one line, still the next file
            err.print(f"kexie: {path}: could not be parsed ({type(e).__name__}: {e})", markup=False)
            failed += 1
            continue
        ok += 1
        articles += len(bulletin.articles)
        doc = bulletin.to_json(explain=explain)
        if out_dir is not None:
            _write_json(out_dir, path.name, doc, used)
        elif as_json:
            text = json.dumps(doc, ensure_ascii=False, indent=None if jsonl else 1)
            sys.stdout.write(text + "\n")  # raw: Rich would wrap or restyle JSON
        else:
            out.print(render_bulletin(bulletin, path=str(path), full=len(paths) == 1), soft_wrap=False)
    err.print(
        f"kexie parse：{ok} 个文件成功，{failed} 个失败，共 {articles} 篇文章"
        + (f"（已写入 {out_dir}）" if out_dir is not None and ok else ""),
        markup=False,
    )
    if failed or not paths:
        raise typer.Exit(1)


def _write_json(folder: Path, name: str, doc: dict, used: set[str]) -> Path:
    """NAME.json, atomically (never half-written); NAME-2.json when two inputs share a name."""
    stem, k = name, 1
    while f"{stem}.json" in used:
        k += 1
        stem = f"{name}-{k}"
    used.add(f"{stem}.json")
    target = folder / f"{stem}.json"
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".kexie-", suffix=".json")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=1)
    os.replace(tmp, target)
    return target
