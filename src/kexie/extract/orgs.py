"""Organizations: the fullest written name, by a grammar of suffixes.

An organization's name ends with a suffix from the lexicon (学会, 合作社, 股份有限公司, 中心,
… and, with a qualifier of two characters or more, the unit words 部, 局, 站 …). Its start
is found by walking left from the suffix over name characters, up to punctuation, and
then cutting at the last word of the sentence that introduces it (召开, 联合, 以, 支持 …):
what is left is the written name. Hierarchical names stay whole (中国科学院大学); a party
body written after a named unit (…中心党支部书记) gives the unit; a company with its branch
in brackets (某某（北京公司）) and names joined by • (科创中国•…联合体) are read as one.
Generic phrases (企业科协, 各党支部, 服务中心 alone) and quoted slogans glossed in brackets
are not organizations. Linking short forms to the fullest name is resolve.py's job.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from ..config import Settings
from ..model import Article, Mention, Org
from .lexicon import is_clause_word, org_words, sections, titles, word_tag
from .lexicon import tokens_rtl as reversed_tokens
from .trie import trie_pattern

MAX_NAME = 40  # characters: longer runs are sentences, not names
_RULES = sections("org_rules.txt")
_NAME_CHAR = re.compile(r"[\u4e00-\u9fffA-Za-z0-9•·]")
# Words of the sentence that introduce an organization; the name starts after the last one.
_STOPS = tuple(_RULES["stop"])
# Words before 组织 that make it a noun (社会组织党总支), not the verb "organize".
_ORG_NOUN_HEADS = tuple(_RULES["org-noun-head"])
# Activity words (verbs to jieba) that organization names are made of: not a sentence's verb.
_NAME_VERBS = frozenset(_RULES["name-verb"])
_CONJ = frozenset("与和及")
# After a unit suffix these continue an ordinary word, not a name (部署, 所有, 院士, 站在).
_UNIT_BAD_NEXT = {
    "部": "署分门队件位落属长",
    "局": "面势部长",
    "厅": "长",
    "处": "理于在处长",
    "站": "在起上立点台位长",
    "所": "有以在谓属得长向",
    "院": "士子落内外长",
    "委": "员托屈",
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
# Words before an honour's name: what follows is a title of merit, not an organization.
_HONOR_CUES = ("获评", "评为", "命名为", "授予", "荣获", "认定为", "获得")
_HONOR_NEXT = ("名单", "称号", "荣誉", "奖", "评选", "认定")
# Name endings strong enough to split a dictionary word after them (科协|调宣部).
_STRONG_ENDS = frozenset({"科协", "学会", "协会", "大学", "学院", "公司", "集团", "中心", "医院", "政府"})
# Qualifier endings that make a 中心/厅 a venue, not an organization (会议中心, 市民中心).
_VENUE_QUALIFIER_END = (
    "会议",
    "会展",
    "市民",
    "行政",
    "展览",
    "体育",
    "购物",
    "商业",
    "文化艺术",
    "科技文化",
)
# Two-character words ending in a unit character that are not units (全部, 干部, 到处).
_UNIT_NOT_NAME = frozenset(_RULES["unit-not-name"])
# Qualifiers that make a name generic: the whole qualifier is one of these words.
_GENERIC_QUALIFIER = frozenset(_RULES["generic-qualifier"])
_GENERIC_START = tuple(_RULES["generic-start"])
_HAS_WORD = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")
_NUMERAL = re.compile(r"[0-9一二两三四五六七八九十百千]+")
# Suffixes of public bodies, always named after a place or an institution.
_PUBLIC_BODY = frozenset({"科协", "科学技术协会", "政府", "人民政府"})
# A name beginning with one of these kinds, unqualified, is generic (学会秘书处, 公司党支部).
_BARE_HEADS = ("学会", "协会", "公司", "大学", "学院", "科协", "集团", "企业", "医院", "学校")
# One-character qualifiers that are relative names (市科协, 区政府, 校团委): resolved later.
_RELATIVE = frozenset("市省区县镇乡村校院所厂局部团")
_COUNT_START = re.compile(r"^[0-9一二两三四五六七八九十百千多数几]+[家所个批座]")
# Bracket glosses right after a quoted slogan (“一中心”（…）) explain a term, not an organization.
_GLOSS = re.compile(r"”（[^（）]*）")
_INNER_BRACKET = re.compile(r"（[\u4e00-\u9fff]{1,6}）")
# Never inside a name: a date (2022年), a count (42所, 近千名), a session (第二届).
_DATE_IN_RUN = re.compile(
    r"[0-9]+[年月日号]|[0-9]+[余多]?[所个家名位项批座场]|[一二两三四五六七八九十百千几数近余多]+[所个家名位项批座]"
    r"|第[一二三四五六七八九十0-9]+[届次期批]"
)
_PLACE_BRACKET = re.compile(r"（([\u4e00-\u9fff]{2,4})）")


@dataclass(frozen=True, slots=True)
class _Res:
    suffix_re: re.Pattern[str]
    bare_re: re.Pattern[str]
    stop_re: re.Pattern[str]
    title_re: re.Pattern[str]
    suffixes: frozenset[str]
    units: frozenset[str]
    party: tuple[str, ...]
    regular: tuple[str, ...]  # non-party suffixes, longest first
    suffix_set: frozenset[str]  # every suffix, party bodies included
    suffix_lengths: tuple[int, ...]  # their lengths, longest first


@cache
def _res() -> _Res:
    w = org_words()
    regular = tuple(sorted({*w["suffix"], *w["unit"]}, key=len, reverse=True))
    return _Res(
        suffix_re=re.compile(trie_pattern([*w["suffix"], *w["unit"], *w["party"]])),
        bare_re=re.compile(trie_pattern(w["bare"])),
        stop_re=re.compile(trie_pattern(_STOPS)),
        title_re=re.compile(trie_pattern(titles().before)),
        suffixes=frozenset(w["suffix"]) | frozenset(w["party"]),
        units=frozenset(w["unit"]),
        party=tuple(sorted(w["party"], key=len, reverse=True)),
        regular=regular,
        suffix_set=frozenset({*regular, *w["party"]}),
        suffix_lengths=tuple(sorted({len(x) for x in {*regular, *w["party"]}}, reverse=True)),
    )


@cache
def _default_places() -> frozenset[str]:
    from .places import division_names, region_words

    return division_names() | region_words()


@dataclass(frozen=True, slots=True)
class OrgSpan:
    """One organization name as written: where, and the text."""

    paragraph: int
    start: int
    end: int
    text: str


def _starts_place(s: str, places: Collection[str], prefixes: tuple[str, ...]) -> bool:
    return s.startswith(prefixes) or any(s[:n] in places for n in (2, 3, 4))


def _cut(run: str, places: Collection[str]) -> int:
    """Index in `run` where the name begins.

    The run is split into dictionary words from the right; the name stops at the first
    word of the sentence: an introducing word (召开, 联合 …), or a verb, adverb, preposition
    or pronoun that is not one of the activity words names are made of (推广站, 服务中心).
    Such an activity word still ends the name when a place follows it (推进市科协).
    """
    r = _res()
    prefixes = org_words()["prefix"]
    base = 0
    for m in _DATE_IN_RUN.finditer(run):  # 2022年全市学会: a date is never part of a name
        base = m.end()
    for k, ch in enumerate(run):  # 平谷科协和社团中心: a conjunction right after a name
        if ch in _CONJ and k and _suffix_of(run[:k]):
            base = max(base, k + 1)
    run = run[base:]
    bounds = {p for p in range(2, len(run)) if run[p - 2 : p] in _STRONG_ENDS}
    right = ""  # the part of the name already read, right of the current word
    for i, w in _split_at(reversed_tokens(run), bounds):
        is_stop = r.stop_re.fullmatch(w) is not None and not _in_place(run, i, i + len(w), places)
        if w == "组织" and run[:i].endswith(_ORG_NOUN_HEADS):  # 社会组织: a noun here
            is_stop = False
            w = "组"  # read on as part of the name
        if w in _CONJ:  # 资源与环境学院 keeps its 与; 平谷科协和社团中心, 教授与某大学 do not
            left = run[:i]
            if (
                not left
                or _suffix_of(left)
                or left.endswith(_person_titles())
                or not right  # 示范站点和服务站: nothing of a name between 和 and the suffix
                or right in _RELATIVE
                or right in _GENERIC_QUALIFIER
                or left in _GENERIC_QUALIFIER
            ):
                return base + i + 1
            if any(left[:-n].endswith(_person_titles()) for n in (2, 3) if len(left) > n):
                return base + i + 1  # 研究员某某和罗浮山中学: a person before the conjunction
            if _starts_place(right, places, prefixes):
                return base + i + 1
        elif (
            is_stop
            or (
                len(w) > 1
                and w not in places  # one-character function words are stops; 都 in 昆都仑区 is not one
                and is_clause_word(w)
                and right[:1] not in _CONJ  # 呼吸与危重症医学科: the word is one half of "A与B"
                and (w not in _NAME_VERBS or _starts_place(right, places, prefixes))
            )
        ):
            return base + i + len(w)
        right = run[i:]
    return base


def _split_at(tokens: list[tuple[int, str]], bounds: set[int]) -> list[tuple[int, str]]:
    """Tokens split where an organization name ends inside one (科协|调宣部, not 科|协调)."""
    if not bounds:
        return tokens
    out: list[tuple[int, str]] = []
    for i, w in tokens:
        cuts = [p for p in bounds if i < p < i + len(w)]
        if not cuts:
            out.append((i, w))
            continue
        p = cuts[0]
        out.extend([(p, w[p - i :]), (i, w[: p - i])])
    return out


def _in_place(run: str, i: int, j: int, places: Collection[str]) -> bool:
    """True when run[i:j] lies inside a place name written there (都 in 昆都仑区, 同 in 大同市)."""
    for n in range(2, 6):
        for a in range(max(0, j - n), min(i, len(run) - n) + 1):
            if run[a : a + n] in places:
                return True
    return False


def not_a_unit(name: str) -> bool:
    """True when `name` ends in a word that only looks like a unit (进站, 全部, 报告厅)."""
    return name[-2:] in _UNIT_NOT_NAME or name[-3:] in _UNIT_NOT_NAME


def name_start(run: str, places: Collection[str] | None = None) -> int:
    """Where the organization name that `run` ends with begins (0: the whole run)."""
    suf = _suffix_of(run) or ""
    return _cut(run[: len(run) - len(suf)], _default_places() if places is None else places)


@cache
def _person_titles() -> tuple[str, ...]:
    return titles().before


def _suffix_of(name: str) -> str | None:
    """The longest organization suffix `name` ends with (a set lookup per length: hot path)."""
    r = _res()
    for n in r.suffix_lengths:
        if len(name) >= n and name[-n:] in r.suffix_set:
            return name[-n:]
    return None


def _valid(name: str, suffix: str) -> bool:
    q = name[: len(name) - len(suffix)]
    if not q or len(name) > MAX_NAME or _NUMERAL.fullmatch(q):
        return False
    if q in _GENERIC_QUALIFIER and suffix not in _res().units:  # 科技公司 is generic, 科技部 is not
        return False
    if len(q) == 1 and q not in _RELATIVE:
        return False
    if suffix == "中心" and q.endswith(_VENUE_QUALIFIER_END):
        return False
    if suffix in _res().units:
        if len(q) < 2 or not_a_unit(name) or _NUMERAL.match(q[-1]):  # 1所, 三处
            return False
        tag = word_tag(name[-2:])  # 举办, 住处: the unit character ends an ordinary word
        if tag is not None and not tag.startswith(("n", "j")):
            return False
    if q.startswith(_GENERIC_START) or _COUNT_START.match(q) or not _HAS_WORD.search(q):
        return False
    if suffix in _res().units and q.startswith(_BARE_HEADS):
        return False
    return not is_clause_word(q)


def _spans_in(pi: int, text: str, places: Collection[str]) -> list[OrgSpan]:
    r = _res()
    glosses = [(m.start(), m.end()) for m in _GLOSS.finditer(text)]
    cands: list[tuple[int, int, bool | None]] = []  # mid: name cut out of mid-sentence; None: bare
    for m in r.suffix_re.finditer(text):
        s, e, suf = m.start(), m.end(), m.group()
        nxt = text[e : e + 2]
        if suf in r.units and nxt[:1] and nxt[0] in _UNIT_BAD_NEXT.get(suf, ""):
            continue
        if nxt.startswith(_SUFFIX_BAD_NEXT.get(suf, ())):
            continue
        lo = walk_left(text, s)
        start = lo + _cut(text[lo:s], places)
        if start > 0 and text[start - 1] == "（" and e < len(text) and text[e] == "）":
            start, e = _with_bracket(text, start, e, places)
        if (pb := _PLACE_BRACKET.match(text, e)) and pb.group(1) in places:  # 中国石油大学（北京）
            e = pb.end()
        cands.append((start, e, start > 0 and _NAME_CHAR.match(text[start - 1]) is not None))
    for m in r.bare_re.finditer(text):
        if r.title_re.match(text, m.end()):  # 区委副书记: part of a person's title
            continue
        cands.append((m.start(), m.end(), None))
    out: list[OrgSpan] = []
    for s, e, mid in cands:
        if (
            any(a <= s and e <= b for a, b in glosses)
            or text[max(0, s - 3) : s].endswith(_HONOR_CUES)
            or text.startswith(_HONOR_NEXT, e)
        ):
            continue  # a glossed slogan, or an honour (获评全国…示范科协), not an organization
        name = text[s:e]
        if mid is not None:
            name, e = _strip_party(name, text, e)
            suf = _suffix_of(name) if not name.endswith("）") else "）"
            if suf is None or (suf != "）" and not _valid(name, suf)):
                continue
            q = name[: len(name) - len(suf)]
            if (mid and _weak_qualifier(q)) or (suf in _PUBLIC_BODY and not _public_qualifier(q, places)):
                continue
            # 建设服务中心 is prose; 创新服务中心 in a list of units (…、创新服务中心) is a unit
            if _activity_only(q) and "、" not in text[max(0, s - 1) : s] + text[e : e + 1]:
                continue
            e = _department(text, name, e)
            name = text[s:e]
        out.append(OrgSpan(pi, s, e, name))
    return _outermost(out)


def _public_qualifier(q: str, places: Collection[str]) -> bool:
    """科协, 政府 … belong to a place or an institution: 平谷区科协, 某某大学科协, not 深化科协."""
    if q in _RELATIVE or _starts_place(q, places, org_words()["prefix"]) or _suffix_of(q):
        return True
    tag = word_tag(q)
    return tag is not None and tag.startswith(("ns", "nz", "nt"))


def _activity_only(q: str) -> bool:
    return all(w in _NAME_VERBS or w in _GENERIC_QUALIFIER for _, w in reversed_tokens(q))


def _weak_qualifier(q: str) -> bool:
    """A name cut out of mid-sentence whose qualifier is one everyday word (深化科协) is prose.

    A relative body as qualifier (县委党校) is not such a word."""
    if _res().bare_re.fullmatch(q) or q[:1] in _RELATIVE:
        return False
    toks = reversed_tokens(q)
    if len(toks) != 1:
        return False
    tag = word_tag(q)
    return tag is not None and not tag.startswith(("ns", "nr", "nz", "nt"))


def walk_left(text: str, s: int) -> int:
    """Leftmost index of the name characters before `s`, across a short bracket (钢铁（集团）)."""
    lo = s
    while lo > 0 and s - lo < MAX_NAME:
        if _NAME_CHAR.match(text[lo - 1]):
            lo -= 1
        elif (
            text[lo - 1] == "）" and (m := _INNER_BRACKET.search(text, max(0, lo - 8), lo)) and m.end() == lo
        ):
            if m.start() == 0 or not _NAME_CHAR.match(text[m.start() - 1]):
                break
            lo = m.start()
        else:
            break
    return lo


def _with_bracket(text: str, start: int, end: int, places: Collection[str]) -> tuple[int, int]:
    """某某（北京公司）: a brand run before the bracket takes the bracketed branch with it."""
    lo = start - 1
    while lo > 0 and _NAME_CHAR.match(text[lo - 1]) and start - 1 - lo < 12:
        lo -= 1
    cut = _cut(text[lo : start - 1], places)
    if start - 1 - (lo + cut) >= 2:  # 走访|包头钢铁（集团）; a brand that is all "verbs" stays whole
        lo += cut
    brand = text[lo : start - 1]
    if 2 <= len(brand) <= 10 and _suffix_of(brand) is None and not is_clause_word(brand):
        return lo, end + 1
    return start, end


def _strip_party(name: str, text: str, e: int) -> tuple[str, int]:
    """…服务中心党支部书记 → …服务中心: a party post of a named unit speaks for the unit.

    Only before a title (书记): a party body acting on its own (某科协党支部开展…) stays."""
    if not _res().title_re.match(text, e):
        return name, e
    for p in _res().party:
        if name.endswith(p):
            unit = name[: -len(p)]
            suf = next((x for x in _res().regular if unit.endswith(x)), None)
            if suf is not None and (_valid(unit, suf) or unit == suf):
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
    spans = sorted(set(spans), key=lambda o: (o.start, -o.end))
    out: list[OrgSpan] = []
    for o in spans:
        if out and o.start >= out[-1].start and o.end <= out[-1].end:
            continue
        out.append(o)
    return out


def org_spans(article: Article, places: Collection[str] | None = None) -> list[OrgSpan]:
    """Every organization name as written in the title and paragraphs, in reading order."""
    pl = _default_places() if places is None else places
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

    pl: Collection[str] = _default_places()
    if places:
        names = {p.text for p in places if isinstance(p, Mention) and p.text != p.entity}
        names |= {p for p in places if isinstance(p, str)}
        if names - pl:
            pl = pl | names
    spans = org_spans(article, pl)
    return resolve_orgs(article, spans, list(_attribution_names(article, pl)), settings, pl)
