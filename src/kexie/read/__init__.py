"""Readers: a file's bytes → `PageLines` (lines in reading order with layout hints).

One reader per format, all with the same signature ``(data, name, settings) -> PageLines``;
`sniff` picks the reader from the content. `read_path` adds what only a path has: the
size check before reading, and one-line errors for missing, unreadable or special files.
Readers for heavy formats are imported on first use, so reading text stays cheap.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from pathlib import Path

from ..config import Settings
from ..errors import InputError
from ..model import Format, PageLines
from .sniff import sniff

Reader = Callable[[bytes, str, Settings], PageLines]

# format → "module:function"; resolved lazily (pdfium, python-docx and trafilatura are slow to import)
READERS: dict[Format, str] = {
    "txt": "txt:read",
    "pdf": "pdf:read",
    "docx": "docx:read",
    "html": "html:read",
}


def reader_for(fmt: Format) -> Reader:
    module, func = READERS[fmt].split(":")
    return getattr(importlib.import_module(f"{__name__}.{module}"), func)


def _size_error(size: int, settings: Settings, name: str) -> InputError:
    mb = settings.max_bytes / 1024 / 1024
    return InputError(
        f"file too large ({size:,} bytes; the limit is {mb:g} MB, set KEXIE_MAX_BYTES or --max-bytes)",
        subject=name,
    )


def read_bytes(data: bytes, name: str, settings: Settings) -> PageLines:
    """Read a file's content; `name` is only for messages (and to refuse a false .docx/.pdf)."""
    if len(data) > settings.max_bytes:
        raise _size_error(len(data), settings, name)
    return reader_for(sniff(data, name))(data, name, settings)


def load_path(path: str | os.PathLike[str], settings: Settings) -> bytes:
    """A file's bytes, refused before reading when over the size limit or not a readable file."""
    p = Path(path)
    name = str(path)
    try:
        st = p.stat()
    except FileNotFoundError:
        reason = "broken symbolic link" if p.is_symlink() else "no such file"
        raise InputError(reason, subject=name) from None
    except OSError as e:
        raise InputError(e.strerror or "cannot be read", subject=name) from None
    if p.is_dir():
        try:
            os.listdir(p)
        except OSError:
            raise InputError("folder cannot be read (permission denied)", subject=name) from None
        raise InputError("is a folder, not a file", subject=name)
    if not p.is_file():
        raise InputError("not a regular file", subject=name)
    if st.st_size > settings.max_bytes:
        raise _size_error(st.st_size, settings, name)
    try:
        data = p.read_bytes()
    except PermissionError:
        raise InputError("permission denied", subject=name) from None
    except OSError as e:
        raise InputError(e.strerror or "cannot be read", subject=name) from None
    return data


def read_path(path: str | os.PathLike[str], settings: Settings) -> PageLines:
    """Read a file from disk (see `load_path` for what is refused before reading)."""
    return read_bytes(load_path(path, settings), str(path), settings)


__all__ = ["READERS", "load_path", "read_bytes", "read_path", "reader_for", "sniff"]
