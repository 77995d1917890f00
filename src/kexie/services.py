"""The use cases: the one place that knows the pipeline's order.

read → reflow → extract → store, and the read side (search, profiles, reports, matching).
CLI and web call these functions and nothing deeper.
"""

from __future__ import annotations

# --- parse: read → reflow → extract, one file at a time -------------------------------------

import glob as _glob  # noqa: E402
import hashlib as _hashlib  # noqa: E402
import os as _os  # noqa: E402
from collections.abc import Iterable as _Iterable  # noqa: E402
from collections.abc import Iterator as _Iterator  # noqa: E402
from pathlib import Path as _Path  # noqa: E402

from .config import Settings as _Settings  # noqa: E402
from .errors import InputError as _InputError  # noqa: E402
from .model import Bulletin as _Bulletin  # noqa: E402
from .model import PageLines as _PageLines  # noqa: E402
from .model import Source as _Source  # noqa: E402


def _bulletin(
    name: str, subject: str, data: bytes, pagelines: _PageLines, settings: _Settings, extract: bool
) -> _Bulletin:
    from .reflow import rebuild

    source = _Source(name=name, sha256=_hashlib.sha256(data).hexdigest(), format=pagelines.format)
    bulletin = rebuild(pagelines, source)
    if not bulletin.articles:
        raise _InputError("no article text found", subject=subject)
    if extract:
        from .extract import extract_bulletin

        bulletin = extract_bulletin(bulletin, settings)
    return bulletin


def parse_bytes(name: str, data: bytes, settings: _Settings, *, extract: bool = True) -> _Bulletin:
    """A file's content → its Bulletin (contract shape); InputError with a one-line reason otherwise."""
    from .read import read_bytes

    return _bulletin(name, name, data, read_bytes(data, name, settings), settings, extract)


def parse_file(path: str | _os.PathLike[str], settings: _Settings, *, extract: bool = True) -> _Bulletin:
    """A file on disk → its Bulletin; the size limit is checked before reading."""
    from .read import load_path, read_bytes

    subject = str(path)
    data = load_path(path, settings)
    pagelines = read_bytes(data, subject, settings)
    return _bulletin(_Path(path).name or subject, subject, data, pagelines, settings, extract)


_SKIP_PREFIXES = (".", "~$")  # hidden files, Office lock files


def iter_inputs(paths: _Iterable[str | _os.PathLike[str]]) -> _Iterator[_Path]:
    """Files named, found in folders (recursively, sorted) or matched by globs.

    Nothing here raises: a missing path, a dangling link or an unreadable folder is
    yielded as it is, so that parsing it reports the reason in its one line.
    """
    for raw in paths:
        p = _Path(raw)
        s = str(raw)
        if not p.exists() and not p.is_symlink() and any(c in s for c in "*?["):
            matches = sorted(_glob.glob(s, recursive=True))
            if not matches:
                yield p
            for m in matches:
                yield from iter_inputs([m]) if _Path(m).is_dir() else [_Path(m)]
            continue
        if p.is_dir() and not p.is_symlink():
            yield from _walk(p)
        else:
            yield p


def _walk(folder: _Path) -> _Iterator[_Path]:
    try:
        entries = sorted(_os.scandir(folder), key=lambda e: e.name)
    except OSError:
        yield folder  # unreadable: parse_file says why
        return
    for e in entries:
        if e.name.startswith(_SKIP_PREFIXES):
            continue
        path = _Path(e.path)
        if e.is_dir(follow_symlinks=False):
            yield from _walk(path)
        else:
            yield path


def demo(examples_dir: _Path, console: object) -> int:
    """Parse every example bulletin and print a readable summary of each; return the failures."""
    from .errors import KexieError
    from .summary import render_bulletin

    settings = _Settings()
    failed = 0
    for path in iter_inputs([examples_dir]):
        try:
            bulletin = parse_file(path, settings)
        except KexieError as e:
            console.print(f"kexie: {e}", markup=False, style="red")  # type: ignore[attr-defined]
            failed += 1
            continue
        console.print(render_bulletin(bulletin, path=str(path)))  # type: ignore[attr-defined]
    return failed


def evaluate_gold(gold_paths: _Iterable[str | _os.PathLike[str]], settings: _Settings):  # -> evaluate.Report
    """`kexie eval GOLD...`: parse each gold file's source and score the extraction (issue 3)."""
    from .evaluate import evaluate

    return evaluate([_Path(p) for p in gold_paths], settings)
