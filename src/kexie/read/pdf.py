"""PDF with a text layer: lines with their position and font size, read with pdfium.

pdfium already orders a page's characters and breaks them into lines (its text stream
has CR LF between lines), so one bulk call per page gives the text; then a handful of
calls per *line* (box of its first and last character, baseline, font size, weight) give
the geometry. Per-character calls would cost ~10× more for the same information.
Lines that share a baseline are merged (a header split by a wide gap is one line).

Refused with a clear reason: a truncated file (no end marker), an encrypted one (password
required), a damaged one, and a scan without a text layer (OCR is not supported yet).
"""

from __future__ import annotations

import ctypes
import re

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..config import Settings
from ..errors import InputError, UnsupportedFormat
from ..model import Line, PageLines

_EOF_WINDOW = 2048  # the %%EOF marker sits at the very end, after the last xref
_BOLD_WEIGHT = 600
_SAME_BASELINE = 0.3  # × font size: two pdfium lines this close vertically are one printed line
_LINE_BREAK_RE = re.compile(r"\r\n|\r|\n")
_YEAR_RE = re.compile(r"D:((?:19|20)\d{2})")


def read(data: bytes, name: str, settings: Settings | None = None) -> PageLines:
    if b"%%EOF" not in data[-_EOF_WINDOW:]:
        raise InputError(
            "truncated PDF (the end-of-file marker is missing; was the copy cut short?)", subject=name
        )
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        if "password" in str(e).lower():
            raise InputError(
                "encrypted PDF (password required); save an unprotected copy and try again", subject=name
            ) from None
        raise InputError(f"damaged PDF ({e})", subject=name) from None
    try:
        return _read_doc(doc, name)
    finally:
        doc.close()


def _read_doc(doc: pdfium.PdfDocument, name: str) -> PageLines:
    n_pages = len(doc)
    if n_pages == 0:
        raise InputError("damaged PDF (no pages)", subject=name)
    lines: list[Line] = []
    width = height = 0.0
    for i in range(n_pages):
        page = doc[i]
        try:
            w, h = page.get_size()
            if i == 0:
                width, height = w, h
            tp = page.get_textpage()
            try:
                lines += _page_lines(tp, i, h)
            finally:
                tp.close()
        finally:
            page.close()
    if not any(ln.text.strip() for ln in lines):
        raise UnsupportedFormat("no text layer (scanned PDF?); OCR is not supported yet", subject=name)
    meta_year = None
    try:
        m = _YEAR_RE.match(doc.get_metadata_dict().get("CreationDate", "") or "")
        meta_year = int(m.group(1)) if m else None
    except pdfium.PdfiumError:
        pass
    return PageLines(
        format="pdf", lines=lines, page_width=width, page_height=height, pages=n_pages, meta_year=meta_year
    )


def _solid(text: str, s: int, e: int) -> int:
    """The printed character nearest the middle of text[s..e], where the line's size and weight are read.

    A space inside a line ("防灾减灾 你我同行") is often one pdfium generated from a gap: it has no
    font, and its reported size is 1.0, which would make a body line look like tiny furniture.
    """
    mid = (s + e) // 2
    for d in range(mid - s + 1):
        if not text[mid + d].isspace():
            return mid + d
        if mid - d >= s and not text[mid - d].isspace():
            return mid - d
    return mid


def _page_lines(tp: pdfium.PdfTextPage, page_no: int, page_h: float) -> list[Line]:
    n = tp.count_chars()
    if n <= 0:
        return []
    text = tp.get_text_range(0, n)
    if len(text) != n:  # characters beyond the BMP: one code point, two UTF-16 units; map per char
        text = "".join(chr(pdfium_c.FPDFText_GetUnicode(tp, i) or 32) for i in range(n))
    raw = tp.raw
    left, right, bottom, top = ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
    ox, oy = ctypes.c_double(), ctypes.c_double()
    pl, pr, pb, pt = ctypes.byref(left), ctypes.byref(right), ctypes.byref(bottom), ctypes.byref(top)
    out: list[Line] = []
    pos = 0
    for m in [*_LINE_BREAK_RE.finditer(text), None]:
        end = m.start() if m else len(text)
        seg = text[pos:end]
        s = pos + (len(seg) - len(seg.lstrip()))
        e = pos + len(seg.rstrip()) - 1
        pos = m.end() if m else len(text)
        if e < s:
            continue
        pdfium_c.FPDFText_GetCharBox(raw, s, pl, pr, pb, pt)
        x0 = left.value
        pdfium_c.FPDFText_GetCharBox(raw, e, pl, pr, pb, pt)
        x1 = right.value
        mid = _solid(text, s, e)
        size = pdfium_c.FPDFText_GetFontSize(raw, mid) or (top.value - bottom.value)
        pdfium_c.FPDFText_GetCharOrigin(raw, s, ctypes.byref(ox), ctypes.byref(oy))
        y = page_h - oy.value
        bold = pdfium_c.FPDFText_GetFontWeight(raw, mid) >= _BOLD_WEIGHT
        line_text = text[s : e + 1]
        prev = out[-1] if out else None
        if prev is not None and abs(prev.y - y) < _SAME_BASELINE * max(size, prev.size):
            gap = " " if x0 > prev.x1 + 0.2 * size else ""
            if x0 >= prev.x1 - 0.1 * size:
                prev.text += gap + line_text
                prev.x1 = max(prev.x1, x1)
                continue
        out.append(Line(line_text, page=page_no, x0=x0, x1=x1, y=y, size=round(size, 2), bold=bold))
    return out
