"""Aliases inside one article: which written forms name the same organization.

A news item names an organization in full once and then shortens it: a defined
abbreviation (……（以下简称“X”）), a short form keeping the distinctive characters and
the kind (金穗合作社 for 某某金穗粮油农民专业合作社, 学会中心 for 某市学会服务中心), a brand
without its bracketed branch, or a relative form (市科协, 区政府). Rules, in order:

1. a defined abbreviation (以下简称/简称/下称) maps to the name it follows, everywhere;
2. 省/市/区/县 + 科协/政府 map to the division of that level the article names most
   often (区政府 in an article about 朝阳区 → 朝阳区政府); the home organization's own
   relative form (市科协 for 北京市科协 in 北京市) maps to it unless the article is about
   another division of that level. Other relative bodies (市委, 区青少年活动中心) stay as
   written;
3. a unit named relative to the article's own body (学会党支部, 校科协) belongs to the one
   such body the article names (某某学会党支部, 某某大学科协);
4. any other form maps to the longest name it is a short form of: the full name ends
   with it; or it keeps the full name's place, the first two characters of its
   distinctive core and its kind (suffix), in order; or it is a three-character
   abbreviation (中科院) of the full name's characters.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection

from ..config import Settings
from ..model import Article, Mention, Org
from .orgname import suffix_of
from .orgs import OrgSpan

_DEFINED = re.compile(r"[（(](?:以下简称|以下称|下称|简称)[：:]?[“\"‘]?([^”\"’）)，,：:]{1,12})[”\"’]?[）)]")
# Relative forms resolved to the division the article is about (区政府 → 朝阳区政府).
_RELATIVE_FORMS = re.compile(r"^(省|市|区|县)(人民政府|政府|科协|科学技术协会)$")
_LEVEL_CHAR = re.compile("[省市区县]")
# Heads of names written relative to the article's own body (学会党支部, 校科协, 公司科协).
_RELATIVE_HEADS = {
    "学会": ("学会",),
    "协会": ("协会",),
    "公司": ("公司",),
    "集团": ("集团",),
    "医院": ("医院",),
    "校": ("大学", "学院"),
}
_LEVEL_SUFFIX = ("特别行政区", "自治区", "省", "市", "区", "县")


def _home_short(settings: Settings) -> str | None:
    """北京市科协 in 北京市 → 市科协: the home organization named relative to its region."""
    org, region = settings.home_org, settings.home_region
    for level in _LEVEL_SUFFIX:
        if region.endswith(level):
            stem = region[: -len(level)]
            if stem and org.startswith(stem) and len(org) > len(stem) + 1:
                return org[len(stem) :]
    return None


def _stem(place: str) -> str:
    for level in _LEVEL_SUFFIX:
        if place.endswith(level) and len(place) > len(level) + 1:
            return place[: -len(level)]
    return place


def _place_prefix(name: str, places: Collection[str]) -> str:
    for n in range(min(len(name) - 1, 8), 1, -1):
        if name[:n] in places:
            return name[:n]
    return ""


def _is_subsequence(short: str, full: str) -> bool:
    it = iter(full)
    return all(ch in it for ch in short)


def is_short_form(
    short: str, full: str, places: Collection[str], suffixes: dict[str, str | None] | None = None
) -> bool:
    """True when `short` is a shortened way of writing `full` (see the module rules).

    `suffixes`: a memo of suffix_of for one article's names, which are compared pairwise."""
    if len(short) >= len(full):
        return False
    if full.endswith(short):
        return True
    abbreviation = (
        len(short) <= 3 and len(full) >= len(short) + 2 and short[0] == full[0] and short[-1] == full[-1]
    )
    if abbreviation and _is_subsequence(short, full):
        return True  # 中科院 for 中国科学院: a three-character abbreviation
    if suffixes is None:
        ss, sf = suffix_of(short), suffix_of(full)
    else:
        ss = suffixes[short] if short in suffixes else suffixes.setdefault(short, suffix_of(short))
        sf = suffixes[full] if full in suffixes else suffixes.setdefault(full, suffix_of(full))
    if ss is None or sf is None or not (sf.endswith(ss) or ss.endswith(sf)):
        return False
    if not _is_subsequence(short, full):
        return False
    ps, pf = _place_prefix(short, places), _place_prefix(full, places)
    if not ps and pf and short[0] == full[0] and len(short) >= 4:
        return True  # 浙工大机械学院: the place shortened to its first character
    cs = short[len(ps) : len(short) - len(ss)]
    cf = full[len(pf) : len(full) - len(sf)]
    if not cs:
        return not cf and bool(ps) and _stem(ps) == _stem(pf)
    if ps and _stem(ps) != _stem(pf):
        return False
    return len(cs) >= 2 and cs[:2] in cf and _is_subsequence(cs, cf)


def _relative(name: str) -> tuple[tuple[str, ...], str] | None:
    """学会党支部 → ((学会,), 党支部): a unit named relative to the article's own kind of body."""
    for head, kinds in _RELATIVE_HEADS.items():
        if name.startswith(head) and len(name) > len(head):
            return kinds, name[len(head) :]
    return None


def _owner(name: str, names: list[str]) -> str | None:
    """The full name a relative unit belongs to, when the article names exactly one such body."""
    rel = _relative(name)
    if rel is None:
        return None
    kinds, tail = rel
    for f in names:  # the article writes the full form too: 校科协党支部 = 某某大学科协党支部
        if f != name and f.endswith(tail) and f[: len(f) - len(tail)].endswith(kinds):
            return f
    owners = {f for f in names if f != name and f.endswith(kinds) and _relative(f) is None and len(f) > 3}
    return owners.pop() + tail if len(owners) == 1 else None


def _regions(article: Article, places: Collection[str]) -> dict[str, Counter[str]]:
    """Divisions the article names in full, counted per level character (省, 市, 区, 县)."""
    counts: dict[str, Counter[str]] = {c: Counter() for c in "省市区县"}
    for text in [article.title, *article.paragraphs, *article.attribution]:
        for m in _LEVEL_CHAR.finditer(text):
            i = m.end()
            for n in (3, 4, 5, 6):
                cand = text[max(0, i - n) : i]
                if len(cand) == n and cand in places:
                    counts[m.group()][cand] += 1
                    break
    return counts


def _relative_body(
    name: str, counts: dict[str, Counter[str]], home: tuple[str | None, str, str]
) -> str | None:
    """市科协 / 省科协 / 区政府 → the division of that level the article names most often.

    The home organization's own relative form (市科协 for 北京市科协) means the home
    organization unless the article is about another division of that level."""
    short, org, region = home
    m = _RELATIVE_FORMS.match(name)
    top = counts[m.group(1)].most_common(1) if m else []
    if name == short and (not top or top[0][0] == region or counts[m.group(1)][region] >= top[0][1]):
        return org
    if m and top:
        return top[0][0] + m.group(2)
    return org if name == short else None


def _defined_aliases(article: Article, spans: list[OrgSpan]) -> tuple[list[OrgSpan], dict[str, str]]:
    """Spans of a defined abbreviation's later uses, and abbreviation → the name it follows."""
    texts = [(-1, article.title), *enumerate(article.paragraphs)]
    text_of = dict(texts)
    extra: list[OrgSpan] = []
    mapping: dict[str, str] = {}
    for o in spans:
        m = _DEFINED.match(text_of[o.paragraph], o.end)
        if not m:
            continue
        alias = m.group(1)
        for pi, text in texts:
            for hit in re.finditer(re.escape(alias), text):
                if (pi, hit.start()) == (o.paragraph, o.end + m.start(1)):
                    continue  # the definition itself: not a mention of use
                if any(s.paragraph == pi and s.start < hit.end() and hit.start() < s.end for s in spans):
                    continue
                extra.append(OrgSpan(pi, hit.start(), hit.end(), alias))
        mapping[alias] = o.text
    return extra, mapping


def _brand_spans(article: Article, spans: list[OrgSpan], names: list[str]) -> list[OrgSpan]:
    """某某（北京公司）: later uses of 某某 alone."""
    extra: list[OrgSpan] = []
    for name in names:
        if not name.endswith("）") or "（" not in name:
            continue
        brand = name[: name.index("（")]
        for pi, text in [(-1, article.title), *enumerate(article.paragraphs)]:
            for hit in re.finditer(re.escape(brand), text):
                if any(s.paragraph == pi and s.start < hit.end() and hit.start() < s.end for s in spans):
                    continue
                extra.append(OrgSpan(pi, hit.start(), hit.end(), brand))
    return extra


def resolve_orgs(
    article: Article,
    spans: list[OrgSpan],
    attribution: list[str],
    settings: Settings,
    places: Collection[str],
) -> tuple[list[Org], list[Mention]]:
    """Group written forms into organizations; ORG mentions carry the fullest name."""
    defined, defined_map = _defined_aliases(article, spans)
    names = list(dict.fromkeys([o.text for o in spans] + attribution))
    brands = _brand_spans(article, spans, names)
    all_spans = sorted([*spans, *defined, *brands], key=lambda o: (o.paragraph, o.start))
    names = list(dict.fromkeys([o.text for o in all_spans if o.paragraph >= -1] + attribution))

    canon: dict[str, str] = {}
    home = (_home_short(settings), settings.home_org, settings.home_region)
    counts = _regions(article, places)
    for n in names:
        if n in defined_map:
            canon[n] = defined_map[n]
        elif n == settings.home_org:
            canon[n] = n
        elif (full := _relative_body(n, counts, home)) is not None:
            canon[n] = full
        elif (owner := _owner(n, names)) is not None:
            canon[n] = owner
    fulls = sorted({canon.get(n, n) for n in names}, key=len, reverse=True)
    suffixes: dict[str, str | None] = {}  # suffix_of per name, for this article only
    for n in sorted(names, key=len, reverse=True):
        if n in canon:
            continue
        # fulls is longest first and a short form is shorter than its full name: stop at len(n)
        target = None
        for f in fulls:
            if len(f) <= len(n):
                break
            if is_short_form(n, f, places, suffixes):
                target = f
                break
        canon[n] = canon.get(target, target) if target else n
        for brand_full in names:  # a brand alone maps to its bracketed full name
            if brand_full.endswith("）") and brand_full.startswith(n + "（"):
                canon[n] = brand_full
    orgs: dict[str, Org] = {}
    mentions: list[Mention] = []
    for o in all_spans:
        full = canon[o.text]
        org = orgs.setdefault(full, Org(full))
        if o.text != full and o.text not in org.aliases:
            org.aliases.append(o.text)
        mentions.append(Mention("ORG", o.text, o.paragraph, o.start, o.end, full))
    for n in attribution:
        full = canon[n]
        org = orgs.setdefault(full, Org(full))
        if n != full and n not in org.aliases:
            org.aliases.append(n)
    return list(orgs.values()), mentions
