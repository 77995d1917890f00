"""Plain text: decode (UTF-8 ± BOM, UTF-16, GB18030/GBK, ...) and split into lines.

Lines are kept raw (leading spaces included: an indent of full-width spaces is a
paragraph start); reflow measures and unwraps them.
"""

from __future__ import annotations

import re

from charset_normalizer import from_bytes

from ..config import Settings
from ..errors import InputError, UnsupportedFormat
from ..model import Line, PageLines

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
# Characters a bulletin is made of; the rest (control codes, private use, replacement
# characters, scattered symbols) in quantity means the bytes were not text at all.
_ODD_RE = re.compile(
    r"[^\s\x20-\x7e\u00a0-\u024f\u2000-\u206f\u2100-\u27ff\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]"
)
_MAX_ODD_RATIO = 0.02  # real text has almost none; decoded random bytes have many
_HIGH_BYTES = bytes(range(0x80, 0x100))
_GB_LEVEL1_BYTES = bytes(range(0xB0, 0xD8))
_LINE_SPLIT_RE = re.compile(r"\r\n|\r|\n|\f|\u2028|\u2029")


def decode(data: bytes, name: str) -> tuple[str, str]:
    """The text and the encoding it was found in."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return _checked(data.decode(enc, errors="replace"), enc, name)
    try:
        return _checked(data.decode("utf-8"), "utf-8", name)
    except UnicodeDecodeError:
        pass
    if _looks_gb(data) and not _decodes(data, "big5"):
        # The common case after UTF-8, settled by two strict decodes (charset-normalizer is ~10×
        # slower to say so); text that is valid Big5 as well is left to charset-normalizer.
        try:
            return _checked(data.decode("gb18030"), "gb18030", name)
        except (UnicodeDecodeError, UnsupportedFormat):
            pass
    if _looks_utf16(data):
        enc = "utf-16-le" if data[1::2].count(0) > data[0::2].count(0) else "utf-16-be"
        return _checked(data.decode(enc, errors="replace"), enc, name)
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise UnsupportedFormat("not text, PDF, Word or HTML (unrecognized binary data)", subject=name)
    enc = best.encoding.replace("_", "-")  # report codec names the usual way: utf-16-le, not utf_16_le
    if enc in ("gbk", "gb2312", "hz", "big5", "cp936"):
        enc = (
            "gb18030" if enc != "big5" else enc
        )  # GB18030 is the superset: decode with it, never lose a character
    return _checked(data.decode(enc, errors="replace"), enc, name)


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _looks_gb(data: bytes) -> bool:
    """Most double-byte characters are GB2312 level-1 hanzi (the 3,755 most used): GBK text."""
    sample = data[:65536]
    high = len(sample) - len(sample.translate(None, _HIGH_BYTES))
    # Level-1 lead bytes are 0xB0-0xD7; with the trail bytes that fall in that range too, GBK
    # text has about two thirds of its high bytes there, Big5 about a third, Latin-1 fewer.
    level1 = len(sample) - len(sample.translate(None, _GB_LEVEL1_BYTES))
    return high >= 20 and level1 >= 0.5 * high


def _looks_utf16(data: bytes) -> bool:
    sample = data[:4096]
    return len(sample) >= 4 and sample.count(0) >= len(sample) // 4


def _checked(text: str, encoding: str, name: str) -> tuple[str, str]:
    text = text.lstrip("\ufeff")
    body = text.replace("\x00", "\ufffd")
    if len(_ODD_RE.findall(body[:200_000])) > _MAX_ODD_RATIO * min(len(body), 200_000) + 1:
        raise UnsupportedFormat("not text, PDF, Word or HTML (unrecognized binary data)", subject=name)
    if not text.strip():
        raise InputError("empty file (no text)", subject=name)
    return text, encoding


def read(data: bytes, name: str, settings: Settings | None = None) -> PageLines:
    text, encoding = decode(data, name)
    if "\r" in text or "\f" in text or "\u2028" in text or "\u2029" in text:
        raw = _LINE_SPLIT_RE.split(text)
    else:
        raw = text.split("\n")  # the common case: the same split without the regex (5× faster)
    # Copy-out text has a blank line after nearly every line: they share one Line (nothing
    # downstream modifies a Line), which halves the cost of making them.
    blank = Line("")
    lines = [Line(t) if t else blank for t in raw]
    pages = text.count("\f") + 1
    return PageLines(format="txt", lines=lines, pages=pages, encoding=encoding)
