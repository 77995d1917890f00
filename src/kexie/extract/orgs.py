"""Organizations: the fullest written name, by a grammar of suffixes.

An organization's name ends with a suffix from the lexicon (学会, 合作社, 股份有限公司, 中心,
… and, with a qualifier of two characters or more, the unit words 部, 局, 站 …). Its start
is found by walking left from the suffix over name characters, up to punctuation, and
then cutting at the last word of the sentence that introduces it (召开, 联合, 以, 支持 …,
a date, a count): what is left is the written name (orgname.py holds that grammar).
Hierarchical names stay whole (中国科学院大学); a hospital keeps its clinical department
(某医院营养科); a party body written before a title (…中心党支部书记) gives the unit, one
acting on its own (某科协党支部开展…) stays; a company with its branch in brackets
(某某（北京公司）), a university with its campus (某大学（北京）) and names joined by •
(科创中国•…联合体) are read as one. Generic phrases (企业科协, 各党支部, 服务中心 alone,
省级工程技术研究中心), honours (获评…示范科协), venues (…会议中心) and quoted slogans glossed
in brackets are not organizations. Linking short forms to the fullest name is resolve.py's job.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from ..config import Settings
from ..model import Article, Mention, Org
from .lexicon import is_clause_word, jieba_words, org_words, word_tag
from .lexicon import tokens_rtl as reversed_tokens
from .orgname import (
    GENERIC_QUALIFIER,
    NAME_CHAR,
    NAME_VERBS,
    NUMERAL,
    RELATIVE,
    default_places,
    name_start_in,
    not_a_unit,
    res,
    starts_place,
    suffix_of,
    valid_name,
    walk_left,
)

# After a unit suffix these continue an ordinary word, not a name (部署, 所有, 院士, 站在).
_UNIT_BAD_NEXT = {
    "部": "署分门队件位落属长",
    "局": "面势部长",
    "厅": "长",
    "处": "理于在处长",
    "站": "在起上立点台位长",
    "所": "有以在谓属得长向",
    "院": "士子落内外长所",
    "委": "员托屈会",
    "办": "法理好公学事",
}
_SUFFIX_BAD_NEXT = {
    "中心": (
        "工作",
        "城市",
        "城区",
        "任务",
        "环节",
        "位置",
        "地位",
        "思想",
        "化",
        "区",
        "地带",
        "组成员",
        "组学习",
        "组（",
    )
}


_DEPARTMENT = re.compile(r"[\u4e00-\u9fff]{1,7}?科(?![技学普协研])")
_DEPT_STOPS = (
    "的",
    "在",
    "和",
    "与",
    "及",
    "为",
    "对",
    "向",
    "将",
    "把",
    "被",
    "从",
    "到",
    "开展",
    "组织",
    "举办",
    "专家",
)
# Kinds a common noun alone does not name (中药材合作社, 物流公司, 实验小学 are generic).
_COMMON_KINDS = frozenset(
    {"合作社", "公司", "有限公司", "集团", "协会", "研究会", "联合会", "促进会", "学校", "中学", "小学"}
)
# Words before an honour's name: what follows is a title of merit, not an organization.
_HONOR_CUES = ("获评", "评为", "命名为", "授予", "荣获", "认定为", "获得")
# Before a hall (…科技馆, …文化馆) these make it the venue of the activity, not an actor.
_LOCATIVE = ("在", "于", "到", "赴", "走进", "参观", "来到", "前往", "参观了", "走进了")
_HONOR_NEXT = ("名单", "称号", "荣誉", "奖", "评选", "认定")
# Suffixes of public bodies, always named after a place or an institution.
_PUBLIC_BODY = frozenset({"科协", "科学技术协会", "政府", "人民政府"})
# Bracket glosses right after a quoted slogan (“一中心”（…）) explain a term, not an organization.
_GLOSS = re.compile(r"”（[^（）]*）")
_PLACE_BRACKET = re.compile(r"（([\u4e00-\u9fff]{2,4})）")


@dataclass(frozen=True, slots=True)
class OrgSpan:
    """One organization name as written: where, and the text."""

    paragraph: int
    start: int
    end: int
    text: str


def _spans_in(pi: int, text: str, places: Collection[str]) -> list[OrgSpan]:
    r = res()
    title_re = r.title_re
    glosses = [(m.start(), m.end()) for m in _GLOSS.finditer(text)] if "”（" in text else ()
    cands: list[tuple[int, int, bool | None]] = []  # mid: name cut out of mid-sentence; None: bare
    units = r.units
    for m in r.suffix_re.finditer(text):
        s, e = m.span()
        suf = m.group()
        nxt = text[e : e + 2]
        if suf in units:
            if nxt[:1] and nxt[0] in _UNIT_BAD_NEXT.get(suf, ""):
                continue
            if nxt.startswith(_SUFFIX_BAD_NEXT.get(suf, ())) or _unit_word(text, s, e):
                continue  # 全部, 举办, 3所: decided by the last characters, before any walking
        elif suf in _SUFFIX_BAD_NEXT and nxt.startswith(_SUFFIX_BAD_NEXT[suf]):
            continue
        lo = walk_left(text, s)
        start = lo + name_start_in(text[lo:s], places)
        if s - start > 2 and text[s - 1] in "省市区县" and _verb_before_relative(text, s, places):
            start = s - 1  # 落实|省委: a word of the sentence before 省/市/区/县 + suffix
        if start > 0 and text[start - 1] == "（" and e < len(text) and text[e] == "）":
            start, e = _with_bracket(text, start, e, places)
        if text[e : e + 1] == "（" and (pb := _PLACE_BRACKET.match(text, e)) and pb.group(1) in places:
            # 中国石油大学（北京）
            e = pb.end()
        cands.append((start, e, start > 0 and NAME_CHAR.match(text[start - 1]) is not None))
    for m in r.bare_re.finditer(text):
        if r.title_re.match(text, m.end()):  # 区委副书记: part of a person's title
            continue
        cands.append((m.start(), m.end(), None))
    out: list[OrgSpan] = []
    for s, e, mid in cands:
        if (
            (glosses and any(a <= s and e <= b for a, b in glosses))
            or text.endswith(_HONOR_CUES, max(0, s - 3), s)
            or text.startswith(_HONOR_NEXT, e)
            or (text[e - 1 : e] == "馆" and text.endswith(_LOCATIVE, max(0, s - 3), s))
        ):
            continue  # a glossed slogan, or an honour (获评全国…示范科协), not an organization
        name = text[s:e]
        if mid is not None:
            if title_re.match(text, e):  # checked here: most names have no title after them
                name, e = _strip_party(name, text, e)
            suf = suffix_of(name) if not name.endswith("）") else "）"
            if suf is None or (suf != "）" and not valid_name(name, suf)):
                continue
            q = name[: len(name) - len(suf)]
            if ((mid or suf in _COMMON_KINDS) and _weak_qualifier(q)) or (
                suf in _PUBLIC_BODY and not _public_qualifier(q, places)
            ):
                continue
            # 建设服务中心 is prose; 创新服务中心 in a list of units (…、创新服务中心) is a unit
            if _activity_only(q) and "、" not in text[max(0, s - 1) : s] + text[e : e + 1]:
                continue
            e = _department(text, name, e)
            name = text[s:e]
        out.append(OrgSpan(pi, s, e, name))
    return _outermost(out)


def _verb_before_relative(text: str, s: int, places: Collection[str]) -> bool:
    word = text[s - 3 : s - 1]
    tag = word_tag(word)
    return tag is not None and not tag.startswith("n") and word not in places


def _unit_word(text: str, s: int, e: int) -> bool:
    """True when the unit character at text[s:e] ends an ordinary word or a count."""
    if s < 2 or not_a_unit(text[max(0, e - 3) : e]) or NUMERAL.match(text[s - 1]):
        return True
    tag = word_tag(text[e - 2 : e])
    return tag is not None and not tag.startswith(("n", "j"))


def _public_qualifier(q: str, places: Collection[str]) -> bool:
    """科协, 政府 … belong to a place or an institution: 朝阳区科协, 某某大学科协, not 深化科协."""
    if q in RELATIVE or (len(q) == 2 and q[0] in RELATIVE and q[1] not in RELATIVE and q[1] not in "委府"):
        return True  # 省老科协: a relative qualifier
    if starts_place(q, places, org_words()["prefix"]) or suffix_of(q):
        return True
    tag = word_tag(q)
    return tag is not None and tag.startswith(("ns", "nz", "nt"))


def _activity_only(q: str) -> bool:
    """Every word of `q` (read from the right, as tokens_rtl splits it) is an activity word.

    Inlined word split: called for most candidates, and usually the first word decides."""
    words = jieba_words()
    j = len(q)
    while j > 0:
        if j >= 4 and q[j - 4 : j] in words:
            n = 4
        elif j >= 3 and q[j - 3 : j] in words:
            n = 3
        elif j >= 2 and q[j - 2 : j] in words:
            n = 2
        else:
            n = 1
        w = q[j - n : j]
        if w not in NAME_VERBS and w not in GENERIC_QUALIFIER:
            return False
        j -= n
    return True


def _weak_qualifier(q: str) -> bool:
    """A name cut out of mid-sentence whose qualifier is one everyday word (深化科协) is prose.

    A relative body as qualifier (县委党校) is not such a word."""
    if res().bare_re.fullmatch(q) or q[:1] in RELATIVE:
        return False
    toks = list(reversed_tokens(q))
    if len(toks) != 1:
        return False
    tag = word_tag(q)
    return tag is not None and not tag.startswith(("ns", "nr", "nz", "nt"))


def _with_bracket(text: str, start: int, end: int, places: Collection[str]) -> tuple[int, int]:
    """某某（北京公司）: a brand run before the bracket takes the bracketed branch with it."""
    lo = start - 1
    while lo > 0 and NAME_CHAR.match(text[lo - 1]) and start - 1 - lo < 12:
        lo -= 1
    cut = name_start_in(text[lo : start - 1], places)
    if start - 1 - (lo + cut) >= 2:  # 走访|包头钢铁（集团）; a brand that is all "verbs" stays whole
        lo += cut
    brand = text[lo : start - 1]
    if 2 <= len(brand) <= 10 and suffix_of(brand) is None and not is_clause_word(brand):
        return lo, end + 1
    return start, end


def _strip_party(name: str, text: str, e: int) -> tuple[str, int]:
    """…服务中心党支部书记 → …服务中心: a party post of a named unit speaks for the unit.

    Only before a title (书记), which the caller has checked: a party body acting on its own
    (某科协党支部开展…) stays."""
    for p in res().party:
        if name.endswith(p):
            unit = name[: -len(p)]
            suf = next((x for x in res().regular if unit.endswith(x)), None)
            if suf is not None and (valid_name(unit, suf) or unit == suf):
                return unit, e - len(p)  # a bare unit (学会党支部书记) is then dropped as generic
            break
    return name, e


def _department(text: str, name: str, e: int) -> int:
    """某医院 + 营养科 / 心血管内科: a hospital's clinical department is part of the name."""
    if not name.endswith("医院"):
        return e
    m = _DEPARTMENT.match(text, e)
    if m is None or any(w in m.group() for w in _DEPT_STOPS):
        return e
    return m.end()


def _outermost(spans: list[OrgSpan]) -> list[OrgSpan]:
    """Drop spans inside a longer one (中国科学院 inside 中国科学院大学)."""
    if len(spans) < 2:  # most paragraphs: nothing to drop, and hashing OrgSpans costs
        return spans
    spans = sorted(set(spans), key=lambda o: (o.start, -o.end))
    out: list[OrgSpan] = []
    for o in spans:
        if out and o.start >= out[-1].start and o.end <= out[-1].end:
            continue
        out.append(o)
    return out


def org_spans(article: Article, places: Collection[str] | None = None) -> list[OrgSpan]:
    """Every organization name as written in the title and paragraphs, in reading order."""
    pl = default_places() if places is None else places
    out: list[OrgSpan] = []
    for pi, text in [(-1, article.title), *enumerate(article.paragraphs)]:
        out.extend(_spans_in(pi, text, pl))
    return out


def _attribution_names(article: Article, places: Collection[str]) -> Iterable[str]:
    for item in article.attribution:
        for o in _spans_in(-2, item, places):
            yield o.text


def find_orgs(
    article: Article, settings: Settings, places: Collection[str] | Sequence[Mention] | None = None
) -> tuple[list[Org], list[Mention]]:
    """Organizations (fullest name + short forms) and ORG mentions with entity = fullest name.

    `places`: division names and short forms (default: places.division_names()), or the
    article's LOC mentions, whose names are added to them. Used to tell a place at the
    start of a name from the sentence before it, and to resolve 区政府 to the district.
    """
    from .resolve import resolve_orgs

    pl: Collection[str] = default_places()
    if places and places is not pl:
        names = {p.text for p in places if isinstance(p, Mention) and p.text != p.entity}
        names |= {p for p in places if isinstance(p, str)}
        if names - pl:
            pl = pl | names
    spans = org_spans(article, pl)
    return resolve_orgs(article, spans, list(_attribution_names(article, pl)), settings, pl)
