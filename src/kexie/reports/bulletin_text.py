"""The few text conventions every rendering of a bulletin shares (PDF, DOCX, copied-out text)."""

from __future__ import annotations

from kexie.model import Article


def cn_date(iso: str) -> str:
    """``2023-02-22`` → ``2023年2月22日``, as mastheads print dates."""
    y, m, d = (int(x) for x in iso.split("-"))
    return f"{y}年{m}月{d}日"


def attribution_text(units: list[str]) -> str:
    """The closing parenthesis of the contributing units: ``（甲、乙）``."""
    return "（" + "、".join(units) + "）" if units else ""


def printed_paragraphs(article: Article) -> list[str]:
    """The paragraphs as printed: the attribution closes the last one."""
    paras = list(article.paragraphs)
    if paras and article.attribution:
        paras[-1] += attribution_text(article.attribution)
    return paras
