"""Word (.docx): paragraphs in document order with their style, alignment, boldness, size.

A .docx is a zip; before python-docx opens it, the archive is checked so a zip bomb (a
small file that inflates to gigabytes) or a damaged archive is refused with a reason.
Tables (mastheads are often laid out in one) give one line per row.
"""

from __future__ import annotations

import io
import zipfile

from ..config import Settings
from ..errors import InputError
from ..model import Line, PageLines

MAX_UNCOMPRESSED = 200 * 1024 * 1024  # bytes: no bulletin's XML comes near this
MAX_RATIO = 100  # inflated ÷ compressed: Word XML compresses ~10×; far beyond that is a bomb ...
RATIO_FLOOR = 20 * 1024 * 1024  # ... once it inflates to more than this
MAX_ENTRIES = 10_000


def check_zip(data: bytes, name: str) -> None:
    """Refuse a damaged archive or a zip bomb before anything inflates it."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise InputError("damaged Word file (not a valid zip archive)", subject=name) from None
    if len(infos) > MAX_ENTRIES:
        raise InputError(f"refused: the archive holds {len(infos):,} files (zip bomb?)", subject=name)
    total = sum(i.file_size for i in infos)
    packed = max(1, sum(i.compress_size for i in infos))
    if total > MAX_UNCOMPRESSED or (total > RATIO_FLOOR and total / packed > MAX_RATIO):
        raise InputError(
            f"refused: {len(data):,} bytes would inflate to {total:,} (zip bomb?)",
            subject=name,
        )


def read(data: bytes, name: str, settings: Settings | None = None) -> PageLines:
    check_zip(data, name)
    import docx  # python-docx; imported late, it is slow to load
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as e:  # python-docx raises KeyError, ValueError, lxml errors... for damaged parts
        raise InputError(f"damaged Word file ({type(e).__name__}: {e})", subject=name) from None

    lines: list[Line] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            line = _paragraph_line(block, WD_ALIGN_PARAGRAPH.CENTER)
            if line is not None:
                lines.append(line)
        elif isinstance(block, Table):
            for row in block.rows:
                cells = []
                for cell in row.cells:
                    t = " ".join(p.text.strip() for p in cell.paragraphs if p.text.strip())
                    if t and t not in cells:  # merged cells repeat
                        cells.append(t)
                if cells:
                    lines.append(Line(" ".join(cells)))
    meta_year = None
    try:
        created = document.core_properties.created
        meta_year = created.year if created else None
    except (ValueError, TypeError):
        pass
    return PageLines(format="docx", lines=lines, meta_year=meta_year)


def _style_chain_attr(style: object, attr: str) -> object:
    while style is not None:
        value = getattr(style.font, attr, None)  # type: ignore[attr-defined]
        if value is not None:
            return value
        style = getattr(style, "base_style", None)
    return None


def _paragraph_line(p: object, center: object) -> Line | None:
    text = p.text.replace("\t", " ").replace("\u200b", "")  # type: ignore[attr-defined]
    if not text.strip():
        return None
    style = p.style  # type: ignore[attr-defined]
    style_name = (style.name or "") if style is not None else ""
    runs = [r for r in p.runs if r.text.strip()]  # type: ignore[attr-defined]
    style_bold = bool(_style_chain_attr(style, "bold"))
    bold = bool(runs) and all(r.bold if r.bold is not None else style_bold for r in runs)
    sizes = [r.font.size.pt for r in runs if r.font.size is not None]
    if not sizes:
        s = _style_chain_attr(style, "size")
        sizes = [s.pt] if s is not None else []  # type: ignore[attr-defined]
    align = (
        p.alignment
        if p.alignment is not None
        else (style.paragraph_format.alignment if style is not None else None)
    )  # type: ignore[attr-defined]
    kind = None
    low = style_name.lower()
    if low.startswith(("heading", "title", "标题")):
        kind = "title"
    elif low.startswith("subtitle"):
        kind = None
    return Line(
        text,
        size=max(sizes) if sizes else 0.0,
        bold=bold,
        centered=align == center,
        kind=kind,
    )
