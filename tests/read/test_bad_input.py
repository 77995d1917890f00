"""Every unreadable input is an InputError with a one-line reason naming the file."""

from __future__ import annotations

import io
import os
import random
import zipfile
from pathlib import Path

import pytest
from reportlab.lib import pdfencrypt
from reportlab.pdfgen.canvas import Canvas

from bulletin_corpus import spring_issue
from kexie.config import Settings
from kexie.errors import InputError, UnsupportedFormat
from kexie.read import read_bytes, read_path
from kexie.reports.bulletin_pdf import render_pdf

SETTINGS = Settings()


def _error(data: bytes, name: str, settings: Settings = SETTINGS) -> InputError:
    with pytest.raises(InputError) as e:
        read_bytes(data, name, settings)
    msg = str(e.value)
    assert msg.startswith(f"{name}: ") and "\n" not in msg
    return e.value


def test_empty_file() -> None:
    assert "empty" in _error(b"", "empty.txt").message
    assert "empty" in _error(b" \n\r\n ", "blank.txt").message


def test_random_bytes() -> None:
    data = random.Random(7).randbytes(4096)
    assert isinstance(_error(data, "noise.bin"), UnsupportedFormat)


def test_truncated_pdf() -> None:
    data = render_pdf(spring_issue())
    assert "truncated" in _error(data[: len(data) // 2], "cut.pdf").message


def test_encrypted_pdf() -> None:
    buf = io.BytesIO()
    c = Canvas(buf, encrypt=pdfencrypt.StandardEncryption("secret", ownerPassword="owner"))
    c.drawString(72, 720, "confidential")
    c.save()
    assert "encrypted" in _error(buf.getvalue(), "locked.pdf").message


def test_scanned_pdf_without_text_layer() -> None:
    buf = io.BytesIO()
    c = Canvas(buf)
    for k in range(40):  # an "image" of lines, no text
        c.rect(72, 700 - 12 * k, 400, 6, fill=1)
    c.save()
    e = _error(buf.getvalue(), "scan.pdf")
    assert isinstance(e, UnsupportedFormat)
    assert e.message == "no text layer (scanned PDF?); OCR is not supported yet"


def test_docx_that_is_not_a_zip() -> None:
    assert ".docx" in _error("这不是Word文件".encode(), "fake.docx").message
    assert "zip" in _error(b"PK\x03\x04" + b"\x00" * 200, "broken.docx").message


def test_docx_zip_bomb() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"\x00" * (25 * 1024 * 1024))
    assert "zip bomb" in _error(buf.getvalue(), "bomb.docx").message


def test_html_page_without_article() -> None:
    page = b"<!DOCTYPE html><html><head><title>x</title></head><body><nav><a href='/'>home</a></nav></body></html>"
    assert "no article" in _error(page, "empty.html").message


def test_size_limit_before_reading(tmp_path: Path) -> None:
    small = Settings(max_bytes=100)
    assert "too large" in _error("科协".encode() * 100, "big.txt", small).message
    f = tmp_path / "big.txt"
    f.write_bytes(b"x" * 101)
    with pytest.raises(InputError, match="too large"):
        read_path(f, small)


def test_paths_that_are_not_readable_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_path(tmp_path / "missing.txt", SETTINGS)
    link = tmp_path / "dangling.txt"
    os.symlink(tmp_path / "nowhere", link)
    with pytest.raises(InputError, match="broken symbolic link"):
        read_path(link, SETTINGS)
    with pytest.raises(InputError, match="folder"):
        read_path(tmp_path, SETTINGS)
