"""Chinese fonts for the PDFs and charts that reportlab draws.

ReportLab's standard fonts have no Chinese glyphs, and a PDF that only *names* a CJK
font (CID fonts such as STSong-Light) depends on the reader having one: pdftoppm on a
server without Chinese fonts then draws nothing or boxes. So kexie embeds a TrueType CJK
font (subset, with a ToUnicode map, so text stays searchable and copyable) found on the
machine at run time. Debian ships suitable ones: ``fonts-arphic-gbsn00lp`` (a Song face,
GB 2312 only) and ``fonts-wqy-microhei`` (a sans face covering GBK and more). CFF-based
OpenType fonts (Noto CJK, Source Han) cannot be embedded by ReportLab and are skipped.

A Song face reads like an official document but lacks the rarer characters of personal
names (镕, 堃, 喆 are not in GB 2312), so `markup` switches to the fallback face for
exactly the characters the serif face lacks: no missing-glyph boxes, whatever the text.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ..errors import ConfigError

# Where fonts live on Linux, Windows and macOS; $KEXIE_FONT_DIR is searched first.
FONT_DIRS = (
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "~/.local/share/fonts",
    "~/.fonts",
    "C:/Windows/Fonts",
    "/Library/Fonts",
    "/System/Library/Fonts",
)

# (file name, index inside a .ttc), best first. Song/FangSong faces for body text, sans faces
# as the fallback (and the only choice when no Song face is installed).
SERIF_FILES = (
    ("simfang.ttf", 0),  # 仿宋 (Windows)
    ("simsun.ttc", 0),  # 宋体 (Windows)
    ("gbsn00lp.ttf", 0),  # AR PL SungtiL GB (Debian fonts-arphic-gbsn00lp)
    ("uming.ttc", 0),  # AR PL UMing (Debian fonts-arphic-uming)
)
SANS_FILES = (
    ("wqy-microhei.ttc", 0),  # WenQuanYi Micro Hei (Debian fonts-wqy-microhei)
    ("wqy-zenhei.ttc", 0),  # WenQuanYi Zen Hei (Debian fonts-wqy-zenhei)
    ("simhei.ttf", 0),  # 黑体 (Windows)
    ("msyh.ttc", 0),  # 微软雅黑 (Windows)
    ("droidsansfallbackfull.ttf", 0),  # Debian fonts-droid-fallback
)

INSTALL_HINT = (
    "未找到可嵌入的中文 TrueType 字体：请安装 fonts-wqy-microhei 或 fonts-arphic-gbsn00lp"
    "（apt-get install fonts-wqy-microhei fonts-arphic-gbsn00lp），或将字体目录设为 KEXIE_FONT_DIR"
)

SERIF = "KexieSerif"
SANS = "KexieSans"


@dataclass(frozen=True, slots=True)
class CjkFonts:
    """Registered ReportLab font names: `serif` for body text, `sans` for headings, charts and fallback."""

    serif: str
    sans: str
    serif_path: Path
    sans_path: Path


def _search_dirs() -> list[Path]:
    dirs = []
    env = os.environ.get("KEXIE_FONT_DIR")
    if env:
        dirs.append(Path(env))
    dirs += [Path(d).expanduser() for d in FONT_DIRS]
    return [d for d in dirs if d.is_dir()]


@cache
def _index() -> dict[str, Path]:
    """Lower-cased file name → path, for every font file under the search dirs (first found wins)."""
    found: dict[str, Path] = {}
    for d in _search_dirs():
        for root, _dirs, names in os.walk(d):
            for n in names:
                if n.lower().endswith((".ttf", ".ttc")):
                    found.setdefault(n.lower(), Path(root) / n)
    return found


def _first(candidates: tuple[tuple[str, int], ...]) -> tuple[Path, int] | None:
    idx = _index()
    for name, sub in candidates:
        if name in idx:
            return idx[name], sub
    return None


@cache
def _register(name: str, path: Path, sub: int) -> str:
    """Parse and register one face (ReportLab reads the whole file: about a second per face)."""
    try:
        pdfmetrics.registerFont(TTFont(name, str(path), subfontIndex=sub))
    except Exception as e:  # a damaged or CFF-flavoured file: say which
        raise ConfigError(f"无法加载中文字体（{e}）；{INSTALL_HINT}", subject=str(path)) from None
    return name


def _faces() -> tuple[tuple[Path, int], tuple[Path, int]]:
    sans = _first(SANS_FILES)
    serif = _first(SERIF_FILES)
    if sans is None and serif is None:
        raise ConfigError(INSTALL_HINT, subject="字体")
    return (serif or sans), (sans or serif)  # type: ignore[return-value]


def cjk_fonts() -> CjkFonts:
    """Both faces, registered (once per process); ConfigError saying what to install when none is there."""
    serif, sans = _faces()
    return CjkFonts(_register(SERIF, *serif), _register(SANS, *sans), serif[0], sans[0])


def sans_font() -> str:
    """Only the sans face (charts): a Word export need not parse the Song face at all."""
    _serif, sans = _faces()
    return _register(SANS, *sans)


def has_glyph(font: str, ch: str) -> bool:
    """Whether a registered TrueType font maps `ch` to a glyph."""
    face = pdfmetrics.getFont(font).face
    return ord(ch) in face.charToGlyph


def markup(text: str, font: str, fallback: str) -> str:
    """`text` escaped for a ReportLab Paragraph, runs the `font` lacks set in `fallback`."""
    out: list[str] = []
    run: list[str] = []
    run_missing = False
    for ch in text:
        missing = not ch.isspace() and not has_glyph(font, ch)
        if run and missing != run_missing:
            out.append(_run("".join(run), fallback if run_missing else None))
            run = []
        run.append(ch)
        run_missing = missing
    if run:
        out.append(_run("".join(run), fallback if run_missing else None))
    return "".join(out)


def _run(text: str, font: str | None) -> str:
    esc = escape(text)
    return f'<font face="{font}">{esc}</font>' if font else esc


def covers(font: str, text: str) -> bool:
    """Whether `font` has a glyph for every non-space character of `text`."""
    face = pdfmetrics.getFont(font).face
    return all(ord(ch) in face.charToGlyph for ch in set(text) if not ch.isspace())
