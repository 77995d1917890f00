"""The language cues of reflow and segmentation, as data: one compiled regex per rule.

Written here from the conventions of Chinese official documents and work bulletins
(GB/T 9704 layout habits: 【栏目】 section brackets, 第N期 issue numbers, closing
attribution in full-width parentheses, dates as 2023年2月22日). They match on raw or
normalized text alike (optional spaces between digits and Chinese are allowed).
"""

from __future__ import annotations

import re

_CN_NUM = "0-9一二三四五六七八九十百零〇两"

# 【学会动态】 and its cousins; the name inside, without brackets.
HEADING_RE = re.compile(r"^\s*[【〖［\[]\s*([^】〗］\]]{1,24}?)\s*[】〗］\]]\s*$")

# A line that begins a paragraph by its words: a date, a time phrase, an enumeration.
DATE_START_RE = re.compile(r"^\s*(?:\d{4}\s*年\s*)?\d{1,2}\s*月\s*\d{1,2}\s*日")
TIME_WORD_START_RE = re.compile(
    r"^\s*(?:日前|近日|近期|近来|目前|当前|今年以来|年初以来|(?:\d{4}\s*)?年以来|本周|上周|本月|上月)[，,、]"
)
ENUM_START_RE = re.compile(
    rf"^\s*(?:[一二三四五六七八九十]+、|[（(][{_CN_NUM}]+[）)]|\d+[、．.](?!\d)|[一二三四五六七八九十]是)"
)


# The three in one regex, so a line is tested with one match (no alternative opens with a space).
PARAGRAPH_START_RE = re.compile(
    r"\s*(?:"
    + "|".join(r.pattern.removeprefix(r"^\s*") for r in (DATE_START_RE, TIME_WORD_START_RE, ENUM_START_RE))
    + ")"
)


def starts_paragraph(text: str) -> bool:
    """The words of `text` open a paragraph (a date, 日前，, 一、...)."""
    return PARAGRAPH_START_RE.match(text) is not None


# The end of a sentence, possibly inside closing quotes or brackets. Tested with str methods,
# not a `$`-anchored regex: `re.search` would try every position of the line.
SENTENCE_MARKS = "。！？!?…"
CLOSERS = "”’」』\"')）"
NOT_TITLE_END = "。！？!?；;：:，,、…"  # a title never ends like this (a sentence, or a clause still running)


def ends_sentence(text: str) -> bool:
    """`text` ends a sentence: 。！？… possibly inside closing quotes or brackets."""
    t = text.rstrip().rstrip(CLOSERS)
    return bool(t) and t[-1] in SENTENCE_MARKS


def ends_open(text: str) -> bool:
    """`text` ends like no title does (sentence or clause punctuation)."""
    t = text.rstrip()
    return bool(t) and t[-1] in NOT_TITLE_END


# Sentence punctuation inside a line: a title has none of it.
SENTENCE_PUNCT_RE = re.compile(r"[。！？!?；;]")

# Masthead: the issue number as printed (2023年第5期, 第5期; not 总第120期), and a full date.
ISSUE_RE = re.compile(rf"(?<!总)((?:\d{{4}}\s*年\s*)?第\s*[{_CN_NUM}]+\s*期)")
FULL_DATE_RE = re.compile(r"((?:19|20)\d{2})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*日?")
YEAR_RE = re.compile(r"((?:19|20)\d{2})\s*年")
# A bulletin's own name ends with one of these (工作动态, 简报, 快报, ...).
BULLETIN_NAME_RE = re.compile(r"(?:动态|简报|快报|通讯|通报|信息|专报|周报|月报|要情|情况)\s*$")

# The closing attribution: the units in parentheses after the last sentence.
# The inner part may hold one level of nested parentheses: 某某超市（上海公司）.
ATTRIBUTION_RE = re.compile(
    r"(?:^|(?<=[。！？!?…”’」』]))\s*[（(]\s*(?:(?:供稿单位|供稿|来源|稿件来源|稿源|撰稿单位|信息来源|报送单位)\s*[：:]\s*)?"
    r"((?:[^（）()。！？；;：:\n]|[（(][^（）()]*[）)]){2,200}?)\s*[）)]\s*$"
)
# The same from its opening parenthesis on, for `split_attribution`: `ATTRIBUTION_RE.search`
# would try its lookbehind at every character of a paragraph; the few parentheses are enough.
_ATTRIBUTION_FROM_PAREN_RE = re.compile(ATTRIBUTION_RE.pattern.split(r"\s*", 1)[1])
_AFTER_SENTENCE = "。！？!?…”’」』"  # ATTRIBUTION_RE's lookbehind
_OPEN_PAREN_RE = re.compile("[（(]")
ATTRIBUTION_SPLIT_RE = re.compile(r"[、，,]\s*(?![^（(]*[）)])")
ATTRIBUTION_UNIT_MAX = 40  # characters; a longer "unit" is a remark, not a name

# Page furniture that text extraction leaves in the flow: "2", "- 2 -", "第 2 页", "2/8".
PAGE_NUMBER_RE = re.compile(
    r"^\s*[-—–－]?\s*(?:第\s*)?\d{1,4}\s*(?:页|/\s*\d{1,4}|／\s*\d{1,4})?\s*(?:共\s*\d+\s*页)?\s*[-—–－]?\s*$"
)
DIGITS_RE = re.compile(r"\d+")


def split_attribution(text: str) -> tuple[str, list[str]] | None:
    """(text without the closing attribution, its units), or None when there is none."""
    if text.rstrip()[-1:] not in ("）", ")"):
        return None  # cheap test first: the regex is anchored at the end, but search tries every start
    # ATTRIBUTION_RE.search, from the leftmost parenthesis that opens at the start or after a
    # sentence end (whitespace between): the same match, the same text before it.
    for paren in _OPEN_PAREN_RE.finditer(text):
        before = text[: paren.start()].rstrip()
        if before and before[-1] not in _AFTER_SENTENCE:
            continue
        m = _ATTRIBUTION_FROM_PAREN_RE.match(text, paren.start())
        if m:
            break
    else:
        return None
    units = [u.strip() for u in ATTRIBUTION_SPLIT_RE.split(m.group(1)) if u.strip()]
    if not units or any(len(u) > ATTRIBUTION_UNIT_MAX for u in units):
        return None
    return before, units
