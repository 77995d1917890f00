"""Quantities: a number with a unit (500亩, 52集, 3000余场次, 1.5万人, 百余名, 8个公共服务平台).

The value is parsed from the matched number only (cn2an converts numerals inside
words too: 一体谋划 → 1体谋划), with 万/亿 folded in. Small Chinese numerals (一次,
三个层次) are prose, not statistics: a Chinese numeral counts from ten up, or with
余/多. Ordinals (第三届), rates (每集) and years (2023年) are not quantities.
Bare classifiers (个, 家, 项) take the noun that follows into the text, as staff
want to read "8个公共服务平台", not "8个".
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from importlib import resources

import cn2an

from ..model import Mention, Quantity
from .trie import trie_pattern

_CN = "零〇一二两三四五六七八九十百千万亿"
# Noun heads that may end the noun after a bare classifier (8个公共服务平台, 3家企业).
_NOUN_HEADS = tuple(
    [
        "平台",
        "团队",
        "项目",
        "企业",
        "单位",
        "基地",
        "中心",
        "学会",
        "协会",
        "公司",
        "合作社",
        "学校",
        "社区",
        "村",
        "站",
        "所",
        "队",
        "组",
        "点",
        "区",
        "园",
        "室",
        "馆",
        "校",
        "院",
        "体",
        "课题",
        "成果",
        "专利",
        "标准",
        "品种",
        "活动",
        "课程",
        "讲座",
        "服务",
        "工作站",
        "科协",
        "分会",
        "板块",
        "领域",
        "方向",
        "示范区",
        "会场",
        "论坛",
        "镇",
        "乡",
        "街道",
        "农场",
        "难题",
        "问题",
        "建议",
        "措施",
        "展区",
        "展馆",
    ]
)
_BOUNDARY = set("，。、；：！？（）()“”‘’《》「」 的和与及等在为对将把向从是了并并由以于")
MAX_NOUN = 8


@cache
def _units() -> tuple[re.Pattern[str], frozenset[str]]:
    text = resources.files("kexie.extract").joinpath("data", "units.txt").read_text("utf-8")
    units, classifiers = [], set()
    for ln in text.splitlines():
        if not ln.strip() or ln.startswith("#"):
            continue
        unit, _, kind = ln.partition("\t")
        units.append(unit.strip())
        if kind.strip() == "noun":
            classifiers.add(unit.strip())
    pattern = re.compile(
        rf"(?<![\d.第每{_CN}])(?P<pre>近|约|逾)?(?P<num>\d+(?:\.\d+)?(?:万|亿)?|[{_CN}]+)(?P<approx>余|多)?"
        rf"(?P<unit>{trie_pattern(units)})"
    )
    return pattern, frozenset(classifiers)


@lru_cache(maxsize=4096)  # pure, and the same few numbers recur (cn2an is slow)
def parse_number(num: str) -> float | None:
    """The value of a matched number (1.5万 → 15000, 百 → 100), or None when it is no number."""
    if num[0] in "百千万亿":
        num = "一" + num
    try:
        return float(cn2an.cn2an(num, "smart"))
    except (ValueError, KeyError, IndexError):
        return None


def _noun_after(text: str, pos: int) -> str:
    run = []
    for ch in text[pos : pos + MAX_NOUN]:
        if ch in _BOUNDARY or not ("\u4e00" <= ch <= "\u9fff"):
            break
        run.append(ch)
    noun = "".join(run)
    for end in range(len(noun), 0, -1):
        if noun[:end].endswith(_NOUN_HEADS):
            return noun[:end]
    return ""


def find_quantities(
    paragraphs: list[tuple[int, str]], taken: list[Mention]
) -> tuple[list[Quantity], list[Mention]]:
    """QTY mentions and the article's quantities (in text order, each text once).

    `taken`: mentions (dates) whose spans a quantity may not overlap (22日, 2023年).
    """
    pattern, classifiers = _units()
    blocked: dict[int, list[tuple[int, int]]] = {}
    for m in taken:
        blocked.setdefault(m.paragraph, []).append((m.start, m.end))
    quantities: dict[str, Quantity] = {}
    mentions: list[Mention] = []
    for pi, text in paragraphs:
        for m in pattern.finditer(text):
            num, unit = m.group("num"), m.group("unit")
            s, e = m.start(), m.end()
            if any(bs < e and s < be for bs, be in blocked.get(pi, ())):
                continue
            value = parse_number(num)
            if value is None:
                continue
            chinese = not num[0].isdigit()
            if chinese and value < 10 and not m.group("approx"):
                continue
            if unit == "年" and (
                (value >= 1900 and not m.group("approx")) or text[e : e + 1] in ("代", "度", "级")
            ):
                continue  # a year (2023年, 2022年度, 90年代), not a duration
            if unit in classifiers:
                e += len(_noun_after(text, e))
            qtext = text[s:e]
            mentions.append(Mention("QTY", qtext, pi, s, e, qtext))
            quantities.setdefault(qtext, Quantity(qtext, value, unit))
    return list(quantities.values()), mentions
