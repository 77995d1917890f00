"""Dates: 2月22日, 二〇二三年二月二十二日, 2023年2月22日, 2月20日下午, 3月1日至3日, 日前.

Every date expression becomes a DATE mention (entity = ISO date, or None for relative
words such as 日前/近日/上周). The article's activity date is the first expression of
the first paragraph (else of the title): bulletins open with when it happened. Years
missing from the text come from the bulletin's issue; a month-day later than the
issue's own date belongs to the year before (a January issue reporting 12月28日).
"""

from __future__ import annotations

import datetime as dt
import re

import cn2an

from ..model import Article, Issue, Mention

_CN_DIGIT = "〇零一二三四五六七八九"
_CN_NUM = "[一二三四五六七八九十]{1,3}"
_YEAR = rf"(?:(?P<y>\d{{4}}|[{_CN_DIGIT}]{{4}})年)?"
_MONTH = rf"(?P<m>\d{{1,2}}|{_CN_NUM})月(?:份)?"
_DAY = rf"(?P<d>\d{{1,2}}|{_CN_NUM})[日号]"
# The end of a range (至3日, -21日, —3月3日): kept in date_text, the first day is the date.
_RANGE = rf"(?:\s?[至到\-－—–~～]{{1,2}}\s?(?:(?:\d{{1,2}}|{_CN_NUM})月)?(?:\d{{1,2}}|{_CN_NUM})[日号])?"
_TIME_OF_DAY = r"(?:上午|下午|中午|晚上|晚间|傍晚|早上|清晨|凌晨|夜间|全天|晚)?"
_RELATIVE = r"日前|近日|近期|前不久|不久前|上周|本周|近来|前些天|日内|今年以来|上月|本月|月初|月中|月底"

# A day alone (20日上午, as news items write for this month), only at a clause's start.
_DAY_ONLY = rf"(?:(?<=[，。；：（()）、讯\s])|^)(?P<dd>\d{{1,2}})[日号](?:[至到\-－—–~～]{{1,2}}\d{{1,2}}[日号])?{_TIME_OF_DAY}"

DATE_RE = re.compile(
    rf"(?<![\d.A-Za-z])(?:{_YEAR}{_MONTH}{_DAY}{_RANGE}{_TIME_OF_DAY}|(?P<rel>{_RELATIVE})|{_DAY_ONLY})"
)


def _num(s: str) -> int:
    if s.isdigit():
        return int(s)
    return int(cn2an.cn2an(s, "strict"))


def _year_digits(s: str) -> int:
    if s.isdigit():
        return int(s)
    return int("".join("0" if ch in "〇零" else str("一二三四五六七八九".index(ch) + 1) for ch in s))


def _issue_date(issue: Issue) -> dt.date | None:
    try:
        return dt.date.fromisoformat(issue.date) if issue.date else None
    except ValueError:
        return None


def _day_only(day: int, published: dt.date | None) -> str | None:
    """A day of the issue's month, or of the month before when later than the issue date."""
    if published is None:
        return None
    year, month = published.year, published.month
    if day > published.day:
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def resolve(match: re.Match[str], issue: Issue) -> str | None:
    """The ISO date an expression denotes, or None (relative word, impossible day, unknown year)."""
    if match.group("rel"):
        return None
    if match.group("dd"):
        return _day_only(int(match.group("dd")), _issue_date(issue))
    try:
        month, day = _num(match.group("m")), _num(match.group("d"))
    except (ValueError, TypeError):
        return None
    explicit = match.group("y")
    year = _year_digits(explicit) if explicit else issue.year
    if year is None:
        return None
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return None
    published = _issue_date(issue)
    if not explicit and published is not None and date > published:
        try:
            date = dt.date(year - 1, month, day)
        except ValueError:  # 29 February of a non-leap year
            return None
    return date.isoformat()


def find_dates(article: Article, issue: Issue) -> list[Mention]:
    """DATE mentions in the title and every paragraph; entity = ISO date or None."""
    out: list[Mention] = []
    for pi, text in [(-1, article.title), *enumerate(article.paragraphs)]:
        if (
            "月" not in text
            and "日" not in text
            and "号" not in text
            and not any(w in text for w in ("近", "周", "不久"))
        ):
            continue
        for m in DATE_RE.finditer(text):
            out.append(Mention("DATE", m.group(), pi, m.start(), m.end(), resolve(m, issue)))
    return out


def activity_date(mentions: list[Mention]) -> tuple[str | None, str | None]:
    """(date, date_text) of the activity: the first date of the first paragraph, else of the title."""
    for para in (0, -1):
        first = [m for m in mentions if m.paragraph == para]
        if first:
            m = min(first, key=lambda m: m.start)
            return m.entity, m.text
    return None, None
