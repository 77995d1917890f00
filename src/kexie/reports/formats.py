"""What every export shares: the output formats, their media types, and checked user values."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ..errors import ConfigError

MEDIA_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "md": "text/markdown; charset=utf-8",
}


@dataclass(frozen=True, slots=True)
class Rendered:
    """A finished export: what to call the file, its bytes, and its media type (for downloads)."""

    filename: str
    data: bytes
    media_type: str


def check_format(fmt: str, allowed: tuple[str, ...], field: str = "--format") -> str:
    f = (fmt or "").strip().lower().lstrip(".")
    if f not in allowed:
        raise ConfigError(f"不支持的格式“{fmt}”，可选：{'、'.join(allowed)}", subject=field)
    return f


_CN_DATE = re.compile(r"^\s*(\d{4})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*日?\s*$")


def parse_date(value: str | date, field: str) -> date:
    """2023-02-22, 2023/2/22, 2023.2.22 or 2023年2月22日; ConfigError naming `field` otherwise."""
    if isinstance(value, date):
        return value
    m = _CN_DATE.match(value or "")
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            pass
    raise ConfigError(f"“{value}”不是有效日期，请写作 2023-02-22", subject=field)


def parse_year(value: str | int, field: str = "--year") -> int:
    try:
        year = int(str(value).strip())
    except ValueError:
        year = 0
    if not 1949 <= year <= 2100:
        raise ConfigError(f"“{value}”不是有效年份，请写作 2023", subject=field)
    return year


def safe_filename(text: str) -> str:
    """A file name from a title: keeps Chinese, drops what file systems or headers refuse."""
    return re.sub(r'[\\/:*?"<>|\s]+', "_", text).strip("_") or "report"
