"""Which reader a file needs, decided from its first bytes, never from its name.

The name is only used to refuse a file that claims a binary format its content is not
(a ``.docx`` that is not a zip), which would otherwise be read as garbage text.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePath

from ..errors import InputError, UnsupportedFormat
from ..model import Format

_HTML_MARKERS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<title", b"<article")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc/.xls
_BINARY_NAMES = {".pdf": "PDF", ".docx": "Word .docx", ".doc": "Word", ".xlsx": "Excel", ".xls": "Excel"}


def sniff(data: bytes, name: str) -> Format:
    """The format of `data`: pdf, docx, html or txt; raise InputError for what no reader takes."""
    if not data.strip():
        raise InputError("empty file", subject=name)
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return _zip_kind(data, name)
    if data.startswith(_OLE_MAGIC):
        raise UnsupportedFormat(
            "a legacy Word/Excel file (.doc/.xls); save it as .docx and try again", subject=name
        )
    low = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if any(m in low for m in _HTML_MARKERS):
        return "html"
    ext = PurePath(name).suffix.lower()
    if ext in _BINARY_NAMES:
        raise InputError(f"named {ext} but the content is not a {_BINARY_NAMES[ext]} file", subject=name)
    return "txt"


def _zip_kind(data: bytes, name: str) -> Format:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = set(z.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise InputError(
            "damaged zip archive (a .docx file is a zip; this one cannot be opened)", subject=name
        ) from None
    if "word/document.xml" in names:
        return "docx"
    raise UnsupportedFormat("a zip archive, not a Word .docx file", subject=name)
